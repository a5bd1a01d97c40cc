"""The English the libraries at the edge write, marked for the catalogue so that a Swedish
reader gets it in Swedish (`web.messages.say`). `{name}` stands for what the library fills
in. `tests/unit/test_translations.py` checks they are still the libraries' words."""

from domain.messages import N_

# marshmallow's fields, schemas and validators, and webargs, as the API's schemas use them.
LIBRARY_MESSAGES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid naive datetime."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Invalid type."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Invalid JSON body."),
    N_("String does not match expected pattern."),
    N_("Longer than maximum length {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be one of: {choices}."),
    # werkzeug's descriptions of the HTTP errors
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("The server could not verify that you are authorized to access the URL requested. You "
       "either supplied the wrong credentials (e.g. a bad password), or your browser doesn't "
       "understand how to supply the credentials required."),
    N_("You don't have the permission to access the requested resource. It is either "
       "read-protected or not readable by the server."),
    N_("The requested URL was not found on the server. If you entered the URL manually please "
       "check your spelling and try again."),
    N_("The method is not allowed for the requested URL."),
    N_("The resource identified by the request is only capable of generating response entities "
       "which have content characteristics not acceptable according to the accept headers sent "
       "in the request."),
    N_("A conflict happened while processing the request. The resource might have been "
       "modified while the request was being processed."),
    N_("The precondition on the request for the URL failed positive evaluation."),
    N_("The data value transmitted exceeds the capacity limit."),
    N_("The server does not support the media type transmitted in the request."),
    N_("The request was well-formed but was unable to be followed due to semantic errors."),
    N_("This user has exceeded an allotted request count. Try again later."),
    N_("The server encountered an internal error and was unable to complete your request. "
       "Either the server is overloaded or there is an error in the application."),
    N_("The server is temporarily unable to service your request due to maintenance downtime "
       "or capacity problems. Please try again later."),
)

"""Every failure becomes JSON with a human-readable `message` and, per field, `errors`; on the
pages, an error page. Both in the request's language (`web.messages.say`)."""

from collections.abc import Sequence
from typing import Any

from flask import Flask, current_app, jsonify, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    TooManyRequests,
)
from werkzeug.http import HTTP_STATUS_CODES

from domain.errors import (
    DependencyCycleError,
    DomainError,
    InvalidDocumentError,
    StoreUnavailableError,
)
from service.maps import MapRenderError
from service.store_errors import STORE_ERRORS, store_failure
from web.error_status import status_of
from web.messages import flatten, say, say_all
from web.pages.extensions import is_page_request


def register_errorhandlers(app: Flask) -> None:
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(MapRenderError, map_render_error)
    for store_error in STORE_ERRORS:  # raised past the service by the library's own readers
        app.register_error_handler(store_error, unexpected_store_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(RecursionError, too_deeply_nested)
    app.register_error_handler(Exception, unexpected_error)


def error_page(status: int, message: str, headers: Sequence[tuple[str, str]] = ()) -> Any:
    page = render_template("pages/error.html", status=status, message=say(message))
    return page, status, headers


def domain_error(error: DomainError) -> Any:
    status = status_of(error)
    if isinstance(error, StoreUnavailableError):  # someone must look at the store: say why
        current_app.logger.error("%s", error.message, exc_info=error)
    if is_page_request():  # pages get HTML error pages, programs JSON
        return error_page(status, error.message)
    message = say(error.message)
    body: dict[str, Any] = {"code": status, "status": HTTP_STATUS_CODES[status],
                            "message": message}
    if isinstance(error, InvalidDocumentError):  # every row's problem, each by its path
        body["errors"] = say_all(error.errors)
    elif error.field:
        body["errors"] = {error.field: [message]}
    if isinstance(error, DependencyCycleError):
        body["cycle"] = error.cycle
    return jsonify(body), status


def map_render_error(error: MapRenderError) -> Any:
    current_app.logger.error("map rendering failed: %s", error)
    if is_page_request():
        return error_page(503, _("The map could not be drawn just now. Try again later, or show "
                                 "fewer milestones with the filters."))
    return jsonify(code=503, status=HTTP_STATUS_CODES[503],
                   message=_("the map could not be drawn: %(error)s", error=str(error))), 503


def unexpected_store_error(error: Exception) -> Any:
    failure = store_failure(error, "read")
    failure.__cause__ = error
    return domain_error(failure)


def http_error(error: HTTPException) -> Any:
    if isinstance(error, RequestEntityTooLarge):
        error = too_large()
    # What the exception says besides its HTML body, e.g. `Allow` on a 405
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if is_page_request():
        if isinstance(error, TooManyRequests):  # only signing in is limited; its limit is no news
            return error_page(429, _("Too many sign-in attempts: wait a minute and try again."),
                              headers)
        return error_page(error.code or 500, error.description or error.name, headers)
    data = getattr(error, "data", None) or {}
    errors = say_all(flatten(data.get("messages", data.get("errors", {}))))
    message = say(data.get("message") or error.description or error.name)
    if errors and "message" not in data:
        listed = "; ".join(f"{field}: {' '.join(messages)}" if field else " ".join(messages)
                           for field, messages in errors.items())
        message = _("invalid input: %(problems)s", problems=listed)
    body: dict[str, Any] = {"code": error.code, "status": error.name, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = error.code or 500
    response.headers.extend(headers)
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


def too_large() -> RequestEntityTooLarge:
    """werkzeug's 413 says the data "exceeds the capacity limit"; this one says which."""
    limit = "%g" % (current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024))
    return RequestEntityTooLarge(_("the request is larger than %(limit)s MB, the most a request "
                                   "(an uploaded workbook, say) may be", limit=limit))


def too_deeply_nested(error: RecursionError) -> Any:
    """A JSON or YAML body nested thousands of levels deep exhausts the parser's recursion."""
    current_app.logger.warning("request refused, nested too deeply: %s", error)
    return http_error(BadRequest(_("the request body is nested too deeply to be read")))


def unexpected_error(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("unexpected error", exc_info=error)
    return http_error(InternalServerError(_("an unexpected error occurred; it has been logged")))

"""The forms of the follow-up year (Flask-WTF: CSRF-protected): bodies, the follow-up plan,
a round's returns, submission and decision; their limits from `domain.fields`."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from domain.fields import BODY, DECISION, FOLLOW_UP_ENTRY, MAX_FOLLOW_UP_ENTRIES, REASON, RETURN, USER
from domain.year_values import BodyKind, EntryKind
from web.pages.forms import Checkboxes, Rows, longest, within

BODY_KIND_LABELS = {BodyKind.COUNCIL: _l("Council"), BodyKind.BOARD: _l("Board"),
                    BodyKind.COMMITTEE: _l("Committee"),
                    BodyKind.ADMINISTRATION: _l("Administration")}
ENTRY_KIND_LABELS = {EntryKind.TERTIAL: _l("Tertial report"),
                     EntryKind.INTERIM: _l("Interim report"),
                     EntryKind.ANNUAL: _l("Annual report"),
                     EntryKind.SPECIAL: _l("Special follow-up")}
ROUND_STATE_LABELS = {"open": _l("open"), "submitted": _l("submitted"),
                      "decided": _l("decided")}
ITEM_STATE_LABELS = {"left": _l("left"), "reported": _l("reported"),
                     "returned": _l("returned")}


class BodyForm(FlaskForm):
    key = StringField(_l("Key (letters, digits, '.', '_' or '-')"),
                      validators=[DataRequired(), longest(BODY["key"])])
    name = StringField(_l("Name"), validators=[DataRequired(), *within(BODY["name"])])
    kind = SelectField(_l("Kind"), choices=[(kind.value, label)
                                            for kind, label in BODY_KIND_LABELS.items()])


class UserBodiesForm(FlaskForm):
    """The bodies a user reports for and where reminders go."""

    name = HiddenField(validators=[DataRequired()])
    bodies = Checkboxes(_l("Reports for (reporters)"), choices=[], validate_choice=False)
    email = StringField(_l("E-mail address"), validators=[longest(USER["email"])],
                        render_kw={"type": "email", "autocomplete": "off"})


class EntryRow(Form):
    """One entry of the follow-up plan; the enclosing form carries the CSRF token."""

    key = StringField(_l("Key"), validators=[Optional(), longest(FOLLOW_UP_ENTRY["key"])])
    title = StringField(_l("Title"), validators=within(FOLLOW_UP_ENTRY["title"]))
    # The service names an unknown kind at the field, as the API does.
    kind = SelectField(_l("Kind"), choices=[(kind.value, label)
                                            for kind, label in ENTRY_KIND_LABELS.items()],
                       validate_choice=False)
    reporting_date = DateField(_l("Reporting date"), validators=[Optional()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    meeting_body = SelectField(_l("Meeting of"), choices=[], validate_choice=False)
    meeting_date = DateField(_l("Meeting date"), validators=[Optional()])
    presenter = StringField(_l("Presenter"), validators=within(FOLLOW_UP_ENTRY["presenter"]))
    scope = StringField(_l("Scope"), validators=within(FOLLOW_UP_ENTRY["scope"]))
    remove = BooleanField(_l("Remove"))


class FollowUpPlanForm(FlaskForm):
    """Every entry; empty rows to add more, a tick to remove one."""

    rows = Rows(FormField(EntryRow), min_entries=1, max_entries=MAX_FOLLOW_UP_ENTRIES)
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))


class OpenRoundForm(FlaskForm):
    entry = HiddenField(validators=[DataRequired()])


class ReturnForm(FlaskForm):
    items = SelectMultipleField(_l("Items to return"), choices=[], validate_choice=False)
    comment = TextAreaField(_l("Comment to the reporters"),
                            validators=[DataRequired(_l("Say what to do again.")),
                                        *within(RETURN["comment"])])


class SubmitForm(FlaskForm):
    force = BooleanField(_l("Submit although items are left"))
    reason = StringField(_l("Reason (needed when items are left)"), validators=within(REASON))


class DecisionForm(FlaskForm):
    decided_by = SelectField(_l("Decided by"), choices=[], validate_choice=False)
    date = DateField(_l("Date of the decision"), validators=[DataRequired()])
    paragraph = StringField(_l("Paragraph (§)"),
                            validators=[DataRequired(), *within(DECISION["paragraph"])])
    case_number = StringField(_l("Case number"),
                              validators=[DataRequired(), *within(DECISION["case_number"])])
    summary = TextAreaField(_l("Summary"), validators=within(DECISION["summary"]))

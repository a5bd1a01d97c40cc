"""The pages' forms (Flask-WTF: CSRF-protected), validated like the API."""

import re
from collections.abc import Iterator
from typing import Any, TypeVar

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from domain.fields import (
    FOCUS_AREA,
    MAX_REPORTING_PERIODS,
    MILESTONE,
    PLAN,
    REASON,
    REPORTING_PERIOD,
    REVISION,
    STATUS_REPORT,
    USER,
    Spec,
    Text,
    max_length,
)
from domain.status_words import status_words
from domain.user import Role
from domain.values import Status
from web.messages import say, say_all

# A version or a row number: ASCII digits, as `int` reads them (`str.isdigit` also takes "²").
ASCII_NUMBER = r"[0-9]{1,18}\Z"


def longest(spec: Spec) -> Length:
    """The spec's length limit, as a form's validator."""
    return Length(max=max_length(spec))


class TextOf:
    """The characters a text spec refuses (`Text.character_problem`), as a form's validator."""

    def __init__(self, spec: Text) -> None:
        self.spec = spec

    def __call__(self, form: Form, field: Field) -> None:
        problem = self.spec.character_problem(field.data or "")
        if problem:
            raise ValidationError(say(problem))


def within(spec: Spec) -> list[Length | TextOf]:
    """The rules of a text spec, as a form's validators: its length and its characters."""
    return [longest(spec), *([TextOf(spec)] if isinstance(spec, Text) else [])]


F = TypeVar("F", bound=FlaskForm)


def with_placements(form: F, plan: Any) -> F:
    """A milestone form's choices of focus area and target year: the plan's."""
    form.focus_area.choices = [(a.key, a.name) for a in plan.focus_areas]
    form.target_year.choices = [(y, str(y)) for y in range(plan.start_year, plan.end_year + 1)]
    return form


def status_choices() -> list[tuple[str, str]]:
    """Every status a planner can report, with its long label in the page's language."""
    lang = str(get_locale())
    return [(status.value, status_words(status, lang).long) for status in Status]


ROLE_LABELS = {Role.VIEWER: _l("Viewer"), Role.REPORTER: _l("Reporter"), Role.AUDITOR: _l("Auditor"),
               Role.PLANNER: _l("Planner"), Role.ADMIN: _l("Administrator")}
ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class LoginForm(FlaskForm):
    name = StringField(_l("User name"), validators=[DataRequired(), longest(USER["name"])],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), longest(USER["password"])],
                             render_kw={"autocomplete": "current-password"})


def status_choices_to_pick() -> list[tuple[str, str]]:
    """No status is chosen for the planner: an untouched form reports nothing."""
    return [("", _l("— choose a status —")), *status_choices()]


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=status_choices_to_pick,
                         validators=[InputRequired(_l("Choose the status you report."))])
    reported_for = DateField(_l("Reporting date (the report speaks for)"),
                             validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=within(STATUS_REPORT["comment"]))
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))


KIND_CHOICES = [("pilot", _l("Test of new ways of working")), ("change", _l("Operational change"))]


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), *within(MILESTONE["title"])])
    description = TextAreaField(_l("Description"),
                                validators=within(MILESTONE["description"]))
    focus_area = SelectField(_l("Focus area"))
    target_year = SelectField(_l("Target year"), coerce=int)
    kind = SelectField(_l("Character"), choices=KIND_CHOICES)
    responsible = StringField(_l("Responsible (separate with commas)"),
                              validators=[Length(max=2000)])
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))
    version = HiddenField(validators=[Optional(), Regexp(ASCII_NUMBER)])


class DependencyForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[("requires", _l("Depends on")),
                                            ("affects", _l("Affects"))])
    to = SelectField(_l("Milestone"))
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))


CONFIRMED = "yes"


class RemoveDependencyForm(FlaskForm):
    kind = HiddenField(validators=[DataRequired()])
    to = HiddenField(validators=[DataRequired()])
    # Destructive actions are confirmed: the box is ticked on purpose, never sent by default.
    confirm = HiddenField()


class RevisionForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    adopted_on = DateField(_l("Adopted on"), validators=[DataRequired()])
    decided_by = StringField(_l("Decided by (committee or board)"),
                             validators=[DataRequired(), *within(REVISION["decided_by"])])
    paragraph = StringField(_l("Paragraph (§)"),
                            validators=[DataRequired(), *within(REVISION["paragraph"])])
    case_number = StringField(_l("Case number"),
                              validators=[DataRequired(), *within(REVISION["case_number"])])
    summary = TextAreaField(_l("Summary"), validators=within(REVISION["summary"]))


class Checkboxes(SelectMultipleField):
    """A choice of several as checkboxes, not a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    name = StringField(_l("User name"), validators=[DataRequired(), longest(USER["name"])])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    password = PasswordField(_l("Password (at least 10 characters)"),
                             validators=[DataRequired(), longest(USER["password"])],
                             render_kw={"autocomplete": "new-password"})
    bodies = Checkboxes(_l("Reports for (reporters)"), choices=[], validate_choice=False)
    email = StringField(_l("E-mail address"), validators=[longest(USER["email"])],
                        render_kw={"type": "email", "autocomplete": "off"})


class TokenForm(FlaskForm):
    name = HiddenField(validators=[DataRequired()])


class RevokeForm(TokenForm):
    confirm = HiddenField()


class RoleForm(FlaskForm):
    name = HiddenField(validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PasswordForm(FlaskForm):
    name = SelectField(_l("User name"), choices=[], validate_choice=False)
    password = PasswordField(_l("New password (at least 10 characters)"),
                             validators=[DataRequired(), longest(USER["password"])],
                             render_kw={"autocomplete": "new-password"})


class WorkbookForm(FlaskForm):
    file = FileField(_l("Filled-in workbook (.xlsx)"), validators=[
        FileRequired(_l("Choose the workbook to send.")),
        FileAllowed(["xlsx"], _l("Send an Excel workbook (.xlsx)."))],
        render_kw={"accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                             ".spreadsheetml.sheet"})

    def refused(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """A workbook's problems: those of the file as a whole go to the field, as the form's
        own do; those of its sheets and cells are returned, for the list above the form."""
        said = say_all(errors)
        self.file.errors = [*self.file.errors, *said.get("file", [])]
        return {where: texts for where, texts in said.items() if where != "file"}


class PeriodRow(Form):
    """One reporting period; the enclosing form carries the CSRF token."""

    key = StringField(_l("Key"), validators=[Optional(), longest(REPORTING_PERIOD["key"])])
    name = StringField(_l("Name"), validators=[Optional(), *within(REPORTING_PERIOD["name"])])
    day = IntegerField(_l("Day"), validators=[Optional()])
    month = IntegerField(_l("Month"), validators=[Optional()])


class Rows(FieldList):
    """A list of form rows numbered in ASCII digits: wtforms takes any `str.isdigit` number
    (`rows-²-key`), which `int` then refuses."""

    def _extract_indices(self, prefix: str, formdata: Any) -> Iterator[int]:
        row = re.compile(re.escape(prefix) + "-([0-9]{1,4})(?:-|$)")  # at most 9999 rows
        for name in formdata:
            number = row.match(name)
            if number:
                yield int(number.group(1))


class ReportingPeriodsForm(FlaskForm):
    """As many rows as the API takes reporting periods; empty ones to add more."""

    rows = Rows(FormField(PeriodRow), min_entries=6, max_entries=MAX_REPORTING_PERIODS)
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))


class PlanForm(FlaskForm):
    """A new plan; its focus areas are lines `key: name`."""

    key = StringField(_l("Key (letters, digits, '.', '_' or '-')"),
                      validators=[DataRequired(), longest(PLAN["key"])])
    title = StringField(_l("Title"), validators=[DataRequired(), longest(PLAN["title"])])
    owner = StringField(_l("Owner"), validators=[DataRequired(), longest(PLAN["owner"])])
    start_year = IntegerField(_l("Start year"), validators=[InputRequired()])
    end_year = IntegerField(_l("End year"), validators=[InputRequired()])
    focus_areas = TextAreaField(_l("Focus areas (one a line: key: name)"),
                                validators=[Length(max=50_000)])


class FocusAreaForm(FlaskForm):
    key = StringField(_l("Key (letters, digits, '.', '_' or '-')"),
                      validators=[DataRequired(), longest(FOCUS_AREA["key"])])
    name = StringField(_l("Name"), validators=[DataRequired(), longest(FOCUS_AREA["name"])])
    description = TextAreaField(_l("Description"),
                                validators=[longest(FOCUS_AREA["description"])])


class NewMilestoneForm(FlaskForm):
    """A new milestone with its effects (one a line) and dependencies on existing ones."""

    key = StringField(_l("Key (letters, digits, '.', '_' or '-')"),
                      validators=[DataRequired(), longest(MILESTONE["key"])])
    title = StringField(_l("Title"), validators=[DataRequired(), longest(MILESTONE["title"])])
    description = TextAreaField(_l("Description"),
                                validators=[longest(MILESTONE["description"])])
    # The service judges the placement, so its message (the plan period) reaches the field.
    focus_area = SelectField(_l("Focus area"), validate_choice=False)
    target_year = SelectField(_l("Target year"), coerce=int, validate_choice=False)
    kind = SelectField(_l("Character"), choices=KIND_CHOICES)
    responsible = StringField(_l("Responsible (separate with commas)"),
                              validators=[Length(max=2000)])
    effects_residents = TextAreaField(_l("Effects for residents (one a line)"),
                                      validators=[Length(max=20_000)])
    effects_system = TextAreaField(_l("Effects for the system (one a line)"),
                                   validators=[Length(max=20_000)])
    effects_services = TextAreaField(_l("Effects for the services (one a line)"),
                                     validators=[Length(max=20_000)])
    requires = SelectMultipleField(_l("Depends on"))
    required_by = SelectMultipleField(_l("Needed by"))
    affects = SelectMultipleField(_l("Affects"))
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=[longest(REASON)])

"""The pages' forms (Flask-WTF: CSRF-protected), validated like the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from domain.values import Status

STATUS_LABELS = {
    Status.PLANNED: _l("Planned / not started"),
    Status.ON_TRACK: _l("On track (satisfactory)"),
    Status.AT_RISK: _l("Not fully satisfactory (at risk)"),
    Status.OFF_TRACK: _l("Unsatisfactory (off track)"),
    Status.ACHIEVED: _l("Achieved"),
    Status.DROPPED: _l("Dropped"),
}


class LoginForm(FlaskForm):  # type: ignore[misc]
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class StatusForm(FlaskForm):  # type: ignore[misc]
    status = SelectField(_l("Status"), choices=[(s.value, label) for s, label in
                                                 STATUS_LABELS.items()])
    reported_for = DateField(_l("Reporting date (the report speaks for)"),
                             validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=5000)])
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=[Length(max=2000)])


class EditForm(FlaskForm):  # type: ignore[misc]
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10_000)])
    focus_area = SelectField(_l("Focus area"))
    target_year = SelectField(_l("Target year"), coerce=int)
    kind = SelectField(_l("Character"), choices=[("pilot", _l("Test of new ways of working")),
                                                 ("change", _l("Operational change"))])
    responsible = StringField(_l("Responsible (separate with commas)"),
                              validators=[Length(max=2000)])
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=[Length(max=2000)])
    version = HiddenField()


class DependencyForm(FlaskForm):  # type: ignore[misc]
    kind = SelectField(_l("Kind"), choices=[("requires", _l("Depends on")),
                                            ("affects", _l("Affects"))])
    to = SelectField(_l("Milestone"))
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=[Length(max=2000)])


class RemoveDependencyForm(FlaskForm):  # type: ignore[misc]
    kind = HiddenField(validators=[DataRequired()])
    to = HiddenField(validators=[DataRequired()])


class RevisionForm(FlaskForm):  # type: ignore[misc]
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    adopted_on = DateField(_l("Adopted on"), validators=[DataRequired()])
    decided_by = StringField(_l("Decided by (committee or board)"),
                             validators=[DataRequired(), Length(max=200)])
    paragraph = StringField(_l("Paragraph (§)"), validators=[DataRequired(), Length(max=200)])
    case_number = StringField(_l("Case number"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])


ROLE_CHOICES = [("viewer", _l("Viewer")), ("auditor", _l("Auditor")), ("planner", _l("Planner")),
                ("admin", _l("Administrator"))]


class UserForm(FlaskForm):  # type: ignore[misc]
    name = StringField(_l("User name"), validators=[DataRequired(), Length(max=40)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    password = PasswordField(_l("Password (at least 10 characters)"),
                             validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})


class TokenForm(FlaskForm):  # type: ignore[misc]
    name = HiddenField(validators=[DataRequired()])


class RoleForm(FlaskForm):  # type: ignore[misc]
    name = HiddenField(validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PasswordForm(FlaskForm):  # type: ignore[misc]
    name = SelectField(_l("User name"), choices=[], validate_choice=False)
    password = PasswordField(_l("New password (at least 10 characters)"),
                             validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})


class WorkbookForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("Filled-in workbook (.xlsx)"), validators=[
        FileRequired(_l("Choose the workbook to send.")),
        FileAllowed(["xlsx"], _l("Send an Excel workbook (.xlsx)."))],
        render_kw={"accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                             ".spreadsheetml.sheet"})


class PeriodRow(Form):  # type: ignore[misc]
    """One reporting period; the enclosing form carries the CSRF token."""

    key = StringField(_l("Key"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    day = IntegerField(_l("Day"), validators=[Optional()])
    month = IntegerField(_l("Month"), validators=[Optional()])


class ReportingPeriodsForm(FlaskForm):  # type: ignore[misc]
    rows = FieldList(FormField(PeriodRow), min_entries=6, max_entries=12)
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=[Length(max=2000)])

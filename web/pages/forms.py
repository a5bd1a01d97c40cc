"""The pages' forms (Flask-WTF: CSRF-protected), validated like the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectField, StringField, TextAreaField
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

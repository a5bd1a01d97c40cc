"""The forms of a plan's proposals: make one, add a change, withdraw it (adopting it takes the
revision's form)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired

from domain.fields import PROPOSAL, REASON
from web.pages.forms import within

# The changes the page offers, as the API names them; a move and a slip take a year.
CHANGE_OPS = [("move", _l("Move to another year")), ("slip", _l("Slip (its dependents move too)")),
              ("drop", _l("Drop"))]
WITH_YEAR = frozenset({"move", "slip"})
# Where the service's refusal is shown: its field as the API names it → the form's field.
CHANGE_FIELDS = {"key": "milestone", "milestone": "milestone", "to": "year",
                 "target_year": "year", "reason": "reason", "op": "op"}


class ProposalForm(FlaskForm):
    key = StringField(_l("Key"), validators=[DataRequired(), *within(PROPOSAL["key"])])
    title = StringField(_l("Title"), validators=[DataRequired(), *within(PROPOSAL["title"])])
    description = TextAreaField(_l("Description"), validators=within(PROPOSAL["description"]))


class ChangeForm(FlaskForm):
    op = SelectField(_l("Change"), choices=CHANGE_OPS)
    milestone = SelectField(_l("Milestone"), validators=[DataRequired()])
    year = SelectField(_l("To year (move and slip)"), coerce=lambda v: int(v) if v else None)
    reason = StringField(_l("Reason (kept with the proposal)"), validators=within(REASON))

    def validate_year(self, field: Any) -> None:
        if self.op.data in WITH_YEAR and field.data is None:
            raise ValidationError(_l("Choose the year it moves to."))

    def with_choices(self, milestones: list[Any], years: range) -> "ChangeForm":
        self.milestone.choices = [("", _l("— choose a milestone —")),
                                  *((m.key, f"{m.key} {m.title}") for m in milestones)]
        self.year.choices = [("", "–"), *((year, str(year)) for year in years)]
        return self


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Reason (the decision to withdraw it)"), validators=within(REASON))

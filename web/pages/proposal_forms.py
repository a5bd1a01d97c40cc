"""The forms of a plan's proposals: make one (or upload the revised plan), add each kind of
change, withdraw it (adopting it takes the revision's form). The milestone's and the
dependency's forms are those of the plan's own pages, with the proposal's reason."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired

from domain.fields import PROPOSAL, REASON
from web.pages.forms import DependencyForm, EditForm, NewMilestoneForm, WorkbookForm, within

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
    # The service judges the milestone as the proposal leaves the plan (one it defines, too).
    milestone = SelectField(_l("Milestone"), validators=[DataRequired()], validate_choice=False)
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


EDGE_PARTS = 3  # a dependency chosen: kind, source, target
PROPOSAL_REASON = _l("Reason (kept with the proposal)")
# Where a dependency's refusal is shown: the API's field → the form's.
DEPENDENCY_FIELDS = {"from": "milestone", "key": "milestone", "to": "to", "kind": "kind",
                     "reason": "reason"}


class DefineForm(NewMilestoneForm):
    """A new milestone as the new-milestone page takes it; in a proposal its dependencies are
    changes of their own."""

    requires = required_by = affects = None  # type: ignore[assignment]
    reason = StringField(PROPOSAL_REASON, validators=within(REASON))


class ProposedEditForm(EditForm):
    """A milestone's fields as the proposal leaves it; only those changed make the change."""

    key = HiddenField(validators=[DataRequired()])
    version = None  # type: ignore[assignment]
    reason = StringField(_l("Reason (kept with the proposal; a move needs one)"),
                         validators=within(REASON))


class ProposedDependencyForm(DependencyForm):
    """Which milestone depends on (or affects) which, as the proposal leaves the plan."""

    milestone = SelectField(_l("Milestone"), validators=[DataRequired()], validate_choice=False)
    to = SelectField(_l("Prerequisite (or the milestone it affects)"),
                     validators=[DataRequired()], validate_choice=False)
    reason = StringField(PROPOSAL_REASON, validators=within(REASON))


class RemoveProposedDependencyForm(FlaskForm):
    """One of the dependencies the proposal leaves in the plan: `kind source target`."""

    dependency = SelectField(_l("Dependency"), validators=[DataRequired()],
                             validate_choice=False)
    reason = StringField(PROPOSAL_REASON, validators=within(REASON))

    def validate_dependency(self, field: Any) -> None:
        if len(field.data.split(" ")) != EDGE_PARTS:
            raise ValidationError(_l("Choose a dependency from the list."))

    def edge(self) -> tuple[str, str, str]:
        kind, source, target = self.dependency.data.split(" ")
        return kind, source, target


class ImportForm(ProposalForm, WorkbookForm):
    """A proposal made of the revised plan as the planners edited it; its problems are shown
    as a workbook's are (`refused`)."""

    file = FileField(_l("Revised plan: workbook (.xlsx) or document (.json, .yaml)"), validators=[
        FileRequired(_l("Choose the file to send.")),
        FileAllowed(["xlsx", "json", "yaml", "yml"],
                    _l("Send the plan's workbook (.xlsx) or document (.json, .yaml)."))],
        render_kw={"accept": ".xlsx,.json,.yaml,.yml"})

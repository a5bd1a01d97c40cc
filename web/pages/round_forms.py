"""The one form of "my round": a row per item, with the fields its kind reports (a status; an
assessment with analysis and measures; an outcome or "not measured"), a comment, and a tick to
report a value that still holds."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)

from domain.fields import ASSESSMENT, STATUS_REPORT
from web.pages.forms import Rows, status_choices_to_pick, within
from web.pages.goal_forms import NumberText, assessment_choices, parsed_number

MAX_ROUND_ROWS = 10_000


class ItemRow(Form):
    """One item of the round; the enclosing form carries the CSRF token."""

    id = HiddenField()
    status = SelectField(_l("Status"), choices=status_choices_to_pick, validate_choice=False)
    assessment = RadioField(_l("Assessment"), choices=assessment_choices, validate_choice=False)
    analysis = TextAreaField(_l("Analysis"), validators=within(ASSESSMENT["analysis"]))
    measures = TextAreaField(_l("Measures"), validators=within(ASSESSMENT["measures"]))
    value = StringField(_l("Outcome"), validators=[NumberText()],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    not_measured = BooleanField(_l("Not measured this time"))
    comment = TextAreaField(_l("Comment"), validators=within(STATUS_REPORT["comment"]))
    confirm = BooleanField(_l("Report it unchanged"))

    def reported(self, kind: str) -> dict[str, Any]:
        """What the row reports for an item of `kind`, as compared with what is in force."""
        if kind == "milestone":
            return {"status": self.status.data or "", "comment": self.comment.data or ""}
        if kind == "goal":
            return {"assessment": self.assessment.data or "",
                    "analysis": self.analysis.data or "", "measures": self.measures.data or ""}
        given = (self.value.data or "").strip()
        return {"value": None if self.not_measured.data or not given else parsed_number(given),
                "not_measured": bool(self.not_measured.data),
                "comment": self.comment.data or ""}

    def check(self, kind: str) -> bool:
        """What the item's kind needs, with the message at its field (after `validate`)."""
        needed = {"milestone": (self.status, _l("Choose the status you report.")),
                  "goal": (self.assessment, _l("Choose the assessment."))}
        if kind in needed:
            field, message = needed[kind]
            if not field.data:
                field.errors = [*field.errors, message]
                return False
            return True
        if bool((self.value.data or "").strip()) == bool(self.not_measured.data):
            self.value.errors = [*self.value.errors, _l(
                "Either write the outcome or tick “not measured this time”, not both.")
                if self.not_measured.data else
                _l("Write the outcome, or tick “not measured this time”.")]
            return False
        return True


class RoundForm(FlaskForm):
    rows = Rows(FormField(ItemRow), max_entries=MAX_ROUND_ROWS)

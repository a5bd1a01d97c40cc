"""The forms of goals and metrics (Flask-WTF: CSRF-protected), with the limits of
`domain.fields` and the words of `domain.goal_words`."""

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, Form, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from domain.fields import ASSESSMENT, OUTCOME, REASON
from domain.goal_values import Assessment
from domain.goal_words import assessment_words
from web.pages.forms import within


def assessment_choices() -> list[tuple[str, str]]:
    """The three assessments with their words in the page's language; none is chosen."""
    lang = str(get_locale())
    return [(value.value, assessment_words(value, lang).name.capitalize())
            for value in Assessment]


class AssessmentForm(FlaskForm):
    """A planner's judgement of a goal on a reporting date."""

    assessment = RadioField(_l("Assessment"), choices=assessment_choices,
                            validators=[InputRequired(_l("Choose the assessment."))])
    analysis = TextAreaField(_l("Analysis"), validators=within(ASSESSMENT["analysis"]))
    measures = TextAreaField(_l("Measures"), validators=within(ASSESSMENT["measures"]))
    reported_for = DateField(_l("Reporting date (the assessment speaks for)"),
                             validators=[Optional()])
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))


def parsed_number(text: str) -> float:
    """A number as people write it: "92,5", "92.5", "12 000"; ValueError if it is none."""
    cleaned = "".join(text.split()).replace("\u2212", "-").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return float(number)


class NumberText:
    """The value field: empty, or a number (decimal comma or point)."""

    def __call__(self, form: Form, field: Field) -> None:
        if (field.data or "").strip():
            try:
                parsed_number(field.data)
            except ValueError:
                raise ValidationError(_l("Write a number, e.g. 92,5.")) from None


class OutcomeForm(FlaskForm):
    """A planner records a metric's outcome, or that it was not measured this time."""

    value = StringField(_l("Outcome"), validators=[NumberText()],
                        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    not_measured = BooleanField(_l("Not measured this time"))
    reported_for = DateField(_l("Reporting date (the outcome speaks for)"),
                             validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=within(OUTCOME["comment"]))
    reason = StringField(_l("Reason (kept in the audit trail)"), validators=within(REASON))

    def validate(self, extra_validators: Any = None) -> bool:
        """A value or the tick, never both and never neither: the message at the value."""
        if not super().validate(extra_validators):
            return False
        given = bool((self.value.data or "").strip())
        if given == bool(self.not_measured.data):
            self.value.errors = [*self.value.errors, _l(
                "Either write the outcome or tick “not measured this time”, not both.")
                if given else _l("Write the outcome, or tick “not measured this time”.")]
            return False
        return True

    def outcome(self) -> float | None:
        """The value to record: None when not measured this time."""
        return None if self.not_measured.data else parsed_number(self.value.data or "")

"""A form field's data after `validate_on_submit` (its validators, DataRequired, made it
present), and the service's refusal shown at the field it names."""

from typing import TypeVar

from flask import abort, flash
from flask_wtf import FlaskForm

from domain.errors import DomainError
from web.messages import say

T = TypeVar("T")


def given(value: T | None) -> T:
    """The value, or 400 if a required field is missing after all (a hand-made request)."""
    if value is None:
        abort(400)
    return value


def show_error(form: FlaskForm, error: DomainError, field_name: str | None = None) -> None:
    """The domain's message, in the page's language, at its field (or `field_name`) as in the
    API; otherwise at the top of the page."""
    field = getattr(form, field_name or error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, say(error.message)]
    else:
        flash(say(error.message), "error")

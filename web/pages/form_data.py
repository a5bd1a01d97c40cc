"""A form field's data after `validate_on_submit`: its validators (DataRequired) made it present."""

from typing import TypeVar

from flask import abort

T = TypeVar("T")


def given(value: T | None) -> T:
    """The value, or 400 if a required field is missing after all (a hand-made request)."""
    if value is None:
        abort(400)
    return value

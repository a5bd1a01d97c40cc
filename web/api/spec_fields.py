"""marshmallow fields derived from `domain.fields`, so the API validates and documents each
field by the same spec as the domain checks it: key pattern, lengths, ranges, choices."""

from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from domain.fields import (
    MAX_NUMBER,
    Choice,
    Day,
    Integer,
    Key,
    ListOf,
    Number,
    Record,
    Spec,
    Text,
    parse_day,
)
from domain.messages import N_, Message
from domain.values import KEY_MAX_LENGTH, KEY_PATTERN, KEY_REGEX
from service.time_travel import ISO_MOMENT

KEY_MESSAGE = Message(N_("Use 1–%(max)s letters, digits, '.', '_' or '-', starting with a "
                         "letter or digit."), max=KEY_MAX_LENGTH)


class KeyRule(validate.Regexp):
    """The key's pattern as OpenAPI states it (`KEY_REGEX`), checked as the domain checks it
    (`KEY_PATTERN`), where `$` does not let a trailing newline through."""

    def __init__(self) -> None:
        super().__init__(KEY_REGEX, error=KEY_MESSAGE)

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or KEY_PATTERN.match(value) is None:
            raise ValidationError(KEY_MESSAGE)
        return value


class TextRule(validate.Validator):
    """The characters a text field refuses (`Text.character_problem`), in the domain's words."""

    def __init__(self, spec: Text) -> None:
        self.spec = spec

    def __call__(self, value: Any) -> Any:
        problem = self.spec.character_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


class IsoDate(fields.Date):
    """A date written YYYY-MM-DD only: marshmallow's `Date` takes what Python 3.11's
    `date.fromisoformat` does, week dates (2024-W01-1) and 20240101 too."""

    NOT_A_DATE = Message(N_("Not a valid date: write YYYY-MM-DD."))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str):
            raise ValidationError(self.NOT_A_DATE)
        try:
            return parse_day(value)
        except ValueError:
            raise ValidationError(self.NOT_A_DATE) from None


class IsoDateTime(fields.AwareDateTime):
    """A datetime written as `parse_moment` reads one (YYYY-MM-DD, then the time), not in the
    other forms `datetime.fromisoformat` takes, such as week dates."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or not ISO_MOMENT.fullmatch(value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return super()._deserialize(value, attr, data, **kwargs)


class StrictNumber(fields.Float):
    """A JSON number, whole or decimal: text such as "12" is refused, as are true and false."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """A JSON true or false: 1, "true" and "yes" are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def plausible_day(value: date) -> date:
    problem = Day.problem(value)
    if problem:
        raise ValidationError(problem)
    return value


def field_for(spec: Spec, *, nested: type[Schema] | None = None, min_items: int | None = None,
              **kwargs: Any) -> fields.Field:
    """The marshmallow field for `spec`, with its validators; `kwargs` go to the field.

    Required unless `spec` is optional, `load_default` is given or `required=False` is.
    Integers are strict (a JSON number, not text); pass `strict=False` for query strings.
    A list of records needs the records' schema as `nested`.
    """
    kwargs.setdefault("required", spec.required and "load_default" not in kwargs)
    return _field(spec, nested, min_items, kwargs)


def _field(spec: Spec, nested: type[Schema] | None, min_items: int | None,
           kwargs: dict[str, Any]) -> fields.Field:
    if isinstance(spec, Key):
        return fields.String(validate=KeyRule(), **kwargs)
    if isinstance(spec, Text):
        return fields.String(validate=[
            validate.Length(min=1 if spec.required else None, max=spec.max_length),
            TextRule(spec)], **kwargs)
    if isinstance(spec, Integer):
        kwargs.setdefault("strict", True)
        return fields.Integer(validate=validate.Range(spec.minimum, spec.maximum), **kwargs)
    if isinstance(spec, Number):
        return StrictNumber(allow_nan=False, validate=validate.Range(-MAX_NUMBER, MAX_NUMBER),
                            **kwargs)
    if isinstance(spec, Choice):
        return fields.String(validate=validate.OneOf(spec.values), **kwargs)
    if isinstance(spec, Record):
        if nested is None:
            raise TypeError(f"a record field needs its schema as `nested`: {spec!r}")
        return fields.Nested(nested, **kwargs)
    if isinstance(spec, Day):
        return IsoDate(validate=plausible_day, **kwargs)
    if isinstance(spec, ListOf):
        item = fields.Nested(nested) if nested else field_for(spec.item, required=False)
        if min_items is not None or spec.max_items is not None:
            kwargs["validate"] = validate.Length(min=min_items, max=spec.max_items)
        return fields.List(item, **kwargs)
    raise TypeError(f"no marshmallow field for {spec!r}")

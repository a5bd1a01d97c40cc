"""marshmallow schemas: the single source of validation and of the OpenAPI document."""

from marshmallow import Schema, fields, validate

from domain.plan import EARLIEST_YEAR, LATEST_YEAR
from domain.values import DependencyKind, EffectFor, MilestoneKind, Status

KEY = dict(validate=validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$",
    error="Use 1–40 letters, digits, '.', '_' or '-', starting with a letter or digit."))
YEAR = dict(strict=True, validate=validate.Range(EARLIEST_YEAR, LATEST_YEAR))
YEAR_IN_QUERY = dict(validate=validate.Range(EARLIEST_YEAR, LATEST_YEAR))  # text, so not strict


def values(enum_type: type) -> list[str]:
    return [member.value for member in enum_type]


def text(max_length: int, **kwargs: object) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), **kwargs)  # type: ignore[arg-type]


def reason() -> fields.String:
    return text(2000, load_default="", metadata={"description": "Why: kept in the audit trail."})


class ErrorSchema(Schema):
    code = fields.Integer()
    status = fields.String()
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    cycle = fields.List(fields.String())


class FocusAreaSchema(Schema):
    key = fields.String(required=True, **KEY)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = text(5000, load_default="")


class FocusAreaInSchema(FocusAreaSchema):
    reason = reason()


class ReportingPeriodSchema(Schema):
    key = fields.String(required=True, **KEY)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    month = fields.Integer(required=True, strict=True, validate=validate.Range(1, 12))
    day = fields.Integer(required=True, strict=True, validate=validate.Range(1, 31))


class PlanInSchema(Schema):
    key = fields.String(required=True, **KEY)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    owner = fields.String(required=True, validate=validate.Length(min=1, max=300))
    start_year = fields.Integer(required=True, **YEAR)
    end_year = fields.Integer(required=True, **YEAR)
    focus_areas = fields.List(fields.Nested(FocusAreaSchema), load_default=list)
    reason = reason()


class PlanSchema(Schema):
    key = fields.String()
    title = fields.String()
    owner = fields.String()
    start_year = fields.Integer()
    end_year = fields.Integer()
    focus_areas = fields.List(fields.Nested(FocusAreaSchema))
    counts = fields.Dict()
    version = fields.Integer()
    created_at = fields.DateTime()
    created_by = fields.String()


class EffectInSchema(Schema):
    for_ = fields.String(required=True, data_key="for", attribute="for",
                         validate=validate.OneOf(values(EffectFor)))
    text = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class EffectSchema(Schema):
    for_ = fields.Enum(EffectFor, by_value=True, data_key="for")
    text = fields.String()


class MilestoneFieldsSchema(Schema):
    """The editable fields of a milestone."""

    title = fields.String(validate=validate.Length(min=1, max=300))
    description = text(10_000)
    focus_area = fields.String(**KEY)
    target_year = fields.Integer(**YEAR)
    kind = fields.String(validate=validate.OneOf(values(MilestoneKind)))
    responsible = fields.List(fields.String(validate=validate.Length(min=1, max=200)))
    effects = fields.List(fields.Nested(EffectInSchema))


class MilestoneInSchema(MilestoneFieldsSchema):
    key = fields.String(required=True, **KEY)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    description = text(10_000, load_default="")
    focus_area = fields.String(required=True, **KEY)
    target_year = fields.Integer(required=True, **YEAR)
    kind = fields.String(required=True, validate=validate.OneOf(values(MilestoneKind)))
    responsible = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                              load_default=list)
    effects = fields.List(fields.Nested(EffectInSchema), load_default=list)
    reason = reason()


class MilestonePatchSchema(MilestoneFieldsSchema):
    reason = reason()


class MilestoneSchema(Schema):
    plan = fields.String()
    key = fields.String()
    title = fields.String()
    description = fields.String()
    focus_area = fields.String()
    target_year = fields.Integer()
    kind = fields.Enum(MilestoneKind, by_value=True)
    responsible = fields.List(fields.String())
    effects = fields.List(fields.Nested(EffectSchema))
    status = fields.Enum(Status, by_value=True)
    status_comment = fields.String(allow_none=True)
    reported_for = fields.Date(allow_none=True)
    requires = fields.List(fields.String())
    required_by = fields.List(fields.String())
    affects = fields.List(fields.String())
    affected_by = fields.List(fields.String())
    upstream = fields.List(fields.String())
    downstream = fields.List(fields.String())
    version = fields.Integer()
    defined_at = fields.DateTime()
    changed_at = fields.DateTime()
    changed_by = fields.String()


class MilestoneQuerySchema(Schema):
    focus_area = fields.String()
    status = fields.String(validate=validate.OneOf(values(Status)))
    target_year = fields.Integer(**YEAR_IN_QUERY)


class StatusReportInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(values(Status)))
    comment = text(5000, load_default="")
    reported_for = fields.Date(load_default=None, metadata={
        "description": "The reporting date the report speaks for; defaults to today."})
    reason = reason()


class StatusReportSchema(Schema):
    plan = fields.String()
    milestone = fields.String()
    status = fields.Enum(Status, by_value=True)
    comment = fields.String()
    reported_for = fields.Date()
    actor = fields.String()
    current_status = fields.Enum(Status, by_value=True, metadata={
        "description": "The status in force today: a late report for an older date "
                       "does not override a newer one."})
    version = fields.Integer(metadata={"description": "The milestone's version (its ETag)."})


class DependencyInSchema(Schema):
    from_ = fields.String(required=True, data_key="from", **KEY)
    to = fields.String(required=True, **KEY)
    kind = fields.String(required=True, validate=validate.OneOf(values(DependencyKind)))
    reason = reason()


class DependencySchema(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    kind = fields.String()


class ImpactSchema(Schema):
    upstream = fields.List(fields.String())
    downstream = fields.List(fields.String())

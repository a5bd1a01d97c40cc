"""marshmallow schemas: the single source of validation and of the OpenAPI document.

Input fields derive from the specs of `domain.fields` (`field_for`), so a limit is written once.
"""

from typing import Any

from marshmallow import Schema, fields

from domain.fields import (
    BODY,
    DEPENDENCY,
    EFFECT,
    FOCUS_AREA,
    MILESTONE,
    PLAN,
    REASON,
    REPORTING_PERIOD,
    STATUS_REPORT,
)
from domain.values import EffectFor, MilestoneKind, Status
from web.api.spec_fields import field_for
from web.messages import say
from web.service_access import service


def reason() -> fields.Field:
    return field_for(REASON, load_default="",
                     metadata={"description": "Why: kept in the audit trail."})


def body_filter() -> fields.Field:
    return field_for(BODY["key"], required=False, metadata={
        "description": "Only the milestones and goals with this body among their `responsible`, "
                       "and the metrics of those goals (a body key; an unknown one is a 422)."})


class Said(fields.String):
    """Text a person reads (a `domain.messages.Message`), in the request's language
    (`Accept-Language`; English by default)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else say(value)


class OutputSchema(Schema):
    """A response body whose every field is always there (`None` where nullable), so OpenAPI
    lists them all as `required` and a generated client needs no checks for absent ones."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.required = True


class ErrorSchema(Schema):
    """Every error: `errors` names the fields at fault, `cycle` the keys of a dependency cycle."""

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    cycle = fields.List(fields.String(), metadata={
        "description": "With 409 on a `requires` that would close a cycle: the keys around it, "
                       "e.g. `[\"C\", \"A\", \"B\", \"C\"]`."})


class FocusAreaSchema(Schema):
    key = field_for(FOCUS_AREA["key"])
    name = field_for(FOCUS_AREA["name"])
    description = field_for(FOCUS_AREA["description"], load_default="")


class FocusAreaInSchema(FocusAreaSchema):
    reason = reason()


class ReportingPeriodSchema(Schema):
    key = field_for(REPORTING_PERIOD["key"])
    name = field_for(REPORTING_PERIOD["name"])
    month = field_for(REPORTING_PERIOD["month"])
    day = field_for(REPORTING_PERIOD["day"])


class PlanInSchema(Schema):
    key = field_for(PLAN["key"])
    title = field_for(PLAN["title"])
    owner = field_for(PLAN["owner"])
    start_year = field_for(PLAN["start_year"])
    end_year = field_for(PLAN["end_year"])
    focus_areas = field_for(PLAN["focus_areas"], nested=FocusAreaSchema, load_default=list)
    reason = reason()


class PlanSchema(OutputSchema):
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
    for_ = field_for(EFFECT["for"], data_key="for", attribute="for")
    text = field_for(EFFECT["text"])


class EffectSchema(OutputSchema):
    for_ = fields.Enum(EffectFor, by_value=True, data_key="for")
    text = fields.String()


class MilestoneInSchema(Schema):
    key = field_for(MILESTONE["key"])
    title = field_for(MILESTONE["title"])
    description = field_for(MILESTONE["description"], load_default="")
    focus_area = field_for(MILESTONE["focus_area"])
    target_year = field_for(MILESTONE["target_year"])
    kind = field_for(MILESTONE["kind"])
    responsible = field_for(MILESTONE["responsible"], load_default=list)
    effects = field_for(MILESTONE["effects"], nested=EffectInSchema, load_default=list)
    goals = field_for(MILESTONE["goals"], load_default=list, metadata={
        "description": "The keys of the goals the milestone serves."})
    reason = reason()


class MilestonePatchSchema(Schema):
    """Any of the fields an edit may change (`domain.fields.CHANGEABLE_MILESTONE_FIELDS`)."""

    title = field_for(MILESTONE["title"], required=False)
    description = field_for(MILESTONE["description"], required=False)
    focus_area = field_for(MILESTONE["focus_area"], required=False)
    target_year = field_for(MILESTONE["target_year"], required=False)
    kind = field_for(MILESTONE["kind"], required=False)
    responsible = field_for(MILESTONE["responsible"], required=False)
    effects = field_for(MILESTONE["effects"], nested=EffectInSchema, required=False)
    goals = field_for(MILESTONE["goals"], required=False)
    reason = reason()


class MilestoneSchema(OutputSchema):
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
    goals = fields.List(fields.String(), metadata={"description": "The goals it serves."})


class MilestoneQuerySchema(Schema):
    focus_area = fields.String()
    status = field_for(STATUS_REPORT["status"], required=False)
    target_year = field_for(MILESTONE["target_year"], required=False, strict=False)  # text


class StatusReportInSchema(Schema):
    status = field_for(STATUS_REPORT["status"])
    comment = field_for(STATUS_REPORT["comment"], load_default="")
    reported_for = field_for(STATUS_REPORT["reported_for"], load_default=None, metadata={
        "description": "The reporting date the report speaks for; defaults to today."})
    reason = reason()


class StatusReportSchema(OutputSchema):
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
    from_ = field_for(DEPENDENCY["from"], data_key="from")
    to = field_for(DEPENDENCY["to"])
    kind = field_for(DEPENDENCY["kind"])
    reason = reason()


class DependencySchema(OutputSchema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    kind = fields.String()


class ImpactSchema(OutputSchema):
    upstream = fields.List(fields.String())
    downstream = fields.List(fields.String())


class CheckpointRefSchema(OutputSchema):
    """The first signed checkpoint whose tree holds an event (its proof: `/proofs/inclusion`)."""

    size = fields.Integer(metadata={"description": "The checkpoint's tree size."})
    root = fields.String(metadata={"format": "byte", "description": "Its signed root hash."})


def checkpoint_field() -> fields.Field:
    return fields.Nested(CheckpointRefSchema, allow_none=True, metadata={
        "description": "The checkpoint covering it; null until one is signed."})


def checkpoint_ref(position: int) -> dict[str, Any] | None:
    """{size, root} of the checkpoint covering a log position, or None."""
    checkpoint = service().checkpoints.covering(position)
    return None if checkpoint is None else CheckpointRefSchema().dump(checkpoint)

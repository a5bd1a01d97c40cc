"""Schemas of time travel, revisions and diffs."""

from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from domain.errors import N_, InvalidValueError, Message
from domain.fields import REVISION, Day, Year
from domain.values import Status
from service.time_travel import parse_moment
from web.api.document_schemas import MilestoneListSchema
from web.api.schemas import OutputSchema, PlanSchema, checkpoint_field, reason
from web.api.spec_fields import field_for


class DateOrDateTime(fields.Field):
    """An ISO date (the end of that day, Swedish time) or an ISO datetime, read as the pages
    and the command line read it (`parse_moment`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any,
                     **kwargs: Any) -> date | datetime:
        if not isinstance(value, str):
            raise ValidationError(Message(N_("Not a valid date or datetime.")))
        try:
            return parse_moment(value)
        except InvalidValueError as error:
            raise ValidationError(error.message) from None


def time_fields(prefix: str = "") -> dict[str, fields.Field]:
    return {
        f"{prefix}as_of": DateOrDateTime(metadata={
            "description": "What the log knew then: an ISO date (end of that day, Swedish time) "
                           "or datetime.", "type": "string"}),
        f"{prefix}revision": field_for(Year(), required=False, strict=False, metadata={
            "description": "The plan as adopted in that year's revision."}),
        f"{prefix}position": fields.Integer(validate=validate.Range(min=1), metadata={
            "description": "A log position."}),
    }


TimeQuerySchema = Schema.from_dict({
    **time_fields(),
    "on": field_for(Day(required=False), metadata={
        "description": "Reporting date for statuses; default: the as_of date, the revision's "
                       "date, or today."}),
}, name="TimeQuerySchema")

DiffQuerySchema = Schema.from_dict({**time_fields("from_"), **time_fields("to_")},
                                   name="DiffQuerySchema")


class RevisionInSchema(Schema):
    year = field_for(REVISION["year"])
    adopted_on = field_for(REVISION["adopted_on"])
    decided_by = field_for(REVISION["decided_by"])
    paragraph = field_for(REVISION["paragraph"])
    case_number = field_for(REVISION["case_number"])
    summary = field_for(REVISION["summary"], load_default="")
    reason = reason()


class RevisionSchema(OutputSchema):
    year = fields.Integer()
    adopted_on = fields.Date()
    decided_by = fields.String()
    paragraph = fields.String()
    case_number = fields.String()
    summary = fields.String()
    position = fields.Integer(metadata={"description": "The log position the seal covers."})
    seal = fields.String(metadata={"description": "SHA-256 over the heads of all the plan's "
                                                  "digest chains at that position."})
    checkpoint = checkpoint_field()


class RevisionListSchema(OutputSchema):
    items = fields.List(fields.Nested(RevisionSchema))


class StateSchema(MilestoneListSchema):
    position = fields.Integer()
    on = fields.Date()
    plan = fields.Nested(PlanSchema)


class RecordedReportSchema(OutputSchema):
    status = fields.Enum(Status, by_value=True)
    reported_for = fields.Date()
    comment = fields.String()
    actor = fields.String()
    recorded_at = fields.DateTime(data_key="time")
    reason = fields.String()


class ChangeSchema(OutputSchema):
    milestone = fields.String()
    field = fields.String(allow_none=True)
    before = fields.Raw(data_key="from", allow_none=True)
    after = fields.Raw(data_key="to", allow_none=True)
    actor = fields.String(allow_none=True)
    recorded_at = fields.DateTime(allow_none=True, data_key="time")
    reason = fields.String(allow_none=True)
    reported_for = fields.Date(allow_none=True, metadata={
        "description": "Status changes: the reporting date of the report that gave the new "
                       "status (who, when and why above are that report's)."})
    comment = fields.String(allow_none=True)
    reports = fields.List(fields.Nested(RecordedReportSchema), metadata={
        "description": "Status changes: every report of the milestone recorded between the "
                       "two points, oldest first (a correction that left the status as it "
                       "was is listed too, with the same status before and after)."})


class ChangesSchema(OutputSchema):
    """What differs between two plans, by kind of change."""

    added = fields.List(fields.Nested(ChangeSchema))
    removed = fields.List(fields.Nested(ChangeSchema))
    changed = fields.List(fields.Nested(ChangeSchema))
    dependencies_added = fields.List(fields.Nested(ChangeSchema))
    dependencies_removed = fields.List(fields.Nested(ChangeSchema))
    status_changes = fields.List(fields.Nested(ChangeSchema))


class DiffSchema(ChangesSchema):
    from_position = fields.Integer()
    to_position = fields.Integer()

"""Schemas of plan documents (import/export), lists, and the audit trail."""

from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, validate

from domain.fields import DOCUMENT_MILESTONE, PLAN_DOCUMENT
from web.api.schemas import (
    MilestoneInSchema,
    MilestoneSchema,
    OutputSchema,
    PlanInSchema,
    PlanSchema,
    ReportingPeriodSchema,
    Said,
)
from web.api.spec_fields import IsoDateTime, field_for

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


class DocumentMilestoneSchema(MilestoneInSchema):
    requires = field_for(DOCUMENT_MILESTONE["requires"], load_default=list)
    affects = field_for(DOCUMENT_MILESTONE["affects"], load_default=list)

    class Meta:
        exclude = ("reason",)


class PlanDocumentSchema(PlanInSchema):
    """A plan with all its milestones and dependencies."""

    milestones = field_for(PLAN_DOCUMENT["milestones"], nested=DocumentMilestoneSchema,
                           load_default=list)
    reporting_periods = field_for(PLAN_DOCUMENT["reporting_periods"], nested=ReportingPeriodSchema,
                                  load_default=list, metadata={
                                      "description": "Default: 30 April, 31 August, 31 December."})


class ExportQuerySchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "yaml", "xlsx"]))


class PlanListSchema(OutputSchema):
    items = fields.List(fields.Nested(PlanSchema))


class MilestoneListSchema(OutputSchema):
    items = fields.List(fields.Nested(MilestoneSchema))


class HistoryQuerySchema(Schema):
    milestone = fields.String()
    actor = fields.String()
    type = fields.String()
    # A time without a zone is Swedish time, as everywhere in the API (`as_of` too).
    since = IsoDateTime(default_timezone=SWEDISH_TIME)
    until = IsoDateTime(default_timezone=SWEDISH_TIME)
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))
    after = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "Cursor from `next`: entries older than this log position."})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class AuditEntrySchema(OutputSchema):
    position = fields.Integer()
    recorded_at = fields.DateTime()
    actor = fields.String()
    type = fields.String()
    milestone = fields.String(allow_none=True)
    summary = Said(metadata={"description": "What happened, in the language of "
                                            "`Accept-Language` (English by default)."})
    reason = fields.String()


class HistorySchema(OutputSchema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    next = fields.Integer(allow_none=True)



"""Schemas of plan documents (import/export), lists, and the audit trail."""

from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, validate

from domain.fields import DOCUMENT_MILESTONE, PLAN_DOCUMENT
from web.api.goal_schemas import GoalInSchema, GoalLevelSchema, MetricInSchema
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


class DocumentGoalSchema(GoalInSchema):
    class Meta:
        exclude = ("reason",)


class DocumentMetricSchema(MetricInSchema):
    class Meta:
        exclude = ("reason",)


class PlanDocumentSchema(PlanInSchema):
    """A plan with its goal tree, metrics, milestones and dependencies (no reports: status
    reports, outcomes and assessments are reports on a plan, not part of it)."""

    milestones = field_for(PLAN_DOCUMENT["milestones"], nested=DocumentMilestoneSchema,
                           load_default=list)
    reporting_periods = field_for(PLAN_DOCUMENT["reporting_periods"], nested=ReportingPeriodSchema,
                                  load_default=list, metadata={
                                      "description": "Default: 30 April, 31 August, 31 December."})
    goal_levels = field_for(PLAN_DOCUMENT["goal_levels"], nested=GoalLevelSchema,
                            load_default=list, metadata={
                                "description": "The levels of the goal tree, from the top. "
                                               "Default: perspective, strategic_goal, "
                                               "result_goal."})
    goals = field_for(PLAN_DOCUMENT["goals"], nested=DocumentGoalSchema, load_default=list,
                      metadata={"description": "Goals; a parent may come before or after its "
                                               "children."})
    metrics = field_for(PLAN_DOCUMENT["metrics"], nested=DocumentMetricSchema,
                        load_default=list)


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



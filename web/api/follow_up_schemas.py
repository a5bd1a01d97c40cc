"""Schemas of follow-up: reporting periods, reports, trends and rounds of status reports."""

from typing import Any

from marshmallow import Schema, fields, validate

from domain.fields import PLAN_DOCUMENT, STATUS_REPORT
from domain.status_words import LANGUAGES
from service.follow_up import REPORT_STATUSES
from web.api.goal_schemas import GoalsSectionSchema, MetricsSectionSchema
from web.api.schemas import OutputSchema, ReportingPeriodSchema, body_filter, reason
from web.api.spec_fields import field_for
from web.api.time_schemas import TimeQuerySchema
from web.messages import language


class ReportingPeriodsSchema(Schema):
    # min_items: a plan needs at least one reporting period (the domain's rule).
    items = field_for(PLAN_DOCUMENT["reporting_periods"], nested=ReportingPeriodSchema,
                      required=True, min_items=1)
    reason = reason()


class ReportQuerySchema(TimeQuerySchema):  # type: ignore[misc, valid-type]
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))
    body = body_filter()


class TrendQuerySchema(TimeQuerySchema):  # type: ignore[misc, valid-type]
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "svg"]))
    lang = fields.String(load_default="sv", validate=validate.OneOf(LANGUAGES))


def totals_field() -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=validate.OneOf(REPORT_STATUSES)),
                       values=fields.Integer(),
                       metadata={"description": "Milestones per status, `not_reported` included."})


class ReportLineSchema(OutputSchema):
    key = fields.String()
    title = fields.String()
    focus_area = fields.String()
    target_year = fields.Integer()
    status = fields.String(metadata={"enum": list(REPORT_STATUSES)})
    comment = fields.String()
    reported_for = fields.Date(allow_none=True)
    reported_by = fields.String(allow_none=True)


class FocusAreaTotalsSchema(OutputSchema):
    key = fields.String()
    name = fields.String()
    totals = totals_field()


class ReportSchema(OutputSchema):
    plan = fields.String()
    title = fields.String()
    on = fields.Date(metadata={"description": "The reporting date."})
    period = fields.Nested(ReportingPeriodSchema, allow_none=True)
    position = fields.Integer(metadata={"description": "Log position of the plan's last "
                                                       "event known to this report."})
    totals = totals_field()
    by_focus_area = fields.List(fields.Nested(FocusAreaTotalsSchema))
    milestones = fields.List(fields.Nested(ReportLineSchema))
    goals = fields.Nested(GoalsSectionSchema, metadata={
        "description": "Goals with the assessment in force; totals count the lowest level."})
    metrics = fields.Nested(MetricsSectionSchema, metadata={
        "description": "Metrics with target, outcome, attainment and result."})
    summary = fields.Method("summary_sentence", metadata={
        "type": "string", "description": "The report's opening sentence, in the request's "
                                         "language."})

    def summary_sentence(self, report: Any) -> str:
        return str(report.summary(language()))


class TrendPointSchema(OutputSchema):
    period = fields.Nested(ReportingPeriodSchema)
    on = fields.Date()
    totals = totals_field()


class TrendSchema(OutputSchema):
    items = fields.List(fields.Nested(TrendPointSchema))


class StatusReportRowSchema(Schema):
    milestone = fields.String(required=True)
    status = field_for(STATUS_REPORT["status"])
    comment = field_for(STATUS_REPORT["comment"], load_default="")
    reported_for = field_for(STATUS_REPORT["reported_for"], load_default=None)


class StatusRoundSchema(Schema):
    reports = fields.List(fields.Nested(StatusReportRowSchema), required=True,
                          validate=validate.Length(min=1, max=10_000))
    reason = reason()


class StatusRoundResultSchema(OutputSchema):
    stored = fields.Integer(metadata={"description": "How many reports were stored."})

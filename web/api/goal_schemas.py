"""Schemas of goals, metrics, their assessments and outcomes, and the report's goal parts."""

from functools import lru_cache
from typing import Any

from marshmallow import Schema, fields, validate

from domain.fields import ASSESSMENT, GOAL, GOAL_LEVEL, GOAL_LEVELS, METRIC, OUTCOME, TARGET
from domain.fields import THRESHOLDS as THRESHOLD_FIELDS
from domain.goal_values import NOT_ASSESSED, Assessment, MetricResult
from web.api.schemas import OutputSchema, reason
from web.api.spec_fields import field_for

ASSESSMENT_VALUES = [*(a.value for a in Assessment), NOT_ASSESSED]
RESULT_VALUES = [r.value for r in MetricResult]


class GoalLevelSchema(Schema):
    key = field_for(GOAL_LEVEL["key"])
    name = field_for(GOAL_LEVEL["name"])


class GoalLevelsSchema(Schema):
    items = field_for(GOAL_LEVELS["levels"], nested=GoalLevelSchema, min_items=1, metadata={
        "description": "The levels of the goal tree, from the top."})
    reason = reason()


class GoalLevelListSchema(OutputSchema):
    items = fields.List(fields.Nested(GoalLevelSchema), metadata={
        "description": "The levels of the goal tree, from the top."})


class GoalInSchema(Schema):
    key = field_for(GOAL["key"])
    title = field_for(GOAL["title"])
    description = field_for(GOAL["description"], load_default="")
    level = field_for(GOAL["level"])
    parent = field_for(GOAL["parent"], load_default=None, allow_none=True, metadata={
        "description": "The key of a goal of a higher level, or null for a top goal."})
    responsible = field_for(GOAL["responsible"], load_default=list)
    reason = reason()


class GoalPatchSchema(Schema):
    title = field_for(GOAL["title"], required=False)
    description = field_for(GOAL["description"], required=False)
    level = field_for(GOAL["level"], required=False)
    parent = field_for(GOAL["parent"], required=False, allow_none=True)
    responsible = field_for(GOAL["responsible"], required=False)
    reason = reason()


class AssessmentInSchema(Schema):
    assessment = field_for(ASSESSMENT["assessment"])
    analysis = field_for(ASSESSMENT["analysis"], load_default="")
    measures = field_for(ASSESSMENT["measures"], load_default="")
    reported_for = field_for(ASSESSMENT["reported_for"], load_default=None, metadata={
        "description": "The reporting date the assessment speaks for; default: the last "
                       "reporting date that has come."})
    reason = reason()


class RecordedAssessmentSchema(OutputSchema):
    assessment = fields.Enum(Assessment, by_value=True)
    analysis = fields.String()
    measures = fields.String()
    reported_for = fields.Date()
    actor = fields.String()
    recorded_at = fields.DateTime()
    position = fields.Integer()


class GoalSchema(OutputSchema):
    plan = fields.String()
    key = fields.String()
    title = fields.String()
    description = fields.String()
    level = fields.String()
    parent = fields.String(allow_none=True)
    responsible = fields.List(fields.String())
    children = fields.List(fields.String())
    metrics = fields.List(fields.String())
    milestones = fields.List(fields.String(), metadata={
        "description": "The milestones that serve the goal."})
    on = fields.Date(metadata={"description": "The date the assessment is in force on."})
    assessment = fields.String(metadata={"enum": ASSESSMENT_VALUES})
    analysis = fields.String()
    measures = fields.String()
    reported_for = fields.Date(allow_none=True)
    assessments = fields.List(fields.Nested(RecordedAssessmentSchema), metadata={
        "description": "Every assessment, in the order entered."})
    version = fields.Integer()
    changed_at = fields.DateTime()
    changed_by = fields.String()


class GoalListSchema(OutputSchema):
    items = fields.List(fields.Nested(GoalSchema), metadata={"description": "In tree order."})


class TargetSchema(Schema):
    year = field_for(TARGET["year"])
    value = field_for(TARGET["value"])


class ThresholdsSchema(Schema):
    green_from = field_for(THRESHOLD_FIELDS["green_from"], load_default=100, metadata={
        "description": "Attainment in percent from which the metric is met (green)."})
    yellow_from = field_for(THRESHOLD_FIELDS["yellow_from"], load_default=90, metadata={
        "description": "Attainment in percent from which it is partly met (yellow)."})


class MetricInSchema(Schema):
    key = field_for(METRIC["key"])
    goal = field_for(METRIC["goal"])
    name = field_for(METRIC["name"])
    unit = field_for(METRIC["unit"])
    direction = field_for(METRIC["direction"])
    frequency = field_for(METRIC["frequency"], load_default="period")
    baseline = field_for(METRIC["baseline"], nested=TargetSchema, load_default=None,
                         allow_none=True)
    targets = field_for(METRIC["targets"], nested=TargetSchema, load_default=list)
    thresholds = field_for(METRIC["thresholds"], nested=ThresholdsSchema, load_default=None,
                           allow_none=True, metadata={
                               "description": "Default: green from 100 %, yellow from 90 %."})
    source = field_for(METRIC["source"], load_default="")
    reason = reason()


class MetricPatchSchema(Schema):
    goal = field_for(METRIC["goal"], required=False)
    name = field_for(METRIC["name"], required=False)
    unit = field_for(METRIC["unit"], required=False)
    direction = field_for(METRIC["direction"], required=False)
    frequency = field_for(METRIC["frequency"], required=False)
    baseline = field_for(METRIC["baseline"], nested=TargetSchema, required=False,
                         allow_none=True)
    targets = field_for(METRIC["targets"], nested=TargetSchema, required=False)
    thresholds = field_for(METRIC["thresholds"], nested=ThresholdsSchema, required=False)
    source = field_for(METRIC["source"], required=False)
    reason = reason()


class OutcomeInSchema(Schema):
    value = field_for(OUTCOME["value"], required=True, allow_none=True, metadata={
        "description": "The measured value; null: not measured this time."})
    reported_for = field_for(OUTCOME["reported_for"], load_default=None)
    comment = field_for(OUTCOME["comment"], load_default="")
    reason = reason()


class RecordedOutcomeSchema(OutputSchema):
    value = fields.Float(allow_none=True)
    comment = fields.String()
    reported_for = fields.Date()
    actor = fields.String()
    recorded_at = fields.DateTime()
    position = fields.Integer()


class TargetOutSchema(OutputSchema):
    year = fields.Integer()
    value = fields.Float()


class ThresholdsOutSchema(OutputSchema):
    green_from = fields.Float()
    yellow_from = fields.Float()


class MetricSchema(OutputSchema):
    plan = fields.String()
    key = fields.String()
    goal = fields.String()
    name = fields.String()
    unit = fields.String()
    direction = fields.String(metadata={"enum": ["higher_is_better", "lower_is_better"]})
    frequency = fields.String(metadata={"enum": ["period", "annual"]})
    baseline = fields.Nested(TargetOutSchema, allow_none=True)
    targets = fields.List(fields.Nested(TargetOutSchema))
    thresholds = fields.Nested(ThresholdsOutSchema)
    source = fields.String()
    on = fields.Date(metadata={"description": "The date the standing below is for."})
    target = fields.Float(allow_none=True, metadata={"description": "The target of on's year."})
    outcome = fields.Float(allow_none=True, metadata={"description": "The outcome in force."})
    attainment = fields.Float(allow_none=True, metadata={
        "description": "Percent of target, to one decimal rounded down; null without a ratio."})
    result = fields.String(metadata={"enum": RESULT_VALUES})
    comment = fields.String()
    reported_for = fields.Date(allow_none=True)
    outcomes = fields.List(fields.Nested(RecordedOutcomeSchema), metadata={
        "description": "Every outcome, in the order entered."})
    version = fields.Integer()
    changed_at = fields.DateTime()
    changed_by = fields.String()


class MetricListSchema(OutputSchema):
    items = fields.List(fields.Nested(MetricSchema))


class GoalLineSchema(OutputSchema):
    key = fields.String()
    title = fields.String()
    level = fields.String()
    parent = fields.String(allow_none=True)
    depth = fields.Integer()
    responsible = fields.List(fields.String())
    children = fields.List(fields.String())
    metrics = fields.List(fields.String())
    milestones = fields.List(fields.String())
    assessment = fields.String(metadata={"enum": ASSESSMENT_VALUES})
    analysis = fields.String()
    measures = fields.String()
    reported_for = fields.Date(allow_none=True)
    reported_by = fields.String(allow_none=True)


class MetricLineSchema(OutputSchema):
    key = fields.String()
    goal = fields.String()
    name = fields.String()
    unit = fields.String()
    direction = fields.String()
    frequency = fields.String()
    target = fields.Float(allow_none=True)
    outcome = fields.Float(allow_none=True)
    attainment = fields.Float(allow_none=True)
    result = fields.String(metadata={"enum": RESULT_VALUES})
    comment = fields.String()
    reported_for = fields.Date(allow_none=True)
    green_from = fields.Float()
    yellow_from = fields.Float()


class LineList(fields.List):
    """A report's goal or metric lines. Lines are frozen values, and a plan's next report
    repeats most of them, so each distinct line is dumped once and its dump reused: dumping
    700 lines field by field was most of a report's time (benchmarks/goal_report.py)."""

    def __init__(self, schema: type[Schema], **kwargs: Any) -> None:
        super().__init__(fields.Nested(schema), **kwargs)
        self._dump_line = lru_cache(maxsize=LINES_KEPT)(schema().dump)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else [self._dump_line(line) for line in value]


LINES_KEPT = 20_000  # two plans of MAX_GOALS and MAX_METRICS, and some to spare


class GoalsSectionSchema(OutputSchema):
    level = fields.String(allow_none=True, metadata={
        "description": "The goal level the totals count (the lowest level in use)."})
    level_name = fields.String()
    totals = fields.Dict(keys=fields.String(validate=validate.OneOf(ASSESSMENT_VALUES)),
                         values=fields.Integer(), attribute="goal_totals")
    items = LineList(GoalLineSchema, attribute="goals")


class MetricsSectionSchema(OutputSchema):
    totals = fields.Dict(keys=fields.String(validate=validate.OneOf(RESULT_VALUES)),
                         values=fields.Integer(), attribute="metric_totals")
    items = LineList(MetricLineSchema, attribute="metrics")

"""Schemas of the goal map: the strategic map's formats, time parameters and language, its own
filters and shape."""

from marshmallow import fields, validate

from domain.fields import GOAL
from domain.status_words import LANGUAGES
from web.api.goal_schemas import ASSESSMENT_VALUES, RESULT_VALUES
from web.api.map_schemas import FORMATS, LaneSchema, MapEdgeSchema, MapNodeSchema, query_list
from web.api.schemas import OutputSchema
from web.api.spec_fields import field_for
from web.api.time_schemas import TimeQuerySchema


class GoalMapQuerySchema(TimeQuerySchema):  # type: ignore[misc, valid-type]
    format = fields.String(load_default="svg", validate=validate.OneOf(FORMATS))
    perspective = query_list(field_for(GOAL["key"], required=False),
                             "Only the goals under these top-level goals (keys)")
    assessment = query_list(fields.String(validate=validate.OneOf(ASSESSMENT_VALUES)),
                            "Only goals below the top level with these assessments")
    lang = fields.String(load_default="sv", validate=validate.OneOf(LANGUAGES))


class GoalMapGoalSchema(OutputSchema):
    key = fields.String()
    title = fields.String()
    level = fields.String()
    parent = fields.String(allow_none=True)
    lane = fields.String(metadata={"description": "The top-level goal it is under."})
    depth = fields.Integer()
    assessment = fields.String(validate=validate.OneOf(ASSESSMENT_VALUES), metadata={
        "description": "The assessment in force on `on`."})
    results = fields.Dict(keys=fields.String(validate=validate.OneOf(RESULT_VALUES)),
                          values=fields.Integer(), metadata={
        "description": "How many of its metrics have each result on `on`."})


class GoalMapSchema(OutputSchema):
    plan = fields.String()
    title = fields.String()
    on = fields.Date()
    position = fields.Integer()
    columns = fields.List(fields.String(), metadata={
        "description": "The goal levels at each depth of the tree, from the top."})
    lanes = fields.List(fields.Nested(LaneSchema), metadata={
        "description": "The top-level goals (perspectives)."})
    goals = fields.List(fields.Nested(GoalMapGoalSchema))
    milestones = fields.List(fields.Nested(MapNodeSchema), metadata={
        "description": "The milestones that serve the goals shown, with their status on `on`."})
    edges = fields.List(fields.Nested(MapEdgeSchema), metadata={
        "description": "`contains`: from a goal to its child; `serves`: from a milestone to "
                       "the goal it serves."})

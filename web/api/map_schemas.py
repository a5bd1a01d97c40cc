"""Schemas of the strategic map and the dependency analysis."""

from typing import Any

from marshmallow import Schema, fields, validate

from domain.fields import MILESTONE, STATUS_REPORT, Day, Year
from domain.status_words import LANGUAGES
from domain.values import Status
from service.maps import HIGHLIGHTS
from web.api.schemas import OutputSchema, body_filter
from web.api.spec_fields import field_for
from web.api.time_schemas import TimeQuerySchema

FORMATS = ["svg", "png", "pdf", "dot", "json"]


class QueryList(fields.List):
    """A list in the query string, repeated (`status=a&status=b`, as OpenAPI's `explode: true`
    says and generated clients send), comma-separated (`status=a,b`), or both."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(each, str) for each in values):
            raise self.make_error("invalid")
        parts = [part for each in values if each for part in each.split(",")]
        return super()._deserialize(parts, attr, data, **kwargs)


def query_list(item: fields.Field, what: str) -> QueryList:
    return QueryList(item, load_default=list, metadata={
        "description": f"{what}: repeat the parameter or separate them by commas."})


class MapQuerySchema(TimeQuerySchema):  # type: ignore[misc, valid-type]
    format = fields.String(load_default="svg", validate=validate.OneOf(FORMATS))
    focus_area = query_list(field_for(MILESTONE["focus_area"], required=False),
                            "Only these focus areas (keys)")
    status = query_list(field_for(STATUS_REPORT["status"], required=False),
                        "Only milestones in these statuses")
    around = field_for(MILESTONE["key"], required=False, metadata={
        "description": "Show only this milestone's neighbourhood."})
    depth = fields.Integer(load_default=1, validate=validate.Range(1, 10))
    highlight = query_list(fields.String(validate=validate.OneOf(HIGHLIGHTS)), "Highlight these")
    lang = fields.String(load_default="sv", validate=validate.OneOf(LANGUAGES))
    body = body_filter()


class ProposalMapQuerySchema(MapQuerySchema):
    """The map's parameters but time travel: a proposal is read against the plan as it is."""

    class Meta:
        exclude = ("as_of", "revision", "position")


class LaneSchema(OutputSchema):
    key = fields.String()
    name = fields.String()


class MapNodeSchema(OutputSchema):
    key = fields.String()
    title = fields.String()
    focus_area = fields.String()
    target_year = fields.Integer()
    status = fields.Enum(Status, by_value=True)
    kind = fields.Function(lambda node: node.kind.value)
    highlights = fields.List(fields.String())


class MapEdgeSchema(OutputSchema):
    from_ = fields.String(attribute="source", data_key="from")
    to = fields.String(attribute="target")
    kind = fields.String()
    highlights = fields.List(fields.String())


class MapSchema(OutputSchema):
    plan = fields.String()
    title = fields.String()
    on = fields.Date()
    position = fields.Integer()
    years = fields.List(fields.Integer())
    lanes = fields.List(fields.Nested(LaneSchema))
    nodes = fields.List(fields.Nested(MapNodeSchema))
    edges = fields.List(fields.Nested(MapEdgeSchema))


class ConflictSchema(OutputSchema):
    milestone = fields.String()
    target_year = fields.Integer()
    requires = fields.String()
    required_target_year = fields.Integer()


class BlockedSchema(OutputSchema):
    milestone = fields.String()
    because = fields.List(fields.String())


class AnalysisSchema(OutputSchema):
    on = fields.Date()
    order = fields.List(fields.List(fields.String()))
    critical_path = fields.List(fields.String())
    conflicts = fields.List(fields.Nested(ConflictSchema))
    blocked = fields.List(fields.Nested(BlockedSchema))
    overdue = fields.List(fields.String())


class WhatIfQuerySchema(Schema):
    slip = field_for(MILESTONE["key"], metadata={"description": "The milestone that slips."})
    to = field_for(Year(), strict=False, metadata={
        "description": "Its new target year, within the plan period (earlier is allowed)."})
    on = field_for(Day(required=False), metadata={
        "description": "Reporting date for statuses (achieved and dropped milestones never "
                       "move); default today."})


class MoveSchema(OutputSchema):
    key = fields.String()
    from_ = fields.Integer(attribute="from_year", data_key="from")
    to = fields.Integer(attribute="to_year")


class CriticalPathsSchema(OutputSchema):
    before = fields.List(fields.String(), attribute="critical_path_before")
    after = fields.List(fields.String(), attribute="critical_path_after")


class WhatIfSchema(OutputSchema):
    slip = fields.String()
    to = fields.Integer()
    on = fields.Date()
    moves = fields.List(fields.Nested(MoveSchema), metadata={
        "description": "The slipped milestone first, then the milestones that move with it in "
                       "topological order of `requires`."})
    conflicts = fields.List(fields.Nested(ConflictSchema), metadata={
        "description": "The schedule conflicts the slip makes, with every achieved or dropped "
                       "milestone it leaves before a moved prerequisite."})
    critical_path = fields.Function(lambda what_if: CriticalPathsSchema().dump(what_if),
                                    metadata={"description": "`before` and `after` the slip."})

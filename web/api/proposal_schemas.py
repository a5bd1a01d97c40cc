"""Schemas of proposals: a change by op, a proposal side by side with its plan."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from domain.errors import N_, Message
from domain.fields import DEPENDENCY, MILESTONE, PROPOSAL, Year, problems
from domain.proposal import ChangeOp, ProposalState
from web.api.map_schemas import AnalysisSchema
from web.api.schemas import (
    MilestoneInSchema,
    MilestonePatchSchema,
    OutputSchema,
    Said,
    reason,
)
from web.api.spec_fields import field_for
from web.api.time_schemas import ChangesSchema, RevisionInSchema

SLIP = "slip"
OPS = (*(op.value for op in ChangeOp), SLIP)
# Which fields each op needs besides `op` and `reason`.
NEEDS = {"define": ("milestone",), "edit": ("key", "changes"), "move": ("key", "target_year"),
         "drop": ("key",), "add_dependency": ("from_", "to", "kind"),
         "remove_dependency": ("from_", "to", "kind"), SLIP: ("milestone", "to")}
DEFINED = MilestoneInSchema(exclude=("reason",))
EDITED = MilestonePatchSchema(exclude=("reason",))


class ProposalInSchema(Schema):
    key = field_for(PROPOSAL["key"])
    title = field_for(PROPOSAL["title"])
    description = field_for(PROPOSAL["description"], load_default="")
    reason = reason()


class ChangeInSchema(Schema):
    """One change, by `op`: `define` {milestone: {a milestone's fields}}, `edit` {key,
    changes}, `move` {key, target_year, focus_area?}, `drop` {key}, `add_dependency` and
    `remove_dependency` {from, to, kind}, `slip` {milestone: key, to: year}; `reason` with
    any (a move, a slip and a drop need one)."""

    op = fields.String(required=True, validate=validate.OneOf(OPS))
    key = field_for(MILESTONE["key"], required=False, metadata={
        "description": "The milestone edited, moved or dropped."})
    milestone = fields.Raw(metadata={"description": "define: the new milestone's fields (as "
                                                    "POST /milestones); slip: its key."})
    changes = fields.Dict(metadata={"description": "edit: the fields to change (as PATCH)."})
    focus_area = field_for(MILESTONE["focus_area"], required=False)
    target_year = field_for(MILESTONE["target_year"], required=False)
    from_ = field_for(DEPENDENCY["from"], data_key="from", required=False)
    to = fields.Raw(metadata={"description": "A dependency's `to` milestone; slip: the year."})
    kind = field_for(DEPENDENCY["kind"], required=False)
    reason = reason()

    @post_load
    def by_op(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """The service's primitives: op, the milestone (`key`), its `fields`, `reason`."""
        op = data["op"]
        missing = {("from" if name == "from_" else name): [Message(N_("Missing data for "
                                                                      "required field."))]
                   for name in NEEDS[op] if data.get(name) is None}
        if missing:
            raise ValidationError(missing)
        if op == "define":
            milestone = nested(DEFINED, data["milestone"], "milestone")
            return primitives(op, milestone.pop("key"), milestone, data["reason"])
        if op == "edit":
            return primitives(op, data["key"], nested(EDITED, data["changes"], "changes"),
                              data["reason"])
        if op == "move":
            placement: dict[str, Any] = {
                name: data[name] for name in ("focus_area", "target_year") if name in data}
            return primitives(op, data["key"], placement, data["reason"])
        if op == "drop":
            return primitives(op, data["key"], {}, data["reason"])
        if op == SLIP:
            checked(MILESTONE, "key", data["milestone"], "milestone")
            checked({"to": Year()}, "to", data["to"], "to")
            return primitives(op, data["milestone"], {"to": data["to"]}, data["reason"])
        checked(DEPENDENCY, "to", data["to"], "to")
        return primitives(op, data["from_"], {"to": data["to"], "kind": data["kind"]},
                          data["reason"])


def primitives(op: str, key: str, values: dict[str, Any], why: str) -> dict[str, Any]:
    return {"op": op, "milestone": key, "fields": values, "reason": why}


def nested(schema: Schema, value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError({name: [Message(N_("Not a valid mapping type."))]})
    try:
        loaded: dict[str, Any] = schema.load(value)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from None
    return loaded


def checked(spec: Any, field: str, value: Any, name: str) -> None:
    found = problems({field: spec[field]}, {field: value})
    if found:
        raise ValidationError({name: found[field]})


class ChangeSchemaOut(OutputSchema):
    op = fields.String()
    key = fields.String(metadata={"description": "The milestone (a dependency's `from`)."})
    fields_ = fields.Dict(data_key="fields", attribute="fields")
    reason = fields.String()
    actor = fields.String()
    recorded_at = fields.DateTime(data_key="time")
    position = fields.Integer()


class ChangeListSchema(OutputSchema):
    changes = fields.List(fields.Nested(ChangeSchemaOut), metadata={
        "description": "The changes recorded: one, or a slip's moves."})


class ProposalSummarySchema(OutputSchema):
    plan = fields.String()
    key = fields.String()
    title = fields.String()
    description = fields.String()
    state = fields.String(validate=validate.OneOf([s.value for s in ProposalState]))
    base_position = fields.Integer(metadata={
        "description": "The plan's latest change (log position) the proposal is based on."})
    made_by = fields.String()
    made_at = fields.DateTime()
    changes = fields.List(fields.Nested(ChangeSchemaOut))
    stale = fields.Boolean(metadata={"description": "What the plan says changed since: it "
                                                    "cannot be adopted as it is."})
    changed_meanwhile = fields.List(Said(), metadata={
        "description": "Stale proposals: what changed in the plan since, oldest first."})
    closed_by = fields.String(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closed_reason = fields.String()
    adopted_year = fields.Integer(allow_none=True)
    adopted_position = fields.Integer(allow_none=True)


class ProposalSchema(ProposalSummarySchema):
    diff = fields.Nested(ChangesSchema, allow_none=True, metadata={
        "description": "Open proposals: the plan now → as the proposal would leave it."})
    analysis = fields.Nested(AnalysisSchema, allow_none=True)
    problem = Said(allow_none=True, metadata={
        "description": "Why there is no diff: a change the plan as it is now refuses."})


class ImportedProposalSchema(ProposalSchema):
    notes = fields.List(Said(), metadata={
        "description": "What the document says that a proposal does not carry (the plan's own "
                       "fields, focus areas, reporting periods, goal tree: ignored), or that "
                       "it holds no changes."})


class ProposalListSchema(OutputSchema):
    items = fields.List(fields.Nested(ProposalSummarySchema))


class WithdrawalInSchema(Schema):
    reason = reason()


AdoptionInSchema = RevisionInSchema

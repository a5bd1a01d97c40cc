"""Schemas of the follow-up year: bodies, the follow-up plan, rounds and decisions."""

from marshmallow import Schema, fields, validate

from domain.fields import BODY, DECISION, FOLLOW_UP_ENTRY, FOLLOW_UP_PLAN, RETURN
from domain.year_values import ITEM_STATES, BodyKind, EntryKind
from web.api.follow_up_schemas import ReportSchema
from web.api.schemas import OutputSchema, checkpoint_ref, reason
from web.api.spec_fields import field_for


class BodyInSchema(Schema):
    key = field_for(BODY["key"])
    name = field_for(BODY["name"])
    kind = field_for(BODY["kind"])
    reason = reason()


class BodySchema(OutputSchema):
    key = fields.String()
    name = fields.String()
    kind = fields.Enum(BodyKind, by_value=True)
    version = fields.Integer()


class BodyListSchema(OutputSchema):
    items = fields.List(fields.Nested(BodySchema))


class MeetingSchema(Schema):
    body = field_for(FOLLOW_UP_ENTRY["meeting_body"], metadata={"description": "A body key."})
    date = field_for(FOLLOW_UP_ENTRY["meeting_date"])


class EntrySchema(Schema):
    key = field_for(FOLLOW_UP_ENTRY["key"])
    title = field_for(FOLLOW_UP_ENTRY["title"])
    kind = field_for(FOLLOW_UP_ENTRY["kind"])
    reporting_date = field_for(FOLLOW_UP_ENTRY["reporting_date"])
    deadline = field_for(FOLLOW_UP_ENTRY["deadline"])
    meeting = fields.Nested(MeetingSchema, required=True)
    presenter = field_for(FOLLOW_UP_ENTRY["presenter"], load_default="")
    scope = field_for(FOLLOW_UP_ENTRY["scope"], load_default="")


class FollowUpPlanInSchema(Schema):
    entries = field_for(FOLLOW_UP_PLAN["entries"], nested=EntrySchema, required=True)
    reason = reason()


class MeetingOutSchema(OutputSchema):
    body = fields.String(attribute="meeting_body")
    date = fields.Date(attribute="meeting_date")


class EntryOutSchema(OutputSchema):
    key = fields.String()
    title = fields.String()
    kind = fields.Enum(EntryKind, by_value=True)
    reporting_date = fields.Date()
    deadline = fields.Date()
    meeting = fields.Function(lambda entry: MeetingOutSchema().dump(entry),
                              metadata={"type": "object"})
    presenter = fields.String()
    scope = fields.String()


class FollowUpPlanSchema(OutputSchema):
    entries = fields.List(fields.Nested(EntryOutSchema))


class FollowUpPlanQuerySchema(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "ics"]))


class RoundInSchema(Schema):
    entry = field_for(FOLLOW_UP_ENTRY["key"], metadata={
        "description": "The key of a follow-up plan entry."})
    reason = reason()


class ItemSchema(OutputSchema):
    id = fields.String(metadata={"description": "`milestone:KEY`, `goal:KEY` or `metric:KEY`."})
    kind = fields.String(metadata={"enum": ["milestone", "goal", "metric"]})
    key = fields.String()
    title = fields.String()
    body = fields.String(allow_none=True)
    state = fields.String(metadata={"enum": list(ITEM_STATES)})
    returned_comment = fields.String()


class ProgressSchema(OutputSchema):
    body = fields.String(allow_none=True)
    total = fields.Integer()
    reported = fields.Integer()
    left = fields.Integer()
    returned = fields.Integer()
    not_reported_by = fields.List(fields.String(), metadata={
        "description": "The body's reporters while it has items left."})


class DecisionOutSchema(OutputSchema):
    decided_by = fields.String(attribute="decision.decided_by")
    date = fields.Date(attribute="decision.decided_on")
    paragraph = fields.String(attribute="decision.paragraph")
    case_number = fields.String(attribute="decision.case_number")
    summary = fields.String(attribute="decision.summary")
    position = fields.Integer(attribute="seal.position", metadata={
        "description": "The log position the decided report is read at."})
    seal = fields.String(attribute="seal.digest")
    report_digest = fields.String(metadata={
        "description": "SHA-256 of the decided report's content."})
    checkpoint = fields.Function(
        lambda decided: checkpoint_ref(decided.position), allow_none=True, metadata={
            "type": "object", "nullable": True, "description": "The checkpoint covering the "
            "decision: {size, root}; null until one is signed."})


class RoundSchema(OutputSchema):
    plan = fields.String()
    key = fields.String()
    title = fields.String()
    kind = fields.String()
    reporting_date = fields.Date()
    deadline = fields.Date()
    meeting = fields.Function(lambda view: {"body": view.meeting_body,
                                            "date": view.meeting_date.isoformat()},
                              metadata={"type": "object"})
    state = fields.String(metadata={"enum": ["open", "submitted", "decided"]})
    items = fields.List(fields.Nested(ItemSchema))
    progress = fields.List(fields.Nested(ProgressSchema))
    decision = fields.Function(
        lambda view: DecisionOutSchema().dump(view.record.decision)
        if view.record.decision else None, allow_none=True, metadata={"type": "object"})
    version = fields.Integer()


class RoundListSchema(OutputSchema):
    items = fields.List(fields.Nested(RoundSchema))


class SubmitSchema(Schema):
    force = fields.Boolean(load_default=False, metadata={
        "description": "Submit although items are left (planners; needs a reason)."})
    reason = reason()


class ReturnSchema(Schema):
    items = field_for(RETURN["items"], min_items=1)
    comment = field_for(RETURN["comment"])
    reason = reason()


class DecisionInSchema(Schema):
    decided_by = field_for(DECISION["decided_by"], metadata={"description": "A body key."})
    date = field_for(DECISION["decided_on"])
    paragraph = field_for(DECISION["paragraph"])
    case_number = field_for(DECISION["case_number"])
    summary = field_for(DECISION["summary"], load_default="")
    reason = reason()


class CorrectionSchema(OutputSchema):
    item = fields.String()
    position = fields.Integer()
    actor = fields.String()


class RoundReportSchema(OutputSchema):
    round = fields.Nested(RoundSchema)
    decided = fields.Boolean()
    report = fields.Nested(ReportSchema)
    corrected_since = fields.List(fields.Nested(CorrectionSchema), metadata={
        "description": "Reports for the round's date entered after the decision."})


class RoundReportQuerySchema(Schema):
    format = fields.String(load_default="json",
                           validate=validate.OneOf(["json", "pdf", "xlsx", "csv"]))

"""How dates, enums and value objects are stored in events (the default JSON transcoder
rejects `date` and would silently turn str-enums into plain strings)."""

from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.goal_values import (
    Assessment,
    AssessmentReport,
    Direction,
    Frequency,
    GoalLevel,
    Outcome,
    Target,
    Thresholds,
)
from domain.proposal import ChangeOp, ProposedChange
from domain.reporting_period import ReportingPeriod
from domain.status import StatusReport
from domain.user import Role
from domain.values import (
    DependencyKind,
    Effect,
    EffectFor,
    FocusArea,
    MilestoneKind,
    Revision,
    Seal,
    Status,
)
from domain.year_values import (
    BodyKind,
    Decision,
    EntryKind,
    FollowUpEntry,
    ItemKind,
    RoundItem,
    RoundState,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def enum_transcoding(enum_type: type[Enum]) -> Transcoding:
    class EnumAsValue(Transcoding):
        type = enum_type
        name = enum_type.__name__

        def encode(self, obj: Enum) -> Any:
            return obj.value

        def decode(self, data: Any) -> Enum:
            return enum_type(data)

    return EnumAsValue()


class EffectAsDict(Transcoding):
    type = Effect
    name = "effect"

    def encode(self, obj: Effect) -> dict[str, Any]:
        return {"for": obj.for_, "text": obj.text}

    def decode(self, data: dict[str, Any]) -> Effect:
        return Effect(data["for"], data["text"])


class FocusAreaAsDict(Transcoding):
    type = FocusArea
    name = "focus_area"

    def encode(self, obj: FocusArea) -> dict[str, Any]:
        return {"key": obj.key, "name": obj.name, "description": obj.description}

    def decode(self, data: dict[str, Any]) -> FocusArea:
        return FocusArea(**data)


class StatusReportAsDict(Transcoding):
    type = StatusReport
    name = "status_report"

    def encode(self, obj: StatusReport) -> dict[str, Any]:
        return {"status": obj.status, "comment": obj.comment,
                "reported_for": obj.reported_for, "actor": obj.actor}

    def decode(self, data: dict[str, Any]) -> StatusReport:
        return StatusReport(**data)


class RevisionAsDict(Transcoding):
    type = Revision
    name = "revision"

    def encode(self, obj: Revision) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Revision:
        return Revision(**data)


class SealAsDict(Transcoding):
    type = Seal
    name = "seal"

    def encode(self, obj: Seal) -> dict[str, Any]:
        return {"position": obj.position, "digest": obj.digest,
                "heads": [list(head) for head in obj.heads]}

    def decode(self, data: dict[str, Any]) -> Seal:
        return Seal(data["position"], data["digest"], tuple(tuple(h) for h in data["heads"]))


class ReportingPeriodAsDict(Transcoding):
    type = ReportingPeriod
    name = "reporting_period"

    def encode(self, obj: ReportingPeriod) -> dict[str, Any]:
        return {"key": obj.key, "name": obj.name, "month": obj.month, "day": obj.day}

    def decode(self, data: dict[str, Any]) -> ReportingPeriod:
        return ReportingPeriod(**data)


def fields_transcoding(value_type: type, name: str) -> Transcoding:
    """A frozen dataclass of plain fields (and values with transcodings) as a dict."""

    class FieldsAsDict(Transcoding):
        type = value_type
        name = ""

        def encode(self, obj: Any) -> dict[str, Any]:
            return dict(vars(obj))

        def decode(self, data: dict[str, Any]) -> Any:
            return value_type(**data)

    FieldsAsDict.name = name
    return FieldsAsDict()


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for enum_type in (Status, MilestoneKind, DependencyKind, EffectFor, Role, Assessment,
                      Direction, Frequency, BodyKind, EntryKind, ItemKind, RoundState, ChangeOp):
        transcoder.register(enum_transcoding(enum_type))
    for transcoding in (EffectAsDict(), FocusAreaAsDict(), StatusReportAsDict(),
                        RevisionAsDict(), SealAsDict(), ReportingPeriodAsDict()):
        transcoder.register(transcoding)
    for value_type, name in ((GoalLevel, "goal_level"), (Target, "target"),
                             (Thresholds, "thresholds"), (AssessmentReport, "assessment_report"),
                             (Outcome, "outcome"), (FollowUpEntry, "follow_up_entry"),
                             (RoundItem, "round_item"), (Decision, "decision"),
                             (ProposedChange, "proposed_change")):
        transcoder.register(fields_transcoding(value_type, name))

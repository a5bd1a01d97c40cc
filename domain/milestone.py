"""The Milestone aggregate: what must be reached by when, and how it is going."""

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import N_, InvalidValueError
from domain.fields import (
    EDITABLE_MILESTONE_FIELDS,
    EFFECT,
    MILESTONE,
    STATUS_REPORT,
    check,
    check_count,
)
from domain.fields import PLACEMENT_FIELDS as PLACEMENT_FIELDS
from domain.plan import PLAN_NAMESPACE, Plan
from domain.reporting_period import check_reporting_date
from domain.status import StatusReport, status_in_force
from domain.values import Effect, MilestoneKind, Status

EDITABLE_FIELDS = EDITABLE_MILESTONE_FIELDS


@lru_cache(maxsize=ID_CACHE)
def milestone_id(plan_key: str, key: str) -> UUID:
    """Milestone ids derive from plan and key, so a duplicate key collides in the store."""
    return uuid5(PLAN_NAMESPACE, f"{plan_key}/{key}")


class Milestone(Aggregate):
    """A milestone (milstolpe) of one plan."""

    class MilestoneDefined(Aggregate.Created):
        plan_key: str
        key: str
        title: str
        description: str
        focus_area: str
        target_year: int
        kind: MilestoneKind
        responsible: list[str]
        effects: list[Effect]
        actor: str
        reason: str
        # The goals the milestone serves; events recorded before goals existed have none.
        goals: tuple[str, ...] = ()

    class MilestoneEdited(Aggregate.Event):
        changes: dict[str, Any]
        actor: str
        reason: str

    class MilestoneMoved(Aggregate.Event):
        focus_area: str
        target_year: int
        actor: str
        reason: str

    class StatusReported(Aggregate.Event):
        status: Status
        comment: str
        reported_for: date
        actor: str
        reason: str

    # Milestones recorded (or snapshotted) before goals existed serve none.
    goals: tuple[str, ...] | list[str] = ()

    @staticmethod
    def create_id(plan_key: str, key: str) -> UUID:
        return milestone_id(plan_key, key)

    @classmethod
    def define(
        cls,
        plan: Plan,
        key: str,
        title: str,
        description: str,
        focus_area: str,
        target_year: int,
        kind: MilestoneKind,
        responsible: list[str],
        effects: list[Effect],
        actor: str,
        reason: str = "",
        goals: list[str] | None = None,
    ) -> "Milestone":
        """Define a milestone; the caller checks that the `goals` it serves exist."""
        check(MILESTONE, "key", key)
        plan.check_placement(focus_area, target_year)
        fields = {"title": title, "description": description, "kind": kind,
                  "responsible": responsible, "effects": effects, "goals": goals or []}
        _check_fields(fields)
        return cls(plan.key, key, title, description, focus_area, target_year, kind,
                   list(responsible), list(effects), actor, reason, list(goals or []))

    @event(MilestoneDefined)
    def __init__(
        self,
        plan_key: str,
        key: str,
        title: str,
        description: str,
        focus_area: str,
        target_year: int,
        kind: MilestoneKind,
        responsible: list[str],
        effects: list[Effect],
        actor: str,
        reason: str,
        goals: list[str] | None = None,
    ) -> None:
        self.plan_key = plan_key
        self.key = key
        self.title = title
        self.description = description
        self.focus_area = focus_area
        self.target_year = target_year
        self.kind = kind
        self.responsible = responsible
        self.effects = effects
        if goals:  # else the class's (): as milestones recorded before goals existed
            self.goals = list(goals)
        self.reports: list[StatusReport] = []

    def edit(self, plan: Plan, changes: dict[str, Any], actor: str, reason: str = "") -> bool:
        """Apply the fields that differ from the current ones; False if nothing changed."""
        unknown = set(changes) - set(EDITABLE_FIELDS) - set(PLACEMENT_FIELDS)
        if unknown:
            raise InvalidValueError(N_("this field cannot be edited"), sorted(unknown)[0])
        edits = {f: v for f, v in changes.items() if f in EDITABLE_FIELDS and getattr(self, f) != v}
        _check_fields(edits)
        focus_area = changes.get("focus_area", self.focus_area)
        target_year = changes.get("target_year", self.target_year)
        moved = (focus_area, target_year) != (self.focus_area, self.target_year)
        if moved:
            plan.check_placement(focus_area, target_year)
            _check_reason(reason, N_("a move changes the plan: say why (the reason is kept "
                                     "with it)"))
        if edits:
            self._edit(edits, actor, reason)
        if moved:
            self._move(focus_area, target_year, actor, reason)
        return bool(edits) or moved

    @event(MilestoneEdited)
    def _edit(self, changes: dict[str, Any], actor: str, reason: str) -> None:
        for field, value in changes.items():
            setattr(self, field, value)

    @event(MilestoneMoved)
    def _move(self, focus_area: str, target_year: int, actor: str, reason: str) -> None:
        self.focus_area = focus_area
        self.target_year = target_year

    def report_status(
        self,
        plan_years: range,
        status: Status,
        comment: str,
        reported_for: date,
        today: date,
        actor: str,
        reason: str = "",
    ) -> None:
        check_reporting_date(plan_years, reported_for, today)
        if status is Status.DROPPED:
            _check_reason(reason, N_("a milestone is dropped by a decision: say why (the "
                                     "reason is kept with it)"))
        check(STATUS_REPORT, "comment", comment)
        self._report_status(status, comment, reported_for, actor, reason)

    @event(StatusReported)
    def _report_status(
        self, status: Status, comment: str, reported_for: date, actor: str, reason: str
    ) -> None:
        self.reports = [*self.reports, StatusReport(status, comment, reported_for, actor)]

    def status_on(self, on: date) -> Status:
        return status_in_force(self.reports, on)


def _check_reason(reason: str, message: str) -> None:
    if not reason.strip():
        raise InvalidValueError(message, "reason")


def _check_fields(fields: dict[str, Any]) -> None:
    for name in ("title", "description"):
        if name in fields:
            check(MILESTONE, name, fields[name])
    for name in ("responsible", "goals"):
        if name in fields:
            check(MILESTONE, name, list(fields[name]))
    check_count(MILESTONE, "effects", len(fields.get("effects", [])))
    for index, effect in enumerate(fields.get("effects", [])):
        check(EFFECT, "text", effect.text, f"effects.{index}.text")

"""A proposal side by side with its plan: the plan as the proposal would leave it, the
difference (the shape of `/diff`) and what changed in the plan since the proposal was made."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from projections.plan_diff import Change, diff_plans
from projections.read_model import STRUCTURE_EVENTS, ReadModel
from projections.records import AuditEntry, PlanRecord, Trail

STRUCTURE_TYPES = frozenset(event_class.__name__ for event_class in STRUCTURE_EVENTS)


def proposed_record(record: PlanRecord, events: Sequence[Any]) -> tuple[PlanRecord, list[AuditEntry]]:
    """`record` with the would-be `events` folded onto it, as if recorded right after it, and
    their audit entries."""
    model = ReadModel.from_checkpoint(record, record.position, keep_audit=True)
    state = model.fold((record.position + number, event)
                       for number, event in enumerate(events, start=1))
    return state.plans[record.key], list(state.trail(record.key))


def proposal_diff(record: PlanRecord, proposed: PlanRecord, trail: list[AuditEntry],
                  on: date) -> dict[str, list[Change]]:
    """What the proposal changes in the plan, as `/diff` says what changed between two points."""
    return diff_plans(record, proposed, trail, on, on, (record.position, proposed.position))


def changed_meanwhile(trail: Trail, since: int, until: int) -> list[AuditEntry]:
    """The changes to what the plan says recorded after position `since`, oldest first."""
    return [entry for entry in trail.between(since, until) if entry.type in STRUCTURE_TYPES]

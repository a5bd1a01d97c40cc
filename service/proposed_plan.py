"""The plan as a proposal would leave it: copies of its aggregates, changed in memory only.

Each proposed change is applied by the aggregates' own methods, so it is refused with the
usual messages (a cycle 409 with the cycle, a year outside the period 422, ...). The
copies are saved only when a proposal is adopted; otherwise they are dropped.
"""

from collections.abc import Callable
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import DuplicateKeyError
from domain.milestone import Milestone, milestone_id
from domain.plan import Plan
from domain.proposal import ChangeOp, ProposedChange
from domain.values import Status
from projections.follow_up import current_round
from projections.records import PlanRecord
from service.dependencies import dependency_kind
from service.milestones import ALREADY_DEFINED, check_goals_exist, define, domain_fields
from service.store import EventStore


class ProposedPlan:
    """A plan's aggregates with a proposal's changes applied, and the events they would record.

    The plan aggregate is loaded before the read model is read, and each milestone's version
    is noted as loaded, so `changed_since_read()` sees a write that came in between."""

    def __init__(self, store: EventStore, plan: str) -> None:
        self.store = store
        self.plan: Plan = store.plan(plan)
        self.record: PlanRecord = store.plan_record(plan)
        self.milestones: dict[str, Milestone] = {}
        self.loaded: dict[str, int] = {}
        self.events: list[Any] = []
        self._seen: dict[str | None, int] = {}  # by milestone key; the plan is None
        self._touched: set[str] = set()

    def apply(self, change: ProposedChange, actor: str) -> None:
        """Apply one change; its events follow those of the changes before it. Only the plan
        and the milestones the change reached are looked at: a slip's hundreds of moves would
        otherwise look at every milestone loaded so far, once per move."""
        self._touched.clear()
        APPLY[change.op](self, change, actor)
        touched = [(None, self.plan), *((key, self.milestones[key]) for key in self._touched)]
        for name, aggregate in touched:
            seen = self._seen.get(name, 0)
            self.events += aggregate.pending_events[seen:]
            self._seen[name] = len(aggregate.pending_events)

    def aggregates(self) -> list[Aggregate]:
        return [self.plan, *self.milestones.values()]

    def changed_since_read(self) -> bool:
        """Whether an aggregate loaded is newer than the read model it was checked against."""
        recorded = self.record.milestones
        return self.plan.version - len(self._pending(self.plan)) != self.record.version or any(
            key in recorded and recorded[key].version != version
            for key, version in self.loaded.items())

    def milestone(self, key: str, field: str | None = None) -> Milestone:
        if key not in self.milestones:
            milestone = self.store.milestone(self.record.key, key, field)
            self.milestones[key], self.loaded[key] = milestone, milestone.version
        self._touched.add(key)
        return self.milestones[key]

    def add(self, milestone: Milestone) -> None:
        """A milestone the proposal defines."""
        self.milestones[milestone.key] = milestone
        self._touched.add(milestone.key)

    @staticmethod
    def _pending(aggregate: Aggregate) -> list[Any]:
        return list(aggregate.pending_events)


def _define(draft: ProposedPlan, change: ProposedChange, actor: str) -> None:
    key, plan = change.key, draft.record.key
    if key in draft.milestones or draft.store.exists(milestone_id(plan, key)):
        raise DuplicateKeyError(ALREADY_DEFINED, "key", plan=plan, key=key)
    defined = sum(1 for m in draft.milestones.values() if m.key not in draft.record.milestones)
    draft.plan.check_room_for_milestones(len(draft.record.milestones) + defined)
    check_goals_exist(draft.store, plan, list(change.fields.get("goals", [])))
    draft.add(define(draft.plan, {**change.fields, "key": key}, actor, change.reason))


def _edit(draft: ProposedPlan, change: ProposedChange, actor: str) -> None:
    fields = domain_fields(change.fields)
    check_goals_exist(draft.store, draft.record.key, fields.get("goals", []))
    draft.milestone(change.key).edit(draft.plan, fields, actor, change.reason)


def _drop(draft: ProposedPlan, change: ProposedChange, actor: str) -> None:
    today = draft.store.today()
    draft.milestone(change.key).report_status(
        draft.record.years, Status.DROPPED, "", current_round(draft.record, today), today, actor,
        change.reason)


def _add_dependency(draft: ProposedPlan, change: ProposedChange, actor: str) -> None:
    draft.milestone(change.key, "from")
    draft.milestone(change.fields["to"], "to")
    draft.plan.add_dependency(change.key, change.fields["to"],
                              dependency_kind(change.fields["kind"]), actor, change.reason)


def _remove_dependency(draft: ProposedPlan, change: ProposedChange, actor: str) -> None:
    draft.plan.remove_dependency(change.key, change.fields["to"],
                                 dependency_kind(change.fields["kind"]), actor, change.reason)


APPLY: dict[ChangeOp, Callable[[ProposedPlan, ProposedChange, str], None]] = {
    ChangeOp.DEFINE: _define, ChangeOp.EDIT: _edit, ChangeOp.MOVE: _edit,
    ChangeOp.DROP: _drop, ChangeOp.ADD_DEPENDENCY: _add_dependency,
    ChangeOp.REMOVE_DEPENDENCY: _remove_dependency}

"""A plan loaded from a snapshot is checked against its log before any rule relies on it.

Snapshots are no link of the digest chain: one altered in the store (a `requires` edge taken
out, say) would let the plan accept the edge that closes a cycle in the real graph. The read
model is folded from the events alone, so a plan begun from a snapshot must agree with it on
everything its rules read; if it does not, the snapshot is ignored and the plan folded from its
events. Only loads that start from a snapshot pay for the check: once cached, an aggregate is
fast-forwarded by events.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import EventStore

from domain.plan import Plan
from projections.read_model import State
from projections.records import PlanRecord

logger = logging.getLogger(__name__)


class CheckedProjector:
    """The library's fold (each event mutates the aggregate), checking plans begun from a
    snapshot; the repository calls it for every load."""

    def __init__(self, events: EventStore[Any], caught_up: Callable[[], State]) -> None:
        self.events = events
        self.caught_up = caught_up

    def __call__(self, aggregate: Any, events: Iterable[Any]) -> Any:
        from_snapshot = False
        for event in events:
            from_snapshot = from_snapshot or isinstance(event, Snapshot)
            aggregate = event.mutate(aggregate)
        if from_snapshot and isinstance(aggregate, Plan):
            record = self.caught_up().plans.get(aggregate.key)
            if record is None or not agrees(aggregate, record):
                logger.warning("the snapshot of plan %r does not match its events; folding the "
                               "plan from its events (run `strategikarta verify`)", aggregate.key)
                aggregate = self.fold_events(aggregate)
        return aggregate

    def fold_events(self, plan: Plan) -> Plan:
        folded: Any = None
        for event in self.events.get(plan.id, lte=plan.version):
            folded = event.mutate(folded)  # type: ignore[attr-defined]
        assert isinstance(folded, Plan)
        return folded


def agrees(plan: Plan, record: PlanRecord) -> bool:
    """Same version and the same of everything the plan's rules read (a record of another
    version, written meanwhile by another process, cannot vouch for the snapshot)."""
    return (plan.version == record.version
            and (plan.start_year, plan.end_year) == (record.start_year, record.end_year)
            and tuple(plan.focus_areas) == record.focus_areas
            and {(source, target) for source, target in plan.requires} == record.requires
            and {(source, target) for source, target in plan.affects} == record.affects
            and tuple(plan.reporting_periods) == record.reporting_periods
            and [r.year for r in plan.revisions] == [r.year for r, _ in record.revisions])

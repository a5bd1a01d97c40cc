"""A plan's audit trail, read from the log itself: the events of the plan's aggregates, each
made an entry as an auditor reads it (`projections.audit_entries`). No worker keeps trails in
memory (at a million events they were a fifth of a worker's memory), and what the history
page, the diff and the proposal check read is the signed log, not a copy of it that `verify`
would not see."""

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from domain.goal import goal_id
from domain.metric import metric_id
from domain.milestone import milestone_id
from domain.plan import plan_id
from domain.proposal import proposal_id
from domain.round import round_id
from projections.audit_entries import audit_entry, entry_milestone
from projections.read_model import AUDITED_EVENTS
from projections.records import AuditEntry, PlanRecord
from service.plan_log import PlanLog

BATCH = 200  # events decoded at a time, newest first


class PlanTrail:
    """The trail of `record`'s plan up to log position `until` (the reader's state), oldest
    first when iterated; `newest_first` reads it in batches and stops when the reader does."""

    def __init__(self, log: PlanLog, record: PlanRecord, until: int) -> None:
        self.log, self.until = log, until
        # Which milestone, if any, each of the plan's aggregates is.
        key = record.key
        self.plan_aggregate = plan_id(key)
        self.recorded_by: dict[UUID, str | None] = {
            plan_id(key): None,
            **{milestone_id(key, m): m for m in record.milestones},
            **{goal_id(key, g): None for g in record.goals},
            **{metric_id(key, m): None for m in record.metrics},
            **{round_id(key, r): None for r in record.rounds},
            **{proposal_id(key, p): None for p in record.proposals}}

    def between(self, after: int, until: int) -> list[AuditEntry]:
        """The entries recorded after log position `after`, up to and including `until`."""
        positions = self.log.positions(self.recorded_by, after, min(until, self.until))
        return [entry for batch in _batches(positions) for entry in self._entries(batch)]

    def newest_first(self, before: int | None = None,
                     milestone: str | None = None) -> Iterator[AuditEntry]:
        """Entries from the newest on, only those older than position `before` if given; with
        `milestone`, only its entries (the events of its aggregate and the plan's are read)."""
        aggregates: Any = self.recorded_by
        if milestone is not None:
            aggregates = [a for a, m in self.recorded_by.items()
                          if m == milestone or a == self.plan_aggregate]
        until = self.until if before is None else min(self.until, before - 1)
        positions = self.log.positions(aggregates, 0, until)
        for end in range(len(positions), 0, -BATCH):
            yield from (entry for entry in reversed(self._entries(positions[max(0, end - BATCH):end]))
                        if milestone is None or entry.milestone == milestone)

    def __iter__(self) -> Iterator[AuditEntry]:
        return iter(self.between(0, self.until))

    def _entries(self, positions: list[int]) -> list[AuditEntry]:
        return [audit_entry(event, position,
                            entry_milestone(event, self.recorded_by[event.originator_id]))
                for position, event in self.log.events(positions)
                if type(event) in AUDITED_EVENTS]


def _batches(positions: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(positions), BATCH):
        yield positions[start:start + BATCH]

"""A plan's audit trail, read from the log itself: the events of the plan's aggregates, each
made an entry as an auditor reads it (`projections.audit_entries`). No worker keeps trails in
memory (at a million events they were a fifth of a worker's memory), and what the history
page, the diff and the proposal check read is the signed log, not a copy of it that `verify`
would not see."""

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.milestone import milestone_id
from domain.plan import plan_id
from projections.audit_entries import audit_entry, entry_milestone
from projections.read_model import AUDITED_EVENTS
from projections.records import AuditEntry, PlanRecord
from service.actor_marks import actor_marks
from service.plan_log import INDEX_COST, PlanLog, RowFilter

BATCH = 200  # events decoded at a time, newest first
AUDITED_KINDS = frozenset(event_class.__name__ for event_class in AUDITED_EVENTS)


class PlanTrail:
    """The trail of `record`'s plan up to log position `until` (the reader's state), oldest
    first when iterated; `newest_first` reads it in batches and stops when the reader does."""

    def __init__(self, log: PlanLog, record: PlanRecord, until: int) -> None:
        self.log, self.until = log, until
        self.plan_aggregate = plan_id(record.key)
        # Each of the plan's aggregates with its events' count, and which milestone, if any.
        self.versions: dict[UUID, int] = dict(record.aggregate_versions())
        self.recorded_by: dict[UUID, str | None] = dict.fromkeys(self.versions)
        self.recorded_by.update({milestone_id(record.key, m): m for m in record.milestones})

    def between(self, after: int, until: int) -> list[AuditEntry]:
        """The entries recorded after log position `after`, up to and including `until`."""
        positions = self.log.positions(self.recorded_by, after, min(until, self.until),
                                       sum(self.versions.values()))
        return [entry for start in range(0, len(positions), BATCH)
                for entry in self._entries(positions[start:start + BATCH])]

    def newest_first(self, before: int | None = None, milestone: str | None = None,
                     kind: str | None = None, actor: str | None = None,
                     after: int = 0) -> Iterator[AuditEntry]:
        """Entries from the newest on, only those older than position `before` if given, and
        only those after position `after`; with `milestone`, only its entries (the events of
        its aggregate and the plan's are read); with `kind` (an event class's name) or
        `actor`, only those, the database passing on only the rows whose topic names the
        class and which hold the actor's name as stored (`service.actor_marks`)."""
        if kind is not None and kind not in AUDITED_KINDS:
            return
        aggregates = [a for a, m in self.recorded_by.items()
                      if milestone is None or m == milestone or a == self.plan_aggregate]
        events = sum(self.versions[a] for a in aggregates)
        until = self.until if before is None else min(self.until, before - 1)
        # A stored topic names the event's class (no topic here was ever renamed).
        suffix = None if kind is None else f".{kind}"
        only = RowFilter(kind, None if actor is None else actor_marks(actor, self.log.mapper))
        for window in self._windows(aggregates, events, after, until, only):
            for position, stored in window:
                if suffix is not None and not stored.topic.endswith(suffix):
                    continue
                entry = self._entry(position, self.log.decode(stored))
                if entry is not None and (milestone is None or entry.milestone == milestone) and (
                        actor is None or entry.actor == actor):
                    yield entry

    def __iter__(self) -> Iterator[AuditEntry]:
        return iter(self.between(0, self.until))

    def _windows(self, aggregates: list[UUID], events: int, after: int, until: int,
                 only: RowFilter) -> Iterator[Iterator[tuple[int, StoredEvent]]]:
        """The aggregates' events after `after`, up to `until`, as stored (`only` those that
        pass), newest first, in windows back from `until`, each expected to hold a batch of
        them (from how densely the plan's events lie in the log), then twice as many: a page
        of the newest entries of a plan spread over a long log reads its last positions, not
        every event the plan ever had. A window that would cost more than the index gives way
        to it, for everything left at once."""
        wanted = BATCH
        while until > after:
            window = until * wanted // max(events, 1) + 1
            if window > INDEX_COST * events:
                positions = self.log.positions(aggregates, after, until, only=only)
                for end in range(len(positions), 0, -BATCH):
                    yield reversed(self.log.stored_at(positions[max(0, end - BATCH):end]))
                return
            start = max(after, until - window)
            yield reversed(self.log.stored_in_range(aggregates, start, until, only))
            until, wanted = start, wanted * 2

    def _entries(self, positions: list[int]) -> list[AuditEntry]:
        return [entry for position, event in self.log.events(positions)
                for entry in [self._entry(position, event)] if entry is not None]

    def _entry(self, position: int, event: Any) -> AuditEntry | None:
        if type(event) not in AUDITED_EVENTS:
            return None
        return audit_entry(event, position,
                           entry_milestone(event, self.recorded_by[event.originator_id]))

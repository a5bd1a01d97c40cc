"""The audit trail of a plan: who changed what, when and why, newest first."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from projections.records import AuditEntry

__all__ = ["AuditEntry", "History", "HistoryQuery", "MAX_PAGE"]
from service.store import EventStore

MAX_PAGE = 1000


@dataclass(frozen=True)
class HistoryQuery:
    """Filters of the audit trail; `after` is the cursor: only entries older than that position."""

    milestone: str | None = None
    actor: str | None = None
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    after: int | None = None

    def matches(self, entry: AuditEntry) -> bool:
        return (
            (self.milestone is None or entry.milestone == self.milestone)
            and (self.actor is None or entry.actor == self.actor)
            and (self.type is None or entry.type == self.type)
            and (self.since is None or entry.recorded_at >= self.since)
            and (self.until is None or entry.recorded_at <= self.until)
            and (self.after is None or entry.position < self.after)
        )


class History:
    """Read the audit trail."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def page(self, plan: str, query: HistoryQuery) -> tuple[list[AuditEntry], int | None]:
        """A page of matching entries and the cursor for the next page (None at the end)."""
        limit = max(1, min(query.limit, MAX_PAGE))
        page: list[AuditEntry] = []
        for entry in self._newest_first(plan, query):
            if query.matches(entry):
                if len(page) == limit:
                    return page, page[-1].position
                page.append(entry)
        return page, None

    def extract(self, plan: str, query: HistoryQuery) -> list[AuditEntry]:
        """Every matching entry, newest first, from the cursor `after` on: an extract is whole,
        whatever `limit` says."""
        return [entry for entry in self._newest_first(plan, query) if query.matches(entry)]

    def _newest_first(self, plan: str, query: HistoryQuery) -> Iterator[AuditEntry]:
        """The trail from the log, newest first: only what can match `query` is read. Nothing
        recorded at or before `until` lies after the timeline's position for it (a writer's
        clock that stepped back shows there too), so the newer events are not read at all;
        everything up to the timeline's position before `since` was recorded before it, so
        the reading stops there; an actor's entries lie within their span in the plan."""
        state = self.store.catch_up()
        trail = self.store.trail(plan, state)
        bounds = [query.after, None if query.until is None
                  else self.store.position_at(query.until, state.position) + 1]
        after = 0 if query.since is None else self.store.recorded_before(query.since,
                                                                          state.position)
        if query.actor is not None:
            span = state.plans[plan].actor_spans.get(query.actor)
            if span is None:
                return iter(())
            bounds.append(span[1] + 1)
            after = max(after, span[0] - 1)
        before = min((bound for bound in bounds if bound is not None), default=None)
        return trail.newest_first(before, query.milestone, query.type, query.actor, after)

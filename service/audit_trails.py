"""A plan's audit trail as one published state has it: the entries archived in the store up to
the state's `audit_through`, then the newer ones this process folded and still holds.

Both parts are fixed when the state is published (archived rows are never changed, and the held
list is never shortened in place), so a trail read while the log moves on stays the same.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from projections.read_model import State
from projections.records import AuditEntry, AuditTrail
from service.audit_tables import PAGE, AuditTables

Filters = Sequence[tuple[str, str, Any]]


class PlanTrail:
    """The whole trail of one plan, read from the store and from memory."""

    def __init__(self, tables: AuditTables, plan: str, state: State) -> None:
        self.tables = tables
        self.plan = plan
        # Archived rows past the state's position belong to a later state than this one.
        self.through = min(state.audit_through, state.position)
        self.held: AuditTrail = state.trail(plan)

    def between(self, after: int, until: int) -> list[AuditEntry]:
        """The entries recorded after log position `after`, up to and including `until`."""
        archived = (self.tables.between(self.plan, after, min(until, self.through))
                    if after < self.through else [])
        return archived + self.held.between(after, until)

    def newest_first(self, matches: Callable[[AuditEntry], bool], filters: Filters = (),
                     before: int | None = None) -> Iterator[AuditEntry]:
        """The entries `matches` accepts, newest first; `filters` say as much to the store,
        so that the archive reads only matching rows, a page at a time."""
        for entry in reversed(self.held):
            if matches(entry):
                yield entry
        while self.through:
            page = self.tables.newest(self.plan, self.through, before, filters)
            yield from (entry for entry in page if matches(entry))
            if len(page) < PAGE:
                return
            before = page[-1].position

    def __iter__(self) -> Iterator[AuditEntry]:
        """Oldest first."""
        yield from self.between(0, self.through) if self.through else []
        yield from self.held

    def __len__(self) -> int:
        return (self.tables.count(self.plan, self.through) if self.through else 0) + len(
            self.held)

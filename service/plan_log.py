"""A plan's own events, read from the log by its aggregates (the plan, its milestones, goals,
metrics, rounds and proposals): where they lie between two log positions, and the events at
given positions. The primary key on (aggregate, version) answers the first from its index."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from service.log_tables import LogTables
from service.store_errors import STORE_ERRORS, store_failure

CHUNK = 500  # aggregates or positions per query: well inside SQLite's limit on parameters


class PlanLog:
    """Plain SQL on the event store's own pool, in the events' schema."""

    def __init__(self, recorder: Any, mapper: Any) -> None:
        self.tables = LogTables(recorder)
        self.mapper = mapper
        self.as_text = self.tables.datastore.originator_id_type != "uuid"

    def positions(self, aggregates: Collection[UUID], after: int, until: int) -> list[int]:
        """The log positions of the aggregates' events after `after`, up to `until`, in order."""
        if until <= after or not aggregates:
            return []
        found: list[int] = []
        if self.tables.postgres:
            ids: list[Any] = [str(a) if self.as_text else a for a in aggregates]
            found = [row[0] for row in self._rows(
                "SELECT notification_id FROM {events} WHERE originator_id = ANY(?) "
                "AND notification_id > ? AND notification_id <= ?", ids, after, until)]
        else:
            hexes = [str(a) if self.as_text else a.hex for a in aggregates]
            for start in range(0, len(hexes), CHUNK):
                chunk = hexes[start:start + CHUNK]
                found += [row[0] for row in self._rows(
                    f"SELECT rowid FROM {{events}} WHERE originator_id IN "
                    f"({', '.join('?' * len(chunk))}) AND rowid > ? AND rowid <= ?",
                    *chunk, after, until)]
        return sorted(found)

    def events(self, positions: Sequence[int]) -> list[tuple[int, Any]]:
        """The events at these positions, decoded, in the order of `positions`."""
        column = "notification_id" if self.tables.postgres else "rowid"
        by_position: dict[int, Any] = {}
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start:start + CHUNK]
            if self.tables.postgres:
                rows = self._rows(f"SELECT {column}, originator_id, originator_version, topic, "
                                  f"state FROM {{events}} WHERE {column} = ANY(?)", list(chunk))
            else:
                rows = self._rows(f"SELECT {column}, originator_id, originator_version, topic, "
                                  f"state FROM {{events}} WHERE {column} IN "
                                  f"({', '.join('?' * len(chunk))})", *chunk)
            for position, aggregate, version, topic, state in rows:
                by_position[position] = self.mapper.decode(StoredEvent(
                    self._aggregate_id(aggregate), version, topic, bytes(state)))
        return [(position, by_position[position]) for position in positions
                if position in by_position]

    def _aggregate_id(self, stored: Any) -> Any:
        return stored if isinstance(stored, UUID) or self.as_text else UUID(stored)

    def _rows(self, sql: str, *params: Any) -> Iterable[tuple[Any, ...]]:
        try:
            with self.tables.datastore.transaction(commit=False) as cursor:
                return self.tables.fetch(cursor, sql, *params)
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error

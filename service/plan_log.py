"""A plan's own events, read from the log by its aggregates (the plan, its milestones, goals,
metrics, rounds and proposals): where they lie between two log positions, and the events at
given positions.

Two ways to find them, chosen by cost: the primary key on (aggregate, version) lists every
event of the aggregates (each costs about three times a row read by position), and a range of
positions read in order, each event's aggregate looked up in the list. A plan whose events
are many and spread over the log (status reports over a decade) is read by range near the
end; a small one, or a long range, by the index. Either may be narrowed (`RowFilter`) to the
rows whose topic names an event class and whose stored state holds one of some byte strings
(`service.actor_marks`), tested by the database: rows that cannot match are not even sent.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from service.log_tables import LogTables
from service.store_errors import STORE_ERRORS, store_failure

CHUNK = 500  # aggregates or positions per query: well inside SQLite's limit on parameters
INDEX_COST = 3  # an event found by the index, in rows read by position (measured on SQLite)


@dataclass(frozen=True)
class RowFilter:
    """What a stored event must show to be read at all: a topic naming the class `kind`
    (a stored topic is `module:Class.Kind`), and one of `marks` in its stored state."""

    kind: str | None = None
    marks: tuple[bytes, ...] | None = None

    def sql(self, postgres: bool) -> tuple[str, list[Any]]:
        """The condition (to follow others with AND) and its parameters."""
        conditions: list[str] = []
        params: list[Any] = []
        if self.kind is not None:  # LIKE ignores ASCII case in SQLite: the reader checks it
            conditions.append("topic LIKE ? ESCAPE '\\'")
            params.append("%." + "".join(f"\\{c}" if c in "%_\\" else c for c in self.kind))
        if self.marks is not None:
            test = "position(?::bytea in state) > 0" if postgres else "instr(state, ?) > 0"
            conditions.append(f"({' OR '.join([test] * len(self.marks)) or 'FALSE'})")
            params += self.marks
        return "".join(f" AND {condition}" for condition in conditions), params


ANY_ROW = RowFilter()


class PlanLog:
    """Plain SQL on the event store's own pool, in the events' schema."""

    def __init__(self, recorder: Any, mapper: Any) -> None:
        self.tables = LogTables(recorder)
        self.mapper = mapper
        self.as_text = self.tables.datastore.originator_id_type != "uuid"
        self.column = "notification_id" if self.tables.postgres else "rowid"

    def positions(self, aggregates: Collection[UUID], after: int, until: int,
                  expected: int | None = None, only: RowFilter = ANY_ROW) -> list[int]:
        """The log positions of the aggregates' events after `after`, up to `until`, in order
        (`only` those that pass); `expected` is about how many there are (a plan's versions),
        if known."""
        if until <= after or not aggregates:
            return []
        if expected is not None and until - after <= INDEX_COST * expected:
            return [position for position, *_ in self._range(aggregates, after, until, "", only)]
        return self._by_index(aggregates, after, until, only)

    def stored_in_range(self, aggregates: Collection[UUID], after: int, until: int,
                        only: RowFilter = ANY_ROW) -> list[tuple[int, StoredEvent]]:
        """The aggregates' events after `after`, up to `until`, as stored, in order: read by
        position, to be decoded (`decode`) only as far as a reader goes."""
        rows = self._range(aggregates, after, until, ", originator_version, topic, state", only)
        return [(position, StoredEvent(self.aggregate_id(aggregate), version, topic,
                                       bytes(state)))
                for position, aggregate, version, topic, state in rows]

    def _range(self, aggregates: Collection[UUID], after: int, until: int, columns: str,
               only: RowFilter) -> list[tuple[Any, ...]]:
        """The rows of a range of positions, in order, that belong to the aggregates: the
        position, the aggregate as stored, then `columns`."""
        wanted = {self.stored_id(a) for a in aggregates}
        holds, params = only.sql(self.tables.postgres)
        rows = self.rows(f"SELECT {self.column}, originator_id{columns} FROM {{events}} WHERE "
                          f"{self.column} > ? AND {self.column} <= ?{holds} "
                          f"ORDER BY {self.column}", after, until, *params)
        return [row for row in rows if row[1] in wanted]

    def decode(self, stored: StoredEvent) -> Any:
        return self.mapper.decode(stored)

    def _by_index(self, aggregates: Collection[UUID], after: int, until: int,
                  only: RowFilter) -> list[int]:
        return [row[0] for row in self._indexed(aggregates, after, until, "", only)]

    def stored_of(self, aggregates: Collection[UUID],
                  until: int) -> list[tuple[int, StoredEvent]]:
        """Every event of the aggregates up to `until`, as stored, in order: found by the
        primary key and read in the same pass (a whole plan, to be folded)."""
        rows = self._indexed(aggregates, 0, until,
                             ", originator_id, originator_version, topic, state", ANY_ROW)
        ids = {self.stored_id(a): a for a in aggregates}  # parsed once, not once per event
        return [(position, StoredEvent(ids.get(aggregate) or self.aggregate_id(aggregate),
                                       version, topic, bytes(state)))
                for position, aggregate, version, topic, state in rows]

    def _indexed(self, aggregates: Collection[UUID], after: int, until: int, columns: str,
                 only: RowFilter) -> list[tuple[Any, ...]]:
        """The rows of the aggregates' events after `after`, up to `until` (`only` those that
        pass), found by the primary key on (aggregate, version), in order of position: the
        position, then `columns`."""
        ids = [self.stored_id(a) for a in aggregates]
        holds, params = only.sql(self.tables.postgres)
        found: list[tuple[Any, ...]] = []
        if self.tables.postgres:
            found = self.rows(
                f"SELECT notification_id{columns} FROM {{events}} WHERE originator_id = ANY(?) "
                f"AND notification_id > ? AND notification_id <= ?{holds}", ids, after, until,
                *params)
        else:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                found += self.rows(
                    f"SELECT rowid{columns} FROM {{events}} WHERE originator_id IN "
                    f"({', '.join('?' * len(chunk))}) AND rowid > ? AND rowid <= ?{holds}",
                    *chunk, after, until, *params)
        return sorted(found, key=lambda row: int(row[0]))

    def events(self, positions: Sequence[int]) -> list[tuple[int, Any]]:
        """The events at these positions, decoded, in the order of `positions`."""
        return [(position, self.decode(stored)) for position, stored in self.stored_at(positions)]

    def stored_at(self, positions: Sequence[int]) -> list[tuple[int, StoredEvent]]:
        """The events at these positions as stored, in the order of `positions`."""
        by_position: dict[int, StoredEvent] = {}
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start:start + CHUNK]
            select = (f"SELECT {self.column}, originator_id, originator_version, topic, state "
                      f"FROM {{events}} WHERE {self.column} ")
            rows = (self.rows(select + "= ANY(?)", list(chunk)) if self.tables.postgres
                    else self.rows(select + f"IN ({', '.join('?' * len(chunk))})", *chunk))
            for position, aggregate, version, topic, state in rows:
                by_position[position] = StoredEvent(self.aggregate_id(aggregate), version,
                                                    topic, bytes(state))
        return [(position, by_position[position]) for position in positions
                if position in by_position]

    def first_events(self, after: int, until: int,
                     limit: int) -> list[tuple[int, UUID, str, bytes]]:
        """The first events (version 1) of aggregates after `after`, up to `until`, as stored:
        position, aggregate, topic, state; at most `limit`, in order."""
        rows = self.rows(f"SELECT {self.column}, originator_id, topic, state FROM {{events}} "
                         f"WHERE {self.column} > ? AND {self.column} <= ? AND "
                         f"originator_version = 1 ORDER BY {self.column} LIMIT ?",
                         after, until, limit)
        return [(int(position), self.as_uuid(aggregate), str(topic), bytes(state))
                for position, aggregate, topic, state in rows]

    def end(self) -> int:
        """The log's last position (0 if empty)."""
        return int(self.rows(f"SELECT max({self.column}) FROM {{events}}")[0][0] or 0)

    def as_uuid(self, stored: Any) -> UUID:
        return stored if isinstance(stored, UUID) else UUID(str(stored))

    def stored_id(self, aggregate: UUID) -> Any:
        """The aggregate as the events' table holds it."""
        if self.as_text:
            return str(aggregate)
        return aggregate if self.tables.postgres else aggregate.hex

    def aggregate_id(self, stored: Any) -> Any:
        return stored if isinstance(stored, UUID) or self.as_text else UUID(stored)

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        try:
            with self.tables.datastore.transaction(commit=False) as cursor:
                return self.tables.fetch(cursor, sql, *params)
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error

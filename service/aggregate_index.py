"""Which plan each aggregate belongs to: a table beside the events, derived from the log.

A plan's aggregates (its milestones, goals, metrics, rounds and proposals) have UUID 5 ids of
keys that only their own first events name; the plan aggregate lists none of them. So the
events of one plan cannot be found without folding the whole log, unless something keeps
aggregate -> plan. `strategikarta_aggregates` does: one row per aggregate (its kind, plan and
key, and the position of its first event), and `strategikarta_aggregates_through` the log
position up to which every first event has its row.

Whoever reads the index first brings it up to the log's end (`caught_up`): the first events
(version 1) recorded after that position are read as stored, their rows written and the
position moved on, in one transaction. Readers doing so at once write the same rows (a row
the log says otherwise of is written as the log says). Nothing is written when nothing was
created, unless the range read has grown long. The log stays the truth: `verify` derives every
row again from the first events it reads (`IndexCheck`), and `strategikarta rebuild` writes
the index again from the log.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.messages import N_, Message
from service.log_tables import LogEvent
from service.plan_log import PlanLog
from service.store_errors import STORE_ERRORS, store_failure

BATCH = 2000  # first events read at a time
UNWRITTEN_RANGE = 20_000  # positions read past without a first event before the position moves
NOT_INDEXED = N_("aggregate %(aggregate)s, first recorded at log position %(position)s, is "
                 "missing from the aggregate index (`strategikarta rebuild` writes it again "
                 "from the log)")
INDEXED_WRONGLY = N_("the aggregate index says aggregate %(aggregate)s is %(said)s; its first "
                     "event, at log position %(position)s, says %(told)s (`strategikarta "
                     "rebuild` writes the index again from the log)")
NEVER_RECORDED = N_("the aggregate index holds aggregate %(aggregate)s, which the log never "
                    "recorded (`strategikarta rebuild` writes the index again from the log)")

KIND_SAYS = {
    "plan": N_("plan '%(key)s'"),
    "milestone": N_("milestone '%(key)s'"),
    "goal": N_("goal '%(key)s'"),
    "metric": N_("metric '%(key)s'"),
    "round": N_("reporting round '%(key)s'"),
    "proposal": N_("proposal '%(key)s'"),
    "user": N_("user '%(key)s'"),
    "body": N_("body '%(key)s'"),
}
SOME_KIND = N_("%(kind)s '%(key)s'")
OF_PLAN = N_("%(item)s of plan '%(plan)s'")


@dataclass(frozen=True)
class IndexRow:
    """An aggregate as its first event names it: kind (`plan`, `milestone`, `goal`, `metric`,
    `round`, `proposal`, `user`, `body`), the plan it belongs to (None for users and bodies),
    its key (a user's name), and the log position of that event."""

    aggregate: UUID
    kind: str
    plan: str | None
    key: str
    position: int

    def says(self) -> Message:
        """What the row says, in words the edge translates."""
        item = Message(KIND_SAYS.get(self.kind, SOME_KIND), kind=self.kind, key=self.key)
        return item if self.plan is None else Message(OF_PLAN, item=item, plan=self.plan)


def index_row(position: int, aggregate: UUID, topic: str, state: bytes) -> IndexRow:
    """The row an aggregate's first event, as stored, gives: read from its JSON, not decoded
    into an event (`verify` reads every first event so)."""
    kind = topic.partition(":")[2].partition(".")[0].lower()
    fields = json.loads(state)
    key = fields.get("key", fields.get("name"))
    plan = fields.get("plan_key", key if kind == "plan" else None)
    return IndexRow(aggregate, kind, plan, str(key), position)


class AggregateIndex:
    """The index's two tables, read and kept up to date on the event store's own pool."""

    def __init__(self, log: PlanLog) -> None:
        self.log = log
        self.tables = log.tables

    def caught_up(self, until: int | None = None) -> int | None:
        """Index every aggregate first recorded up to `until` (the log's end if None); the
        position the index then holds, or None on a store older than the index (`db init`
        adds it)."""
        through = self.through()
        if through is None:
            return None
        end = self.log.end() if until is None else until
        while through < end:
            rows = self.log.first_events(through, end, BATCH)
            last = rows[-1][0] if len(rows) == BATCH else end
            found = [index_row(*row) for row in rows]
            if found or last - through >= UNWRITTEN_RANGE:
                self._write(found, through, last)
            through = last
        return through

    def through(self) -> int | None:
        return self.tables.position_of("aggregates_through")

    def plan_aggregates(self, plan: str) -> list[IndexRow]:
        """The plan's aggregates, the plan's own first, as far as the index is caught up."""
        return [self._row(*row) for row in self._query(
            "SELECT originator_id, kind, plan, item_key, position FROM {aggregates} WHERE plan = ? "
            "ORDER BY position", plan) or ()]

    def plans_changed(self, after: int, until: int) -> list[str]:
        """The plans with an event after log position `after`, up to `until`: the log's range
        read by position, each event's aggregate looked up in the index."""
        self.caught_up(until)
        return sorted(str(row[0]) for row in self._query(
            f"SELECT DISTINCT plan FROM ({self.changed_plans_sql()}) changed", after, until)
            or ())

    def changed_plans_sql(self) -> str:
        """A query of the plans with an event in a range of log positions (two parameters:
        after, up to): the log's range read by position, each event's aggregate looked up."""
        column = self.log.column
        return (f"SELECT a.plan FROM {{events}} e JOIN {{aggregates}} a ON a.originator_id = "
                f"e.originator_id WHERE e.{column} > ? AND e.{column} <= ? AND a.plan IS NOT NULL")

    def plan_keys(self, until: int, after: int = 0) -> list[str]:
        """Every plan created after log position `after`, up to `until`."""
        return [str(row[0]) for row in self._query(
            "SELECT item_key FROM {aggregates} WHERE position > ? AND position <= ? "
            "AND kind = 'plan'", after, until) or ()]

    def of_kinds(self, kinds: tuple[str, ...], until: int) -> list[IndexRow]:
        """The aggregates of these kinds first recorded up to `until` (users, bodies)."""
        return [self._row(*row) for row in self._query(
            "SELECT originator_id, kind, plan, item_key, position FROM {aggregates} WHERE kind "
            f"IN ({', '.join('?' * len(kinds))}) AND position <= ?", *kinds, until) or ()]

    def plans_with(self, kind: str, key: str) -> list[str]:
        """The plans that have an aggregate of this kind and key (a milestone key's plans)."""
        return sorted(str(row[0]) for row in self._query(
            "SELECT plan FROM {aggregates} WHERE kind = ? AND item_key = ?", kind, key) or ())

    def rows(self) -> Iterator[IndexRow]:
        """Every row, in order of position, then aggregate (keyset paging: no result held
        whole)."""
        after: tuple[Any, ...] = ()
        while True:
            where = "WHERE (position, originator_id) > (?, ?) " if after else ""
            batch = self._query(
                "SELECT originator_id, kind, plan, item_key, position FROM {aggregates} "
                f"{where}ORDER BY position, originator_id LIMIT ?", *after, BATCH) or []
            yield from (self._row(*row) for row in batch)
            if len(batch) < BATCH:
                return
            after = (batch[-1][4], batch[-1][0])

    def rebuild(self) -> int | None:
        """Every row written again from the log (after a row was found altered)."""
        if self.through() is None:
            return None
        self.tables.empty("aggregates", "aggregates_through")
        return self.caught_up()

    def _write(self, rows: list[IndexRow], through: int, last: int) -> None:
        """The rows and the new position, in one transaction; the log's word wins over a row
        already there, and the position only moves on."""
        upsert = ("INSERT INTO {aggregates} (originator_id, kind, plan, item_key, position) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (originator_id) DO UPDATE SET "
                  "kind = excluded.kind, plan = excluded.plan, item_key = excluded.item_key, "
                  "position = excluded.position")
        try:
            with self.tables.writing() as cursor:
                if rows:
                    cursor.executemany(self.tables.sql(upsert), [
                        (self.log.stored_id(r.aggregate), r.kind, r.plan, r.key, r.position)
                        for r in rows])
                cursor.execute(self.tables.sql(
                    "INSERT INTO {aggregates_through} (id, position) VALUES (1, ?) "
                    "ON CONFLICT (id) DO UPDATE SET position = excluded.position "
                    "WHERE {aggregates_through}.position < excluded.position"), (last,))
        except STORE_ERRORS as error:
            raise store_failure(error, "written") from error

    def _row(self, aggregate: Any, kind: Any, plan: Any, key: Any, position: Any) -> IndexRow:
        return IndexRow(self.log.as_uuid(aggregate), str(kind),
                        None if plan is None else str(plan), str(key), int(position))

    def _query(self, sql: str, *params: Any) -> list[tuple[Any, ...]] | None:
        return self.tables.rows_if_made(sql, *params)


class IndexCheck:
    """`verify`'s check of the index: the first events its pass reads, in log order, against
    the index's rows in order of position (a merge of the two: nothing held whole)."""

    def __init__(self, index: AggregateIndex) -> None:
        self.through = index.through()
        self._rows = iter(index.rows()) if self.through is not None else iter(())
        self._next: IndexRow | None = next(self._rows, None)
        self.found: list[tuple[int | None, Message]] = []

    def note(self, event: LogEvent) -> None:
        if event.originator_version != 1 or self.through is None or event.position > self.through:
            return
        aggregate = UUID(event.originator_id)
        first = index_row(event.position, aggregate, event.topic, event.state)
        self._extra_before(first.position, aggregate)
        row = self._next
        if row is not None and (row.position, row.aggregate) == (first.position, aggregate):
            if row != first:
                self.found.append((first.position, Message(
                    INDEXED_WRONGLY, aggregate=str(aggregate), said=row.says(),
                    told=first.says(), position=first.position)))
            self._next = next(self._rows, None)
        else:
            self.found.append((first.position, Message(NOT_INDEXED, aggregate=str(aggregate),
                                                       position=first.position)))

    def first_bad(self) -> tuple[int | None, Message | None]:
        """The earliest disagreement between the index and the first events read."""
        if self.through is not None:
            self._extra_before(self.through + 1, None)
        return min(self.found, key=lambda item: (item[0] is None, item[0] or 0),
                   default=(None, None))

    def _extra_before(self, position: int, aggregate: UUID | None) -> None:
        """Rows before this first event that no first event of the log matched."""
        while self._next is not None and (
                self._next.position < position
                or (self._next.position == position and aggregate is not None
                    and self._next.aggregate.bytes < aggregate.bytes)):
            self.found.append((None, Message(NEVER_RECORDED,
                                             aggregate=str(self._next.aggregate))))
            self._next = next(self._rows, None)

"""When each log position was recorded, in a table beside the events: time -> position for every
"as of" read, without a worker folding (or even holding) the whole log.

Timestamps come from the writers' clocks and may step backwards across writers, so each row
keeps, besides its own time, the earliest time at or after it (the suffix minimum: it never
decreases with the position) and the latest time at or before it (the prefix maximum: nor does
it). The last position recorded at or before T is then the last row whose suffix minimum is
<= T, and every event up to the last row whose prefix maximum is < T was recorded before T:
each one search of an index.

The table is derived from the log, like the aggregate index: whoever reads it first brings it
up to the position it reads at (`caught_up`), the log watch keeps it near the log's end, and
`verify` derives every row again (`TimelineCheck`). A catch-up holds the one row of
`strategikarta_timeline_through` for its whole transaction, so catch-ups run one at a time: a
batch lowers the suffix minima of every row before it, which must all be there.
"""

import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from domain.errors import StoreNotInitialisedError, StoreUnavailableError
from domain.messages import N_, Message
from service.log_tables import LogEvent
from service.plan_log import PlanLog
from service.store_errors import STORE_ERRORS, is_read_only, store_failure

BATCH = 5000  # events read at a time
HEAD = 120  # bytes of a stored event that hold its timestamp (the first field)
# How the library's JSON transcoder writes an event's first field.
TIMESTAMP = re.compile(rb'\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]{10,40})"\}')
NO_TIMELINE = N_("the store has no timeline table yet: run `strategikarta db init` (it adds the "
                 "table and leaves the events as they are)")
TIMELINE_DIFFERS = N_("the timeline table says position %(position)s was recorded at "
                      "%(said)s; the log says %(told)s (`strategikarta rebuild` writes it again "
                      "from the log)")
TIMELINE_EXTRA = N_("the timeline table holds log position %(position)s, which the log does "
                    "not (`strategikarta rebuild` writes it again from the log)")
TIMELINE_ORDER = N_("the timeline table's earliest time from log position %(position)s on is "
                    "not the log's (`strategikarta rebuild` writes it again from the log)")
TIMELINE_SHORT = N_("the timeline table lacks log position %(position)s (`strategikarta "
                    "rebuild` writes it again from the log)")


def recorded_at(state: bytes) -> float:
    """When a stored event was recorded (seconds since the epoch), read from its JSON's first
    field without decoding the rest; the whole JSON only if it is written otherwise."""
    found = TIMESTAMP.match(state, 0, HEAD) if isinstance(state, bytes) else None
    text = (found.group(1).decode() if found
            else json.loads(state)["timestamp"]["_data_"])
    return datetime.fromisoformat(text).timestamp()


def suffix_minima(stamps: list[float]) -> list[float]:
    minima, lowest = [0.0] * len(stamps), float("inf")
    for i in range(len(stamps) - 1, -1, -1):
        lowest = min(lowest, stamps[i])
        minima[i] = lowest
    return minima


def prefix_maxima(stamps: list[float], before: float | None) -> list[float]:
    maxima, highest = [], float("-inf") if before is None else before
    for stamp in stamps:
        highest = max(highest, stamp)
        maxima.append(highest)
    return maxima


class TimelineTable:
    """The timeline's rows, read and kept up to date on the event store's own pool."""

    def __init__(self, log: PlanLog) -> None:
        self.log = log
        self.tables = log.tables

    def position_at(self, when: datetime, until: int) -> int:
        """The last position up to `until` recorded at or before `when` (0 if none); the
        table brought up to `until` first."""
        through, tail = self._up_to(until)
        # The tail's own suffix minima are the log's; a row's is lowered by the tail's least
        # time, so if any of the tail's is at or before `when`, the answer lies in the tail.
        moment = when.timestamp()
        for position, lowest in reversed(list(zip(tail[0], suffix_minima(tail[1]),
                                                  strict=True))):
            if lowest <= moment:
                return position
        rows = self._query("SELECT position FROM {timeline} WHERE suffix_min <= ? AND "
                           "position <= ? ORDER BY suffix_min DESC, position DESC LIMIT 1",
                           moment, min(until, through))
        return int(rows[0][0]) if rows else 0

    def last_before(self, when: datetime, until: int) -> int:
        """The last position up to `until` such that it and every event before it were recorded
        before `when` (0 if none): a reader of what was recorded since `when` stops there."""
        through, tail = self._up_to(until)
        moment = when.timestamp()
        rows = self._query("SELECT position FROM {timeline} WHERE prefix_max < ? "
                           "AND position <= ? ORDER BY prefix_max DESC, position DESC LIMIT 1",
                           moment, min(until, through))
        found = int(rows[0][0]) if rows else 0
        if not tail[0]:
            return found
        last = self._query("SELECT prefix_max FROM {timeline} WHERE position <= ? ORDER BY "
                           "position DESC LIMIT 1", through)
        highest = float(last[0][0]) if last else None
        if highest is None or highest < moment:  # every row is before `when`: the tail goes on
            for position, reached in zip(tail[0], prefix_maxima(tail[1], highest), strict=True):
                if reached >= moment:
                    break
                found = position
        return found

    def _up_to(self, until: int) -> tuple[int, tuple[list[int], list[float]]]:
        """The table brought up to `until`: its position, and nothing more to read. On a store
        this process cannot write (a SQLite file opened read-only, a standby), the table as it
        is, and the events after it up to `until` (positions, times), read but not written."""
        try:
            through = self.caught_up(until)
        except StoreUnavailableError as error:
            if not is_read_only(error):
                raise
            through = self.through()
            if through is not None and through < until:
                return through, self._times(through, until)
        if through is None:
            raise StoreNotInitialisedError(NO_TIMELINE)
        return through, ([], [])

    def _times(self, after: int, until: int) -> tuple[list[int], list[float]]:
        positions: list[int] = []
        stamps: list[float] = []
        try:
            with self.tables.datastore.transaction(commit=False) as cursor:
                while after < until:
                    batch, times = self._read_times(cursor, after, until)
                    positions += batch
                    stamps += times
                    if len(batch) < BATCH:
                        break
                    after = batch[-1]
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error
        return positions, stamps

    def _read_times(self, cursor: Any, after: int, until: int) -> tuple[list[int], list[float]]:
        """The next BATCH events' positions after `after` up to `until`, and their times."""
        column = self.log.column
        rows = self.tables.fetch(
            cursor, f"SELECT {column}, substr(state, 1, {HEAD}) FROM {{events}} "
            f"WHERE {column} > ? AND {column} <= ? ORDER BY {column} LIMIT ?", after, until,
            BATCH)
        positions = [int(position) for position, _ in rows]
        return positions, [recorded_at(self._head(head, position)) for position, head in rows]

    def through(self) -> int | None:
        """The position up to which every event has its row; None on a store older than the
        table (`db init` adds it)."""
        return self.tables.position_of("timeline_through")

    def caught_up(self, until: int | None = None) -> int | None:
        """A row for every event up to `until` (the log's end if None); the position the table
        then holds, or None on a store older than it."""
        through = self.through()
        if through is None:
            return None
        end = self.log.end() if until is None else until
        while through < end:
            through = self._next_batch(end)
        return through

    def _next_batch(self, end: int) -> int:
        """One batch after the table's position, in a transaction that holds the position's
        row from its first statement (catch-ups take turns); the position then."""
        try:
            with self.tables.writing() as cursor:
                through = self.tables.held_position(cursor, "timeline_through")
                positions, stamps = self._read_times(cursor, through, end)
                if not positions:
                    return max(through, end)
                minima = suffix_minima(stamps)
                before = self.tables.fetch(
                    cursor, "SELECT prefix_max FROM {timeline} WHERE position = ?", through)
                maxima = prefix_maxima(stamps, float(before[0][0]) if before else None)
                cursor.execute(self.tables.sql(
                    "UPDATE {timeline} SET suffix_min = ? WHERE suffix_min > ?"),
                    (minima[0], minima[0]))
                cursor.executemany(self.tables.sql(
                    "INSERT INTO {timeline} (position, recorded_at, suffix_min, prefix_max) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (position) DO NOTHING"),
                    list(zip(positions, stamps, minima, maxima, strict=True)))
                last = positions[-1] if len(positions) == BATCH else max(positions[-1], end)
                cursor.execute(self.tables.sql(
                    "UPDATE {timeline_through} SET position = ? WHERE id = 1"), (last,))
                return last
        except STORE_ERRORS as error:
            raise store_failure(error, "written") from error

    def _head(self, head: Any, position: int) -> bytes:
        """The first bytes of a stored event; its whole state if the JSON is written otherwise
        (then its timestamp lies further in)."""
        first: bytes = bytes(head)
        if TIMESTAMP.match(first):
            return first
        stored = self.log.stored_at([position])
        return bytes(stored[0][1].state) if stored else first

    def snapshot(self) -> Iterator[tuple[int, float, float, float]]:
        """The position it is kept to, then (position, recorded_at, suffix_min, prefix_max) of
        every row in order of position: all as one moment saw them (a catch-up meanwhile
        lowers earlier rows)."""
        try:
            with self.tables.one_moment() as cursor:
                through = self.tables.fetch(
                    cursor, "SELECT position FROM {timeline_through} WHERE id = 1")
                yield (int(through[0][0]) if through else 0, 0.0, 0.0, 0.0)
                after = 0
                while True:  # pages read in the one transaction: the same moment's rows
                    batch = self.tables.fetch(
                        cursor, "SELECT position, recorded_at, suffix_min, prefix_max FROM "
                        "{timeline} WHERE position > ? ORDER BY position LIMIT ?", after, BATCH)
                    yield from ((int(p), float(r), float(s), float(m)) for p, r, s, m in batch)
                    if len(batch) < BATCH:
                        return
                    after = int(batch[-1][0])
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error

    def rebuild(self) -> int | None:
        if self.through() is None:
            return None
        self.tables.empty("timeline", "timeline_through")
        return self.caught_up()

    def _query(self, sql: str, *params: Any) -> list[tuple[Any, ...]] | None:
        return self.tables.rows_if_made(sql, *params)

class TimelineCheck:
    """`verify`'s check of the timeline table: every event's time as the pass reads it, and
    the minima and maxima computed again from them, against the table's rows as one moment
    saw them."""

    def __init__(self, table: TimelineTable) -> None:
        self.table = table
        self.kept = table.through() is not None
        self.positions = array("q")
        self.stamps = array("d")

    def note(self, event: LogEvent) -> None:
        if self.kept:
            self.positions.append(event.position)
            self.stamps.append(recorded_at(event.state))

    def first_bad(self) -> tuple[int | None, Message | None]:
        if not self.kept:
            return None, None
        rows = self.table.snapshot()
        through = next(rows)[0]
        count = bisect_right(self.positions, through)  # the events read that rows must match
        stamps = list(self.stamps[:count])
        maxima = prefix_maxima(stamps, None)
        kept_minima, later, i = array("d"), float("inf"), 0
        for position, stamp, lowest, highest in rows:
            if i == count:  # written after the pass read so far: unchecked, but it lowers minima
                later = min(later, stamp)
                continue
            expected = self.positions[i]
            if position != expected:
                return min(position, expected), Message(
                    TIMELINE_SHORT if position > expected else TIMELINE_EXTRA,
                    position=min(position, expected))
            if (stamp, highest) != (stamps[i], maxima[i]):
                return position, Message(TIMELINE_DIFFERS, position=position,
                                         said=_moment(stamp), told=_moment(stamps[i]))
            kept_minima.append(lowest)
            i += 1
        if i < count:
            return self.positions[i], Message(TIMELINE_SHORT, position=self.positions[i])
        for position, kept, lowest in zip(self.positions, kept_minima, suffix_minima(stamps),
                                          strict=False):
            if kept != min(lowest, later):
                return position, Message(TIMELINE_ORDER, position=position)
        return None, None


def _moment(stamp: float) -> str:
    return datetime.fromtimestamp(stamp).astimezone().isoformat()

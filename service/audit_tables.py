"""The plans' audit trails kept in the store beside the events, so a worker need not hold them.

`strategikarta_audit` holds one row per audit entry (by log position, with its plan), and
`strategikarta_audit_through` the log position up to which every entry is there. Both are
derived from the log (`AuditArchive` fills them; drop them and it fills them again), made by
`db init` and read on SQLite and PostgreSQL alike. An entry's parameters are kept as JSON
through the store's own transcoder (dates, enums), with the texts that are said in the
reader's language (`Message`, `Joined`, `Count`) marked so that they come back as they went
in: nothing read from here can run code.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import Transcoder
from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Identifier

from domain.errors import StoreNotInitialisedError
from domain.messages import Count, Joined, Message
from projections.records import AuditEntry
from service.log_tables import NO_LOG_TABLES, READ_ERRORS
from service.store_errors import lacks_tables

AUDIT, THROUGH = "strategikarta_audit", "strategikarta_audit_through"
PLAN_POSITIONS = "strategikarta_audit_plan_positions"
COLUMNS = "position, recorded_at, actor, type, milestone, template, vals, reason"
PAGE = 500  # rows a trail reads at a time


class AuditTables:
    """Plain SQL on the event store's own pool, in the events' schema."""

    def __init__(self, recorder: Any, transcoder: Transcoder) -> None:
        self.datastore = recorder.datastore
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        self.transcoder = transcoder

    def _sql(self, text: str) -> Any:
        if not self.postgres:
            return text.format(audit=AUDIT, through=THROUGH, positions=PLAN_POSITIONS,
                               blob="BLOB")
        schema = self.datastore.schema
        return SQL(text.replace("?", "%s")).format(
            audit=Identifier(schema, AUDIT), through=Identifier(schema, THROUGH),
            positions=Identifier(PLAN_POSITIONS), blob=SQL("BYTEA"))

    @contextmanager
    def _cursor(self, commit: bool = False) -> Iterator[Any]:
        try:
            with self.datastore.transaction(commit=commit) as cursor:
                yield cursor
        except READ_ERRORS as error:
            if commit and lacks_tables(error):
                raise StoreNotInitialisedError(NO_LOG_TABLES) from None
            raise

    def create(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._sql(
                "CREATE TABLE IF NOT EXISTS {audit} (position BIGINT PRIMARY KEY, "
                "plan TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, "
                "type TEXT NOT NULL, milestone TEXT, template TEXT NOT NULL, vals {blob} NOT NULL, "
                "reason TEXT NOT NULL)"))
            cursor.execute(self._sql(
                "CREATE INDEX IF NOT EXISTS {positions} ON {audit} (plan, position)"))
            cursor.execute(self._sql(
                "CREATE TABLE IF NOT EXISTS {through} (id INTEGER PRIMARY KEY, "
                "position BIGINT NOT NULL)"))

    def _rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        try:
            with self._cursor() as cursor:
                cursor.execute(self._sql(sql), params)
                return [tuple(row.values()) if isinstance(row, dict) else tuple(row)
                        for row in cursor.fetchall()]
        except READ_ERRORS as error:
            if lacks_tables(error):  # a store older than the archive: nothing archived
                return []
            raise

    def through(self) -> int:
        """Every entry up to this log position is in the table (0: none)."""
        rows = self._rows("SELECT position FROM {through} WHERE id = 1")
        return int(rows[0][0]) if rows else 0

    def archive(self, entries: Sequence[tuple[str, AuditEntry]], through: int) -> None:
        """Add entries (plan, entry) and move `through` on, in one transaction; an entry
        already there (another process archived it) is left as it is."""
        rows = [(entry.position, plan, utc_text(entry.recorded_at), entry.actor, entry.type,
                 entry.milestone, entry.template, self.encode(entry.values), entry.reason)
                for plan, entry in entries]
        with self._cursor(commit=True) as cursor:
            if rows:
                cursor.executemany(self._sql(
                    "INSERT INTO {audit} (position, plan, recorded_at, actor, type, milestone, "
                    "template, vals, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (position) DO NOTHING"), rows)
            cursor.execute(self._sql(
                "INSERT INTO {through} (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
                "SET position = excluded.position WHERE {through}.position < excluded.position"),
                (through,))

    def newest(self, plan: str, through: int, before: int | None = None,
               filters: Sequence[tuple[str, str, Any]] = (),
               limit: int = PAGE) -> list[AuditEntry]:
        """The plan's entries at or before `through` (and before `before`), newest first;
        `filters` are (column, operator, value) of the history's query."""
        conditions, params = ["plan = ?", "position <= ?"], [plan, through]
        if before is not None:
            conditions.append("position < ?")
            params.append(before)
        for column, operator, value in filters:
            assert column in {"milestone", "actor", "type", "recorded_at"}
            assert operator in {"=", ">=", "<="}
            conditions.append(f"{column} {operator} ?")
            params.append(utc_text(value) if isinstance(value, datetime) else value)
        return self._entries(
            f"SELECT {COLUMNS} FROM {{audit}} WHERE {' AND '.join(conditions)} "
            "ORDER BY position DESC LIMIT ?", *params, limit)

    def between(self, plan: str, after: int, until: int) -> list[AuditEntry]:
        """The plan's entries after log position `after` up to `until`, oldest first."""
        return self._entries(f"SELECT {COLUMNS} FROM {{audit}} WHERE plan = ? AND position > ? "
                             "AND position <= ? ORDER BY position", plan, after, until)

    def count(self, plan: str, through: int) -> int:
        rows = self._rows("SELECT COUNT(*) FROM {audit} WHERE plan = ? AND position <= ?",
                          plan, through)
        return int(rows[0][0]) if rows else 0

    def _entries(self, sql: str, *params: Any) -> list[AuditEntry]:
        return [AuditEntry(int(position), datetime.fromisoformat(at), actor, kind, milestone,
                           template, self.decode(bytes(values)), reason)
                for position, at, actor, kind, milestone, template, values, reason
                in self._rows(sql, *params)]

    def encode(self, values: tuple[Any, ...]) -> bytes:
        return self.transcoder.encode([_marked(value) for value in values])

    def decode(self, data: bytes) -> tuple[Any, ...]:
        return tuple(_unmarked(value) for value in self.transcoder.decode(data))


def utc_text(moment: datetime) -> str:
    """A time as the archive keeps it: UTC, to the microsecond, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _marked(value: Any) -> Any:
    """Texts said in the reader's language, as plain JSON that says what they were."""
    if isinstance(value, Joined):
        return {"_joined_": [_marked(part) for part in value.parts], "sep": value.separator}
    if isinstance(value, Message):
        return {"_message_": value.template,
                "params": {name: _marked(v) for name, v in value.params.items()}}
    if isinstance(value, Count):
        return {"_count_": int(value)}
    return value


def _unmarked(value: Any) -> Any:
    if isinstance(value, dict):
        if "_joined_" in value:
            return Joined([_unmarked(part) for part in value["_joined_"]], value["sep"])
        if "_message_" in value:
            return Message(value["_message_"],
                           **{name: _unmarked(v) for name, v in value["params"].items()})
        if "_count_" in value:
            return Count(value["_count_"])
    return value

"""The tables beside the events that hold the log's tree and its checkpoints, SQLite and PostgreSQL.

`strategikarta_log_tree` holds every perfect, aligned subtree of the tree (level, index, hash),
leaves with their log position; it is derived from the log and trusted only as far as a signed
checkpoint vouches for it. `strategikarta_checkpoints` holds the signed notes, one per size;
`strategikarta_snapshot_digests` the digest of every snapshot a checkpoint signed
(`service.snapshot_digests`); `strategikarta_log_notice` what a running server noticed (one row
at most), so every worker says it. `db init` creates them; a store made before them reads as
having none, and writing to them asks for `db init` (a worker never changes the schema). The
events themselves are read here too, as plainly as they lie, for a pass over the whole log
(`verify`).
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import psycopg
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Composable, Identifier

from domain.errors import StoreNotInitialisedError
from domain.messages import N_
from service.store_errors import STORE_ERRORS, lacks_tables, store_failure
from service.tree_roots import events_sql

TREE, CHECKPOINTS = "strategikarta_log_tree", "strategikarta_checkpoints"
NOTICE = "strategikarta_log_notice"
SNAPSHOT_DIGESTS = "strategikarta_snapshot_digests"
AGGREGATES, AGGREGATES_THROUGH = "strategikarta_aggregates", "strategikarta_aggregates_through"
TIMELINE, TIMELINE_THROUGH = "strategikarta_timeline", "strategikarta_timeline_through"
DIRECTORY, DIRECTORY_THROUGH = "strategikarta_directory", "strategikarta_directory_through"
SCHEMA = {  # placeholder -> columns
    "tree": "level INTEGER NOT NULL, idx BIGINT NOT NULL, hash {blob} NOT NULL, position BIGINT, "
          "PRIMARY KEY (level, idx)",
    "checkpoints": "size BIGINT PRIMARY KEY, root TEXT NOT NULL, signed_at TEXT NOT NULL, "
                 "note TEXT NOT NULL",
    "notice": "id INTEGER PRIMARY KEY, problem TEXT NOT NULL, position BIGINT, "
              "noticed_at TEXT NOT NULL",
    # The aggregate id as the snapshots' table holds it, so that the two join on their keys.
    "snapshot_digests": "originator_id {aggregate_id} NOT NULL, originator_version BIGINT NOT "
                        "NULL, digest {blob} NOT NULL, PRIMARY KEY (originator_id, "
                        "originator_version)",
    # Which plan each aggregate belongs to (`service.aggregate_index`), and how far it is kept.
    "aggregates": "originator_id {aggregate_id} PRIMARY KEY, kind TEXT NOT NULL, plan TEXT, "
                  "item_key TEXT NOT NULL, position BIGINT NOT NULL",
    "aggregates_through": "id INTEGER PRIMARY KEY, position BIGINT NOT NULL",
    # When each position was recorded (`service.timeline_table`), and how far it is kept.
    "timeline": "position BIGINT PRIMARY KEY, recorded_at DOUBLE PRECISION NOT NULL, "
                "suffix_min DOUBLE PRECISION NOT NULL, prefix_max DOUBLE PRECISION NOT NULL",
    "timeline_through": "id INTEGER PRIMARY KEY, position BIGINT NOT NULL",
    # Each plan's entry in the lists of plans (`service.directory_table`), and how far it is kept.
    "directory": "plan TEXT PRIMARY KEY, made_at BIGINT NOT NULL, entry TEXT NOT NULL, "
                 "signature TEXT NOT NULL",
    "directory_through": "id INTEGER PRIMARY KEY, position BIGINT NOT NULL",
}
INDEXES = {  # name -> table and columns
    "strategikarta_aggregates_plan": "{aggregates} (plan, position)",
    "strategikarta_aggregates_key": "{aggregates} (kind, item_key)",
    "strategikarta_aggregates_position": "{aggregates} (position, originator_id)",
    "strategikarta_timeline_suffix_min": "{timeline} (suffix_min, position)",
    "strategikarta_timeline_prefix_max": "{timeline} (prefix_max, position)",
}
LEAF_POSITIONS = "strategikarta_log_positions"
Row = tuple[int, int, bytes, int | None]  # level, index, hash, position (leaves only)
READ_ERRORS: tuple[type[Exception], ...] = (*STORE_ERRORS, psycopg.Error)  # raw SQL: unwrapped
NO_LOG_TABLES = N_("the store has no tables for the log's checkpoints yet: run `strategikarta db "
                   "init` (it adds them and leaves the events as they are)")
class LogEvent(NamedTuple):
    """A stored event as the log holds it, its aggregate as the hyphenated UUID."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


class LogTables:
    """Plain SQL on the event store's own connection pool, in the events' schema."""

    def __init__(self, recorder: Any, snapshots: Any = None) -> None:
        self.events = recorder.events_table_name
        self.datastore = recorder.datastore
        # Snapshots are signed in the checkpoint's transaction: only if they share its database.
        shared = getattr(snapshots, "datastore", None) is self.datastore
        self.snapshots: str | None = snapshots.events_table_name if shared else None
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        if not self.postgres and not isinstance(self.datastore, SQLiteDatastore):
            raise TypeError("the log's tree is kept in SQLite or PostgreSQL only")

    def sql(self, text: str) -> Any:
        """`{tree}`, `{checkpoints}`, `{snapshot_digests}`, `{snapshots}` and `?` written once
        for both databases."""
        snapshots = self.snapshots or "stored_snapshots"
        if not self.postgres:
            return text.format(tree=TREE, checkpoints=CHECKPOINTS, notice=NOTICE, blob="BLOB",
                               positions=LEAF_POSITIONS, events=self.events,
                               snapshot_digests=SNAPSHOT_DIGESTS, snapshots=snapshots,
                               aggregate_id="TEXT", aggregates=AGGREGATES,
                               aggregates_through=AGGREGATES_THROUGH, timeline=TIMELINE,
                               timeline_through=TIMELINE_THROUGH, directory=DIRECTORY,
                               directory_through=DIRECTORY_THROUGH)
        schema = self.datastore.schema
        names: dict[str, Composable] = {
            "tree": Identifier(schema, TREE), "checkpoints": Identifier(schema, CHECKPOINTS),
            "notice": Identifier(schema, NOTICE),
            "blob": SQL("BYTEA"), "positions": Identifier(LEAF_POSITIONS),
            "snapshot_digests": Identifier(schema, SNAPSHOT_DIGESTS),
            "snapshots": Identifier(schema, snapshots),
            "aggregates": Identifier(schema, AGGREGATES),
            "aggregates_through": Identifier(schema, AGGREGATES_THROUGH),
            "timeline": Identifier(schema, TIMELINE),
            "timeline_through": Identifier(schema, TIMELINE_THROUGH),
            "directory": Identifier(schema, DIRECTORY),
            "directory_through": Identifier(schema, DIRECTORY_THROUGH),
            "aggregate_id": SQL("UUID" if self.datastore.originator_id_type == "uuid" else "TEXT")}
        names["events"] = Identifier(schema, self.events)
        return SQL(text.replace("?", "%s")).format(**names)

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """A cursor in a transaction that commits unless an exception leaves it."""
        with self._cursor(commit=True) as cursor:
            yield cursor

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
            for table, columns in SCHEMA.items():
                cursor.execute(self.sql(f"CREATE TABLE IF NOT EXISTS {{{table}}} ({columns})"))
            # Only leaves have a position: a comparison on it implies the index's condition.
            cursor.execute(self.sql("CREATE INDEX IF NOT EXISTS {positions} ON {tree} "
                                     "(position) WHERE position IS NOT NULL"))
            for name, columns in INDEXES.items():  # unqualified: an index lives in its table's schema
                cursor.execute(self.sql(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}"))

    def fetch(self, cursor: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """The rows of a query as tuples, in either database."""
        cursor.execute(self.sql(sql), params)
        return [tuple(row.values()) if isinstance(row, dict) else tuple(row)
                for row in cursor.fetchall()]

    def rows_if_made(self, sql: str, *params: Any) -> list[tuple[Any, ...]] | None:
        """The rows of a query on tables derived from the log (the aggregate index, the
        timeline); None on a store made before them (`db init` adds them)."""
        try:
            with self.datastore.transaction(commit=False) as cursor:
                return self.fetch(cursor, sql, *params)
        except STORE_ERRORS as error:
            if lacks_tables(error):
                return None
            raise store_failure(error, "read") from error

    @contextmanager
    def one_moment(self) -> Iterator[Any]:
        """A cursor in a read transaction whose every query sees the same moment (REPEATABLE
        READ on PostgreSQL; a SQLite read transaction does so already): a derived table and
        its position read together, as `verify` compares them."""
        with self.datastore.transaction(commit=False) as cursor:
            if self.postgres:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield cursor

    def position_of(self, through: str) -> int | None:
        """How far a table derived from the log is kept: the one row of its `through` table
        (placeholder, e.g. `timeline_through`); 0 before its first catch-up, None on a store
        made before the table (`db init` adds it)."""
        rows = self.rows_if_made(f"SELECT position FROM {{{through}}} WHERE id = 1")
        if rows is None:
            return None
        return int(rows[0][0]) if rows else 0

    def held_position(self, cursor: Any, through: str) -> int:
        """The same position, its row held to the end of the cursor's transaction from its
        first statement (catch-ups take turns on it, on either database)."""
        cursor.execute(self.sql(
            f"INSERT INTO {{{through}}} (id, position) VALUES (1, 0) "
            f"ON CONFLICT (id) DO UPDATE SET position = {{{through}}}.position"))
        (position,), = self.fetch(cursor, f"SELECT position FROM {{{through}}} WHERE id = 1")
        return int(position)

    def empty(self, *tables: str) -> None:
        """Delete every row of these tables (placeholders, e.g. `timeline`), in one
        transaction: what a table derived from the log is before it is written again."""
        with self.writing() as cursor:
            for table in tables:
                cursor.execute(self.sql(f"DELETE FROM {{{table}}}"))

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        try:
            with self._cursor() as cursor:
                return self.fetch(cursor, sql, *params)
        except READ_ERRORS as error:
            if lacks_tables(error):  # a store older than checkpoints: none made yet
                return []
            raise

    def events_after(self, position: int, limit: int) -> list[LogEvent]:
        """The next events of the log, without the objects the library would make of them
        (the query `verify`'s second process runs too)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(events_sql(self.quoted_events(), self.postgres), (position, limit))
            rows = cursor.fetchall()
        return [LogEvent(*(row.values() if isinstance(row, dict) else row)) for row in rows]

    def quoted_events(self) -> str:
        """The events' table, quoted (with its schema on PostgreSQL), for plain SQL text."""
        table = self.events.replace('"', '""')
        if self.postgres:
            return '"{}"."{}"'.format(self.datastore.schema.replace('"', '""'), table)
        return f'"{table}"'

    def nodes(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        """The stored nodes at these places, in one query (each term a primary-key search)."""
        levels: dict[int, list[int]] = {}
        for level, index in set(keys):
            levels.setdefault(level, []).append(index)
        if not levels:
            return {}
        terms = " OR ".join(f"(level = ? AND idx IN ({','.join('?' * len(indexes))}))"
                            for indexes in levels.values())
        params = [n for level, indexes in levels.items() for n in (level, *indexes)]
        rows = self.query(f"SELECT level, idx, hash FROM {{tree}} WHERE {terms}", *params)
        return {(int(level), int(idx)): bytes(hashed) for level, idx, hashed in rows}

    def leaves(self, start: int, end: int) -> list[tuple[int, int, bytes]]:
        """(index, position, hash) of the leaves [start, end), in order."""
        return [(int(i), int(p), bytes(h)) for i, p, h in self.query(
            "SELECT idx, position, hash FROM {tree} WHERE level = 0 AND idx >= ? AND idx < ? "
            "ORDER BY idx", start, end)]

    def leaf_at(self, position: int) -> tuple[int, bytes] | None:
        rows = self.query("SELECT idx, hash FROM {tree} WHERE position = ? ORDER BY idx LIMIT 1",
                          position)
        return (int(rows[0][0]), bytes(rows[0][1])) if rows else None

    def last_leaf_at_or_before(self, position: int) -> int | None:
        rows = self.query("SELECT idx FROM {tree} WHERE position <= ? "
                          "ORDER BY position DESC LIMIT 1", position)
        return int(rows[0][0]) if rows else None

    def save_nodes(self, rows: Sequence[Row]) -> None:
        """Write nodes, replacing any of the same place: all are recomputed from the log."""
        if not rows:
            return
        upsert = ("ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash, "
                  "position = excluded.position")
        with self._cursor(commit=True) as cursor:
            if self.postgres:  # one statement of four arrays: a row each cost 20 µs of CPU
                levels, indexes, hashes, positions = zip(*rows, strict=True)
                cursor.execute(self.sql(
                    "INSERT INTO {tree} (level, idx, hash, position) SELECT * FROM unnest("
                    "?::integer[], ?::bigint[], ?::bytea[], ?::bigint[]) " + upsert),
                    (list(levels), list(indexes), list(hashes), list(positions)))
            else:
                cursor.executemany(self.sql(
                    "INSERT INTO {tree} (level, idx, hash, position) VALUES (?, ?, ?, ?) "
                    + upsert), list(rows))

    def add_checkpoint(self, size: int, root: str, signed_at: str, note: str) -> None:
        """Store a checkpoint unless one of that size is there (another worker was first)."""
        with self._cursor(commit=True) as cursor:
            cursor.execute(self.sql(
                "INSERT INTO {checkpoints} (size, root, signed_at, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (size) DO NOTHING"), (size, root, signed_at, note))

    def checkpoints(self, limit: int | None = None, after: int = -1,
                    oldest_first: bool = False) -> list[tuple[int, str, str, str]]:
        order = "ASC" if oldest_first else "DESC"
        rows = self.query(f"SELECT size, root, signed_at, note FROM {{checkpoints}} "
                          f"WHERE size > ? ORDER BY size {order} LIMIT ?", after,
                          limit if limit is not None else 2**62)
        return [(int(size), str(root), str(at), str(note)) for size, root, at, note in rows]

    def notice(self) -> tuple[str, int | None, str] | None:
        """What a running server noticed (problem as JSON, log position, when); None if not."""
        rows = self.query("SELECT problem, position, noticed_at FROM {notice} WHERE id = 1")
        if not rows:
            return None
        problem, position, noticed_at = rows[0]
        return str(problem), None if position is None else int(position), str(noticed_at)

    def add_notice(self, problem: str, position: int | None, noticed_at: str) -> None:
        """Keep the first notice: later ones usually follow from it."""
        with self._cursor(commit=True) as cursor:
            cursor.execute(self.sql(
                "INSERT INTO {notice} (id, problem, position, noticed_at) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING"), (problem, position, noticed_at))

    def clear_notice(self) -> None:
        try:
            with self._cursor(commit=True) as cursor:
                cursor.execute(self.sql("DELETE FROM {notice}"))
        except StoreNotInitialisedError:  # a store older than the notice has none to clear
            pass

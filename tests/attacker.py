"""Someone with the database's password: plain SQL on the store, behind the application's back."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any
from uuid import UUID

import psycopg


class Attacker:
    """Edits the events, snapshots and the log's tree of one store (SQLite file or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = url.startswith("postgresql")
        if self.postgres:
            self.schema = url.split("schema=")[1]
            self.events = f'"{self.schema}".strategikarta_events'
            self.snapshots = f'"{self.schema}".strategikarta_snapshots'
            self.tree = f'"{self.schema}".strategikarta_log_tree'
            self.digest_table = f'"{self.schema}".strategikarta_snapshot_digests'
            self.id = "notification_id"
        else:
            self.events, self.snapshots, self.id = "stored_events", "stored_snapshots", "rowid"
            self.tree, self.digest_table = "strategikarta_log_tree", "strategikarta_snapshot_digests"

    @contextmanager
    def sql(self) -> Iterator[Any]:
        if self.postgres:
            with psycopg.connect(self.url.split("?")[0]) as conn:  # commits on leaving
                yield conn
        else:
            with closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as conn, conn:
                yield conn

    def _q(self, text: str) -> str:
        return text.replace("?", "%s") if self.postgres else text

    def _id(self, aggregate: UUID) -> Any:
        return aggregate if self.postgres else aggregate.hex

    def state(self, position: int) -> bytes:
        with self.sql() as db:
            (state,) = db.execute(self._q(f"SELECT state FROM {self.events} WHERE {self.id} = ?"),
                                  (position,)).fetchone()
        return bytes(state)

    def rewrite(self, position: int, old: bytes, new: bytes) -> None:
        """Replace bytes in an event's stored state."""
        state = self.state(position)
        assert old in state, (position, old, state[:300])
        with self.sql() as db:
            db.execute(self._q(f"UPDATE {self.events} SET state = ? WHERE {self.id} = ?"),
                       (state.replace(old, new, 1), position))

    def delete(self, position: int) -> None:
        with self.sql() as db:
            db.execute(self._q(f"DELETE FROM {self.events} WHERE {self.id} = ?"), (position,))

    def _move(self, db: Any, where: str, to: str, *params: int) -> None:
        db.execute(self._q(f"UPDATE {self.events} SET {self.id} = {to} WHERE {where}"), params)

    def swap(self, first: int, second: int) -> None:
        """Exchange two events' places in the log."""
        with self.sql() as db:
            self._move(db, f"{self.id} = ?", "-1", first)
            self._move(db, f"{self.id} = ?", "?", first, second)  # to `first`, from `second`
            self._move(db, f"{self.id} = -1", "?", second)

    def insert_copy(self, position: int, of: int, version: int) -> None:
        """Insert a forged event at `position` (a copy of the event at `of`, as version
        `version` of its aggregate), moving every later event one place on."""
        with self.sql() as db:
            # Through negative places: a place is unique at every step.
            self._move(db, f"{self.id} >= ?", f"-({self.id} + 1)", position)
            self._move(db, f"{self.id} < 0", f"-{self.id}")
            source = of + 1 if of >= position else of
            row = db.execute(self._q(f"SELECT originator_id, topic, state FROM {self.events} "
                                     f"WHERE {self.id} = ?"), (source,)).fetchone()
            columns = f"{self.id}, originator_id, originator_version, topic, state"
            db.execute(self._q(f"INSERT INTO {self.events} ({columns}) VALUES (?, ?, ?, ?, ?)"),
                       (position, row[0], version, row[1], row[2]))

    def rewrite_snapshot(self, aggregate: UUID, old: bytes, new: bytes, latest: bool = False) -> int:
        """Replace bytes in the aggregate's first (or latest) snapshot; its version."""
        order = "DESC" if latest else "ASC"
        with self.sql() as db:
            version, state = db.execute(self._q(
                f"SELECT originator_version, state FROM {self.snapshots} WHERE originator_id = ? "
                f"ORDER BY originator_version {order} LIMIT 1"), (self._id(aggregate),)).fetchone()
            assert old in bytes(state)
            db.execute(self._q(f"UPDATE {self.snapshots} SET state = ? WHERE originator_id = ? "
                               "AND originator_version = ?"),
                       (bytes(state).replace(old, new, 1), self._id(aggregate), version))
        return int(version)

    def rewrite_tree_leaf(self, index: int) -> None:
        """Change the stored tree's hash of one leaf (the tree is derived data)."""
        with self.sql() as db:
            db.execute(self._q(f"UPDATE {self.tree} SET hash = ? WHERE level = 0 AND idx = ?"),
                       (bytes(32), index))

    def snapshot_keys(self) -> list[tuple[UUID, int]]:
        with self.sql() as db:
            rows = db.execute(f"SELECT originator_id, originator_version FROM {self.snapshots}")
            return sorted((UUID(str(aggregate)), int(version)) for aggregate, version in rows)

    def digests(self) -> dict[tuple[UUID, int], bytes]:
        """The signed digests of the snapshots (the table of them)."""
        with self.sql() as db:
            rows = db.execute(f"SELECT originator_id, originator_version, digest FROM {self.digest_table}")
            return {(UUID(str(a)), int(v)): bytes(d) for a, v, d in rows}

    def set_digest(self, aggregate: UUID, version: int, digest: bytes) -> None:
        """Write a snapshot's digest row, over the one there if any."""
        with self.sql() as db:
            db.execute(self._q(f"DELETE FROM {self.digest_table} WHERE originator_id = ? AND "
                               "originator_version = ?"), (self._id(aggregate), version))
            db.execute(self._q(f"INSERT INTO {self.digest_table} (originator_id, originator_version, "
                               "digest) VALUES (?, ?, ?)"), (self._id(aggregate), version, digest))

    def delete_digest(self, aggregate: UUID, version: int) -> None:
        with self.sql() as db:
            db.execute(self._q(f"DELETE FROM {self.digest_table} WHERE originator_id = ? AND "
                               "originator_version = ?"), (self._id(aggregate), version))

    def _directory(self) -> str:
        return (f'"{self.schema}".strategikarta_directory' if self.postgres
                else "strategikarta_directory")

    def rewrite_directory_entry(self, plan: str, old: str, new: str) -> None:
        """Change the plan directory's stored entry of a plan (what the start page shows)."""
        with self.sql() as db:
            db.execute(self._q(f"UPDATE {self._directory()} SET entry = replace(entry, ?, ?) "
                               "WHERE plan = ?"), (old, new, plan))

    def directory_row(self, plan: str) -> tuple[Any, ...]:
        with self.sql() as db:
            return tuple(db.execute(self._q(f"SELECT plan, made_at, entry, signature FROM "
                                            f"{self._directory()} WHERE plan = ?"),
                                    (plan,)).fetchone())

    def put_directory_row(self, row: tuple[Any, ...]) -> None:
        """A row as it was once (signed then) put back."""
        with self.sql() as db:
            db.execute(self._q(f"DELETE FROM {self._directory()} WHERE plan = ?"), (row[0],))
            db.execute(self._q(f"INSERT INTO {self._directory()} VALUES (?, ?, ?, ?)"), row)

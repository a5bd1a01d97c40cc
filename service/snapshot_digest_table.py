"""The snapshots' signed digests in the store: written in the transaction that stores a
checkpoint, read by `verify` (the format is `service.snapshot_digests`)."""

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from domain.messages import N_
from service.log_tables import LogTables
from service.signed_note import SigningKey, checkpoint_text
from service.snapshot_digests import DigestRow, DigestsLine, line_of, snapshot_digest

BATCH = 200  # snapshots read at a time: each may hold a whole plan
SAME_KEY = "d.originator_id = s.originator_id AND d.originator_version = s.originator_version"
SIGNED = f"JOIN {{snapshot_digests}} d ON {SAME_KEY}", "1 = 1"
UNSIGNED = "", f"NOT EXISTS (SELECT 1 FROM {{snapshot_digests}} d WHERE {SAME_KEY})"
Fetch = Callable[..., list[tuple[Any, ...]]]  # (sql, *params) -> rows


DIGESTS_ALTERED = N_("the snapshot digests no longer match the checkpoint of %(size)s events")
# What the checkpoint maker says, that stops on it: what to do too.
NOT_SIGNING_ALTERED = N_("the snapshot digests no longer match the checkpoint of %(size)s events "
                         "(run `strategikarta verify --all-snapshots` to find the snapshot that "
                         "changed; until the digest table is as signed again, no checkpoint is "
                         "made)")


class CheckpointExistsError(Exception):
    """A checkpoint of that size is stored already: another worker was first."""


class DigestsAlteredError(Exception):
    """The digests stored are no longer those the latest checkpoint signed: none is signed
    over them."""


def snapshot_batches(fetch: Fetch, columns: str,
                     selection: tuple[str, str]) -> Iterator[list[tuple[Any, ...]]]:
    """(aggregate as stored, version, *columns) of the snapshots selected (a join and a
    condition), in key order, a batch at a time (keyset paging: the same in both databases,
    and no result held whole)."""
    join, where = selection
    key: tuple[Any, int] | None = None
    while True:
        after = "" if key is None else " AND (s.originator_id, s.originator_version) > (?, ?)"
        batch = fetch(f"SELECT s.originator_id, s.originator_version, {columns} "
                      f"FROM {{snapshots}} s {join} WHERE {where}{after} "
                      "ORDER BY s.originator_id, s.originator_version LIMIT ?",
                      *(key or ()), BATCH)
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        key = (batch[-1][0], batch[-1][1])


def as_row(aggregate: Any, version: Any, digest: Any) -> DigestRow:
    return UUID(str(aggregate)), int(version), bytes(digest)


class Signing:
    """Inside a checkpoint's transaction: the digests signed so far, and those of the snapshots
    stored since."""

    def __init__(self, tables: LogTables, cursor: Any) -> None:
        self.tables = tables
        self.cursor = cursor

    def fetch(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.tables.fetch(self.cursor, sql, *params)

    def latest_size(self) -> int:
        found = self.fetch("SELECT max(size) FROM {checkpoints}")
        return int(found[0][0] or 0)

    def rows(self) -> list[DigestRow]:
        return [as_row(*row) for row in self.fetch(
            "SELECT originator_id, originator_version, digest FROM {snapshot_digests}")]

    def digests_line(self, latest: int, signed: DigestsLine | None) -> str:
        """Store the digests of the snapshots stored since the latest checkpoint (of that size,
        signing those digests: None if it signed none); the line that signs the table as it is
        then. DigestsAlteredError if the table is no longer what that checkpoint signed."""
        if self.latest_size() != latest:
            raise CheckpointExistsError(latest)  # another worker made one meanwhile
        rows = self.rows()
        if signed is not None and line_of(rows) != signed:
            raise DigestsAlteredError
        return line_of([*rows, *self.sign_new()]).text()

    def sign_new(self) -> list[DigestRow]:
        """Store the digest of every snapshot that has none; those rows."""
        added: list[DigestRow] = []
        if self.tables.snapshots is None:
            return added
        insert = self.tables.sql("INSERT INTO {snapshot_digests} (originator_id, "
                                 "originator_version, digest) VALUES (?, ?, ?)")
        for batch in snapshot_batches(self.fetch, "s.topic, s.state", UNSIGNED):
            rows = [(aggregate, version, snapshot_digest(topic, bytes(state)))
                    for aggregate, version, topic, state in batch]
            self.cursor.executemany(insert, rows)
            added += [as_row(*row) for row in rows]
        return added

    def add_checkpoint(self, size: int, root: str, signed_at: str, note: str) -> None:
        """Store the checkpoint; CheckpointExistsError (the transaction is then rolled back,
        digests and all) if one of that size is there. Makers hold the table from the
        transaction's start, so none can add one between the look and the insert."""
        if self.fetch("SELECT 1 FROM {checkpoints} WHERE size = ?", size):
            raise CheckpointExistsError(size)
        self.cursor.execute(self.tables.sql(
            "INSERT INTO {checkpoints} (size, root, signed_at, note) VALUES (?, ?, ?, ?)"),
            (size, root, signed_at, note))


class SnapshotDigestTable:
    """`strategikarta_snapshot_digests`: the digest of every snapshot a checkpoint signed."""

    def __init__(self, tables: LogTables) -> None:
        self.tables = tables

    @property
    def kept(self) -> bool:
        """Whether snapshots are signed here (they share the log's database)."""
        return self.tables.snapshots is not None

    @contextmanager
    def signing(self) -> Iterator[Signing]:
        """A transaction that commits unless an exception leaves it, holding the table against
        other makers from its first statement: each signs the table as it leaves it. (In
        SQLite the write lock, taken before anything is read: a read first could not become a
        write once another process had written.)"""
        lock = ("LOCK TABLE {snapshot_digests} IN SHARE ROW EXCLUSIVE MODE" if self.tables.postgres
                else "DELETE FROM {snapshot_digests} WHERE 0")
        with self.tables.writing() as cursor:
            cursor.execute(self.tables.sql(lock))
            yield Signing(self.tables, cursor)

    def store_checkpoint(self, key: SigningKey, size: int, root: bytes, signed_at: str,
                         latest: tuple[int, DigestsLine | None]) -> None:
        """Store the checkpoint of this tree with the digests of the snapshots stored since the
        latest checkpoint (its size, and the digests it signed), in one transaction; its note
        signs the digests as the transaction leaves them."""
        with self.signing() as signing:
            lines = [signing.digests_line(*latest)] if self.kept else []
            note = key.sign(checkpoint_text(key.name, size, root, lines))
            signing.add_checkpoint(size, base64.b64encode(root).decode(), signed_at, note)

    def rows(self) -> list[DigestRow]:
        return [as_row(*row) for row in self.tables.query(
            "SELECT originator_id, originator_version, digest FROM {snapshot_digests}")]

    def signed_snapshots(self) -> Iterator[tuple[str, int, bytes]]:
        """(aggregate, version, digest as stored now) of every snapshot that has a digest row."""
        if not self.kept:
            return
        for batch in snapshot_batches(self.tables.query, "s.topic, s.state", SIGNED):
            for aggregate, version, topic, state in batch:
                yield str(UUID(str(aggregate))), int(version), snapshot_digest(topic, bytes(state))

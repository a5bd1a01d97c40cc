"""The plan directory's entries in a table beside the events, so that a worker holding plans on
demand shows its first start page and public listing without folding every plan.

A row holds one plan's entry (`service.plan_directory.DirectoryEntry`, as JSON) and the log
position it was made at. The table's position (`strategikarta_directory_through`) says: every
row is current up to there, i.e. no event of its plan was recorded after the row was made and
up to that position. Bringing the table to a later position (`caught_up`) drops the rows of
the plans with an event in between (the log's range joined to the aggregate index); a reader
that misses a row makes the entry from the plan's record and keeps it (`keep`), unless the table
has moved past the position the record was read at (a change meanwhile may have dropped it
already). Catch-ups and keeps take turns on the position's row.

Unlike the aggregate index and the timeline, a row cannot be checked from the log without
folding its plan, so each row is signed with the log's signing key (`DirectoryRow`): a row
altered in the database does not verify, is not shown and is made again; `verify` checks every
row's signature with the verifier key, and with `--all-snapshots` also makes every row's entry
again from its plan folded from the log (a row signed once but put back after its plan changed
is only found so). A server without a signing key keeps no rows (each worker makes the entries
itself). `strategikarta rebuild` empties the table.
"""

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from service.aggregate_index import AggregateIndex
from service.plan_log import PlanLog
from service.signed_note import SigningKey, VerifierKey
from service.store_errors import STORE_ERRORS, store_failure

FORGET_ALL_BEYOND = 50_000  # log positions to catch up: past them, every row is dropped
CHUNK = 500  # plans asked for in one query


@dataclass(frozen=True)
class DirectoryRow:
    """One plan's stored entry: made from the plan as at log position `made_at`, signed."""

    plan: str
    made_at: int
    entry: str
    signature: str

    @staticmethod
    def signed_text(plan: str, made_at: int, entry: str) -> bytes:
        return f"strategikarta plan directory\n{plan}\n{made_at}\n{entry}\n".encode()

    @classmethod
    def signed(cls, plan: str, made_at: int, entry: str, key: SigningKey) -> "DirectoryRow":
        text = cls.signed_text(plan, made_at, entry)
        return cls(plan, made_at, entry, base64.b64encode(key.sign_bytes(text)).decode())

    def verifies(self, key: VerifierKey) -> bool:
        try:
            signature = base64.b64decode(self.signature, validate=True)
        except (binascii.Error, ValueError):
            return False
        return key.verifies(self.signed_text(self.plan, self.made_at, self.entry), signature)


class DirectoryTable:
    """The directory's rows, read and kept on the event store's own pool."""

    def __init__(self, log: PlanLog, index: AggregateIndex) -> None:
        self.log = log
        self.tables = log.tables
        self.index = index

    def through(self) -> int | None:
        """The position up to which every row is current; None on a store older than the
        table (`db init` adds it)."""
        return self.tables.position_of("directory_through")

    def caught_up(self, until: int) -> int | None:
        """Every row current up to `until` (the rows of plans changed since dropped); the
        table's position then (maybe later), or None on a store older than the table."""
        through = self.through()
        if through is None or through >= until:
            return through
        if self.index.caught_up(until) is None:  # the join below needs the index that far
            return None
        try:
            with self.tables.writing() as cursor:
                through = self.tables.held_position(cursor, "directory_through")
                if through >= until:
                    return through
                if until - through > FORGET_ALL_BEYOND:
                    cursor.execute(self.tables.sql("DELETE FROM {directory}"))
                else:
                    cursor.execute(self.tables.sql(
                        f"DELETE FROM {{directory}} WHERE plan IN "
                        f"({self.index.changed_plans_sql()})"), (through, until))
                cursor.execute(self.tables.sql(
                    "UPDATE {directory_through} SET position = ? WHERE id = 1"), (until,))
                return until
        except STORE_ERRORS as error:
            raise store_failure(error, "written") from error

    def rows(self, plans: Iterable[str]) -> list[DirectoryRow]:
        """The stored rows of these plans, where there are (signatures unchecked)."""
        keys, found = list(plans), list[DirectoryRow]()
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            found += map(self._row, self.tables.rows_if_made(
                "SELECT plan, made_at, entry, signature FROM {directory} WHERE plan IN "
                f"({', '.join('?' * len(chunk))})", *chunk) or ())
        return found

    def keep(self, rows: list[DirectoryRow], made_at: int) -> bool:
        """Keep these rows, made from records no newer than `made_at`, unless the table has
        moved past it (a change after `made_at` may have been dropped already); whether they
        were kept."""
        if not rows:
            return False
        try:
            with self.tables.writing() as cursor:
                if self.tables.held_position(cursor, "directory_through") > made_at:
                    return False
                cursor.executemany(self.tables.sql(
                    "INSERT INTO {directory} (plan, made_at, entry, signature) VALUES "
                    "(?, ?, ?, ?) ON CONFLICT (plan) DO UPDATE SET made_at = excluded.made_at, "
                    "entry = excluded.entry, signature = excluded.signature"),
                    [(row.plan, row.made_at, row.entry, row.signature) for row in rows])
                return True
        except STORE_ERRORS as error:
            raise store_failure(error, "written") from error

    def snapshot(self) -> tuple[int, list[DirectoryRow]]:
        """The table's position and every row, as one moment saw them (a row a plan: a small
        table)."""
        try:
            with self.tables.one_moment() as cursor:
                through = self.tables.fetch(
                    cursor, "SELECT position FROM {directory_through} WHERE id = 1")
                rows = self.tables.fetch(cursor, "SELECT plan, made_at, entry, signature FROM "
                                         "{directory} ORDER BY plan")
        except STORE_ERRORS as error:
            raise store_failure(error, "read") from error
        return int(through[0][0]) if through else 0, [self._row(row) for row in rows]

    @staticmethod
    def _row(row: tuple[Any, ...]) -> DirectoryRow:
        plan, made_at, entry, signature = row
        return DirectoryRow(str(plan), int(made_at), str(entry), str(signature))

    def rebuild(self) -> None:
        """Empty (entries are made again as they are read)."""
        if self.through() is not None:
            self.tables.empty("directory", "directory_through")

"""What went wrong in the event store, in words one can act on.

Three different answers hide behind the library's persistence errors: another writer holds
the lock (busy: try again, 409), the tables are missing (run `db init`), or the store cannot
be used at all: read-only, damaged, full or unreachable (503, and someone must look at it).
"""

import sqlite3
from collections.abc import Iterator

from eventsourcing.persistence import IntegrityError, PersistenceError

from domain.errors import (
    N_,
    ConcurrentChangeError,
    DomainError,
    StoreNotInitialisedError,
    StoreUnavailableError,
)

NOT_INITIALISED = N_("the event store has no tables yet: run `strategikarta db init` first")
BUSY = N_("the store is busy with other writes; try again")
CANNOT_BE = {"read": N_("the event store cannot be read: %(cause)s"),
             "written": N_("the event store cannot be written: %(cause)s")}
# The errors the database driver raises; the library wraps most, not all, in its own.
STORE_ERRORS: tuple[type[Exception], ...] = (PersistenceError, sqlite3.Error)


class FirstTryCollision(IntegrityError):
    """A save collided with events already stored on its first try: they cannot be its own.

    Its own events can collide with it only when a recorder tried the insert again after the
    connection failed (the first try may have committed unseen); a recorder that knows it did
    not raises this, so the writer need not read the stored event to compare it with its own.
    """


_SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# lock_not_available (the library's lock timeout), serialization_failure, deadlock_detected
_POSTGRES_BUSY = frozenset({"55P03", "40001", "40P01"})
_POSTGRES_NO_TABLES = frozenset({"42P01", "3F000"})  # undefined_table, invalid_schema_name


def store_failure(error: BaseException, doing: str) -> DomainError:
    """The domain's name for a failure of the store while it was being `doing` ("read",
    "written"): busy, not initialised, or unavailable."""
    if is_contention(error):
        return ConcurrentChangeError(BUSY)
    if lacks_tables(error):
        return StoreNotInitialisedError(NOT_INITIALISED)
    return StoreUnavailableError(CANNOT_BE[doing], cause=root_cause(error))


def is_contention(error: BaseException) -> bool:
    """Another writer holds the lock: the same request may well succeed in a moment."""
    return _coded(error, _SQLITE_BUSY, _POSTGRES_BUSY)


def lacks_tables(error: BaseException) -> bool:
    for cause in causes(error):
        if isinstance(cause, sqlite3.OperationalError) and str(cause).startswith("no such table"):
            return True
        if getattr(cause, "sqlstate", None) in _POSTGRES_NO_TABLES:
            return True
    return False


def is_read_only(error: BaseException) -> bool:
    """The store cannot be written at all: a SQLite file opened read-only (or not writable),
    a PostgreSQL read-only transaction (a standby, `default_transaction_read_only`)."""
    return _coded(error, frozenset({sqlite3.SQLITE_READONLY}),
                  frozenset({"25006"}))  # read_only_sql_transaction


def _coded(error: BaseException, sqlite_codes: frozenset[int],
           postgres_states: frozenset[str]) -> bool:
    """Whether the error, or one it was raised from, carries one of these SQLite primary
    result codes or PostgreSQL SQLSTATEs."""
    for cause in causes(error):
        code = getattr(cause, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in sqlite_codes:
            return True
        if getattr(cause, "sqlstate", None) in postgres_states:
            return True
    return False


def root_cause(error: BaseException) -> str:
    """The driver's own words, one line: what an operator searches for."""
    *_, deepest = causes(error)
    return " ".join(str(deepest).split()) or type(deepest).__name__


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what it was raised from (`raise ... from`), outermost first. Not the
    context it was raised in: a pool's empty-queue error is no cause of a damaged file."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__

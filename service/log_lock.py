"""One process at a time grows a store's tree, signs it and rehashes its log.

Every worker of a server runs a log watch, and `strategikarta checkpoint` may run beside them.
Without a lock each worker hashed the same new events and wrote the same tree rows: the work
of one, paid by all (most of what checkpoints cost writes on PostgreSQL). The lock is the
database's own where it has one (a PostgreSQL advisory lock, per schema: a schema is a store)
and the operating system's on a SQLite file (`flock` on a file beside it). Both go with the
process that holds them, so a worker that dies never leaves its store locked.

The lock is re-entrant within a thread: `make()` takes it, and so does the watch's round that
calls it.
"""

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresDatastore

POLL = 0.05  # seconds between tries on a SQLite file's lock


class LogLock:
    """The store-wide lock of the log's upkeep."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        self._local = threading.local()
        self._in_memory = threading.Lock()  # a store in memory has one process: a thread lock

    @contextmanager
    def held(self, wait: float = 0.0) -> Iterator[bool]:
        """Hold the lock for the block; whether it was had within `wait` seconds (0: try once).
        The block runs either way: it decides what to do without the lock."""
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield True
            finally:
                self._local.depth -= 1
            return
        with self._acquired(wait) as had:
            self._local.depth = 1 if had else 0
            try:
                yield had
            finally:
                self._local.depth = 0

    def _acquired(self, wait: float) -> Any:
        if isinstance(self.datastore, PostgresDatastore):
            return self._advisory(wait)
        name = self.datastore.pool.db_name
        if self.datastore.pool.is_sqlite_memory_mode or not name:
            return self._thread_lock(wait)
        return self._file_lock(f"{name.removeprefix('file:').split('?')[0]}.log-lock", wait)

    @contextmanager
    def _advisory(self, wait: float) -> Iterator[bool]:
        # A connection of its own: a pooled one would go back to the pool still holding it.
        settings = {k: v for k, v in self.datastore.pool.kwargs.items() if k != "row_factory"}
        with psycopg.connect(**settings, autocommit=True) as connection:
            key = f"strategikarta log upkeep: {self.datastore.schema}"
            if wait > 0:
                connection.execute(f"SET lock_timeout = '{int(wait * 1000)}ms'")
                try:
                    connection.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))",
                                       (key,))
                    had = True
                except psycopg.errors.LockNotAvailable:
                    had = False
            else:
                row = connection.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (key,)).fetchone()
                had = bool(row and row[0])
            try:
                yield had
            finally:  # at once: the server lets a closed session's locks go a moment later
                if had and not connection.closed:
                    connection.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))",
                                       (key,))

    @contextmanager
    def _file_lock(self, path: str, wait: float) -> Iterator[bool]:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            had = _try_until(lambda: _flocked(descriptor), wait)
            try:
                yield had
            finally:
                if had:
                    fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)

    @contextmanager
    def _thread_lock(self, wait: float) -> Iterator[bool]:
        had = self._in_memory.acquire(timeout=wait) if wait > 0 else self._in_memory.acquire(
            blocking=False)
        try:
            yield had
        finally:
            if had:
                self._in_memory.release()


def _flocked(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _try_until(attempt: Any, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while not attempt():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL)
    return True

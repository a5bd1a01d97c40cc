"""The library's PostgreSQL recorder, with a save in one round trip to the server.

The library writes a save as BEGIN, then (pipelined) SET LOCAL lock_timeout, LOCK TABLE ...
IN EXCLUSIVE MODE, NOTIFY and the INSERT, a sync, then COMMIT and another sync: five round
trips, three of them while holding the table lock, each through psycopg's pipeline machinery
in Python. The lock is what keeps a reader of the log from passing over an event committed
later under a lower notification id, so every writer waits for it; holding it across client
round trips (on a busy host each one waits for the worker to be scheduled again) stretches
every other writer's wait. Here the same statements travel as one query string (bound on the
client), which PostgreSQL runs as one implicit transaction: the lock is held only while the
server inserts and commits, the commit is as durable before the answer comes back, a failed
statement rolls the whole back, and the NOTIFY and the errors are the library's. Large saves
(a plan import) keep the library's path. Statements, the log's reads among them, are composed
once, not per call. A collision on the save's first try is a `FirstTryCollision`: no earlier
try can have stored these events, so the writer need not look whether they are its own.
"""

import random
import time
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import ClientCursor
from psycopg.sql import SQL, Composable, Identifier

from service.store_errors import FirstTryCollision

ONE_TRIP_MAX_EVENTS = 50  # beyond this, the library's single array parameter is leaner
INSERT_TRIES, INSERT_WAIT = 10, 0.2  # on a failed connection, as the library's recorder


class OneTripRecorder(PostgresApplicationRecorder):
    """Saves (up to `ONE_TRIP_MAX_EVENTS` events) in a single round trip."""

    def __init__(self, datastore: PostgresDatastore, *,
                 events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self._table = SQL("{0}.{1}").format(Identifier(self.datastore.schema),
                                            Identifier(self.events_table_name))
        self._statements: dict[Any, bytes] = {}

    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        if (not stored_events or len(stored_events) > ONE_TRIP_MAX_EVENTS
                or any(value is not None for value in kwargs.values())):  # e.g. tracking
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        tries = 1
        while True:
            try:
                return self._insert_in_one_trip(stored_events)
            except IntegrityError as error:
                if tries == 1:  # no earlier try that may have committed these very events
                    raise FirstTryCollision(str(error)) from error
                raise
            except (InterfaceError, OperationalError):  # tried again, as the library does
                if tries == INSERT_TRIES:
                    raise
                tries += 1
                time.sleep(INSERT_WAIT * (1 + 0.1 * (random.random() - 0.5)))

    def _insert_in_one_trip(self, stored_events: Sequence[StoredEvent]) -> list[int]:
        params: list[Any] = []
        for event in stored_events:
            params += (event.originator_id, event.originator_version, event.topic, event.state)
        with self.datastore.get_connection() as conn, ClientCursor(conn) as curs:
            curs.execute(self._insert_statement(conn, len(stored_events)), params)
            for _ in range(3):  # SET, LOCK TABLE, NOTIFY; then INSERT ... RETURNING
                curs.nextset()
            by_event = {(str(row["originator_id"]), row["originator_version"]):
                        row["notification_id"] for row in curs.fetchall()}
        return [by_event[(str(e.originator_id), e.originator_version)] for e in stored_events]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(self, originator_id: UUID | str, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> Sequence[StoredEvent]:
        params = [originator_id, *(value for value in (gt, lte, limit) if value is not None)]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            statement = self._select_statement(conn, gt is not None, lte is not None, desc,
                                               limit is not None)
            curs.execute(statement, params, prepare=True)
            return [StoredEvent(originator_id=row["originator_id"],
                                originator_version=row["originator_version"],
                                topic=row["topic"], state=bytes(row["state"]))
                    for row in curs.fetchall()]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_notifications(self, start: int | None, limit: int, stop: int | None = None,
                             topics: Sequence[str] = (), *,
                             inclusive_of_start: bool = True) -> Sequence[Notification]:
        # The library composes this statement anew on every call: every catch-up, so every read.
        params: list[Any] = [value for value in (start, stop) if value is not None]
        if topics:
            params.append(list(topics))
        params.append(limit)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            statement = self._notifications_statement(conn, start is not None, inclusive_of_start,
                                                      stop is not None, bool(topics))
            curs.execute(statement, params, prepare=True)
            return [Notification(id=row["notification_id"], originator_id=row["originator_id"],
                                 originator_version=row["originator_version"],
                                 topic=row["topic"], state=bytes(row["state"]))
                    for row in curs.fetchall()]

    def _notifications_statement(self, conn: psycopg.Connection[Any], start: bool,
                                 inclusive: bool, stop: bool, topics: bool) -> bytes:
        key = ("notifications", start, inclusive, stop, topics)
        if key not in self._statements:
            conditions = [SQL("notification_id >= %s" if inclusive else "notification_id > %s")
                          ] if start else []
            conditions += [SQL("notification_id <= %s")] if stop else []
            conditions += [SQL("topic = ANY(%s)")] if topics else []
            self._statements[key] = self._bytes(conn, SQL(" ").join([
                SQL("SELECT * FROM {0}").format(self._table),
                *([SQL("WHERE"), SQL(" AND ").join(conditions)] if conditions else []),
                SQL("ORDER BY notification_id LIMIT %s"),
            ]))
        return self._statements[key]

    def _insert_statement(self, conn: psycopg.Connection[Any], count: int) -> bytes:
        key = ("insert", count)
        if key not in self._statements:
            # Several statements in one query: one implicit transaction (PostgreSQL 10 and
            # later), in which SET LOCAL and LOCK TABLE hold until its commit.
            self._statements[key] = self._bytes(conn, SQL(
                "SET LOCAL lock_timeout = '{timeout}s'; "
                "LOCK TABLE {table} IN EXCLUSIVE MODE; NOTIFY {channel}; "
                "INSERT INTO {table} (originator_id, originator_version, topic, state) "
                "VALUES {rows} RETURNING originator_id, originator_version, notification_id"
            ).format(timeout=self.datastore.lock_timeout, table=self._table,
                     channel=Identifier(self.channel_name),
                     rows=SQL(", ").join([SQL("(%s, %s, %s, %s)")] * count)))
        return self._statements[key]

    def _select_statement(self, conn: psycopg.Connection[Any], gt: bool, lte: bool,
                          desc: bool, limit: bool) -> bytes:
        key = ("select", gt, lte, desc, limit)
        if key not in self._statements:
            self._statements[key] = self._bytes(conn, SQL(" ").join([
                SQL("SELECT * FROM {0} WHERE originator_id = %s").format(self._table),
                *([SQL("AND originator_version > %s")] if gt else []),
                *([SQL("AND originator_version <= %s")] if lte else []),
                SQL("ORDER BY originator_version DESC" if desc else
                    "ORDER BY originator_version ASC"),
                *([SQL("LIMIT %s")] if limit else []),
            ]))
        return self._statements[key]

    @staticmethod
    def _bytes(conn: psycopg.Connection[Any], statement: Composable) -> bytes:
        return statement.as_bytes(conn)

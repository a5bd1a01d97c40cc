"""Snapshots are derived: each must equal its aggregate folded from its events up to its version.

A snapshot is no link of the digest chain, yet every load of its aggregate starts from it, so
one altered in the store would change what the rules are checked against without `verify`
noticing. Each snapshotted aggregate is folded once, oldest snapshot first.
"""

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from domain.messages import N_, Message
from service.integrity import CHAIN_KEY
from service.store import SNAPSHOT_INTERVAL, EventStore


class SnapshotCheck:
    """Notes where events lie as the log goes by, then checks every snapshot against them."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._heads: dict[str, int] = {}  # aggregate -> log position of its latest event
        self._positions: dict[tuple[str, int], int] = {}  # (aggregate, version) -> position

    def note(self, position: int, event: StoredEvent) -> None:
        aggregate = str(event.originator_id)
        self._heads[aggregate] = position
        if event.originator_version % SNAPSHOT_INTERVAL == 0:  # where snapshots are taken
            self._positions[(aggregate, event.originator_version)] = position

    def first_bad(self) -> tuple[int, str | None]:
        """The log position of the earliest snapshot that does not match its events, and what
        is wrong; (0, None) if every snapshot matches."""
        if self.store.snapshots is None:
            return 0, None
        found = []
        recorder = self.store.snapshots.recorder
        listed = snapshotted(recorder)
        for aggregate in self._heads if listed is None else listed & self._heads.keys():
            stored = recorder.select_events(UUID(aggregate))
            mismatch = self._mismatch(aggregate, stored) if stored else None
            if mismatch is not None:
                found.append(mismatch)
        return min(found, default=(0, None))

    def _mismatch(self, aggregate_id: str,
                  snapshots: Sequence[StoredEvent]) -> tuple[int, str] | None:
        mapper = self.store.mapper
        events = self.store.recorder.select_events(
            UUID(aggregate_id), lte=snapshots[-1].originator_version)
        aggregate: Any = None
        folded = 0
        for snapshot in snapshots:
            version = snapshot.originator_version
            try:
                while folded < len(events) and events[folded].originator_version <= version:
                    # The plain mapper: the chain's digests need not be remembered here.
                    event: Any = Mapper.to_domain_event(mapper, events[folded])
                    vars(event).pop(CHAIN_KEY, None)
                    aggregate = event.mutate(aggregate)
                    folded += 1
                same = (aggregate is not None and aggregate.version == version
                        and self._same(snapshot, aggregate))
            except Exception:  # events that do not fold cannot vouch for it; the chain
                same = False  # check names the event that was altered
            if not same:
                position = self._positions.get((aggregate_id, version), self._heads[aggregate_id])
                return position, Message(
                    N_("the snapshot of %(name)s at version %(version)s does not match its "
                       "events (snapshots are derived: delete it, and loads fold the events "
                       "instead)"), name=_name(aggregate, aggregate_id), version=version)
        return None

    def _same(self, snapshot: StoredEvent, aggregate: Any) -> bool:
        """Equal as stored. Usually the very bytes (but for the time it was taken); else the
        JSON of both states, so attribute order does not matter and a tuple equals the list
        it is stored as."""
        mapper = self.store.mapper
        fresh = type(aggregate).Snapshot.take(aggregate)
        taken = _after_timestamp(snapshot.state)
        if taken is not None and taken == _after_timestamp(mapper.to_stored_event(fresh).state):
            return True
        stored: Any = mapper.to_domain_event(snapshot)
        encode = mapper.transcoder.encode
        # Counters that only tell caches when to redraw are no facts of the record, and their
        # counting may change between versions of the code that took the snapshots.
        derived: frozenset[str] = getattr(type(aggregate), "DERIVED_STATE", frozenset())

        def facts(state: Any) -> Any:
            return {k: v for k, v in json.loads(encode(state)).items() if k not in derived}

        return bool(stored.topic == fresh.topic and facts(stored.state) == facts(fresh.state))


def _after_timestamp(state: bytes) -> bytes | None:
    """A stored snapshot's JSON from its topic on (its timestamp comes first); None if it is
    not plain JSON (compressed, say)."""
    before, marker, after = state.partition(b',"topic":')
    return marker + after if marker and before.startswith(b'{"timestamp":') else None


def snapshotted(recorder: AggregateRecorder) -> set[str] | None:
    """Every aggregate with a snapshot, in one query (None where the backend is unknown):
    asking for each aggregate in turn took most of `verify`'s time."""
    datastore = getattr(recorder, "datastore", None)
    table = getattr(recorder, "events_table_name", "")
    if isinstance(datastore, SQLiteDatastore):
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT DISTINCT originator_id FROM {table}")
            return {str(UUID(str(row[0]))) for row in cursor.fetchall()}
    if isinstance(datastore, PostgresDatastore):
        query = SQL("SELECT DISTINCT originator_id FROM {}.{}").format(
            Identifier(datastore.schema), Identifier(table))
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(query)
            return {str(UUID(str(row["originator_id"]))) for row in cursor.fetchall()}
    return None


# What each kind of aggregate is called, in a sentence about one of them.
KINDS = {"plan": N_("plan %(label)r (aggregate %(aggregate)s)"),
         "milestone": N_("milestone %(label)r (aggregate %(aggregate)s)"),
         "user": N_("user %(label)r (aggregate %(aggregate)s)")}


def _name(aggregate: Any, aggregate_id: str) -> Message:
    label = getattr(aggregate, "key", None) or getattr(aggregate, "name", None)
    kind = KINDS.get(type(aggregate).__name__.lower())
    if aggregate is None or not label or kind is None:
        return Message(N_("aggregate %(aggregate)s"), aggregate=aggregate_id)
    return Message(kind, label=label, aggregate=aggregate_id)

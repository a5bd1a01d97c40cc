"""Snapshots are derived: each must equal its aggregate folded from its events up to its version.

A snapshot is no link of the digest chain, yet every load of its aggregate starts from it, so
one altered in the store would change what the rules are checked against without `verify`
noticing. A snapshot a checkpoint signed is checked by its digest (`service.signed_snapshots`);
every other is compared with its aggregate, folded as the one pass over the log reads its
events, as the fold reaches that version. An aggregate whose every snapshot is signed is not
folded at all.
"""

import json
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from domain.messages import N_, Message
from service.integrity import CHAIN_KEY, Stored
from service.signed_snapshots import NONE_SIGNED, SnapshotSignatures
from service.store import SNAPSHOT_INTERVAL, EventStore

UNREADABLE = object()  # an aggregate whose events no longer fold


class SnapshotCheck:
    """Folds the snapshotted aggregates as the log goes by, checking each snapshot on the way."""

    def __init__(self, store: EventStore,
                 signatures: SnapshotSignatures = NONE_SIGNED) -> None:
        self.store = store
        self.signatures = signatures
        self._heads: dict[str, int] = {}  # aggregate -> log position of its latest event
        self._positions: dict[tuple[str, int], int] = {}  # (aggregate, version) -> position
        listed = snapshot_versions(store.snapshots.recorder) if store.snapshots else {}
        signed = signatures.trusted | signatures.altered
        self._due = {aggregate: due for aggregate, versions in listed.items()
                     if (due := sorted(v for v in versions if (aggregate, v) not in signed))}
        self.by_digest = len(signed)
        self.by_fold = sum(len(due) for due in self._due.values())
        self._altered: dict[str, Any] = {a: None for a, _ in signatures.altered}  # its name
        self._watched = self._due.keys() | self._altered.keys()
        self._folded: dict[str, Any] = {}
        self._ids: dict[str, UUID] = {}
        self._found: list[tuple[int, str]] = []

    def note(self, position: int, event: Stored) -> None:
        aggregate = str(event.originator_id)
        if aggregate not in self._watched:  # every snapshot of it as signed, or none taken
            return
        self._heads[aggregate] = position
        version = event.originator_version
        if version % SNAPSHOT_INTERVAL == 0:  # where snapshots are taken
            self._positions[(aggregate, version)] = position
        due = self._due.get(aggregate)
        if due:
            self._fold(aggregate, position, event, due)
        if aggregate in self._altered:
            self._note_altered(aggregate, position, event)

    def _note_altered(self, aggregate_id: str, position: int, event: Stored) -> None:
        """Where a snapshot that differs from its signed digest is at, and what its aggregate
        is called (as its first event names it: the snapshot itself is not to be believed)."""
        self._positions[(aggregate_id, event.originator_version)] = position
        if event.originator_version == 1:
            self._altered[aggregate_id] = self._mutated(aggregate_id, event, None)

    def _mutated(self, aggregate_id: str, event: Stored, folded: Any) -> Any:
        """The aggregate with the event applied; UNREADABLE if it cannot be."""
        try:
            # The plain mapper: the chain's digests need not be remembered here.
            uuid = self._ids.get(aggregate_id) or self._ids.setdefault(
                aggregate_id, UUID(aggregate_id))
            domain_event: Any = Mapper.to_domain_event(self.store.mapper, StoredEvent(
                uuid, event.originator_version, event.topic, event.state))
            vars(domain_event).pop(CHAIN_KEY, None)
            return domain_event.mutate(folded)
        except Exception:  # events that do not fold cannot vouch for a snapshot; the chain
            return UNREADABLE  # check names the event that was altered

    def _fold(self, aggregate_id: str, position: int, event: Stored, due: list[int]) -> None:
        folded = self._folded.get(aggregate_id)
        if folded is not UNREADABLE:
            self._folded[aggregate_id] = self._mutated(aggregate_id, event, folded)
        if event.originator_version == due[0]:
            due.pop(0)
            self._compare(aggregate_id, event.originator_version, position)
            if not due:  # folded as far as any snapshot goes: let it go
                self._folded.pop(aggregate_id, None)

    def _compare(self, aggregate_id: str, version: int, position: int) -> None:
        aggregate = self._folded[aggregate_id]
        assert self.store.snapshots is not None
        stored = self.store.snapshots.recorder.select_events(
            UUID(aggregate_id), gt=version - 1, lte=version)
        try:
            same = (aggregate is not UNREADABLE and aggregate.version == version
                    and bool(stored) and self._same(stored[0], aggregate))
        except Exception:
            same = False
        if not same:
            self._due[aggregate_id] = []  # the first mismatch of an aggregate says enough
            self._mismatch(aggregate_id, version, position)

    def _mismatch(self, aggregate_id: str, version: int, position: int) -> None:
        aggregate = self._folded.get(aggregate_id)
        self._found.append((position, Message(
            N_("the snapshot of %(name)s at version %(version)s does not match its events "
               "(snapshots are derived: delete it, and loads fold the events instead)"),
            name=_name(None if aggregate is UNREADABLE else aggregate, aggregate_id),
            version=version)))

    def _position(self, aggregate_id: str, version: int) -> int:
        return self._positions.get((aggregate_id, version), self._heads.get(aggregate_id, 0))

    def first_bad(self) -> tuple[int, str | None]:
        """The log position of the earliest snapshot that does not match its events, and what
        is wrong; (0, None) if every snapshot matches."""
        for aggregate_id, due in self._due.items():  # snapshots past the aggregate's events
            if due:
                self._mismatch(aggregate_id, due[0], self._position(aggregate_id, due[0]))
        for aggregate_id, version in self.signatures.altered:
            named = self._altered.get(aggregate_id)
            self._found.append((self._position(aggregate_id, version), Message(
                N_("the snapshot of %(name)s at version %(version)s differs from the digest "
                   "the checkpoint of %(size)s events signed (snapshots are derived: delete "
                   "it, and loads fold the events instead)"),
                name=_name(None if named is UNREADABLE else named, aggregate_id),
                version=version, size=self.signatures.size)))
        return min(self._found, default=(0, None))

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


def snapshot_versions(recorder: AggregateRecorder) -> dict[str, list[int]]:
    """Every snapshot's aggregate and version, in one query: asking for each aggregate in turn
    took most of `verify`'s time."""
    datastore = getattr(recorder, "datastore", None)
    table = getattr(recorder, "events_table_name", "")
    if isinstance(datastore, SQLiteDatastore):
        query: Any = f"SELECT originator_id, originator_version FROM {table}"
    elif isinstance(datastore, PostgresDatastore):
        query = SQL("SELECT originator_id, originator_version FROM {}.{}").format(
            Identifier(datastore.schema), Identifier(table))
    else:
        raise TypeError("snapshots are kept in SQLite or PostgreSQL only")
    found: dict[str, list[int]] = {}
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(query)
        for row in cursor.fetchall():
            aggregate, version = (row["originator_id"], row["originator_version"])
            found.setdefault(str(UUID(str(aggregate))), []).append(int(version))
    return found


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

"""A tamper-evident log: each stored event carries the digest of its aggregate's previous one.

The digest of a stored event is SHA-256 over its aggregate id, version, topic and stored
state (which includes the previous digest), so changing, removing or reordering an event
breaks the chain at the next event of the same aggregate. Revision seals bind the heads of
all chains of a plan, which also covers the latest events before the seal.
"""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent

from domain.messages import N_, Message


class Stored(Protocol):
    """A stored event: the library's `StoredEvent`, or a row of the log read plainly."""

    @property
    def originator_id(self) -> UUID | str: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


CHAIN_KEY = "_previous_digest_"
GENESIS = "0" * 64
REMEMBERED = 20_000  # digests of committed events kept, for the next event's link
RECENT_EVENTS = 4096  # decoded committed events kept at hand for cached aggregates to catch up


def stored_digest(event: Stored) -> str:
    header = f"{event.originator_id}\x00{event.originator_version}\x00{event.topic}\x00"
    return hashlib.sha256(header.encode() + event.state).hexdigest()


def with_member(state: bytes, member: bytes) -> bytes:
    """The JSON object `state` with the one-member object `member`'s member added last: the
    transcoder's bytes kept as they are, not parsed and written again."""
    head = state.rstrip()
    if not (head.startswith(b"{") and head.endswith(b"}")):
        raise ValueError("an event's stored state is not a JSON object")
    separator = b"" if head[1:-1].strip() == b"" else b","
    return head[:-1] + separator + member[1:]


def seal_of(heads: Iterable[tuple[UUID, str]]) -> str:
    """One digest over the chain heads of every aggregate of a plan, in a fixed order."""
    digest = hashlib.sha256()
    for originator_id, head in sorted(heads, key=lambda item: str(item[0])):
        digest.update(f"{originator_id}:{head}\n".encode())
    return digest.hexdigest()


class ChainingMapper(Mapper[UUID]):
    """Writes the previous event's digest into each new event's stored state."""

    recorder: AggregateRecorder | None = None  # set by the application once it exists

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: OrderedDict[tuple[UUID, int], str] = OrderedDict()
        self._recent: OrderedDict[tuple[UUID, int], Any] = OrderedDict()
        # Log positions below this are not remembered: a worker's first fold reads events that
        # would be pushed out again before it ends (hashing each was a tenth of the fold).
        self.remember_from = 0
        self._batch = threading.local()

    def begin_batch(self) -> None:
        """Before a save: events mapped from now on may chain to each other, not yet stored."""
        self._batch.pending = {}

    def remember(self, stored: StoredEvent) -> None:
        """Cache the digest of a committed event (never of one not yet saved)."""
        originator = stored.originator_id
        if not isinstance(originator, UUID):
            originator = UUID(str(originator))
        self._known[(originator, stored.originator_version)] = stored_digest(stored)
        while len(self._known) > REMEMBERED:
            self._known.popitem(last=False)

    def knows(self, originator_id: UUID, version: int) -> bool:
        """Whether this process has seen that event committed (saved it, or read it)."""
        return (originator_id, version) in self._known

    def seen_after(self, originator_id: UUID, version: int) -> list[Any] | None:
        """The committed events of an aggregate after `version` this process has read, in
        order; None if one of those it knows of is no longer at hand (then read the store)."""
        events = []
        while self.knows(originator_id, version + 1):
            event = self._recent.get((originator_id, version + 1))
            if event is None:
                return None
            events.append(event)
            version += 1
        return events

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        if isinstance(domain_event, Snapshot):
            return stored  # snapshots are derived, not part of the record
        link = json.dumps({CHAIN_KEY: self.previous_digest(domain_event.originator_id,
                                                           domain_event.originator_version)},
                          separators=(",", ":")).encode()
        chained = StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                              with_member(stored.state, link))
        self._pending()[(domain_event.originator_id, domain_event.originator_version)] = (
            stored_digest(chained))
        return chained

    def _pending(self) -> dict[tuple[UUID, int], str]:
        if not hasattr(self._batch, "pending"):
            self._batch.pending = {}
        pending: dict[tuple[UUID, int], str] = self._batch.pending
        return pending

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        if vars(event).pop(CHAIN_KEY, None) is not None and getattr(
                stored_event, "id", self.remember_from) >= self.remember_from:
            self.remember(stored_event)
            self._recent[(event.originator_id, event.originator_version)] = event
            while len(self._recent) > RECENT_EVENTS:
                self._recent.popitem(last=False)
        return event

    def decode(self, stored_event: StoredEvent) -> Any:
        """The event, read again from the log for a reader (a plan's audit trail): nothing is
        remembered of it, so an old event read so never pushes a newer one's digest out."""
        event = super().to_domain_event(stored_event)
        vars(event).pop(CHAIN_KEY, None)
        return event

    def previous_digest(self, originator_id: UUID, version: int) -> str:
        if version == 1:
            return GENESIS
        # Same save first (not stored yet), then committed events this process has seen.
        known = self._pending().get((originator_id, version - 1)) or self._known.get(
            (originator_id, version - 1))
        if known is not None:
            return known
        assert self.recorder is not None, "ChainingMapper.recorder is not set"
        previous = self.recorder.select_events(originator_id, gt=version - 2, lte=version - 1)
        if not previous:
            raise LookupError(f"event {version - 1} of {originator_id} is missing")
        return stored_digest(previous[0])


@dataclass(frozen=True)
class IntegrityReport:
    """The result of checking the store file, every checkpoint, chain, seal and snapshot."""

    ok: bool
    events: int
    first_bad_position: int | None = None
    problem: str | None = None
    checkpoints: int = 0  # how many signed checkpoints were checked
    covered: int = 0  # events the latest of them covers
    signatures_checked: bool = False  # False: no verifier key, so only their roots were
    damaged: bool = False  # the store's file itself, before any event was read
    snapshots_by_digest: int = 0  # shown unchanged by the digest a checkpoint signed
    snapshots_by_fold: int = 0  # compared with their aggregate folded from its events


CHAIN_MARK = f'"{CHAIN_KEY}":"'.encode()


def previous_digest_in(event: Stored) -> str | None:
    """The digest an event carries of its predecessor. Found as bytes, not by parsing: within
    a JSON string a quote is escaped, so the mark is the key, and the mapper writes it last."""
    state = event.state
    at = state.rfind(CHAIN_MARK)
    if at < 0:
        return None
    start = at + len(CHAIN_MARK)
    end = state.find(b'"', start)
    return state[start:end].decode(errors="replace") if end > 0 else None


def first_broken_link(log: Iterable[tuple[int, Stored]]) -> tuple[int, int | None, str | None]:
    """Check every chain in log order: (events read, first bad position, what is wrong).

    When event k does not carry the digest of its predecessor j, either j or k was altered.
    The next event of the same aggregate decides: if it still chains to k, k is intact and
    j is the culprit; if not (or if k was the last), k is.
    """
    heads: dict[str, tuple[int, str, int]] = {}
    suspects: dict[str, tuple[int, int, str]] = {}  # aggregate -> (j, k, why)
    found: list[tuple[int, str]] = []
    count = 0
    for position, event in log:
        count += 1
        key = str(event.originator_id)
        last_version, last_digest, last_position = heads.get(key, (0, GENESIS, position))
        if key in suspects:
            j, k, why = suspects.pop(key)
            found.append((j, why) if previous_digest_in(event) == last_digest else (k, why))
        elif event.originator_version != last_version + 1:
            found.append((position, Message(
                N_("event %(version)s of aggregate %(aggregate)s follows event %(last)s: an "
                   "event is missing or out of order"),
                version=event.originator_version, aggregate=key, last=last_version)))
        elif previous_digest_in(event) != last_digest:
            suspects[key] = (last_position, position, Message(
                N_("aggregate %(aggregate)s: event %(last)s (position %(last_position)s) and "
                   "event %(version)s (position %(position)s) do not chain: one of them was "
                   "altered"), aggregate=key, last=last_version, last_position=last_position,
                version=event.originator_version, position=position))
        heads[key] = (event.originator_version, stored_digest(event), position)
    found += [(k, why) for _, k, why in suspects.values()]
    if not found:
        return count, None, None
    position, problem = min(found)
    return count, position, problem

"""Use cases of the log's checkpoints: sign the tree as it has grown, list them, prove inclusion
and consistency, and remember when the store no longer matches what was signed.

A checkpoint is made only over a tree that still matches the previous one: its right edge must
fold to the signed root and its last leaf must still be the event it was, so a store altered
behind our back is never signed over. New leaves are always recomputed from the log. The
snapshots stored since are signed with it (`service.snapshot_digests`), once the digests signed
before are shown unchanged.
"""

import base64
import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.errors import (
    N_,
    ConcurrentChangeError,
    InvalidValueError,
    Message,
    NotFoundError,
    SigningKeyError,
    StoreNotInitialisedError,
)
from service.config import signing_key_file, verifier_key_text
from service.log_lock import LogLock
from service.log_tables import LogTables
from service.log_tree import EMPTY_ROOT, fold
from service.signed_note import NoteError, SigningKey, VerifierKey, open_note, parse_checkpoint
from service.snapshot_digest_table import (
    NOT_SIGNING_ALTERED,
    CheckpointExistsError,
    DigestsAlteredError,
    SnapshotDigestTable,
)
from service.snapshot_digests import DigestsLine, signed_line
from service.store import EventStore
from service.stored_tree import MissingNodeError, StoredTree, event_leaf, log_after

logger = logging.getLogger(__name__)
NO_KEY = N_("no signing key is configured: create one with `strategikarta key create FILE` and "
            "set STRATEGIKARTA_SIGNING_KEY_FILE to that file")
NO_CHECKPOINT = N_("there is no checkpoint yet")
BUSY_SIGNING = N_("another process has been growing the log's tree for %(wait)s seconds; try again "
                  "when it is done")
MAKE_WAIT = 120  # seconds a checkpoint waits for another process's (a first one hashes it all)
NOTICE_FRESH = 5.0  # seconds a worker trusts the notice it read last


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head: the first `size` events of the log have this root."""

    size: int
    root: str  # base64
    signed_at: str
    note: str

    @property
    def root_hash(self) -> bytes:
        return base64.b64decode(self.root)


@dataclass(frozen=True)
class InclusionProof:
    position: int
    index: int
    size: int
    leaf_hash: str
    proof: list[str]


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    proof: list[str]


@dataclass(frozen=True)
class Notice:
    """What a running server noticed: the store no longer matches what was signed."""

    problem: Message
    position: int | None
    noticed_at: str


class Checkpoints:
    """The signed checkpoints over the log's tree (`app.checkpoints`)."""

    def __init__(self, store: EventStore, environ: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.tables = LogTables(store.recorder, store.snapshots and store.snapshots.recorder)
        self.digests = SnapshotDigestTable(self.tables)
        self.tree = StoredTree(self.tables)
        self.environ = environ  # None: the process's environment, read when needed
        self.lock = LogLock(self.tables.datastore)
        self._notice: tuple[float, Notice | None] = (-NOTICE_FRESH, None)  # (read at, notice)
        self._unstored: Notice | None = None
        self._making = threading.Lock()
        self._covering: dict[int, Checkpoint] = {}

    @property
    def signs(self) -> bool:
        """Whether this process has a signing key set (it may still fail to load)."""
        return bool(signing_key_file(self.environ))

    def signing_key(self) -> SigningKey:
        path = signing_key_file(self.environ)
        if not path:
            raise SigningKeyError(NO_KEY)
        try:
            return SigningKey.load(path)
        except NoteError as error:
            raise SigningKeyError(N_("the signing key cannot be used: %(reason)s"),
                                  reason=str(error)) from None

    def verifier_key(self) -> VerifierKey | None:
        """The key checkpoints are checked with: the signing key's, or an auditor's vkey."""
        text = verifier_key_text(self.environ)
        if text:
            try:
                return VerifierKey.parse(text)
            except NoteError as error:
                raise SigningKeyError(N_("STRATEGIKARTA_VERIFIER_KEY cannot be used: "
                                         "%(reason)s"), reason=str(error)) from None
        return self.signing_key().verifier() if signing_key_file(self.environ) else None

    def key(self) -> VerifierKey:
        key = self.verifier_key()
        if key is None:
            raise SigningKeyError(NO_KEY)
        return key

    def list(self, limit: int | None = None) -> list[Checkpoint]:
        """Latest first."""
        return [Checkpoint(*row) for row in self.tables.checkpoints(limit)]

    def latest(self) -> Checkpoint | None:
        found = self.list(1)
        return found[0] if found else None

    def of_size(self, size: int) -> Checkpoint | None:
        found = self.tables.checkpoints(1, after=size - 1, oldest_first=True)
        return Checkpoint(*found[0]) if found and found[0][0] == size else None

    def covering(self, position: int) -> Checkpoint | None:
        """The first checkpoint whose tree holds every event up to this log position."""
        if position in self._covering:
            return self._covering[position]
        index = self.tables.last_leaf_at_or_before(position)
        if index is None:
            return None
        (_, leaf_position, _), *_ = self.tables.leaves(index, index + 1)
        if leaf_position != position and not self.tables.leaves(index + 1, index + 2):
            return None  # the tree ends before this position: the log may hold it uncovered
        found = self.tables.checkpoints(1, after=index, oldest_first=True)
        if not found:
            return None
        self._covering[position] = checkpoint = Checkpoint(*found[0])
        return checkpoint

    def make(self) -> Checkpoint | None:
        """Grow the tree to the log's end and sign it; the latest checkpoint if the log has not
        grown, None if the store no longer matches it (then `notice` says why)."""
        key = self.signing_key()
        with self._making, self.lock.held(wait=MAKE_WAIT) as had:
            if not had:
                raise ConcurrentChangeError(BUSY_SIGNING, wait=MAKE_WAIT)
            latest = self.latest()
            size, root = (latest.size, latest.root_hash) if latest else (0, EMPTY_ROOT)
            signed: DigestsLine | None = None
            if latest is not None:
                try:
                    signed = signed_line(parse_checkpoint(open_note(latest.note,
                                                                    key.verifier())).extensions)
                except NoteError as error:
                    self.noticed(Message(N_(
                        "the latest checkpoint (%(size)s events) is not signed by this key: "
                        "%(reason)s"), size=size, reason=str(error)))
                    return None
            try:
                edge = self.tree.edge(size)
            except MissingNodeError:
                edge = []
            if fold(edge) != root:
                self.noticed(Message(N_(
                    "the stored tree no longer matches the checkpoint of %(size)s events"),
                    size=size))
                return None
            after = self._last_position(size, root)
            if after is None:
                return None
            grown = self.tree.grow(size, edge, log_after(self.store.recorder, after))
            if grown.size == size:
                return latest
            try:
                self.digests.store_checkpoint(key, grown.size, grown.root(), now(),
                                              (size, signed))
            except CheckpointExistsError:
                return self.latest()  # another worker was first: its checkpoint stands
            except DigestsAlteredError:
                self.noticed(Message(NOT_SIGNING_ALTERED, size=size))
                return None
            return self.of_size(grown.size)

    def _last_position(self, size: int, root: bytes) -> int | None:
        """The log position of the checkpoint's last event, once it is shown to be unchanged."""
        if size == 0:
            return 0
        (_, position, leaf), *_ = self.tables.leaves(size - 1, size)
        event = self.store.recorder.select_notifications(start=position, stop=position, limit=1)
        if (not event or event_leaf(event[0]) != leaf
                or not self.tree.node_is_in(0, size - 1, size, root)):
            self.noticed(Message(N_(
                "the event at log position %(position)s is not the one the checkpoint of "
                "%(size)s events signed"), position=position, size=size), position)
            return None
        return position

    @property
    def notice(self) -> Notice | None:
        """What a running server (any worker) noticed, as read in the last few seconds."""
        read_at, notice = self._notice
        if time.monotonic() - read_at >= NOTICE_FRESH:
            notice = self.notice_now()
        return notice

    def notice_now(self) -> Notice | None:
        stored = self.tables.notice()
        if stored is None:
            notice = self._unstored
        else:
            problem, position, noticed_at = stored
            said = json.loads(problem)
            notice = Notice(Message(said["template"], **said["params"]), position, noticed_at)
        self._notice = (time.monotonic(), notice)
        return notice

    def noticed(self, problem: Message, position: int | None = None) -> None:
        """Remember that the store no longer matches what was signed (until a verify passes),
        in the store, so that every worker says so."""
        if self.notice_now() is not None:
            return
        logger.warning("the store no longer matches its checkpoints: %s", problem)
        notice = Notice(problem, position, now())
        said = json.dumps({"template": problem.template, "params": dict(problem.params)},
                          default=str)
        try:
            self.tables.add_notice(said, position, notice.noticed_at)
        except StoreNotInitialisedError:
            self._unstored = notice  # a store older than the table: this process says it
        self._notice = (time.monotonic(), notice)

    def settle(self) -> None:
        """A check passed: what was noticed is settled."""
        self.tables.clear_notice()
        self._unstored = None
        self._notice = (time.monotonic(), None)

    def inclusion(self, position: int, size: int | None = None) -> InclusionProof:
        """The RFC 9162 proof that the event at `position` is in the tree of `size` events
        (default: the latest checkpoint's)."""
        size = self._checked_size(size, "size")
        found = self.tables.leaf_at(position)
        if found is None:
            if not self.store.recorder.select_notifications(start=position, stop=position,
                                                            limit=1):
                raise NotFoundError(N_("there is no event at log position %(position)s"),
                                    "position", position=position)
            raise InvalidValueError(N_("no checkpoint covers log position %(position)s yet"),
                                    "size", position=position)
        index, _ = found
        if index >= size:
            raise InvalidValueError(N_("the tree of %(size)s events does not hold log position "
                                       "%(position)s (event %(index)s)"), "size", size=size,
                                    position=position, index=index)
        leaf, proof = self.tree.inclusion(index, size)
        return InclusionProof(position, index, size, b64(leaf), [b64(h) for h in proof])

    def consistency(self, first: int, second: int | None = None) -> ConsistencyProof:
        """The RFC 9162 proof that the tree of `first` events is a prefix of that of `second`."""
        second = self._checked_size(second, "to")
        if not 0 <= first <= second:
            raise InvalidValueError(N_("'from' must be between 0 and 'to' (%(to)s)"), "from",
                                    to=second)
        return ConsistencyProof(first, second,
                                [b64(h) for h in self.tree.consistency(first, second)])

    def _checked_size(self, size: int | None, field: str) -> int:
        latest = self.latest()
        if latest is None:
            raise InvalidValueError(NO_CHECKPOINT, field)
        if size is None:
            return latest.size
        if not 1 <= size <= latest.size:
            raise InvalidValueError(N_("%(size)s is not a tree size from 1 to the latest "
                                       "checkpoint's (%(latest)s)"), field, size=size,
                                    latest=latest.size)
        return size

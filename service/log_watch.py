"""A running server's eye on its log: a checkpoint within a minute of a write, and the events
already signed rehashed as the server goes, so an edit behind its back is noticed. Every server
runs it, with a signing key or without: without one it signs nothing, but still keeps the
tables derived from the log (the aggregate index, the timeline, the plan directory) near the
log's end, so a reader seldom pays for a long catch-up, and still rehashes what checkpoints
there are.

At start the fold of the whole log hashes each event as it is read, against the stored leaves
and, at the latest checkpoint's size, its signed root. Afterwards a thread per worker looks
every `interval` seconds, and the one that gets the store's lock (`LogLock`) signs what was
written since, then rehashes one slice of older events (rolling over the log) and proves it
against the latest signed root; the others pass that round. Whatever does not match is kept in
the store (`checkpoints.notice`, which every worker reads) until a `verify` passes. Writes never
wait for any of it.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from eventsourcing.persistence import Notification

from domain.errors import DomainError
from domain.messages import N_, Message
from service.checkpoints import Checkpoint, Checkpoints
from service.log_tree import TreeBuilder, parts, root_of, verify_node_inclusion
from service.signed_note import NoteError, open_note
from service.store import EventStore
from service.stored_tree import MissingNodeError, event_leaf, log_after

logger = logging.getLogger(__name__)
INTERVAL = 20.0
SLICE = 4096  # events rehashed per round: a perfect subtree of the tree

DIFFERS = N_("the event at log position %(position)s differs from the checkpoint of %(size)s "
             "events (run `strategikarta verify`)")
STORED_TREE = N_("the stored tree differs from the log at log position %(position)s, though the "
                 "events still prove to the checkpoint of %(size)s events: the tree (derived "
                 "data) was altered, and proofs served from it fail")
UNPROVED = N_("events %(start)s to %(end)s of the log no longer prove to the checkpoint of "
              "%(size)s events: the log or its stored tree was altered (run `strategikarta "
              "verify`)")


class LogWatch:
    """Checkpoints made and checked while a server runs (`app.log_watch`)."""

    def __init__(self, store: EventStore, checkpoints: Checkpoints,
                 interval: float = INTERVAL, slice_size: int = SLICE,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.checkpoints = checkpoints
        self.interval = interval
        self.slice_size = slice_size
        self.clock = clock
        self.last_round = -1  # the round number of this process's latest slice
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Look every `interval` seconds, in a daemon thread of this process."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="checkpoints", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        """A round at once (a worker holding plans on demand read no log at start: the first
        slice is checked as it starts), then one every interval."""
        while True:
            try:
                self.round()
            except Exception:  # a store gone away a moment must not end the watch
                logger.exception("checkpoint round failed")
            if self._stop.wait(self.interval):
                return

    def round(self) -> bool:
        """Sign what was written since the latest checkpoint, then rehash one older slice; in
        one process per store at a time (the others' rounds pass: False)."""
        with self.checkpoints.lock.held() as had:
            if not had:
                return False
            latest = self.checkpoints.latest()
            if self.checkpoints.signs and self._log_grew(latest):
                try:
                    latest = self.checkpoints.make()
                except DomainError as error:  # no usable key, no tables: say so, keep checking
                    logger.warning("no checkpoint made: %s", error.message)
            # Kept near the log's end here, so that a reader of the indexes seldom writes to them.
            self.store.timeline.caught_up()
            end = self.store.aggregate_index.caught_up()
            if end is not None:
                self.store.directory_table.caught_up(end)
            if latest is not None and self.checkpoints.notice_now() is None:
                self.check_slice(latest)
            return True

    def _log_grew(self, latest: Checkpoint | None) -> bool:
        last = self.store.recorder.max_notification_id() or 0
        if latest is None:
            return last > 0
        (_, position, _), *_ = self.checkpoints.tables.leaves(latest.size - 1, latest.size) or [
            (0, 0, b"")]
        return bool(last > position)

    def check_slice(self, latest: Checkpoint) -> None:
        """Rehash the events of the next slice of the signed tree and prove them to its root."""
        if not self._signed(latest):
            return
        size = latest.size
        start = self.slice_start(size)
        end = min(start + self.slice_size, size)
        # From the leaf before: an event slipped in between the two is read too.
        stored = self.checkpoints.tables.leaves(max(start - 1, 0), end)
        after = stored.pop(0)[1] if start and stored else 0
        events = list(log_after(self.store.recorder, after, stop=stored[-1][1])
                      ) if stored else []
        leaves = [event_leaf(event) for event in events]
        differs = first_difference(stored, events, leaves)
        if len(events) == end - start and self._proved(start, end, leaves, latest):
            if differs is not None:  # the events prove to the signed root: only derived data
                self.report(STORED_TREE, differs, size=size)
        elif differs is not None:
            self.report(DIFFERS, differs, size=size)
        else:
            self.report(UNPROVED, None, start=start + 1, end=end, size=size)

    def slice_start(self, size: int) -> int:
        """The first leaf of this round's slice. Rounds are numbered by the clock (one number
        an interval), so the workers that take turns at the lock walk the log's slices in
        order, none twice in a row; rounds in quick succession in one process count on."""
        self.last_round = max(int(self.clock() // self.interval), self.last_round + 1)
        slices = -(-size // self.slice_size)
        return (self.last_round % slices) * self.slice_size

    def _proved(self, start: int, end: int, leaves: Sequence[bytes], latest: Checkpoint) -> bool:
        tree = self.checkpoints.tree
        for level, index in parts(start, end):
            first = (index << level) - start
            node = root_of(leaves[first:first + (1 << level)])
            try:
                proof = tree.node_proof(level, index, latest.size)
            except MissingNodeError:
                return False
            if not verify_node_inclusion(level, index, latest.size, node, proof,
                                         latest.root_hash):
                return False
        return True

    def _signed(self, latest: Checkpoint) -> bool:
        """The latest checkpoint's signature, where this server has a key to check it with."""
        try:
            key = self.checkpoints.verifier_key()
            if key is not None:
                open_note(latest.note, key)
        except (DomainError, NoteError) as error:
            self.report(N_("the latest checkpoint (%(size)s events) does not verify: "
                            "%(reason)s"), None, size=latest.size, reason=str(error))
            return False
        return True

    def report(self, problem: str, position: int | None, **params: object) -> None:
        said = params if position is None else {"position": position, **params}
        self.checkpoints.noticed(Message(problem, **said), position)

    @contextmanager
    def checking_fold(self) -> Iterator[None]:
        """While the store folds the whole log (a worker's start), hash what it reads. A
        worker holding plans on demand does not read the log at start (the rounds' slices
        check it), unless it falls back to holding every plan (a store without the index)."""
        latest = self.checkpoints.latest()
        if latest is None or self.store.read_model.position:
            yield
            return
        fold = FoldCheck(self, latest)
        self.store.on_fold = fold
        try:
            yield
        finally:
            self.store.on_fold = None
        if self.store.read_model.plans_view is None:  # the whole log was folded, from its start
            fold.finish()


def first_difference(stored: Sequence[tuple[int, int, bytes]], events: Sequence[Notification],
                     leaves: Sequence[bytes]) -> int | None:
    """The first log position where the stored leaves and the events read differ."""
    for (_, position, hashed), event, leaf in zip(stored, events, leaves, strict=False):
        if (position, hashed) != (event.id, leaf):
            return min(position, event.id)
    if len(stored) != len(events):
        longer = stored[len(events):] or [(0, e.id, b"") for e in events[len(stored):]]
        return longer[0][1]
    return None


class FoldCheck:
    """The leaves of the events as the fold reads them, against the latest checkpoint's root
    (which vouches for them) and the stored leaves (which say where they differ)."""

    def __init__(self, watch: LogWatch, latest: Checkpoint) -> None:
        self.watch = watch
        self.latest = latest
        self.builder = TreeBuilder()
        self.differs: int | None = None
        self.done = False

    def __call__(self, batch: Sequence[Notification]) -> None:
        take = batch[:self.latest.size - self.builder.size]
        if self.done or not take:
            return
        start = self.builder.size
        leaves = [event_leaf(event) for event in take]
        if self.differs is None:
            stored = self.watch.checkpoints.tables.leaves(start, start + len(take))
            self.differs = first_difference(stored, take, leaves)
        for leaf in leaves:
            self.builder.append(leaf)

    def finish(self) -> None:
        if self.done:
            return
        self.done = True
        size = self.latest.size
        if self.builder.size == size and self.builder.root() == self.latest.root_hash:
            if self.differs is not None:
                self.watch.report(STORED_TREE, self.differs, size=size)
            self.watch._signed(self.latest)
        elif self.differs is not None:
            self.watch.report(DIFFERS, self.differs, size=size)
        else:
            self.watch.report(UNPROVED, None, start=1, end=size, size=size)

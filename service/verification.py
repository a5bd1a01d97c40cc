"""Use case: check that the stored log is exactly what was written (`strategikarta verify`).

Six checks, the cheapest to explain first: the database's own check of its file (SQLite's
`integrity_check`: a damaged page may hide from a scan of the log), every signed checkpoint
against the tree recomputed from the events, every digest chain and seal, and every snapshot:
by the digest a checkpoint signed, else against the events it claims to sum up (all of them so
with `all_snapshots`); the aggregate index (`service.aggregate_index`) against the first
events it was derived from, and the timeline table (`service.timeline_table`) against every
event's time. The log is read once for all of them.
"""

import gc
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from uuid import UUID

from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.utils import get_topic

from domain.errors import DomainError
from domain.messages import N_, Message
from domain.plan import Plan
from service.aggregate_index import IndexCheck
from service.checkpoints import Checkpoints
from service.integrity import IntegrityReport, Stored, first_broken_link, seal_of, stored_digest
from service.log_check import LogCheck
from service.log_tables import LogEvent
from service.plan_directory import DirectoryCheck
from service.signed_note import VerifierKey
from service.signed_snapshots import NONE_SIGNED, read_signatures
from service.snapshot_check import SnapshotCheck
from service.store import EventStore
from service.store_errors import STORE_ERRORS, root_cause
from service.timeline_table import TimelineCheck
from service.tree_in_child import roots_in_child

BATCH = 5000


REVISION_ADOPTED = get_topic(Plan.RevisionAdopted)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The pass makes millions of short-lived objects and few cycles: the cyclic garbage
    collector, run every few hundred of them over everything still alive, took half the
    snapshots' fold. Reference counting frees the rest as it goes; cycles wait for the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Verification:
    """Recompute every digest chain of the log, and every snapshot from its events."""

    def __init__(self, store: EventStore, checkpoints: Checkpoints) -> None:
        self.store = store
        self.checkpoints = checkpoints

    def verify(self, progress: Callable[[int], object] | None = None,
               all_snapshots: bool = False) -> IntegrityReport:
        """With `all_snapshots`, every snapshot is folded, signed or not. SQLite's check of
        its file runs in a thread beside the pass over the log (SQLite lets go of Python's
        lock while it checks); a damaged file is the answer, whatever the pass found."""
        with ThreadPoolExecutor(1, thread_name_prefix="file-check") as pool:
            file_check = pool.submit(self.damaged_file)
            try:
                report = self._checked_log(progress, all_snapshots)
            except STORE_ERRORS:
                if file_check.result() is None:
                    raise
                report = None
            damage = file_check.result()
        if damage is not None:
            return IntegrityReport(ok=False, events=0, problem=damage, damaged=True)
        assert report is not None
        if report.ok:
            self.checkpoints.settle()  # what a running server noticed is settled
        return report

    def _checked_log(self, progress: Callable[[int], object] | None,
                     all_snapshots: bool) -> IntegrityReport:
        seals: list[tuple[int, Stored]] = []
        tree = LogCheck(self.checkpoints)
        signatures = NONE_SIGNED if all_snapshots else read_signatures(
            self.checkpoints.digests, tree.latest_signed())
        snapshots = SnapshotCheck(self.store, signatures)
        index = IndexCheck(self.store.aggregate_index)
        timeline = TimelineCheck(self.store.timeline)
        # The tree in a second process, if one can read the store; else in this pass.
        child = roots_in_child(self.checkpoints.tables, tree.sizes)

        def log_noting_seals() -> Iterator[tuple[int, Stored]]:
            for position, event in self._whole_log(progress):
                if event.topic == REVISION_ADOPTED:
                    seals.append((position, event))
                snapshots.note(position, event)
                index.note(event)
                timeline.note(event)
                if child is None:
                    tree.note(position, event)
                yield position, event

        with collector_paused():
            count, chain_position, chain_problem = first_broken_link(log_noting_seals())
        tree_found = tree.findings(chain_position, child() if child is not None else None)
        if child is not None and tree_found:  # what differs is located by this process
            tree = LogCheck(self.checkpoints)
            with collector_paused():
                for position, event in self._whole_log(None):
                    tree.note(position, event)
            tree_found = tree.findings(chain_position)
        # The signed tree says best what became of an event: its findings come first.
        found = [*tree_found, (chain_position, chain_problem),
                 *[(position, self._broken_seal(event)) for position, event in seals],
                 snapshots.first_bad(), index.first_bad(),
                 timeline.first_bad(),
                 DirectoryCheck(self.store, self._verifier(), fold=all_snapshots).first_bad(),
                 (None, signatures.problem)]
        # An altered event spoils the seals, snapshots and checkpoints after it too: name the
        # earliest; what cannot be placed at a position comes last.
        problems = sorted(((p, m) for p, m in found if m),
                          key=lambda item: (item[0] is None, item[0] or 0))
        bad_position, problem = problems[0] if problems else (None, None)
        return IntegrityReport(
            ok=not problems, events=count, first_bad_position=bad_position, problem=problem,
            checkpoints=len(tree.signed), covered=tree.covered,
            signatures_checked=tree.signatures_checked, snapshots_by_digest=snapshots.by_digest,
            snapshots_by_fold=snapshots.by_fold)

    def _verifier(self) -> VerifierKey | None:
        """The key the plan directory's rows are checked with (none: not checked)."""
        try:
            return self.checkpoints.verifier_key()
        except DomainError:  # an unusable key: the checkpoints' check says so
            return None

    def damaged_file(self) -> Message | None:
        """What SQLite's own check finds wrong with the store's file; None if it is sound.

        PostgreSQL checks its pages as it reads them, and a store in memory has no file, so
        there it is always None.
        """
        datastore = getattr(self.store.recorder, "datastore", None)
        if not isinstance(datastore, SQLiteDatastore) or datastore.pool.is_sqlite_memory_mode:
            return None
        try:
            with datastore.transaction(commit=False) as cursor:
                cursor.execute("PRAGMA integrity_check(10)")
                findings = [str(row[0]) for row in cursor.fetchall()]
        except STORE_ERRORS as error:
            findings = [root_cause(error)]
        if findings == ["ok"]:
            return None
        return Message(N_("the SQLite file is damaged: %(findings)s"),
                       findings="; ".join(findings))

    def _broken_seal(self, revision_event: Stored) -> Message | None:
        """A revision's seal must still match the events it sealed."""
        try:
            seal = json.loads(revision_event.state)["seal"]["_data_"]
            heads = [(UUID(i), int(v), d) for i, v, d in seal["heads"]]
        except (ValueError, KeyError, TypeError):
            return Message(N_("a revision's seal cannot be read"))
        for aggregate_id, version, digest in heads:
            stored = self.store.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
            if not stored or stored_digest(stored[0]) != digest:
                return Message(N_("the revision sealed at position %(position)s no longer "
                                  "matches event %(version)s of aggregate %(aggregate)s"),
                               position=seal["position"], version=version,
                               aggregate=str(aggregate_id))
        if seal_of((i, d) for i, _, d in heads) != seal["digest"]:
            return Message(N_("the seal digest of the revision sealed at position %(position)s "
                              "was altered"), position=seal["position"])
        return None

    def log_size(self) -> int:
        return self.store.recorder.max_notification_id() or 0

    def _whole_log(self, progress: Callable[[int], object] | None) -> Iterator[
            tuple[int, LogEvent]]:
        position = 0
        while True:
            batch = self.checkpoints.tables.events_after(position, BATCH)
            for event in batch:
                yield event.position, event
            if progress is not None:
                progress(len(batch))
            if len(batch) < BATCH:
                return
            position = batch[-1].position

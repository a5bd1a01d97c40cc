"""Use case: check that the stored log is exactly what was written (`strategikarta verify`)."""

import json
from collections.abc import Callable, Iterator
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.plan import Plan
from service.integrity import IntegrityReport, first_broken_link, seal_of, stored_digest
from service.store import EventStore

BATCH = 5000


REVISION_ADOPTED = get_topic(Plan.RevisionAdopted)


class Verification:
    """Recompute every digest chain of the log."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def verify(self, progress: Callable[[int], object] | None = None) -> IntegrityReport:
        seals: list[tuple[int, StoredEvent]] = []

        def log_noting_seals() -> Iterator[tuple[int, StoredEvent]]:
            for position, event in self._whole_log(progress):
                if event.topic == REVISION_ADOPTED:
                    seals.append((position, event))
                yield position, event

        count, bad_position, problem = first_broken_link(log_noting_seals())
        for position, event in seals:
            seal_problem = self._broken_seal(event)
            if seal_problem and (bad_position is None or position < bad_position):
                bad_position, problem = position, seal_problem
        return IntegrityReport(ok=bad_position is None, events=count,
                               first_bad_position=bad_position, problem=problem)

    def _broken_seal(self, revision_event: StoredEvent) -> str | None:
        """A revision's seal must still match the events it sealed."""
        try:
            seal = json.loads(revision_event.state)["seal"]["_data_"]
            heads = [(UUID(i), int(v), d) for i, v, d in seal["heads"]]
        except (ValueError, KeyError, TypeError):
            return "a revision's seal cannot be read"
        for aggregate_id, version, digest in heads:
            stored = self.store.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
            if not stored or stored_digest(stored[0]) != digest:
                return (f"the revision sealed at position {seal['position']} no longer matches "
                        f"event {version} of aggregate {aggregate_id}")
        if seal_of((i, d) for i, _, d in heads) != seal["digest"]:
            return f"the seal digest of the revision sealed at position {seal['position']} was altered"
        return None

    def log_size(self) -> int:
        return self.store.recorder.max_notification_id() or 0

    def _whole_log(self, progress: Callable[[int], object] | None) -> Iterator[
            tuple[int, StoredEvent]]:
        position = 0
        while True:
            batch = self.store.recorder.select_notifications(start=position + 1, limit=BATCH)
            for notification in batch:
                yield notification.id, notification
            if progress is not None:
                progress(len(batch))
            if len(batch) < BATCH:
                return
            position = batch[-1].id

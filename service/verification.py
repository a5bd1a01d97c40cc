"""Use case: check that the stored log is exactly what was written (`strategikarta verify`)."""

from collections.abc import Callable, Iterator

from eventsourcing.persistence import StoredEvent

from service.base import StrategikartaBase
from service.integrity import IntegrityReport, first_broken_link

BATCH = 5000


class VerificationUseCases(StrategikartaBase):
    """Recompute every digest chain of the log."""

    def verify(self, progress: Callable[[int], None] | None = None) -> IntegrityReport:
        count, bad_position, problem = first_broken_link(self._whole_log(progress))
        return IntegrityReport(ok=bad_position is None, events=count,
                               first_bad_position=bad_position, problem=problem)

    def log_size(self) -> int:
        return self.recorder.max_notification_id() or 0

    def _whole_log(self, progress: Callable[[int], None] | None) -> Iterator[
            tuple[int, StoredEvent]]:
        position = 0
        while True:
            batch = self.recorder.select_notifications(start=position + 1, limit=BATCH)
            for notification in batch:
                yield notification.id, notification
            if progress is not None:
                progress(len(batch))
            if len(batch) < BATCH:
                return
            position = batch[-1].id

"""Move the plans' audit trails out of the workers' memory into the store.

Every worker folds every event, and used to keep every audit entry it made: at 1,000,000
events, about 200 MB a worker. Now one process at a time (the one holding the store's log
lock, in its log watch's round) writes the entries newer than the store's archive into it;
every worker then lets go of what is archived, and a worker that starts makes no entries
up to the archive's position at all. History reads the archive and the newer entries a
worker still holds together (`service.audit_trails`): a write read back at once, in any
worker, is in the held part until it is archived.
"""

from domain.errors import StoreNotInitialisedError
from projections.records import AuditEntry
from service.store import EventStore

CHUNK = 5000  # entries a transaction


class AuditArchive:
    """The archive of audit entries in the store (`app.audit_archive`)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def archive(self) -> int:
        """Write the entries this process holds beyond the archive, then let them go; the log
        position the archive reaches. Run only while holding the store's log lock."""
        tables = self.store.audit
        through = tables.through()
        state = self.store.catch_up()
        entries: list[tuple[str, AuditEntry]] = sorted(
            ((plan, entry) for plan, trail in state.audit.items() for entry in trail
             if entry.position > through), key=lambda item: item[1].position)
        try:
            for start in range(0, len(entries), CHUNK):
                chunk = entries[start:start + CHUNK]
                tables.archive(chunk, chunk[-1][1].position)
            tables.archive([], state.position)  # no entries between: archived to here
        except StoreNotInitialisedError:
            return 0  # a store older than the archive keeps every entry in memory
        self.store.read_model.archived(state.position)
        return state.position

    def let_go(self) -> None:
        """Drop what another process has archived since (any worker, without the lock)."""
        through = self.store.audit.through()
        if through > self.store.read_model.archived_through:
            self.store.read_model.archived(through)

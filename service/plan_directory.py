"""What the pages that list every plan need of each one: the start page's counts by status, the
public site's listing, whether a round is open for a reporter's start page.

A worker holding every plan reads it off the records. A worker holding plans on demand
(`service.plan_shelf`) keeps an entry per plan instead, made from the plan's record once and
kept while it holds: until an event of the plan is recorded (one query over the log since the
last look, joined to the aggregate index, names the plans that changed), and for the days on
which its counts hold (until a report's date comes, a status reported in advance). So the start
page reads only the plans that changed since it was last shown, not every plan.
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.year_values import RoundState
from projections.records import PlanRecord
from service.plan_shelf import PlansOnDemand
from service.store import EventStore
from service.views import PlanView, plan_view

FORGET_ALL_BEYOND = 50_000  # log positions since the last look: past them, every entry is made again


@dataclass(frozen=True)
class DirectoryEntry:
    """A plan as the lists show it, on the days from `valid_from` up to `valid_until`."""

    view: PlanView
    published: bool
    revision: int | None  # the latest adopted revision's year
    open_rounds: tuple[str, ...]
    valid_from: date
    valid_until: date | None  # the next report date coming into force; None: none

    def holds_on(self, today: date) -> bool:
        return self.valid_from <= today and (self.valid_until is None or today < self.valid_until)


def entry_of(record: PlanRecord, today: date) -> DirectoryEntry:
    later = [report.reported_for for milestone in record.milestones.values()
             for report in milestone.reports if report.reported_for > today]
    return DirectoryEntry(
        plan_view(record, today), record.published,
        record.revisions[-1][0].year if record.revisions else None,
        tuple(key for key, round_ in sorted(record.rounds.items())
              if round_.state is RoundState.OPEN),
        today, min(later, default=None))


class PlanDirectory:
    """Every plan's entry as of a state, in key order."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._entries: dict[str, DirectoryEntry] = {}
        self._looked_at = 0  # the log position up to which changed plans were forgotten
        self._lock = threading.Lock()

    def entries(self, plans: Mapping[str, PlanRecord], position: int,
                today: date) -> list[DirectoryEntry]:
        if not isinstance(plans, PlansOnDemand):  # every record at hand
            return [entry_of(plans[key], today) for key in sorted(plans)]
        with self._lock:
            self._forget_changed(position)
            found = []
            for key in sorted(plans):
                entry = self._entries.get(key)
                if entry is None or not entry.holds_on(today):
                    entry = self._entries[key] = entry_of(plans[key], today)
                found.append(entry)
            return found

    def _forget_changed(self, position: int) -> None:
        """Drop the entries of plans with an event after the last look, up to `position`
        (every record read after this is at least that new)."""
        if position <= self._looked_at:
            return
        if not self._entries or position - self._looked_at > FORGET_ALL_BEYOND:
            self._entries.clear()
        else:
            for key in self.store.aggregate_index.plans_changed(self._looked_at, position):
                self._entries.pop(key, None)
        self._looked_at = position

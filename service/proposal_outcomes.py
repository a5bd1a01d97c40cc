"""A proposal worked out: the plan as it would leave it, with its diff and analysis.

Working one out loads every milestone the proposal touches and applies each change by the
aggregates' own rules (a slip's hundreds of moves are hundreds of aggregates), then folds
the events onto the plan record. The outcome depends only on the plan's log position (every
event of the plan, its proposals included, moves it), the proposal's changes (its version)
and the day (a drop is a report of today's round). So it is kept per those, as the maps are
kept per position: the proposal's page, its API answer and its map in every option fold
it once, and any write to the plan makes a new key.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from projections.analysis import Analysis, analyse
from projections.plan_diff import Change
from projections.proposal_preview import proposal_diff
from projections.records import AuditEntry, PlanRecord

KEPT = 16  # outcomes per process; each shares the records of its unchanged milestones
OutcomeKey = tuple[str, int, str, int, date]


@dataclass
class Outcome:
    """The plan `record` and the plan as the proposal would leave it, on `today`."""

    record: PlanRecord
    proposed: PlanRecord
    trail: list[AuditEntry] = field(repr=False)
    today: date

    @cached_property
    def diff(self) -> dict[str, list[Change]]:
        return proposal_diff(self.record, self.proposed, self.trail, self.today)

    @cached_property
    def analysis(self) -> Analysis:
        return analyse(self.proposed, self.today)


class Outcomes:
    """The outcomes worked out last, least recently used first out."""

    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._entries: OrderedDict[OutcomeKey, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: OutcomeKey) -> Outcome | None:
        with self._lock:
            outcome = self._entries.get(key)
            if outcome is not None:
                self._entries.move_to_end(key)
            return outcome

    def put(self, key: OutcomeKey, outcome: Outcome) -> None:
        with self._lock:
            self._entries[key] = outcome
            while len(self._entries) > self.kept:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def outcome_key(record: PlanRecord, proposal: Any, today: date) -> OutcomeKey:
    return record.key, record.position, proposal.key, proposal.version, today

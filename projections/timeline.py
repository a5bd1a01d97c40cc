"""Checkpoints of each plan every few hundred of its events, kept beside the current state, so
a past state is found without replaying the plan from its start (when each position was
recorded is kept in a table: `service.timeline_table`)."""

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Protocol

from projections.records import PlanRecord

# A past state is a checkpoint plus the log read from it, so checkpoints bound that read:
# one after CHECKPOINT_EVERY events of the plan once the log has moved on by MIN_DISTANCE
# (a plan imported in one go needs none), and one whenever it has moved on by MAX_DISTANCE.
CHECKPOINT_EVERY = 250
MIN_DISTANCE = 2_000
MAX_DISTANCE = 20_000


class Freezable(Protocol):
    def freeze(self) -> PlanRecord: ...


@dataclass
class PlanCheckpoints:
    """The plan's frozen record every `every` of its events (CHECKPOINT_EVERY if None)."""

    every: int | None = None
    since: int = 0  # events of the plan since the last checkpoint
    last: int = 0  # log position of the last checkpoint, or of the plan's first event
    copies: list[tuple[int, PlanRecord]] = field(default_factory=list)

    def note(self, plan: Freezable, position: int) -> None:
        self.since += 1
        self.last = self.last or position
        distance = position - self.last
        if (self.since >= (self.every or CHECKPOINT_EVERY) and distance >= MIN_DISTANCE) or (
                distance >= MAX_DISTANCE):
            self.copies.append((position, plan.freeze()))
            self.since, self.last = 0, position

    def before(self, position: int) -> tuple[int, PlanRecord] | None:
        """The latest checkpoint at or before `position` (a frozen record: fold onto a draft)."""
        index = bisect_right([p for p, _ in self.copies], position) - 1
        if index < 0:
            return None
        return self.copies[index]

"""Indexes of the log kept beside the current state, so the past is found without a scan:
when each position was recorded, where each actor's events of a plan lie, and checkpoints of
each plan every few hundred events."""

import threading
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from projections.records import PlanRecord

# A past state is a checkpoint plus the log read from it, so checkpoints bound that read:
# one after CHECKPOINT_EVERY events of the plan once the log has moved on by MIN_DISTANCE
# (a plan imported in one go needs none), and one whenever it has moved on by MAX_DISTANCE.
CHECKPOINT_EVERY = 250
MIN_DISTANCE = 2_000
MAX_DISTANCE = 20_000
SINCE_BLOCK = 64  # log positions per prefix maximum of timestamps


class Timeline:
    """Maps a time to the last log position recorded at or before it.

    Timestamps come from the writers' clocks and may step backwards across writers, so the
    index keeps, for each position, the earliest timestamp at or after it (a suffix
    minimum, non-decreasing): the last position q whose suffix minimum is <= T is exactly
    the last position recorded at or before T.

    The other way, "from which position on can an event have been recorded at or after T",
    needs the latest timestamp up to each position (a prefix maximum). It is kept per block
    of SINCE_BLOCK positions only (the block's and every earlier block's latest timestamp):
    a reader that stops at a block's start reads at most a block of the log too many, and
    the index costs 8 bytes per block instead of 8 per event.
    """

    def __init__(self) -> None:
        self._positions = array("q")
        self._suffix_min = array("d")
        self._block_max = array("d")  # latest timestamp up to the end of each block
        # Appending may lower earlier entries; a reader must not see that half done.
        self._lock = threading.Lock()

    def append(self, position: int, recorded_at: datetime) -> None:
        stamp = recorded_at.timestamp()
        with self._lock:
            self._positions.append(position)
            self._suffix_min.append(stamp)
            if (len(self._positions) - 1) % SINCE_BLOCK == 0:  # a block begins
                self._block_max.append(max(stamp, self._block_max[-1]) if self._block_max
                                       else stamp)
            elif stamp > self._block_max[-1]:
                self._block_max[-1] = stamp
            i = len(self._suffix_min) - 2
            while i >= 0 and self._suffix_min[i] > stamp:  # only as far back as the clock skew
                self._suffix_min[i] = stamp
                i -= 1

    def position_at(self, when: datetime) -> int:
        with self._lock:
            index = bisect_right(self._suffix_min, when.timestamp()) - 1
            return self._positions[index] if index >= 0 else 0

    def recorded_before(self, when: datetime) -> int:
        """A log position up to which every event was recorded before `when` (0 if none is
        known to be): a reader of what was recorded since `when` can stop there."""
        with self._lock:
            block = bisect_left(self._block_max, when.timestamp())
            index = min(block * SINCE_BLOCK, len(self._positions)) - 1
            return self._positions[index] if index >= 0 else 0


class ActorSpans:
    """The first and last log position of each actor's events in each plan: a history by
    actor reads between them only, and nothing at all for one who never wrote in the plan.

    A reader as of an earlier state may see a span that has grown since: the first position
    never changes once noted, and events up to the reader's position lie at or before it,
    so both ends still bound what the reader may find. A span is a tuple, replaced whole.
    """

    def __init__(self) -> None:
        self._spans: dict[tuple[str, str], tuple[int, int]] = {}

    def note(self, plan: str, actor: str, position: int) -> None:
        """Called in log order, for every event of the plan."""
        first, _ = self._spans.get((plan, actor), (position, position))
        self._spans[(plan, actor)] = (first, position)

    def span(self, plan: str, actor: str) -> tuple[int, int] | None:
        return self._spans.get((plan, actor))


class Freezable(Protocol):
    def freeze(self) -> PlanRecord: ...


@dataclass
class PlanCheckpoints:
    """The plan's frozen record every CHECKPOINT_EVERY of its events."""

    since: int = 0  # events of the plan since the last checkpoint
    last: int = 0  # log position of the last checkpoint, or of the plan's first event
    copies: list[tuple[int, PlanRecord]] = field(default_factory=list)

    def note(self, plan: Freezable, position: int) -> None:
        self.since += 1
        self.last = self.last or position
        distance = position - self.last
        if (self.since >= CHECKPOINT_EVERY and distance >= MIN_DISTANCE) or (
                distance >= MAX_DISTANCE):
            self.copies.append((position, plan.freeze()))
            self.since, self.last = 0, position

    def before(self, position: int) -> tuple[int, PlanRecord] | None:
        """The latest checkpoint at or before `position` (a frozen record: fold onto a draft)."""
        index = bisect_right([p for p, _ in self.copies], position) - 1
        if index < 0:
            return None
        return self.copies[index]

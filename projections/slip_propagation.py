"""Which milestones a slip moves: the hook proposals call for `op: slip`.

The propagation rule (PRODUCT.md, "Slip": every milestone that requires the slipped one,
directly or through others, moves to the latest of its own year and its prerequisites' new
years, in topological order; achieved and dropped milestones never move) belongs to the
what-if module, built alongside. Until it is wired in here, a slip moves only the milestone
itself: a proposal records whatever moves this function returns, as `move` changes.
"""

from dataclasses import dataclass
from datetime import date

from projections.records import PlanRecord


@dataclass(frozen=True)
class Move:
    """One milestone moved by a slip, from one target year to another."""

    key: str
    before: int
    after: int


def propagated_moves(plan_record: PlanRecord, key: str, to: int, on: date) -> list[Move]:
    """The moves a slip of `key` to year `to` makes in the plan, statuses read on `on`."""
    milestone = plan_record.milestones[key]
    return [] if milestone.target_year == to else [Move(key, milestone.target_year, to)]

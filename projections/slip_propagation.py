"""Which milestones a slip moves: the hook proposals call for `op: slip`.

The propagation rule is the what-if's (`projections.what_if`: every milestone that requires
the slipped one, directly or through others, moves to the latest of its own year and its
moved prerequisites' new years, in topological order; achieved and dropped milestones never
move), so a proposal records exactly the moves the what-if shows, as `move` changes.
"""

from dataclasses import dataclass
from datetime import date

from projections.records import PlanRecord
from projections.what_if import what_if


@dataclass(frozen=True)
class Move:
    """One milestone moved by a slip, from one target year to another."""

    key: str
    before: int
    after: int


def propagated_moves(plan_record: PlanRecord, key: str, to: int, on: date) -> list[Move]:
    """The moves a slip of `key` to year `to` makes in the plan, statuses read on `on`."""
    return [Move(move.key, move.from_year, move.to_year)
            for move in what_if(plan_record, key, to, on).moves]

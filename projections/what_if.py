"""What if a milestone slips: which milestones move with it, the conflicts that leaves, and the
critical path before and after. Nothing is stored; the plan record is read, never changed.

The rule (PRODUCT.md, "Slip"): the slipped milestone moves to the year asked for; every milestone
that requires it, directly or through others, moves to the latest of its own year and the new
years of its prerequisites that moved, in topological order. Achieved and dropped milestones
(status in force on `on`) never move, so neither do the milestones that require the slip only
through them; one left before a moved prerequisite is a conflict. Only prerequisites that moved
count: a conflict the plan already had is not resolved by an unrelated slip.
"""

import heapq
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

import networkx as nx

from domain.errors import N_, InvalidValueError
from domain.values import Status
from projections.analysis import (
    FINISHED,
    Conflict,
    acyclic_work,
    critical_path,
    schedule_conflicts,
    statuses_on,
    target_years,
)
from projections.records import PlanRecord

NO_MILESTONE = N_("plan %(plan)r has no milestone %(key)r")
FINISHED_SLIP = N_("milestone %(key)r is %(status)s: an achieved or dropped milestone does not "
                   "move")
OUTSIDE = N_("%(year)s is outside the plan period %(start)s–%(end)s")


@dataclass(frozen=True)
class Move:
    """A milestone's target year before and after the slip."""

    key: str
    from_year: int
    to_year: int


@dataclass(frozen=True)
class WhatIf:
    """What a slip would do to the plan on a reporting date; nothing of it is stored."""

    slip: str
    to: int
    on: date
    moves: tuple[Move, ...]
    conflicts: tuple[Conflict, ...]
    critical_path_before: tuple[str, ...]
    critical_path_after: tuple[str, ...]

    @property
    def moved(self) -> dict[str, int]:
        """Each moved milestone's year before the slip."""
        return {move.key: move.from_year for move in self.moves}


def check_slip(plan: PlanRecord, slip: str, to: int, statuses: dict[str, Status]) -> None:
    if slip not in plan.milestones:
        raise InvalidValueError(NO_MILESTONE, "slip", plan=plan.key, key=slip)
    if statuses[slip] in FINISHED:
        raise InvalidValueError(FINISHED_SLIP, "slip", key=slip, status=statuses[slip])
    if to not in plan.years:
        raise InvalidValueError(OUTSIDE, "to", year=to, start=plan.start_year, end=plan.end_year)


def slip_moves(plan: PlanRecord, work: "nx.DiGraph[str]", slip: str, to: int,
               statuses: dict[str, Status]) -> list[Move]:
    """The moves along `work` (prerequisite -> dependent, without cycles): the slipped
    milestone first, then its dependents in topological order (the lexicographically smallest:
    the same answer every time)."""
    downstream = nx.descendants(work, slip)
    years = target_years(plan)
    new = {slip: to}
    moves = [Move(slip, years[slip], to)] if to != years[slip] else []
    waiting = {key: sum(1 for p in work.predecessors(key) if p in downstream or p == slip)
               for key in downstream}
    for dependent in work.successors(slip):
        waiting[dependent] -= 1
    ready = [key for key, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    while ready:
        key = heapq.heappop(ready)
        if statuses[key] not in FINISHED:
            latest = max((new[p] for p in work.predecessors(key) if p in new),
                         default=years[key])
            if latest > years[key]:
                new[key] = latest
                moves.append(Move(key, years[key], latest))
        for dependent in work.successors(key):
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, dependent)
    return moves


def moved_plan(plan: PlanRecord, moves: list[Move] | tuple[Move, ...]) -> PlanRecord:
    """The plan record with the moved milestones' new years (same keys and edges, so the graphs
    worked out for the plan are reused)."""
    milestones = dict(plan.milestones)
    for move in moves:
        milestones[move.key] = replace(milestones[move.key], target_year=move.to_year)
    return plan.changed(milestones=MappingProxyType(milestones))


def what_if(plan: PlanRecord, slip: str, to: int, on: date) -> WhatIf:
    statuses = statuses_on(plan, on)
    check_slip(plan, slip, to, statuses)
    work, in_cycles = acyclic_work(plan)  # the moved plan has the same edges
    moves = slip_moves(plan, work, slip, to, statuses)
    after = moved_plan(plan, moves)
    steps = sorted(work.edges)
    return WhatIf(
        slip=slip, to=to, on=on, moves=tuple(moves),
        conflicts=new_conflicts(schedule_conflicts(plan, in_cycles),
                                schedule_conflicts(after, in_cycles), moves, statuses),
        critical_path_before=critical_path(steps, target_years(plan)),
        critical_path_after=critical_path(steps, target_years(after)))


def new_conflicts(before: tuple[Conflict, ...], after: tuple[Conflict, ...], moves: list[Move],
                  statuses: dict[str, Status]) -> tuple[Conflict, ...]:
    """The conflicts the slip makes: those the plan did not have, and every achieved or dropped
    milestone left before a prerequisite that moved (even if it was before it already)."""
    had = {(c.milestone, c.requires) for c in before}
    moved = {move.key for move in moves}
    return tuple(c for c in after if (c.milestone, c.requires) not in had
                 or (statuses[c.milestone] in FINISHED and c.requires in moved))

"""A round's items and progress: what is reported, left or returned, per body.

An item is *reported* when its milestone, goal or metric has a report for the round's
reporting date entered after the item was last returned (any time, if never returned);
*returned* when it was sent back and not reported since; else *left*.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.year_values import ITEM_STATES as ITEM_STATES
from domain.year_values import ItemKind, RoundItem
from projections.records import PlanRecord, RoundRecord


@dataclass(frozen=True)
class ItemLine:
    """One item of a round, as a reporter or a planner sees it."""

    id: str
    kind: str
    key: str
    title: str
    body: str | None
    state: str
    returned_comment: str  # the planner's comment on the last return, if it still stands
    reported_position: int | None


@dataclass(frozen=True)
class BodyProgress:
    body: str | None
    total: int
    reported: int
    left: int
    returned: int
    not_reported_by: tuple[str, ...]  # the reporters of the body with items still open


def _report_positions(plan: PlanRecord, item: RoundItem, on: date) -> list[int]:
    """Log positions of the item's reports for `on`."""
    reports: tuple[Any, ...] = ()
    if item.kind is ItemKind.MILESTONE and item.key in plan.milestones:
        reports = plan.milestones[item.key].reports
    elif item.kind is ItemKind.GOAL and item.key in plan.goals:
        reports = plan.goals[item.key].assessments
    elif item.kind is ItemKind.METRIC and item.key in plan.metrics:
        reports = plan.metrics[item.key].outcomes
    return [r.position for r in reports if r.reported_for == on]


def _title(plan: PlanRecord, item: RoundItem) -> str:
    found = {ItemKind.MILESTONE: plan.milestones, ItemKind.GOAL: plan.goals,
             ItemKind.METRIC: plan.metrics}[item.kind].get(item.key)
    if found is None:
        return item.key
    return str(getattr(found, "title", None) or getattr(found, "name", item.key))


def item_lines(plan: PlanRecord, round_: RoundRecord) -> tuple[ItemLine, ...]:
    last_return: dict[str, tuple[int, str]] = {}
    for returned in round_.returns:
        for item_id in returned.items:
            last_return[item_id] = (returned.position, returned.comment)
    lines = []
    on = round_.entry.reporting_date
    for item in round_.items:
        returned_at, comment = last_return.get(item.id, (0, ""))
        after = [p for p in _report_positions(plan, item, on) if p > returned_at]
        if after:
            state, comment = "reported", ""
        else:
            state = "returned" if returned_at else "left"
        lines.append(ItemLine(item.id, item.kind.value, item.key, _title(plan, item),
                              item.body, state, comment, max(after) if after else None))
    return tuple(lines)


def progress(lines: tuple[ItemLine, ...],
             reporters: dict[str, tuple[str, ...]]) -> tuple[BodyProgress, ...]:
    """Per body (None last): how many items, reported, left and returned, and which of its
    reporters (`reporters`: body → user names) still have items open."""
    bodies = sorted({line.body for line in lines}, key=lambda b: (b is None, b or ""))
    found = []
    for body in bodies:
        mine = [line for line in lines if line.body == body]
        reported = sum(1 for line in mine if line.state == "reported")
        returned = sum(1 for line in mine if line.state == "returned")
        open_items = len(mine) - reported
        found.append(BodyProgress(body, len(mine), reported, len(mine) - reported - returned,
                                  returned, reporters.get(body or "", ()) if open_items else ()))
    return tuple(found)


def left_items(lines: tuple[ItemLine, ...]) -> list[str]:
    return [line.id for line in lines if line.state != "reported"]

"""What a round asks for, and which body reports each item.

A milestone, goal or metric belongs to the first of its `responsible` entries that is a body
key (a metric, to its goal's); with none, to no body (the planners report it). Due in a
round: every milestone's status but those achieved or dropped by the reporting date, every
goal of the level a follow-up counts (the lowest in use), and every metric measured per
period, with the annual ones too in the annual report (or on 31 December).
"""

from collections.abc import Collection, Iterable

from domain.goal_values import Frequency
from domain.status import status_in_force
from domain.values import Status
from domain.year_values import EntryKind, FollowUpEntry, ItemKind, RoundItem
from projections.records import PlanRecord

DONE = (Status.ACHIEVED, Status.DROPPED)


def body_of(responsible: Iterable[str], bodies: Collection[str]) -> str | None:
    return next((name for name in responsible if name in bodies), None)


def item_body(plan: PlanRecord, kind: ItemKind, key: str, bodies: Collection[str]) -> str | None:
    if kind is ItemKind.MILESTONE:
        return body_of(plan.milestones[key].responsible, bodies)
    if kind is ItemKind.GOAL:
        return body_of(plan.goals[key].responsible, bodies)
    goal = plan.goals.get(plan.metrics[key].goal)
    return body_of(goal.responsible, bodies) if goal else None


def items_due(plan: PlanRecord, entry: FollowUpEntry, bodies: Collection[str]) -> list[RoundItem]:
    on = entry.reporting_date
    items = [RoundItem(ItemKind.MILESTONE, m.key, body_of(m.responsible, bodies))
             for m in sorted(plan.milestones.values(), key=lambda m: (m.focus_area, m.key))
             if status_in_force(m.reports, on) not in DONE]
    level = plan.goal_tree.assessed_level()
    items += [RoundItem(ItemKind.GOAL, key, body_of(plan.goals[key].responsible, bodies))
              for key in plan.goal_tree.order if plan.goals[key].level == level]
    annual = entry.kind is EntryKind.ANNUAL or (on.month, on.day) == (12, 31)
    items += [RoundItem(ItemKind.METRIC, key, item_body(plan, ItemKind.METRIC, key, bodies))
              for goal in plan.goal_tree.order for key in plan.goal_tree.metrics_of.get(goal, ())
              if annual or plan.metrics[key].frequency is Frequency.PERIOD]
    return items


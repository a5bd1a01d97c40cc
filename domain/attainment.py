"""The rules of goals and metrics: what is in force on a date, attainment, and results.

- The outcome or assessment *in force* on a date is the one with the latest `reported_for`
  on or before it within the same calendar year (ties: the one entered last).
- *Attainment* is outcome ÷ target × 100 when higher is better, target ÷ outcome × 100 when
  lower is better, against the target of the date's year; computed exactly (fractions of
  the decimals as written), so 89.99 % is never rounded up to a 90 % threshold.
- *Result*: `met` from `green_from`, `partly_met` from `yellow_from`, else `not_met`;
  `no_outcome` without an outcome of that year on or before the date. A target of 0 is met
  exactly when the outcome is 0 or better.
- A ratio compares amounts: with a target of 0 or below, or an outcome below 0 (a change
  in net cost, say), it would say nothing or turn the verdict around (-20 against a target
  of -10 is 200 %). There the outcome is compared with the target itself: `met` when it is
  the target or better, else `not_met`, and no attainment is shown.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from math import floor
from typing import Protocol, TypeVar

from domain.goal_values import Direction, MetricResult, Target, Thresholds


class Dated(Protocol):
    @property
    def reported_for(self) -> date: ...


Entry = TypeVar("Entry", bound=Dated)


def in_force_within_year(entries: Iterable[Entry], on: date) -> Entry | None:
    """The entry with the latest `reported_for` on or before `on` in `on`'s calendar year;
    ties go to the one entered last (`entries` in the order entered)."""
    found: Entry | None = None
    for entry in entries:
        when = entry.reported_for
        if when.year == on.year and when <= on and (
                found is None or when >= found.reported_for):
            found = entry
    return found


def target_for(targets: Sequence[Target], year: int) -> Target | None:
    """The target of `year`, or None if the metric has none for it."""
    return next((target for target in targets if target.year == year), None)


@lru_cache(maxsize=4096)  # targets and thresholds repeat in every line of a report
def exact(value: float) -> Fraction:
    """A number as it was written (0.1 is one tenth, not the nearest binary fraction)."""
    return Fraction(str(value))


@dataclass(frozen=True)
class Attainment:
    """A metric's standing on a date: attainment in percent (None when no ratio is defined)
    and its result."""

    percent: Fraction | None
    result: MetricResult

    def shown(self) -> float | None:
        """The attainment to one decimal, rounded down: 89.99 is shown as 89.9, never 90.0."""
        return None if self.percent is None else floor(self.percent * 10) / 10


def attainment(outcome: float | None, target: float | None, direction: Direction,
               thresholds: Thresholds) -> Attainment:
    """The rule above for one outcome (None: none in force or not measured) and target."""
    if outcome is None or target is None:
        return Attainment(None, MetricResult.NO_OUTCOME)
    value, goal = exact(outcome), exact(target)
    higher = direction is Direction.HIGHER_IS_BETTER
    if goal <= 0 or value < 0 or (not higher and value == 0):
        met = value >= goal if higher else value <= goal
        return Attainment(None, MetricResult.MET if met else MetricResult.NOT_MET)
    percent = (value / goal if higher else goal / value) * 100
    if percent >= exact(thresholds.green_from):
        result = MetricResult.MET
    elif percent >= exact(thresholds.yellow_from):
        result = MetricResult.PARTLY_MET
    else:
        result = MetricResult.NOT_MET
    return Attainment(percent, result)

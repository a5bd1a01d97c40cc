"""The rules of goals and metrics (domain.attainment) on hand-worked cases, and properties
that hold for every outcome: more is never worse, and no result is better than the exact
ratio allows."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.attainment import attainment, exact, in_force_within_year, target_for
from domain.goal_values import Direction, MetricResult, Target, Thresholds

HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
MET, PARTLY, NOT_MET, NONE = (MetricResult.MET, MetricResult.PARTLY_MET,
                              MetricResult.NOT_MET, MetricResult.NO_OUTCOME)
DEFAULT = Thresholds()  # green from 100 %, yellow from 90 %
RANK = {NOT_MET: 0, PARTLY: 1, MET: 2}


@pytest.mark.parametrize("outcome, target, result, shown", [
    (100, 100, MET, 100.0),
    (120, 100, MET, 120.0),
    (99.99, 100, PARTLY, 99.9),
    (90, 100, PARTLY, 90.0),
    (89.99, 100, NOT_MET, 89.9),  # never rounded up to the 90 % threshold
    (0, 100, NOT_MET, 0.0),
    (1, 3, NOT_MET, 33.3),  # 33.33… shown rounded down
    (2, 3, NOT_MET, 66.6),  # 66.66… is not shown as 66.7
    (0.1 + 0.2, 0.3, MET, 100.0),  # 0.30000000000000004 of 0.3: written, not binary, decimals
])
def test_higher_is_better_attainment_is_outcome_over_target(
        outcome: float, target: float, result: MetricResult, shown: float) -> None:
    standing = attainment(outcome, target, HIGHER, DEFAULT)
    assert (standing.result, standing.shown()) == (result, shown)


@pytest.mark.parametrize("outcome, target, result, shown", [
    (20, 20, MET, 100.0),  # a waiting time of 20 days against a target of 20
    (10, 20, MET, 200.0),
    (22, 20, PARTLY, 90.9),
    (22.22, 20, PARTLY, 90.0),  # 90.009… %
    (22.23, 20, NOT_MET, 89.9),  # 89.968… %
    (40, 20, NOT_MET, 50.0),
])
def test_lower_is_better_attainment_is_target_over_outcome(
        outcome: float, target: float, result: MetricResult, shown: float) -> None:
    standing = attainment(outcome, target, LOWER, DEFAULT)
    assert (standing.result, standing.shown()) == (result, shown)


def test_an_outcome_of_0_where_lower_is_better_meets_any_target_without_a_ratio() -> None:
    standing = attainment(0, 20, LOWER, DEFAULT)
    assert (standing.result, standing.percent, standing.shown()) == (MET, None, None)


@pytest.mark.parametrize("direction, outcome, result", [
    (HIGHER, 0, MET), (HIGHER, 3, MET), (HIGHER, -1, NOT_MET),
    (LOWER, 0, MET), (LOWER, -1, MET), (LOWER, 0.001, NOT_MET), (LOWER, 5, NOT_MET),
])
def test_a_target_of_0_is_met_exactly_when_the_outcome_is_0_or_better(
        direction: Direction, outcome: float, result: MetricResult) -> None:
    standing = attainment(outcome, 0, direction, DEFAULT)
    assert (standing.result, standing.shown()) == (result, None)


@pytest.mark.parametrize("direction, outcome, target, result", [
    (LOWER, -5, 10, MET),  # a net cost that fell below zero beats a target of 10
    (HIGHER, -5, 10, NOT_MET),
    (HIGHER, -20, -10, NOT_MET),  # the ratio would say 200 %
    (HIGHER, -5, -10, MET),  # the ratio would say 50 %
    (LOWER, -20, -10, MET),
    (LOWER, -5, -10, NOT_MET),
])
def test_below_zero_the_outcome_is_compared_with_the_target_not_divided_by_it(
        direction: Direction, outcome: float, target: float, result: MetricResult) -> None:
    standing = attainment(outcome, target, direction, DEFAULT)
    assert (standing.result, standing.shown()) == (result, None)


@pytest.mark.parametrize("outcome, result", [(96, MET), (95, MET), (94.99, PARTLY),
                                             (80, PARTLY), (79.999, NOT_MET)])
def test_each_metric_has_its_own_thresholds(outcome: float, result: MetricResult) -> None:
    assert attainment(outcome, 100, HIGHER, Thresholds(95, 80)).result == result


def test_thresholds_are_compared_as_written_too() -> None:
    # 33.3 % of target against a green_from of 33.3: binary floats would put it a hair below
    assert attainment(33.3, 100, HIGHER, Thresholds(33.3, 20)).result == MET


def test_no_outcome_or_no_target_for_the_year_is_no_outcome() -> None:
    assert attainment(None, 100, HIGHER, DEFAULT).result == NONE  # none, or not measured
    assert attainment(50, None, HIGHER, DEFAULT).result == NONE  # no target for the year
    assert attainment(None, None, LOWER, DEFAULT).shown() is None


def test_the_target_is_the_one_of_the_year_asked_for() -> None:
    targets = (Target(2022, 10), Target(2023, 20))
    assert target_for(targets, 2023) == Target(2023, 20)
    assert target_for(targets, 2024) is None


@dataclass(frozen=True)
class Entry:
    reported_for: date
    name: str


def test_in_force_is_the_latest_on_or_before_the_date_within_its_year() -> None:
    april, august = Entry(date(2024, 4, 30), "april"), Entry(date(2024, 8, 31), "august")
    entries = [august, april]  # entered out of order: the date decides, not the order
    assert in_force_within_year(entries, date(2024, 4, 29)) is None
    assert in_force_within_year(entries, date(2024, 4, 30)) == april
    assert in_force_within_year(entries, date(2024, 8, 30)) == april
    assert in_force_within_year(entries, date(2024, 12, 31)) == august


def test_a_december_outcome_does_not_count_in_the_next_april() -> None:
    december = Entry(date(2023, 12, 31), "december")
    assert in_force_within_year([december], date(2023, 12, 31)) == december
    assert in_force_within_year([december], date(2024, 4, 30)) is None


def test_of_two_for_the_same_date_the_one_entered_last_is_in_force() -> None:
    first, correction = Entry(date(2024, 8, 31), "first"), Entry(date(2024, 8, 31), "rättad")
    assert in_force_within_year([first, correction], date(2024, 9, 1)) == correction
    assert in_force_within_year([correction, first], date(2024, 9, 1)) == first


def test_an_annual_metric_has_no_outcome_before_its_years_outcome() -> None:
    yearly = [Entry(date(2023, 12, 31), "2023"), Entry(date(2024, 12, 31), "2024")]
    assert in_force_within_year(yearly, date(2024, 8, 31)) is None


# -- properties ------------------------------------------------------------------------------

decimals = st.decimals(min_value=-10**6, max_value=10**6, places=3,
                       allow_nan=False, allow_infinity=False).map(float)
positive = st.decimals(min_value=Fraction(1, 1000), max_value=10**6, places=3).map(float)
thresholds = st.tuples(st.integers(0, 200), st.integers(0, 200)).map(
    lambda t: Thresholds(max(t), min(t)))


@given(st.sampled_from([HIGHER, LOWER]), decimals, decimals, decimals, thresholds)
def test_a_better_outcome_never_gives_a_worse_result(
        direction: Direction, a: float, b: float, target: float, limits: Thresholds) -> None:
    worse, better = sorted((a, b), reverse=direction is LOWER)
    assert RANK[attainment(worse, target, direction, limits).result] <= RANK[
        attainment(better, target, direction, limits).result]


@given(st.sampled_from([HIGHER, LOWER]), positive, positive, thresholds)
def test_no_result_is_better_than_the_exact_ratio_allows(
        direction: Direction, outcome: float, target: float, limits: Thresholds) -> None:
    ratio = (exact(outcome) / exact(target) if direction is HIGHER
             else exact(target) / exact(outcome)) * 100
    standing = attainment(outcome, target, direction, limits)
    assert standing.percent == ratio
    expected = (MET if ratio >= exact(limits.green_from) else
                PARTLY if ratio >= exact(limits.yellow_from) else NOT_MET)
    assert standing.result == expected
    shown = standing.shown()
    assert shown is not None and ratio - Fraction(1, 10) < exact(shown) <= ratio

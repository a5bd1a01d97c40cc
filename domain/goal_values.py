"""Value types of goals and metrics: goal levels, assessments, targets and thresholds."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.values import Immutable


class Assessment(Enum):
    """A person's judgement of how a goal is doing (bedömning)."""

    SATISFACTORY = "satisfactory"
    PARTLY_SATISFACTORY = "partly_satisfactory"
    UNSATISFACTORY = "unsatisfactory"


NOT_ASSESSED = "not_assessed"


class Direction(Enum):
    """Whether more of a metric is better (most) or less (waiting times, sick leave)."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Frequency(Enum):
    """How often a metric is measured: on every reporting date, or once a year."""

    PERIOD = "period"
    ANNUAL = "annual"


class MetricResult(Enum):
    """How a metric's outcome compares with its target on a reporting date."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NO_OUTCOME = "no_outcome"


@dataclass(frozen=True)
class GoalLevel(Immutable):
    """A level of the plan's goal tree, from the top (perspektiv, strategiskt mål, …)."""

    key: str
    name: str


DEFAULT_GOAL_LEVELS = (
    GoalLevel("perspective", "perspektiv"),
    GoalLevel("strategic_goal", "strategiskt mål"),
    GoalLevel("result_goal", "resultatmål"),
)


@dataclass(frozen=True)
class Target(Immutable):
    """A metric's value for a year: a target, or the baseline it starts from."""

    year: int
    value: float


@dataclass(frozen=True)
class Thresholds(Immutable):
    """Attainment (percent of target) from which a metric is green, and from which yellow."""

    green_from: float = 100
    yellow_from: float = 90


@dataclass(frozen=True)
class AssessmentReport(Immutable):
    """A goal's assessment for the reporting date `reported_for`, with analysis and measures."""

    assessment: Assessment
    analysis: str
    measures: str
    reported_for: date
    actor: str


@dataclass(frozen=True)
class Outcome(Immutable):
    """A metric's measured value for `reported_for`; None: not measured this time."""

    value: float | None
    comment: str
    reported_for: date
    actor: str

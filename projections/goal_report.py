"""Goals and metrics on a reporting date: each goal's assessment in force, each metric's
outcome against its target, their totals, and the sentence a follow-up opens with.

Everything is read from one plan record, so a report as known at `as_of` uses the targets and
thresholds as known then (`domain.attainment` holds the rules).
"""

from dataclasses import dataclass
from datetime import date

from domain.attainment import attainment, in_force_within_year, target_for
from domain.goal_values import NOT_ASSESSED, Assessment, MetricResult
from domain.goal_words import (
    ASSESSMENT_ONE,
    ASSESSMENT_PLURAL,
    RESULT_ONE,
    RESULT_PLURAL,
)
from projections.records import (
    GoalRecord,
    MetricRecord,
    PlanRecord,
    RecordedAssessment,
    RecordedOutcome,
)

ASSESSMENTS = (*(a.value for a in Assessment), NOT_ASSESSED)
RESULTS = tuple(r.value for r in MetricResult)


@dataclass(frozen=True)
class GoalLine:
    """A goal in a report: the assessment in force on the date, or `not_assessed`."""

    key: str
    title: str
    level: str
    parent: str | None
    depth: int
    responsible: tuple[str, ...]
    children: tuple[str, ...]
    metrics: tuple[str, ...]
    milestones: tuple[str, ...]
    assessment: str
    analysis: str
    measures: str
    reported_for: date | None
    reported_by: str | None


@dataclass(frozen=True)
class MetricLine:
    """A metric in a report: target and outcome of the date's year, attainment and result."""

    key: str
    goal: str
    name: str
    unit: str
    direction: str
    frequency: str
    target: float | None
    outcome: float | None
    attainment: float | None
    result: str
    comment: str
    reported_for: date | None
    green_from: float
    yellow_from: float


@dataclass(frozen=True)
class GoalsReport:
    """The goals and metrics part of a follow-up report on `on`."""

    on: date
    level: str | None  # the level counted in `goal_totals` (the lowest in use)
    level_name: str
    goal_totals: dict[str, int]
    goals: tuple[GoalLine, ...]
    metric_totals: dict[str, int]
    metrics: tuple[MetricLine, ...]


def assessment_in_force(goal: GoalRecord, on: date) -> RecordedAssessment | None:
    return in_force_within_year(goal.assessments, on)


def outcome_in_force(metric: MetricRecord, on: date) -> RecordedOutcome | None:
    return in_force_within_year(metric.outcomes, on)


def goal_line(plan: PlanRecord, goal: GoalRecord, on: date) -> GoalLine:
    tree = plan.goal_tree
    found = assessment_in_force(goal, on)
    return GoalLine(
        key=goal.key, title=goal.title, level=goal.level, parent=goal.parent,
        depth=tree.depth(goal.key), responsible=goal.responsible,
        children=tree.children.get(goal.key, ()), metrics=tree.metrics_of.get(goal.key, ()),
        milestones=tree.milestones_of.get(goal.key, ()),
        assessment=found.assessment.value if found else NOT_ASSESSED,
        analysis=found.analysis if found else "", measures=found.measures if found else "",
        reported_for=found.reported_for if found else None,
        reported_by=found.actor if found else None)


LINES_KEPT = 64  # dates per metric record: the reporting dates and a few asked for


def metric_line(metric: MetricRecord, on: date) -> MetricLine:
    """The metric's line on `on`, worked out once per metric record and date (exact
    attainment is the dearest part of a report)."""
    kept = metric.lines
    line: MetricLine | None = kept.get(on)
    if line is None:
        if len(kept) >= LINES_KEPT:
            kept.clear()
        line = kept[on] = _metric_line(metric, on)
    return line


def _metric_line(metric: MetricRecord, on: date) -> MetricLine:
    found = outcome_in_force(metric, on)
    target = target_for(metric.targets, on.year)
    outcome = found.value if found else None
    standing = attainment(outcome, target.value if target else None, metric.direction,
                          metric.thresholds)
    return MetricLine(
        key=metric.key, goal=metric.goal, name=metric.name, unit=metric.unit,
        direction=metric.direction.value, frequency=metric.frequency.value,
        target=target.value if target else None, outcome=outcome,
        attainment=standing.shown(), result=standing.result.value,
        comment=found.comment if found else "",
        reported_for=found.reported_for if found else None,
        green_from=metric.thresholds.green_from, yellow_from=metric.thresholds.yellow_from)


def goals_report(plan: PlanRecord, on: date, goal_keys: set[str] | None = None) -> GoalsReport:
    """The goals and metrics of `plan` on `on`; with `goal_keys`, only those goals and their
    metrics (a filtered report)."""
    tree = plan.goal_tree
    keys = [k for k in tree.order if goal_keys is None or k in goal_keys]
    goals = tuple(goal_line(plan, plan.goals[k], on) for k in keys)
    metrics = tuple(metric_line(plan.metrics[m], on)
                    for k in keys for m in tree.metrics_of.get(k, ()))
    level = tree.assessed_level()
    goal_totals = dict.fromkeys(ASSESSMENTS, 0)
    for line in goals:
        if line.level == level:
            goal_totals[line.assessment] += 1
    metric_totals = dict.fromkeys(RESULTS, 0)
    for metric in metrics:
        metric_totals[metric.result] += 1
    return GoalsReport(on, level, tree.level_name(level) if level else "", goal_totals, goals,
                       metric_totals, metrics)


NUMBER_WORDS = {
    "sv": ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
           "elva", "tolv"),
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve"),
}


def in_words(count: int, lang: str) -> str:
    """Counts up to twelve in words, larger ones in digits (Språkrådet's rule, and English's);
    Swedish "ett", as the things counted (mål, mätetal) are neuter."""
    words = NUMBER_WORDS["en" if lang == "en" else "sv"]
    return words[count] if 0 <= count < len(words) else str(count)


def _listing(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + (" and " if lang == "en" else " och ") + parts[-1]


def _counts(totals: dict[str, int], one: dict[str, dict[str, str]],
            many: dict[str, dict[str, str]], lang: str) -> str:
    """"fyra tillfredsställande, ett otillfredsställande och …": the counts that are not 0."""
    return _listing([f"{in_words(n, lang)} {(one if n == 1 else many)[lang][name]}"
                     for name, n in totals.items() if n], lang)


def summary_sentence(report: GoalsReport, lang: str) -> str:
    """The follow-up's opening sentence, e.g. "Av 17 resultatmål var fyra tillfredsställande,
    11 inte helt tillfredsställande och två otillfredsställande; av 34 mätetal var tio
    uppfyllda, …". Counts of zero are left out; empty parts say so."""
    lang = "en" if lang == "en" else "sv"
    clauses = []
    counted = sum(report.goal_totals.values())
    if counted:
        noun = (report.level_name if lang == "sv" else
                f"{'goal' if counted == 1 else 'goals'} ({report.level_name})")
        clauses.append((f"Av {counted} {noun} var " if lang == "sv"
                        else f"Of {counted} {noun}, ")
                       + _counts(report.goal_totals, ASSESSMENT_ONE, ASSESSMENT_PLURAL, lang))
    metrics = len(report.metrics)
    if metrics:
        lead = "av" if clauses else "Av"
        noun = "metric" if metrics == 1 else "metrics"
        clauses.append((f"{lead} {metrics} mätetal var " if lang == "sv"
                        else f"{'of' if clauses else 'Of'} {metrics} {noun}, ")
                       + _counts(report.metric_totals, RESULT_ONE, RESULT_PLURAL, lang))
    if not clauses:
        return ("Planen har inga mål eller mätetal." if lang == "sv"
                else "The plan has no goals or metrics.")
    return "; ".join(clauses) + "."

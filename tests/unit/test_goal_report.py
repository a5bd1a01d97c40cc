"""The goals and metrics part of a follow-up (projections.goal_report) on hand-built plan
records: lines in force on the date, totals at the lowest goal level in use, and the summary
sentence in Swedish and English."""

from datetime import UTC, date, datetime
from types import MappingProxyType

from domain.goal_values import (
    Assessment,
    Direction,
    Frequency,
    GoalLevel,
    Target,
    Thresholds,
)
from projections.goal_report import goals_report, in_words, summary_sentence
from projections.records import (
    GoalRecord,
    MetricRecord,
    PlanRecord,
    RecordedAssessment,
    RecordedOutcome,
)

NOW = datetime(2024, 9, 1, tzinfo=UTC)
APRIL, AUGUST = date(2024, 4, 30), date(2024, 8, 31)


def assessed(assessment: Assessment, on: date, analysis: str = "") -> RecordedAssessment:
    return RecordedAssessment(assessment, analysis, "", on, "anna", 1, NOW, "")


def measured(value: float | None, on: date, comment: str = "") -> RecordedOutcome:
    return RecordedOutcome(value, comment, on, "anna", 1, NOW, "")


def goal(key: str, level: str, parent: str | None = None,
         *assessments: RecordedAssessment) -> GoalRecord:
    return GoalRecord("p", key, f"Mål {key}", "", level, parent, (), tuple(assessments), 1,
                      NOW, "anna")


def metric(key: str, goal_key: str, *outcomes: RecordedOutcome, target: float | None = 100,
           direction: Direction = Direction.HIGHER_IS_BETTER,
           frequency: Frequency = Frequency.PERIOD) -> MetricRecord:
    targets = () if target is None else (Target(2024, target),)
    return MetricRecord("p", key, goal_key, f"Mätetal {key}", "%", direction, frequency, None,
                        targets, Thresholds(), "", tuple(outcomes), 1, NOW, "anna")


def plan(goals: list[GoalRecord], metrics: tuple[MetricRecord, ...] | list[MetricRecord] = (),
         levels: tuple[GoalLevel, ...] | None = None) -> PlanRecord:
    extra = {"goal_levels": levels} if levels else {}
    return PlanRecord("p", "Plan", "RS", 2022, 2025, (), 1, NOW, "anna",
                      goals=MappingProxyType({g.key: g for g in goals}),
                      metrics=MappingProxyType({m.key: m for m in metrics}), **extra)


SAT, PARTLY, UNSAT = (Assessment.SATISFACTORY, Assessment.PARTLY_SATISFACTORY,
                      Assessment.UNSATISFACTORY)


def seed_like_plan() -> PlanRecord:
    """A perspective with three result goals; four metrics, one of them annual."""
    return plan([
        goal("P", "perspective", None, assessed(SAT, APRIL)),
        goal("R1", "result_goal", "P", assessed(SAT, APRIL), assessed(PARTLY, AUGUST)),
        goal("R2", "result_goal", "P", assessed(UNSAT, APRIL)),
        goal("R3", "result_goal", "P"),
    ], [
        metric("M1", "R1", measured(95, APRIL), measured(100, AUGUST)),
        metric("M2", "R1", measured(89.99, AUGUST)),
        metric("M3", "R2", measured(22, AUGUST), target=20,
               direction=Direction.LOWER_IS_BETTER),
        metric("M4", "R3", frequency=Frequency.ANNUAL),
    ])


def test_goals_come_in_tree_order_with_the_assessment_in_force() -> None:
    report = goals_report(seed_like_plan(), AUGUST)
    assert [(g.key, g.depth, g.assessment) for g in report.goals] == [
        ("P", 0, "satisfactory"), ("R1", 1, "partly_satisfactory"),
        ("R2", 1, "unsatisfactory"), ("R3", 1, "not_assessed")]
    assert report.goals[0].children == ("R1", "R2", "R3")
    assert report.goals[1].metrics == ("M1", "M2")


def test_totals_count_the_lowest_goal_level_in_use_only() -> None:
    report = goals_report(seed_like_plan(), AUGUST)
    assert (report.level, report.level_name) == ("result_goal", "resultatmål")
    assert report.goal_totals == {"satisfactory": 0, "partly_satisfactory": 1,
                                  "unsatisfactory": 1, "not_assessed": 1}


def test_with_only_perspectives_the_perspectives_are_counted() -> None:
    report = goals_report(plan([goal("P", "perspective", None, assessed(SAT, APRIL))]), AUGUST)
    assert report.level == "perspective" and report.goal_totals["satisfactory"] == 1


def test_metric_lines_carry_target_outcome_attainment_and_result() -> None:
    lines = {m.key: m for m in goals_report(seed_like_plan(), AUGUST).metrics}
    assert (lines["M1"].outcome, lines["M1"].attainment, lines["M1"].result) == (100, 100.0, "met")
    assert (lines["M2"].attainment, lines["M2"].result) == (89.9, "not_met")
    assert (lines["M3"].target, lines["M3"].attainment, lines["M3"].result) == (
        20, 90.9, "partly_met")
    assert (lines["M4"].outcome, lines["M4"].result) == (None, "no_outcome")


def test_in_april_the_april_figures_are_in_force() -> None:
    report = goals_report(seed_like_plan(), APRIL)
    assert report.goal_totals == {"satisfactory": 1, "partly_satisfactory": 0,
                                  "unsatisfactory": 1, "not_assessed": 1}
    assert report.metric_totals == {"met": 0, "partly_met": 1, "not_met": 0, "no_outcome": 3}


def test_not_measured_this_time_hides_the_earlier_outcome_with_its_comment() -> None:
    record = plan([goal("R", "result_goal")], [
        metric("M", "R", measured(100, APRIL), measured(None, AUGUST, "Mättes inte"))])
    line = goals_report(record, AUGUST).metrics[0]
    assert (line.outcome, line.result, line.comment) == (None, "no_outcome", "Mättes inte")


def test_no_target_for_the_year_is_no_outcome_even_with_an_outcome() -> None:
    record = plan([goal("R", "result_goal")], [metric("M", "R", measured(5, AUGUST),
                                                      target=None)])
    line = goals_report(record, AUGUST).metrics[0]
    assert (line.outcome, line.target, line.result) == (5, None, "no_outcome")


def test_a_correction_for_the_same_date_wins() -> None:
    record = plan([goal("R", "result_goal", None, assessed(UNSAT, AUGUST),
                        assessed(SAT, AUGUST, "Rättad"))],
                  [metric("M", "R", measured(50, AUGUST), measured(100, AUGUST, "Rättad"))])
    report = goals_report(record, AUGUST)
    assert (report.goals[0].assessment, report.goals[0].analysis) == ("satisfactory", "Rättad")
    assert report.metrics[0].result == "met"


def test_a_filtered_report_has_the_chosen_goals_and_their_metrics() -> None:
    report = goals_report(seed_like_plan(), AUGUST, goal_keys={"R1"})
    assert [g.key for g in report.goals] == ["R1"]
    assert [m.key for m in report.metrics] == ["M1", "M2"]


def test_the_summary_in_swedish_writes_counts_up_to_twelve_in_words() -> None:
    assert summary_sentence(goals_report(seed_like_plan(), AUGUST), "sv") == (
        "Av 3 resultatmål var ett inte helt tillfredsställande, ett otillfredsställande och "
        "ett ej bedömt; av 4 mätetal var ett uppfyllt, ett delvis uppfyllt, ett inte "
        "uppfyllt och ett utan utfall.")


def test_the_summary_in_english() -> None:
    assert summary_sentence(goals_report(seed_like_plan(), APRIL), "en") == (
        "Of 3 goals (resultatmål), one satisfactory, one unsatisfactory and one not assessed; "
        "of 4 metrics, one partly met and three without an outcome.")


def test_the_summary_of_many_uses_digits_from_13_and_the_plural() -> None:
    goals = [goal(f"R{i}", "result_goal", None, assessed(SAT, APRIL)) for i in range(13)]
    goals += [goal(f"S{i}", "result_goal", None, assessed(PARTLY, APRIL)) for i in range(12)]
    report = goals_report(plan(goals), APRIL)
    assert summary_sentence(report, "sv") == (
        "Av 25 resultatmål var 13 tillfredsställande och tolv inte helt tillfredsställande.")
    assert summary_sentence(report, "en") == (
        "Of 25 goals (resultatmål), 13 satisfactory and twelve partly satisfactory.")


def test_the_summary_names_the_plans_own_level_and_says_when_there_is_nothing() -> None:
    levels = (GoalLevel("omrade", "utvecklingsområden"),)
    report = goals_report(plan([goal("U", "omrade")], levels=levels), APRIL)
    assert summary_sentence(report, "sv") == "Av 1 utvecklingsområden var ett ej bedömt."
    assert summary_sentence(report, "en") == "Of 1 goal (utvecklingsområden), one not assessed."
    assert summary_sentence(goals_report(plan([]), APRIL), "sv") == (
        "Planen har inga mål eller mätetal.")
    assert summary_sentence(goals_report(plan([]), APRIL), "en") == (
        "The plan has no goals or metrics.")


def test_numbers_in_words() -> None:
    assert [in_words(n, "sv") for n in (1, 2, 12, 13)] == ["ett", "två", "tolv", "13"]
    assert [in_words(n, "en") for n in (1, 11, 12, 13)] == ["one", "eleven", "twelve", "13"]

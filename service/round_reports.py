"""A reporting round: milestones' statuses, metrics' outcomes and goals' assessments, stored
together or (one bad row) not at all, every bad row named by its path (`outcomes.3.value`)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from domain.errors import DuplicateKeyError, InvalidValueError, MilestoneNotFoundError
from domain.goal import Goal, goal_id
from domain.goal_values import Assessment
from domain.messages import N_
from domain.metric import Metric, metric_id
from domain.milestone import Milestone
from domain.values import Status
from projections.follow_up import current_round
from service.error_collector import ErrorCollector
from service.milestones import enum_value
from service.store import EventStore

Row = dict[str, Any]
Reported = TypeVar("Reported", Milestone, Metric, Goal)


@dataclass(frozen=True)
class RoundStored:
    """How many reports of each kind a round stored."""

    statuses: int
    outcomes: int
    assessments: int

    @property
    def total(self) -> int:
        return self.statuses + self.outcomes + self.assessments


class RoundReports:
    """Rounds of reports on a plan, each stored in one save."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def report(self, plan: str, statuses: list[Row], outcomes: list[Row] | None = None,
               assessments: list[Row] | None = None, actor: str = "",
               reason: str = "") -> RoundStored:
        """Rows of `statuses` have `milestone, status, comment, reported_for`; of `outcomes`
        `metric, value` (None: not measured), `comment, reported_for`; of `assessments` `goal,
        assessment, analysis, measures, reported_for`. A missing `reported_for` is the round's
        reporting date (the last that has come)."""
        outcomes, assessments = outcomes or [], assessments or []
        record = self.store.plan_record(plan, caught_up=False)
        years = record.years

        def attempt() -> list[Any]:
            today, collector = self.store.today(), ErrorCollector()
            default = current_round(record, today)

            def status(milestone: Milestone, row: Row) -> None:
                # In a round, a row's comment says why when the round as a whole does not (a
                # milestone dropped in a workbook round needs a reason too).
                milestone.report_status(years, enum_value(Status, row["status"], "status"),
                                        row.get("comment") or "",
                                        row.get("reported_for") or default, today, actor,
                                        reason or row.get("comment") or "")

            def outcome(metric: Metric, row: Row) -> None:
                metric.report_outcome(years, row.get("value"), row.get("comment") or "",
                                      row.get("reported_for") or default, today, actor, reason)

            def assessment(goal: Goal, row: Row) -> None:
                goal.assess(years, enum_value(Assessment, row["assessment"], "assessment"),
                            row.get("analysis") or "", row.get("measures") or "",
                            row.get("reported_for") or default, today, actor, reason)

            reported = [
                *_each(collector, "reports", statuses, "milestone", self._milestone(plan),
                       status),
                *_each(collector, "outcomes", outcomes, "metric", self._metric(plan), outcome),
                *_each(collector, "assessments", assessments, "goal", self._goal(plan),
                       assessment),
            ]
            collector.raise_if_any()
            return reported

        self.store.save_with_retries(attempt)
        return RoundStored(len(statuses), len(outcomes), len(assessments))

    def _milestone(self, plan: str) -> Callable[[str], Milestone]:
        def find(key: str) -> Milestone:
            """In a round, an unknown key is a bad row (422), not a missing resource (404)."""
            try:
                return self.store.milestone(plan, key, "milestone")
            except MilestoneNotFoundError as error:
                raise InvalidValueError(error.message, "milestone") from None
        return find

    def _metric(self, plan: str) -> Callable[[str], Metric]:
        def find(key: str) -> Metric:
            if not self.store.exists(metric_id(plan, key)):
                raise InvalidValueError(N_("plan %(plan)r has no metric %(key)r"), "metric",
                                        plan=plan, key=key)
            metric: Metric = self.store.get(metric_id(plan, key))
            return metric
        return find

    def _goal(self, plan: str) -> Callable[[str], Goal]:
        def find(key: str) -> Goal:
            if not self.store.exists(goal_id(plan, key)):
                raise InvalidValueError(N_("plan %(plan)r has no goal %(key)r"), "goal", plan=plan,
                                        key=key)
            goal: Goal = self.store.get(goal_id(plan, key))
            return goal
        return find


def _each(collector: ErrorCollector, prefix: str, rows: list[Row], name: str,
          find: Callable[[str], Reported],
          report: Callable[[Reported, Row], None]) -> list[Reported]:
    """Report every row on the aggregate its `name` field keys, each once in a round."""
    reported: dict[str, Reported] = {}
    for index, row in enumerate(rows):
        with collector.row(f"{prefix}.{index}"):
            key = row[name]
            if key in reported:
                raise DuplicateKeyError(N_("%(name)s %(key)r is reported twice in this round"),
                                        name, name=name, key=key)
            aggregate = find(key)
            report(aggregate, row)
            reported[key] = aggregate
    return list(reported.values())

"""One-line, human-readable summaries of events for the audit trail, one per event class."""

from functools import singledispatch

from domain.goal import Goal
from domain.metric import Metric
from domain.milestone import Milestone
from domain.plan import Plan
from domain.round import Round


@singledispatch
def summarise(event: object) -> str:
    return type(event).__name__


@summarise.register
def _plan_created(event: Plan.PlanCreated) -> str:
    return f"Plan {event.key!r} created: {event.title} ({event.start_year}–{event.end_year})"


@summarise.register
def _focus_area_added(event: Plan.FocusAreaAdded) -> str:
    return f"Focus area {event.area.key!r} added: {event.area.name}"


@summarise.register(Plan.DependencyAdded)
@summarise.register(Plan.DependencyRemoved)
def _dependency(event: Plan.DependencyAdded | Plan.DependencyRemoved) -> str:
    verb = "added" if isinstance(event, Plan.DependencyAdded) else "removed"
    return f"Dependency {verb}: {event.source} {event.kind.value} {event.target}"


@summarise.register
def _milestone_defined(event: Milestone.MilestoneDefined) -> str:
    return (f"Milestone {event.key!r} defined in {event.focus_area} for {event.target_year}: "
            f"{event.title}")


@summarise.register
def _milestone_edited(event: Milestone.MilestoneEdited) -> str:
    return "Edited: " + ", ".join(sorted(event.changes))


@summarise.register
def _milestone_moved(event: Milestone.MilestoneMoved) -> str:
    return f"Moved to {event.focus_area}, {event.target_year}"


@summarise.register
def _status_reported(event: Milestone.StatusReported) -> str:
    return f"Status {event.status.value} reported for {event.reported_for.isoformat()}"


@summarise.register
def _revision_adopted(event: Plan.RevisionAdopted) -> str:
    r = event.revision
    return (f"Revision {r.year} adopted on {r.adopted_on.isoformat()} by {r.decided_by} "
            f"{r.paragraph} ({r.case_number}); sealed at position {event.seal.position}")


@summarise.register
def _reporting_periods_changed(event: Plan.ReportingPeriodsChanged) -> str:
    return "Reporting periods: " + ", ".join(f"{p.name} {p.day}/{p.month}" for p in event.periods)


@summarise.register
def _goal_levels_set(event: Plan.GoalLevelsSet) -> str:
    return "Goal levels: " + ", ".join(level.name for level in event.levels)


@summarise.register
def _goal_defined(event: Goal.GoalDefined) -> str:
    parent = f" under {event.parent}" if event.parent else ""
    return f"Goal {event.key!r} defined ({event.level}{parent}): {event.title}"


@summarise.register
def _goal_edited(event: Goal.GoalEdited) -> str:
    return "Goal edited: " + ", ".join(sorted(event.changes))


@summarise.register
def _goal_assessed(event: Goal.GoalAssessed) -> str:
    return f"Goal assessed {event.assessment.value} for {event.reported_for.isoformat()}"


@summarise.register
def _metric_defined(event: Metric.MetricDefined) -> str:
    return f"Metric {event.key!r} defined for goal {event.goal}: {event.name}"


@summarise.register
def _metric_edited(event: Metric.MetricEdited) -> str:
    return "Metric edited: " + ", ".join(sorted(event.changes))


@summarise.register
def _outcome_reported(event: Metric.OutcomeReported) -> str:
    value = "not measured" if event.value is None else f"{event.value:g}"
    return f"Outcome {value} reported for {event.reported_for.isoformat()}"


@summarise.register
def _follow_up_plan_set(event: Plan.FollowUpPlanSet) -> str:
    return "Follow-up plan: " + ", ".join(entry.title for entry in event.entries)


@summarise.register
def _round_opened(event: Round.RoundOpened) -> str:
    return f"Round {event.key!r} opened for {event.entry.reporting_date.isoformat()}: " \
           f"{len(event.items)} items"


@summarise.register
def _items_returned(event: Round.ItemsReturned) -> str:
    return "Returned: " + ", ".join(event.items) + f" ({event.comment})"


@summarise.register
def _round_submitted(event: Round.RoundSubmitted) -> str:
    forced = f", forced with {len(event.left)} items left" if event.forced else ""
    return f"Round submitted for review{forced}"


@summarise.register
def _round_decided(event: Round.RoundDecided) -> str:
    d = event.decision
    return (f"Decided by {d.decided_by} on {d.decided_on.isoformat()} {d.paragraph} "
            f"({d.case_number}); sealed at position {event.seal.position}")

"""One-line summaries of events for the audit trail, one per event class: an English template
and its parameters, kept in the audit entry and said in the reader's language when it is
read (`AuditEntry.summary`), never rendered once for everybody at fold time."""

from collections.abc import Mapping
from functools import singledispatch
from typing import Any

from domain.fields import FIELD_LABELS, label
from domain.goal import Goal
from domain.goal_values import Assessment
from domain.messages import N_, Joined, Message
from domain.metric import Metric
from domain.milestone import Milestone
from domain.plan import Plan
from domain.proposal import ChangeOp, Proposal
from domain.round import Round
from domain.values import DependencyKind

Summary = tuple[str, Mapping[str, Any]]
# Shared by every entry that names them: an entry keeps only its own facts.
LABELS: Mapping[str, Message] = {name: label(name) for name in FIELD_LABELS}
VERBS: Mapping[DependencyKind, Message] = {kind: LABELS[kind.value] for kind in DependencyKind}


@singledispatch
def summarise(event: object) -> Summary:
    return type(event).__name__, {}


@summarise.register
def _plan_created(event: Plan.PlanCreated) -> Summary:
    return N_("Plan %(key)r created: %(title)s (%(start)s–%(end)s)"), {
        "key": event.key, "title": event.title, "start": event.start_year, "end": event.end_year}


@summarise.register
def _focus_area_added(event: Plan.FocusAreaAdded) -> Summary:
    return N_("Focus area %(key)r added: %(name)s"), {"key": event.area.key,
                                                      "name": event.area.name}


@summarise.register
def _dependency_added(event: Plan.DependencyAdded) -> Summary:
    return N_("Dependency added: %(source)s %(kind)s %(target)s"), {
        "source": event.source, "kind": VERBS[event.kind], "target": event.target}


@summarise.register
def _dependency_removed(event: Plan.DependencyRemoved) -> Summary:
    return N_("Dependency removed: %(source)s %(kind)s %(target)s"), {
        "source": event.source, "kind": VERBS[event.kind], "target": event.target}


@summarise.register
def _milestone_defined(event: Milestone.MilestoneDefined) -> Summary:
    return N_("Milestone %(key)r defined in %(focus_area)s for %(year)s: %(title)s"), {
        "key": event.key, "focus_area": event.focus_area, "year": event.target_year,
        "title": event.title}


@summarise.register
def _milestone_edited(event: Milestone.MilestoneEdited) -> Summary:
    return N_("Edited: %(fields)s"), {
        "fields": Joined([LABELS.get(name) or label(name) for name in sorted(event.changes)])}


@summarise.register
def _milestone_moved(event: Milestone.MilestoneMoved) -> Summary:
    return N_("Moved to %(focus_area)s, %(year)s"), {"focus_area": event.focus_area,
                                                     "year": event.target_year}


@summarise.register
def _status_reported(event: Milestone.StatusReported) -> Summary:
    return N_("Status %(status)s reported for %(date)s"), {"status": event.status,
                                                           "date": event.reported_for}


@summarise.register
def _revision_adopted(event: Plan.RevisionAdopted) -> Summary:
    r = event.revision
    return N_("Revision %(year)s adopted on %(date)s by %(body)s %(paragraph)s (%(case)s); "
              "sealed at position %(position)s"), {
        "year": r.year, "date": r.adopted_on, "body": r.decided_by, "paragraph": r.paragraph,
        "case": r.case_number, "position": event.seal.position}


@summarise.register
def _reporting_periods_changed(event: Plan.ReportingPeriodsChanged) -> Summary:
    return N_("Reporting periods: %(periods)s"), {
        "periods": ", ".join(f"{p.name} {p.day}/{p.month}" for p in event.periods)}


ASSESSMENTS: Mapping[Assessment, Message] = {
    Assessment.SATISFACTORY: Message(N_("satisfactory")),
    Assessment.PARTLY_SATISFACTORY: Message(N_("partly satisfactory")),
    Assessment.UNSATISFACTORY: Message(N_("unsatisfactory")),
}


@summarise.register
def _goal_levels_set(event: Plan.GoalLevelsSet) -> Summary:
    return N_("Goal levels: %(levels)s"), {
        "levels": ", ".join(level.name for level in event.levels)}


@summarise.register
def _goal_defined(event: Goal.GoalDefined) -> Summary:
    if event.parent:
        return N_("Goal %(key)r defined (%(level)s under %(parent)s): %(title)s"), {
            "key": event.key, "level": event.level, "parent": event.parent,
            "title": event.title}
    return N_("Goal %(key)r defined (%(level)s): %(title)s"), {
        "key": event.key, "level": event.level, "title": event.title}


@summarise.register
def _goal_edited(event: Goal.GoalEdited) -> Summary:
    return N_("Goal edited: %(fields)s"), {
        "fields": Joined([LABELS.get(name) or label(name) for name in sorted(event.changes)])}


@summarise.register
def _goal_assessed(event: Goal.GoalAssessed) -> Summary:
    return N_("Goal assessed %(assessment)s for %(date)s"), {
        "assessment": ASSESSMENTS[event.assessment], "date": event.reported_for}


@summarise.register
def _metric_defined(event: Metric.MetricDefined) -> Summary:
    return N_("Metric %(key)r defined for goal %(goal)s: %(name)s"), {
        "key": event.key, "goal": event.goal, "name": event.name}


@summarise.register
def _metric_edited(event: Metric.MetricEdited) -> Summary:
    return N_("Metric edited: %(fields)s"), {
        "fields": Joined([LABELS.get(name) or label(name) for name in sorted(event.changes)])}


@summarise.register
def _outcome_reported(event: Metric.OutcomeReported) -> Summary:
    if event.value is None:
        return N_("Not measured, reported for %(date)s"), {"date": event.reported_for}
    return N_("Outcome %(value)s reported for %(date)s"), {
        "value": f"{event.value:g}", "date": event.reported_for}


@summarise.register
def _follow_up_plan_set(event: Plan.FollowUpPlanSet) -> Summary:
    return N_("Follow-up plan: %(entries)s"), {
        "entries": ", ".join(entry.title for entry in event.entries)}


@summarise.register
def _publication_set(event: Plan.PublicationSet) -> Summary:
    if event.published:
        return N_("Published on the public site"), {}
    return N_("Taken off the public site"), {}


@summarise.register
def _round_opened(event: Round.RoundOpened) -> Summary:
    return N_("Round %(key)r opened for %(date)s: %(count)s items"), {
        "key": event.key, "date": event.entry.reporting_date, "count": len(event.items)}


@summarise.register
def _items_returned(event: Round.ItemsReturned) -> Summary:
    return N_("Returned: %(items)s (%(comment)s)"), {
        "items": ", ".join(event.items), "comment": event.comment}


@summarise.register
def _round_submitted(event: Round.RoundSubmitted) -> Summary:
    if event.forced:
        return N_("Round submitted for review, forced with %(count)s items left"), {
            "count": len(event.left)}
    return N_("Round submitted for review"), {}


@summarise.register
def _round_decided(event: Round.RoundDecided) -> Summary:
    d = event.decision
    return N_("Decided by %(body)s on %(date)s %(paragraph)s (%(case)s); sealed at position "
              "%(position)s"), {
        "body": d.decided_by, "date": d.decided_on, "paragraph": d.paragraph,
        "case": d.case_number, "position": event.seal.position}


OPS: Mapping[ChangeOp, Message] = {
    ChangeOp.DEFINE: Message(N_("define")), ChangeOp.EDIT: Message(N_("edit")),
    ChangeOp.MOVE: Message(N_("move")), ChangeOp.DROP: Message(N_("drop")),
    ChangeOp.ADD_DEPENDENCY: Message(N_("add a dependency")),
    ChangeOp.REMOVE_DEPENDENCY: Message(N_("remove a dependency")),
}


@summarise.register
def _proposal_made(event: Proposal.ProposalMade) -> Summary:
    return N_("Proposal %(key)r made: %(title)s"), {"key": event.key, "title": event.title}


@summarise.register
def _change_added(event: Proposal.ChangeAdded) -> Summary:
    return N_("Proposed change: %(op)s %(key)s"), {"op": OPS[event.change.op],
                                                    "key": event.change.key}


@summarise.register
def _proposal_withdrawn(event: Proposal.ProposalWithdrawn) -> Summary:
    return N_("Proposal withdrawn"), {}


@summarise.register
def _proposal_adopted(event: Proposal.ProposalAdopted) -> Summary:
    return N_("Proposal adopted in the %(year)s revision, sealed at position %(position)s"), {
        "year": event.year, "position": event.position}

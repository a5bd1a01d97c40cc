"""The read model: every plan, milestone and user, folded from the notification log.

Events are dispatched by class. The projection keeps mutable drafts of what it is folding
and publishes a new frozen `State` at the end of every fold (copy-on-write: only plans and
users that changed get new records), so readers take the published state and no lock.
"""

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import singledispatchmethod
from types import MappingProxyType
from typing import Any
from uuid import UUID

from domain.body import Body
from domain.goal import Goal, goal_id
from domain.metric import Metric, metric_id
from domain.milestone import Milestone, milestone_id
from domain.plan import Plan, plan_id
from domain.proposal import Proposal, ProposalState, proposal_id
from domain.round import Round, round_id
from domain.user import SESSION_LIFETIME, User
from domain.year_values import RoundState
from projections.audit_entries import audit_entry
from projections.records import (
    AuditEntry,
    AuditTrail,
    BodyRecord,
    DecisionRecord,
    GoalRecord,
    MetricRecord,
    MilestoneRecord,
    PlanRecord,
    ProposalRecord,
    ProposedChangeRecord,
    RecordedAssessment,
    RecordedOutcome,
    RecordedReport,
    ReturnRecord,
    RoundRecord,
    SubmissionRecord,
    UserRecord,
)
from projections.timeline import PlanCheckpoints

# What changes what a plan says (`PlanRecord.structure_position`): a proposal made before the
# latest of them is stale.
STRUCTURE_EVENTS: tuple[type, ...] = (
    Plan.PlanCreated, Plan.FocusAreaAdded, Plan.DependencyAdded, Plan.DependencyRemoved,
    Plan.RevisionAdopted, Plan.ReportingPeriodsChanged, Plan.GoalLevelsSet,
    Plan.FollowUpPlanSet, Milestone.MilestoneDefined, Milestone.MilestoneEdited,
    Milestone.MilestoneMoved)


@dataclass(frozen=True)
class State:
    """Plans, users and bodies as recorded at log position `position`; the plans' audit trails
    only in a model that keeps them (a proposal's preview folds its would-be events so). A
    worker's model keeps none: its readers read a plan's trail from the log itself
    (`service.plan_trail`)."""

    position: int = 0
    plans: Mapping[str, PlanRecord] = field(default_factory=lambda: MappingProxyType({}))
    users: Mapping[str, UserRecord] = field(default_factory=lambda: MappingProxyType({}))
    token_owners: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    audit: Mapping[str, AuditTrail] = field(default_factory=lambda: MappingProxyType({}))
    bodies: Mapping[str, BodyRecord] = field(default_factory=lambda: MappingProxyType({}))

    def trail(self, plan: str) -> AuditTrail:
        return self.audit.get(plan) or AuditTrail()


class PlanDraft:
    """A plan being folded; `freeze()` gives its record, reusing what did not change."""

    def __init__(self, record: PlanRecord) -> None:
        self._record = record
        self.key = record.key
        self._changes: dict[str, Any] = {}  # to the record, made at once when it is read
        self.milestones = dict(record.milestones)
        self.goals, self.metrics = dict(record.goals), dict(record.metrics)
        self.rounds = dict(record.rounds)
        self.proposals = dict(record.proposals)
        self._rounds_changed = self._proposals_changed = False
        self.requires, self.affects = set(record.requires), set(record.affects)
        self.actor_spans = dict(record.actor_spans)
        self._milestones_changed = self._edges_changed = self._actors_changed = False
        self._goals_changed = self._metrics_changed = False

    @property
    def record(self) -> PlanRecord:
        """The record with every change so far. Changes wait until it is read: a copy of the
        record per event (its version and position) was a fifth of a worker's fold."""
        if self._changes:
            self._record = self._record.changed(**self._changes)
            self._changes = {}
        return self._record

    @record.setter
    def record(self, record: PlanRecord) -> None:
        self._record, self._changes = record, {}

    def change(self, **fields: Any) -> None:
        self._changes.update(fields)

    def put(self, milestone: MilestoneRecord) -> None:
        self.milestones[milestone.key] = milestone
        self._milestones_changed = True

    def put_goal(self, goal: GoalRecord) -> None:
        self.goals[goal.key] = goal
        self._goals_changed = True

    def put_round(self, round_: RoundRecord) -> None:
        self.rounds[round_.key] = round_
        self._rounds_changed = True

    def put_proposal(self, proposal: ProposalRecord) -> None:
        self.proposals[proposal.key] = proposal
        self._proposals_changed = True

    def put_metric(self, metric: MetricRecord) -> None:
        self.metrics[metric.key] = metric
        self._metrics_changed = True

    def note_actor(self, actor: str, position: int) -> None:
        """The actor's first and last event in the plan so far (called in log order)."""
        first, _ = self.actor_spans.get(actor, (position, position))
        self.actor_spans[actor] = (first, position)
        self._actors_changed = True

    def edges(self, kind: str) -> set[tuple[str, str]]:
        self._edges_changed = True
        return self.requires if kind == "requires" else self.affects

    def freeze(self) -> PlanRecord:
        record = self.record
        if self._milestones_changed:
            record = record.changed(milestones=MappingProxyType(dict(self.milestones)))
        if self._edges_changed:
            record = record.changed(requires=frozenset(self.requires),
                                    affects=frozenset(self.affects))
        if self._goals_changed:
            record = record.changed(goals=MappingProxyType(dict(self.goals)))
        if self._metrics_changed:
            record = record.changed(metrics=MappingProxyType(dict(self.metrics)))
        if self._rounds_changed:
            record = record.changed(rounds=MappingProxyType(dict(self.rounds)))
            self._rounds_changed = False
        if self._proposals_changed:
            record = record.changed(proposals=MappingProxyType(dict(self.proposals)))
            self._proposals_changed = False
        if self._actors_changed:
            record = record.changed(actor_spans=MappingProxyType(dict(self.actor_spans)))
            self._actors_changed = False
        self.record = record
        self._milestones_changed = self._edges_changed = False
        self._goals_changed = self._metrics_changed = False
        return record


class ReadModel:
    """Folds the log in position order and publishes a frozen `State` after every fold."""

    def __init__(self, keep_audit: bool = False, checkpoint_every: int | None = None) -> None:
        """`checkpoint_every`: a plan's events between two of its checkpoints (fewer copies,
        longer replays to a past state); None: `projections.timeline.CHECKPOINT_EVERY`."""
        self.state = State()
        self.checkpoint_every = checkpoint_every
        self.checkpoints: dict[str, PlanCheckpoints] = {}
        # One folder at a time (a plan taken in counts as one); readers never take it.
        self._fold_lock = threading.RLock()
        # With plans on demand, the published plans are what `plans_view` makes of those held.
        self.plans_view: Callable[[Mapping[str, PlanRecord], int], Mapping[str, PlanRecord]] | (
            None) = None
        self._position = 0
        self._plans: dict[str, PlanDraft] = {}
        self._users: dict[str, UserRecord] = {}
        self._token_owners: dict[str, str] = {}
        self._audit: dict[str, list[AuditEntry]] | None = {} if keep_audit else None
        self._plan_ids: dict[UUID, str] = {}
        self._milestone_ids: dict[UUID, tuple[str, str]] = {}
        self._goal_ids: dict[UUID, tuple[str, str]] = {}
        self._metric_ids: dict[UUID, tuple[str, str]] = {}
        self._round_ids: dict[UUID, tuple[str, str]] = {}
        self._proposal_ids: dict[UUID, tuple[str, str]] = {}
        self._bodies: dict[str, BodyRecord] = {}
        self._body_ids: dict[UUID, str] = {}
        self._bodies_changed = False
        self._user_ids: dict[UUID, str] = {}
        self._touched_plans: set[str] = set()
        self._users_changed = self._tokens_changed = False

    @classmethod
    def from_checkpoint(cls, plan: PlanRecord, position: int,
                        keep_audit: bool = False) -> "ReadModel":
        """A read model holding one plan as it was at `position`, ready to fold later events
        (with `keep_audit`, their audit entries too)."""
        model = cls(keep_audit)
        model._position = position
        model._plans[plan.key] = PlanDraft(plan)
        model._plan_ids[plan_id(plan.key)] = plan.key
        model._milestone_ids.update(
            {milestone_id(plan.key, key): (plan.key, key) for key in plan.milestones})
        model._goal_ids.update({goal_id(plan.key, key): (plan.key, key) for key in plan.goals})
        model._metric_ids.update(
            {metric_id(plan.key, key): (plan.key, key) for key in plan.metrics})
        model._round_ids.update({round_id(plan.key, key): (plan.key, key) for key in plan.rounds})
        model._proposal_ids.update(
            {proposal_id(plan.key, key): (plan.key, key) for key in plan.proposals})
        model._touched_plans.add(plan.key)
        model.state = model._publish()
        return model

    @property
    def position(self) -> int:
        return self.state.position

    # -- plans on demand: a model that holds only some plans -------------------------------

    def holding(self) -> "threading.RLock":
        """The fold's lock: while it is held, the position stands still (to take a plan in)."""
        return self._fold_lock

    def hold_on_demand(self, plans_view: Callable[[Mapping[str, PlanRecord], int],
                                                  Mapping[str, PlanRecord]],
                       checkpoint_every: int | None) -> None:
        """From a fresh model: hold only the plans taken in (none yet), publishing what
        `plans_view` makes of them; keep a checkpoint every `checkpoint_every` events of each."""
        assert not self._position and not self._plans, "a fresh model only"
        self.plans_view = plans_view
        self.checkpoint_every = checkpoint_every
        self.state = replace(self.state, plans=plans_view(MappingProxyType({}), 0))

    def knows(self, aggregate: object) -> bool:
        """Whether an event of this aggregate changes what the model holds: an aggregate of a
        plan held, a user or a body."""
        return (aggregate in self._plan_ids or aggregate in self._milestone_ids
                or aggregate in self._user_ids or aggregate in self._body_ids
                or aggregate in self._goal_ids or aggregate in self._metric_ids
                or aggregate in self._round_ids or aggregate in self._proposal_ids)

    def advance(self, position: int) -> State:
        """The log read up to `position`: the events passed over changed nothing held."""
        with self._fold_lock:
            if position > self._position:
                self._position = position
                self.state = self._publish()
            return self.state

    def take_in(self, loaded: "ReadModel", key: str) -> PlanRecord:
        """Hold plan `key` as `loaded` folded it from the plan's own events up to this model's
        position (the caller holds `holding()` from reading the position to here)."""
        with self._fold_lock:
            assert loaded.position == self._position, (loaded.position, self._position)
            self._plans[key] = PlanDraft(loaded.state.plans[key])
            for mine, theirs in self._id_maps(loaded):
                mine.update(theirs)
            if key in loaded.checkpoints:
                self.checkpoints[key] = loaded.checkpoints[key]
            self._touched_plans.add(key)
            self.state = self._publish()
            return self._plans[key].record

    def let_go(self, keys: Iterable[str]) -> None:
        """Hold these plans no longer (read again from the log when next wanted)."""
        with self._fold_lock:
            gone = {key for key in keys if key in self._plans}
            if not gone:
                return
            for key in gone:
                del self._plans[key]
                self.checkpoints.pop(key, None)
                self._touched_plans.discard(key)
            for ids, _ in self._id_maps(self):
                for aggregate in [a for a, owner in ids.items()
                                  if (owner if isinstance(owner, str) else owner[0]) in gone]:
                    del ids[aggregate]
            self.state = self._publish(gone)

    def _id_maps(self, other: "ReadModel") -> list[tuple[dict[UUID, Any], dict[UUID, Any]]]:
        return [(self._plan_ids, other._plan_ids), (self._milestone_ids, other._milestone_ids),
                (self._goal_ids, other._goal_ids), (self._metric_ids, other._metric_ids),
                (self._round_ids, other._round_ids), (self._proposal_ids, other._proposal_ids)]

    def _holder(self, plan_key: str) -> PlanDraft | None:
        """The plan an aggregate's first event joins; None if this model does not hold it
        (plans on demand: it is read with the plan). A model of every plan holds them all."""
        plan = self._plans.get(plan_key)
        if plan is None and self.plans_view is None:
            raise KeyError(plan_key)
        return plan

    def fold(self, positioned_events: Iterable[tuple[int, Any]]) -> State:
        """Apply events in log order, each with its log position; publish the new state."""
        with self._fold_lock:
            for position, event in positioned_events:
                if position <= self._position:
                    continue
                handler = HANDLERS.get(type(event)) or _handler(type(event))
                handler(self, event, position)
                self._position = position
            if self._position != self.state.position:
                self.state = self._publish()
            return self.state

    def _publish(self, gone: Iterable[str] = ()) -> State:
        old = self.state
        plans, audit = dict(getattr(old.plans, "held", old.plans)), dict(old.audit)
        for key in gone:
            plans.pop(key, None)
        for key in self._touched_plans:
            plans[key] = self._plans[key].freeze()
            if self._audit is not None:
                entries = self._audit.setdefault(key, [])
                audit[key] = AuditTrail(entries, len(entries))
        self._touched_plans.clear()
        users = MappingProxyType(dict(self._users)) if self._users_changed else old.users
        owners = (MappingProxyType(dict(self._token_owners)) if self._tokens_changed
                  else old.token_owners)
        self._users_changed = self._tokens_changed = False
        bodies = MappingProxyType(dict(self._bodies)) if self._bodies_changed else old.bodies
        self._bodies_changed = False
        held: Mapping[str, PlanRecord] = MappingProxyType(plans)
        if self.plans_view is not None:
            held = self.plans_view(held, self._position)
        return State(self._position, held, users, owners, MappingProxyType(audit), bodies)

    # -- plans -------------------------------------------------------------------------

    @singledispatchmethod
    def _apply(self, event: Any, position: int) -> None:
        """Events no read model needs; `tests` check every event class is handled or listed."""

    def _plan_event(self, event: Any, position: int, milestone: str | None = None,
                    **changes: Any) -> PlanDraft:
        plan = self._plans[self._plan_ids[event.originator_id]]
        plan.change(version=event.originator_version, **changes)
        self._touch(plan, event, position, milestone)
        return plan

    def _touch(self, plan: PlanDraft, event: Any, position: int, milestone: str | None) -> None:
        if isinstance(event, STRUCTURE_EVENTS):  # one copy of the record per event, not two
            plan.change(position=position, structure_position=position)
        else:
            plan.change(position=position)
        self._touched_plans.add(plan.key)
        plan.note_actor(event.actor, position)
        if self._audit is not None:
            self._audit.setdefault(plan.key, []).append(audit_entry(event, position, milestone))
        self.checkpoints.setdefault(plan.key, PlanCheckpoints(self.checkpoint_every)).note(
            plan, position)

    @_apply.register
    def _plan_created(self, event: Plan.PlanCreated, position: int) -> None:
        self._plan_ids[event.originator_id] = event.key
        plan = PlanDraft(PlanRecord(
            key=event.key, title=event.title, owner=event.owner, start_year=event.start_year,
            end_year=event.end_year, focus_areas=tuple(event.focus_areas),
            version=event.originator_version, created_at=event.timestamp,
            created_by=event.actor))
        self._plans[event.key] = plan
        self._touch(plan, event, position, None)

    @_apply.register
    def _focus_area_added(self, event: Plan.FocusAreaAdded, position: int) -> None:
        plan = self._plans[self._plan_ids[event.originator_id]]
        self._plan_event(event, position, focus_areas=(*plan.record.focus_areas, event.area))

    @_apply.register
    def _revision_adopted(self, event: Plan.RevisionAdopted, position: int) -> None:
        plan = self._plans[self._plan_ids[event.originator_id]]
        self._plan_event(event, position,
                         revisions=(*plan.record.revisions, (event.revision, event.seal)),
                         revision_positions=(*plan.record.revision_positions, position))

    @_apply.register
    def _reporting_periods_changed(self, event: Plan.ReportingPeriodsChanged,
                                   position: int) -> None:
        self._plan_event(event, position, reporting_periods=tuple(event.periods))

    # The edge changes before `_touch`, which may take a checkpoint of the plan at this
    # position: a checkpoint taken first lacked the edge, and a past state replayed from it
    # never got it (the replay starts after the checkpoint's position).
    @_apply.register
    def _dependency_added(self, event: Plan.DependencyAdded, position: int) -> None:
        plan = self._plans[self._plan_ids[event.originator_id]]
        plan.edges(event.kind.value).add((event.source, event.target))
        self._plan_event(event, position, event.source)

    @_apply.register
    def _dependency_removed(self, event: Plan.DependencyRemoved, position: int) -> None:
        plan = self._plans[self._plan_ids[event.originator_id]]
        plan.edges(event.kind.value).discard((event.source, event.target))
        self._plan_event(event, position, event.source)

    # -- milestones ----------------------------------------------------------------------

    @_apply.register
    def _milestone_defined(self, event: Milestone.MilestoneDefined, position: int) -> None:
        plan = self._holder(event.plan_key)
        if plan is None:
            return
        self._milestone_ids[event.originator_id] = (event.plan_key, event.key)
        plan.put(MilestoneRecord(
            plan=event.plan_key, key=event.key, title=event.title,
            description=event.description, focus_area=event.focus_area,
            target_year=event.target_year, kind=event.kind,
            responsible=tuple(event.responsible), effects=tuple(event.effects), reports=(),
            version=event.originator_version, defined_at=event.timestamp,
            changed_at=event.timestamp, changed_by=event.actor, goals=tuple(event.goals or ())))
        self._touch(plan, event, position, event.key)

    @_apply.register
    def _milestone_edited(self, event: Milestone.MilestoneEdited, position: int) -> None:
        self._update_milestone(event, position, **{
            name: tuple(value) if isinstance(value, list) else value
            for name, value in event.changes.items()})

    @_apply.register
    def _milestone_moved(self, event: Milestone.MilestoneMoved, position: int) -> None:
        self._update_milestone(event, position, focus_area=event.focus_area,
                               target_year=event.target_year)

    @_apply.register
    def _status_reported(self, event: Milestone.StatusReported, position: int) -> None:
        plan_key, key = self._milestone_ids[event.originator_id]
        report = RecordedReport(event.status, event.comment, event.reported_for, event.actor,
                                position, event.timestamp, event.reason)
        reports = (*self._plans[plan_key].milestones[key].reports, report)
        self._update_milestone(event, position, reports=reports)

    def _update_milestone(self, event: Any, position: int, **changes: Any) -> None:
        plan_key, key = self._milestone_ids[event.originator_id]
        plan = self._plans[plan_key]
        plan.put(replace(plan.milestones[key], version=event.originator_version,
                         changed_at=event.timestamp, changed_by=event.actor, **changes))
        self._touch(plan, event, position, key)

    # -- goals and metrics ---------------------------------------------------------------

    @_apply.register
    def _goal_levels_set(self, event: Plan.GoalLevelsSet, position: int) -> None:
        self._plan_event(event, position, goal_levels=tuple(event.levels))

    @_apply.register
    def _goal_defined(self, event: Goal.GoalDefined, position: int) -> None:
        plan = self._holder(event.plan_key)
        if plan is None:
            return
        self._goal_ids[event.originator_id] = (event.plan_key, event.key)
        plan.put_goal(GoalRecord(
            plan=event.plan_key, key=event.key, title=event.title,
            description=event.description, level=event.level, parent=event.parent,
            responsible=tuple(event.responsible), assessments=(),
            version=event.originator_version, changed_at=event.timestamp,
            changed_by=event.actor))
        self._touch(plan, event, position, None)

    @_apply.register
    def _goal_edited(self, event: Goal.GoalEdited, position: int) -> None:
        self._update_goal(event, position, **{
            name: tuple(value) if isinstance(value, list) else value
            for name, value in event.changes.items()})

    @_apply.register
    def _goal_assessed(self, event: Goal.GoalAssessed, position: int) -> None:
        plan_key, key = self._goal_ids[event.originator_id]
        assessment = RecordedAssessment(
            event.assessment, event.analysis, event.measures, event.reported_for, event.actor,
            position, event.timestamp, event.reason)
        assessments = (*self._plans[plan_key].goals[key].assessments, assessment)
        self._update_goal(event, position, assessments=assessments)

    def _update_goal(self, event: Any, position: int, **changes: Any) -> None:
        plan_key, key = self._goal_ids[event.originator_id]
        plan = self._plans[plan_key]
        plan.put_goal(replace(plan.goals[key], version=event.originator_version,
                              changed_at=event.timestamp, changed_by=event.actor, **changes))
        self._touch(plan, event, position, None)

    @_apply.register
    def _metric_defined(self, event: Metric.MetricDefined, position: int) -> None:
        plan = self._holder(event.plan_key)
        if plan is None:
            return
        self._metric_ids[event.originator_id] = (event.plan_key, event.key)
        plan.put_metric(MetricRecord(
            plan=event.plan_key, key=event.key, goal=event.goal, name=event.name,
            unit=event.unit, direction=event.direction, frequency=event.frequency,
            baseline=event.baseline, targets=tuple(event.targets), thresholds=event.thresholds,
            source=event.source, outcomes=(), version=event.originator_version,
            changed_at=event.timestamp, changed_by=event.actor))
        self._touch(plan, event, position, None)

    @_apply.register
    def _metric_edited(self, event: Metric.MetricEdited, position: int) -> None:
        self._update_metric(event, position, **{
            name: tuple(value) if isinstance(value, list) else value
            for name, value in event.changes.items()})

    @_apply.register
    def _outcome_reported(self, event: Metric.OutcomeReported, position: int) -> None:
        plan_key, key = self._metric_ids[event.originator_id]
        outcome = RecordedOutcome(event.value, event.comment, event.reported_for, event.actor,
                                  position, event.timestamp, event.reason)
        outcomes = (*self._plans[plan_key].metrics[key].outcomes, outcome)
        self._update_metric(event, position, outcomes=outcomes)

    def _update_metric(self, event: Any, position: int, **changes: Any) -> None:
        plan_key, key = self._metric_ids[event.originator_id]
        plan = self._plans[plan_key]
        plan.put_metric(replace(plan.metrics[key], version=event.originator_version,
                                changed_at=event.timestamp, changed_by=event.actor, **changes))
        self._touch(plan, event, position, None)

    # -- the follow-up year -----------------------------------------------------------------

    @_apply.register
    def _follow_up_plan_set(self, event: Plan.FollowUpPlanSet, position: int) -> None:
        self._plan_event(event, position, follow_up_plan=tuple(event.entries))

    @_apply.register
    def _publication_set(self, event: Plan.PublicationSet, position: int) -> None:
        self._plan_event(event, position, published=event.published,
                         publication_position=position)

    @_apply.register
    def _body_added(self, event: Body.BodyAdded, position: int) -> None:
        self._body_ids[event.originator_id] = event.key
        self._bodies[event.key] = BodyRecord(event.key, event.name, event.kind,
                                             event.originator_version)
        self._bodies_changed = True

    @_apply.register
    def _body_changed(self, event: Body.BodyChanged, position: int) -> None:
        key = self._body_ids[event.originator_id]
        self._bodies[key] = BodyRecord(key, event.name, event.kind, event.originator_version)
        self._bodies_changed = True

    @_apply.register
    def _round_opened(self, event: Round.RoundOpened, position: int) -> None:
        plan = self._holder(event.plan_key)
        if plan is None:
            return
        self._round_ids[event.originator_id] = (event.plan_key, event.key)
        plan.put_round(RoundRecord(
            plan=event.plan_key, key=event.key, entry=event.entry, items=tuple(event.items),
            state=RoundState.OPEN, opened_position=position, opened_at=event.timestamp,
            opened_by=event.actor, version=event.originator_version))
        self._touch(plan, event, position, None)

    @_apply.register
    def _items_returned(self, event: Round.ItemsReturned, position: int) -> None:
        returned = ReturnRecord(position, tuple(event.items), event.comment, event.actor,
                                event.timestamp)
        self._update_round(event, position, lambda r: dict(
            state=RoundState.OPEN, returns=(*r.returns, returned)))

    @_apply.register
    def _round_submitted(self, event: Round.RoundSubmitted, position: int) -> None:
        submission = SubmissionRecord(position, event.forced, tuple(event.left), event.actor,
                                      event.reason, event.timestamp)
        self._update_round(event, position, lambda r: dict(
            state=RoundState.SUBMITTED, submission=submission))

    @_apply.register
    def _round_decided(self, event: Round.RoundDecided, position: int) -> None:
        decision = DecisionRecord(event.decision, event.seal, event.report_digest, position,
                                  event.actor, event.timestamp)
        self._update_round(event, position, lambda r: dict(
            state=RoundState.DECIDED, decision=decision))

    def _update_round(self, event: Any, position: int,
                      changes: Callable[[RoundRecord], dict[str, Any]]) -> None:
        plan_key, key = self._round_ids[event.originator_id]
        plan = self._plans[plan_key]
        current = plan.rounds[key]
        plan.put_round(replace(current, version=event.originator_version, **changes(current)))
        self._touch(plan, event, position, None)

    # -- proposals -----------------------------------------------------------------------

    @_apply.register
    def _proposal_made(self, event: Proposal.ProposalMade, position: int) -> None:
        plan = self._holder(event.plan_key)
        if plan is None:
            return
        self._proposal_ids[event.originator_id] = (event.plan_key, event.key)
        plan.put_proposal(ProposalRecord(
            plan=event.plan_key, key=event.key, title=event.title, description=event.description,
            base_position=event.base_position, made_by=event.actor, made_at=event.timestamp,
            version=event.originator_version))
        self._touch(plan, event, position, None)

    @_apply.register
    def _change_added(self, event: Proposal.ChangeAdded, position: int) -> None:
        added = ProposedChangeRecord(event.change, event.actor, event.timestamp, position)
        self._update_proposal(event, position, lambda p: dict(changes=(*p.changes, added)))

    @_apply.register
    def _proposal_withdrawn(self, event: Proposal.ProposalWithdrawn, position: int) -> None:
        self._update_proposal(event, position, lambda p: dict(
            state=ProposalState.WITHDRAWN, closed_by=event.actor, closed_at=event.timestamp,
            closed_reason=event.reason))

    @_apply.register
    def _proposal_adopted(self, event: Proposal.ProposalAdopted, position: int) -> None:
        self._update_proposal(event, position, lambda p: dict(
            state=ProposalState.ADOPTED, closed_by=event.actor, closed_at=event.timestamp,
            closed_reason=event.reason, adopted_year=event.year,
            adopted_position=event.position, adopted_through=position))

    def _update_proposal(self, event: Any, position: int,
                         changes: Callable[[ProposalRecord], dict[str, Any]]) -> None:
        plan_key, key = self._proposal_ids[event.originator_id]
        plan = self._plans[plan_key]
        current = plan.proposals[key]
        plan.put_proposal(replace(current, version=event.originator_version, **changes(current)))
        self._touch(plan, event, position, None)

    # -- users ---------------------------------------------------------------------------

    @_apply.register
    def _user_added(self, event: User.UserAdded, position: int) -> None:
        self._user_ids[event.originator_id] = event.name
        self._users[event.name] = UserRecord(event.name, event.role, event.password_hash,
                                             event.originator_version)
        self._users_changed = True

    def _update_user(self, event: Any, **changes: Any) -> str:
        name = self._user_ids[event.originator_id]
        self._users[name] = replace(self._users[name], version=event.originator_version,
                                    **changes)
        self._users_changed = True
        return name

    @_apply.register
    def _token_issued(self, event: User.TokenIssued, position: int) -> None:
        self._token_owners[event.token_hash] = self._update_user(event)
        self._tokens_changed = True

    @_apply.register
    def _role_changed(self, event: User.RoleChanged, position: int) -> None:
        self._update_user(event, role=event.role)

    @_apply.register
    def _password_changed(self, event: User.PasswordChanged, position: int) -> None:
        self._update_user(event, password_hash=event.password_hash,
                          sessions_valid_from=event.originator_version)

    @_apply.register
    def _signed_out(self, event: User.SignedOut, position: int) -> None:
        user = self._users[self._user_ids[event.originator_id]]
        # A cookie older than a session lasts is refused anyway (twice that: clocks differ).
        horizon = event.timestamp - 2 * SESSION_LIFETIME
        ended = {digest: at for digest, at in user.ended_sessions.items() if at > horizon}
        ended[event.session_hash] = event.timestamp
        self._update_user(event, ended_sessions=MappingProxyType(ended))

    @_apply.register
    def _bodies_assigned(self, event: User.BodiesAssigned, position: int) -> None:
        self._update_user(event, bodies=tuple(event.bodies))

    @_apply.register
    def _email_set(self, event: User.EmailSet, position: int) -> None:
        self._update_user(event, email=event.email)

    @_apply.register
    def _identity_linked(self, event: User.IdentityLinked, position: int) -> None:
        self._update_user(event, issuer=event.issuer, subject=event.subject)

    @_apply.register
    def _tokens_revoked(self, event: User.TokensRevoked, position: int) -> None:
        # Revoked as a precaution: the user's sessions in the browser end with the tokens.
        name = self._update_user(event, sessions_valid_from=event.originator_version)
        for digest in [d for d, owner in self._token_owners.items() if owner == name]:
            del self._token_owners[digest]
        self._tokens_changed = True


# Events no read model folds (none today); listing one here is a decision, not an accident.
IGNORED_EVENTS: frozenset[type] = frozenset()


def handled_event_classes() -> frozenset[type]:
    """Every event class the read model folds (for the test that none is forgotten)."""
    registry = ReadModel.__dict__["_apply"].dispatcher.registry
    return frozenset(cls for cls in registry if cls is not object)



# Each event class's handler, found once: a `singledispatchmethod` makes a bound wrapper on
# every call, a tenth of a worker's fold.
HANDLERS: dict[type, Callable[[ReadModel, Any, int], None]] = {}


def _handler(event_class: type) -> Callable[[ReadModel, Any, int], None]:
    handler = ReadModel.__dict__["_apply"].dispatcher.dispatch(event_class)
    HANDLERS[event_class] = handler
    return handler  # type: ignore[no-any-return]


# The events a plan's audit trail holds: every event of a plan's aggregates the fold reads.
PLAN_AGGREGATES = frozenset(("Plan", "Milestone", "Goal", "Metric", "Round", "Proposal"))
AUDITED_EVENTS: frozenset[type] = frozenset(
    event_class for event_class in ReadModel.__dict__["_apply"].dispatcher.registry
    if event_class.__qualname__.split(".")[0] in PLAN_AGGREGATES)

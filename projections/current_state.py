"""The current state of every plan and user, folded from the notification log."""

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from uuid import UUID

from domain.milestone import milestone_id
from domain.plan import plan_id
from domain.status import StatusReport
from projections.audit_summary import summarise
from projections.records import AuditEntry, MilestoneRecord, PlanRecord, UserRecord
from projections.timeline import PlanCheckpoints, Timeline

Handler = Callable[["CurrentState", int, Any], None]
_handlers: dict[str, Handler] = {}


def _on(event_name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _handlers[event_name] = handler
        return handler

    return register


class CurrentState:
    """Plans, milestones, users and the audit trail, as of log position `position`."""

    def __init__(self) -> None:
        self.position = 0
        self.plans: dict[str, PlanRecord] = {}
        self.users: dict[str, UserRecord] = {}
        self.token_owners: dict[str, str] = {}
        self.audit: dict[str, list[AuditEntry]] = {}
        self._milestone_ids: dict[UUID, tuple[str, str]] = {}
        self._plan_ids: dict[UUID, str] = {}
        self._user_ids: dict[UUID, str] = {}
        self.timeline = Timeline()
        self.checkpoints: dict[str, PlanCheckpoints] = {}
        self.lock = threading.RLock()

    @classmethod
    def from_checkpoint(cls, plan: PlanRecord, position: int) -> "CurrentState":
        """A read model holding one plan as it was at `position`, ready to fold later events."""
        state = cls()
        state.position = position
        state.plans[plan.key] = plan
        state._plan_ids[plan_id(plan.key)] = plan.key
        for key in plan.milestones:
            state._milestone_ids[milestone_id(plan.key, key)] = (plan.key, key)
        return state

    def fold(self, positioned_events: Iterable[tuple[int, Any]]) -> None:
        """Apply events in log order; each comes with its notification id (log position)."""
        with self.lock:
            for position, event in positioned_events:
                if position <= self.position:
                    continue
                handler = _handlers.get(type(event).__name__)
                if handler is not None:
                    handler(self, position, event)
                    self._mark_plan_position(event, position)
                self.timeline.append(position, event.timestamp)
                self.position = position

    def _mark_plan_position(self, event: Any, position: int) -> None:
        plan_key = self._plan_ids.get(event.originator_id) or (
            self._milestone_ids.get(event.originator_id, (None, None))[0])
        if plan_key in self.plans:
            plan = self.plans[plan_key]
            plan.position = position
            self.checkpoints.setdefault(plan_key, PlanCheckpoints()).note(plan, position)

    def _audit(self, plan_key: str, position: int, event: Any, milestone: str | None) -> None:
        self.audit.setdefault(plan_key, []).append(
            AuditEntry(
                position=position,
                recorded_at=event.timestamp,
                actor=event.actor,
                type=type(event).__name__,
                milestone=milestone,
                summary=summarise(event),
                reason=event.reason,
            )
        )

    def _touch_plan(self, event: Any) -> PlanRecord:
        plan = self.plans[self._plan_ids[event.originator_id]]
        plan.version = event.originator_version
        return plan

    def _update_milestone(self, position: int, event: Any, **changes: Any) -> None:
        plan_key, key = self._milestone_ids[event.originator_id]
        plan = self.plans[plan_key]
        plan.milestones[key] = replace(
            plan.milestones[key],
            version=event.originator_version,
            changed_at=event.timestamp,
            changed_by=event.actor,
            **changes,
        )
        self._audit(plan_key, position, event, key)


@_on("PlanCreated")
def _plan_created(state: CurrentState, position: int, event: Any) -> None:
    state._plan_ids[event.originator_id] = event.key
    state.plans[event.key] = PlanRecord(
        key=event.key,
        title=event.title,
        owner=event.owner,
        start_year=event.start_year,
        end_year=event.end_year,
        focus_areas=tuple(event.focus_areas),
        version=event.originator_version,
        created_at=event.timestamp,
        created_by=event.actor,
    )
    state._audit(event.key, position, event, None)


@_on("FocusAreaAdded")
def _focus_area_added(state: CurrentState, position: int, event: Any) -> None:
    plan = state._touch_plan(event)
    plan.focus_areas = (*plan.focus_areas, event.area)
    state._audit(plan.key, position, event, None)


@_on("RevisionAdopted")
def _revision_adopted(state: CurrentState, position: int, event: Any) -> None:
    plan = state._touch_plan(event)
    plan.revisions = [*plan.revisions, (event.revision, event.seal)]
    state._audit(plan.key, position, event, None)


@_on("ReportingPeriodsChanged")
def _reporting_periods_changed(state: CurrentState, position: int, event: Any) -> None:
    plan = state._touch_plan(event)
    plan.reporting_periods = tuple(event.periods)
    state._audit(plan.key, position, event, None)


@_on("DependencyAdded")
def _dependency_added(state: CurrentState, position: int, event: Any) -> None:
    plan = state._touch_plan(event)
    getattr(plan, event.kind.value).add((event.source, event.target))
    plan.edges_changed()
    state._audit(plan.key, position, event, event.source)


@_on("DependencyRemoved")
def _dependency_removed(state: CurrentState, position: int, event: Any) -> None:
    plan = state._touch_plan(event)
    getattr(plan, event.kind.value).discard((event.source, event.target))
    plan.edges_changed()
    state._audit(plan.key, position, event, event.source)


@_on("MilestoneDefined")
def _milestone_defined(state: CurrentState, position: int, event: Any) -> None:
    state._milestone_ids[event.originator_id] = (event.plan_key, event.key)
    plan = state.plans[event.plan_key]
    plan.edges_changed()
    plan.milestones[event.key] = MilestoneRecord(
        plan=event.plan_key,
        key=event.key,
        title=event.title,
        description=event.description,
        focus_area=event.focus_area,
        target_year=event.target_year,
        kind=event.kind,
        responsible=tuple(event.responsible),
        effects=tuple(event.effects),
        reports=(),
        version=event.originator_version,
        defined_at=event.timestamp,
        changed_at=event.timestamp,
        changed_by=event.actor,
    )
    state._audit(event.plan_key, position, event, event.key)


@_on("MilestoneEdited")
def _milestone_edited(state: CurrentState, position: int, event: Any) -> None:
    changes = {
        field: tuple(value) if isinstance(value, list) else value
        for field, value in event.changes.items()
    }
    state._update_milestone(position, event, **changes)


@_on("MilestoneMoved")
def _milestone_moved(state: CurrentState, position: int, event: Any) -> None:
    state._update_milestone(
        position, event, focus_area=event.focus_area, target_year=event.target_year
    )


@_on("StatusReported")
def _status_reported(state: CurrentState, position: int, event: Any) -> None:
    plan_key, key = state._milestone_ids[event.originator_id]
    report = StatusReport(event.status, event.comment, event.reported_for, event.actor)
    reports = (*state.plans[plan_key].milestones[key].reports, report)
    state._update_milestone(position, event, reports=reports)


@_on("UserAdded")
def _user_added(state: CurrentState, position: int, event: Any) -> None:
    state._user_ids[event.originator_id] = event.name
    state.users[event.name] = UserRecord(
        event.name, event.role, event.password_hash, event.originator_version
    )


@_on("TokenIssued")
def _token_issued(state: CurrentState, position: int, event: Any) -> None:
    name = state._user_ids[event.originator_id]
    state.users[name] = replace(state.users[name], version=event.originator_version)
    state.token_owners[event.token_hash] = name


@_on("RoleChanged")
def _role_changed(state: CurrentState, position: int, event: Any) -> None:
    name = state._user_ids[event.originator_id]
    state.users[name] = replace(state.users[name], role=event.role,
                                version=event.originator_version)


@_on("PasswordChanged")
def _password_changed(state: CurrentState, position: int, event: Any) -> None:
    name = state._user_ids[event.originator_id]
    state.users[name] = replace(state.users[name], password_hash=event.password_hash,
                                version=event.originator_version)


@_on("TokensRevoked")
def _tokens_revoked(state: CurrentState, position: int, event: Any) -> None:
    name = state._user_ids[event.originator_id]
    state.users[name] = replace(state.users[name], version=event.originator_version)
    for digest in [d for d, owner in state.token_owners.items() if owner == name]:
        del state.token_owners[digest]

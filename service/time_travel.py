"""Knowledge time: the plan exactly as the log knew it at a position, replayed from the log.

A time maps to a log position, never the other way round, because event timestamps come
from each writer's clock and are not ordered across writers. "As of T" is the longest
prefix of the log that ends in an event recorded at or before T: the last position whose
event's timestamp is <= T (see `projections.timeline.Timeline`).
A date means the end of that day in Swedish time (Europe/Stockholm); so does a time
without a zone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.errors import InvalidValueError, NotFoundError
from domain.milestone import milestone_id
from domain.plan import plan_id
from projections.current_state import CurrentState
from projections.plan_diff import Change, diff_plans
from projections.records import PlanRecord
from service.revisions import RevisionUseCases
from service.views import MilestoneView, PlanView, milestone_view, plan_view

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
BATCH = 5000


@dataclass(frozen=True)
class PlanStateView:
    """The whole plan at a point: the plan, its milestones with statuses on `on`."""

    position: int
    on: date
    plan: PlanView
    items: tuple[MilestoneView, ...]


@dataclass(frozen=True)
class PointInTime:
    """What a time parameter resolved to: a log position, and the date statuses are read for."""

    position: int
    on: date


def moment(as_of: date | datetime) -> datetime:
    if isinstance(as_of, datetime):
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=SWEDISH_TIME)
    return datetime.combine(as_of, time.max, tzinfo=SWEDISH_TIME)


class TimeTravelUseCases(RevisionUseCases):
    """Past states of a plan, replayed from the log."""

    def point_in_time(self, plan: str, as_of: date | datetime | None = None,
                      revision: int | None = None, position: int | None = None,
                      on: date | None = None) -> PointInTime | None:
        """Resolve at most one of `as_of`, `revision`, `position`; None means now."""
        given = [name for name, value in (("as_of", as_of), ("revision", revision),
                                          ("position", position)) if value is not None]
        if len(given) > 1:
            raise InvalidValueError(f"give only one of as_of, revision and position, "
                                    f"not {' and '.join(given)}", given[1])
        if as_of is not None:
            when = moment(as_of)
            return PointInTime(self.position_at(when), on or when.astimezone(SWEDISH_TIME).date())
        if revision is not None:
            adopted = next((r for r, _ in self.revisions(plan) if r.year == revision), None)
            if adopted is None:
                raise NotFoundError(f"plan {plan!r} has no revision for {revision}", "revision")
            return PointInTime(self.revision_position(plan, revision), on or adopted.adopted_on)
        if position is not None:
            return PointInTime(min(position, self.catch_up().position), on or self.today())
        return None

    def plan_state(self, plan: str, point: PointInTime | None) -> PlanRecord:
        """The plan now (the caught-up read model) or at a past point (replayed)."""
        return self._plan_record(plan) if point is None else self.plan_at(plan, point.position)

    def state_view(self, plan: str, point: PointInTime | None,
                   on: date | None = None) -> PlanStateView:
        record = self.plan_state(plan, point)
        on = point.on if point else (on or self.today())
        with self.state.lock:
            return PlanStateView(
                point.position if point else record.position, on, plan_view(record, on),
                tuple(milestone_view(record, m, on)
                      for m in sorted(record.milestones.values(), key=lambda m: m.key)))

    def diff(self, plan: str, old: PointInTime, new: PointInTime | None) -> dict[str, list[Change]]:
        """Milestones added, removed, changed, dependencies and statuses between two points."""
        to_position = new.position if new else self.catch_up().position
        before, after = self.plan_at(plan, old.position), self.plan_state(plan, new)
        with self.state.lock:
            trail = [e for e in self.state.audit.get(plan, [])
                     if old.position < e.position <= to_position]
            return diff_plans(before, after, trail, old.on, new.on if new else self.today())

    def position_at(self, when: datetime) -> int:
        state = self.catch_up()
        with state.lock:
            return state.timeline.position_at(when)

    def plan_at(self, plan: str, position: int) -> PlanRecord:
        """Replay the plan's events up to `position` onto its latest checkpoint before it."""
        current = self._plan_record(plan)
        with self.state.lock:
            ids = {plan_id(plan)} | {milestone_id(plan, key) for key in current.milestones}
            checkpoints = self.state.checkpoints.get(plan)
            checkpoint = checkpoints.before(position) if checkpoints else None
        past = CurrentState.from_checkpoint(checkpoint[1], checkpoint[0]) if checkpoint else (
            CurrentState())
        start = past.position + 1
        while start <= position:
            batch = self.recorder.select_notifications(start=start, limit=BATCH, stop=position)
            past.fold((n.id, self.mapper.to_domain_event(n)) for n in batch
                      if n.originator_id in ids)
            if len(batch) < BATCH:
                break
            start = batch[-1].id + 1
        if plan not in past.plans:
            raise NotFoundError(f"plan {plan!r} did not exist yet at log position {position}")
        return past.plans[plan]

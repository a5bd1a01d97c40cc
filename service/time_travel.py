"""Knowledge time: the plan exactly as the log knew it at a position, replayed from the log.

Every reader gets a `PointInTime`: "now" (the caught-up read model) is one too, so no use
case branches on a missing point. Time parameters are parsed and resolved only here, for
the API, the pages and the command line alike.

A time maps to a log position, never the other way round, because event timestamps come
from each writer's clock and are not ordered across writers. "As of T" is the longest
prefix of the log that ends in an event recorded at or before T: the last position whose
event's timestamp is <= T (see `service.timeline_table`).
A date means the end of that day in Swedish time (Europe/Stockholm); so does a time
without a zone.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import reduce
from zoneinfo import ZoneInfo

from domain.errors import N_, InvalidValueError, Message, NotFoundError
from domain.fields import EARLIEST_YEAR, LATEST_YEAR, parse_day
from projections.plan_diff import Change, diff_plans
from projections.read_model import ReadModel
from projections.records import PlanRecord
from service.revisions import NO_REVISION, Revisions
from service.store import EventStore
from service.views import MilestoneView, PlanView, milestone_view, plan_view

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
# YYYY-MM-DD, then a time (hh:mm, seconds and their fraction optional) and a zone (Z, ±hh:mm)
# if wanted: not the week dates and digits of other scripts that `fromisoformat` also takes.
ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}"
                        r"(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?")
BATCH = 5000


def both(first: str, second: str) -> Message:
    """`first and second`, in the reader's language."""
    return Message(N_("%(first)s and %(second)s"), first=first, second=second)


@dataclass(frozen=True)
class PointInTime:
    """Knowledge time: the log up to `position` (None: now, caught up), statuses read for `on`."""

    position: int | None
    on: date

    @classmethod
    def now(cls, today: date) -> "PointInTime":
        return cls(None, today)

    @property
    def is_now(self) -> bool:
        return self.position is None


@dataclass(frozen=True)
class PlanStateView:
    """The whole plan at a point: the plan, its milestones with statuses on `on`."""

    position: int
    on: date
    plan: PlanView
    items: tuple[MilestoneView, ...]


def parse_moment(text: str) -> date | datetime:
    """An ISO date (the end of that day) or an ISO datetime, as every time parameter is written,
    in the years the domain allows (so that no time zone can push it off the calendar)."""
    try:
        if not ISO_MOMENT.fullmatch(text):
            raise ValueError(text)
        value = parse_day(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(N_("%(text)r is not an ISO date (YYYY-MM-DD) or datetime "
                                   "(YYYY-MM-DDThh:mm:ss+01:00)"), "as_of", text=text) from None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InvalidValueError(N_("%(text)s is not a plausible time (%(earliest)s–%(latest)s)"),
                                "as_of", text=text, earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    return value


def moment(as_of: date | datetime) -> datetime:
    if isinstance(as_of, datetime):
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=SWEDISH_TIME)
    return datetime.combine(as_of, time.max, tzinfo=SWEDISH_TIME)


class TimeTravel:
    """Past states of a plan, replayed from the log, and what changed between two points."""

    def __init__(self, store: EventStore, revisions: Revisions) -> None:
        self.store = store
        self.revisions = revisions

    def now(self) -> PointInTime:
        return PointInTime.now(self.store.today())

    def resolve(self, at: PointInTime | None) -> PointInTime:
        """The point a use case reads at: the one given, else now (the only such default)."""
        return at or self.now()

    def point(self, plan: str, as_of: date | datetime | None = None,
              revision: int | None = None, position: int | None = None,
              on: date | None = None) -> PointInTime:
        """Resolve at most one of `as_of`, `revision`, `position`; none of them means now."""
        given = [name for name, value in (("as_of", as_of), ("revision", revision),
                                          ("position", position)) if value is not None]
        if len(given) > 1:
            raise InvalidValueError(N_("give only one of as_of, revision and position, not "
                                       "%(given)s"), given[1], given=reduce(both, given))
        if as_of is not None:
            when = moment(as_of)
            return PointInTime(self.position_at(when), on or when.astimezone(SWEDISH_TIME).date())
        if revision is not None:
            adopted = next((r for r, _ in self.revisions.list(plan) if r.year == revision), None)
            if adopted is None:
                raise NotFoundError(NO_REVISION, "revision", plan=plan, year=revision)
            return PointInTime(self.revisions.position_of(plan, revision), on or adopted.adopted_on)
        if position is not None:
            return PointInTime(min(position, self.store.catch_up().position),
                               on or self.store.today())
        return self.now()

    def plan_state(self, plan: str, at: PointInTime | None = None) -> PlanRecord:
        """The plan now (the caught-up read model) or at a past point (replayed)."""
        if at is None or at.position is None:
            return self.store.plan_record(plan)
        return self.plan_at(plan, at.position)

    def position(self, plan: str, at: PointInTime) -> int:
        """The log position `at` stands for: now, the plan's latest event's."""
        return self.store.plan_record(plan).position if at.position is None else at.position

    def state_view(self, plan: str, at: PointInTime | None = None,
                   on: date | None = None) -> PlanStateView:
        at = self.resolve(at)
        record = self.plan_state(plan, at)
        on = on or at.on
        return PlanStateView(
            record.position if at.is_now else at.position or 0, on, plan_view(record, on),
            tuple(milestone_view(record, m, on)
                  for m in sorted(record.milestones.values(), key=lambda m: m.key)))

    def diff(self, plan: str, old: PointInTime,
             new: PointInTime | None = None) -> dict[str, list[Change]]:
        """Milestones added, removed, changed, dependencies and statuses between two points."""
        new = self.resolve(new)
        if old.position is None:
            raise InvalidValueError(N_("a diff starts at a past point"), "from_position")
        state = self.store.catch_up()
        to_position = state.position if new.position is None else new.position
        before, after = self.plan_at(plan, old.position), self.plan_state(plan, new)
        trail = self.store.trail(plan, state).between(old.position, to_position)
        return diff_plans(before, after, trail, old.on, new.on, (old.position, to_position))

    def position_at(self, when: datetime) -> int:
        return self.store.position_at(when, self.store.catch_up().position)

    def plan_at(self, plan: str, position: int) -> PlanRecord:
        """Replay the plan's events up to `position` onto its latest checkpoint before it."""
        current = self.store.plan_record(plan)
        versions = dict(current.aggregate_versions())
        checkpoints = self.store.read_model.checkpoints.get(plan)
        checkpoint = checkpoints.before(position) if checkpoints else None
        past = ReadModel.from_checkpoint(checkpoint[1], checkpoint[0]) if checkpoint else (
            ReadModel())
        # Only the plan's own events, found by its aggregates: not every event in between.
        positions = self.store.plan_log.positions(versions, past.position, position,
                                                  sum(versions.values()))
        for start in range(0, len(positions), BATCH):
            past.fold(self.store.plan_log.events(positions[start:start + BATCH]))
        if plan not in past.state.plans:
            raise NotFoundError(N_("plan %(plan)r did not exist yet at log position %(position)s"),
                                plan=plan, position=position)
        return past.state.plans[plan]

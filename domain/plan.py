"""The Plan aggregate: period, focus areas and the dependency web between its milestones."""

from datetime import date
from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

import networkx as nx
from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import (
    N_,
    DomainError,
    DuplicateKeyError,
    InvalidValueError,
    NotFoundError,
)
from domain.fields import (
    EARLIEST_YEAR,
    FOCUS_AREA,
    GOAL_LEVEL,
    GOAL_LEVELS,
    LATEST_YEAR,
    MAX_FOCUS_AREAS,
    MAX_MILESTONES,
    MAX_PLAN_YEARS,
    PLAN,
    REVISION,
    check,
    check_count,
)
from domain.follow_up_plan import check_follow_up_plan
from domain.goal_values import DEFAULT_GOAL_LEVELS, GoalLevel
from domain.plan_dependencies import (
    check_dependency,
    edges_that_may_close_cycles,
    graphs_changed,
    graphs_of,
)
from domain.reporting_period import (
    DEFAULT_REPORTING_PERIODS,
    ReportingPeriod,
    check_reporting_periods,
)
from domain.values import DependencyKind, FocusArea, Revision, Seal
from domain.year_values import FollowUpEntry

PLAN_NAMESPACE = uuid5(NAMESPACE_URL, "urn:strategikarta:plan")
DEPENDENCY_NOT_FOUND = {
    DependencyKind.REQUIRES: N_("there is no dependency %(source)r requires %(target)r"),
    DependencyKind.AFFECTS: N_("there is no dependency %(source)r affects %(target)r"),
}


@lru_cache(maxsize=ID_CACHE)
def plan_id(key: str) -> UUID:
    """Plan ids derive from the key, so two writers creating the same key collide in the store."""
    return uuid5(PLAN_NAMESPACE, key)


class Plan(Aggregate):
    """A multi-year change plan (förändrings- och genomförandeplan)."""

    # Kept in snapshots but no fact of the plan: it tells the kept graphs when to redraw.
    DERIVED_STATE = frozenset({"edge_changes"})

    class PlanCreated(Aggregate.Created):
        key: str
        title: str
        owner: str
        start_year: int
        end_year: int
        focus_areas: list[FocusArea]
        actor: str
        reason: str

    class FocusAreaAdded(Aggregate.Event):
        area: FocusArea
        actor: str
        reason: str

    class DependencyAdded(Aggregate.Event):
        source: str
        target: str
        kind: DependencyKind
        actor: str
        reason: str

    class DependencyRemoved(Aggregate.Event):
        source: str
        target: str
        kind: DependencyKind
        actor: str
        reason: str

    class RevisionAdopted(Aggregate.Event):
        revision: Revision
        seal: Seal
        actor: str
        reason: str

    class ReportingPeriodsChanged(Aggregate.Event):
        periods: list[ReportingPeriod]
        actor: str
        reason: str

    class GoalLevelsSet(Aggregate.Event):
        levels: list[GoalLevel]
        actor: str
        reason: str

    class FollowUpPlanSet(Aggregate.Event):
        entries: list[FollowUpEntry]
        actor: str
        reason: str

    class PublicationSet(Aggregate.Event):
        published: bool
        actor: str
        reason: str

    # Plans recorded before reporting periods existed follow up on the defaults.
    reporting_periods: tuple[ReportingPeriod, ...] = DEFAULT_REPORTING_PERIODS
    # Plans that never set their goal levels have the default three.
    goal_levels: tuple[GoalLevel, ...] = DEFAULT_GOAL_LEVELS
    # Which report goes to which meeting; none until a planner sets it.
    follow_up_plan: tuple[FollowUpEntry, ...] = ()
    # Shown on the public site (/public/) only once an admin publishes it.
    published: bool = False

    @staticmethod
    def create_id(key: str) -> UUID:
        return plan_id(key)

    @classmethod
    def create(
        cls,
        key: str,
        title: str,
        owner: str,
        start_year: int,
        end_year: int,
        focus_areas: list[FocusArea],
        actor: str,
        reason: str = "",
    ) -> "Plan":
        for name, value in (("key", key), ("title", title), ("owner", owner)):
            check(PLAN, name, value)
        for field, year in (("start_year", start_year), ("end_year", end_year)):
            if not EARLIEST_YEAR <= year <= LATEST_YEAR:
                raise InvalidValueError(
                    N_("%(year)s is not a plausible year (%(earliest)s–%(latest)s)"), field,
                    year=year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
        if end_year < start_year:
            raise InvalidValueError(
                N_("the plan cannot end (%(end)s) before it starts (%(start)s)"), "end_year",
                end=end_year, start=start_year)
        if end_year - start_year + 1 > MAX_PLAN_YEARS:
            raise InvalidValueError(
                N_("a plan spans at most %(most)s years, not %(years)s (%(start)s–%(end)s)"),
                "end_year", most=MAX_PLAN_YEARS, years=end_year - start_year + 1,
                start=start_year, end=end_year)
        check_count(PLAN, "focus_areas", len(focus_areas))
        seen: set[str] = set()
        for index, area in enumerate(focus_areas):
            _check_focus_area(area, f"focus_areas.{index}")
            if area.key in seen:
                raise DuplicateKeyError(N_("focus area %(key)r appears twice"),
                                        f"focus_areas.{index}.key", key=area.key)
            seen.add(area.key)
        return cls(key, title, owner, start_year, end_year, list(focus_areas), actor, reason)

    @event(PlanCreated)
    def __init__(
        self,
        key: str,
        title: str,
        owner: str,
        start_year: int,
        end_year: int,
        focus_areas: list[FocusArea],
        actor: str,
        reason: str,
    ) -> None:
        self.key = key
        self.title = title
        self.owner = owner
        self.start_year = start_year
        self.end_year = end_year
        self.focus_areas = focus_areas
        self.requires: list[list[str]] = []
        self.affects: list[list[str]] = []
        self.revisions: list[Revision] = []
        self.edge_changes = 0

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def focus_area_keys(self) -> list[str]:
        return [area.key for area in self.focus_areas]

    def add_focus_area(self, area: FocusArea, actor: str, reason: str = "") -> None:
        _check_focus_area(area, "")
        if area.key in self.focus_area_keys():
            raise DuplicateKeyError(N_("plan %(plan)r already has focus area %(key)r"), "key",
                                    plan=self.key, key=area.key)
        if len(self.focus_areas) >= MAX_FOCUS_AREAS:
            raise InvalidValueError(N_("plan %(plan)r has %(most)s focus areas, the most a plan "
                                       "may have"), "focus_areas", plan=self.key,
                                    most=MAX_FOCUS_AREAS)
        self._add_focus_area(area, actor, reason)

    @event(FocusAreaAdded)
    def _add_focus_area(self, area: FocusArea, actor: str, reason: str) -> None:
        self.focus_areas = [*self.focus_areas, area]

    def check_placement(self, focus_area: str, target_year: int) -> None:
        """A milestone must sit in one of the plan's focus areas and within its period."""
        if focus_area not in self.focus_area_keys():
            if not self.focus_areas:
                raise InvalidValueError(
                    N_("plan %(plan)r has no focus area %(key)r; choose one of (none yet)"),
                    "focus_area", plan=self.key, key=focus_area)
            raise InvalidValueError(
                N_("plan %(plan)r has no focus area %(key)r; choose one of %(keys)s"),
                "focus_area", plan=self.key, key=focus_area,
                keys=", ".join(self.focus_area_keys()))
        if target_year not in self.years:
            raise InvalidValueError(
                N_("%(year)s is outside the plan period %(start)s–%(end)s"), "target_year",
                year=target_year, start=self.start_year, end=self.end_year)

    def check_room_for_milestones(self, count: int, adding: int = 1) -> None:
        """A plan holds at most MAX_MILESTONES milestones; it has `count` and gets `adding`.

        Milestones are aggregates of their own, so the caller counts them (in the read model).
        """
        if count + adding > MAX_MILESTONES:
            raise InvalidValueError(
                N_("a plan has at most %(most)s milestones; plan %(plan)r would have "
                   "%(count)s"), "milestones", most=MAX_MILESTONES, plan=self.key,
                count=count + adding)

    def add_dependency(
        self, source: str, target: str, kind: DependencyKind, actor: str, reason: str = ""
    ) -> None:
        """Record that `source` requires (or affects) `target`; `requires` must stay acyclic."""
        check_dependency(self, source, target, kind)
        self._add_dependency(source, target, kind, actor, reason)

    def add_dependencies(self, edges: list[tuple[str, str, DependencyKind]], actor: str,
                         reason: str = "") -> dict[int, DomainError]:
        """Add `edges` (source, target, kind) in order, each as `add_dependency` would, skipping
        those it refuses: their errors, by index. Whether the `requires` among them may close a
        cycle is worked out once for them all, so only an edge that may is searched on its own:
        a plan imported in one go is not one path search per edge."""
        suspects = edges_that_may_close_cycles(self.requires_graph(), [
            (source, target) for source, target, kind in edges if kind is DependencyKind.REQUIRES])
        errors: dict[int, DomainError] = {}
        for index, (source, target, kind) in enumerate(edges):
            try:
                check_dependency(self, source, target, kind, (source, target) in suspects)
            except DomainError as error:
                errors[index] = error
            else:
                self._add_dependency(source, target, kind, actor, reason)
        return errors

    @event(DependencyAdded)
    def _add_dependency(
        self, source: str, target: str, kind: DependencyKind, actor: str, reason: str
    ) -> None:
        (self.requires if kind is DependencyKind.REQUIRES else self.affects).append([source, target])
        graphs_changed(self, lambda graphs: graphs.of(kind).add_edge(source, target))

    def remove_dependency(
        self, source: str, target: str, kind: DependencyKind, actor: str, reason: str = ""
    ) -> None:
        if not self.graph(kind).has_edge(source, target):
            raise NotFoundError(DEPENDENCY_NOT_FOUND[kind], source=source, target=target)
        self._remove_dependency(source, target, kind, actor, reason)

    @event(DependencyRemoved)
    def _remove_dependency(
        self, source: str, target: str, kind: DependencyKind, actor: str, reason: str
    ) -> None:
        if kind is DependencyKind.REQUIRES:
            self.requires = [edge for edge in self.requires if edge != [source, target]]
        else:
            self.affects = [edge for edge in self.affects if edge != [source, target]]
        graphs_changed(self, lambda graphs: graphs.of(kind).remove_edge(source, target))

    def adopt_revision(self, revision: "Revision", seal: Seal, today: date, actor: str,
                       reason: str = "") -> None:
        """Record the committee's yearly revision, sealing the plan's history up to now."""
        if not self.start_year <= revision.year <= self.end_year + 1:
            raise InvalidValueError(
                N_("a revision of the %(start)s–%(end)s plan is for a year in "
                   "%(start)s–%(last)s, not %(year)s"), "year", start=self.start_year,
                end=self.end_year, last=self.end_year + 1, year=revision.year)
        if any(r.year == revision.year for r in self.revisions):
            raise DuplicateKeyError(N_("the %(year)s revision is already recorded"), "year",
                                    year=revision.year)
        if revision.adopted_on > today:
            raise InvalidValueError(N_("%(date)s is in the future"), "adopted_on",
                                    date=revision.adopted_on.isoformat())
        for field in REVISION:
            if field != "year":  # checked against the plan period above
                check(REVISION, field, getattr(revision, field))
        self._adopt_revision(revision, seal, actor, reason)

    @event(RevisionAdopted)
    def _adopt_revision(self, revision: "Revision", seal: Seal, actor: str, reason: str) -> None:
        self.revisions = [*self.revisions, revision]

    def set_reporting_periods(self, periods: list[ReportingPeriod], actor: str,
                              reason: str = "") -> bool:
        """Change the dates the plan is followed up on; False if they are the same already."""
        ordered = tuple(check_reporting_periods(periods))
        if ordered == tuple(self.reporting_periods):
            return False
        self._set_reporting_periods(list(ordered), actor, reason)
        return True

    @event(ReportingPeriodsChanged)
    def _set_reporting_periods(self, periods: list[ReportingPeriod], actor: str,
                               reason: str) -> None:
        self.reporting_periods = tuple(periods)

    def set_goal_levels(self, levels: list[GoalLevel], levels_in_use: set[str], actor: str,
                        reason: str = "", field: str = "levels") -> bool:
        """Name the levels of the goal tree, from the top; False if they are the same already.

        `levels_in_use` are the levels the plan's goals have (the caller reads them): none of
        them may go. Whether every goal's parent stays above it is the caller's check too.
        Errors name `field` (the list as the request calls it) and `field.N.key`.
        """
        check_count(GOAL_LEVELS, "levels", len(levels))
        if not levels:
            raise InvalidValueError(N_("a goal tree has at least one level"), field)
        seen: set[str] = set()
        for index, level in enumerate(levels):
            for name in ("key", "name"):
                check(GOAL_LEVEL, name, getattr(level, name), f"{field}.{index}.{name}")
            if level.key in seen:
                raise DuplicateKeyError(N_("goal level %(key)r appears twice"),
                                        f"{field}.{index}.key", key=level.key)
            seen.add(level.key)
        gone = sorted(levels_in_use - seen)
        if gone:
            raise InvalidValueError(
                N_("goals of level %(level)r exist: move them to another level first"), field,
                level=gone[0])
        if tuple(levels) == tuple(self.goal_levels):
            return False
        self._set_goal_levels(list(levels), actor, reason)
        return True

    @event(GoalLevelsSet)
    def _set_goal_levels(self, levels: list[GoalLevel], actor: str, reason: str) -> None:
        self.goal_levels = tuple(levels)

    def set_follow_up_plan(self, entries: list[FollowUpEntry], bodies: set[str], actor: str,
                           reason: str = "") -> bool:
        """Replace the follow-up plan; `bodies` are the organisation's body keys (the caller
        reads them). False if it is the same already."""
        ordered = tuple(check_follow_up_plan(entries, self.years, bodies))
        if ordered == self.follow_up_plan:
            return False
        self._set_follow_up_plan(list(ordered), actor, reason)
        return True

    @event(FollowUpPlanSet)
    def _set_follow_up_plan(self, entries: list[FollowUpEntry], actor: str, reason: str) -> None:
        self.follow_up_plan = tuple(entries)

    def set_publication(self, published: bool, actor: str, reason: str = "") -> bool:
        """Show the plan on the public site, or take it off; False if it is so already."""
        if published == self.published:
            return False
        self._set_publication(published, actor, reason)
        return True

    @event(PublicationSet)
    def _set_publication(self, published: bool, actor: str, reason: str) -> None:
        self.published = published

    def graph(self, kind: DependencyKind) -> "nx.DiGraph[str]":
        """The plan's edges of one kind as a graph, kept between calls: read it, never change it."""
        return graphs_of(self).of(kind)

    def requires_graph(self) -> "nx.DiGraph[str]":
        return self.graph(DependencyKind.REQUIRES)


def _check_focus_area(area: FocusArea, prefix: str) -> None:
    dot = "." if prefix else ""
    for name in ("key", "name"):
        check(FOCUS_AREA, name, getattr(area, name), f"{prefix}{dot}{name}")

"""The public site's reads: which plans are published, and of one, the plan as last adopted,
its revisions, maps and decided reports (`projections.public_plan` says what of them).

Whether a plan's public view may have changed is answered from the caught-up read model
alone (`stamp`), so a reader that keeps what it made can serve it again without replaying
or drawing anything. The public site reads the log as it stood at most `STALENESS` ago: what
it answers, caches may keep for a minute anyway, and a process serving it many times a
second need not look at the log each time.
"""

import time
from dataclasses import dataclass

from projections.public_plan import (
    AdoptedPlan,
    DecidedReport,
    PublicGoal,
    PublicGoals,
    PublicMetric,
    PublicRevision,
    adopted_plan,
    decided_report,
    decided_rounds,
    public_revisions,
)
from projections.read_model import State
from projections.records import PlanRecord
from service.map_cache import RenderedMap
from service.maps import MapOptions, Maps
from service.plan_directory import PlanDirectory
from service.time_travel import PointInTime, TimeTravel

__all__ = ["AdoptedPlan", "DecidedReport", "PlanRecord", "PublicGoal", "PublicGoals",
           "PublicListing", "PublicMetric", "PublicPlan", "PublicRevision", "PublicSite", "stamp"]

STALENESS = 0.1  # seconds
# What changes a plan's public view: publishing it, a new revision, a new decided report.
Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class PublicListing:
    """A published plan as the public site's index lists it."""

    key: str
    title: str
    owner: str
    start_year: int
    end_year: int
    revision: int | None  # the latest adopted revision's year


@dataclass(frozen=True)
class PublicPlan:
    """Everything the public site shows of one plan."""

    key: str
    title: str
    owner: str
    start_year: int
    end_year: int
    revisions: tuple[PublicRevision, ...]
    adopted: AdoptedPlan | None  # None: no revision adopted yet
    reports: tuple[DecidedReport, ...]


def stamp(record: PlanRecord) -> Stamp:
    """Changes whenever what the public site shows of the plan may change; drafts, proposals
    and reports not yet decided leave it as it is."""
    decided = [r.decision.position for r in record.rounds.values() if r.decision is not None]
    return record.publication_position, len(record.revisions), max(decided, default=0)


class PublicSite:
    """Published plans as anyone may read them, without signing in."""

    def __init__(self, time_travel: TimeTravel, maps: Maps, directory: PlanDirectory) -> None:
        self.store = time_travel.store
        self.directory = directory
        self.time_travel = time_travel
        self.maps = maps

    def state(self) -> State:
        """The read model, caught up with the log if it was last more than `STALENESS` ago."""
        if time.monotonic() - self.store.caught_up_at > STALENESS:
            return self.store.catch_up()
        return self.store.state

    def published(self, plan: str) -> PlanRecord | None:
        """The plan's record if it is published; None for an unpublished or unknown plan alike."""
        record = self.state().plans.get(plan)
        return record if record is not None and record.published else None

    def listing(self) -> list[PublicListing]:
        state = self.state()
        return [PublicListing(e.view.key, e.view.title, e.view.owner, e.view.start_year,
                              e.view.end_year, e.revision)
                for e in self.directory.entries(state.plans, state.position, self.store.today())
                if e.published]

    def plan(self, record: PlanRecord) -> PublicPlan:
        """The public view of a published plan's `record` (replays the log to each decision)."""
        revisions = public_revisions(record)
        adopted = None
        if revisions:
            latest = revisions[-1]
            adopted = adopted_plan(self.time_travel.plan_at(record.key, latest.adopted_position),
                                   latest)
        names = {key: body.name for key, body in self.store.state.bodies.items()}
        reports = tuple(decided_report(self.time_travel.plan_at(record.key, r.decision.seal.position),
                                       r, names)
                        for r in decided_rounds(record) if r.decision is not None)
        return PublicPlan(record.key, record.title, record.owner, record.start_year,
                          record.end_year, revisions, adopted, reports)

    def revision(self, record: PlanRecord, year: int | None) -> PublicRevision | None:
        """The adopted revision of `year` (None: the latest); None if there is no such one."""
        revisions = public_revisions(record)
        if year is None:
            return revisions[-1] if revisions else None
        return next((r for r in revisions if r.year == year), None)

    def map(self, plan: str, revision: PublicRevision, lang: str, link_prefix: str) -> RenderedMap:
        """The strategic map of the plan as `revision` adopted it, statuses on its date."""
        on = revision.adopted_on
        return self.maps.render(plan, MapOptions(on=on, lang=lang), "svg",
                                PointInTime(revision.adopted_position, on), link_prefix)

"""Strategikarta, the application: the event store and the use cases, grouped by feature.

`EventStore` (the one eventsourcing `Application`) owns storage, retries and the log
reader; each feature is a small object that receives what it needs:

    app.plans, app.milestones, app.goals, app.dependencies, app.revisions, app.time_travel,
    app.follow_up, app.documents, app.workbooks, app.users, app.sessions, app.maps,
    app.history, app.integrity, app.bodies, app.follow_up_plans, app.rounds, app.reminders,
    app.proposals, app.proposal_maps, app.proposal_imports, app.publication, app.public_site,
    app.checkpoints, app.log_watch
"""

from collections.abc import Callable
from datetime import date

from service.board_documents import BoardDocuments
from service.bodies import Bodies
from service.checkpoints import Checkpoints
from service.config import DEFAULT_PLAN_BUDGET, checkpoint_interval
from service.dependencies import Dependencies
from service.documents import Documents
from service.follow_up import FollowUp
from service.follow_up_plan import FollowUpPlans
from service.goals import Goals
from service.history import History
from service.log_watch import LogWatch
from service.map_cache import MapCache
from service.maps import Maps
from service.metric_history import MetricHistory
from service.milestones import Milestones
from service.plan_shelf import hold_plans_on_demand
from service.plans import Plans
from service.proposal_import import ProposalImports
from service.proposal_maps import ProposalMaps
from service.proposals import Proposals
from service.provider_users import ProviderUsers
from service.public_site import PublicSite
from service.publication import Publication
from service.reminders import Reminders
from service.revisions import Revisions
from service.rounds import Rounds
from service.sessions import Sessions
from service.store import EventStore
from service.time_travel import TimeTravel
from service.users import Users
from service.verification import Verification
from service.views import ReadModelSize
from service.workbooks import Workbooks


class Strategikarta:
    """The change plan's event-sourced application: commands in, frozen views out."""

    def __init__(self, env: dict[str, str] | None = None,
                 today: Callable[[], date] = date.today,
                 plans_on_demand: int | None = DEFAULT_PLAN_BUDGET) -> None:
        """`plans_on_demand`: hold only the plans read lately, up to that many events between
        them (`service.plan_shelf`); None: fold and hold every plan."""
        self.store = store = EventStore(env, today=today)
        if plans_on_demand is not None:
            hold_plans_on_demand(store, plans_on_demand)
        self.today = today
        renders = MapCache()
        self.plans = Plans(store)
        self.milestones = Milestones(store)
        self.goals = Goals(store)
        self.dependencies = Dependencies(store)
        self.revisions = Revisions(store)
        self.proposals = Proposals(store, self.revisions)
        self.time_travel = TimeTravel(store, self.revisions)
        self.follow_up = FollowUp(store, self.time_travel, renders)
        self.metric_history = MetricHistory(self.goals, self.time_travel, renders)
        self.documents = Documents(store, self.plans)
        self.users = Users(store)
        self.sessions = Sessions(store, self.users)
        self.provider_users = ProviderUsers(store, self.users)
        self.maps = Maps(self.time_travel, renders)
        self.proposal_maps = ProposalMaps(self.proposals, self.maps)
        self.history = History(store)
        self.checkpoints = Checkpoints(store)
        self.plans.directory.checkpoints = self.checkpoints  # its stored rows are signed
        if store.factory.env_create_table():  # type: ignore[attr-defined]
            self.checkpoints.tables.create()  # `db init` makes the log's tables with the events'
            store.aggregate_index.caught_up()  # and indexes what a store made before it holds
            store.timeline.caught_up()
        self.integrity = Verification(store, self.checkpoints)
        self.log_watch = LogWatch(store, self.checkpoints, checkpoint_interval())
        self.workbooks = Workbooks(self.documents, self.follow_up)
        self.proposal_imports = ProposalImports(store, self.proposals, self.workbooks)
        self.bodies = Bodies(store)
        self.follow_up_plans = FollowUpPlans(store, self.bodies)
        self.rounds = Rounds(store, self.bodies, self.follow_up_plans, self.revisions,
                             self.time_travel)
        self.reminders = Reminders(store)
        self.board_documents = BoardDocuments(self.rounds, self.maps, renders)
        self.publication = Publication(store)
        self.public_site = PublicSite(self.time_travel, self.maps, self.plans.directory)

    def rebuild(self, progress: Callable[[int], object] | None = None) -> ReadModelSize:
        """Fold the whole log into a fresh read model, replacing the one in use; write the
        tables derived from the log (the aggregate index, the timeline) again from it, and
        empty the plan directory's (made again as it is read)."""
        state = self.store.rebuild(progress)
        self.store.aggregate_index.rebuild()
        self.store.timeline.rebuild()
        self.store.directory_table.rebuild()
        return ReadModelSize(state.position, len(state.plans),
                             sum(len(state.plans[key].milestones) for key in state.plans),
                             len(state.users))

    def close(self) -> None:
        self.log_watch.stop()
        self.store.close()

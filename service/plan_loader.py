"""A plan folded from its own events alone, found through the aggregate index: what a worker
that does not hold a plan in memory will do to get it (plans on demand, issue 19), at the log's
end or as of a position. The events' positions are found by the primary key on (aggregate,
version), then the events are read, decoded and folded a batch at a time: a plan costs its own
events, not the log's length, and only a batch of them is in memory as stored (reading them
all at once was as fast, and a big plan's 50,000 rows stayed in the worker's memory after).
"""

from domain.errors import PlanNotFoundError, StoreNotInitialisedError
from projections.read_model import ReadModel
from projections.records import PlanRecord
from service.store import NO_INDEX, NO_PLAN, EventStore

BATCH = 2000  # events read, decoded and folded at a time


def plan_from_log(store: EventStore, plan: str, until: int | None = None) -> PlanRecord:
    """The plan as its events up to `until` (the log's end if None) make it."""
    return fold_plan(store, plan, until).state.plans[plan]


def fold_plan(store: EventStore, plan: str, until: int | None = None,
              checkpoint_every: int | None = None) -> ReadModel:
    """A read model holding only the plan, folded from its events up to `until` (the log's
    end if None), positioned there: its checkpoints (every `checkpoint_every` of its events)
    and aggregates with it."""
    index = store.aggregate_index
    through = index.caught_up(until)
    if through is None:
        raise StoreNotInitialisedError(NO_INDEX)
    aggregates = [row.aggregate for row in index.plan_aggregates(plan)
                  if until is None or row.position <= until]
    end = through if until is None else until
    positions = store.plan_log.positions(aggregates, 0, end)
    model = ReadModel(checkpoint_every=checkpoint_every)
    for start in range(0, len(positions), BATCH):
        model.fold(store.plan_log.events(positions[start:start + BATCH]))
    if plan not in model.state.plans:
        raise PlanNotFoundError(NO_PLAN, key=plan)
    model.advance(end)
    return model

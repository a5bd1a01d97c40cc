"""Read models compared: the one a process kept up to date against a fresh fold of the log,
and the audit trails a worker reads from the log against those a fold keeps in memory."""

from dataclasses import fields
from typing import Any

from projections.read_model import ReadModel, State
from service.application import Strategikarta
from service.store import EventStore


def fresh_fold(service: Strategikarta) -> State:
    """A new read model folded from the whole notification log, as at start-up, keeping the
    audit trails in memory (as a worker no longer does)."""
    model, start = ReadModel(keep_audit=True), 1
    while True:
        batch = service.store.recorder.select_notifications(start=start, limit=1000)
        model.fold((n.id, service.store.mapper.to_domain_event(n)) for n in batch)
        if len(batch) < 1000:
            return model.state
        start = batch[-1].id + 1


def comparable(state: State, store: EventStore | None = None) -> dict[str, Any]:
    """What a reader can see of a read model (a cached NetworkX graph has no value equality);
    with `store`, the trails are those it reads from the log as of `state`."""
    plans = {key: {f.name: dict(value) if f.name == "milestones" else value
                   for f in fields(plan) for value in [getattr(plan, f.name)]}
             for key, plan in state.plans.items()}
    return {"position": state.position, "plans": plans, "users": dict(state.users),
            "audit": ({key: list(store.trail(key, state)) for key in state.plans} if store
                      else {key: list(trail) for key, trail in state.audit.items()})}

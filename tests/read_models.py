"""Read models compared: the one a process kept up to date against a fresh fold of the log."""

from dataclasses import fields
from typing import Any

from projections.current_state import CurrentState
from service.application import Strategikarta


def fresh_fold(service: Strategikarta) -> CurrentState:
    """A new read model folded from the whole notification log, as at start-up."""
    state, start = CurrentState(), 1
    while True:
        batch = service.recorder.select_notifications(start=start, limit=1000)
        state.fold((n.id, service.mapper.to_domain_event(n)) for n in batch)
        if len(batch) < 1000:
            return state
        start = batch[-1].id + 1


def comparable(state: CurrentState) -> dict[str, Any]:
    """What a reader can see of a read model (a cached NetworkX graph has no value equality)."""
    plans = {key: {f.name: getattr(plan, f.name) for f in fields(plan) if f.name != "_requires_graph"}
             for key, plan in state.plans.items()}
    return {"position": state.position, "plans": plans, "users": state.users,
            "audit": state.audit}

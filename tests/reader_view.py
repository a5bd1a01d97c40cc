"""What a reader sees through one application instance, as values to compare across instances:
the published plans, users and bodies, and each plan's history, past states and changes as the
service answers them (not how the read model holds the audit trail)."""

from typing import Any

from service.application import Strategikarta
from service.history import HistoryQuery
from service.time_travel import PointInTime
from tests.conftest import TODAY

PAST_POINTS = 4  # past states replayed per plan, spread over its history


def reader_view(service: Strategikarta) -> dict[str, Any]:
    """Everything compared, caught up with the log first (as every use case reads)."""
    state = service.store.catch_up()
    return {
        "position": state.position,
        "plans": dict(state.plans),  # frozen records: equal by value (mappings included)
        "users": dict(state.users),
        "bodies": dict(state.bodies),
        "history": {plan: service.history.extract(plan, HistoryQuery()) for plan in state.plans},
        "past": {plan: past_states(service, plan) for plan in state.plans},
        "changes": {plan: changes_since_created(service, plan) for plan in state.plans},
    }


def past_states(service: Strategikarta, plan: str) -> list[Any]:
    """The plan as time travel replays it at a few positions of its own history."""
    positions = [entry.position for entry in service.history.extract(plan, HistoryQuery())]
    chosen = sorted(set(positions[::max(1, len(positions) // PAST_POINTS)]))
    return [service.time_travel.state_view(plan, PointInTime(position, TODAY))
            for position in chosen]


def changes_since_created(service: Strategikarta, plan: str) -> dict[str, Any]:
    """Time travel's diff from the plan's first event to now: every change, who and why."""
    created = service.history.extract(plan, HistoryQuery())[-1].position
    return service.time_travel.diff(plan, PointInTime(created, TODAY))


def differences(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """Where two reader views differ, named down to the plan or user: a readable failure."""
    found = []
    for part in first.keys() | second.keys():
        one, other = first.get(part), second.get(part)
        if isinstance(one, dict) and isinstance(other, dict):
            found += [f"{part}[{key!r}]" for key in sorted(one.keys() | other.keys())
                      if one.get(key) != other.get(key)]
        elif one != other:
            found.append(f"{part}: {one!r} != {other!r}")
    return sorted(found)

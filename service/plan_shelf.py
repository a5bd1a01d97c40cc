"""Plans on demand: a worker holds the plans it was asked for lately, not every plan.

A worker so set (`STRATEGIKARTA_PLANS_ON_DEMAND`) starts without folding the log: it folds its
users and bodies (found through the aggregate index) and stands at the log's end. A plan is
folded from its own events when first read (`service.plan_loader`: the aggregate index finds
them), then followed as the log grows like any plan of a worker that holds them all; plans not
read for a while are let go once those held have more than `budget` events between them (the
plan just read is always kept). The published state's `plans` is a `PlansOnDemand`: reading a
plan it does not hold reads it from the log; its keys are every plan of the log up to the
state's position (the aggregate index's).
"""

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from functools import cached_property

from domain.errors import PlanNotFoundError
from projections.records import PlanRecord
from service.config import DEFAULT_PLAN_BUDGET
from service.plan_loader import fold_plan
from service.store import EventStore


def plan_weight(record: PlanRecord) -> int:
    """A held plan's size, in events: what its memory grows with (reports, edges, milestones)."""
    return sum(version for _, version in record.aggregate_versions())


# A held plan's checkpoints: fewer copies than a worker holding every plan keeps (250), so a
# big plan held costs less memory; a past state replays up to this many of the plan's events.
CHECKPOINT_EVERY_HELD = 1000


class PlanShelf:
    """Which plans a worker holds, most recently read last; reading one it lacks folds it."""

    def __init__(self, store: EventStore, budget: int = DEFAULT_PLAN_BUDGET) -> None:
        self.store = store
        self.budget = budget
        self._read: OrderedDict[str, None] = OrderedDict()  # least recently read first
        self._weights: dict[str, tuple[int, int]] = {}  # plan -> (its position, its weight)
        self._lock = threading.Lock()  # the bookkeeping above, between a worker's threads
        self._plan_keys: tuple[int, frozenset[str]] = (0, frozenset())  # at the latest position

    def plan_keys(self, position: int) -> frozenset[str]:
        """Every plan of the log up to `position`: of the index, asked only for the plans
        created since the latest position asked about (published states come in order)."""
        with self._lock:
            known_at, known = self._plan_keys
        if position == known_at:
            return known
        index = self.store.aggregate_index
        index.caught_up(position)
        if position < known_at:  # an older state, read late: asked in full
            return frozenset(index.plan_keys(position))
        keys = known | frozenset(index.plan_keys(position, after=known_at))
        with self._lock:
            if position > self._plan_keys[0]:
                self._plan_keys = (position, keys)
        return keys

    def read(self, key: str, plans: "PlansOnDemand") -> PlanRecord:
        """Plan `key`: as held, or folded from its events up to the model's position now."""
        record = plans.held.get(key)
        if record is not None:
            self._note_read(key)
            # Held plans grow, and plans created meanwhile are held too: the budget is checked
            # once per published state, not on every read.
            if len(plans.held) > 1 and not plans.budget_checked:
                plans.budget_checked = True
                self._keep_within_budget(key)
            return record
        model = self.store.read_model
        with model.holding():  # the position stands still while the plan is folded to it
            record = model.state.plans.held.get(key)  # type: ignore[attr-defined]
            if record is None:
                try:
                    loaded = fold_plan(self.store, key, model.position,
                                       model.checkpoint_every)
                except PlanNotFoundError:
                    raise KeyError(key) from None
                record = model.take_in(loaded, key)
            self._note_read(key)
            self._keep_within_budget(key)
        return record

    def _note_read(self, key: str) -> None:
        with self._lock:
            self._read[key] = None
            self._read.move_to_end(key)

    def _weight(self, record: PlanRecord) -> int:
        position, weight = self._weights.get(record.key, (-1, 0))
        if position != record.position:
            weight = plan_weight(record)
            self._weights[record.key] = (record.position, weight)
        return weight

    def _keep_within_budget(self, keep: str) -> None:
        """Let the least recently read plans go until those held are within the budget (the
        model's lock first, then the shelf's: always in that order)."""
        model = self.store.read_model
        with model.holding():
            held: Mapping[str, PlanRecord] = model.state.plans.held  # type: ignore[attr-defined]
            with self._lock:
                weights = {key: self._weight(record) for key, record in held.items()}
                total = sum(weights.values())
                # Held but never read here (created while held) go first, then the least
                # recently read.
                order = [key for key in held if key not in self._read] + list(self._read)
                gone = []
                for key in order:
                    if total <= self.budget:
                        break
                    if key != keep and key in weights:
                        gone.append(key)
                        total -= weights[key]
                for key in gone:
                    self._read.pop(key, None)
                    self._weights.pop(key, None)
            model.let_go(gone)


class PlansOnDemand(Mapping[str, PlanRecord]):
    """A published state's plans: those held as folded, any other read from the log."""

    def __init__(self, held: Mapping[str, PlanRecord], position: int,
                 shelf: PlanShelf) -> None:
        self.held = held
        self.position = position
        self.shelf = shelf
        self.budget_checked = False

    def __getitem__(self, key: str) -> PlanRecord:
        if key not in self.held and key not in self._keys:
            raise KeyError(key)
        return self.shelf.read(key, self)

    def __contains__(self, key: object) -> bool:
        return key in self.held or key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    @cached_property
    def _keys(self) -> frozenset[str]:
        """Every plan of the log up to the position."""
        return self.shelf.plan_keys(self.position) | frozenset(self.held)


def hold_plans_on_demand(store: EventStore, budget: int = DEFAULT_PLAN_BUDGET) -> PlanShelf:
    """Make a store's read model hold plans on demand, before its first catch-up."""
    assert not store.read_model.position, "set before the store is first read"
    shelf = PlanShelf(store, budget)
    store.read_model.hold_on_demand(
        lambda held, position: PlansOnDemand(held, position, shelf), CHECKPOINT_EVERY_HELD)
    return shelf

"""Use cases on plans: create one, add focus areas; read plans."""

from typing import Any

from domain.errors import N_, DuplicateKeyError
from domain.plan import Plan, plan_id
from domain.values import FocusArea
from service.plan_directory import DirectoryEntry, PlanDirectory
from service.store import EventStore
from service.views import PlanView, plan_view


def focus_areas_from(data: list[dict[str, Any]]) -> list[FocusArea]:
    return [FocusArea(a["key"], a["name"], a.get("description", "")) for a in data]


class Plans:
    """Plans and their focus areas."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.directory = PlanDirectory(store)

    def create(self, key: str, title: str, owner: str, start_year: int, end_year: int,
               focus_areas: list[dict[str, Any]], actor: str, reason: str = "") -> PlanView:
        def attempt() -> list[Plan]:
            self.check_new_key(key)
            return [Plan.create(key, title, owner, start_year, end_year,
                                focus_areas_from(focus_areas), actor, reason)]

        self.store.save_with_retries(attempt)
        return self.get(key)

    def exists(self, key: str) -> bool:
        return self.store.exists(plan_id(key))

    def check_new_key(self, key: str) -> None:
        if self.exists(key):
            raise DuplicateKeyError(N_("a plan with key %(key)r already exists"), "key", key=key)

    def add_focus_area(self, plan: str, key: str, name: str, description: str,
                       actor: str, reason: str = "") -> PlanView:
        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            aggregate.add_focus_area(FocusArea(key, name, description), actor, reason)
            return [aggregate]

        self.store.save_with_retries(attempt)
        return self.get(plan)

    def entries(self) -> list[DirectoryEntry]:
        """Every plan as the lists show it (`service.plan_directory`), caught up with the log."""
        state = self.store.catch_up()
        return self.directory.entries(state.plans, state.position, self.store.today())

    def with_open_rounds(self) -> list[PlanView]:
        return [entry.view for entry in self.entries() if entry.open_rounds]

    def list(self) -> list[PlanView]:  # below this line `list` names this method
        return [entry.view for entry in self.entries()]

    def get(self, key: str) -> PlanView:
        state = self.store.catch_up()
        if key not in state.plans:
            self.store.plan(key)  # raises PlanNotFoundError
        return plan_view(state.plans[key], self.store.today())

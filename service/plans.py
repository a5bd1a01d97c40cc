"""Use cases on a plan: create it, add focus areas, record dependencies; read plans."""

from typing import Any

from domain.errors import DuplicateKeyError, InvalidValueError
from domain.plan import Plan, plan_id
from domain.values import DependencyKind, FocusArea
from service.base import StrategikartaBase
from service.views import PlanView, plan_view


def focus_areas_from(data: list[dict[str, Any]]) -> list[FocusArea]:
    return [FocusArea(a["key"], a["name"], a.get("description", "")) for a in data]


def dependency_kind(value: str) -> DependencyKind:
    try:
        return DependencyKind(value)
    except ValueError:
        raise InvalidValueError(
            f"{value!r} is not a dependency kind: use requires or affects", "kind"
        ) from None


class PlanUseCases(StrategikartaBase):
    """Plans, focus areas and the dependency web."""

    def create_plan(self, key: str, title: str, owner: str, start_year: int, end_year: int,
                    focus_areas: list[dict[str, Any]], actor: str, reason: str = "") -> PlanView:
        def attempt() -> list[Plan]:
            self._check_new_plan_key(key)
            return [Plan.create(key, title, owner, start_year, end_year,
                                focus_areas_from(focus_areas), actor, reason)]

        self._save_with_retries(attempt)
        return self.get_plan(key)

    def plan_exists(self, key: str) -> bool:
        return self._exists(plan_id(key))

    def _check_new_plan_key(self, key: str) -> None:
        if self.plan_exists(key):
            raise DuplicateKeyError(f"a plan with key {key!r} already exists", "key")

    def add_focus_area(self, plan: str, key: str, name: str, description: str,
                       actor: str, reason: str = "") -> PlanView:
        def attempt() -> list[Plan]:
            aggregate = self._plan(plan)
            aggregate.add_focus_area(FocusArea(key, name, description), actor, reason)
            return [aggregate]

        self._save_with_retries(attempt)
        return self.get_plan(plan)

    def add_dependency(self, plan: str, source: str, target: str, kind: str,
                       actor: str, reason: str = "") -> None:
        dependency = dependency_kind(kind)

        def attempt() -> list[Plan]:
            aggregate = self._plan(plan)
            self._milestone(plan, source, "from")
            self._milestone(plan, target, "to")
            aggregate.add_dependency(source, target, dependency, actor, reason)
            return [aggregate]

        self._save_with_retries(attempt)

    def remove_dependency(self, plan: str, source: str, target: str, kind: str,
                          actor: str, reason: str = "") -> None:
        dependency = dependency_kind(kind)

        def attempt() -> list[Plan]:
            aggregate = self._plan(plan)
            aggregate.remove_dependency(source, target, dependency, actor, reason)
            return [aggregate]

        self._save_with_retries(attempt)

    def list_plans(self) -> list[PlanView]:
        state = self.catch_up()
        with state.lock:
            return [plan_view(p, self.today()) for p in sorted(state.plans.values(),
                                                               key=lambda p: p.key)]

    def get_plan(self, key: str) -> PlanView:
        state = self.catch_up()
        with state.lock:
            if key not in state.plans:
                self._plan(key)  # raises PlanNotFoundError
            return plan_view(state.plans[key], self.today())

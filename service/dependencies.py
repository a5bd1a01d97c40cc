"""Use cases on the dependency web: record and remove `requires` and `affects` links."""

from domain.errors import N_, InvalidValueError
from domain.plan import Plan
from domain.values import DependencyKind
from service.store import EventStore


def dependency_kind(value: str) -> DependencyKind:
    try:
        return DependencyKind(value)
    except ValueError:
        raise InvalidValueError(N_("%(value)r is not a dependency kind: use requires or affects"),
                                "kind", value=value) from None


class Dependencies:
    """`source` requires (cannot be reached before) or affects `target`."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def add(self, plan: str, source: str, target: str, kind: str, actor: str,
            reason: str = "") -> None:
        dependency = dependency_kind(kind)

        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            self.store.milestone(plan, source, "from")
            self.store.milestone(plan, target, "to")
            aggregate.add_dependency(source, target, dependency, actor, reason)
            return [aggregate]

        self.store.save_with_retries(attempt)

    def remove(self, plan: str, source: str, target: str, kind: str, actor: str,
               reason: str = "") -> None:
        dependency = dependency_kind(kind)

        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            aggregate.remove_dependency(source, target, dependency, actor, reason)
            return [aggregate]

        self.store.save_with_retries(attempt)

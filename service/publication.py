"""Use cases of publication: an admin shows a plan on the public site, or takes it off."""

from dataclasses import dataclass

from domain.plan import Plan
from service.store import EventStore


@dataclass(frozen=True)
class PublicationView:
    """Whether a plan is on the public site, and since which log position (0: never was)."""

    plan: str
    published: bool
    position: int


class Publication:
    """Which plans the public site shows."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def set(self, plan: str, published: bool, actor: str, reason: str = "") -> PublicationView:
        """Publish or unpublish `plan`; the same state again records nothing."""
        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            return [aggregate] if aggregate.set_publication(published, actor, reason) else []

        self.store.save_with_retries(attempt)
        return self.get(plan)

    def get(self, plan: str) -> PublicationView:
        record = self.store.plan_record(plan)
        return PublicationView(record.key, record.published, record.publication_position)

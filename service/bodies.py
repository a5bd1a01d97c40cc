"""Use cases on bodies: the organisation's units that are responsible, report and decide."""

from domain.body import Body, body_id
from domain.errors import DuplicateKeyError, InvalidValueError, NotFoundError
from domain.messages import N_
from domain.year_values import BodyKind
from projections.records import BodyRecord
from service.milestones import enum_value
from service.store import EventStore


class BodyNotFoundError(NotFoundError):
    """No body with that key."""


def check_body(store: EventStore, key: str | None, field: str = "body") -> None:
    """A filter by body names a body that exists (422 at `field` otherwise); None: no filter."""
    if key is not None and key not in store.catch_up().bodies:
        raise InvalidValueError(N_("there is no body %(body)r"), field, body=key)


class Bodies:
    """The organisation's bodies, shared by all its plans."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def add(self, key: str, name: str, kind: str, actor: str, reason: str = "") -> BodyRecord:
        body_kind = enum_value(BodyKind, kind, "kind")

        def attempt() -> list[Body]:
            if self.store.exists(body_id(key)):
                raise DuplicateKeyError(N_("there is already a body %(key)r"), "key", key=key)
            return [Body.add(key, name, body_kind, actor, reason)]

        self.store.save_with_retries(attempt)
        return self.get(key)

    def all(self) -> list[BodyRecord]:
        return sorted(self.store.catch_up().bodies.values(), key=lambda body: body.key)

    def keys(self) -> set[str]:
        return set(self.store.catch_up().bodies)

    def get(self, key: str) -> BodyRecord:
        found = self.store.catch_up().bodies.get(key)
        if found is None:
            raise BodyNotFoundError(N_("there is no body %(key)r"), "body", key=key)
        return found

    def check_exist(self, keys: list[str], field: str) -> None:
        known = self.keys()
        for index, key in enumerate(keys):
            if key not in known:
                raise InvalidValueError(N_("there is no body %(key)r"), f"{field}.{index}", key=key)

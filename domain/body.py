"""The Body aggregate: an organisation-wide unit that is responsible, reports and decides
(regionstyrelsen RS, a nämnd such as RUN or PN, an administration)."""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.fields import BODY, check
from domain.year_values import BodyKind

BODY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:strategikarta:body")


def body_id(key: str) -> UUID:
    """Body ids derive from the key, so two writers adding the same key collide."""
    return uuid5(BODY_NAMESPACE, key)


class Body(Aggregate):
    """A body of the organisation, shared by all its plans."""

    class BodyAdded(Aggregate.Created):
        key: str
        name: str
        kind: BodyKind
        actor: str
        reason: str

    class BodyChanged(Aggregate.Event):
        name: str
        kind: BodyKind
        actor: str
        reason: str

    @staticmethod
    def create_id(key: str) -> UUID:
        return body_id(key)

    @classmethod
    def add(cls, key: str, name: str, kind: BodyKind, actor: str, reason: str = "") -> "Body":
        check(BODY, "key", key)
        check(BODY, "name", name)
        return cls(key, name, kind, actor, reason)

    @event(BodyAdded)
    def __init__(self, key: str, name: str, kind: BodyKind, actor: str, reason: str) -> None:
        self.key = key
        self.name = name
        self.kind = kind

    def change(self, name: str, kind: BodyKind, actor: str, reason: str = "") -> bool:
        check(BODY, "name", name)
        if (name, kind) == (self.name, self.kind):
            return False
        self._change(name, kind, actor, reason)
        return True

    @event(BodyChanged)
    def _change(self, name: str, kind: BodyKind, actor: str, reason: str) -> None:
        self.name = name
        self.kind = kind

"""The Proposal aggregate: a named set of changes to a plan, kept apart from it until adopted.

A change is recorded only after the service has applied it, with every change before it,
to copies of the plan's aggregates (`service.proposed_plan`): the proposal never holds a
change the plan's rules refuse as the proposal would leave the plan.
"""

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.aggregate_ids import ID_CACHE
from domain.errors import ConflictError, InvalidValueError, NotFoundError
from domain.fields import MAX_PROPOSAL_CHANGES, PROPOSAL, check
from domain.messages import N_, Message
from domain.plan import PLAN_NAMESPACE


@lru_cache(maxsize=ID_CACHE)
def proposal_id(plan_key: str, key: str) -> UUID:
    """Proposal ids derive from plan and key, so two planners making the same key collide."""
    return uuid5(PLAN_NAMESPACE, f"{plan_key}/proposal/{key}")


class ChangeOp(Enum):
    """What a proposed change does to the plan."""

    DEFINE = "define"
    EDIT = "edit"
    MOVE = "move"
    DROP = "drop"
    ADD_DEPENDENCY = "add_dependency"
    REMOVE_DEPENDENCY = "remove_dependency"


@dataclass(frozen=True)
class ProposedChange:
    """One change as the planner gave it: `key` is the milestone (a dependency's `from`),
    `fields` the op's other fields as plain data (define: the milestone's fields; edit: the
    changes; move: focus_area, target_year; add/remove_dependency: to, kind)."""

    op: ChangeOp
    key: str
    fields: dict[str, Any]
    reason: str = ""


class ProposalState(Enum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    ADOPTED = "adopted"


STATE_WORDS = {ProposalState.WITHDRAWN: Message(N_("withdrawn")),
               ProposalState.ADOPTED: Message(N_("adopted"))}


class ProposalClosedError(ConflictError):
    """The proposal was withdrawn or adopted: it is kept, but changes no more (HTTP 409)."""


class Proposal(Aggregate):
    """A proposal (förslag) to change one plan: by hand, by a slip, or from a revised plan."""

    class ProposalMade(Aggregate.Created):
        plan_key: str
        key: str
        title: str
        description: str
        base_position: int
        actor: str
        reason: str

    class ChangeAdded(Aggregate.Event):
        change: ProposedChange
        actor: str
        reason: str

    class ProposalWithdrawn(Aggregate.Event):
        actor: str
        reason: str

    class ProposalAdopted(Aggregate.Event):
        year: int
        position: int
        actor: str
        reason: str

    @staticmethod
    def create_id(plan_key: str, key: str) -> UUID:
        return proposal_id(plan_key, key)

    @classmethod
    def make(cls, plan_key: str, key: str, title: str, description: str, base_position: int,
             actor: str, reason: str = "") -> "Proposal":
        """`base_position`: the log position of the plan's latest change it is based on."""
        for name, value in (("key", key), ("title", title), ("description", description)):
            check(PROPOSAL, name, value)
        return cls(plan_key, key, title, description, base_position, actor, reason)

    @event(ProposalMade)
    def __init__(self, plan_key: str, key: str, title: str, description: str,
                 base_position: int, actor: str, reason: str) -> None:
        self.plan_key = plan_key
        self.key = key
        self.title = title
        self.description = description
        self.base_position = base_position
        self.changes: list[ProposedChange] = []
        self.state = ProposalState.OPEN

    def check_open(self) -> None:
        if self.state is not ProposalState.OPEN:
            raise ProposalClosedError(
                N_("proposal %(key)r was %(state)s: it is kept as it was, and changes no more"),
                "proposal", key=self.key, state=STATE_WORDS[self.state])

    def add_change(self, change: ProposedChange, actor: str) -> None:
        """Record a change the service has checked against the plan as the proposal leaves it."""
        self.check_open()
        if len(self.changes) >= MAX_PROPOSAL_CHANGES:
            raise InvalidValueError(N_("a proposal holds at most %(most)s changes"), "op",
                                    most=MAX_PROPOSAL_CHANGES)
        self._add_change(change, actor, change.reason)

    @event(ChangeAdded)
    def _add_change(self, change: ProposedChange, actor: str, reason: str) -> None:
        self.changes = [*self.changes, change]

    def withdraw(self, actor: str, reason: str) -> None:
        self.check_open()
        if not reason.strip():
            raise InvalidValueError(N_("a proposal is withdrawn by a decision: say why (the "
                                       "reason is kept with it)"), "reason")
        self._withdraw(actor, reason)

    @event(ProposalWithdrawn)
    def _withdraw(self, actor: str, reason: str) -> None:
        self.state = ProposalState.WITHDRAWN

    def adopt(self, year: int, position: int, actor: str, reason: str = "") -> None:
        """Note the revision that applied the changes (the caller applies them, in one save)."""
        self.check_open()
        self._adopt(year, position, actor, reason)

    @event(ProposalAdopted)
    def _adopt(self, year: int, position: int, actor: str, reason: str) -> None:
        self.state = ProposalState.ADOPTED


class ProposalNotFoundError(NotFoundError):
    """No proposal with that key in the plan."""


class ProposalStaleError(ConflictError):
    """The plan changed since the proposal was made: it cannot be adopted as it is (HTTP 409)."""

"""Errors raised by the domain and the service; the web layer maps each to a status code.

Each carries its message as an English template with `%(name)s` placeholders and the
parameters (`domain.messages`), so the web says it in the reader's language:
`InvalidValueError(N_("%(year)s is not a plausible year"), "year", year=year)`.
"""

from collections.abc import Mapping
from typing import Any

# `N_`, `Joined` and `Message` are re-exported: an error's message is made of them.
from domain.messages import N_ as N_
from domain.messages import Joined as Joined
from domain.messages import Message as Message
from domain.messages import message


class DomainError(Exception):
    """Base class: something the user asked for cannot be done.

    `message` is the English template (marked with `N_`), `params` fill its placeholders;
    `.message` is the English text (a `Message`, which keeps both), `.template` and `.params`
    are there for whoever translates it. A `Message` given as `message` is kept as it is.
    """

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        self.field = field
        self.message = (message if isinstance(message, Message) and not params
                        else Message(message, **params))

    @property
    def message(self) -> Message:
        return self._message

    @message.setter
    def message(self, text: str) -> None:
        self._message = message(text)
        self.args = (str(self._message),)

    @property
    def template(self) -> str:
        return self._message.template

    @property
    def params(self) -> Mapping[str, Any]:
        return self._message.params


class InvalidValueError(DomainError):
    """A field has a value the plan's rules do not allow (HTTP 422)."""


class NotFoundError(DomainError):
    """An unknown plan, milestone or user (HTTP 404)."""


class PlanNotFoundError(NotFoundError):
    """No plan with that key."""


class MilestoneNotFoundError(NotFoundError):
    """No milestone with that key in the plan."""


class GoalNotFoundError(NotFoundError):
    """No goal with that key in the plan."""


class MetricNotFoundError(NotFoundError):
    """No metric with that key in the plan."""


class UserNotFoundError(NotFoundError):
    """No user with that name."""


class ForbiddenError(DomainError):
    """The user's role or bodies do not allow this (HTTP 403)."""


class ConflictError(DomainError):
    """The request contradicts what is already recorded (HTTP 409)."""


class DuplicateKeyError(ConflictError):
    """A plan, focus area, milestone or user with that key already exists."""


class DependencyExistsError(ConflictError):
    """That dependency is already recorded."""


class DependencyCycleError(ConflictError):
    """A `requires` dependency would close a cycle."""

    def __init__(self, cycle: list[str]) -> None:
        super().__init__(N_("a milestone cannot (indirectly) require itself: %(cycle)s"),
                         field="to", cycle=" → ".join(cycle))
        self.cycle = cycle


class ConcurrentChangeError(ConflictError):
    """Someone else changed the same thing at the same moment; try again."""


class StaleVersionError(DomainError):
    """The client's `If-Match` version is not the current one (HTTP 412)."""

    def __init__(self, expected: int, actual: int, what: str = "milestone") -> None:
        super().__init__(STALE[what], field="If-Match", expected=expected, actual=actual)
        self.expected = expected
        self.actual = actual


STALE = {
    "milestone": N_("the milestone was changed meanwhile: you edited version %(expected)s, the "
                    "current version is %(actual)s; reload it and apply your change again"),
    "plan": N_("the plan was changed meanwhile: you edited version %(expected)s, the current "
               "version is %(actual)s; reload it and apply your change again"),
}


class StoreNotInitialisedError(DomainError):
    """The event store's tables do not exist yet."""


class StoreUnavailableError(DomainError):
    """The event store cannot be read or written: read-only, damaged or unreachable (HTTP 503)."""


class SigningKeyError(NotFoundError):
    """No key to sign checkpoints with is configured, or its file cannot be read."""


class InvalidDocumentError(InvalidValueError):
    """Several rows of a document or workbook are invalid; every one is named (HTTP 422)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(N_("%(count)s problems, nothing was stored: %(problems)s"),
                         next(iter(errors)), count=len(errors), problems=problem_list(errors))
        self.errors = errors


def problem_list(errors: Mapping[str, list[str]], shown: int = 10) -> Message:
    """`where: what; where: what; and 3 more`: the first few problems of a long list, in one line."""
    listed: list[str] = [Message(N_("%(where)s: %(what)s"), where=where, what=Joined(texts, " "))
                         for where, texts in errors.items()]
    if len(listed) > shown:
        listed = [*listed[:shown], Message(N_("and %(count)s more"), count=len(listed) - shown)]
    return Joined(listed, "; ")

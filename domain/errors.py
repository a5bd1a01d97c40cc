"""Errors raised by the domain and the service; the web layer maps each to a status code."""


class DomainError(Exception):
    """Base class: something the user asked for cannot be done."""

    def __init__(self, message: str, field: str | None = None, **params: object) -> None:
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.field = field


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
        super().__init__(
            "a milestone cannot (indirectly) require itself: " + " → ".join(cycle),
            field="to",
        )
        self.cycle = cycle


class ConcurrentChangeError(ConflictError):
    """Someone else changed the same thing at the same moment; try again."""


class StaleVersionError(DomainError):
    """The client's `If-Match` version is not the current one (HTTP 412)."""

    def __init__(self, expected: int, actual: int, what: str = "milestone") -> None:
        super().__init__(
            f"the {what} was changed meanwhile: you edited version {expected}, "
            f"the current version is {actual}; reload it and apply your change again",
            field="If-Match",
        )
        self.expected = expected
        self.actual = actual


class StoreNotInitialisedError(DomainError):
    """The event store's tables do not exist yet."""


class StoreUnavailableError(DomainError):
    """The event store cannot be read or written: read-only, damaged or unreachable (HTTP 503)."""


class InvalidDocumentError(InvalidValueError):
    """Several rows of a document or workbook are invalid; every one is named (HTTP 422)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(f"{len(errors)} problems, nothing was stored: {problem_list(errors)}",
                         next(iter(errors)))
        self.errors = errors


def problem_list(errors: dict[str, list[str]], shown: int = 10) -> str:
    """`where: what; where: what; and 3 more`: the first few problems of a long list, in one line."""
    listed = [f"{where}: {' '.join(texts)}" for where, texts in errors.items()]
    more = f"; and {len(listed) - shown} more" if len(listed) > shown else ""
    return "; ".join(listed[:shown]) + more

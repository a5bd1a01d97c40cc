"""The HTTP status of each kind of domain error: one table for the API and the pages."""

from domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidValueError,
    NotFoundError,
    StaleVersionError,
    StoreNotInitialisedError,
    StoreUnavailableError,
)

STATUS_BY_ERROR: list[tuple[type[DomainError], int]] = [
    (InvalidValueError, 422),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (StaleVersionError, 412),
    (ConflictError, 409),
    (StoreNotInitialisedError, 503),
    (StoreUnavailableError, 503),
]


def status_of(error: DomainError) -> int:
    """The HTTP status a domain error answers with, on pages and in the API alike."""
    return next(code for kind, code in STATUS_BY_ERROR if isinstance(error, kind))

"""Check every row of a document before refusing it, so one answer names every bad row."""

from collections.abc import Iterator
from contextlib import contextmanager

from domain.errors import N_, DomainError, InvalidDocumentError, Message


class ErrorCollector:
    """Collects the domain errors of many rows, each under its row's field path."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self._first: DomainError | None = None

    @contextmanager
    def row(self, prefix: str, label: str = "") -> Iterator[None]:
        """Run one row's checks; a rule it breaks is recorded as `prefix.field`."""
        try:
            yield
        except InvalidDocumentError as error:
            for field, texts in error.errors.items():
                self.errors.setdefault(f"{prefix}.{field}", []).extend(texts)
        except DomainError as error:
            error.field = f"{prefix}.{error.field}" if error.field else prefix
            if label:
                error.message = Message(N_("%(where)s: %(what)s"), where=label,
                                        what=error.message)
            self.errors.setdefault(error.field, []).append(error.message)
            self._first = self._first or error

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """One problem is raised as itself (keeping its kind, e.g. a conflict); more together."""
        if not self.errors:
            return
        if len(self.errors) == 1 and self._first is not None:
            raise self._first
        raise InvalidDocumentError(self.errors)

"""Value types of the follow-up year: bodies, the follow-up plan, rounds and decisions."""

from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.values import Immutable


class BodyKind(Enum):
    """A council (fullmäktige), a board (styrelse), a committee (nämnd) or an administration
    (förvaltning)."""

    COUNCIL = "council"
    BOARD = "board"
    COMMITTEE = "committee"
    ADMINISTRATION = "administration"


class EntryKind(Enum):
    """What a follow-up plan entry reports: a tertial report, an interim report (delår), the
    annual report (bokslut), or a special follow-up a board asked for."""

    TERTIAL = "tertial"
    INTERIM = "interim"
    ANNUAL = "annual"
    SPECIAL = "special"


@dataclass(frozen=True)
class FollowUpEntry(Immutable):
    """One report of the follow-up plan: for which date, due when, to which meeting."""

    key: str
    title: str
    kind: EntryKind
    reporting_date: date
    deadline: date
    meeting_body: str
    meeting_date: date
    presenter: str
    scope: str


class ItemKind(Enum):
    """What a round asks for: a milestone's status, a goal's assessment, a metric's outcome."""

    MILESTONE = "milestone"
    GOAL = "goal"
    METRIC = "metric"


@dataclass(frozen=True)
class RoundItem(Immutable):
    """One thing due in a round, and the body that reports it (None: no body is responsible,
    the planners report it)."""

    kind: ItemKind
    key: str
    body: str | None

    @property
    def id(self) -> str:
        return f"{self.kind.value}:{self.key}"


# An item of a round is left, reported, or returned to its reporter.
ITEM_STATES = ("left", "reported", "returned")


class RoundState(Enum):
    OPEN = "open"
    SUBMITTED = "submitted"
    DECIDED = "decided"


@dataclass(frozen=True)
class Decision(Immutable):
    """A body's decision on a round's report (beslut med paragraf och diarienummer)."""

    decided_by: str
    decided_on: date
    paragraph: str
    case_number: str
    summary: str

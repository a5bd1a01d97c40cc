"""Value types of the plan: statuses, kinds, effects, focus areas, and key rules."""

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.errors import InvalidValueError
from domain.messages import N_, Message

KEY_MAX_LENGTH = 40
# The key's pattern as JSON Schema (OpenAPI) writes it. In Python, "$" also matches before a
# trailing newline, which a key must not have: KEY_PATTERN ends in \Z instead.
KEY_REGEX = rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{KEY_MAX_LENGTH - 1}}}$"
KEY_PATTERN = re.compile(KEY_REGEX.removesuffix("$") + r"\Z")
KEY_RULE = Message(N_("use 1–%(max)s letters, digits, '.', '_' or '-', starting with a letter "
                      "or digit"), max=KEY_MAX_LENGTH)


class Immutable:
    """A frozen value whose fields are immutable too: its copy may be the value itself.

    Aggregates are deep-copied each time they are read from the library's cache; values
    such as a milestone's status reports need no copying, and there may be many of them.
    """

    def __copy__(self) -> "Immutable":
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> "Immutable":
        return self


class Status(Enum):
    """How a milestone is doing, as a planner reports it."""

    PLANNED = "planned"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"
    DROPPED = "dropped"

    def __str__(self) -> str:
        return self.value  # in a message, a status reads as its code (`on_track`)


class MilestoneKind(Enum):
    """A pilot of new ways of working, or a large operational change."""

    PILOT = "pilot"
    CHANGE = "change"


class DependencyKind(Enum):
    """`requires`: cannot be reached before (acyclic). `affects`: influences (may be mutual)."""

    REQUIRES = "requires"
    AFFECTS = "affects"


class EffectFor(Enum):
    """Who a desired short-term effect is for."""

    RESIDENTS = "residents"
    SYSTEM = "system"
    SERVICES = "services"


@dataclass(frozen=True)
class Effect(Immutable):
    """A desired short-term effect of reaching a milestone."""

    for_: EffectFor
    text: str


@dataclass(frozen=True)
class FocusArea(Immutable):
    """An insatsområde: a lane of the plan."""

    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Seal(Immutable):
    """A digest over the heads of all digest chains of a plan's aggregates at a log position."""

    position: int
    digest: str
    heads: tuple[tuple[str, int, str], ...]  # (aggregate id, version, digest of that event)


@dataclass(frozen=True)
class Revision(Immutable):
    """The committee's decision that adopted the plan's yearly revision (a DecisionRef)."""

    year: int
    adopted_on: date
    decided_by: str
    paragraph: str
    case_number: str
    summary: str


def key_problem(value: object) -> Message | None:
    """What is wrong with `value` as a key; None if nothing."""
    ok = isinstance(value, str) and KEY_PATTERN.match(value)
    return None if ok else Message(N_("%(value)r is not a valid key: %(rule)s"), value=value,
                                   rule=KEY_RULE)


def check_key(value: str, field: str = "key") -> None:
    problem = key_problem(value)
    if problem:
        raise InvalidValueError(problem, field=field)

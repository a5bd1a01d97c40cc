"""One source for the fields people fill in: their names, kinds and limits.

The domain's rules check values against these specs; the API's schemas, the pages' forms
and the workbook reader derive from them, so a field or a limit is written once. `problems`
checks a whole document (a plan with its milestones) against a spec, naming every bad field
by its path (`milestones.3.target_year`), the way the API names them.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from domain.errors import InvalidValueError
from domain.goal_values import Assessment, Direction, Frequency
from domain.messages import N_, Message
from domain.user import Role
from domain.values import (
    KEY_MAX_LENGTH,
    DependencyKind,
    EffectFor,
    MilestoneKind,
    Status,
    key_problem,
)
from domain.year_values import BodyKind, EntryKind

EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
# Characters no text may hold: control characters (C0, DEL, C1) but tab, newline and carriage
# return, UTF-16 surrogates, and U+FFFE and U+FFFF. XML, and so every workbook, cannot hold
# them, and no one types them. Single-line text (titles, names) takes no tab or line break
# either: it becomes sheet names, headers and map labels.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A date as every date is written here; Python 3.11's `date.fromisoformat` also takes week
# dates (2024-W01-1) and 20240101, and `\d` matches any script's digits.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def replace_non_text(text: str) -> str:
    """`text` with each character no text may hold (`NOT_TEXT`) replaced by U+FFFD: how writers
    show what the log kept from before the rules."""
    return NOT_TEXT.sub("\ufffd", text)


@dataclass(frozen=True)
class Spec:
    """What one field takes; `required` fields must be present (and text not blank)."""

    required: bool = True


@dataclass(frozen=True)
class Key(Spec):
    """A key: 1–40 letters, digits, '.', '_' or '-' (`domain.values.KEY_RULE`)."""

    @property
    def max_length(self) -> int:
        return KEY_MAX_LENGTH


@dataclass(frozen=True)
class Text(Spec):
    """Text of at most `max_length` characters; one line unless `multiline`."""

    max_length: int = 10_000
    multiline: bool = False

    def character_problem(self, value: str) -> Message | None:
        """What in `value` this field cannot hold (see `NOT_TEXT`); None if nothing."""
        found = (NOT_TEXT if self.multiline else NOT_ONE_LINE).search(value)
        if found is None:
            return None
        if found.group() in "\t\n\r":
            return Message(N_("must be a single line (no line breaks or tabs)"))
        return Message(N_("must not contain U+%(code)s (character %(position)s): control "
                          "characters and non-characters are not text"),
                       code=f"{ord(found.group()):04X}", position=found.start() + 1)


@dataclass(frozen=True)
class Integer(Spec):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Year(Integer):
    minimum: int | None = EARLIEST_YEAR
    maximum: int | None = LATEST_YEAR


@dataclass(frozen=True)
class Number(Spec):
    """A number (whole or decimal, as JSON writes it), e.g. a metric's outcome or target."""


@dataclass(frozen=True)
class Choice(Spec):
    enum: type[Enum] = Status

    @property
    def values(self) -> list[str]:
        return [member.value for member in self.enum]


@dataclass(frozen=True)
class Day(Spec):
    """A calendar date in the years the domain allows, written YYYY-MM-DD."""

    @staticmethod
    def problem(value: date) -> Message | None:
        return (None if EARLIEST_YEAR <= value.year <= LATEST_YEAR else
                Message(N_("%(date)s is not a plausible date (%(earliest)s–%(latest)s)"),
                        date=value.isoformat(), earliest=EARLIEST_YEAR, latest=LATEST_YEAR))


def parse_day(text: str) -> date:
    """A date written YYYY-MM-DD, the only way Strategikarta reads dates; ValueError if not."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(text)


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec = field(default_factory=Key)
    max_items: int | None = None


@dataclass(frozen=True)
class Record(Spec):
    fields: Mapping[str, Spec] = field(default_factory=dict)


def optional_text(max_length: int) -> Text:
    """Optional free text (a description, a comment): it may run over several lines."""
    return Text(required=False, max_length=max_length, multiline=True)


# How large a plan may grow. A region's plan has tens to a few hundred milestones, a few
# focus areas and a period of a few years; these limits are ten times that or more, and keep
# every request on a plan bounded in time and memory (`benchmarks/plan_size.py` measures a
# plan at them; README, "Limits").
MAX_MILESTONES = 2_000  # per plan
MAX_DEPENDENCIES = 20_000  # per plan, of each kind (`requires`, `affects`)
MAX_DEPENDENCIES_EACH = 100  # that one milestone records, of each kind
MAX_FOCUS_AREAS = 30
MAX_PLAN_YEARS = 25
MAX_REPORTING_PERIODS = 24  # per year
MAX_RESPONSIBLE = 20  # per milestone
MAX_EFFECTS = 20  # per milestone
MAX_GOALS = 1_000  # per plan
MAX_METRICS = 2_000  # per plan
MAX_GOAL_LEVELS = 8
MAX_NUMBER = 1e15  # the largest outcome or target: beyond it, decimals are no longer exact
MAX_GOAL_LINKS = 50  # goals one milestone serves
MAX_PROPOSAL_CHANGES = 5_000  # per proposal: a revised plan's difference, with its moves

REASON = optional_text(2000)
FOCUS_AREA: Mapping[str, Spec] = {
    "key": Key(), "name": Text(max_length=200), "description": optional_text(5000)}
REPORTING_PERIOD: Mapping[str, Spec] = {
    "key": Key(), "name": Text(max_length=100),
    "month": Integer(minimum=1, maximum=12), "day": Integer(minimum=1, maximum=31)}
PLAN: Mapping[str, Spec] = {
    "key": Key(), "title": Text(max_length=300), "owner": Text(max_length=300),
    "start_year": Year(), "end_year": Year(),
    "focus_areas": ListOf(required=False, item=Record(fields=FOCUS_AREA),
                          max_items=MAX_FOCUS_AREAS)}
EFFECT: Mapping[str, Spec] = {
    "for": Choice(enum=EffectFor), "text": Text(max_length=2000, multiline=True)}
MILESTONE: Mapping[str, Spec] = {
    "key": Key(), "title": Text(max_length=300), "description": optional_text(10_000),
    "focus_area": Key(), "target_year": Year(), "kind": Choice(enum=MilestoneKind),
    "responsible": ListOf(required=False, item=Text(max_length=200), max_items=MAX_RESPONSIBLE),
    "effects": ListOf(required=False, item=Record(fields=EFFECT), max_items=MAX_EFFECTS),
    "goals": ListOf(required=False, item=Key(), max_items=MAX_GOAL_LINKS)}
PLACEMENT_FIELDS = ("focus_area", "target_year")
# What an edit may change, in the spec's order: everything but the key; moving a milestone
# (its placement) is an event of its own, so the editable fields are the rest.
CHANGEABLE_MILESTONE_FIELDS = tuple(name for name in MILESTONE if name != "key")
EDITABLE_MILESTONE_FIELDS = tuple(
    name for name in CHANGEABLE_MILESTONE_FIELDS if name not in PLACEMENT_FIELDS)
STATUS_REPORT: Mapping[str, Spec] = {
    "status": Choice(enum=Status), "comment": optional_text(5000),
    "reported_for": Day(required=False)}
REVISION: Mapping[str, Spec] = {
    "year": Year(), "adopted_on": Day(), "decided_by": Text(max_length=200),
    "paragraph": Text(max_length=200), "case_number": Text(max_length=200),
    "summary": optional_text(5000)}
DOCUMENT_MILESTONE: Mapping[str, Spec] = {
    **MILESTONE, "requires": ListOf(required=False, item=Key(), max_items=MAX_DEPENDENCIES_EACH),
    "affects": ListOf(required=False, item=Key(), max_items=MAX_DEPENDENCIES_EACH)}
DEPENDENCY: Mapping[str, Spec] = {"from": Key(), "to": Key(), "kind": Choice(enum=DependencyKind)}
GOAL_LEVEL: Mapping[str, Spec] = {"key": Key(), "name": Text(max_length=100)}
GOAL_LEVELS: Mapping[str, Spec] = {
    "levels": ListOf(item=Record(fields=GOAL_LEVEL), max_items=MAX_GOAL_LEVELS)}
GOAL: Mapping[str, Spec] = {
    "key": Key(), "title": Text(max_length=300), "description": optional_text(10_000),
    "level": Key(), "parent": Key(required=False),
    "responsible": ListOf(required=False, item=Text(max_length=200), max_items=MAX_RESPONSIBLE)}
EDITABLE_GOAL_FIELDS = ("title", "description", "level", "parent", "responsible")
ASSESSMENT: Mapping[str, Spec] = {
    "assessment": Choice(enum=Assessment), "analysis": optional_text(10_000),
    "measures": optional_text(10_000), "reported_for": Day(required=False)}
TARGET: Mapping[str, Spec] = {"year": Year(), "value": Number()}
THRESHOLDS: Mapping[str, Spec] = {"green_from": Number(), "yellow_from": Number()}
METRIC: Mapping[str, Spec] = {
    "key": Key(), "goal": Key(), "name": Text(max_length=300), "unit": Text(max_length=50),
    "direction": Choice(enum=Direction), "frequency": Choice(enum=Frequency),
    "baseline": Record(required=False, fields=TARGET),
    "targets": ListOf(required=False, item=Record(fields=TARGET), max_items=MAX_PLAN_YEARS + 1),
    "thresholds": Record(required=False, fields=THRESHOLDS),
    "source": optional_text(2000)}
EDITABLE_METRIC_FIELDS = tuple(name for name in METRIC if name != "key")
# A plan document: the plan with its reporting periods, goal tree, metrics and milestones.
# Status reports, outcomes and assessments are reports on the plan, not part of it.
PLAN_DOCUMENT: Mapping[str, Spec] = {
    **PLAN,
    "reporting_periods": ListOf(required=False, item=Record(fields=REPORTING_PERIOD),
                                max_items=MAX_REPORTING_PERIODS),
    "goal_levels": ListOf(required=False, item=Record(fields=GOAL_LEVEL),
                          max_items=MAX_GOAL_LEVELS),
    "goals": ListOf(required=False, item=Record(fields=GOAL), max_items=MAX_GOALS),
    "metrics": ListOf(required=False, item=Record(fields=METRIC), max_items=MAX_METRICS),
    "milestones": ListOf(required=False, item=Record(fields=DOCUMENT_MILESTONE),
                         max_items=MAX_MILESTONES)}
OUTCOME: Mapping[str, Spec] = {
    "value": Number(required=False), "reported_for": Day(required=False),
    "comment": optional_text(5000)}
BODY: Mapping[str, Spec] = {
    "key": Key(), "name": Text(max_length=200), "kind": Choice(enum=BodyKind)}
MAX_FOLLOW_UP_ENTRIES = 60  # per plan
MAX_USER_BODIES = 50
FOLLOW_UP_ENTRY: Mapping[str, Spec] = {
    "key": Key(), "title": Text(max_length=200), "kind": Choice(enum=EntryKind),
    "reporting_date": Day(), "deadline": Day(), "meeting_body": Key(), "meeting_date": Day(),
    "presenter": Text(required=False, max_length=200), "scope": optional_text(2000)}
FOLLOW_UP_PLAN: Mapping[str, Spec] = {
    "entries": ListOf(required=False, item=Record(fields=FOLLOW_UP_ENTRY),
                      max_items=MAX_FOLLOW_UP_ENTRIES)}
PROPOSAL: Mapping[str, Spec] = {
    "key": Key(), "title": Text(max_length=300), "description": optional_text(10_000)}
DECISION: Mapping[str, Spec] = {
    "decided_by": Key(), "decided_on": Day(), "paragraph": Text(max_length=200),
    "case_number": Text(max_length=200), "summary": optional_text(5000)}
RETURN: Mapping[str, Spec] = {
    "items": ListOf(item=Text(max_length=100), max_items=10_000),
    "comment": Text(max_length=5000, multiline=True)}
USER: Mapping[str, Spec] = {
    "name": Key(), "role": Choice(enum=Role), "password": Text(max_length=200),
    "bodies": ListOf(required=False, item=Key(), max_items=MAX_USER_BODIES),
    "email": Text(required=False, max_length=254),
    # The identity-provider account a user signs in as: `iss`, and `sub`, which OpenID
    # Connect Core 1.0 keeps within 255 ASCII characters.
    "issuer": Text(max_length=2000), "subject": Text(max_length=255)}


def max_length(spec: Spec) -> int:
    """The longest text a key or text field takes; for a list, its items'."""
    if isinstance(spec, ListOf):
        return max_length(spec.item)
    if isinstance(spec, Key | Text):
        return spec.max_length
    raise TypeError(f"{spec!r} is not a text field")


# What a person calls each field a form or a diff shows, in English (the catalogue has the
# Swedish): next to the key wherever a person reads one.
FIELD_LABELS: Mapping[str, str] = {
    "key": N_("key"), "title": N_("title"), "description": N_("description"),
    "focus_area": N_("focus area"), "target_year": N_("target year"), "kind": N_("kind"),
    "responsible": N_("responsible"), "effects": N_("effects"), "status": N_("status"),
    "requires": N_("requires"), "affects": N_("affects"), "comment": N_("comment"),
    "reported_for": N_("reported for"), "reason": N_("reason"),
    # the columns of the audit trail and of a follow-up report
    "position": N_("position"), "recorded_at": N_("recorded at"), "actor": N_("who"),
    "type": N_("kind of change"), "milestone": N_("milestone"), "summary": N_("summary"),
    "reported_by": N_("reported by"),
    # goals and metrics
    "goals": N_("goals"), "level": N_("level"), "parent": N_("parent"), "goal": N_("goal"),
    "name": N_("name"), "unit": N_("unit"), "direction": N_("direction"),
    "frequency": N_("frequency"), "baseline": N_("baseline"), "targets": N_("targets"),
    "thresholds": N_("thresholds"), "source": N_("source"),
    # the goal and metric tables of a follow-up report
    "assessment": N_("assessment"), "analysis": N_("analysis"), "measures": N_("measures"),
    "metric": N_("metric"), "target": N_("target"), "outcome": N_("outcome"),
    "attainment": N_("attainment"), "result": N_("result"), "part": N_("part"),
    "count": N_("count"), "body": N_("body"),
}


def label(name: str) -> Message:
    """The name of the field `name` as a person reads it (the key itself if it has none)."""
    return Message(FIELD_LABELS.get(name, name))


def check(record: Mapping[str, Spec], name: str, value: Any, path: str = "") -> None:
    """The domain's guard: `InvalidValueError` at `path` (default: `name`) for the first thing
    wrong with `value` as `record[name]`, by the same rules and words as `problems`."""
    path = path or name
    found: dict[str, list[str]] = {}
    message = _problem(record[name], value, path, found)
    if message:
        raise InvalidValueError(message, path)
    for where, texts in found.items():
        raise InvalidValueError(texts[0], where)


def check_count(record: Mapping[str, Spec], name: str, count: int, path: str = "") -> None:
    """The domain's guard on how many entries a list field of `record` has, for lists of
    domain values `check` cannot read; the same words as `check` and `problems`."""
    spec = record[name]
    assert isinstance(spec, ListOf)
    if spec.max_items is not None and count > spec.max_items:
        raise InvalidValueError(_too_many(spec.max_items), path or name)


def problems(spec: Mapping[str, Spec], data: Any, prefix: str = "") -> dict[str, list[str]]:
    """Every field of `data` that does not meet `spec`, by dotted path; {} when all do.
    Each problem is a `Message`, for the edge to say in the reader's language."""
    found: dict[str, list[str]] = {}
    _check_record(spec, data, prefix, found)
    return found


def _path(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _check_record(spec: Mapping[str, Spec], data: Any, prefix: str,
                  found: dict[str, list[str]]) -> None:
    if not isinstance(data, Mapping):
        found.setdefault(prefix or "body", []).append(Message(N_("must be an object (a mapping)")))
        return
    for name, field_spec in spec.items():
        path = _path(prefix, name)
        if data.get(name) is None or data.get(name) == "":
            if field_spec.required:
                found.setdefault(path, []).append(Message(N_("is required")))
            continue
        message = _problem(field_spec, data[name], path, found)
        if message:
            found.setdefault(path, []).append(message)


def _problem(spec: Spec, value: Any, path: str, found: dict[str, list[str]]) -> Message | None:
    """What is wrong with one present value (nested lists and records report by path)."""
    if isinstance(spec, Key):
        return key_problem(value)
    if isinstance(spec, Text):
        if not isinstance(value, str):
            return Message(N_("must be text"))
        if spec.required and not value.strip():
            return Message(N_("must not be blank"))
        if len(value) > spec.max_length:
            return Message(N_("must be at most %(max)s characters"), max=spec.max_length)
        return spec.character_problem(value)
    if isinstance(spec, Integer):
        return _integer_problem(spec, value)
    if isinstance(spec, Number):
        return _number_problem(value)
    if isinstance(spec, Choice):
        return None if value in spec.values else Message(
            N_("%(value)r is not one of %(choices)s"), value=value,
            choices=", ".join(spec.values))
    if isinstance(spec, Day):
        return spec.problem(value) if isinstance(value, date) else Message(
            N_("%(value)r is not a date (YYYY-MM-DD)"), value=value)
    if isinstance(spec, ListOf):
        return _list_problem(spec, value, path, found)
    if isinstance(spec, Record):
        _check_record(spec.fields, value, path, found)
    return None


def _integer_problem(spec: Integer, value: Any) -> Message | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return Message(N_("%(value)r is not a whole number"), value=value)
    if spec.minimum is not None and value < spec.minimum or (
            spec.maximum is not None and value > spec.maximum):
        return Message(N_("must be between %(minimum)s and %(maximum)s"),
                       minimum=spec.minimum, maximum=spec.maximum)
    return None


def _number_problem(value: Any) -> Message | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Message(N_("%(value)r is not a number"), value=value)
    if isinstance(value, float) and not math.isfinite(value):
        return Message(N_("must be a finite number"))
    if abs(value) > MAX_NUMBER:
        return Message(N_("must be between %(low)s and %(high)s"), low=f"-{MAX_NUMBER:.0e}",
                       high=f"{MAX_NUMBER:.0e}")
    return None


def _list_problem(spec: ListOf, value: Any, path: str,
                  found: dict[str, list[str]]) -> Message | None:
    if not isinstance(value, list):
        return Message(N_("must be a list"))
    if spec.max_items is not None and len(value) > spec.max_items:
        return _too_many(spec.max_items)
    for index, item in enumerate(value):
        item_path = f"{path}.{index}"
        message = _problem(spec.item, item, item_path, found)
        if message:
            found.setdefault(item_path, []).append(message)
    return None


def _too_many(max_items: int) -> Message:
    return Message(N_("must have at most %(max)s entries"), max=max_items)

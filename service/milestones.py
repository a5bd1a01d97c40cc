"""Use cases on milestones: define, edit and move them, report status; read them."""

from datetime import date
from typing import Any

from domain.errors import (
    N_,
    DomainError,
    DuplicateKeyError,
    InvalidValueError,
    StaleVersionError,
)
from domain.goal import goal_id
from domain.milestone import Milestone, milestone_id
from domain.plan import Plan
from domain.status import StatusReport, status_in_force
from domain.values import DependencyKind, Effect, EffectFor, MilestoneKind, Status
from projections.analysis import status_totals
from projections.follow_up import current_round
from service.store import EventStore
from service.views import MilestoneView, StatusReportView, milestone_view, status_report_view

ALREADY_DEFINED = N_("plan %(plan)r already has a milestone %(key)r")


def enum_value(enum_type: Any, value: Any, field: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise InvalidValueError(N_("%(value)r is not one of %(choices)s"), field, value=value,
                                choices=allowed) from None


def effects_from(data: list[dict[str, Any]]) -> list[Effect]:
    return [Effect(enum_value(EffectFor, e["for"], f"effects.{i}.for"), e["text"])
            for i, e in enumerate(data)]


def domain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Turn the primitive values of milestone fields into domain values."""
    converted = dict(fields)
    if "kind" in converted:
        converted["kind"] = enum_value(MilestoneKind, converted["kind"], "kind")
    if "effects" in converted:
        converted["effects"] = effects_from(converted["effects"])
    for name in ("responsible", "goals"):
        if name in converted:
            converted[name] = list(converted[name])
    return converted


def check_goals_exist(store: EventStore, plan: str, keys: list[str]) -> None:
    """A milestone names the goals it serves: each must be a goal of the plan (422 at
    `goals.N` otherwise: the milestone is what is wrong, not the URL)."""
    for index, key in enumerate(keys):
        if not store.exists(goal_id(plan, key)):
            raise InvalidValueError(N_("plan %(plan)r has no goal %(key)r"), f"goals.{index}",
                                    plan=plan, key=key)


def define(plan: Plan, fields: dict[str, Any], actor: str, reason: str) -> Milestone:
    """The milestone aggregate; the caller checks the goals it names exist."""
    f = domain_fields(fields)
    return Milestone.define(plan, f["key"], f["title"], f.get("description", ""),
                            f["focus_area"], f["target_year"], f["kind"],
                            f.get("responsible", []), f.get("effects", []), actor, reason,
                            f.get("goals", []))


LINKS = (("requires", DependencyKind.REQUIRES), ("affects", DependencyKind.AFFECTS))


class Milestones:
    """Milestones and their status reports."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def define(self, plan: str, fields: dict[str, Any], actor: str,
               reason: str = "") -> MilestoneView:
        def attempt() -> list[Milestone]:
            aggregate = self.store.plan(plan)
            if self.store.exists(milestone_id(plan, fields["key"])):
                raise DuplicateKeyError(ALREADY_DEFINED, "key", plan=plan, key=fields["key"])
            aggregate.check_room_for_milestones(len(self.store.plan_record(plan).milestones))
            check_goals_exist(self.store, plan, list(fields.get("goals", [])))
            return [define(aggregate, fields, actor, reason)]

        self.store.save_with_retries(attempt)
        return self.get(plan, fields["key"])

    def define_with_dependencies(self, plan: str, fields: dict[str, Any],
                                 links: dict[str, list[str]], actor: str,
                                 reason: str = "") -> MilestoneView:
        """Define a milestone and its dependencies at once: all are stored, or nothing.

        `links` maps `requires` and `affects` (this milestone → others) and `required_by`
        (others → this milestone) to existing milestones' keys. The first thing wrong
        raises, its field the link's name (`requires`, ...) for a bad dependency.
        """
        def attempt() -> list[Plan | Milestone]:
            aggregate = self.store.plan(plan)
            key = fields["key"]
            if self.store.exists(milestone_id(plan, key)):
                raise DuplicateKeyError(ALREADY_DEFINED, "key", plan=plan, key=key)
            check_goals_exist(self.store, plan, list(fields.get("goals", [])))
            milestone = define(aggregate, fields, actor, reason)
            edges = [(name, key, other, kind) for name, kind in LINKS
                     for other in links.get(name, [])]
            edges += [("required_by", other, key, DependencyKind.REQUIRES)
                      for other in links.get("required_by", [])]
            for name, source, target, kind in edges:
                try:
                    self.store.milestone(plan, target if source == key else source, name)
                    aggregate.add_dependency(source, target, kind, actor, reason)
                except DomainError as error:
                    error.field = name
                    raise
            return [milestone, aggregate] if edges else [milestone]

        self.store.save_with_retries(attempt)
        return self.get(plan, fields["key"])

    def edit(self, plan: str, key: str, changes: dict[str, Any], actor: str,
             reason: str = "", expected_version: int | None = None) -> MilestoneView:
        converted = domain_fields(changes)

        def attempt() -> list[Milestone]:
            aggregate = self.store.plan(plan)
            milestone = self.store.milestone(plan, key)
            if expected_version is not None and expected_version != milestone.version:
                raise StaleVersionError(expected_version, milestone.version)
            check_goals_exist(self.store, plan, converted.get("goals", []))
            milestone.edit(aggregate, converted, actor, reason)
            return [milestone]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def report_status(self, plan: str, key: str, status: str, comment: str,
                      reported_for: date | None, actor: str, reason: str = "",
                      expected_version: int | None = None) -> StatusReportView:
        """Report a status; with `expected_version`, only onto that version of the milestone."""
        reported_status = enum_value(Status, status, "status")
        # The plan period never changes, so the read model is a safe source for it.
        record = self.store.plan_record(plan, caught_up=False)
        period = record.years
        reported: list[StatusReportView] = []

        def attempt() -> list[Milestone]:
            milestone = self.store.milestone(plan, key)
            if expected_version is not None and expected_version != milestone.version:
                raise StaleVersionError(expected_version, milestone.version)
            today = self.store.today()
            milestone.report_status(period, reported_status, comment,
                                    reported_for or current_round(record, today), today, actor,
                                    reason)
            reported[:] = [status_report_view(milestone, today)]
            return [milestone]

        # Only the milestone is read and saved: a stale cached copy collides in the store.
        self.store.save_with_retries(attempt, from_cache=True)
        return reported[0]

    def list(self, plan: str, focus_area: str | None = None, status: str | None = None,
             target_year: int | None = None) -> list[MilestoneView]:
        wanted = enum_value(Status, status, "status") if status else None
        record, today = self.store.plan_record(plan), self.store.today()
        return [
            milestone_view(record, m, today)
            for m in sorted(record.milestones.values(), key=lambda m: m.key)
            if (focus_area is None or m.focus_area == focus_area)
            and (target_year is None or m.target_year == target_year)
            and (wanted is None or status_in_force(m.reports, today) is wanted)
        ]

    def titles(self, plan: str) -> dict[str, str]:
        """Every milestone's title by its key: the name shown next to a key."""
        return {key: m.title for key, m in self.store.plan_record(plan).milestones.items()}

    def status_totals(self, plan: str, on: date | None = None) -> dict[str, dict[Status, int]]:
        return status_totals(self.store.plan_record(plan), on or self.store.today())

    def status_history(self, plan: str, key: str) -> tuple[StatusReport, ...]:
        """Every report of a milestone, in the order entered."""
        self.get(plan, key)
        return self.store.state.plans[plan].milestones[key].reports

    def get(self, plan: str, key: str) -> MilestoneView:
        record = self.store.plan_record(plan)
        if key not in record.milestones:
            self.store.milestone(plan, key)  # raises MilestoneNotFoundError
        return milestone_view(record, record.milestones[key], self.store.today())

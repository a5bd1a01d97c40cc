"""Use cases of reporting rounds: open one from the follow-up plan, follow its progress per
body, return items, submit, and record the decision that seals the report."""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from domain.errors import DuplicateKeyError, ForbiddenError, InvalidValueError, NotFoundError
from domain.messages import N_, Message
from domain.round import Round, round_id
from domain.user import Role
from domain.year_values import Decision, ItemKind
from projections.body_report import line_bodies
from projections.follow_up import FollowUpReport, follow_up_report
from projections.records import PlanRecord, RoundRecord, UserRecord
from projections.round_items import item_body, items_due
from projections.rounds import BodyProgress, ItemLine, item_lines, left_items, progress
from service.bodies import Bodies
from service.follow_up_plan import FollowUpPlans
from service.revisions import Revisions
from service.store import EventStore
from service.time_travel import TimeTravel

ITEM_WORDS = {ItemKind.MILESTONE: Message(N_("milestone")), ItemKind.GOAL: Message(N_("goal")),
              ItemKind.METRIC: Message(N_("metric"))}


class RoundNotFoundError(NotFoundError):
    """No round with that key in the plan."""


class NotYourItemError(ForbiddenError):
    """A reporter may report only the items of their bodies (HTTP 403)."""


@dataclass(frozen=True)
class RoundView:
    """A round with its items' states and the progress per body."""

    plan: str
    key: str
    title: str
    kind: str
    reporting_date: date
    deadline: date
    meeting_body: str
    meeting_date: date
    state: str
    items: tuple[ItemLine, ...]
    progress: tuple[BodyProgress, ...]
    opened_by: str
    version: int
    record: RoundRecord


@dataclass(frozen=True)
class Correction:
    """A report for the round's date entered after the decision: it never changes what was
    decided, and the decided report lists it."""

    item: str
    position: int
    actor: str


@dataclass(frozen=True)
class RoundReport:
    """The round's report: as decided (for ever the same) once decided, else as it stands."""

    round: RoundView
    report: FollowUpReport
    decided: bool
    corrected_since: tuple[Correction, ...]
    bodies: dict[str, str | None]  # the body of each line, by item id (`metric:M`)


def report_digest(report: FollowUpReport) -> str:
    """SHA-256 over the report's content (milestones, goals, metrics on its date), written
    canonically: anyone replaying the log to the decision's position gets the same digest."""
    content = {"plan": report.plan, "on": report.on, "milestones": report.milestones,
               "goals": report.goals.goals, "metrics": report.goals.metrics}
    text = json.dumps(_plain(content), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Rounds:
    """Reporting rounds of a plan."""

    def __init__(self, store: EventStore, bodies: Bodies, follow_up_plans: FollowUpPlans,
                 revisions: Revisions, time_travel: TimeTravel) -> None:
        self.store = store
        self.bodies = bodies
        self.follow_up_plans = follow_up_plans
        self.revisions = revisions
        self.time_travel = time_travel

    def open(self, plan: str, entry_key: str, actor: str, reason: str = "") -> RoundView:
        entry = self.follow_up_plans.entry(plan, entry_key)

        def attempt() -> list[Round]:
            if self.store.exists(round_id(plan, entry.key)):
                raise DuplicateKeyError(N_("the round of %(entry)r is already open"), "entry",
                                        entry=entry.key)
            items = items_due(self.store.plan_record(plan), entry, self.bodies.keys())
            return [Round.open(plan, entry, items, self.store.today(), actor, reason)]

        self.store.save_with_retries(attempt)
        return self.get(plan, entry.key)

    def _aggregate(self, plan: str, key: str) -> Round:
        if not self.store.exists(round_id(plan, key)):
            raise RoundNotFoundError(N_("plan %(plan)r has no round %(key)r"), None, plan=plan,
                                     key=key)
        found: Round = self.store.get(round_id(plan, key))
        return found

    def all(self, plan: str) -> list[RoundView]:
        record = self.store.plan_record(plan)
        return [self._view(plan, key) for key in sorted(
            record.rounds, key=lambda k: record.rounds[k].entry.reporting_date)]

    def get(self, plan: str, key: str) -> RoundView:
        if key not in self.store.plan_record(plan).rounds:
            self._aggregate(plan, key)  # raises RoundNotFoundError
        return self._view(plan, key)

    def _view(self, plan: str, key: str) -> RoundView:
        record = self.store.plan_record(plan)
        round_ = record.rounds[key]
        lines = item_lines(record, round_)
        reporters: dict[str, list[str]] = {}
        for user in self.store.catch_up().users.values():
            if user.role is Role.REPORTER:
                for body in user.bodies:
                    reporters.setdefault(body, []).append(user.name)
        entry = round_.entry
        return RoundView(
            plan=plan, key=key, title=entry.title, kind=entry.kind.value,
            reporting_date=entry.reporting_date, deadline=entry.deadline,
            meeting_body=entry.meeting_body, meeting_date=entry.meeting_date,
            state=round_.state.value, items=lines,
            progress=progress(lines, {b: tuple(sorted(n)) for b, n in reporters.items()}),
            opened_by=round_.opened_by, version=round_.version, record=round_)

    def my_items(self, plan: str, key: str, user: UserRecord) -> tuple[ItemLine, ...]:
        """The items of a round a user reports: a reporter's bodies' items; everything for
        planners."""
        view = self.get(plan, key)
        if user.role is not Role.REPORTER:
            return view.items
        return tuple(line for line in view.items if line.body in user.bodies)

    def return_items(self, plan: str, key: str, items: list[str], comment: str, actor: str,
                     reason: str = "") -> RoundView:
        def attempt() -> list[Round]:
            found = self._aggregate(plan, key)
            found.return_items(items, comment, actor, reason)
            return [found]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def submit(self, plan: str, key: str, force: bool, actor: str,
               reason: str = "") -> RoundView:
        def attempt() -> list[Round]:
            found = self._aggregate(plan, key)
            record = self.store.plan_record(plan)
            left = left_items(item_lines(record, record.rounds[key]))
            found.submit(left, force, actor, reason)
            return [found]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def decide(self, plan: str, key: str, decided_by: str, decided_on: date, paragraph: str,
               case_number: str, summary: str, actor: str, reason: str = "") -> RoundView:
        decision = Decision(decided_by, decided_on, paragraph, case_number, summary)
        if decided_by not in self.bodies.keys():
            raise InvalidValueError(N_("there is no body %(body)r"), "decided_by", body=decided_by)

        def attempt() -> list[Round]:
            found = self._aggregate(plan, key)
            record = self.store.plan_record(plan)
            digest = report_digest(follow_up_report(record, found.entry.reporting_date))
            found.decide(decision, self.revisions.seal(plan), digest, self.store.today(),
                         actor, reason)
            return [found]

        self.store.save_with_retries(attempt)
        return self.get(plan, key)

    def report(self, plan: str, key: str) -> RoundReport:
        """The round's report; once decided, the report as decided (replayed to the seal's
        position) with the corrections entered since."""
        return self.report_and_record(plan, key)[0]

    def report_and_record(self, plan: str, key: str) -> tuple[RoundReport, PlanRecord]:
        """The round's report and the plan record it was read from."""
        view = self.get(plan, key)
        decision = view.record.decision
        now = self.store.plan_record(plan)
        then = now if decision is None else self.time_travel.plan_at(
            plan, decision.seal.position)
        report = follow_up_report(then, view.reporting_date)
        corrected = () if decision is None else corrections_since(
            now, view, decision.seal.position)
        bodies = line_bodies(then, report, self.bodies.keys())
        return RoundReport(view, report, decision is not None, corrected, bodies), then

    def check_may_report(self, user: UserRecord, plan: str, kind: ItemKind, key: str) -> None:
        """Reporters report only their bodies' items (403 otherwise); other roles as before."""
        if user.role is not Role.REPORTER:
            return
        record = self.store.plan_record(plan)
        items = {ItemKind.MILESTONE: record.milestones, ItemKind.GOAL: record.goals,
                 ItemKind.METRIC: record.metrics}[kind]
        if key not in items:
            return  # the use case answers 404
        body = item_body(record, kind, key, self.bodies.keys())
        if body not in user.bodies:
            raise NotYourItemError(
                N_("%(kind)s %(key)r is reported by %(body)s, not by your bodies (%(yours)s)"),
                None, kind=ITEM_WORDS[kind], key=key, body=body or Message(N_("the planners")),
                yours=", ".join(user.bodies) or "-")


def corrections_since(record: Any, view: RoundView, position: int) -> tuple[Correction, ...]:
    found = []
    for line in view.items:
        kind = ItemKind(line.kind)
        holder = {ItemKind.MILESTONE: record.milestones, ItemKind.GOAL: record.goals,
                  ItemKind.METRIC: record.metrics}[kind].get(line.key)
        if holder is None:
            continue
        reports = {ItemKind.MILESTONE: "reports", ItemKind.GOAL: "assessments",
                   ItemKind.METRIC: "outcomes"}[kind]
        for report in getattr(holder, reports):
            if report.reported_for == view.reporting_date and report.position > position:
                found.append(Correction(line.id, report.position, report.actor))
    return tuple(sorted(found, key=lambda c: c.position))

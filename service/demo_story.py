"""The demo's four years, 2022–2025, recorded as they happened (an invented story).

The change plan is created with its goal tree, adopted (a sealed revision), reported on a
week or two after each reporting date (statuses, outcomes and assessments together),
corrected once after a report was presented, and revised every year with moved, added and
dropped milestones and changed dependencies. A regional board's one-year operational plan
for 2025 is drafted, adopted and followed up in April and August. Every step is recorded with
the day it happened as its events' time: the one place where knowledge time is backdated,
so that time travel, diffs and the trend have a past to show.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from importlib import resources
from typing import Any

import eventsourcing.application
import eventsourcing.domain
import yaml

from service.application import Strategikarta
from service.demo import (
    DEMO_ACTOR,
    OPERATIONAL_PLAN,
    demo_document,
    demo_goal_reports,
    demo_status_reports,
    operational_document,
    operational_rounds,
)

PLANNER = "planerare"  # the demo planner enters the rounds and the revisions


def story() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        resources.files("service").joinpath("demo_story.yaml").read_text(encoding="utf-8"))
    return data


class StoryClock:
    """The story's day for the rules (`today`) and for the events' recording time."""

    def __init__(self, start: datetime = datetime(2022, 1, 1, 8, tzinfo=UTC)) -> None:
        self.now = start

    def set(self, day: date) -> None:
        self.now = max(self.now, datetime.combine(day, time(8), tzinfo=UTC))

    def today(self) -> date:
        return self.now.date()

    def tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@contextmanager
def backdated(app: Strategikarta, clock: StoryClock) -> Iterator[None]:
    """While telling the story: events are recorded at the story's time, rules use its day."""
    # The library's clock: event and snapshot timestamps come from this function.
    modules, name = (eventsourcing.domain, eventsourcing.application), "datetime_now_with_tzinfo"
    saved = [getattr(module, name) for module in modules]
    today = app.store.today
    for module in modules:
        setattr(module, name, clock.tick)
    app.store.today = clock.today
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            setattr(module, name, original)
        app.store.today = today


Step = tuple[date, int, Callable[[], object]]  # the day, its order within the day, the deed


def tell_demo_story(app: Strategikarta) -> bool:
    """Record the demo plans' years, the steps of both in the order of their days; False if
    both plans are there already. A store that has the first plan from before the second
    existed gets the second told today (its past cannot be recorded after the log's present)."""
    document = demo_document()
    first, second = (not app.plans.exists(key) for key in (document["key"], OPERATIONAL_PLAN))
    if not (first or second):
        return False
    plot = story()
    steps = (_change_plan(app, document, plot) if first else []) + (
        _operational_plan(app, plot["operational"]) if second else [])
    clock = StoryClock() if first else StoryClock(datetime.now(UTC))
    with backdated(app, clock):
        for day, _, deed in sorted(steps, key=lambda step: (step[0], step[1])):
            clock.set(day)
            deed()
    if first:  # the change plan, as adopted and decided, is on the public site
        app.publication.set(document["key"], True, actor=DEMO_ACTOR,
                            reason="Planen är offentlig (demo)")
    return True


def _change_plan(app: Strategikarta, document: dict[str, Any], plot: dict[str, Any]) -> list[Step]:
    """The change plan: created, then rounds and revisions (a revision's changes on the day it
    was prepared, the committee's decision on the day it was adopted)."""
    plan, later, gone = document["key"], set(plot["added_later"]), set[str]()
    first = {**document, "milestones": [
        {**m, "requires": [k for k in m.get("requires", []) if k not in later],
         "affects": [k for k in m.get("affects", []) if k not in later]}
        for m in document["milestones"] if m["key"] not in later]}
    steps: list[Step] = [(plot["created"], 0, lambda: app.documents.import_plan(
        first, actor=DEMO_ACTOR, reason="Förslag till plan (demo)"))]
    for revision in plot["revisions"]:
        steps.append((revision["prepared_on"], 0,
                      partial(_prepare, app, plan, revision["changes"], gone)))
        steps.append((revision["adopted_on"], 0, partial(
            app.revisions.adopt, plan, revision["year"], revision["adopted_on"],
            revision["decided_by"], revision["paragraph"], revision["case_number"],
            revision["summary"], actor=PLANNER, reason="Nämndens beslut")))
    goal_reports = {reports["reported_for"]: reports for reports in demo_goal_reports()}
    for day, order, (rows, reason) in _rounds(plot):
        goals = goal_reports.pop(rows[0]["reported_for"], {}) if order == 1 else {}
        steps.append((day, order, partial(_report, app, plan, rows, reason, gone, goals)))
    return steps


def _report(app: Strategikarta, plan: str, rows: list[dict[str, Any]], reason: str,
            gone: set[str], goals: dict[str, Any]) -> None:
    """A round: statuses of the milestones still in the plan, outcomes and assessments."""
    present = set(app.store.plan_record(plan).milestones) - gone
    statuses = [row for row in rows if row["milestone"] in present]
    if statuses or goals:
        app.follow_up.round_reports.report(plan, statuses, goals.get("outcomes", []),
                                    goals.get("assessments", []), actor=PLANNER, reason=reason)


def _rounds(plot: dict[str, Any]) -> list[tuple[date, int, Any]]:
    """demo_status_reports.yaml as entered: each reporting date's round some days after it;
    a report out of date order is a correction, entered a week after the round before it."""
    rounds: list[tuple[date, int, Any]] = []
    delays = plot["entered_after_days"]
    latest: date | None = None
    for report in demo_status_reports():
        on = report["reported_for"]
        row = {"milestone": report["milestone"], "status": report["status"],
               "comment": report.get("comment", ""), "reported_for": on}
        if latest is not None and on < latest:
            entered = rounds[-1][0] + timedelta(days=7)
            rounds.append((entered, 2, ([row], plot["correction_reason"])))
            continue
        if on != latest:
            entered = on + timedelta(days=delays[len(rounds) % len(delays)])
            rounds.append((entered, 1, ([], f"Rapporteringsomgång per {on.isoformat()}")))
            latest = on
        rounds[-1][2][0].append(row)
    return rounds


def _prepare(app: Strategikarta, plan: str, changes: list[dict[str, Any]],
             gone: set[str]) -> None:
    for change in changes:
        _change(app, plan, change, gone)


def _operational_plan(app: Strategikarta, plot: dict[str, Any]) -> list[Step]:
    """The regional board's one-year plan: drafted, adopted, followed up in April and August."""
    plan, revision = OPERATIONAL_PLAN, plot["revision"]
    steps: list[Step] = [
        (plot["created"], 0, lambda: app.documents.import_plan(
            operational_document(), actor=DEMO_ACTOR, reason="Förslag till verksamhetsplan")),
        (revision["adopted_on"], 0, partial(
            app.revisions.adopt, plan, revision["year"], revision["adopted_on"],
            revision["decided_by"], revision["paragraph"], revision["case_number"],
            revision["summary"], actor=PLANNER, reason="Regionstyrelsens beslut"))]
    for one in operational_rounds():
        reason = f"Uppföljning per {one['reported_for'].isoformat()}"
        statuses, outcomes, assessments = (
            [{**row, "reported_for": one["reported_for"]} for row in one[kind]]
            for kind in ("statuses", "outcomes", "assessments"))
        steps.append((one["entered_on"], 1, partial(
            app.follow_up.round_reports.report, plan, statuses, outcomes, assessments, actor=PLANNER,
            reason=reason)))
    return steps + _follow_up_year(app, plan, plot)


def _follow_up_year(app: Strategikarta, plan: str, plot: dict[str, Any]) -> list[Step]:
    """The board's year: its bodies, the follow-up plan, each round opened the day after its
    reporting date, submitted on its deadline and decided at its meeting; the last one open."""
    steps: list[Step] = [(plot["created"], 0, partial(_add_bodies, app, plot["bodies"])),
                         (plot["follow_up_plan"]["set_on"], 0, partial(
                             app.follow_up_plans.set, plan, plot["follow_up_plan"]["entries"],
                             actor=PLANNER, reason="Uppföljningsplanen för 2025"))]
    for entry in plot["follow_up_plan"]["entries"]:
        key = entry["key"]
        steps.append((entry["reporting_date"] + timedelta(days=1), 0, partial(
            app.rounds.open, plan, key, actor=PLANNER, reason=entry["title"])))
        decision = plot["decisions"].get(key)
        if decision is None:
            continue
        steps += [
            (entry["deadline"], 2, partial(
                app.rounds.submit, plan, key, True, actor=PLANNER,
                reason="Inlämnad till regionstyrelsen; det som saknas redovisas muntligt")),
            (entry["meeting"]["date"], 2, partial(
                app.rounds.decide, plan, key, entry["meeting"]["body"], entry["meeting"]["date"],
                decision["paragraph"], decision["case_number"], f"{entry['title']} godkänns",
                actor=PLANNER, reason="Regionstyrelsens beslut"))]
    return steps


def _add_bodies(app: Strategikarta, bodies: list[dict[str, str]]) -> None:
    known = app.bodies.keys()
    for body in bodies:
        if body["key"] not in known:
            app.bodies.add(body["key"], body["name"], body["kind"], actor=DEMO_ACTOR)


def _change(app: Strategikarta, plan: str, change: dict[str, Any], gone: set[str]) -> None:
    op, reason = change["op"], change["reason"]
    if op == "move":
        app.milestones.edit(plan, change["milestone"], {"target_year": change["target_year"]},
                            actor=PLANNER, reason=reason)
    elif op == "drop":
        app.milestones.report_status(plan, change["milestone"], "dropped", reason, None,
                                     actor=PLANNER, reason=reason)
        gone.add(change["milestone"])
    elif op == "add":
        _add(app, plan, change["milestone"], reason)
    elif op == "add_dependency":
        app.dependencies.add(plan, change["from"], change["to"], change["kind"], actor=PLANNER,
                             reason=reason)
    elif op == "remove_dependency":
        app.dependencies.remove(plan, change["from"], change["to"], change["kind"],
                                actor=PLANNER, reason=reason)
    else:
        raise ValueError(f"unknown change {op!r} in demo_story.yaml")


def _add(app: Strategikarta, plan: str, key: str, reason: str) -> None:
    """A milestone that came with a revision, with its dependencies both ways."""
    milestones = demo_document()["milestones"]
    row = next(m for m in milestones if m["key"] == key)
    fields = {name: value for name, value in row.items() if name not in ("requires", "affects")}
    app.milestones.define(plan, fields, actor=PLANNER, reason=reason)
    existing = set(app.store.plan_record(plan).milestones)
    for kind in ("requires", "affects"):
        links = [(key, target) for target in row.get(kind, [])]
        links += [(m["key"], key) for m in milestones if key in m.get(kind, [])]
        for source, target in links:
            if source in existing and target in existing:
                app.dependencies.add(plan, source, target, kind, actor=PLANNER, reason=reason)

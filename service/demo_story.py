"""The demo's four years, 2022–2025, recorded as they happened (an invented story).

The plan is created, adopted (a sealed revision), reported on a week or two after each
reporting date, corrected once after a report was presented, and revised every year with
moved, added and dropped milestones and changed dependencies. Every step is recorded with
the day it happened as its events' time: the one place where knowledge time is backdated,
so that time travel, diffs and the trend have a past to show.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any

import eventsourcing.application
import eventsourcing.domain
import yaml

from service.application import Strategikarta
from service.demo import DEMO_ACTOR, demo_document, demo_status_reports

PLANNER = "planerare"  # the demo planner enters the rounds and the revisions


def story() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        resources.files("service").joinpath("demo_story.yaml").read_text(encoding="utf-8"))
    return data


class StoryClock:
    """The story's day for the rules (`today`) and for the events' recording time."""

    def __init__(self) -> None:
        self.now = datetime(2022, 1, 1, 8, tzinfo=UTC)

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


def tell_demo_story(app: Strategikarta) -> bool:
    """Record the demo plan's four years; False if the demo plan is there already."""
    document = demo_document()
    if app.plans.exists(document["key"]):
        return False
    plot, clock = story(), StoryClock()
    with backdated(app, clock):
        _create(app, document, plot, clock)
        _follow(app, document["key"], plot, clock)
    return True


def _create(app: Strategikarta, document: dict[str, Any], plot: dict[str, Any],
            clock: StoryClock) -> None:
    later = set(plot["added_later"])
    clock.set(plot["created"])
    first = {**document, "milestones": [
        {**m, "requires": [k for k in m.get("requires", []) if k not in later],
         "affects": [k for k in m.get("affects", []) if k not in later]}
        for m in document["milestones"] if m["key"] not in later]}
    app.documents.import_plan(first, actor=DEMO_ACTOR, reason="Förslag till plan (demo)")


def _follow(app: Strategikarta, plan: str, plot: dict[str, Any], clock: StoryClock) -> None:
    """Rounds and revisions in the order of their days."""
    steps: list[tuple[date, int, Any]] = [
        (revision["prepared_on"], 0, revision) for revision in plot["revisions"]]
    steps += _rounds(plot)
    gone: set[str] = set()
    for day, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        clock.set(day)
        if isinstance(step, dict):
            _revise(app, plan, step, clock, gone)
        else:
            rows, reason = step
            present = set(app.store.plan_record(plan).milestones) - gone
            rows = [row for row in rows if row["milestone"] in present]
            if rows:
                app.follow_up.report_statuses(plan, rows, actor=PLANNER, reason=reason)


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


def _revise(app: Strategikarta, plan: str, revision: dict[str, Any], clock: StoryClock,
            gone: set[str]) -> None:
    """The proposal's changes on the day it was prepared, then the committee's decision."""
    for change in revision["changes"]:
        _change(app, plan, change, gone)
    clock.set(revision["adopted_on"])
    app.revisions.adopt(plan, revision["year"], revision["adopted_on"], revision["decided_by"],
                        revision["paragraph"], revision["case_number"], revision["summary"],
                        actor=PLANNER, reason="Nämndens beslut")


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

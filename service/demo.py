"""The demo plan: an invented example in the style of a Swedish region's change plan, and the
demo's users. `load_demo` stores the plan in one save (for tests and benchmarks); the story of its
four years is `service.demo_story.tell_demo_story`."""

import os
import secrets
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from domain.goal_values import Assessment
from domain.values import Status
from service.application import Strategikarta
from service.documents import build_plan
from service.users import MIN_PASSWORD_LENGTH

DEMO_ACTOR = "demo"
DEMO_PLAN = "fhs-exempel"


OPERATIONAL_PLAN = "vp-rs-2025"
REASON = "Exempeldata för demonstration"


def _data(name: str) -> Any:
    return yaml.safe_load(resources.files("service").joinpath(name).read_text(encoding="utf-8"))


def demo_document() -> dict[str, Any]:
    """The demo plan's document, with its goal tree and the goals each milestone serves."""
    document: dict[str, Any] = _data("demo_plan.yaml")
    tree = _data("demo_goals.yaml")
    links = tree.pop("milestone_goals")
    milestones = [{**m, "goals": links.get(m["key"], [])} for m in document["milestones"]]
    return {**document, **tree, "milestones": milestones}


def demo_status_reports() -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = _data("demo_status_reports.yaml")
    return reports


def demo_goal_reports() -> list[dict[str, Any]]:
    """Per reporting date of the demo plan: its `outcomes` and `assessments`."""
    reports: list[dict[str, Any]] = _data("demo_goal_reports.yaml")
    return reports


def operational_document() -> dict[str, Any]:
    """The second demo plan: a regional board's one-year operational plan."""
    document: dict[str, Any] = _data("demo_operational_plan.yaml")
    return document


def operational_rounds() -> list[dict[str, Any]]:
    """The operational plan's April and August rounds: statuses, outcomes, assessments."""
    rounds: list[dict[str, Any]] = _data("demo_operational_rounds.yaml")
    return rounds


def load_demo(app: Strategikarta, today: date | None = None) -> bool:
    """Store the demo plan, its status reports, outcomes and assessments in one atomic save;
    False if already there."""
    document = demo_document()
    if app.plans.exists(document["key"]):
        return False
    new = build_plan(document, DEMO_ACTOR, REASON)
    today, years = today or date.today(), new.plan.years
    for report in demo_status_reports():
        new.milestones[report["milestone"]].report_status(
            years, Status(report["status"]), report.get("comment", ""),
            report["reported_for"], today, DEMO_ACTOR, REASON)
    for reports in demo_goal_reports():
        on = reports["reported_for"]
        for row in reports["outcomes"]:
            new.metrics[row["metric"]].report_outcome(years, row["value"], row["comment"], on,
                                                      today, DEMO_ACTOR, REASON)
        for row in reports["assessments"]:
            new.goals[row["goal"]].assess(years, Assessment(row["assessment"]), row["analysis"],
                                          row["measures"], on, today, DEMO_ACTOR, REASON)
    app.documents.save_new_plan(new)
    return True


# The demo's users, one per role; they exist only in a store the demo was loaded into.
DEMO_USERS = (("planerare", "planner"), ("revisor", "auditor"), ("lasare", "viewer"),
              ("admin", "admin"))
# And a reporter for a body of the board's plan, where the demo has the follow-up year.
DEMO_REPORTER = ("rapportor", "reporter", ("HSN",))
PASSWORD_FILE_SUFFIX = ".demo-password"


def demo_password_file(database_url: str) -> Path:
    """Where a store's demo password is kept: next to a SQLite file, else under ./var/."""
    parts = urlsplit(database_url)
    if parts.scheme == "sqlite" and parts.path not in ("", "/", "/:memory:"):
        return Path("/" + unquote(parts.path).lstrip("/") + PASSWORD_FILE_SUFFIX)
    name = (parts.path.strip("/") or "store").replace("/", "_")
    return Path("var") / f"{name}{PASSWORD_FILE_SUFFIX}"


def ensure_demo_users(app: Strategikarta, password_file: Path) -> str:
    """The demo users, with one random password per store, kept (mode 600) in `password_file`
    so that every `make run` can print it again; returns the password."""
    password = password_file.read_text(encoding="utf-8").strip() if password_file.exists() else ""
    if len(password) < MIN_PASSWORD_LENGTH:
        password = secrets.token_urlsafe(12)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(password + "\n")
        os.chmod(password_file, 0o600)
    for name, role in DEMO_USERS:
        if app.users.find(name) is None:
            app.users.add(name, role, password, actor=DEMO_ACTOR)
        elif app.users.for_password(name, password) is None:
            app.users.set_password(name, password, actor=DEMO_ACTOR)
    name, role, bodies = DEMO_REPORTER
    if app.users.find(name) is None and set(bodies) <= app.bodies.keys():
        app.users.add(name, role, password, actor=DEMO_ACTOR, bodies=list(bodies))
    elif app.users.find(name) is not None and app.users.for_password(name, password) is None:
        app.users.set_password(name, password, actor=DEMO_ACTOR)
    return password


def demo_users(app: Strategikarta) -> list[tuple[str, str]]:
    """The demo's users that this store has, name and role, the reporter last."""
    name, role, _ = DEMO_REPORTER
    return [*DEMO_USERS, *([(name, role)] if app.users.find(name) is not None else [])]


def is_demo_store(app: Strategikarta) -> bool:
    """Was the demo loaded into this store (its users are there)?"""
    return all(app.users.find(name) is not None for name, _ in DEMO_USERS)

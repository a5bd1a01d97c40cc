"""The demo plan: an invented example in the style of a Swedish region's change plan."""

from datetime import date
from importlib import resources
from typing import Any

import yaml

from domain.values import Status
from service.application import Strategikarta
from service.documents import build_plan

DEMO_ACTOR = "demo"


def demo_document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(
        resources.files("service").joinpath("demo_plan.yaml").read_text(encoding="utf-8"))
    return document


def demo_status_reports() -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = yaml.safe_load(
        resources.files("service").joinpath("demo_status_reports.yaml")
        .read_text(encoding="utf-8"))
    return reports


def load_demo(app: Strategikarta, today: date | None = None) -> bool:
    """Store the demo plan and its status reports in one atomic save; False if already there."""
    document = demo_document()
    if app.plans.exists(document["key"]):
        return False
    plan, milestones = build_plan(document, DEMO_ACTOR, "Exempeldata för demonstration")
    today = today or date.today()
    for report in demo_status_reports():
        milestones[report["milestone"]].report_status(
            plan.start_year, Status(report["status"]), report.get("comment", ""), report["reported_for"],
            today, DEMO_ACTOR)
    app.documents.save_new_plan(plan, milestones)
    return True

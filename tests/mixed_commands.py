"""A year of mixed commands through the service, one acknowledged write per step, so that a
test can read through another instance between any two of them."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from service.application import Strategikarta
from tests.builders import milestone_body, plan_body

APRIL, AUGUST = date(2025, 4, 30), date(2025, 8, 31)
REVISION: dict[str, Any] = {"year": 2025, "adopted_on": date(2026, 3, 1), "decided_by": "Regionfullmäktige",
            "paragraph": "§ 12", "case_number": "RS 2026/1", "summary": "Reviderad plan"}


def a_planning_year(service: Strategikarta) -> Iterator[str]:
    """Bodies, users, two plans with milestones, dependencies, status reports, goals with a
    metric, and a proposal adopted as the year's revision; yields after every write."""
    service.users.password_method = "pbkdf2:sha256:1000"  # speed over strength, in tests only
    yield from bodies_and_users(service)
    yield from the_plan(service)
    yield from its_goals(service)
    yield from a_revision(service)
    yield from another_plan(service)


def bodies_and_users(service: Strategikarta) -> Iterator[str]:
    service.bodies.add("HSN", "Hälso- och sjukvårdsnämnden", "committee", actor="anna")
    yield "body"
    service.bodies.add("RS", "Regionstyrelsen", "board", actor="anna")
    yield "body"
    service.users.add("bo", "planner", "lösenord-bo-123", actor="admin")
    yield "user"
    service.users.create_token("bo", actor="admin")
    yield "token"
    service.users.add("rut", "reporter", "lösenord-rut-123", actor="admin", bodies=["HSN"])
    yield "user"
    service.users.change_role("bo", "admin", actor="admin", reason="Ny roll")
    yield "role"


def the_plan(service: Strategikarta) -> Iterator[str]:
    """Plan fhs: A 2022 ← B 2023 ← C 2023, D 2022 requires A and affects C, reported on."""
    service.plans.create(**plan_body(), actor="anna")
    yield "plan"
    for key, year in (("A", 2022), ("B", 2023), ("C", 2023), ("D", 2022)):
        service.milestones.define("fhs", milestone_body(key, target_year=year), actor="anna")
        yield "milestone"
    for source, target, kind in (("B", "A", "requires"), ("C", "B", "requires"),
                                 ("D", "A", "requires"), ("D", "C", "affects"),
                                 ("C", "D", "affects")):
        service.dependencies.add("fhs", source, target, kind, actor="anna")
        yield "dependency"
    service.dependencies.remove("fhs", "C", "D", "affects", actor="bo", reason="Dubblett")
    yield "dependency removed"
    service.milestones.edit("fhs", "C", {"title": "Milstolpe C, omformulerad"}, actor="bo")
    yield "edit"
    service.plans.add_focus_area("fhs", "ekonomi", "Ekonomi i balans", "", actor="anna")
    yield "focus area"
    for key, status, when in (("A", "achieved", APRIL), ("B", "at_risk", APRIL),
                              ("B", "off_track", AUGUST), ("D", "on_track", AUGUST)):
        service.milestones.report_status("fhs", key, status, f"{key} per {when}", when,
                                         actor="rut")
        yield "report"


def its_goals(service: Strategikarta) -> Iterator[str]:
    goals = service.goals
    goals.define("fhs", {"key": "P1", "title": "Invånarna", "level": "perspective",
                         "parent": None}, actor="anna")
    yield "goal"
    goals.define("fhs", {"key": "R1", "title": "Kortare väntetider", "level": "result_goal",
                         "parent": "P1", "responsible": ["HSN"]}, actor="anna")
    yield "goal"
    goals.define_metric("fhs", {
        "key": "M1", "goal": "R1", "name": "Besök inom 90 dagar", "unit": "%",
        "direction": "higher_is_better", "frequency": "period",
        "targets": [{"year": 2024, "value": 90}, {"year": 2025, "value": 92}]}, actor="anna")
    yield "metric"
    goals.report_outcome("fhs", "M1", 85, "Sommaren drar ned", APRIL, actor="rut")
    yield "outcome"
    goals.assess("fhs", "R1", "partly_satisfactory", "Aktiviteter pågår", "Fler mottagningar",
                 APRIL, actor="rut")
    yield "assessment"
    service.milestones.edit("fhs", "D", {"goals": ["R1"]}, actor="anna")
    yield "milestone serves goal"


def a_revision(service: Strategikarta) -> Iterator[str]:
    """Proposal `rev`: B slips to 2025, E is new, A is dropped; adopted in one save."""
    service.proposals.make("fhs", "rev", "Revidering 2025", "", actor="anna")
    yield "proposal"
    new = {k: v for k, v in milestone_body("E", target_year=2024).items() if k != "key"}
    for op, key, fields, why in (("slip", "B", {"to": 2025}, "Försenad"),
                                 ("define", "E", new, ""), ("drop", "A", {}, "Utgår")):
        service.proposals.add_change("fhs", "rev", op, key, fields, actor="anna", reason=why)
        yield "proposed change"
    service.proposals.adopt("fhs", "rev", **REVISION, actor="anna")
    yield "adoption"
    service.milestones.report_status("fhs", "E", "on_track", "Efter revideringen", AUGUST,
                                     actor="rut")
    yield "report"


def another_plan(service: Strategikarta) -> Iterator[str]:
    service.plans.create(**plan_body("rs", title="Verksamhetsplan", owner="RS"), actor="bo")
    yield "plan"
    for key in ("X", "Y"):
        service.milestones.define("rs", milestone_body(key, responsible=["RS"]), actor="bo")
        yield "milestone"
    service.dependencies.add("rs", "Y", "X", "requires", actor="bo")
    yield "dependency"
    service.milestones.report_status("rs", "X", "at_risk", "", APRIL, actor="bo")
    yield "report"


def run_all(service: Strategikarta) -> int:
    """Every step of the year; the number of writes."""
    return sum(1 for _ in a_planning_year(service))


def a_large_plan(service: Strategikarta, key: str = "stor", milestones: int = 400) -> None:
    """One import (one save): a plan whose milestones each require the two before them,
    about three events per milestone."""
    rows = [{**milestone_body(f"M{i:03}"),
             "requires": [f"M{j:03}" for j in range(max(0, i - 2), i)]}
            for i in range(milestones)]
    service.documents.import_plan({**plan_body(key), "milestones": rows}, actor="anna")

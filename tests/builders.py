"""Builders of plan and milestone bodies with sensible defaults; tests override what matters."""

from datetime import date, timedelta
from typing import Any

from domain.milestone import Milestone
from domain.plan import Plan
from service.application import Strategikarta
from service.milestones import domain_fields
from service.plans import focus_areas_from

FOCUS_AREAS = [
    {"key": "nara-vard", "name": "Nära vård", "description": "Vård nära invånarna."},
    {"key": "digital", "name": "Digitala vårdtjänster", "description": ""},
    {"key": "kompetens", "name": "Kompetensförsörjning", "description": ""},
]


def plan_body(key: str = "fhs", **overrides: Any) -> dict[str, Any]:
    body = {"key": key, "title": "Förändrings- och genomförandeplan 2022–2025",
            "owner": "Hälso- och sjukvårdsnämnden", "start_year": 2022, "end_year": 2025,
            "focus_areas": [dict(area) for area in FOCUS_AREAS]}
    body.update(overrides)
    return body


def milestone_body(key: str = "NV-01", **overrides: Any) -> dict[str, Any]:
    body = {"key": key, "title": f"Milstolpe {key}", "description": "Beskrivning.",
            "focus_area": "nara-vard", "target_year": 2023, "kind": "change",
            "responsible": ["HSN"],
            "effects": [{"for": "residents", "text": "Invånarna får vård närmare hemmet."}]}
    body.update(overrides)
    return body


def make_plan(service: Strategikarta, key: str = "fhs", milestones: tuple[str, ...] = (),
              actor: str = "anna") -> None:
    """A plan with the given milestone keys, all in `nara-vard` for 2023."""
    service.plans.create(**plan_body(key), actor=actor)
    for milestone in milestones:
        service.milestones.define(key, milestone_body(milestone), actor=actor)


def define_as_old_code_could(service: Strategikarta, plan: str, body: dict[str, Any],
                             actor: str = "anna") -> None:
    """A milestone recorded past today's checks on text, as the log may hold it from before
    them (a NUL, a line break in a title): the aggregate's own event, without its guard."""
    f = domain_fields(body)
    service.store.save(Milestone(plan, f["key"], f["title"], f.get("description", ""),
                                 f["focus_area"], f["target_year"], f["kind"],
                                 f.get("responsible", []), f.get("effects", []), actor, ""))


def create_plan_as_old_code_could(service: Strategikarta, key: str = "fhs",
                                  **overrides: Any) -> None:
    """A plan recorded past today's checks on text (its title, say), as the log may hold it."""
    body = plan_body(key, **overrides)
    service.store.save(Plan(body["key"], body["title"], body["owner"], body["start_year"],
                            body["end_year"], focus_areas_from(body["focus_areas"]), "anna", ""))


# How every plan is followed up unless told otherwise, as a plan document writes it.
DEFAULT_PERIODS = [
    {"key": "T1", "name": "Tertialrapport", "month": 4, "day": 30},
    {"key": "delar", "name": "Delårsrapport", "month": 8, "day": 31},
    {"key": "bokslut", "name": "Årsbokslut", "month": 12, "day": 31},
]


def add_goals(service: Strategikarta, plan: str, milestone: str, actor: str = "anna") -> None:
    """A perspective with two result goals; R1 has a metric (targets 2024–2025, outcomes in
    April and August 2025), an assessment, and `milestone` serving it."""
    goals = service.goals
    goals.define(plan, {"key": "P1", "title": "Invånarna", "level": "perspective",
                        "parent": None}, actor=actor)
    for key, title in (("R1", "Kortare väntetider"), ("R2", "Fler digitala besök")):
        goals.define(plan, {"key": key, "title": title, "level": "result_goal",
                            "parent": "P1", "responsible": ["HSN"]}, actor=actor)
    goals.define_metric(plan, {
        "key": "M1", "goal": "R1", "name": "Besök inom 90 dagar", "unit": "%",
        "direction": "higher_is_better", "frequency": "period",
        "baseline": {"year": 2023, "value": 80},
        "targets": [{"year": 2024, "value": 90}, {"year": 2025, "value": 92}],
        "source": "Väntetidsdatabasen"}, actor=actor)
    goals.report_outcome(plan, "M1", 85, "Sommaren drar ned", date(2025, 4, 30), actor=actor)
    goals.report_outcome(plan, "M1", 92.5, "", date(2025, 8, 31), actor=actor)
    goals.assess(plan, "R1", "partly_satisfactory", "Aktiviteter pågår", "Fler mottagningar",
                 date(2025, 8, 31), actor=actor)
    service.milestones.edit(plan, milestone, {"goals": ["R1"]}, actor=actor)


def goal_plan(service: Strategikarta, key: str = "fhs", actor: str = "anna") -> None:
    """A plan with two perspectives, a strategic goal, two result goals assessed in April 2024,
    three metrics (met, partly met, not measured yet) and two milestones serving the goals."""
    make_plan(service, key, actor=actor)
    goals = service.goals
    for goal, title, level, parent in (
            ("PAT", "Patient och medborgare", "perspective", None),
            ("MED", "Medarbetare", "perspective", None),
            ("TILL", "God tillgänglighet", "strategic_goal", "PAT"),
            ("VANT", "Kortare väntetider", "result_goal", "TILL"),
            ("ARB", "Attraktiv arbetsgivare", "result_goal", "MED")):
        goals.define(key, {"key": goal, "title": title, "level": level, "parent": parent},
                     actor=actor)
    april = date(2024, 4, 30)
    goals.assess(key, "VANT", "partly_satisfactory", "Analys.", "Åtgärder.", april, actor=actor)
    goals.assess(key, "ARB", "unsatisfactory", "", "", april, actor=actor)
    for metric, goal, target in (("M1", "VANT", 100), ("M2", "VANT", 100), ("M3", "ARB", 50)):
        goals.define_metric(key, {"key": metric, "goal": goal, "name": f"Mätetal {metric}",
                                  "unit": "%", "direction": "higher_is_better",
                                  "targets": [{"year": 2024, "value": target}]}, actor=actor)
    goals.report_outcome(key, "M1", 100, "", april, actor=actor)
    goals.report_outcome(key, "M2", 95, "", april, actor=actor)
    service.milestones.define(key, milestone_body("NV-01", goals=["VANT"]), actor=actor)
    service.milestones.define(key, milestone_body("NV-02", goals=["VANT", "ARB"]), actor=actor)


def two_bodies_year(service: Strategikarta, today: date,
                    rounds: tuple[str, ...] = ("nara", "senare")) -> None:
    """Plan `rs` of this year: milestones A and C of RS, B of PN, goal G of PN with metric
    M; reporters `rs-rapportor` (RS, with an e-mail address) and `pn-rapportor` (PN,
    without), a planner with an address; round `nara` open, due in 3 days, and follow-up
    plan entry `senare` (due in 30 days); the `rounds` named are open."""
    actor = "anna"
    service.bodies.add("RS", "Regionstyrelsen", "board", actor=actor)
    service.bodies.add("PN", "Patientnämnden", "committee", actor=actor)
    service.plans.create(**plan_body("rs", title="Verksamhetsplan", owner="RS",
                                     start_year=today.year - 1, end_year=today.year + 1),
                         actor=actor)
    for key, body in (("A", "RS"), ("B", "PN"), ("C", "RS")):
        service.milestones.define("rs", milestone_body(key, target_year=today.year,
                                                       responsible=[body]), actor=actor)
    service.goals.define("rs", {"key": "G", "title": "Nöjda patienter", "level": "result_goal",
                                "responsible": ["PN"]}, actor=actor)
    service.goals.define_metric("rs", {
        "key": "M", "goal": "G", "name": "Andel nöjda", "unit": "%",
        "direction": "higher_is_better", "frequency": "period",
        "targets": [{"year": today.year, "value": 80}]}, actor=actor)
    days = [today + timedelta(days=n) for n in range(-20, 60)]
    service.follow_up_plans.set("rs", [
        {"key": key, "title": title, "kind": "tertial", "reporting_date": days[reporting],
         "deadline": days[deadline], "meeting": {"body": "RS", "date": days[deadline + 10]}}
        for key, title, reporting, deadline in (("nara", "Tertialrapport 1", 0, 23),
                                                ("senare", "Delårsrapport", 10, 50))],
        actor=actor)
    for key in rounds:
        service.rounds.open("rs", key, actor=actor)
    users = service.users
    users.password_method = "pbkdf2:sha256:1000"  # speed over strength, in tests only
    users.add("rs-rapportor", "reporter", "lösenord-123", actor="admin", bodies=["RS"],
              email="rs-rapportor@region-exempel.invalid")
    users.add("pn-rapportor", "reporter", "lösenord-123", actor="admin", bodies=["PN"])
    users.add("planeraren", "planner", "lösenord-123", actor="admin",
              email="planeraren@region-exempel.invalid")


DEMO_ANNUAL_ENTRY = {
    "key": "bokslut-2025", "title": "Årsbokslut 2025", "kind": "annual",
    "reporting_date": date(2025, 12, 31), "deadline": date(2026, 1, 20),
    "meeting": {"body": "RS", "date": date(2026, 2, 10)}, "presenter": "Planeringschefen",
    "scope": "Mål, mätetal och milstolpar"}


def follow_up_year(service: Strategikarta, plan: str, password: str = "",
                   actor: str = "anna") -> None:
    """Bodies HSN, PN and RS, a follow-up plan of one annual report (`bokslut-2025`), and a
    reporter per nämnd (`hsn-user`, `pn-user`; password `lösenord-hsn` unless given)."""
    for key, name, kind in (("HSN", "Hälso- och sjukvårdsnämnden", "committee"),
                            ("PN", "Patientnämnden", "committee"),
                            ("RS", "Regionstyrelsen", "board")):
        service.bodies.add(key, name, kind, actor=actor)
    service.follow_up_plans.set(plan, [DEMO_ANNUAL_ENTRY], actor=actor)
    for body in ("HSN", "PN"):
        service.users.add(f"{body.lower()}-user", "reporter",
                          password or f"lösenord-{body.lower()}", actor=actor, bodies=[body])


DEFAULT_LEVELS = [{"key": "perspective", "name": "perspektiv"},
                  {"key": "strategic_goal", "name": "strategiskt mål"},
                  {"key": "result_goal", "name": "resultatmål"}]


def goal_body(key: str, level: str = "result_goal", parent: str | None = None,
              **overrides: Any) -> dict[str, Any]:
    body = {"key": key, "title": f"Mål {key}", "description": "", "level": level,
            "parent": parent, "responsible": ["RS"]}
    body.update(overrides)
    return body


def metric_body(key: str, goal: str, **overrides: Any) -> dict[str, Any]:
    body = {"key": key, "goal": goal, "name": f"Mätetal {key}", "unit": "%",
            "direction": "higher_is_better", "frequency": "period",
            "baseline": {"year": 2021, "value": 70},
            "targets": [{"year": 2022, "value": 75}, {"year": 2023, "value": 80.5}],
            "thresholds": {"green_from": 100, "yellow_from": 90}, "source": "Vårdbarometern"}
    body.update(overrides)
    return body


def goal_tree_body() -> dict[str, Any]:
    """A plan document's goal tree, in tree order as an export writes it: a perspective, a
    strategic goal with two result goals, their metrics (one lower is better, one annual)."""
    return {
        "goal_levels": DEFAULT_LEVELS,
        "goals": [goal_body("P1", "perspective"), goal_body("S1", "strategic_goal", "P1"),
                  goal_body("R1", parent="S1"), goal_body("R2", parent="S1")],
        "metrics": [
            metric_body("M1", "R1"),
            metric_body("M2", "R2", direction="lower_is_better", frequency="annual",
                        baseline=None, unit="dagar",
                        thresholds={"green_from": 95, "yellow_from": 80}, source=""),
        ],
    }


def make_slip_chain(service: Strategikarta) -> Strategikarta:
    """Plan fhs: A 2022 ← B 2023 ← C 2023 (C requires B requires A); D 2022 requires A and is
    achieved (reported for 2025-12-31): what a slip of A moves, and leaves behind."""
    service.plans.create(**plan_body(), actor="anna")
    for key, year in (("A", 2022), ("B", 2023), ("C", 2023), ("D", 2022)):
        service.milestones.define("fhs", milestone_body(key, target_year=year), actor="anna")
    for source, target in (("B", "A"), ("C", "B"), ("D", "A")):
        service.dependencies.add("fhs", source, target, "requires", actor="anna")
    service.milestones.report_status("fhs", "D", "achieved", "", date(2025, 12, 31),
                                     actor="anna")
    return service


def make_proposal_of_each_mark(service: Strategikarta) -> Strategikarta:
    """The slip chain with proposal `rev`: B slips to 2025 (B and C move), E is new (2024),
    A is dropped."""
    make_slip_chain(service)
    service.proposals.make("fhs", "rev", "Revidering 2025", "", actor="anna")
    new = {k: v for k, v in milestone_body("E", target_year=2024).items() if k != "key"}
    for op, key, fields, why in (("slip", "B", {"to": 2025}, "Försenad"),
                                 ("define", "E", new, ""), ("drop", "A", {}, "Utgår")):
        service.proposals.add_change("fhs", "rev", op, key, fields, actor="anna", reason=why)
    return service

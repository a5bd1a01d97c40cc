"""Builders of plan and milestone bodies with sensible defaults; tests override what matters."""

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

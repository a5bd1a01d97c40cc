"""`/public/plans/{plan}.json`: a published plan as open data. Every key is written out here
(the README documents them); a key is added, never renamed or dropped, and `format` says
which shape this is. Dates are ISO 8601 (YYYY-MM-DD); codes (statuses, assessments,
results) are the API's; URLs are paths on this site."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from service.public_site import (
    AdoptedPlan,
    DecidedReport,
    PublicGoal,
    PublicGoals,
    PublicMetric,
    PublicPlan,
    PublicRevision,
)
from web.public.checkpoints import Checkpoint, inclusion_proof

FORMAT = "strategikarta-public-plan/1"
Urls = Callable[[str, dict[str, Any]], str]  # endpoint, values → path


def document(plan: PublicPlan, checkpoints: dict[int, Checkpoint | None], url: Urls,
             verification: dict[str, str]) -> bytes:
    data = {
        "format": FORMAT,
        "plan": {"key": plan.key, "title": plan.title, "owner": plan.owner,
                 "start_year": plan.start_year, "end_year": plan.end_year,
                 "page": url("public.plan", {"plan": plan.key})},
        "verification": verification,
        "revisions": [_revision(r, checkpoints, url(
            "public.plan_map", {"plan": plan.key, "revision": r.year})) for r in plan.revisions],
        "adopted": _adopted(plan.adopted) if plan.adopted else None,
        "reports": [_report(r, checkpoints) for r in plan.reports],
    }
    return json.dumps(data, ensure_ascii=False, default=_iso).encode("utf-8")


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not open data")


def _sealed(position: int, seal_position: int, digest: str,
            checkpoints: dict[int, Checkpoint | None]) -> dict[str, Any]:
    checkpoint = checkpoints.get(position)
    return {"seal": {"position": seal_position, "digest": digest}, "position": position,
            "checkpoint": None if checkpoint is None else {
                "size": checkpoint.size, "root": checkpoint.root,
                "signed_at": checkpoint.signed_at},
            "inclusion_proof": inclusion_proof(position, checkpoint)}


def _revision(r: PublicRevision, checkpoints: dict[int, Checkpoint | None],
              map_url: str) -> dict[str, Any]:
    return {"year": r.year, "adopted_on": r.adopted_on, "decided_by": r.decided_by,
            "paragraph": r.paragraph, "case_number": r.case_number, "summary": r.summary,
            **_sealed(r.position, r.seal_position, r.seal_digest, checkpoints),
            "adopted_position": r.adopted_position, "map": map_url}


def _adopted(adopted: AdoptedPlan) -> dict[str, Any]:
    return {
        "revision": adopted.revision.year, "position": adopted.revision.adopted_position,
        "on": adopted.on,
        "focus_areas": [{"key": a.key, "name": a.name, "description": a.description}
                        for a in adopted.focus_areas],
        "milestones": [{
            "key": m.key, "title": m.title, "description": m.description,
            "focus_area": m.focus_area, "target_year": m.target_year, "kind": m.kind,
            "responsible": list(m.responsible),
            "effects": [{"for": whom, "text": text} for whom, text in m.effects],
            "goals": list(m.goals), "requires": list(m.requires), "affects": list(m.affects),
            "status": m.status} for m in adopted.milestones],
        "status_totals": dict(adopted.status_totals),
        **_goals(adopted.goals),
    }


def _goals(goals: PublicGoals) -> dict[str, Any]:
    return {"goals": {"level_name": goals.level_name, "totals": dict(goals.goal_totals),
                      "items": [_goal(g) for g in goals.goals]},
            "metrics": {"totals": dict(goals.metric_totals),
                        "items": [_metric(m) for m in goals.metrics]}}


def _goal(g: PublicGoal) -> dict[str, Any]:
    return {"key": g.key, "title": g.title, "level": g.level, "parent": g.parent,
            "responsible": list(g.responsible), "metrics": list(g.metrics),
            "milestones": list(g.milestones), "assessment": g.assessment,
            "analysis": g.analysis, "measures": g.measures, "reported_for": g.reported_for}


def _metric(m: PublicMetric) -> dict[str, Any]:
    return {"key": m.key, "goal": m.goal, "name": m.name, "unit": m.unit,
            "direction": m.direction, "frequency": m.frequency,
            "baseline": None if m.baseline is None else {"year": m.baseline.year,
                                                         "value": m.baseline.value},
            "targets": [{"year": t.year, "value": t.value} for t in m.targets],
            "thresholds": {"green_from": m.green_from, "yellow_from": m.yellow_from},
            "target": m.target, "outcome": m.outcome, "attainment": m.attainment,
            "result": m.result, "comment": m.comment, "reported_for": m.reported_for}


def _report(r: DecidedReport, checkpoints: dict[int, Checkpoint | None]) -> dict[str, Any]:
    d = r.decision
    return {
        "round": r.round, "title": r.title, "kind": r.kind, "reporting_date": r.reporting_date,
        "meeting": {"body": r.meeting_body, "date": r.meeting_date},
        "decision": {"decided_by": d.decided_by, "decided_on": d.decided_on,
                     "paragraph": d.paragraph, "case_number": d.case_number,
                     "summary": d.summary},
        **_sealed(r.position, r.seal_position, r.seal_digest, checkpoints),
        "report_digest": r.report_digest,
        "status_totals": dict(r.status_totals),
        **_goals(r.goals),
        "bodies": [{
            "body": part.body, "name": part.name or None,
            "goals": [_goal(g) for g in part.goals],
            "metrics": [_metric(m) for m in part.metrics],
            "focus_areas": [{"key": area.key, "name": area.name, "milestones": [{
                "key": line.key, "title": line.title, "target_year": line.target_year,
                "status": line.status, "comment": line.comment,
                "reported_for": line.reported_for} for line in lines]}
                for area, lines in part.areas]} for part in r.parts],
    }

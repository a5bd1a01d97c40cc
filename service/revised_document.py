"""The difference between a plan as it is and a revised plan document, as proposed changes.

A revised document is the plan as the planners edited it (exported, changed in Excel or as
JSON/YAML, sent back): new keys are defined, changed fields edited, a new focus area or
target year moved, dependencies added and removed, and a milestone missing in the document
dropped (one dropped already stays as it is, with its dependencies). The period and the
plan's key are not something a yearly revision changes; the plan's own fields, focus
areas, reporting periods and goal tree are not carried by a proposal and are noted as
ignored.
"""

from datetime import date
from typing import Any

from domain.errors import N_, InvalidDocumentError, Message
from domain.proposal import ChangeOp, ProposedChange
from domain.status import status_in_force
from domain.values import DependencyKind, Status
from projections.records import PlanRecord
from service.document_goals import goal_tree_document
from service.documents import milestone_document, targets_by_source

EDITED_FIELDS = ("title", "description", "kind", "responsible", "effects", "goals")
MOVED_FIELDS = ("focus_area", "target_year")
# Stored with the change, in the planners' language, as a reason a person types would be.
DROPPED = "Saknas i det reviderade dokumentet"
MOVED = "Flyttad i det reviderade dokumentet"
PLAN_FIELDS = ("title", "owner")
IGNORED = {
    "title": N_("the plan's title is not changed by a proposal: change it on the plan"),
    "owner": N_("the plan's owner is not changed by a proposal: change it on the plan"),
    "focus_areas": N_("focus areas are not changed by a proposal: change them on the plan "
                      "first (a milestone moved to a new focus area is refused)"),
    "reporting_periods": N_("reporting periods are not changed by a proposal: change them on "
                            "the plan"),
    "goal_tree": N_("goal levels, goals and metrics are not changed by a proposal (it holds "
                    "milestone changes only): the document's goal tree was ignored; change it "
                    "on the plan (a milestone linked to a new goal is refused)"),
}
NO_CHANGES = N_("the document says what the plan says: the proposal holds no changes")
OTHER_PLAN = N_("the document is plan %(key)r, not %(plan)r: send the plan's own document")
OTHER_PERIOD = N_("the plan's period is %(start)s–%(end)s: a revision changes milestones, not "
                  "the period (change it on the plan first)")

# A change with the document's path to name it by: `milestones.3`, `milestones.3.requires.0`.
Located = tuple[str, ProposedChange]


def check_same_plan(record: PlanRecord, document: dict[str, Any]) -> None:
    """A document of another plan, or with another period, is refused (422), naming both."""
    errors: dict[str, list[str]] = {}
    if document["key"] != record.key:
        errors["key"] = [Message(OTHER_PLAN, key=document["key"], plan=record.key)]
    for name in ("start_year", "end_year"):
        if document[name] != getattr(record, name):
            errors[name] = [Message(OTHER_PERIOD, start=record.start_year, end=record.end_year)]
    if errors:
        raise InvalidDocumentError(errors)


def revision_changes(record: PlanRecord, document: dict[str, Any], reason: str,
                     on: date) -> list[Located]:
    """What the plan needs to say what the document says, in an order the plan's rules take:
    milestones defined, edited and moved; dependencies removed, then added; milestones dropped."""
    now = _as_documents(record)
    rows = document.get("milestones", [])
    keys = {row["key"] for row in rows}
    defined: list[Located] = []
    edited: list[Located] = []
    moved: list[Located] = []
    for index, row in enumerate(rows):
        path, before = f"milestones.{index}", now.get(row["key"])
        if before is None:
            fields = {k: v for k, v in row.items() if k not in ("key", "requires", "affects")}
            defined.append((path, ProposedChange(ChangeOp.DEFINE, row["key"], fields, reason)))
            continue
        changed = {name: row[name] for name in EDITED_FIELDS
                   if name in row and _comparable(name, row[name]) != _comparable(name, before[name])}
        if changed:
            edited.append((path, ProposedChange(ChangeOp.EDIT, row["key"], changed, reason)))
        if any(row[name] != before[name] for name in MOVED_FIELDS):
            moved.append((path, ProposedChange(
                ChangeOp.MOVE, row["key"], {name: row[name] for name in MOVED_FIELDS},
                reason or MOVED)))
    removed, added = _dependency_changes(now, rows, reason)
    dropped = [("milestones", ProposedChange(ChangeOp.DROP, key, {}, DROPPED))
               for key, milestone in record.milestones.items()
               if key not in keys and status_in_force(milestone.reports, on) is not Status.DROPPED]
    return [*defined, *edited, *moved, *removed, *added, *dropped]


def ignored_parts(record: PlanRecord, document: dict[str, Any]) -> list[Message]:
    """What the document changes that a proposal does not carry, each said once."""
    notes = [Message(IGNORED[name]) for name in PLAN_FIELDS
             if document.get(name) != getattr(record, name)]
    areas = [(a.key, a.name, a.description) for a in record.focus_areas]
    if [(a["key"], a["name"], a.get("description", "")) for a in
            document.get("focus_areas", [])] != areas:
        notes.append(Message(IGNORED["focus_areas"]))
    periods = [(p.key, p.name, p.month, p.day) for p in record.reporting_periods]
    sent = document.get("reporting_periods") or []
    if sent and [(p["key"], p["name"], p["month"], p["day"]) for p in sent] != periods:
        notes.append(Message(IGNORED["reporting_periods"]))
    tree = goal_tree_document(record)
    if not document.get("goal_levels"):  # none given: the default levels, or the plan's
        tree["goal_levels"] = []
    if _goal_keys(tree) != _goal_keys(document):
        notes.append(Message(IGNORED["goal_tree"]))
    return notes


def _goal_keys(tree: dict[str, Any]) -> tuple[Any, ...]:
    """What a goal tree says that a revised document may change: levels, goals (title, level,
    parent, responsible) and metrics by key. Metric values are compared on the plan itself."""
    return (
        [(level["key"], level["name"]) for level in tree.get("goal_levels") or []],
        sorted((g["key"], g["title"], g.get("description", "").strip(), g["level"],
                g.get("parent"), tuple(g.get("responsible", []))) for g in tree.get("goals", [])),
        sorted((m["key"], m["goal"], m["name"]) for m in tree.get("metrics", [])))


def _as_documents(record: PlanRecord) -> dict[str, dict[str, Any]]:
    requires, affects = targets_by_source(record.requires), targets_by_source(record.affects)
    return {key: milestone_document(requires, affects, milestone)
            for key, milestone in record.milestones.items()}


def _comparable(name: str, value: Any) -> Any:
    """A field as compared: text without its outer blanks (a spreadsheet's cell loses them),
    effects in any order (a workbook groups them by column)."""
    if isinstance(value, str):
        return value.strip()
    if name == "effects":
        return sorted((e["for"], e["text"].strip()) for e in value)
    return list(value)


def _dependency_changes(now: dict[str, dict[str, Any]], rows: list[dict[str, Any]],
                        reason: str) -> tuple[list[Located], list[Located]]:
    """The dependencies of the document's milestones that are not in the plan (added) and
    those of the plan that are not in the document (removed); a dropped milestone's own
    dependencies stay."""
    removed: list[Located] = []
    added: list[Located] = []
    for index, row in enumerate(rows):
        before = now.get(row["key"], {})
        for kind in DependencyKind:
            name = kind.value
            targets, was = row.get(name, []), before.get(name, [])
            added += [(f"milestones.{index}.{name}.{position}", ProposedChange(
                ChangeOp.ADD_DEPENDENCY, row["key"], {"to": target, "kind": name}, reason))
                for position, target in enumerate(targets) if target not in was]
            removed += [(f"milestones.{index}.{name}", ProposedChange(
                ChangeOp.REMOVE_DEPENDENCY, row["key"], {"to": target, "kind": name}, reason))
                for target in was if target not in targets]
    return removed, added

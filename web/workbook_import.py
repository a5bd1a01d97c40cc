"""Store what a filled-in workbook says: all of it or nothing, naming every bad cell at once.

A workbook is checked in layers: cells that cannot be read (a year that is no number), then
the document's schema, then the plan's rules. A plan workbook with bad cells still has the
plan's rules checked on its other rows, so one answer names every problem.
"""

from typing import Any

from marshmallow import ValidationError

from domain.errors import ConflictError, DomainError, InvalidValueError
from projections.renderers.plan_workbook import AREA_SHEET, PERIOD_SHEET, PLAN_SHEET
from projections.renderers.workbook_cells import Located, WorkbookError, rule_errors
from projections.renderers.workbook_reader import Progress, read_plan, read_status_round
from web.api.document_schemas import PlanDocumentSchema
from web.errors import flatten

DEPENDENCY_KINDS = ("requires", "affects")
# (index of the row in the workbook's list, and per dependency kind the positions kept)
Origin = list[tuple[int, dict[str, list[int]]]]


def import_plan_workbook(service: Any, content: bytes, actor: str,
                         progress: Progress | None = None) -> Any:
    """Read, validate and store a plan workbook atomically (a `WorkbookError` otherwise)."""
    found = read_plan(content, progress)
    problems = dict(found.errors)
    try:
        document = PlanDocumentSchema().load(found.data)
    except ValidationError as error:
        _add(problems, found.by_cell(flatten(error.messages)))
    if problems:
        _add(problems, _rules_of_sound_rows(service, found, set(problems)))
        raise WorkbookError(problems)
    try:
        return service.documents.import_plan(document, actor=actor)
    except (InvalidValueError, ConflictError) as error:
        raise found.broken_rules(error) from None


def import_status_workbook(service: Any, plan: str, content: bytes, actor: str,
                           progress: Progress | None = None) -> int:
    """Read and store a round of status reports atomically; every bad row named by its cell."""
    found = read_status_round(content, progress)
    try:
        stored: int = service.follow_up.report_statuses(plan, found.data, actor=actor)
    except (InvalidValueError, ConflictError) as error:
        raise found.broken_rules(error) from None
    return stored


def _add(problems: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    """A cell already named keeps its first, most precise message."""
    for cell, texts in more.items():
        problems.setdefault(cell, texts)


def _rules_of_sound_rows(service: Any, found: Located, bad_cells: set[str]) -> dict[str, list[str]]:
    """The plan's rules, checked on the milestone rows without bad cells (when the plan itself,
    its focus areas and periods are sound), with errors named by their cells."""
    if any(cell.split("!")[0] in (PLAN_SHEET, AREA_SHEET, PERIOD_SHEET) for cell in bad_cells):
        return {}
    rows = found.data["milestones"]
    bad = {int(path.split(".")[1]) for path, cell in found.cells.items()
           if path.startswith("milestones.") and cell in bad_cells}
    bad_keys = {rows[index]["key"] for index in bad}
    sound, origin = [], []
    for index, row in enumerate(rows):
        if index in bad:
            continue
        kept = {kind: [k for k, target in enumerate(row[kind]) if target not in bad_keys]
                for kind in DEPENDENCY_KINDS}
        sound.append({**row, **{kind: [row[kind][k] for k in kept[kind]] for kind in kept}})
        origin.append((index, kept))
    try:
        service.documents.check_plan(PlanDocumentSchema().load({**found.data, "milestones": sound}))
    except ValidationError:
        return {}
    except DomainError as error:
        return found.by_cell({_original_path(path, origin): texts
                              for path, texts in rule_errors(error).items()})
    return {}


def _original_path(path: str, origin: Origin) -> str:
    """`milestones.2.requires.0` of the sound rows → the same field of the workbook's rows."""
    parts = path.split(".")
    if parts[0] != "milestones" or len(parts) < 2 or not parts[1].isdigit():
        return path
    index, kept = origin[int(parts[1])]
    parts[1] = str(index)
    if len(parts) > 3 and parts[2] in kept and parts[3].isdigit():
        parts[3] = str(kept[parts[2]][int(parts[3])])
    return ".".join(parts)

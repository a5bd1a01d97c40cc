"""Workbooks in and out: plans, rounds of status reports and follow-up reports as Excel files.

A workbook coming back is stored all or nothing, naming every bad cell at once. It is
checked in layers: cells that cannot be read (a year that is no number), then the fields
(`domain.fields`: the same specs the API's schemas derive from), then the plan's rules. A
plan workbook with bad cells still has the plan's rules checked on its other rows, so one
answer names every problem.
"""

from collections.abc import Callable
from typing import Any

from domain.errors import ConflictError, DomainError, InvalidValueError
from domain.fields import PLAN_DOCUMENT, problems
from projections.follow_up import FollowUpReport
from projections.renderers.goal_sheets import GOAL_SHEET, LEVEL_SHEET, METRIC_SHEET
from projections.renderers.plan_workbook import (
    AREA_SHEET,
    PERIOD_SHEET,
    PLAN_SHEET,
    plan_template,
    plan_workbook,
)
from projections.renderers.report_workbook import report_xlsx
from projections.renderers.workbook_cells import Located, WorkbookError, rule_errors
from projections.renderers.workbook_limits import MAX_WORKBOOK_BYTES
from projections.renderers.workbook_reader import Progress, read_plan, read_status_round
from service.documents import Documents
from service.follow_up import FollowUp
from service.round_reports import RoundStored
from service.views import PlanView

__all__ = ["MAX_WORKBOOK_BYTES", "Progress", "RoundStored", "WorkbookError", "Workbooks"]

DEPENDENCY_KINDS = ("requires", "affects")
# (index of the row in the workbook's list, and per dependency kind the positions kept)
Origin = list[tuple[int, dict[str, list[int]]]]
# The plan's rules a document is checked by, storing nothing (a DomainError when broken).
Check = Callable[[dict[str, Any]], None]


class Workbooks:
    """The Excel side of documents and follow-up: templates, exports, imports."""

    def __init__(self, documents: Documents, follow_up: FollowUp) -> None:
        self.documents = documents
        self.follow_up = follow_up

    @staticmethod
    def plan_template() -> bytes:
        """An empty plan workbook with instructions and the default reporting periods."""
        return plan_template()

    def export_plan(self, plan: str) -> bytes:
        """The plan as a workbook that `import_plan` takes back."""
        return plan_workbook(self.documents.export_plan(plan))

    def status_round_template(self, plan: str) -> bytes:
        """A round of status reports to fill in: every milestone, with today's status."""
        return self.follow_up.status_round_template(plan)

    def report(self, report: FollowUpReport, knowledge: str, lang: str = "sv",
               bodies: dict[str, str | None] | None = None) -> bytes:
        """A follow-up report; `knowledge` says what the log knew, in the reader's words, and
        the summary sentence is in `lang`; `bodies` (a round's report) names each line's
        body."""
        levels = self.follow_up.store.plan_record(report.plan).goal_levels
        return report_xlsx(report, knowledge, lang, {level.key: level.name for level in levels},
                           bodies)

    def import_plan(self, content: bytes, actor: str, progress: Progress | None = None) -> PlanView:
        """Read, check and store a plan workbook atomically (a `WorkbookError` otherwise)."""
        found = self.read_plan(content, self.documents.check_plan, progress)
        try:
            return self.documents.import_plan(found.data, actor=actor)
        except (InvalidValueError, ConflictError) as error:
            raise found.broken_rules(error) from None

    def read_plan(self, content: bytes, check: Check, progress: Progress | None = None) -> Located:
        """A plan workbook as a document, its cells and fields checked; if any are bad, the
        plan's rules (`check`) are checked on the sound rows too, and every problem is raised
        at once (a `WorkbookError`). The caller checks the rules of a sound workbook."""
        found = read_plan(content, progress)
        found_problems = dict(found.errors)
        _add(found_problems, found.by_cell(problems(PLAN_DOCUMENT, found.data)))
        if found_problems:
            _add(found_problems, self._rules_of_sound_rows(found, set(found_problems), check))
            raise WorkbookError(found_problems)
        return found

    def import_status_round(self, plan: str, content: bytes, actor: str,
                            progress: Progress | None = None) -> RoundStored:
        """Read and store a round of statuses, outcomes and assessments atomically; every
        bad row named by its cell."""
        found = read_status_round(content, progress)
        data = found.data
        try:
            return self.follow_up.round_reports.report(plan, data["reports"], data["outcomes"],
                                                data["assessments"], actor=actor)
        except (InvalidValueError, ConflictError) as error:
            raise found.broken_rules(error) from None

    @staticmethod
    def _rules_of_sound_rows(found: Located, bad_cells: set[str],
                             check: Check) -> dict[str, list[str]]:
        """The plan's rules, checked on the milestone rows without bad cells (when the plan
        itself, its focus areas and periods are sound), with errors named by their cells."""
        whole_plan = (PLAN_SHEET, AREA_SHEET, PERIOD_SHEET, LEVEL_SHEET, GOAL_SHEET, METRIC_SHEET)
        if any(cell.split("!")[0] in whole_plan for cell in bad_cells):
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
        document = {**found.data, "milestones": sound}
        if problems(PLAN_DOCUMENT, document):
            return {}
        try:
            check(document)
        except DomainError as error:
            return found.by_cell({_original_path(path, origin): texts
                                  for path, texts in rule_errors(error).items()})
        return {}


def _add(known: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    """A cell already named keeps its first, most precise message."""
    for cell, texts in more.items():
        known.setdefault(cell, texts)


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

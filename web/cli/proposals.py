"""`proposal import`: a proposal from a revised plan document or workbook."""

from pathlib import Path

import click
from marshmallow import ValidationError

from domain.errors import DomainError
from service.workbooks import WorkbookError
from web.cli.common import default_actor, fail, open_service, read_workbook, rows_progress
from web.cli.plans import read_document
from web.documents import load_document


@click.group()
def proposal() -> None:
    """Proposals: changes to a plan, kept apart from it until adopted with the revision."""


@proposal.command("import")
@click.argument("plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", required=True, help="The proposal's key.")
@click.option("--title", required=True, help="The proposal's title.")
@click.option("--description", default="", help="What the proposal is for.")
@click.option("--reason", default="", help="Kept with each change (a move's, if given).")
def import_proposal(plan: str, file: Path, key: str, title: str, description: str,
                    reason: str) -> None:
    """Make a proposal of the difference between PLAN and its revised document FILE (JSON,
    YAML or the plan workbook, by the file's suffix); nothing is stored unless every change
    is valid, and every bad row, cell or change is named."""
    fields = {"key": key, "title": title, "description": description, "reason": reason}
    imports = open_service().proposal_imports
    try:
        if file.suffix.lower() == ".xlsx":
            with rows_progress("reading milestones") as bar:
                imported = imports.from_workbook(plan, read_workbook(file), actor=default_actor(),
                                                 progress=bar.update, **fields)
        else:
            imported = imports.from_document(plan, load_document(read_document(file)),
                                             actor=default_actor(), **fields)
    except (DomainError, ValidationError, WorkbookError) as error:
        raise fail(error) from None
    changes = imported.proposal.changes
    click.echo(f"proposal {key!r} made on plan {plan!r}: {len(changes)} change(s)")
    for change in changes:
        target = f" → {change.fields['to']}" if "to" in change.fields else ""
        click.echo(f"  {change.op} {change.key}{target}")
    for note in imported.notes:
        click.echo(f"note: {note}")

"""`import` and `export`: whole plans as JSON, YAML or Excel documents."""

from pathlib import Path
from typing import Any

import click
from marshmallow import ValidationError

from domain.errors import DomainError
from service.workbooks import WorkbookError
from web.cli.common import default_actor, fail, open_service, read_workbook, rows_progress
from web.documents import dump_document, load_document, parse_document
from web.storable_text import unreadable_fields


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_plan(file: Path) -> None:
    """Import a plan document (JSON, YAML or the Excel template, by the file's suffix);
    nothing is stored unless all of it is valid, and every bad row or cell is named."""
    try:
        if file.suffix.lower() == ".xlsx":
            with rows_progress("reading milestones") as bar:
                plan = open_service().workbooks.import_plan(read_workbook(file), default_actor(),
                                                            bar.update)
        else:
            document = load_document(read_document(file))
            plan = open_service().documents.import_plan(document, actor=default_actor())
    except (DomainError, ValidationError, WorkbookError) as error:
        raise fail(error) from None
    click.echo(f"plan {plan.key!r} imported: {plan.counts['milestones']} milestones")


def read_document(file: Path) -> Any:
    """A JSON or YAML file's data, or a ClickException saying what is wrong with the file."""
    try:
        raw = file.read_text(encoding="utf-8")
        data = parse_document(raw, file.suffix.lower() in (".yaml", ".yml"))
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file} is not UTF-8 text ({error.reason} at byte "
                                   f"{error.start}); save it as UTF-8") from None
    except RecursionError:
        raise click.ClickException(f"{file} is nested too deeply to be a plan document") from None
    found = next(unreadable_fields(data), None)
    if found is not None:
        field, message = found
        raise click.ClickException(f"{field or 'document'}: {message}")
    return data


@click.command()
@click.argument("plan")
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "xlsx"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (required for xlsx).")
def export(plan: str, fmt: str, output: Path | None) -> None:
    """Export a plan as a document that `import` takes back."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("an Excel workbook needs --output FILE")
    try:
        service = open_service()
        document = service.documents.export_plan(plan)
    except DomainError as error:
        raise fail(error) from None
    if fmt == "xlsx":
        assert output is not None
        output.write_bytes(service.workbooks.export_plan(plan))
        click.echo(f"plan {plan!r} written to {output}")
        return
    text = dump_document(document, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text)


@click.group("plan")
def plan_group() -> None:
    """A plan's settings."""


@plan_group.command("publish")
@click.argument("plan")
@click.option("--off", is_flag=True, help="Take the plan off the public site instead.")
@click.option("--reason", default="", help="Why: kept in the audit trail.")
def publish(plan: str, off: bool, reason: str) -> None:
    """Show PLAN on the public site (/public/): its adopted revisions and decided reports,
    never drafts; with --off, take it off."""
    shown = open_service().publication.set(plan, not off, actor=default_actor(), reason=reason)
    if shown.published:
        click.echo(f"plan {plan!r} is published: /public/plans/{plan}")
    else:
        click.echo(f"plan {plan!r} is not published")

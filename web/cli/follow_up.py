"""`strategikarta report`, `report-import` and `template`: follow-up from the command line."""

import json
from datetime import date, datetime
from pathlib import Path

import click

from domain.errors import DomainError
from service.workbooks import WorkbookError, Workbooks
from web.api.follow_up_schemas import ReportSchema
from web.cli.common import (
    DAY,
    MOMENT,
    default_actor,
    fail,
    open_service,
    read_workbook,
    rows_progress,
)
from web.reports import knowledge, report_csv


@click.command()
@click.argument("plan")
@click.option("--on", type=DAY, help="Reporting date (default: the last that has come).")
@click.option("--as-of", type=MOMENT, help="As the log knew it at the end of this day, or "
                                          "at this time (default: now).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (required for xlsx).")
def report(plan: str, on: date | None, as_of: date | datetime | None, fmt: str,
           output: Path | None) -> None:
    """The follow-up report of PLAN on a reporting date: every milestone's status then."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("an Excel workbook needs --output FILE")
    service = open_service()
    try:
        point = service.time_travel.point(plan, as_of=as_of)
        result = service.follow_up.report(plan, on, point)
    except DomainError as error:
        raise fail(error) from None
    if fmt == "xlsx":
        query = {"as_of": as_of.isoformat()} if as_of else {}
        content = service.workbooks.report(result, knowledge(query, result))
    elif fmt == "csv":
        content = report_csv(result)
    else:
        content = json.dumps(ReportSchema().dump(result), ensure_ascii=False, indent=2).encode()
    if output is None:
        text = content.decode("utf-8-sig")
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_bytes(content)
        click.echo(f"report of {plan!r} on {result.on} written to {output}")


@click.command("report-import")
@click.argument("plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def report_import(plan: str, file: Path) -> None:
    """Store a round of status reports from the filled-in Excel template: all or nothing."""
    try:
        with rows_progress("reading reports") as bar:
            stored = open_service().workbooks.import_status_round(plan, read_workbook(file),
                                                                  default_actor(), bar.update)
    except (DomainError, WorkbookError) as error:
        raise fail(error) from None
    click.echo(f"{stored.statuses} status reports, {stored.outcomes} outcomes and "
               f"{stored.assessments} assessments stored for {plan!r}")


@click.command()
@click.argument("kind", type=click.Choice(["plan", "status"]))
@click.option("--plan", "plan_key", help="The plan whose report round to prepare (status).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
def template(kind: str, plan_key: str | None, output: Path) -> None:
    """Write an Excel template: a whole plan, or a round of status reports for --plan."""
    if kind == "plan":
        output.write_bytes(Workbooks.plan_template())
    else:
        if plan_key is None:
            raise click.UsageError("a status template needs --plan PLAN")
        try:
            output.write_bytes(open_service().workbooks.status_round_template(plan_key))
        except DomainError as error:
            raise fail(error) from None
    click.echo(f"template written to {output}")

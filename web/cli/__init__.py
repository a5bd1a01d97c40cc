"""The `strategikarta` command: serve, set up the store, load plans, manage users."""

import sys
from pathlib import Path
from typing import Any

import click
from marshmallow import ValidationError
from tqdm import tqdm

from domain.errors import DomainError
from projections.renderers.plan_workbook import plan_workbook
from projections.renderers.workbook_cells import WorkbookError
from service.demo import load_demo
from web.api.documents import dump_document, load_document, parse_document
from web.cli.common import default_actor, fail, open_service, rows_progress
from web.cli.follow_up import report, report_import, template
from web.storable_text import unstorable_fields
from web.workbook_import import import_plan_workbook


@click.group()
def main() -> None:
    """Strategikarta: steer a change plan. Configured by STRATEGIKARTA_DATABASE_URL."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int) -> None:
    """Run the production server (gunicorn)."""
    open_service().close()  # refuse to start on a store without tables; workers never create them
    from web.server import serve as run_server

    run_server(host, port, workers)


@main.group()
def db() -> None:
    """The event store."""


@db.command("init")
def db_init() -> None:
    """Create the event store's tables (idempotent). Run once, before starting servers."""
    service = open_service(create_tables=True)
    click.echo(f"event store ready ({service.store.catch_up().position} events)")


@main.command()
def demo() -> None:
    """Load the demo plan (idempotent)."""
    service = open_service()
    loaded = load_demo(service)
    click.echo("demo plan loaded" if loaded else "demo plan already present")


@main.command()
def verify() -> None:
    """Check the whole log's digest chains; exit 1 naming the first bad event if tampered."""
    service = open_service()
    with tqdm(total=service.integrity.log_size(), unit="event", disable=not sys.stderr.isatty()) as bar:
        report = service.integrity.verify(progress=bar.update)
    if report.ok:
        click.echo(f"ok: {report.events} events, every chain intact")
        return
    click.echo(f"TAMPERED: first bad event at log position {report.first_bad_position}: "
               f"{report.problem} ({report.events} events read)", err=True)
    sys.exit(1)


@main.command()
def rebuild() -> None:
    """Fold the whole log into fresh read models, with a progress bar (they live in memory:
    every server process does this at start-up; this shows it works and how long it takes)."""
    service = open_service()
    with tqdm(total=service.integrity.log_size(), unit="event", disable=not sys.stderr.isatty()) as bar:
        size = service.rebuild(progress=bar.update)
    click.echo(f"rebuilt from {size.position} log positions: {size.plans} plans, "
               f"{size.milestones} milestones, {size.users} users")


def read_password() -> str:
    """From a prompt on a terminal (typed twice), else the first line of standard input."""
    if sys.stdin.isatty():
        password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\n")


@main.group()
def user() -> None:
    """Users and roles."""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["viewer", "auditor", "planner", "admin"]))
def user_add(name: str, role: str) -> None:
    """Add a user; the password is asked for, or read from standard input."""
    try:
        open_service().users.add(name, role, read_password(), actor=default_actor())
    except DomainError as error:
        raise fail(error) from None
    click.echo(f"user {name!r} added as {role}")


@user.command("role")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["viewer", "auditor", "planner", "admin"]))
def user_role(name: str, role: str) -> None:
    """Give a user another role (the last administrator keeps theirs)."""
    try:
        open_service().users.change_role(name, role, actor=default_actor())
    except DomainError as error:
        raise fail(error) from None
    click.echo(f"user {name!r} is now {role}")


@user.command("password")
@click.argument("name")
def user_password(name: str) -> None:
    """Set a user's password; it is asked for, or read from standard input."""
    try:
        open_service().users.set_password(name, read_password(), actor=default_actor())
    except DomainError as error:
        raise fail(error) from None
    click.echo(f"password of {name!r} changed")


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@click.argument("name")
def token_create(name: str) -> None:
    """Print a new API token for user NAME (shown once; only its hash is kept)."""
    try:
        click.echo(open_service().users.create_token(name, actor=default_actor()))
    except DomainError as error:
        raise fail(error) from None


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke every API token of user NAME (for a token that leaked)."""
    try:
        open_service().users.revoke_tokens(name, actor=default_actor())
    except DomainError as error:
        raise fail(error) from None
    click.echo(f"every token of {name!r} revoked")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_plan(file: Path) -> None:
    """Import a plan document (JSON, YAML or the Excel template, by the file's suffix);
    nothing is stored unless all of it is valid, and every bad row or cell is named."""
    try:
        if file.suffix.lower() == ".xlsx":
            with rows_progress("reading milestones") as bar:
                plan = import_plan_workbook(open_service(), file.read_bytes(), default_actor(),
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
    field = next(unstorable_fields(data), None)
    if field is not None:
        raise click.ClickException(f"{field or 'document'}: contains a lone UTF-16 surrogate "
                                   "escape (such as \\ud800), which is not text")
    return data


@main.command()
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
        document = open_service().documents.export_plan(plan)
    except DomainError as error:
        raise fail(error) from None
    if fmt == "xlsx":
        assert output is not None
        output.write_bytes(plan_workbook(document))
        click.echo(f"plan {plan!r} written to {output}")
        return
    text = dump_document(document, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text)




for command in (report, report_import, template):
    main.add_command(command)

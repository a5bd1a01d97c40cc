"""`serve`, `db init`, `demo`, `verify` and `rebuild`: the server and the event store."""

import sys

import click
from tqdm import tqdm

from service.application import Strategikarta
from service.config import ConfigurationError, database_url, oidc_settings, plans_on_demand
from service.demo import demo_password_file, demo_users, ensure_demo_users
from service.demo_story import tell_demo_story
from service.integrity import IntegrityReport
from web.cli.common import open_service


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int) -> None:
    """Run the production server (gunicorn)."""
    try:
        oidc_settings()  # a mistake in STRATEGIKARTA_OIDC_* stops here, not in every worker
        plans_on_demand()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    open_service().close()  # refuse to start on a store without tables; workers never create them
    from web.server import serve as run_server

    run_server(host, port, workers)


@click.group()
def db() -> None:
    """The event store."""


@db.command("init")
def db_init() -> None:
    """Create the event store's tables (idempotent). Run once, before starting servers."""
    service = open_service(create_tables=True)
    click.echo(f"event store ready ({service.store.catch_up().position} events)")
    say_directory_kept(service)


def say_directory_kept(service: Strategikarta) -> None:
    """Every plan's directory entry made and kept, signed (so no worker's first start page has
    to read every plan, nor can be cut short doing so); said only if there is a key to sign."""
    kept = service.plans.directory.fill()
    if kept:
        click.echo(f"plan directory: {kept} plans' entries kept, signed")


@click.command()
def demo() -> None:
    """Load the demo (idempotent): the plan's four years as they happened, and one user per
    role; print how to sign in (the password is random per store and kept next to it)."""
    service = open_service()
    loaded = tell_demo_story(service)
    password = ensure_demo_users(service, demo_password_file(database_url()))
    click.echo("demo plan loaded" if loaded else "demo plan already present")
    for name, role in demo_users(service):
        click.echo(f"demo user: {name}  password: {password}  role: {role}")


@click.command()
@click.option("--all-snapshots", is_flag=True, help="Fold every snapshot from its events, "
              "those a checkpoint signed too (else they are checked by their signed digest).")
def verify(all_snapshots: bool) -> None:
    """Check the store file, every signed checkpoint against the log, the whole log's digest
    chains and every snapshot; exit 1 naming the first bad event if tampered. Signatures are
    checked with the key of STRATEGIKARTA_SIGNING_KEY_FILE, or an auditor's verifier key in
    STRATEGIKARTA_VERIFIER_KEY."""
    service = open_service()
    with tqdm(total=service.integrity.log_size(), unit="event", disable=not sys.stderr.isatty()) as bar:
        report = service.integrity.verify(progress=bar.update, all_snapshots=all_snapshots)
    if report.ok:
        click.echo(f"ok: {report.events} events, every chain intact; {checked(report)}"
                   + snapshots_checked(report))
        return
    if report.damaged:  # the file itself, before any event was read
        click.echo(f"DAMAGED: {report.problem}", err=True)
    elif report.first_bad_position is None:
        click.echo(f"TAMPERED: {report.problem} ({report.events} events read)", err=True)
    else:
        click.echo(f"TAMPERED: first bad event at log position {report.first_bad_position}: "
                   f"{report.problem} ({report.events} events read)", err=True)
    sys.exit(1)


def checked(report: IntegrityReport) -> str:
    if not report.checkpoints:
        return "no checkpoint yet (`strategikarta checkpoint` makes one)"
    signatures = ("their signatures verified" if report.signatures_checked else
                  "their signatures NOT checked: set STRATEGIKARTA_VERIFIER_KEY to the log's "
                  "verifier key")
    return (f"{report.checkpoints} checkpoint(s), the latest covering {report.covered} events, "
            f"match the log; {signatures}")


def snapshots_checked(report: IntegrityReport) -> str:
    if not report.snapshots_by_digest:
        return ""  # every snapshot folded, as before snapshots were signed
    return (f"; {report.snapshots_by_digest} snapshot(s) as signed, "
            f"{report.snapshots_by_fold} newer ones as their events fold")


@click.command()
def rebuild() -> None:
    """Fold the whole log into fresh read models, with a progress bar (what a worker holding
    every plan does at start-up: this shows it works and how long it takes), and write the
    tables derived from the log again (the aggregate index, the timeline; the plan directory
    emptied)."""
    service = open_service(every_plan=True)
    with tqdm(total=service.integrity.log_size(), unit="event", disable=not sys.stderr.isatty()) as bar:
        size = service.rebuild(progress=bar.update)
    click.echo(f"rebuilt from {size.position} log positions: {size.plans} plans, "
               f"{size.milestones} milestones, {size.users} users")
    say_directory_kept(service)

"""`body` and `round`: the organisation's bodies and a plan's reporting rounds."""

import click

from domain.year_values import BodyKind
from web.cli.common import default_actor, open_service


@click.group()
def body() -> None:
    """The organisation's bodies: boards, committees, the council, administrations."""


@body.command("add")
@click.argument("key")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice([kind.value for kind in BodyKind]))
def body_add(key: str, name: str, kind: str) -> None:
    """Add body KEY (RS, say) called NAME (Regionstyrelsen)."""
    found = open_service().bodies.add(key, name, kind, actor=default_actor())
    click.echo(f"body {found.key!r} added: {found.name} ({found.kind.value})")


@body.command("list")
def body_list() -> None:
    """Every body: key, kind and name."""
    for found in open_service().bodies.all():
        click.echo(f"{found.key}\t{found.kind.value}\t{found.name}")


@click.group("round")
def round_() -> None:
    """Reporting rounds, opened from a plan's follow-up plan."""


@round_.command("open")
@click.argument("plan")
@click.argument("entry")
def round_open(plan: str, entry: str) -> None:
    """Open the round of follow-up plan ENTRY: every item due, per body."""
    opened = open_service().rounds.open(plan, entry, actor=default_actor())
    click.echo(f"round {opened.key!r} opened: {len(opened.items)} items, deadline "
               f"{opened.deadline}")


@round_.command("list")
@click.argument("plan")
def round_list(plan: str) -> None:
    """PLAN's rounds: key, state, deadline, items reported of all, and title."""
    for found in open_service().rounds.all(plan):
        reported = sum(1 for line in found.items if line.state == "reported")
        click.echo(f"{found.key}\t{found.state}\t{found.deadline}\t"
                   f"{reported}/{len(found.items)}\t{found.title}")

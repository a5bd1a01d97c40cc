"""`user` and `token`: people, roles, passwords and API tokens."""

import sys

import click

from domain.errors import DomainError
from web.cli.common import default_actor, fail, open_service


def read_password() -> str:
    """From a prompt on a terminal (typed twice), else the first line of standard input."""
    if sys.stdin.isatty():
        password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\n")


@click.group()
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


@click.group()
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

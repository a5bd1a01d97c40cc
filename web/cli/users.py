"""`user` and `token`: people, roles, passwords and API tokens."""

import sys
from collections.abc import Sequence

import click

from domain.errors import DomainError
from domain.user import Role
from service.config import OIDC, ConfigurationError, oidc_settings
from web.cli.common import default_actor, fail, open_service

ROLES = click.Choice([role.value for role in Role])
OPTIONS = {"bodies": "--body", "email": "--email", "role": "--role", "issuer": "--issuer",
           "subject": "--subject", "replace": "--replace"}
BODY = click.option("--body", "bodies", multiple=True, metavar="KEY",
                    help="A body the reporter reports for (repeat for several).")


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
@click.option("--role", required=True, type=ROLES)
@BODY
@click.option("--email", default="", metavar="ADDRESS", help="Where reminders go.")
def user_add(name: str, role: str, bodies: tuple[str, ...], email: str) -> None:
    """Add a user; the password is asked for, or read from standard input. A reporter
    reports for the bodies named with --body."""
    try:
        open_service().users.add(name, role, read_password(), actor=default_actor(),
                                 bodies=bodies, email=email)
    except DomainError as error:
        raise fail(error, OPTIONS) from None
    click.echo(f"user {name!r} added as {role}{describe(bodies, email)}")


@user.command("set")
@click.argument("name")
@BODY
@click.option("--email", metavar="ADDRESS", help='Where reminders go ("" for nowhere).')
def user_set(name: str, bodies: tuple[str, ...], email: str | None) -> None:
    """Change the bodies a reporter reports for (all of them, as given) or a user's
    e-mail address."""
    if not bodies and email is None:
        raise click.UsageError("name what to change: --body KEY (repeatable) or --email ADDRESS")
    users = open_service().users
    try:
        if bodies:
            users.set_bodies(name, bodies, actor=default_actor())
        if email is not None:
            users.set_email(name, email, actor=default_actor())
    except DomainError as error:
        raise fail(error, OPTIONS) from None
    found = users.get(name)
    click.echo(f"user {name!r} is {found.role.value}{describe(found.bodies, found.email)}")


@user.command("list")
def user_list() -> None:
    """Every user with role, bodies and e-mail address."""
    for found in open_service().users.list():
        click.echo("\t".join((found.name, found.role.value, ",".join(found.bodies) or "-",
                              found.email or "-")))


@user.command("link")
@click.argument("name")
@click.option("--subject", required=True, metavar="SUB",
              help="The account's id at the region (its `sub`; a refused sign-in shows it).")
@click.option("--issuer", metavar="URL",
              help=f"The identity provider (default: {OIDC}ISSUER).")
@click.option("--replace", is_flag=True, help="Replace the account the user signs in as now.")
@click.option("--drop-password", is_flag=True,
              help="The password stops working: the user signs in only with the region's account.")
def user_link(name: str, subject: str, issuer: str | None, replace: bool,
              drop_password: bool) -> None:
    """Let the person with the region's account SUB sign in as the existing user NAME. From
    their next sign-in there, the provider's groups set the user's role, bodies and e-mail."""
    configured = configured_issuer()
    issuer = issuer or configured
    if not issuer:
        raise click.UsageError(f"name the identity provider: --issuer URL, or set {OIDC}ISSUER")
    if configured and issuer != configured:
        click.echo(f"note: {OIDC}ISSUER is {configured!r}; this link counts only for sign-ins "
                   f"through {issuer!r}", err=True)
    try:
        found = open_service().provider_users.link(name, issuer, subject, default_actor(),
                                                   replace=replace, drop_password=drop_password)
    except DomainError as error:
        raise fail(error, OPTIONS) from None
    password = ("and no longer with a password" if not found.password_hash
                else "and still with its password")
    click.echo(f"user {name!r} now signs in with the account {subject!r} at {issuer} {password}; "
               "from the next sign-in there, the provider's groups set its role")


def configured_issuer() -> str:
    try:
        settings = oidc_settings()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    return settings.issuer if settings else ""


def describe(bodies: Sequence[str], email: str) -> str:
    return ((f" for {', '.join(bodies)}" if bodies else "")
            + (f" <{email}>" if email else ""))


@user.command("role")
@click.argument("name")
@click.option("--role", required=True, type=ROLES)
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

"""The `strategikarta` command: serve, set up the store, load plans, manage users and bodies,
follow up, open rounds, remind reporters, make proposals from revised plans, and sign the log."""

from typing import Any

import click

from domain.errors import DomainError
from service.store_errors import STORE_ERRORS, store_failure
from web.cli.checkpoints import checkpoint, key
from web.cli.common import fail
from web.cli.follow_up import report, report_import, template
from web.cli.log_export import log
from web.cli.plans import export, import_plan, plan_group
from web.cli.proposals import proposal
from web.cli.remind import remind
from web.cli.store import db, demo, rebuild, serve, verify
from web.cli.users import token, user
from web.cli.year import body, round_


class Commands(click.Group):
    """Every command ends in one line and exit 1 when the store or a rule refuses, never in a
    traceback: a damaged store file, say, may first be noticed by any command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DomainError as error:
            raise fail(error) from None
        except STORE_ERRORS as error:
            raise fail(store_failure(error, "read")) from None


@click.group(cls=Commands)
def main() -> None:
    """Strategikarta: steer a change plan. Configured by STRATEGIKARTA_DATABASE_URL."""


for command in (serve, db, demo, verify, rebuild, user, token, body, round_, import_plan,
                export, report, report_import, template, remind, proposal, plan_group, key,
                checkpoint, log):
    main.add_command(command)

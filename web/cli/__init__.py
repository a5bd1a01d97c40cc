"""The `strategikarta` command: serve, set up the store, load plans, manage users, follow up."""

import click

from web.cli.follow_up import report, report_import, template
from web.cli.plans import export, import_plan
from web.cli.store import db, demo, rebuild, serve, verify
from web.cli.users import token, user


@click.group()
def main() -> None:
    """Strategikarta: steer a change plan. Configured by STRATEGIKARTA_DATABASE_URL."""


for command in (serve, db, demo, verify, rebuild, user, token, import_plan, export, report,
                report_import, template):
    main.add_command(command)

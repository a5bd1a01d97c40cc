"""`remind`: e-mail reporters the items they have left in rounds due soon or overdue."""

import click

from service.config import ConfigurationError, mail_from, site_url, smtp_url
from service.mail import MailError, smtp_settings
from service.reminders import DEFAULT_DAYS, Reminder
from web.cli.common import open_service


@click.command()
@click.option("--days", type=click.IntRange(min=0), default=DEFAULT_DAYS, show_default=True,
              help="Remind of rounds whose deadline is at most this many days away (or past).")
@click.option("--dry-run", is_flag=True, help="Only list who would be reminded of what.")
def remind(days: int, dry_run: bool) -> None:
    """E-mail every reporter with items left in an open round due within --days days or
    overdue, naming the items and the deadline. The mail server is STRATEGIKARTA_SMTP_URL
    (smtp://host:25, smtp+starttls://user:password@host:587 or smtps://…), the sender
    STRATEGIKARTA_MAIL_FROM; with STRATEGIKARTA_SITE_URL (https://…) each round is linked."""
    try:
        settings = None if dry_run else smtp_settings(smtp_url())
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    service = open_service(every_plan=True)  # every open round of every plan
    reminders = service.reminders.due(days)
    if settings is None:
        for reminder in reminders:
            click.echo(f"would remind {describe(reminder)}")
        click.echo(f"{len(reminders)} reporter(s) to remind")
        return
    sent, not_sent, refused = 0, 0, False
    try:
        for outcome in service.reminders.send(reminders, settings, mail_from(), site_url()):
            if outcome.not_sent:
                not_sent += 1
                refused = refused or bool(outcome.reminder.email)
                click.echo(f"{describe(outcome.reminder)}: not reminded: {outcome.not_sent}")
            else:
                sent += 1
                click.echo(f"reminded {describe(outcome.reminder)}")
    except MailError as error:
        raise click.ClickException(f"{error} ({sent} e-mail(s) sent before)") from None
    click.echo(f"{sent} e-mail(s) sent, {not_sent} reporter(s) not reminded")
    if refused:
        raise click.ClickException("the mail server refused some reminders (see above)")


def describe(reminder: Reminder) -> str:
    rounds = ", ".join(f"{due.plan}/{due.round} (deadline {due.deadline})"
                       for due in reminder.rounds)
    address = f" <{reminder.email}>" if reminder.email else ""
    return f"{reminder.reporter}{address} of {reminder.item_count} item(s) in {rounds}"

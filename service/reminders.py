"""Reminders: every reporter with items left in an open round whose deadline is near or past
is e-mailed which items, in which round of which plan, and by when.

Who is reminded of what is a function of the read model and the day
(`projections.reminders`), tested without a mail server; `service.reminder_mail` writes the
e-mail and `service.mail` sends it.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from projections.reminders import DEFAULT_DAYS, Reminder, reminders_due
from service.mail import MessageRefusedError, SmtpSettings, smtp_connection
from service.reminder_mail import reminder_message
from service.store import EventStore

__all__ = ["DEFAULT_DAYS", "Outcome", "Reminder", "Reminders"]


@dataclass(frozen=True)
class Outcome:
    """What became of one reminder: sent, or why not."""

    reminder: Reminder
    not_sent: str = ""  # why it was not sent; "" when it was


class Reminders:
    """Remind reporters of what they have left to report."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def due(self, days: int = DEFAULT_DAYS) -> list[Reminder]:
        return reminders_due(self.store.catch_up(), self.store.today(), days)

    def send(self, reminders: list[Reminder], settings: SmtpSettings, sender: str,
             site_url: str = "") -> Iterator[Outcome]:
        """Each reminder mailed over one connection, its outcome yielded as it goes; a
        server that cannot be reached or drops the connection raises `MailError`."""
        today = self.store.today()
        addressed = [reminder for reminder in reminders if reminder.email]
        for reminder in reminders:
            if not reminder.email:
                yield Outcome(reminder, "no e-mail address")
        if not addressed:
            return
        with smtp_connection(settings) as send:
            for reminder in addressed:
                try:
                    send(reminder_message(reminder, sender, today, site_url))
                except MessageRefusedError as error:
                    yield Outcome(reminder, str(error))
                else:
                    yield Outcome(reminder)

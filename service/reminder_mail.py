"""The reminder e-mail: Swedish, with an English line under each Swedish one."""

from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import quote

from projections.reminders import Reminder
from projections.rounds import ItemLine

KIND_WORDS = {"milestone": "milstolpe / milestone", "goal": "mål / goal",
              "metric": "mätetal / metric"}


def reminder_message(reminder: Reminder, sender: str, today: date,
                     site_url: str = "") -> EmailMessage:
    """The e-mail to one reporter: every round they have items left in, with its deadline,
    and a link to the round's page when the server's address (`site_url`) is known."""
    message = EmailMessage()
    first = min(due.deadline for due in reminder.rounds)
    count = reminder.item_count
    message["Subject"] = (f"Påminnelse: {count} {'post' if count == 1 else 'poster'} att "
                          f"rapportera senast {first} / Reminder: {count} "
                          f"item{'s' * (count != 1)} to report by {first}")
    message["From"] = sender
    message["To"] = reminder.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(reminder_text(reminder, today, site_url), cte="quoted-printable")
    return message


def reminder_text(reminder: Reminder, today: date, site_url: str = "") -> str:
    lines = [f"Hej {reminder.reporter},", f"Hello {reminder.reporter},", "",
             "Du har poster kvar att rapportera i Strategikarta:",
             "You have items left to report in Strategikarta:"]
    for due in reminder.rounds:
        swedish, english = _when(due.deadline, today)
        lines += ["", f"{due.plan_title} ({due.plan}): {due.title} ({due.round})",
                  f"Sista dag: {due.deadline}, {swedish}",
                  f"Deadline: {due.deadline}, {english}"]
        lines += [_item(line) for line in due.items]
        if site_url:
            lines.append(f"Rapportera här / Report here: {site_url}/plans/{quote(due.plan)}"
                         f"/rounds/{quote(due.round)}/mine")
    lines += ["", "Meddelandet skickas automatiskt av Strategikarta.",
              "This message is sent automatically by Strategikarta."]
    return "\n".join(lines) + "\n"


def _when(deadline: date, today: date) -> tuple[str, str]:
    days = (deadline - today).days
    if days > 0:
        return f"om {days} dag{'ar' if days > 1 else ''}", f"in {days} day{'s' * (days > 1)}"
    if days == 0:
        return "i dag", "today"
    late = -days
    return (f"passerad för {late} dag{'ar' if late > 1 else ''} sedan",
            f"{late} day{'s' * (late > 1)} overdue")


def _item(line: ItemLine) -> str:
    text = f"  - {KIND_WORDS[line.kind]} {line.key}: {line.title}"
    if line.state == "returned":
        text += f"\n    återsänd / returned: {line.returned_comment}"
    return text

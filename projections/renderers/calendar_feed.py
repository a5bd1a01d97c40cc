"""A follow-up plan as an iCalendar feed (RFC 5545, with the `icalendar` package): each
entry's deadline and its meeting as all-day events that Outlook and other calendars can
subscribe to. UIDs are stable, so a subscriber's calendar updates instead of duplicating."""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from domain.year_values import FollowUpEntry


def follow_up_calendar(plan: str, title: str, entries: Sequence[FollowUpEntry],
                       bodies: Mapping[str, str], base_url: str, today: date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Strategikarta//uppföljningsplan//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{title}: uppföljningsplan")
    stamp = datetime.combine(today, datetime.min.time(), UTC)
    link = f"{base_url.rstrip('/')}/plans/{plan}/follow-up-plan"
    for entry in entries:
        body = bodies.get(entry.meeting_body, entry.meeting_body)
        calendar.add_component(_all_day(
            f"{plan}.{entry.key}.deadline@strategikarta", entry.deadline,
            f"Sista dag: {entry.title}",
            f"Rapporten per {entry.reporting_date.isoformat()} ska vara klar. {entry.scope}",
            link, stamp))
        calendar.add_component(_all_day(
            f"{plan}.{entry.key}.meeting@strategikarta", entry.meeting_date,
            f"{body}: {entry.title}",
            f"Föredras av {entry.presenter or '-'}. Avser rapporten per "
            f"{entry.reporting_date.isoformat()}. {entry.scope}", link, stamp))
    return bytes(calendar.to_ical())


def _all_day(uid: str, day: date, summary: str, description: str, link: str,
             stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description.strip())
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event

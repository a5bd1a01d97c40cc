"""Use cases on a plan's follow-up plan: which report goes to which meeting, and its
calendar."""

from datetime import date
from typing import Any

from domain.errors import InvalidValueError
from domain.messages import N_
from domain.plan import Plan
from domain.year_values import EntryKind, FollowUpEntry
from projections.renderers.calendar_feed import follow_up_calendar
from service.bodies import Bodies
from service.milestones import enum_value
from service.store import EventStore


def entry_from(data: dict[str, Any], index: int) -> FollowUpEntry:
    meeting = data.get("meeting") or {}
    return FollowUpEntry(
        key=data["key"], title=data["title"],
        kind=enum_value(EntryKind, data["kind"], f"entries.{index}.kind"),
        reporting_date=data["reporting_date"], deadline=data["deadline"],
        meeting_body=meeting["body"], meeting_date=meeting["date"],
        presenter=data.get("presenter", ""), scope=data.get("scope", ""))


class FollowUpPlans:
    """Each plan's follow-up plan."""

    def __init__(self, store: EventStore, bodies: Bodies) -> None:
        self.store = store
        self.bodies = bodies

    def entries(self, plan: str) -> tuple[FollowUpEntry, ...]:
        return self.store.plan_record(plan).follow_up_plan

    def set(self, plan: str, entries: list[dict[str, Any]], actor: str,
            reason: str = "") -> tuple[FollowUpEntry, ...]:
        wanted = [entry_from(data, index) for index, data in enumerate(entries)]

        def attempt() -> list[Plan]:
            aggregate = self.store.plan(plan)
            changed = aggregate.set_follow_up_plan(wanted, self.bodies.keys(), actor, reason)
            return [aggregate] if changed else []

        self.store.save_with_retries(attempt)
        return self.entries(plan)

    def entry(self, plan: str, key: str) -> FollowUpEntry:
        found = next((e for e in self.entries(plan) if e.key == key), None)
        if found is None:
            raise InvalidValueError(N_("the follow-up plan has no entry %(key)r"), "entry", key=key)
        return found

    def calendar(self, plan: str, base_url: str, today: date) -> bytes:
        """The follow-up plan as an iCalendar feed (RFC 5545): deadlines and meetings."""
        record = self.store.plan_record(plan)
        bodies = {body.key: body.name for body in self.bodies.all()}
        return follow_up_calendar(record.key, record.title, record.follow_up_plan, bodies,
                                  base_url, today)

"""The follow-up plan's rules: which report goes to which meeting, due when."""

from collections.abc import Collection, Sequence

from domain.errors import DuplicateKeyError, InvalidValueError
from domain.fields import FOLLOW_UP_ENTRY, FOLLOW_UP_PLAN, check, check_count
from domain.messages import N_
from domain.year_values import FollowUpEntry


def check_follow_up_plan(entries: Sequence[FollowUpEntry], plan_years: range,
                         bodies: Collection[str]) -> list[FollowUpEntry]:
    """The entries in reporting-date order, or the first thing wrong with them, named by its
    path (`entries.2.deadline`): a meeting of an unknown body, a deadline after its meeting, a
    reporting date outside the plan period or after the deadline, a key twice."""
    check_count(FOLLOW_UP_PLAN, "entries", len(entries))
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        path = f"entries.{index}"
        for name in ("key", "title", "presenter", "scope", "reporting_date", "deadline",
                     "meeting_date"):
            check(FOLLOW_UP_ENTRY, name, getattr(entry, name), f"{path}.{name}")
        if entry.key in seen:
            raise DuplicateKeyError(N_("entry %(key)r appears twice"), f"{path}.key", key=entry.key)
        seen.add(entry.key)
        if entry.meeting_body not in bodies:
            raise InvalidValueError(
                N_("there is no body %(body)r; add it first (bodies: %(bodies)s)"),
                f"{path}.meeting.body", body=entry.meeting_body,
                bodies=", ".join(sorted(bodies)) or "-")
        if entry.reporting_date.year not in plan_years:
            raise InvalidValueError(
                N_("%(date)s is outside the plan period %(start)s–%(end)s"),
                f"{path}.reporting_date", date=entry.reporting_date.isoformat(),
                start=plan_years[0], end=plan_years[-1])
        if entry.deadline < entry.reporting_date:
            raise InvalidValueError(
                N_("the deadline %(deadline)s is before the reporting date %(date)s: reports "
                "speak for a date that has come"), f"{path}.deadline",
                deadline=entry.deadline.isoformat(), date=entry.reporting_date.isoformat())
        if entry.deadline > entry.meeting_date:
            raise InvalidValueError(
                N_("the deadline %(deadline)s is after the meeting on %(meeting)s: the report must "
                "be ready before the meeting"), f"{path}.deadline",
                deadline=entry.deadline.isoformat(), meeting=entry.meeting_date.isoformat())
    return sorted(entries, key=lambda e: (e.reporting_date, e.deadline, e.key))

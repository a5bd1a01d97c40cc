"""Who is reminded of what: every reporter with items left in an open round whose deadline
is near or past, with those items, in which round of which plan, and by when."""

from dataclasses import dataclass
from datetime import date, timedelta

from domain.user import Role
from domain.year_values import RoundState
from projections.read_model import State
from projections.records import PlanRecord, RoundRecord
from projections.rounds import ItemLine, item_lines, left_items

DEFAULT_DAYS = 7


@dataclass(frozen=True)
class RoundDue:
    """An open round near or past its deadline, with the items a reporter has left in it."""

    plan: str
    plan_title: str
    round: str
    title: str
    deadline: date
    items: tuple[ItemLine, ...]


@dataclass(frozen=True)
class Reminder:
    """What one reporter is reminded of; with no e-mail address (""), they cannot be."""

    reporter: str
    email: str
    rounds: tuple[RoundDue, ...]

    @property
    def item_count(self) -> int:
        return sum(len(due.items) for due in self.rounds)


def reminders_due(state: State, today: date, days: int = DEFAULT_DAYS) -> list[Reminder]:
    """Per reporter (by name), the items left or returned in their bodies' share of every
    open round whose deadline is at most `days` days after `today`; those with none are
    not listed."""
    last_day = today + timedelta(days=days)
    open_rounds = [(plan, round_) for plan in map(state.plans.__getitem__, sorted(state.plans))
                   for round_ in sorted(plan.rounds.values(),
                                        key=lambda r: (r.entry.deadline, r.key))
                   if round_.state is RoundState.OPEN and round_.entry.deadline <= last_day]
    waiting = [(plan, round_, _open_lines(plan, round_)) for plan, round_ in open_rounds]
    reminders = []
    for user in sorted(state.users.values(), key=lambda u: u.name):
        if user.role is not Role.REPORTER:
            continue
        rounds = tuple(
            RoundDue(plan.key, plan.title, round_.key, round_.entry.title,
                     round_.entry.deadline, mine)
            for plan, round_, lines in waiting
            if (mine := tuple(line for line in lines if line.body in user.bodies)))
        if rounds:
            reminders.append(Reminder(user.name, user.email, rounds))
    return reminders


def _open_lines(plan: PlanRecord, round_: RoundRecord) -> tuple[ItemLine, ...]:
    lines = item_lines(plan, round_)
    still_open = set(left_items(lines))
    return tuple(line for line in lines if line.id in still_open)

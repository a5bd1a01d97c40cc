"""How the goal and metric pages read a plan: on a date (`on`), as the log knew it (`as_of`
or `revision`, for auditors and planners), and the words and numbers they write."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, request
from flask_babel import get_locale
from flask_login import current_user

from domain.goal_words import ASSESSMENT_WORDS, RESULT_WORDS, number_text, percent_text
from service.time_travel import PointInTime
from web.pages.follow_up import chosen_date, knowledge_point
from web.service_access import service

bp = Blueprint("pages_goal_reading", __name__)


@dataclass(frozen=True)
class Reading:
    """The point in knowledge time, the date read for, and the plan's record at that point."""

    point: PointInTime
    on: date
    record: Any
    query: dict[str, str]  # the same reading for links and downloads


def reading(plan: str) -> Reading:
    point = knowledge_point(plan)
    record = service().time_travel.plan_state(plan, point)
    on = chosen_date() or latest_reporting_date(plan, point.on)
    query = {"on": on.isoformat()} if request.args.get("on") else {}
    query.update({name: request.args[name] for name in ("as_of", "revision")
                  if not point.is_now and request.args.get(name)})
    return Reading(point, on, record, query)


def latest_reporting_date(plan: str, until: date) -> date:
    """What the pages read for unless asked: the last reporting date that has come by
    `until` (within a calendar year, what is in force then still holds), else `until`."""
    passed = [on for _, on in service().follow_up.reporting_dates(plan) if on <= until]
    return passed[-1] if passed else until


def time_control(plan: str) -> dict[str, Any]:
    """What the time control offers: the reporting dates that have come, and for auditors
    and planners the adopted revisions."""
    return {"dates": service().follow_up.reporting_dates(plan),
            "revisions": service().revisions.list(plan) if current_user.may_read_history
            else []}


def language() -> str:
    return "en" if str(get_locale()) == "en" else "sv"


@bp.app_context_processor
def goal_words() -> dict[str, Any]:
    """Assessments and results with their icon and word, and numbers as the pages write them."""
    lang = language()
    return {
        "assessment_words": {code: (entry.icon, entry.in_language(lang).name)
                             for code, entry in ASSESSMENT_WORDS.items()},
        "result_words": {code: (entry.icon, entry.in_language(lang).name)
                         for code, entry in RESULT_WORDS.items()},
        "number_text": lambda value: number_text(value, lang),
        "percent_text": lambda value: percent_text(value, lang)}

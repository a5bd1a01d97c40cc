"""The goal map page: the SVG inline, with the map page's filters and time control, and a
reporting date, since an assessment is in force within its calendar year."""

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from domain.fields import parse_day
from domain.goal_words import ASSESSMENT_WORDS
from service.maps import GoalMapOptions
from service.time_travel import PointInTime
from web.pages.maps import download, inline, language, readers_point, sealed_revision
from web.service_access import service as app_service

bp = Blueprint("pages_goal_map", __name__)


def options_and_point(plan: str) -> tuple[GoalMapOptions, PointInTime, Any]:
    """The options asked for, the point, and the lanes to choose from (a perspective that is
    not one of them is left out, as the map page leaves out an unknown milestone)."""
    args = request.args
    point = readers_point(plan)
    try:
        on = parse_day(args["on"]) if args.get("on") else point.on
    except ValueError:
        on = point.on
    lanes = app_service().maps.goal_map(plan, GoalMapOptions(on=on), at=point).lanes
    return GoalMapOptions(
        on=on, perspectives=frozenset(args.getlist("perspective")) & {lane.key for lane in lanes},
        assessments=frozenset(a for a in args.getlist("assessment") if a in ASSESSMENT_WORDS),
        lang=language()), point, lanes


@bp.get("/plans/<plan>/goal-map")
@login_required
def goal_map_page(plan: str) -> Any:
    """The goal map with its controls."""
    service = app_service()
    options, point, lanes = options_and_point(plan)
    rendered = service.maps.render_goal_map(plan, options, "svg", at=point,
                                            link_prefix=request.script_root)
    return render_template(
        "pages/goal_map.html", plan=service.plans.get(plan), svg=inline(rendered),
        options=options, point=point, lanes=lanes, fallback=rendered.fallback,
        assessment_names={key: words.in_language(options.lang).name
                          for key, words in ASSESSMENT_WORDS.items()},
        revisions=service.revisions.list(plan) if current_user.may_read_history else [],
        query=request.query_string.decode(), now=datetime.now(UTC), sealed=sealed_revision(plan))


@bp.get("/plans/<plan>/goal-map.<fmt>")
@login_required
def goal_map_download(plan: str, fmt: str) -> Any:
    """The same goal map as SVG, PNG or PDF, for board papers."""
    if fmt not in ("svg", "png", "pdf"):
        abort(404)
    options, point, _ = options_and_point(plan)
    rendered = app_service().maps.render_goal_map(plan, options, fmt, at=point,
                                                  link_prefix=request.script_root)
    return download(rendered, fmt, f"{plan}-malkarta.{fmt}")

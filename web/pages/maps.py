"""The strategic map page: the SVG inline, with filters, highlights and a time control."""

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup

from domain.values import Status
from service.maps import HIGHLIGHTS, MEDIA_TYPES, MapOptions, RenderedMap
from web.files import MAP_FALLBACK_WARNINGS, disposition
from web.pages.time_control import requested_point
from web.pages.what_if import asked_slip, overlay
from web.service_access import service as app_service

bp = Blueprint("pages_maps", __name__)


def options_and_point(plan: str) -> tuple[MapOptions, Any]:
    service = app_service()
    args = request.args
    point = readers_point(plan)
    statuses = frozenset(Status(s) for s in args.getlist("status") if s in
                         {v.value for v in Status})
    around = args.get("around") or None
    if around and around not in {m.key for m in service.milestones.list(plan)}:
        around = None
    options = MapOptions(
        on=point.on,
        around=around, depth=neighbourhood_depth(args.get("depth", "")),
        focus_areas=frozenset(k for k in args.getlist("focus_area") if k),
        statuses=statuses,
        highlight=frozenset(h for h in args.getlist("highlight") if h in HIGHLIGHTS),
        lang=language(),
        slip=asked_slip(),
    )
    return options, point


def with_overlay(plan: str, options: MapOptions, point: Any) -> tuple[MapOptions, Any, str]:
    """The options with the slip asked for, its what-if, and why not if it cannot be (then the
    map is drawn without it)."""
    what_if, refused = overlay(plan, options, point)
    return (replace(options, slip=None) if refused else options), what_if, refused


def readers_point(plan: str) -> Any:
    """The point asked for; viewers have no time control, so theirs is always now."""
    return requested_point(plan) if current_user.may_read_history else app_service().time_travel.now()


def language() -> str:
    return "en" if str(get_locale()) == "en" else "sv"


def inline(rendered: RenderedMap) -> Markup:
    """A drawn SVG for the page: without its XML prolog and doctype."""
    svg = rendered.content.decode("utf-8")
    return Markup(svg[svg.index("<svg"):])


def download(rendered: RenderedMap, fmt: str, filename: str) -> Response:
    """A drawn map as a file, saying if it is a fallback."""
    headers = {"Content-Disposition": disposition(filename)}
    if rendered.fallback:
        headers["Warning"] = MAP_FALLBACK_WARNINGS[rendered.fallback]
    return Response(rendered.content, mimetype=MEDIA_TYPES[fmt], headers=headers)


def sealed_revision(plan: str) -> Any:
    """The revision a printout names with its seal: the one asked for, else the latest adopted."""
    revisions = app_service().revisions.list(plan)
    asked = request.args.get("revision", "") if current_user.may_read_history else ""
    chosen = [pair for pair in revisions if str(pair[0].year) == asked]
    return (chosen or revisions)[-1] if revisions else None


def neighbourhood_depth(value: str) -> int:
    """How many steps around a milestone to show: 1–5, two unless asked otherwise."""
    return int(value) if value in {"1", "2", "3", "4", "5"} else 2


@bp.get("/plans/<plan>/map")
@login_required
def map_page(plan: str) -> Any:
    """The map with its controls."""
    service = app_service()
    options, point = options_and_point(plan)
    options, what_if, refused = with_overlay(plan, options, point)
    rendered = service.maps.render(plan, options, "svg", link_prefix=request.script_root,
                                  at=point)
    return render_template("pages/map.html", plan=service.plans.get(plan), svg=inline(rendered),
                           options=options, point=point, what_if=what_if, refused=refused,
                           revisions=service.revisions.list(plan)
                           if current_user.may_read_history else [], fallback=rendered.fallback,
                           milestones=service.milestones.list(plan),
                           query=request.query_string.decode(), now=datetime.now(UTC),
                           sealed=sealed_revision(plan))


@bp.get("/plans/<plan>/map.<fmt>")
@login_required
def map_download(plan: str, fmt: str) -> Any:
    """The same map as SVG, PNG or PDF, for board papers."""
    if fmt not in ("svg", "png", "pdf"):
        abort(404)
    service = app_service()
    options, point = options_and_point(plan)
    options = with_overlay(plan, options, point)[0]
    rendered = service.maps.render(plan, options, fmt, link_prefix=request.script_root,
                                  at=point)
    return download(rendered, fmt, f"{plan}-strategisk-karta.{fmt}")

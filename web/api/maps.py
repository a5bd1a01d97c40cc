"""`/plans/{plan}/map`, `/plans/{plan}/goal-map` and `/plans/{plan}/analysis`: the strategic map,
the goal map and what they say."""

import hashlib
from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask.views import MethodView

from domain.values import Status
from service.maps import MEDIA_TYPES, GoalMapOptions, MapOptions, RenderedMap
from web.api.common import View, api_blueprint, operation, served_as
from web.api.goal_map_schemas import GoalMapQuerySchema, GoalMapSchema
from web.api.map_schemas import (
    FORMATS,
    AnalysisSchema,
    MapQuerySchema,
    MapSchema,
    WhatIfQuerySchema,
    WhatIfSchema,
)
from web.api.time_schemas import TimeQuerySchema
from web.api.time_travel import point
from web.auth import history_reader
from web.files import MAP_FALLBACK_WARNINGS, content_type, disposition
from web.service_access import service

blp = api_blueprint("maps", "The strategic map, the goal map, the dependency analysis and what "
                           "a slip would do.")
PICTURE_ETAG = {"ETag": {"description": "With every format but JSON: for `If-None-Match`, which "
                                        "gives 304 while the map is unchanged.",
                         "schema": {"type": "string"}}}


def past_point(plan: str, query: dict[str, Any]) -> Any:
    """A time parameter, if given; time travel is for auditors and planners."""
    if any(query.get(name) is not None for name in ("as_of", "revision", "position")):
        history_reader()
    return point(plan, query)


def map_options(query: dict[str, Any], at: Any) -> MapOptions:
    return MapOptions(
        on=query.get("on") or at.on,
        focus_areas=frozenset(query["focus_area"]),
        statuses=frozenset(Status(s) for s in query["status"]),
        around=query.get("around"),
        depth=query["depth"],
        highlight=frozenset(query["highlight"]),
        lang=query["lang"],
        body=query.get("body"),
    )


def drawn_map(operation_id: str, query: Any, schema: Any, blueprint: Any = blp,
              errors: tuple[int, ...] = (), **described: Any) -> Callable[[View], View]:
    """A map operation's documentation: its query, and its 200 in every format with an ETag."""
    def decorator(view: View) -> View:
        view = served_as(blueprint, schema, *(MEDIA_TYPES.get(fmt, "application/json") for fmt in FORMATS),
                         description="SVG (the default), PNG, PDF, DOT or JSON",
                         headers=PICTURE_ETAG)(view)
        view = blueprint.arguments(query, location="query")(view)
        return blueprint.doc(**operation(operation_id, 403, 404, 503, *errors, **described))(view)

    return decorator


@blp.route("/plans/<plan>/map")
class StrategicMapResource(MethodView):
    @drawn_map("getMap", MapQuerySchema, MapSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The strategic map: lanes per focus area, columns per year, filters and highlights."""
        at = past_point(plan, query)
        options = map_options(query, at)
        if query["format"] == "json":
            return service().maps.strategic_map(plan, options, at)
        rendered = service().maps.render(plan, options, query["format"],
                                        link_prefix=request.script_root, at=at)
        return picture(rendered, f"{plan}.{query['format']}")


@blp.route("/plans/<plan>/goal-map")
class GoalMapResource(MethodView):
    @drawn_map("getGoalMap", GoalMapQuerySchema, GoalMapSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """The goal map: top-level goals (perspectives) as lanes, goals coloured and marked by
        their assessment in force on `on` and their metrics' results, lines to the milestones
        that serve them."""
        at = past_point(plan, query)
        options = GoalMapOptions(
            on=query.get("on") or at.on, perspectives=frozenset(query["perspective"]),
            assessments=frozenset(query["assessment"]), lang=query["lang"])
        if query["format"] == "json":
            return service().maps.goal_map(plan, options, at)
        rendered = service().maps.render_goal_map(plan, options, query["format"],
                                                  link_prefix=request.script_root, at=at)
        return picture(rendered, f"{plan}-goal-map.{query['format']}")


def picture(rendered: RenderedMap, filename: str) -> Response:
    """A drawn map with its ETag (304 while unchanged) and a warning if it is a fallback."""
    etag = '"' + hashlib.sha1(rendered.content).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if rendered.fallback:
        headers["Warning"] = MAP_FALLBACK_WARNINGS[rendered.fallback]
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers=headers)
    if not rendered.media_type.startswith("image/svg"):
        headers["Content-Disposition"] = disposition(filename, "inline")
    return Response(rendered.content, content_type=content_type(rendered.media_type),
                    headers=headers)


@blp.route("/plans/<plan>/analysis")
class AnalysisResource(MethodView):
    @blp.doc(**operation("getAnalysis", 403, 404))
    @blp.arguments(TimeQuerySchema, location="query")
    @blp.response(200, AnalysisSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Order of work, critical path, schedule conflicts, blocked and overdue milestones."""
        return service().maps.analysis(plan, query.get("on"), past_point(plan, query))


@blp.route("/plans/<plan>/what-if")
class WhatIfResource(MethodView):
    @blp.doc(**operation("whatIf", 404, 422, described={
        422: "An unknown, achieved or dropped milestone (`slip`), or a year outside the plan "
             "period (`to`)."}))
    @blp.arguments(WhatIfQuerySchema, location="query")
    @blp.response(200, WhatIfSchema)
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """What slipping milestone `slip` to year `to` would move (its dependents, each to the
        latest of its own year and its moved prerequisites' years), the conflicts it would make
        and the critical path before and after. Nothing is stored."""
        return service().maps.what_if(plan, query["slip"], query["to"], query.get("on"))

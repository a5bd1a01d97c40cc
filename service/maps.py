"""Use cases of the strategic map, the goal map and the dependency analysis."""

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.errors import N_, InvalidValueError
from projections.analysis import Analysis, analyse
from projections.goal_map import GoalMap, GoalMapOptions, build_goal_map
from projections.records import PlanRecord
from projections.renderers.goal_map_dot import goal_map_dot
from projections.renderers.goal_map_grid import goal_map_grid
from projections.renderers.map_dot import to_dot
from projections.renderers.map_grid import grid_svg
from projections.renderers.map_render import (
    CONVERT_SECONDS,
    LAYOUT_SECONDS,
    MEDIA_TYPES,
    MapRenderError,
    convert,
    render,
    warm_up,
)
from projections.renderers.map_style import STATUS_STYLES
from projections.strategic_map import HIGHLIGHTS, MapOptions, StrategicMap, build_map
from projections.what_if import WhatIf, what_if
from service.bodies import check_body
from service.map_cache import MapCache, RenderedMap
from service.time_travel import PointInTime, TimeTravel

# The statuses in the order the map's legend shows them (the pages use the same order).
STATUS_ORDER = tuple(status.value for status in STATUS_STYLES)
log = logging.getLogger(__name__)

__all__ = ["HIGHLIGHTS", "MEDIA_TYPES", "STATUS_ORDER", "GoalMap", "GoalMapOptions", "MapOptions",
           "MapRenderError", "Maps", "RenderedMap", "StrategicMap", "WhatIf"]


@dataclass(frozen=True)
class Drawing:
    """A map with how to draw it: as DOT for Graphviz, or as a plain grid when no layout can be
    had. The functions are looked up when a map is asked for (tests replace them)."""

    map: Any
    dot: Callable[[Any, str], str]
    grid: Callable[[Any, str], bytes]
    link_prefix: str


class Maps:
    """The strategic map and the goal map, drawn by Graphviz and cached per plan log position,
    and the analysis."""

    def __init__(self, time_travel: TimeTravel, cache: MapCache) -> None:
        self.time_travel = time_travel
        self.cache = cache
        self.layout_seconds, self.convert_seconds = LAYOUT_SECONDS, CONVERT_SECONDS

    def analysis(self, plan: str, on: date | None = None,
                 at: PointInTime | None = None) -> Analysis:
        at = self.time_travel.resolve(at)
        return analyse(self.time_travel.plan_state(plan, at), on or at.on)

    def what_if(self, plan: str, slip: str, to: int, on: date | None = None,
                at: PointInTime | None = None) -> WhatIf:
        """What slipping `slip` to `to` would move, and the conflicts it would make; stores
        nothing."""
        at = self.time_travel.resolve(at)
        return what_if(self.time_travel.plan_state(plan, at), slip, to, on or at.on)

    def strategic_map(self, plan: str, options: MapOptions,
                      at: PointInTime | None = None) -> StrategicMap:
        return build_map(self.checked(self.time_travel.plan_state(plan, at), options), options)

    def checked(self, record: PlanRecord, options: MapOptions) -> PlanRecord:
        """The plan record, if the options' body, milestone and focus areas are in it."""
        plan = record.key
        check_body(self.time_travel.store, options.body)
        if options.around is not None and options.around not in record.milestones:
            raise InvalidValueError(N_("plan %(plan)r has no milestone %(key)r"), "around",
                                    plan=plan, key=options.around)
        unknown = sorted(options.focus_areas - {area.key for area in record.focus_areas})
        if unknown:
            raise InvalidValueError(
                N_("plan %(plan)r has no focus area %(keys)s; choose from %(choices)s"),
                "focus_area", plan=plan, keys=", ".join(map(repr, unknown)),
                choices=", ".join(area.key for area in record.focus_areas))
        return record

    def goal_map(self, plan: str, options: GoalMapOptions,
                 at: PointInTime | None = None) -> GoalMap:
        record = self.time_travel.plan_state(plan, at)
        roots = record.goal_tree.children.get(None, ())
        unknown = sorted(options.perspectives - set(roots))
        if unknown:
            raise InvalidValueError(
                N_("plan %(plan)r has no top-level goal %(unknown)s; choose from %(roots)s"),
                "perspective", plan=plan, unknown=", ".join(map(repr, unknown)),
                roots=", ".join(roots) or "(none)")
        return build_goal_map(record, options)

    def render(self, plan: str, options: MapOptions, fmt: str, at: PointInTime | None = None,
               link_prefix: str = "") -> RenderedMap:
        """The strategic map as `fmt`; an unchanged plan is served from the cache without a
        layout.

        If the layout fails or runs past its bound, the last good picture is served (marked
        stale), or else a plain grid. What a position got, even a failure, is kept for it: a plan
        the layout fails on costs one attempt per position, not one per viewer.
        """
        return self.picture(plan, fmt, at, ("map", options, link_prefix),
                            lambda point: Drawing(self.strategic_map(plan, options, point),
                                                  to_dot, grid_svg, link_prefix))

    def render_goal_map(self, plan: str, options: GoalMapOptions, fmt: str,
                        at: PointInTime | None = None, link_prefix: str = "") -> RenderedMap:
        """The goal map as `fmt`, drawn, cached and falling back as the strategic map is."""
        return self.picture(plan, fmt, at, ("goal-map", options, link_prefix),
                            lambda point: Drawing(self.goal_map(plan, options, point),
                                                  goal_map_dot, goal_map_grid, link_prefix))

    def picture(self, plan: str, fmt: str, at: PointInTime | None, what: Hashable,
                drawing: Callable[[PointInTime], "Drawing"]) -> RenderedMap:
        if fmt not in MEDIA_TYPES:
            raise InvalidValueError(N_("%(format)r is not a map format"), "format", format=fmt)
        at = self.time_travel.resolve(at)
        # A past map never changes; the current one changes with the plan's log position.
        position = self.time_travel.position(plan, at)
        request = (plan, what, fmt, not at.is_now)
        cached = self.cache.get(request, position)
        if cached is not None and cached.fallback == "failed":
            raise MapRenderError(cached.content.decode("utf-8"))
        if cached is not None:
            return cached
        chosen = drawing(at)
        try:
            return self.draw(request, position, chosen, fmt)
        except MapRenderError as error:
            self.cache.put_fallback(request, position, RenderedMap(
                str(error).encode("utf-8"), "text/plain", position, fallback="failed"))
            raise

    def draw(self, request: Hashable, position: int, drawing: "Drawing", fmt: str) -> RenderedMap:
        try:
            content = render(drawing.dot(drawing.map, drawing.link_prefix), fmt,
                             seconds=self.layout_seconds, edges=len(drawing.map.edges),
                             convert_seconds=self.convert_seconds)
        except MapRenderError as error:
            log.warning("map %s of %s at position %s as %s: %s; serving a fallback",
                        request, drawing.map.plan, position, fmt, error)
            fallback = self.fallback(request, position, drawing, fmt)
            self.cache.put_fallback(request, position, fallback)
            return fallback
        rendered = RenderedMap(content, MEDIA_TYPES[fmt], position)
        self.cache.put(request, rendered)
        return rendered

    def fallback(self, request: Hashable, position: int, drawing: "Drawing",
                 fmt: str) -> RenderedMap:
        """The last good picture of the same request, or the map as a plain grid."""
        last_good = self.cache.last_good(request)
        if last_good is not None:
            return replace(last_good, fallback="last_good")
        svg = drawing.grid(drawing.map, drawing.link_prefix)
        content = svg if fmt == "svg" else convert(svg, fmt, self.convert_seconds)
        return RenderedMap(content, MEDIA_TYPES[fmt], position, fallback="grid")

    @staticmethod
    def warm_up() -> None:
        """Compile Graphviz in the background, so a process's first map does not wait for it."""
        warm_up()

"""Use cases of the strategic map and the dependency analysis."""

import logging
from collections.abc import Hashable
from dataclasses import replace
from datetime import date

from domain.errors import N_, InvalidValueError
from projections.analysis import Analysis, analyse
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
from service.map_cache import MapCache, RenderedMap
from service.time_travel import PointInTime, TimeTravel

# The statuses in the order the map's legend shows them (the pages use the same order).
STATUS_ORDER = tuple(status.value for status in STATUS_STYLES)
log = logging.getLogger(__name__)

__all__ = ["HIGHLIGHTS", "MEDIA_TYPES", "STATUS_ORDER", "MapOptions", "MapRenderError", "Maps", "RenderedMap",
           "StrategicMap"]


class Maps:
    """The strategic map, drawn by Graphviz and cached per plan log position, and the analysis."""

    def __init__(self, time_travel: TimeTravel, cache: MapCache) -> None:
        self.time_travel = time_travel
        self.cache = cache
        self.layout_seconds, self.convert_seconds = LAYOUT_SECONDS, CONVERT_SECONDS

    def analysis(self, plan: str, on: date | None = None,
                 at: PointInTime | None = None) -> Analysis:
        at = self.time_travel.resolve(at)
        return analyse(self.time_travel.plan_state(plan, at), on or at.on)

    def strategic_map(self, plan: str, options: MapOptions,
                      at: PointInTime | None = None) -> StrategicMap:
        record = self.time_travel.plan_state(plan, at)
        if options.around is not None and options.around not in record.milestones:
            raise InvalidValueError(N_("plan %(plan)r has no milestone %(key)r"), "around",
                                    plan=plan, key=options.around)
        unknown = sorted(options.focus_areas - {area.key for area in record.focus_areas})
        if unknown:
            raise InvalidValueError(
                N_("plan %(plan)r has no focus area %(keys)s; choose from %(choices)s"),
                "focus_area", plan=plan, keys=", ".join(map(repr, unknown)),
                choices=", ".join(area.key for area in record.focus_areas))
        return build_map(record, options)

    def render(self, plan: str, options: MapOptions, fmt: str, at: PointInTime | None = None,
               link_prefix: str = "") -> RenderedMap:
        """The map as `fmt`; an unchanged plan is served from the cache without a layout.

        If the layout fails or runs past its bound, the last good picture is served (marked
        stale), or else a plain grid. What a position got, even a failure, is kept for it: a plan
        the layout fails on costs one attempt per position, not one per viewer.
        """
        if fmt not in MEDIA_TYPES:
            raise InvalidValueError(N_("%(format)r is not a map format"), "format", format=fmt)
        at = self.time_travel.resolve(at)
        # A past map never changes; the current one changes with the plan's log position.
        position = self.time_travel.position(plan, at)
        request = (plan, options, fmt, link_prefix, not at.is_now)
        cached = self.cache.get(request, position)
        if cached is not None and cached.fallback == "failed":
            raise MapRenderError(cached.content.decode("utf-8"))
        if cached is not None:
            return cached
        strategic_map = self.strategic_map(plan, options, at)
        try:
            return self.draw(request, position, strategic_map, fmt, link_prefix)
        except MapRenderError as error:
            self.cache.put_fallback(request, position, RenderedMap(
                str(error).encode("utf-8"), "text/plain", position, fallback="failed"))
            raise

    def draw(self, request: Hashable, position: int, strategic_map: StrategicMap, fmt: str,
             link_prefix: str) -> RenderedMap:
        try:
            content = render(to_dot(strategic_map, link_prefix), fmt, seconds=self.layout_seconds,
                             edges=len(strategic_map.edges), convert_seconds=self.convert_seconds)
        except MapRenderError as error:
            log.warning("map of %s at position %s as %s: %s; serving a fallback",
                        strategic_map.plan, position, fmt, error)
            fallback = self.fallback(request, position, strategic_map, fmt, link_prefix)
            self.cache.put_fallback(request, position, fallback)
            return fallback
        rendered = RenderedMap(content, MEDIA_TYPES[fmt], position)
        self.cache.put(request, rendered)
        return rendered

    def fallback(self, request: Hashable, position: int, strategic_map: StrategicMap, fmt: str,
                 link_prefix: str) -> RenderedMap:
        """The last good picture of the same request, or the map as a plain grid."""
        last_good = self.cache.last_good(request)
        if last_good is not None:
            return replace(last_good, fallback="last_good")
        svg = grid_svg(strategic_map, link_prefix)
        content = svg if fmt == "svg" else convert(svg, fmt, self.convert_seconds)
        return RenderedMap(content, MEDIA_TYPES[fmt], position, fallback="grid")

    @staticmethod
    def warm_up() -> None:
        """Compile Graphviz in the background, so a process's first map does not wait for it."""
        warm_up()

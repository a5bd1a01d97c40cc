"""Use cases of the strategic map and the dependency analysis."""

from dataclasses import replace
from datetime import date

from domain.errors import InvalidValueError
from projections.analysis import Analysis, analyse
from projections.renderers.map_dot import to_dot
from projections.renderers.map_render import MEDIA_TYPES, MapRenderError, render
from projections.renderers.map_style import STATUS_STYLES
from projections.strategic_map import HIGHLIGHTS, MapOptions, StrategicMap, build_map
from service.map_cache import MapCache, RenderedMap
from service.time_travel import PointInTime, TimeTravel

# The statuses in the order the map's legend shows them (the pages use the same order).
STATUS_ORDER = tuple(status.value for status in STATUS_STYLES)

__all__ = ["HIGHLIGHTS", "MEDIA_TYPES", "STATUS_ORDER", "MapOptions", "MapRenderError", "Maps", "RenderedMap",
           "StrategicMap"]


class Maps:
    """The strategic map, drawn by Graphviz and cached per plan log position, and the analysis."""

    def __init__(self, time_travel: TimeTravel, cache: MapCache) -> None:
        self.time_travel = time_travel
        self.cache = cache

    def analysis(self, plan: str, on: date | None = None,
                 at: PointInTime | None = None) -> Analysis:
        at = self.time_travel.resolve(at)
        return analyse(self.time_travel.plan_state(plan, at), on or at.on)

    def strategic_map(self, plan: str, options: MapOptions,
                      at: PointInTime | None = None) -> StrategicMap:
        record = self.time_travel.plan_state(plan, at)
        if options.around is not None and options.around not in record.milestones:
            raise InvalidValueError(f"plan {plan!r} has no milestone {options.around!r}",
                                    "around")
        unknown = sorted(options.focus_areas - {area.key for area in record.focus_areas})
        if unknown:
            raise InvalidValueError(
                f"plan {plan!r} has no focus area {', '.join(map(repr, unknown))}; choose "
                f"from {', '.join(area.key for area in record.focus_areas)}", "focus_area")
        return build_map(record, options)

    def render(self, plan: str, options: MapOptions, fmt: str, at: PointInTime | None = None,
               link_prefix: str = "") -> RenderedMap:
        """The map as `fmt`; an unchanged plan is served from the cache without running dot.

        If dot fails on a changed plan, the last good picture is served, marked stale.
        """
        if fmt not in MEDIA_TYPES:
            raise InvalidValueError(f"{fmt!r} is not a map format", "format")
        at = self.time_travel.resolve(at)
        # A past map never changes; the current one changes with the plan's log position.
        position = self.time_travel.position(plan, at)
        request = (plan, options, fmt, link_prefix, not at.is_now)
        cached = self.cache.get(request, position)
        if cached is not None:
            return cached
        strategic_map = self.strategic_map(plan, options, at)
        try:
            content = render_with_fallback(strategic_map, link_prefix, fmt)
        except MapRenderError:
            last_good = self.cache.last_good(request)
            if last_good is None:
                raise
            return replace(last_good, stale=True)
        rendered = RenderedMap(content, MEDIA_TYPES[fmt], position)
        self.cache.put(request, rendered)
        return rendered


def render_with_fallback(strategic_map: StrategicMap, link_prefix: str, fmt: str) -> bytes:
    """Render with dot's usual edge routing; if dot gives up on some edge (as Graphviz 2.43 does
    for some edges between lanes within one year, often in a neighbourhood), draw the edges
    as curves instead, which it always manages."""
    try:
        return render(to_dot(strategic_map, link_prefix), fmt)
    except MapRenderError:
        if fmt == "dot":
            raise
        return render(to_dot(strategic_map, link_prefix, splines="curved"), fmt)

"""Use cases of the strategic map and the dependency analysis."""

from dataclasses import replace
from datetime import date

from domain.errors import InvalidValueError
from projections.analysis import Analysis, analyse
from projections.map_dot import to_dot
from projections.map_render import MEDIA_TYPES, MapRenderError, render
from projections.strategic_map import MapOptions, StrategicMap, build_map
from service.map_cache import MapCache, RenderedMap
from service.time_travel import PointInTime, TimeTravelUseCases


class MapUseCases(TimeTravelUseCases):
    """The strategic map, drawn by Graphviz and cached per plan log position."""

    map_cache: MapCache

    def analysis(self, plan: str, on: date | None = None,
                 point: PointInTime | None = None) -> Analysis:
        record = self.plan_state(plan, point)
        with self.state.lock:
            return analyse(record, on or (point.on if point else self.today()))

    def strategic_map(self, plan: str, options: MapOptions,
                      point: PointInTime | None = None) -> StrategicMap:
        record = self.plan_state(plan, point)
        with self.state.lock:
            if options.around is not None and options.around not in record.milestones:
                raise InvalidValueError(f"plan {plan!r} has no milestone {options.around!r}",
                                        "around")
            unknown = sorted(options.focus_areas - {area.key for area in record.focus_areas})
            if unknown:
                raise InvalidValueError(
                    f"plan {plan!r} has no focus area {', '.join(map(repr, unknown))}; choose "
                    f"from {', '.join(area.key for area in record.focus_areas)}", "focus_area")
            return build_map(record, options)

    def render_map(self, plan: str, options: MapOptions, fmt: str, link_prefix: str = "",
                   point: PointInTime | None = None) -> RenderedMap:
        """The map as `fmt`; an unchanged plan is served from the cache without running dot.

        If dot fails on a changed plan, the last good picture is served, marked stale.
        """
        if fmt not in MEDIA_TYPES:
            raise InvalidValueError(f"{fmt!r} is not a map format", "format")
        # A past map never changes; the current one changes with the plan's log position.
        position = point.position if point else self._plan_record(plan).position
        request = (plan, options, fmt, link_prefix, point is not None)
        cached = self.map_cache.get(request, position)
        if cached is not None:
            return cached
        strategic_map = self.strategic_map(plan, options, point)
        try:
            content = render_with_fallback(strategic_map, link_prefix, fmt)
        except MapRenderError:
            last_good = self.map_cache.last_good(request)
            if last_good is None:
                raise
            return replace(last_good, stale=True)
        rendered = RenderedMap(content, MEDIA_TYPES[fmt], position)
        self.map_cache.put(request, rendered)
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

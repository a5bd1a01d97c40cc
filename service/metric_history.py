"""A metric over the reporting dates, as a table and as a chart, now or as known in the past."""

from projections.metric_series import MetricPoint, metric_series
from projections.renderers.metric_chart import metric_svg
from service.goals import Goals
from service.map_cache import MapCache, RenderedMap
from service.time_travel import PointInTime, TimeTravel

__all__ = ["MetricHistory", "MetricPoint"]


class MetricHistory:
    """Outcomes against target on every reporting date that has come by the point read at."""

    def __init__(self, goals: Goals, time_travel: TimeTravel, cache: MapCache) -> None:
        self.goals = goals
        self.time_travel = time_travel
        self.cache = cache

    def series(self, plan: str, key: str,
               at: PointInTime | None = None) -> tuple[MetricPoint, ...]:
        at = self.time_travel.resolve(at)
        record = self.time_travel.plan_state(plan, at)
        return metric_series(record, self.goals.metric_record(plan, key, record), at.on)

    def chart(self, plan: str, key: str, at: PointInTime | None = None,
              lang: str = "sv") -> RenderedMap:
        """The series as an SVG chart, drawn once per plan position (and day), then cached."""
        at = self.time_travel.resolve(at)
        record = self.time_travel.plan_state(plan, at)
        request = ("metric", plan, key, lang, at.on)
        cached = self.cache.get(request, record.position)
        if cached is None:
            metric = self.goals.metric_record(plan, key, record)
            content = metric_svg(metric_series(record, metric, at.on), metric.name,
                                 metric.unit, lang)
            cached = RenderedMap(content, "image/svg+xml", record.position)
            self.cache.put(request, cached)
        return cached

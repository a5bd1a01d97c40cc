"""A metric's outcomes against its target over the reporting dates, as an SVG chart.

Each outcome is marked by its result with a colour AND a shape (filled circle: met, half:
partly met, hollow: not met) and written out as a number, as the table beside it writes it;
the target is a dashed line. A missing outcome leaves a gap, never a zero.
"""

import io
import math
from collections.abc import Sequence

from domain.fields import replace_non_text
from domain.goal_values import MetricResult
from domain.goal_words import number_text, result_words
from projections.metric_series import MetricPoint
from projections.renderers.trend_chart import configure_matplotlib

# Colour-blind-safe (Okabe–Ito, as the map's statuses), each with its own marker.
RESULT_MARKERS = {
    MetricResult.MET.value: ("#00735A", "o", "full"),
    MetricResult.PARTLY_MET.value: ("#7A6A00", "o", "left"),
    MetricResult.NOT_MET.value: ("#B34700", "o", "none"),
}
TEXTS = {
    "sv": {"outcome": "Utfall", "target": "Mål", "empty": "Inga rapporteringstillfällen än"},
    "en": {"outcome": "Outcome", "target": "Target", "empty": "No reporting dates yet"},
}


def point_label(point: MetricPoint, lang: str) -> str:
    when = point.on.isoformat()
    return f"{point.period} {point.on.year}" if point.period else when


def gaps(values: Sequence[float | None]) -> list[float]:
    return [math.nan if value is None else value for value in values]


def metric_svg(points: Sequence[MetricPoint], name: str, unit: str, lang: str = "sv") -> bytes:
    """The chart of one metric; `name` and `unit` as the metric's definition writes them."""
    from matplotlib.figure import Figure

    configure_matplotlib()
    texts = TEXTS["en" if lang == "en" else "sv"]
    figure = Figure(figsize=(8, 3.8), layout="constrained")
    axes = figure.subplots()
    xs = list(range(len(points)))
    axes.plot(xs, gaps([p.target for p in points]), linestyle="--", color="#555555",
              drawstyle="steps-mid", label=texts["target"])
    axes.plot(xs, gaps([p.outcome for p in points]), color="#0072B2", linewidth=1.5,
              label=texts["outcome"])
    for result, (colour, marker, fill) in RESULT_MARKERS.items():
        chosen = [(x, p.outcome) for x, p in zip(xs, points, strict=True)
                  if p.result == result and p.outcome is not None]
        if not chosen:
            continue  # the legend names only the results the chart shows
        axes.plot([x for x, _ in chosen], [y for _, y in chosen], linestyle="none",
                  marker=marker, fillstyle=fill, markersize=9, color=colour,
                  markeredgewidth=1.8, label=result_words(result, lang).name)
    for x, point in zip(xs, points, strict=True):
        if point.outcome is not None:
            axes.annotate(number_text(point.outcome, lang), (x, point.outcome),
                          textcoords="offset points", xytext=(0, 8), ha="center", fontsize=8,
                          gid=f"outcome-{point.on.isoformat()}")
    axes.set_xticks(xs, [replace_non_text(point_label(p, lang)) for p in points], rotation=40,
                    ha="right", fontsize=8, parse_math=False)
    title = replace_non_text(name) + (f" ({replace_non_text(unit)})" if unit else "")
    axes.set_title(title, fontsize=10, loc="left", parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(y=0.15)  # room for the numbers above the highest outcome
    axes.yaxis.set_major_formatter(lambda value, _position: number_text(round(value, 9), lang))
    if not points:
        axes.text(0.5, 0.5, texts["empty"], ha="center", va="center", transform=axes.transAxes)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()

"""The follow-up trend as an SVG chart (matplotlib): status totals per reporting date.

Each status has its colour-blind-safe colour AND a hatch pattern, so the chart also reads in
grey print. matplotlib is imported on first use: loading it costs more than a request.
"""

import functools
import io
from collections.abc import Sequence

from domain.fields import replace_non_text
from domain.status_words import NOT_REPORTED, status_words
from domain.values import Status
from projections.follow_up import REPORT_STATUSES, TrendPoint
from projections.renderers.map_style import STATUS_STYLES

HATCHES = {"achieved": "", "on_track": "//", "at_risk": "..", "off_track": "xx",
           "planned": "", "dropped": "--", NOT_REPORTED: "\\\\"}
TEXTS = {
    "sv": {"title": "Status per rapporteringstillfälle", "count": "Antal milstolpar",
           "empty": "Inget rapporteringstillfälle har passerat än"},
    "en": {"title": "Status per reporting date", "count": "Milestones",
           "empty": "No reporting date has passed yet"},
}


def status_word(status: str, lang: str) -> str:
    """The word in the chart's legend: the short one, as on the map."""
    return status_words(status, lang).short


@functools.cache
def configure_matplotlib() -> None:
    """Text stays text in the SVG (smaller, searchable), and ids are the same every time."""
    import matplotlib

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "strategikarta",
                                "font.family": "DejaVu Sans"})


def trend_svg(points: Sequence[TrendPoint], plan_title: str, lang: str = "sv") -> bytes:
    """A stacked bar per reporting date, in the order the committee reads statuses."""
    from matplotlib.figure import Figure

    configure_matplotlib()
    texts = TEXTS[lang]
    figure = Figure(figsize=(9, 4.2), layout="constrained")
    axes = figure.subplots()
    # Text from the log as it is: no characters SVG cannot hold, and "$" is no mathtext.
    labels = [replace_non_text(f"{p.period.name} {p.on.year}") for p in points]
    bottoms = [0] * len(points)
    for status in REPORT_STATUSES:
        heights = [p.totals[status] for p in points]
        fill, edge = ("#FFFFFF", "#555555") if status == NOT_REPORTED else (
            STATUS_STYLES[Status(status)].fill, STATUS_STYLES[Status(status)].border)
        axes.bar(range(len(points)), heights, bottom=bottoms, color=fill, edgecolor=edge,
                 hatch=HATCHES[status], linewidth=0.8, label=status_word(status, lang))
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_xticks(range(len(points)), labels, rotation=40, ha="right", fontsize=8,
                    parse_math=False)
    axes.set_ylabel(texts["count"])
    axes.set_title(f"{replace_non_text(plan_title)}\n{texts['title']}", fontsize=10, loc="left",
                   parse_math=False)
    axes.spines[["top", "right"]].set_visible(False)
    if not points:
        axes.text(0.5, 0.5, texts["empty"], ha="center", va="center", transform=axes.transAxes)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
                reverse=True)
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()

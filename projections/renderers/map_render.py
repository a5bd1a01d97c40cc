"""The map's DOT text drawn as SVG, PNG or PDF within a time bound; the only caller of Graphviz.

Graphviz 16 as WebAssembly lays the map out and writes SVG (`graphviz_wasm`); PNG and PDF are
that SVG converted by Debian's `rsvg-convert` (librsvg), a subprocess killed at its bound. Measured
(benchmarks/graphviz_engines.py): the layout as fast as Debian's `dot`, the conversion to PNG as
fast as `dot -Tpng`, where `cairosvg` took 1.5–4 times as long for PNG and 4–11 times for PDF.
"""

import math
import re
import subprocess
import time

from projections.renderers.graphviz_wasm import GraphvizError, compiled, layout, warm_up

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf",
               "dot": "text/vnd.graphviz; charset=utf-8"}
# Bounds, well under gunicorn's 60 s: the layout (both attempts), and each conversion. The worst
# request, a layout stopped and then two conversions stopped (the map's, the plain grid's), is 24 s.
LAYOUT_SECONDS, CONVERT_SECONDS = 8.0, 8.0
# A PNG past these is scaled down (96 dpi otherwise): cairo draws at most 32,767 pixels a side, and
# the time to draw grows with the pixels. 30 million is a 500-milestone map at full size.
MAX_SIDE, MAX_PIXELS = 32_000, 30_000_000
EDGE = b'class="edge"'  # how Graphviz's SVG starts each edge it drew (invisible ones are not drawn)
SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([0-9.]+)pt"[^>]*?\sheight="([0-9.]+)pt"')


__all__ = ["CONVERT_SECONDS", "LAYOUT_SECONDS", "MEDIA_TYPES", "MapRenderError", "convert", "render",
           "warm_up"]


class MapRenderError(Exception):
    """Graphviz or the converter failed or ran past the bound; the message says which."""


def render(dot_text: str, fmt: str, seconds: float = LAYOUT_SECONDS, edges: int = 0,
           convert_seconds: float = CONVERT_SECONDS) -> bytes:
    """`edges`: how many visible edges the DOT has. Graphviz (2.42 and 16.1 alike) drops some
    edges between lanes within one year column; 16.1 says only "triangulation failed". If fewer
    are drawn, the map is laid out again with straight edges, which it always routes."""
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"unknown map format {fmt!r}")
    try:
        compiled()  # once per process (warm_up() starts it early): not part of a layout's bound
        deadline = time.monotonic() + seconds
        drawn = layout(dot_text, "svg", seconds)
        if drawn.output.count(EDGE) < edges:
            drawn = layout(straight_edges(dot_text), "svg", deadline - time.monotonic())
    except GraphvizError as error:
        raise MapRenderError(str(error)) from None
    svg = drawn.output
    if svg.count(EDGE) < edges:
        raise MapRenderError(f"Graphviz drew {svg.count(EDGE)} of the map's {edges} edges: "
                             + (drawn.warnings.strip().splitlines() or ["no message"])[-1])
    return svg if fmt == "svg" else convert(svg, fmt, convert_seconds)


def straight_edges(dot_text: str) -> str:
    """The same graph with `splines=line` (a graph attribute holds wherever it is set)."""
    return dot_text.rstrip().removesuffix("}") + "\tsplines=line\n}\n"


def convert(svg: bytes, fmt: str, seconds: float = CONVERT_SECONDS) -> bytes:
    """SVG as PNG or PDF. librsvg reads no file or URL an SVG names unless it is beside the
    SVG's own file, and this SVG comes on stdin, so it reads none."""
    zoom = png_zoom(svg) if fmt == "png" else 1.0
    try:
        result = subprocess.run(["rsvg-convert", "--format", fmt, "--zoom", f"{zoom:.4f}"], input=svg,
                                capture_output=True, timeout=seconds, check=False)
    except FileNotFoundError:
        raise MapRenderError("`rsvg-convert` was not found (Debian's librsvg2-bin)") from None
    except subprocess.TimeoutExpired:
        raise MapRenderError(f"converting the map to {fmt.upper()} took longer than "
                             f"{seconds:.1f} s") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MapRenderError(f"rsvg-convert failed (exit {result.returncode}): "
                             f"{detail[-1] if detail else 'no message'}")
    return result.stdout


def png_zoom(svg: bytes) -> float:
    """The zoom that keeps the PNG within `MAX_SIDE` and `MAX_PIXELS` (1 when it fits)."""
    size = SVG_SIZE.search(svg[:4096])
    if size is None:
        return 1.0
    width, height = (float(points) * 96 / 72 for points in size.groups())
    return min(1.0, MAX_SIDE / max(width, height, 1), math.sqrt(MAX_PIXELS / max(width * height, 1)))

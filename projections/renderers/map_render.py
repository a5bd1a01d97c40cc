"""The map's DOT text drawn as SVG, PNG or PDF within a time bound; the only caller of Graphviz.

Graphviz 16 as WebAssembly lays the map out and writes SVG (`graphviz_wasm`); PNG and PDF are
that SVG converted by Debian's `rsvg-convert` (librsvg), a subprocess killed at the bound. Measured
(benchmarks/map_rendering.py): as fast as Debian's `dot` for SVG and PNG, where `cairosvg` took
twice as long for PNG and four times as long for PDF.
"""

import subprocess
import time

from projections.renderers.graphviz_wasm import GraphvizError, layout

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf",
               "dot": "text/vnd.graphviz; charset=utf-8"}
RENDER_SECONDS = 10.0  # one drawing, layout and conversion together: well under gunicorn's 60 s


class MapRenderError(Exception):
    """Graphviz or the converter failed or ran past the bound; the message says which."""


def render(dot_text: str, fmt: str, seconds: float = RENDER_SECONDS) -> bytes:
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"unknown map format {fmt!r}")
    deadline = time.monotonic() + seconds
    try:
        svg = layout(dot_text, "svg", seconds)
    except GraphvizError as error:
        raise MapRenderError(str(error)) from None
    return svg if fmt == "svg" else convert(svg, fmt, deadline - time.monotonic())


def convert(svg: bytes, fmt: str, seconds: float) -> bytes:
    """SVG as PNG or PDF. librsvg reads no file or URL an SVG names unless it is beside the
    SVG's own file, and this SVG comes on stdin, so it reads none."""
    if seconds <= 0:
        raise MapRenderError(f"no time was left to convert the map to {fmt.upper()}")
    try:
        result = subprocess.run(["rsvg-convert", "--format", fmt], input=svg, capture_output=True,
                                timeout=seconds, check=False)
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

"""Graphviz `dot` turns the map's DOT text into SVG, PNG or PDF; the only caller of `dot`."""

import subprocess

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf",
               "dot": "text/vnd.graphviz; charset=utf-8"}
DOT_TIMEOUT_SECONDS = 60


class MapRenderError(Exception):
    """`dot` failed or took too long; the message says which."""


def render(dot_text: str, fmt: str, timeout: float = DOT_TIMEOUT_SECONDS) -> bytes:
    if fmt == "dot":
        return dot_text.encode("utf-8")
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"unknown map format {fmt!r}")
    try:
        result = subprocess.run(["dot", f"-T{fmt}"], input=dot_text.encode("utf-8"),
                                capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise MapRenderError("Graphviz is not installed: `dot` was not found") from None
    except subprocess.TimeoutExpired:
        raise MapRenderError(f"Graphviz took longer than {timeout:.0f} s to lay out the map") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MapRenderError(f"Graphviz failed (exit {result.returncode}): "
                             f"{detail[-1] if detail else 'no message'}")
    return result.stdout

"""Graphviz engines side by side on the map's own DOT: Debian's `dot` (2.42, a process per call)
against ours (Graphviz 16 as WebAssembly in-process, PNG and PDF converted from its SVG by
`rsvg-convert`), and `cairosvg` as the other converter when it is installed; then the plans
Debian's Graphviz aborts or loses edges on. `python -m benchmarks.graphviz_engines`
"""

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from projections.renderers.graphviz_wasm import GraphvizError, layout
from projections.renderers.map_dot import to_dot
from projections.renderers.map_render import EDGE, MapRenderError, render
from projections.strategic_map import MapOptions
from service.application import Strategikarta
from service.config import persistence_env

SIZES = (50, 200, 500)
ON = date(2024, 9, 1)


def median_ms(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved_medians_ms(actions: list[Callable[[], object]], repeat: int) -> list[float]:
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, taken in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) * 1000 for taken in times]


def debian(dot: bytes, fmt: str, timeout: float = 20) -> str:
    """What Debian's `dot` made of it: "ok", "exit -6: <last line>", "lost edges" or "timeout"."""
    try:
        result = subprocess.run(["dot", f"-T{fmt}"], input=dot, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout ({timeout:.0f} s)"
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    if result.returncode:
        return f"exit {result.returncode}: {lines[-1] if lines else ''}"
    return "lost edges" if any("lost" in line for line in lines) else "ok"


def document(n: int, seed: int, requires: int, affects: int) -> dict[str, Any]:
    """n milestones over 7 lanes and 4 years; each requires `requires` earlier ones and affects
    `affects` others (the seeds below are the ones tests/service/test_map_drawing.py draws)."""
    rng = random.Random(seed)
    milestones = [{"key": f"M{i}", "title": f"Milstolpe {i}", "focus_area": f"fa{i % 7}",
                   "target_year": 2022 + rng.randrange(4), "kind": "change",
                   "requires": sorted({f"M{j}" for j in rng.sample(range(i), min(i, requires))}),
                   "affects": sorted({f"M{j}" for j in rng.sample(range(n), affects) if j != i})}
                  for i in range(n)]
    return {"key": "gen", "title": f"{n} milstolpar", "owner": "HSN", "start_year": 2022,
            "end_year": 2025, "milestones": milestones,
            "focus_areas": [{"key": f"fa{i}", "name": f"Insatsområde {i}", "description": ""}
                            for i in range(7)]}


def map_dot(build: Callable[[Strategikarta], str]) -> tuple[bytes, int]:
    """The map's DOT and how many edges it should show."""
    service = Strategikarta(persistence_env("sqlite:///:memory:"))
    strategic_map = service.maps.strategic_map(build(service), MapOptions(on=ON))
    return to_dot(strategic_map).encode("utf-8"), len(strategic_map.edges)


def three_in_one_year(service: Strategikarta) -> str:
    service.plans.create(key="fhs", title="Tre milstolpar", owner="HSN", start_year=2022,
                         end_year=2025, focus_areas=[
                             {"key": "a", "name": "Nära vård", "description": ""},
                             {"key": "b", "name": "Digitala vårdtjänster", "description": ""}],
                         actor="bench")
    for key, lane in (("A", "a"), ("B", "b"), ("C", "a")):
        service.milestones.define("fhs", {"key": key, "title": f"Milstolpe {key}", "focus_area": lane,
                                          "target_year": 2023, "kind": "change"}, actor="bench")
    service.dependencies.add("fhs", "A", "B", "affects", actor="bench")
    service.dependencies.add("fhs", "B", "A", "requires", actor="bench")
    service.dependencies.add("fhs", "C", "A", "requires", actor="bench")
    return "fhs"


def generated(n: int, seed: int, requires: int, affects: int) -> Callable[[Strategikarta], str]:
    def build(service: Strategikarta) -> str:
        service.documents.import_plan(document(n, seed, requires, affects), actor="bench")
        return "gen"
    return build


def first_call_seconds() -> float:
    """A fresh process's first layout: compiling the WebAssembly module (once per worker)."""
    script = ("import time; from projections.renderers.graphviz_wasm import layout; "
              "t = time.perf_counter(); layout('digraph { a -> b }', 'svg', 60); "
              "print(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                                text=True).stdout)


def bare_dot(dot: bytes, fmt: str) -> bytes:
    return subprocess.run(["dot", f"-T{fmt}"], input=dot, capture_output=True).stdout


def ours(dot: bytes, fmt: str) -> bytes:
    return render(dot.decode("utf-8"), fmt, 60, convert_seconds=60)  # timed, not bounded


def compare_speed(dot_of_size: Callable[[int], bytes]) -> None:
    try:
        import cairosvg  # type: ignore[import-untyped]
    except ImportError:
        cairosvg = None
    print("Graphviz engines on the same DOT: Debian's `dot -T<fmt>` (a process) vs ours "
          "(WebAssembly in-process; PNG/PDF by rsvg-convert), median of 3")
    print(f"  first layout in a fresh process (compiling the module): {first_call_seconds():.2f} s")
    print(f"  {'milestones':>10} {'format':>6} {'Debian dot':>11} {'ours':>9} {'ratio':>6} "
          f"{'svg→cairosvg':>13} {'ratio':>6}")
    for n in SIZES:
        dot = dot_of_size(n)
        svg = ours(dot, "svg")
        for fmt in ("svg", "png", "pdf"):
            bare, mine = interleaved_medians_ms([partial(bare_dot, dot, fmt), partial(ours, dot, fmt)], 3)
            other = ""
            if cairosvg is not None and fmt != "svg":
                # our layout's time plus cairosvg's conversion of its SVG
                layout_ms = median_ms(partial(ours, dot, "svg"))
                cairo_ms = layout_ms + median_ms(partial(getattr(cairosvg, f"svg2{fmt}"), bytestring=svg))
                other = f"{cairo_ms:>11.0f}ms {cairo_ms / bare:>5.2f}×"
            print(f"  {n:>10} {fmt:>6} {bare:>9.0f}ms {mine:>7.0f}ms {mine / bare:>5.2f}× {other}")
    if cairosvg is None:
        print("  (cairosvg is not installed: its column is left out)")


def crash_cases() -> None:
    print("Plans Debian's Graphviz fails on, and ours (SVG)")
    layout("digraph { a }", "svg", 60)  # compiled before the first is timed
    cases = [("3 milestones, one year: A affects B, B requires A, C requires A", three_in_one_year),
             ("100 milestones, 1 requires + 1 affects each (seed 2)", generated(100, 2, 1, 1)),
             ("500 milestones, 1 requires + 1 affects each (seed 1)", generated(500, 1, 1, 1)),
             ("50 milestones, 2 requires + 1 affects each (seed 0)", generated(50, 0, 2, 1))]
    for name, build in cases:
        dot, edges = map_dot(build)
        start = time.perf_counter()
        try:
            first = layout(dot.decode("utf-8"), "svg", 60).output.count(EDGE)
            render(dot.decode("utf-8"), "svg", 60, edges, convert_seconds=60)
            result = (f"drawn in {(time.perf_counter() - start) * 1000:.0f} ms, every edge"
                      + (f" (the first layout drew {first} of {edges}; straight edges drew all)"
                         if first < edges else ""))
        except (GraphvizError, MapRenderError) as error:
            result = f"failed: {error}"
        print(f"  {name}\n    Debian: {debian(dot, 'svg')}; ours: {result}")
    curved = map_dot(generated(50, 0, 2, 1))[0].replace(b"newrank=true", b"newrank=true splines=curved")
    print(f"  the same 50 with splines=curved (the old retry)\n    Debian: {debian(curved, 'svg')}")


def main(dot_of_size: Callable[[int], bytes]) -> None:
    compare_speed(dot_of_size)
    crash_cases()

if __name__ == "__main__":
    from benchmarks.map_rendering import dot_of_size
    main(dot_of_size)

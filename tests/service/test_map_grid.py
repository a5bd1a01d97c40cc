"""The plain grid, the fallback drawn without Graphviz: lanes, years and every milestone, as
valid SVG whatever the plan's text."""

import xml.etree.ElementTree as ET
from datetime import date

from projections.renderers.map_grid import grid_svg
from projections.renderers.map_render import convert
from projections.strategic_map import MapOptions
from service.application import Strategikarta
from tests.builders import create_plan_as_old_code_could, define_as_old_code_could, milestone_body

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HOSTILE = 'quote " <script>alert(1)</script> &#1; bell\x07 nul\x00 cr\r\nlf'


def test_the_grid_shows_lanes_years_and_every_milestone_with_its_link(
        memory_service: Strategikarta) -> None:
    # Text the door refuses today, as the log may hold it from before: the grid draws it too.
    create_plan_as_old_code_could(memory_service, title=HOSTILE)
    for key, area, year in (("A", "nara-vard", 2022), ("B", "digital", 2023),
                            ("C", "digital", 2023), ("D", "kompetens", 2025)):
        define_as_old_code_could(memory_service, "fhs", milestone_body(
            key, focus_area=area, target_year=year, title=HOSTILE))
    memory_service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    strategic_map = memory_service.maps.strategic_map("fhs", MapOptions(on=date(2024, 1, 1)))
    svg = grid_svg(strategic_map, "/app")
    root = ET.fromstring(svg)  # valid XML, or this raises
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    for shown in ("Nära vård", "Digitala", "Kompetensförsörjning", "2022", "2024", "2025",
                  "Förenklad karta", "<script>alert(1)</script>"):
        assert shown in texts
    assert {t.text for t in root.iter(f"{SVG}title")} == {"m:A", "m:B", "m:C", "m:D"}
    assert "/app/plans/fhs/milestones/D" in {a.get(f"{XLINK}href") for a in root.iter(f"{SVG}a")}
    assert len(list(root.iter(f"{SVG}line"))) == 1
    assert convert(svg, "png", 10).startswith(b"\x89PNG")

"""The strategic map: DOT text without Graphviz, and SVG drawn by the real Graphviz (16, as WebAssembly)."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from domain.values import MilestoneKind, Status
from projections.renderers.map_dot import to_dot
from projections.renderers.map_render import render
from projections.renderers.map_style import STATUS_STYLES
from projections.strategic_map import Lane, MapNode, MapOptions, StrategicMap
from service.application import Strategikarta
from tests.builders import define_as_old_code_could, milestone_body, plan_body

ON = date(2026, 6, 15)
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HOSTILE = ['<script>alert(1)</script>', '"]; x [label="', "back\\slash\nnewline"]
# The lane subgraphs' names in order; the package quotes a name only where DOT needs it.
CLUSTER_LANE = re.compile(r'subgraph ("?)cluster_lane_([A-Za-z0-9._-]+)\1 \{')


def rank_groups(dot: str) -> list[list[str]]:
    """The members of each anonymous `{rank=same ...}` group, in order, unquoted."""
    return [[member.strip('"') for member in re.findall(r'"[^"]*"|[^\s"]+', body)]
            for body in re.findall(r"\{\s*rank=same\s+([^{}]*)\}", dot)]


@pytest.fixture
def plan(memory_service: Strategikarta) -> Strategikarta:
    """Three lanes, milestones in 2022–2025, one requires and one affects edge, hostile titles
    (a line break among them, as the log may hold from before titles became one line)."""
    service = memory_service
    service.plans.create(**plan_body(), actor="anna")
    for key, area, year, title in (("A", "nara-vard", 2022, "Fast vårdkontakt"),
                                   ("B", "digital", 2023, HOSTILE[0]),
                                   ("C", "kompetens", 2025, HOSTILE[1]),
                                   ("D", "nara-vard", 2024, HOSTILE[2])):
        define_as_old_code_could(service, "fhs", milestone_body(
            key, focus_area=area, target_year=year, title=title))
    service.dependencies.add("fhs", "B", "A", "requires", actor="anna")
    service.dependencies.add("fhs", "C", "B", "affects", actor="anna")
    service.milestones.report_status("fhs", "A", "achieved", "", date(2022, 12, 31), actor="anna")
    return service


def a_map(service: Strategikarta, **options: object) -> StrategicMap:
    return service.maps.strategic_map("fhs", MapOptions(on=ON, **options))  # type: ignore[arg-type]


def test_lanes_are_clusters_in_plan_order_and_years_are_rank_columns(
        plan: Strategikarta) -> None:
    dot = to_dot(a_map(plan))
    clusters = [match[2] for match in CLUSTER_LANE.finditer(dot)]
    assert clusters == ["nara-vard", "digital", "kompetens"]
    assert "newrank=true" in dot and "rankdir=LR" in dot
    groups = rank_groups(dot)
    for year in (2022, 2023, 2024, 2025):
        assert any(group[0] == f"h:{year}" for group in groups)
    assert ["h:2022", "m:A"] in groups


def test_requires_is_solid_from_prerequisite_and_affects_is_dashed(plan: Strategikarta) -> None:
    dot = to_dot(a_map(plan))
    assert re.search(r'"m:A" -> "m:B" \[color="#333333"', dot)
    assert re.search(r'"m:C" -> "m:B" \[style=dashed', dot)


def test_labels_are_escaped_for_dot(plan: Strategikarta) -> None:
    dot = to_dot(a_map(plan))
    assert '\\"]; x [label=\\"' in dot
    assert "back\\\\slash" in dot
    assert '"]; x [label="' not in dot.replace('\\"', "")


def test_a_status_shows_by_colour_and_by_icon(plan: Strategikarta) -> None:
    dot = to_dot(a_map(plan))
    assert re.search(r'"m:A" \[label="✓ A\n', dot)  # the package keeps the newline as it is
    assert re.search(r'"m:D" \[label="○ D\n', dot)


def test_filters_keep_every_lane_and_year(plan: Strategikarta) -> None:
    only = a_map(plan, focus_areas=frozenset({"digital"}))
    assert [n.key for n in only.nodes] == ["B"]
    assert [lane.key for lane in only.lanes] == ["nara-vard", "digital", "kompetens"]
    assert only.years == (2022, 2023, 2024, 2025) and only.edges == ()
    dot = to_dot(only)
    assert [match[2] for match in CLUSTER_LANE.finditer(dot)] == ["nara-vard", "digital", "kompetens"]


def test_around_shows_the_neighbourhood_to_the_given_depth(plan: Strategikarta) -> None:
    assert {n.key for n in a_map(plan, around="A", depth=1).nodes} == {"A", "B"}
    assert {n.key for n in a_map(plan, around="A", depth=2).nodes} == {"A", "B", "C"}


def test_highlights_mark_nodes_and_edges(plan: Strategikarta) -> None:
    plan.milestones.edit("fhs", "B", {"target_year": 2022}, actor="anna", reason="Tidigarelagd")
    plan.milestones.edit("fhs", "A", {"target_year": 2023}, actor="anna", reason="Försenad")
    highlighted = a_map(plan, highlight=frozenset({"conflicts", "critical_path"}))
    marks = {n.key: n.highlights for n in highlighted.nodes}
    assert marks["A"] == ("conflicts", "critical_path") and marks["B"] == marks["A"]
    assert "#CC79A7" in to_dot(highlighted)


def test_the_svg_has_lanes_years_every_node_links_and_text_not_markup(
        plan: Strategikarta) -> None:
    svg = render(to_dot(a_map(plan), link_prefix="/app"), "svg")
    root = ET.fromstring(svg)  # valid XML, or this raises
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    for lane in ("Nära vård", "Digitala vårdtjänster", "Kompetensförsörjning"):
        assert lane in " ".join(texts)  # long names wrap over lines
    for year in ("2022", "2023", "2024", "2025"):
        assert year in texts
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    titles = {g.find(f"{SVG}title").text for g in nodes}  # type: ignore[union-attr]
    assert {"m:A", "m:B", "m:C", "m:D"} <= titles
    links = {a.get(f"{XLINK}href") for a in root.iter(f"{SVG}a")}
    assert "/app/plans/fhs/milestones/A" in links
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert any('"]; x [label="' in t for t in texts)


def test_png_and_pdf_come_from_the_drawn_svg(plan: Strategikarta) -> None:
    dot = to_dot(a_map(plan))
    assert render(dot, "png").startswith(b"\x89PNG")
    assert render(dot, "pdf").startswith(b"%PDF")


@pytest.mark.parametrize("title, shown", [
    ("&#1; and &amp; stay as typed", "&#1; and &amp; stay as typed"),
    ("&#xD800;", "&#xD800;"),
    ("bell\x07 escape\x1b", "bell\ufffd escape\ufffd"),
    ("nul\x00byte", "nul\ufffdbyte"),
    ("not a character \ufffe", "not a character \ufffd"),
])
def test_titles_dot_or_xml_cannot_take_still_give_valid_svg_with_the_text(
        memory_service: Strategikarta, title: str, shown: str) -> None:
    memory_service.plans.create(**plan_body(), actor="anna")
    define_as_old_code_could(memory_service, "fhs", milestone_body("A", title=title))
    svg = memory_service.maps.render("fhs", MapOptions(on=ON), "svg").content
    root = ET.fromstring(svg)  # valid XML, or this raises
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert shown in texts
    tooltips = [a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a")]
    assert any(shown in tooltip for tooltip in tooltips)


def test_dot_built_by_the_graphviz_package_takes_every_kind_of_hostile_text() -> None:
    """Quotes, backslashes, entity-like and HTML-like text, newlines, carriage returns, control
    characters, NUL, a lone surrogate and a non-character, in the plan's title, a milestone's
    title and a lane's name: dot reads the DOT, and the SVG is XML that shows the text as typed
    (characters XML forbids as U+FFFD, a carriage return dropped)."""
    typed = ('quote " back\\slash \\" end\\ &#1; &amp; <b>bold</b> new\nline cr\r\nlf '
             'bell\x07 nul\x00 lone\ud800 non\ufffe')
    shown = ('quote " back\\slash \\" end\\ &#1; &amp; <b>bold</b> new\nline cr\nlf '
             'bell\ufffd nul\ufffd lone\ufffd non\ufffd')
    hostile = StrategicMap(
        plan="fhs", title=typed, years=(2022,), lanes=(Lane("nara-vard", "<b>lane</b>"),),
        nodes=(MapNode("A", typed, "nara-vard", 2022, Status.PLANNED, MilestoneKind.CHANGE),),
        edges=(), on=ON, position=1)
    dot = to_dot(hostile)
    assert 'label="<b>lane</b>"' in dot  # graphviz.escape(): a string, not an HTML-like label
    root = ET.fromstring(render(dot, "svg"))  # dot read it, and the SVG is valid XML
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    for line in f"Strategisk karta: {shown}".split("\n"):
        assert line in texts
    assert "<b>lane</b>" in texts
    tooltips = [a.get(f"{XLINK}title") for a in root.iter(f"{SVG}a")]
    assert f"A: {shown} (målår 2022; planerad)" in tooltips


def test_every_status_has_its_own_icon_and_outline_so_grey_print_tells_them_apart() -> None:
    assert set(STATUS_STYLES) == set(Status)
    icons = [style.icon for style in STATUS_STYLES.values()]
    outlines = [(s.shape, s.style.replace("filled", ""), s.penwidth, s.peripheries)
                for s in STATUS_STYLES.values()]
    assert len(set(icons)) == len(icons) and len(set(outlines)) == len(outlines)
    fills = [style.fill for style in STATUS_STYLES.values()]
    assert len(set(fills)) == len(fills)

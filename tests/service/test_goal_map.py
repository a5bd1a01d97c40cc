"""The goal map through the service: lanes, assessments, metric marks, serving milestones, an
empty plan, filters, the fallback, and a plan of 200 goals drawn within the map's bound."""

import time
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

import service.maps
from domain.errors import InvalidValueError
from projections.renderers.goal_map_dot import goal_map_dot
from projections.renderers.map_render import LAYOUT_SECONDS, MapRenderError
from projections.renderers.map_style import ASSESSMENT_STYLES
from service.application import Strategikarta
from service.maps import GoalMapOptions
from tests.builders import goal_plan, make_plan, milestone_body
from tests.service.test_map_drawing import titles_and_edges

ON = date(2024, 9, 1)


def statement(dot: str, node: str) -> str:
    """A node's statement in DOT (its label may span lines)."""
    start = dot.index(f'\t"{node}" [')
    return dot[start:dot.index("]\n", start)]


@pytest.fixture
def app(memory_service: Strategikarta) -> Strategikarta:
    goal_plan(memory_service)
    return memory_service


def test_the_top_level_goals_are_the_lanes_and_the_levels_the_columns(app: Strategikarta) -> None:
    goal_map = app.maps.goal_map("fhs", GoalMapOptions(on=ON))
    assert [(lane.key, lane.name) for lane in goal_map.lanes] == [
        ("MED", "Medarbetare"), ("PAT", "Patient och medborgare")]
    assert goal_map.columns == ("Perspektiv", "Strategiskt mål / resultatmål", "Resultatmål")
    assert {goal.key: (goal.lane, goal.depth) for goal in goal_map.goals} == {
        "MED": ("MED", 0), "ARB": ("MED", 1), "PAT": ("PAT", 0), "TILL": ("PAT", 1),
        "VANT": ("PAT", 2)}
    assert {(e.source, e.target) for e in goal_map.edges if e.kind == "contains"} == {
        ("MED", "ARB"), ("PAT", "TILL"), ("TILL", "VANT")}


def test_goals_wear_the_assessment_in_force_with_its_icon_and_colours(app: Strategikarta) -> None:
    goal_map = app.maps.goal_map("fhs", GoalMapOptions(on=ON))
    assert {g.key: g.assessment for g in goal_map.goals} == {
        "MED": "not_assessed", "ARB": "unsatisfactory", "PAT": "not_assessed",
        "TILL": "not_assessed", "VANT": "partly_satisfactory"}
    dot = goal_map_dot(goal_map)
    vant = statement(dot, "g:VANT")
    assert "! VANT" in vant and ASSESSMENT_STYLES["partly_satisfactory"].fill in vant
    assert "inte helt tillfredsställande" in vant  # the tooltip says it in words
    arb = statement(dot, "g:ARB")
    assert "✕ ARB" in arb and "octagon" in arb and ASSESSMENT_STYLES["unsatisfactory"].fill in arb
    # an assessment is in force within its calendar year only
    next_year = app.maps.goal_map("fhs", GoalMapOptions(on=date(2025, 1, 15)))
    assert {g.assessment for g in next_year.goals} == {"not_assessed"}


def test_goals_are_marked_by_their_metrics_results_as_icons_and_counts(app: Strategikarta) -> None:
    goal_map = app.maps.goal_map("fhs", GoalMapOptions(on=ON))
    results = {g.key: {k: n for k, n in g.results.items() if n} for g in goal_map.goals}
    assert results["VANT"] == {"met": 1, "partly_met": 1} and results["ARB"] == {"no_outcome": 1}
    assert results["TILL"] == {}
    dot = goal_map_dot(goal_map, "")
    assert "●1  ◐1" in dot and "–1" in dot
    assert "2 mätetal: 1 uppfyllt, 1 delvis uppfyllt" in dot
    english = goal_map_dot(app.maps.goal_map("fhs", GoalMapOptions(on=ON, lang="en")))
    assert "Goal map" in english and "1 met, 1 partly met" in english


def test_lines_go_to_the_milestones_that_serve_the_goals(app: Strategikarta) -> None:
    goal_map = app.maps.goal_map("fhs", GoalMapOptions(on=ON))
    assert [m.key for m in goal_map.milestones] == ["NV-01", "NV-02"]
    assert {(e.source, e.target) for e in goal_map.edges if e.kind == "serves"} == {
        ("NV-01", "VANT"), ("NV-02", "VANT"), ("NV-02", "ARB")}
    rendered = app.maps.render_goal_map("fhs", GoalMapOptions(on=ON), "svg", link_prefix="/x")
    assert rendered.fallback == ""
    nodes, edges = titles_and_edges(rendered.content)
    assert {"g:PAT", "g:VANT", "g:ARB", "m:NV-01", "m:NV-02"} <= nodes
    assert {"g:VANT->m:NV-01", "g:ARB->m:NV-02", "g:PAT->g:TILL"} <= edges
    assert b'xlink:href="/x/plans/fhs/goals/VANT"' in rendered.content
    assert b'xlink:href="/x/plans/fhs/milestones/NV-01"' in rendered.content


def test_a_plan_without_goals_gives_an_empty_map_that_says_so(memory_service: Strategikarta) -> None:
    make_plan(memory_service, milestones=("NV-01",))
    goal_map = memory_service.maps.goal_map("fhs", GoalMapOptions(on=ON))
    assert (goal_map.lanes, goal_map.goals, goal_map.milestones, goal_map.edges) == ((), (), (), ())
    rendered = memory_service.maps.render_goal_map("fhs", GoalMapOptions(on=ON), "svg")
    assert rendered.fallback == ""
    assert "Planen har inga mål ännu, så målkartan är tom." in rendered.content.decode()
    ET.fromstring(rendered.content)


def test_filters_keep_every_lane_and_its_head(app: Strategikarta) -> None:
    only_med = app.maps.goal_map("fhs", GoalMapOptions(on=ON, perspectives=frozenset({"MED"})))
    assert {g.key for g in only_med.goals} == {"PAT", "MED", "ARB"} and len(only_med.lanes) == 2
    assert [m.key for m in only_med.milestones] == ["NV-02"]
    partly = app.maps.goal_map("fhs", GoalMapOptions(
        on=ON, assessments=frozenset({"partly_satisfactory"})))
    assert {g.key for g in partly.goals} == {"PAT", "MED", "VANT"}
    assert not [e for e in partly.edges if e.kind == "contains"]  # its parent is not shown
    with pytest.raises(InvalidValueError) as error:
        app.maps.goal_map("fhs", GoalMapOptions(on=ON, perspectives=frozenset({"TILL"})))
    assert error.value.field == "perspective"


def test_a_goal_map_graphviz_fails_on_comes_as_a_plain_grid(
        app: Strategikarta, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any, **kwargs: Any) -> bytes:
        raise MapRenderError("Graphviz stopped: simulated")

    monkeypatch.setattr(service.maps, "render", failing)
    rendered = app.maps.render_goal_map("fhs", GoalMapOptions(on=ON), "svg")
    assert rendered.fallback == "grid"
    nodes, _ = titles_and_edges(rendered.content)
    assert {"g:PAT", "g:VANT", "g:ARB", "m:NV-01", "m:NV-02"} <= nodes
    assert "målkartan kunde inte ritas" in rendered.content.decode()
    assert app.maps.render_goal_map("fhs", GoalMapOptions(on=ON), "pdf").content.startswith(b"%PDF")


def large_goal_plan(app: Strategikarta) -> None:
    """4 perspectives, 20 strategic goals, 176 result goals (200 goals), 352 metrics, and 60
    milestones serving two result goals each."""
    make_plan(app, "stor")
    define = app.goals.define
    for p in range(4):
        define("stor", {"key": f"P{p}", "title": f"Perspektiv {p}", "level": "perspective",
                        "parent": None}, actor="anna")
    for s in range(20):
        define("stor", {"key": f"S{s}", "title": f"Strategiskt mål {s} om något viktigt",
                        "level": "strategic_goal", "parent": f"P{s % 4}"}, actor="anna")
    for r in range(176):
        define("stor", {"key": f"R{r}", "title": f"Resultatmål {r} med en längre titel",
                        "level": "result_goal", "parent": f"S{r % 20}"}, actor="anna")
        app.goals.assess("stor", f"R{r}", ("satisfactory", "partly_satisfactory",
                                           "unsatisfactory")[r % 3], "", "", date(2024, 4, 30),
                         actor="anna")
        for n in range(2):
            app.goals.define_metric("stor", {
                "key": f"M{r}-{n}", "goal": f"R{r}", "name": "Mätetal", "unit": "%",
                "direction": "higher_is_better", "targets": [{"year": 2024, "value": 100}]},
                actor="anna")
    for m in range(60):
        app.milestones.define("stor", milestone_body(
            f"MS-{m}", goals=[f"R{(m * 7) % 176}", f"R{(m * 13 + 5) % 176}"],
            target_year=2022 + m % 4), actor="anna")


def test_a_plan_of_200_goals_is_drawn_by_graphviz_within_the_maps_bound(
        memory_service: Strategikarta) -> None:
    large_goal_plan(memory_service)
    options = GoalMapOptions(on=ON)
    wanted = memory_service.maps.goal_map("stor", options)
    assert len(wanted.goals) == 200 and len(wanted.milestones) == 60
    start = time.monotonic()
    rendered = memory_service.maps.render_goal_map("stor", options, "svg")
    assert time.monotonic() - start < LAYOUT_SECONDS
    assert rendered.fallback == "", "drawn by Graphviz within the bound, not a fallback"
    nodes, edges = titles_and_edges(rendered.content)
    assert {f"g:{g.key}" for g in wanted.goals} | {f"m:{m.key}" for m in wanted.milestones} <= nodes
    assert len(edges) >= len(wanted.edges)
    # Converting this tall map (1,034 × 14,888 pt) to PNG takes about 2.5 s on an idle machine,
    # within its 8 s bound; as in test_map_drawing, that bound is lifted here so that a machine
    # busy with other tests cannot turn the drawing into a fallback.
    memory_service.maps.convert_seconds = 120
    png = memory_service.maps.render_goal_map("stor", options, "png")
    assert png.fallback == "" and png.content.startswith(b"\x89PNG")

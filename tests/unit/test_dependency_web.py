"""The dependency web's links, worked out once per plan record, equal NetworkX's and the
edge scans they replace, on random graphs with and without cycles."""

from datetime import date, datetime
from types import MappingProxyType

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.status import StatusReport
from domain.values import MilestoneKind, Status
from projections.analysis import TROUBLED, blocked
from projections.dependency_web import DependencyWeb
from projections.records import MilestoneRecord, PlanRecord
from projections.strategic_map import MapOptions, build_map

Edges = frozenset[tuple[str, str]]


@st.composite
def webs(draw: st.DrawFn, acyclic: bool = True) -> tuple[list[str], Edges, Edges]:
    """Milestones whose key order is not their order in the graph; `requires` point from a
    later milestone to an earlier one unless cycles are allowed."""
    count = draw(st.integers(0, 24))
    keys = draw(st.permutations([f"K{index:02d}" for index in range(count)]))
    pairs = st.tuples(st.integers(0, max(count - 1, 0)), st.integers(0, max(count - 1, 0)))
    drawn = draw(st.lists(pairs, max_size=80)) if count else []
    requires = frozenset((keys[i], keys[j]) for i, j in drawn if (i > j if acyclic else i != j))
    affects = frozenset((keys[j], keys[i]) for i, j in drawn[::3] if i != j)
    return list(keys), requires, affects


def graph_of(keys: list[str], requires: Edges) -> "nx.DiGraph[str]":
    graph: nx.DiGraph[str] = nx.DiGraph(requires)
    graph.add_nodes_from(keys)
    return graph


def assert_same_as_networkx(keys: list[str], requires: Edges, affects: Edges) -> None:
    web, graph = DependencyWeb(keys, requires, affects), graph_of(keys, requires)
    for key in keys:
        assert web.upstream(key) == tuple(sorted(nx.descendants(graph, key)))
        assert web.downstream(key) == tuple(sorted(nx.ancestors(graph, key)))
        assert web.requires(key) == tuple(sorted(t for s, t in requires if s == key))
        assert web.required_by(key) == tuple(sorted(s for s, t in requires if t == key))
        assert web.affects(key) == tuple(sorted(t for s, t in affects if s == key))
        assert web.affected_by(key) == tuple(sorted(s for s, t in affects if t == key))


@settings(max_examples=300, deadline=None)
@given(webs())
def test_upstream_and_downstream_are_networkx_descendants_and_ancestors(
        web: tuple[list[str], Edges, Edges]) -> None:
    assert_same_as_networkx(*web)


@settings(max_examples=150, deadline=None)
@given(webs(acyclic=False))
def test_a_web_with_cycles_still_answers_as_networkx_does(
        web: tuple[list[str], Edges, Edges]) -> None:
    assert_same_as_networkx(*web)


def test_a_milestone_outside_the_web_has_no_links() -> None:
    web = DependencyWeb(["A", "B"], frozenset({("B", "A")}), frozenset())
    assert web.upstream("X") == web.downstream("X") == web.requires("X") == ()
    assert web.upstream("B") == ("A",) and web.downstream("A") == ("B",)


def record(keys: list[str], requires: Edges, statuses: dict[str, Status]) -> PlanRecord:
    now = datetime(2026, 1, 1)
    milestones = {key: MilestoneRecord(
        "p", key, key, "", "f", 2024, MilestoneKind.CHANGE, (), (),
        (StatusReport(statuses[key], "", date(2024, 4, 30), "anna"),), 1, now, now, "anna")
        for key in keys}
    return PlanRecord("p", "Plan", "HSN", 2022, 2025, (), 1, now, "anna",
                      milestones=MappingProxyType(milestones), requires=requires)


@settings(max_examples=150, deadline=None)
@given(webs(), st.data())
def test_blocked_milestones_are_those_with_a_troubled_milestone_upstream(
        web: tuple[list[str], Edges, Edges], data: st.DataObject) -> None:
    keys, requires, _ = web
    statuses = {key: data.draw(st.sampled_from(list(Status))) for key in keys}
    graph = graph_of(keys, requires)
    expected = {key: tuple(sorted(k for k in nx.descendants(graph, key)
                                  if statuses[k] in TROUBLED))
                for key in keys if statuses[key] not in (Status.ACHIEVED, Status.DROPPED)}
    found = blocked(record(keys, requires, statuses), statuses)
    assert {item.milestone: item.because for item in found} == {
        key: because for key, because in expected.items() if because}


@settings(max_examples=100, deadline=None)
@given(webs(), st.data())
def test_the_map_marks_a_shortest_chain_from_each_blocked_milestone_to_each_cause(
        web: tuple[list[str], Edges, Edges], data: st.DataObject) -> None:
    keys, requires, _ = web
    statuses = {key: data.draw(st.sampled_from(list(Status))) for key in keys}
    plan = record(keys, requires, statuses)
    drawn = build_map(plan, MapOptions(on=date(2024, 9, 1), highlight=frozenset({"blocked"})))
    marked: nx.DiGraph[str] = nx.DiGraph(
        (edge.source, edge.target) for edge in drawn.edges if "blocked" in edge.highlights)
    graph = graph_of(keys, requires)
    pairs = [(item.milestone, cause) for item in blocked(plan, statuses) for cause in item.because]
    for milestone, cause in pairs:
        assert nx.shortest_path_length(marked, milestone, cause) == nx.shortest_path_length(
            graph, milestone, cause)
    distance = dict(nx.all_pairs_shortest_path_length(graph))
    for source, target in marked.edges:  # each on a shortest chain of some blocked pair
        assert any(distance[milestone].get(source, -9) + 1 + distance[target].get(cause, -9)
                   == distance[milestone][cause] for milestone, cause in pairs)

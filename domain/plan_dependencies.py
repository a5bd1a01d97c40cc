"""The rules of a plan's dependencies, and the graphs they read: those of recently used plans
are kept outside the aggregate (its snapshots and copies stay small), valid while the plan's
count of edge changes is unchanged."""

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple, Protocol

import networkx as nx

from domain.errors import N_, DependencyCycleError, DependencyExistsError, InvalidValueError
from domain.fields import MAX_DEPENDENCIES, MAX_DEPENDENCIES_EACH
from domain.values import DependencyKind

_KEPT = 32


class KindWords(NamedTuple):
    """What is said of the dependencies of one kind: each kind's verb is its own sentence."""

    exists: str
    most_each: str
    most: str


WORDS = {
    DependencyKind.REQUIRES: KindWords(
        N_("%(source)r already requires %(target)r"),
        N_("%(source)r already requires %(most)s milestones, the most one milestone may"),
        N_("a plan has at most %(most)s requires dependencies; plan %(plan)r would have "
           "%(count)s")),
    DependencyKind.AFFECTS: KindWords(
        N_("%(source)r already affects %(target)r"),
        N_("%(source)r already affects %(most)s milestones, the most one milestone may"),
        N_("a plan has at most %(most)s affects dependencies; plan %(plan)r would have "
           "%(count)s")),
}


class HasEdges(Protocol):
    key: str
    requires: list[list[str]]
    affects: list[list[str]]
    edge_changes: int


class Graphs(NamedTuple):
    """A plan's `requires` and `affects` edges, each as a directed graph."""

    requires: "nx.DiGraph[str]"
    affects: "nx.DiGraph[str]"

    def of(self, kind: DependencyKind) -> "nx.DiGraph[str]":
        return self.requires if kind is DependencyKind.REQUIRES else self.affects


_GRAPHS: "OrderedDict[int, tuple[weakref.ref[HasEdges], int, Graphs]]" = OrderedDict()


def graphs_of(plan: HasEdges) -> Graphs:
    entry = _GRAPHS.get(id(plan))
    if entry is not None and entry[0]() is plan and entry[1] == plan.edge_changes:
        _GRAPHS.move_to_end(id(plan))
        return entry[2]
    graphs = Graphs(nx.DiGraph((source, target) for source, target in plan.requires),
                    nx.DiGraph((source, target) for source, target in plan.affects))
    _GRAPHS[id(plan)] = (weakref.ref(plan), plan.edge_changes, graphs)
    while len(_GRAPHS) > _KEPT:
        _GRAPHS.popitem(last=False)
    return graphs


def graphs_changed(plan: HasEdges, change: Callable[[Graphs], object]) -> None:
    """Count one change of the plan's edges, applying it to its kept graphs if they are current."""
    entry = _GRAPHS.get(id(plan))
    plan.edge_changes += 1
    if entry is not None and entry[0]() is plan and entry[1] == plan.edge_changes - 1:
        change(entry[2])
        _GRAPHS[id(plan)] = (entry[0], plan.edge_changes, entry[2])


def check_no_cycle(graph: "nx.DiGraph[str]", source: str, target: str) -> None:
    """Would `source` requiring `target` close a cycle? Only the new edge can: one path search,
    not a whole-graph check."""
    if target in graph and source in graph and nx.has_path(graph, target, source):
        raise DependencyCycleError([source, *nx.shortest_path(graph, target, source)])


def edges_that_may_close_cycles(graph: "nx.DiGraph[str]",
                                edges: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `edges`, added to `graph` one by one in any order and any selection, may close a
    cycle: only those within one strongly connected component of the graph with all of them.
    None, when that graph is acyclic (one topological sort says so), as a plan's usually is."""
    whole: nx.DiGraph[str] = nx.DiGraph(graph)
    whole.add_edges_from((source, target) for source, target in edges if source != target)
    if nx.is_directed_acyclic_graph(whole):
        return set()
    component = {node: index for index, nodes in enumerate(nx.strongly_connected_components(whole))
                 for node in nodes}
    return {(source, target) for source, target in edges
            if source != target and component[source] == component[target]}


def check_dependency(plan: HasEdges, source: str, target: str, kind: DependencyKind,
                     may_close_cycle: bool = True) -> None:
    """May `source` require (or affect) `target`? A new edge, within the limits, and for
    `requires` no cycle (unless the caller has shown it cannot close one)."""
    if source == target:
        raise InvalidValueError(N_("milestone %(key)r cannot depend on itself"), "to",
                                key=source)
    graph = graphs_of(plan).of(kind)
    if graph.has_edge(source, target):
        raise DependencyExistsError(WORDS[kind].exists, "to", source=source, target=target)
    check_room_for_dependencies(plan, kind)
    if source in graph and graph.out_degree(source) >= MAX_DEPENDENCIES_EACH:
        raise InvalidValueError(WORDS[kind].most_each, "from", source=source,
                                most=MAX_DEPENDENCIES_EACH)
    if kind is DependencyKind.REQUIRES and may_close_cycle:
        check_no_cycle(graph, source, target)


def check_room_for_dependencies(plan: HasEdges, kind: DependencyKind, adding: int = 1,
                                field: str = "kind") -> None:
    """A plan holds at most MAX_DEPENDENCIES dependencies of each kind."""
    count = len(plan.requires if kind is DependencyKind.REQUIRES else plan.affects) + adding
    if count > MAX_DEPENDENCIES:
        raise InvalidValueError(WORDS[kind].most, field, most=MAX_DEPENDENCIES, plan=plan.key,
                                count=count)

"""What the dependency web says about a plan: order, critical path, conflicts, blocked, overdue."""

from dataclasses import dataclass
from datetime import date

import networkx as nx

from domain.status import status_in_force
from domain.values import Status
from projections.records import PlanRecord

TROUBLED = frozenset({Status.AT_RISK, Status.OFF_TRACK})
FINISHED = frozenset({Status.ACHIEVED, Status.DROPPED})


@dataclass(frozen=True)
class Conflict:
    """A milestone scheduled before a milestone it requires, or requiring it in a cycle (the
    plan refuses cycles, but a log may hold one recorded through a tampered snapshot)."""

    milestone: str
    target_year: int
    requires: str
    required_target_year: int


@dataclass(frozen=True)
class Blocked:
    """A milestone with a prerequisite, direct or further upstream, at risk or off track."""

    milestone: str
    because: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    """The plan's dependency analysis on one reporting date."""

    on: date
    order: tuple[tuple[str, ...], ...]
    critical_path: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    blocked: tuple[Blocked, ...]
    overdue: tuple[str, ...]


def statuses_on(plan: PlanRecord, on: date) -> dict[str, Status]:
    """Each milestone's status on a date: its report in force then, else planned."""
    return {key: status_in_force(m.reports, on) for key, m in plan.milestones.items()}


def prerequisite_graph(plan: PlanRecord) -> "nx.DiGraph[str]":
    """Edges point from a prerequisite to the milestone that requires it: the order of work."""
    return plan.requires_graph().reverse(copy=False)


def target_years(plan: PlanRecord) -> dict[str, int]:
    return {key: m.target_year for key, m in plan.milestones.items()}


def acyclic_work(plan: PlanRecord) -> tuple["nx.DiGraph[str]", set[tuple[str, str]]]:
    """The order of work without the edges on cycles, and those edges as `requires` pairs
    (dependent, prerequisite)."""
    work = prerequisite_graph(plan)
    looped = cycle_edges(work)
    if looped:  # order and critical path over the rest; the cycle shows among the conflicts
        work = nx.DiGraph(work)  # a copy: the record's graph is shared by every reader
        work.remove_edges_from(looped)
    return work, {(dependent, prerequisite) for prerequisite, dependent in looped}


def schedule_conflicts(plan: PlanRecord, in_cycles: set[tuple[str, str]]) -> tuple[Conflict, ...]:
    years = target_years(plan)
    return tuple(Conflict(source, years[source], target, years[target])
                 for source, target in sorted(plan.requires)
                 if years[source] < years[target] or (source, target) in in_cycles)


def analyse(plan: PlanRecord, on: date) -> Analysis:
    statuses = statuses_on(plan, on)
    work, in_cycles = acyclic_work(plan)
    return Analysis(
        on=on,
        order=tuple(tuple(sorted(generation)) for generation in nx.topological_generations(work)),
        critical_path=critical_path(work, target_years(plan)),
        conflicts=schedule_conflicts(plan, in_cycles),
        blocked=blocked(plan, statuses),
        overdue=tuple(sorted(
            key for key, year in target_years(plan).items()
            if year < on.year and statuses[key] not in FINISHED
        )),
    )


def cycle_edges(graph: "nx.DiGraph[str]") -> list[tuple[str, str]]:
    """Every edge on a cycle: those within a strongly connected group, and loops."""
    looped = list(nx.selfloop_edges(graph))
    for group in nx.strongly_connected_components(graph):
        if len(group) > 1:
            looped += [(a, b) for a, b in graph.subgraph(group).edges if a != b]
    return looped


def critical_path(work: "nx.DiGraph[str] | list[tuple[str, str]]",
                  years: dict[str, int]) -> tuple[str, ...]:
    """The longest `requires` chain, each step weighted by the years it spans (at least one),
    so a chain that takes longer in the plan outweighs an equally long chain within a year.

    `nx.dag_longest_path` over a weighted copy of the graph, worked on plain lists: the same
    order of nodes, predecessors and generations, so the same answer on a tie, in a fifth of
    the time (a what-if works it out twice). `work` is the graph, or its edges (prerequisite,
    dependent) listed once for several sets of years."""
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[tuple[str, int]]] = {}
    steps = work if isinstance(work, list) else list(work.edges)
    for prerequisite, dependent in sorted(steps):  # sorted: the same answer every time
        for node in (prerequisite, dependent):
            if node not in succ:
                succ[node], pred[node] = [], []
        succ[prerequisite].append(dependent)
        pred[dependent].append((prerequisite, 1 + max(0, years[dependent] - years[prerequisite])))
    dist: dict[str, tuple[int, str]] = {}
    for node in topological_order(succ, pred):
        reached = [(dist[before][0] + weight, before) for before, weight in pred[node]]
        dist[node] = max(reached, key=lambda step: step[0]) if reached else (0, node)
    if not dist:
        return ()
    path, node, previous = [], max(dist, key=lambda key: dist[key][0]), None
    while previous != node:
        path.append(node)
        previous, node = node, dist[node][1]
    return tuple(reversed(path))


def topological_order(succ: dict[str, list[str]],
                      pred: dict[str, list[tuple[str, int]]]) -> list[str]:
    """Kahn's generations, in the order `nx.topological_generations` gives them."""
    waiting = {node: len(before) for node, before in pred.items() if before}
    generation = [node for node, before in pred.items() if not before]
    order: list[str] = []
    while generation:
        order += generation
        following = []
        for node in generation:
            for after in succ[node]:
                waiting[after] -= 1
                if waiting[after] == 0:
                    following.append(after)
                    del waiting[after]
        generation = following
    return order


def blocked(plan: PlanRecord, statuses: dict[str, Status]) -> tuple[Blocked, ...]:
    web = plan.dependency_web
    troubled = web.bits(key for key, status in statuses.items() if status in TROUBLED)
    result = []
    for key in sorted(plan.milestones):
        if statuses[key] in FINISHED:
            continue
        upstream = web.upstream_bits(key) & troubled
        if upstream:
            result.append(Blocked(key, web.named(upstream)))
    return tuple(result)


def status_totals(plan: PlanRecord, on: date) -> dict[str, dict[Status, int]]:
    """How many milestones of each focus area are in each status on a date."""
    statuses = statuses_on(plan, on)
    totals = {area.key: dict.fromkeys(Status, 0) for area in plan.focus_areas}
    for key, milestone in plan.milestones.items():
        totals[milestone.focus_area][statuses[key]] += 1
    return totals

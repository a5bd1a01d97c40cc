"""The goal map as Graphviz DOT, in the strategic map's frame (`map_dot`): the top-level goals
head their lanes, each deeper level of the tree is a column, and the milestones that serve the
goals stand in a last column, drawn as on the strategic map.

A goal wears its assessment's colours, shape and icon, and its metrics' results as icons with
counts, so neither colour alone nor the tooltip alone carries anything.
"""

import textwrap
from urllib.parse import quote as url_quote

from graphviz import Digraph

from domain.goal_words import ASSESSMENT_WORDS, RESULT_WORDS, assessment_words, result_words
from projections.goal_map import GoalMap, GoalNode
from projections.renderers.map_dot import (
    add_edge,
    add_milestone,
    header_row,
    lane_cluster,
    legend,
    map_graph,
    order_rows,
    same_rank,
    styled_node,
    text,
)
from projections.renderers.map_links import milestone_link
from projections.renderers.map_style import ASSESSMENT_STYLES, STATUS_STYLES, WORDS

EDGES = {"contains": [("color", "#7A7A7A"), ("arrowhead", "none")],
         "serves": [("color", "#0072B2"), ("style", "dashed"), ("dir", "back")]}


def goal_map_dot(goal_map: GoalMap, link_prefix: str = "") -> str:
    """The goal map as DOT; a plan without goals gets its title and a sentence saying so."""
    m, words = goal_map, WORDS[goal_map.lang]
    title = (f"{words['goal_map']}: {m.title}\n{words['assessed_on']} {m.on.isoformat()}"
             f" · {words['log']} {m.position}")
    dot = map_graph("malkarta", title, len(m.goals) + len(m.milestones))
    if not m.lanes:
        dot.node("empty", label=text(str(words["no_goals"])), shape="plaintext", fontsize="12")
        source: str = dot.source
        return source
    header_row(dot, m.columns[0], [*((f"h:{depth}", name) for depth, name in enumerate(m.columns)
                                     if depth), ("h:milestones", str(words["milestones"]))])
    for index, lane in enumerate(m.lanes):
        with lane_cluster(dot, lane.key, index) as cluster:
            for goal in m.goals:
                if goal.lane == lane.key:
                    add_goal(cluster, goal, m, link_prefix)
    for milestone in m.milestones:
        add_milestone(dot, milestone, m.lang, milestone_link(m.plan, milestone, link_prefix))
    order_rows(dot, [(lane.key, f"g:{lane.key}") for lane in m.lanes],
               lambda graph: add_goal_legend(graph, m.lang))
    for depth in range(1, len(m.columns)):
        same_rank(dot, [f"h:{depth}", *(f"g:{g.key}" for g in m.goals if g.depth == depth)])
    same_rank(dot, ["h:milestones", *(f"m:{n.key}" for n in m.milestones)])
    for edge in m.edges:
        tail, head = (f"g:{edge.source}", f"g:{edge.target}") if edge.kind == "contains" else (
            f"g:{edge.target}", f"m:{edge.source}")  # left to right: goal, then its milestone
        add_edge(dot, tail, head, [*EDGES[edge.kind], ("constraint", "false")])
    source = dot.source
    return source


def result_marks(goal: GoalNode) -> str:
    """The metrics' results as icons with counts ("●2 ◐1 –3"), results without metrics left out."""
    return "  ".join(f"{RESULT_WORDS[result].icon}{count}" for result, count in goal.results.items() if count)


def goal_tooltip(goal: GoalNode, lang: str) -> str:
    """The goal, its assessment and its metrics' results in words."""
    counts = ", ".join(f"{count} {result_words(result, lang).name}"
                       for result, count in goal.results.items() if count)
    metrics = f"; {sum(goal.results.values())} {WORDS[lang]['metrics']}: {counts}" if counts else ""
    return f"{goal.key}: {goal.title} ({assessment_words(goal.assessment, lang).name}{metrics})"


def goal_url(goal_map: GoalMap, goal: GoalNode, link_prefix: str) -> str:
    return f"{link_prefix}/plans/{url_quote(goal_map.plan)}/goals/{url_quote(goal.key)}"


def add_goal(graph: Digraph, goal: GoalNode, goal_map: GoalMap, link_prefix: str) -> None:
    marks = result_marks(goal)
    label = (f"{ASSESSMENT_WORDS[goal.assessment].icon} {goal.key}\n"
             + textwrap.fill(goal.title, 26, max_lines=3, placeholder=" …")
             + (f"\n{marks}" if marks else ""))
    styled_node(graph, f"g:{goal.key}", label, goal_tooltip(goal, goal_map.lang),
                goal_url(goal_map, goal, link_prefix), ASSESSMENT_STYLES[goal.assessment])


def add_goal_legend(graph: Digraph, lang: str) -> list[str]:
    """The goals' assessments and metric marks, the milestones' statuses, and the two lines."""
    words = WORDS[lang]
    return legend(graph, words["legend"], [
        ("goals", f"{words['goals']}:", None),
        *((assessment, f"{ASSESSMENT_WORDS[assessment].icon} {assessment_words(assessment, lang).name}",
           style) for assessment, style in ASSESSMENT_STYLES.items()),
        *((result, f"{RESULT_WORDS[result].icon} {words['metrics']}: {result_words(result, lang).name}",
           None) for result in RESULT_WORDS),
        ("milestones", f"{words['milestones']}:", None),
        *((status.value, f"{style.icon} {words[status]}", style)
          for status, style in STATUS_STYLES.items()),
        ("contains", f"─── {words['contains']}", None), ("serves", f"◀- - {words['serves']}", None)])

"""The goal map as a plain grid, drawn without Graphviz (the fallback, as `map_grid` is for the
strategic map): lanes are the top-level goals, columns the tree's depths and then the
milestones, each milestone in the lane of the first goal it serves."""

import textwrap

from domain.goal_words import ASSESSMENT_WORDS
from projections.goal_map import GoalMap
from projections.renderers.goal_map_dot import goal_tooltip, goal_url, result_marks
from projections.renderers.map_grid import (
    COLUMN,
    GAP,
    LANE_LABEL,
    box,
    finished,
    frame,
    line,
    milestone_box,
    stacked,
)
from projections.renderers.map_links import milestone_link
from projections.renderers.map_style import ASSESSMENT_STYLES, WORDS


def goal_map_grid(goal_map: GoalMap, link_prefix: str = "") -> bytes:
    """The goal map as SVG in a fixed grid, with a note that it is the plain fallback."""
    m, words = goal_map, WORDS[goal_map.lang]
    milestones_column = len(m.columns)
    lane_of = {goal.key: goal.lane for goal in m.goals}
    cells: dict[tuple[str, int], list[str]] = {}
    for goal in m.goals:
        cells.setdefault((goal.lane, goal.depth), []).append(f"g:{goal.key}")
    first_goal = {edge.source: edge.target for edge in reversed(m.edges) if edge.kind == "serves"}
    for milestone in m.milestones:
        cells.setdefault((lane_of[first_goal[milestone.key]], milestones_column), []).append(
            f"m:{milestone.key}")
    tops, height, places = stacked(cells, [lane.key for lane in m.lanes], milestones_column + 1)
    width = LANE_LABEL + COLUMN * (milestones_column + 1) + GAP
    parts = frame(width, height, f"{words['goal_map']}: {m.title}",
                  f"{words['assessed_on']} {m.on.isoformat()} · {words['log']} {m.position}",
                  str(words["goal_grid"] if m.lanes else words["no_goals"]),
                  "", [*m.columns, str(words["milestones"])],
                  [(lane.name, tops[lane.key]) for lane in m.lanes])
    for edge in m.edges:
        ends = ((f"g:{edge.source}", f"g:{edge.target}") if edge.kind == "contains"
                else (f"m:{edge.source}", f"g:{edge.target}"))
        parts.append(line(places[ends[0]], places[ends[1]], edge.kind == "serves"))
    for goal in m.goals:
        lines = [f"{ASSESSMENT_WORDS[goal.assessment].icon} {goal.key}  {result_marks(goal)}",
                 *textwrap.wrap(goal.title, 30, max_lines=2, placeholder=" …")]
        parts.append(box(f"g:{goal.key}", *places[f"g:{goal.key}"], goal_url(m, goal, link_prefix),
                         goal_tooltip(goal, m.lang), lines, ASSESSMENT_STYLES[goal.assessment]))
    for milestone in m.milestones:
        parts.append(milestone_box(milestone, *places[f"m:{milestone.key}"], m.lang,
                                   milestone_link(m.plan, milestone, link_prefix)))
    return finished(parts)

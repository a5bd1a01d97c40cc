"""The strategic map as Graphviz DOT: lanes as clusters, years as rank=same columns (newrank).

Measured on Graphviz 2.43: only this encoding keeps both lanes and year columns; the lanes'
order is fixed by invisible flat edges between their label nodes in the first column.
"""

import re
import textwrap
from urllib.parse import quote

from projections.map_style import HIGHLIGHT_COLOURS, STATUS_STYLES, WORDS
from projections.strategic_map import MapNode, StrategicMap

LARGE_MAP = 300  # above this, mclimit trades crossing quality for layout time


# Characters XML 1.0 forbids (dot copies them into the SVG, which then does not parse; a NUL
# even ends dot's input): each becomes U+FFFD, so the text stays visible as text.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A DOT double-quoted string; the text stays text (dot escapes it again for SVG/XML).

    dot reads `&name;` and `&#n;` in strings as entities and copies them into the SVG as
    they are, so `&` is escaped too: a title `&#1;` comes out as those four characters.
    """
    escaped = (NOT_IN_XML.sub("\ufffd", text).replace("\\", "\\\\").replace('"', '\\"')
               .replace("&", "&amp;").replace("\r", ""))
    return '"' + escaped.replace("\n", "\\n") + '"'


def node_id(key: str) -> str:
    return quoted("m:" + key)


def to_dot(strategic_map: StrategicMap, link_prefix: str = "", splines: str = "") -> str:
    """The map as DOT. `splines="curved"` is the fallback for when dot's default edge routing
    fails: Graphviz 2.43 loses some edges between lanes within one year column ("lost edge")."""
    m, words = strategic_map, WORDS[strategic_map.lang]
    title = (f"{words['map']}: {m.title}\n{words['status_on']} {m.on.isoformat()}"
             f" · {words['log']} {m.position}")
    lines = [
        "digraph strategikarta {",
        f"  graph [{f'splines={splines}, ' if splines else ''}"
        f"newrank=true, rankdir=LR, compound=true, nodesep=0.18, ranksep=0.5, "
        f"fontname=\"DejaVu Sans\", fontsize=16, labelloc=t, label={quoted(title)}"
        f"{', mclimit=0.1' if len(m.nodes) > LARGE_MAP else ''}];",
        '  node [fontname="DejaVu Sans", fontsize=10, margin="0.1,0.05"];',
        '  edge [fontname="DejaVu Sans", fontsize=9, arrowsize=0.7];',
    ]
    lines.append('  subgraph "cluster_years" { peripheries=0; label="";')
    lines.append(f'    "h:lanes" [shape=plaintext, fontsize=12, label={quoted(words["focus_area"])}];')
    lines += [f'    "h:{year}" [shape=plaintext, fontsize=14, label="{year}"];' for year in m.years]
    lines.append("    " + " -> ".join(['"h:lanes"', *[f'"h:{y}"' for y in m.years]])
                 + " [style=invis];")
    lines.append("  }")
    by_lane: dict[str, list[MapNode]] = {lane.key: [] for lane in m.lanes}
    for node in m.nodes:
        by_lane.setdefault(node.focus_area, []).append(node)
    for index, lane in enumerate(m.lanes):
        fill = "#F4F6F8" if index % 2 == 0 else "#FFFFFF"
        lines.append(f"  subgraph {quoted('cluster_lane_' + lane.key)} {{")
        lines.append(f'    style=filled; color="#C8CDD2"; fillcolor="{fill}"; label="";')
        lines.append(f"    {quoted('lane:' + lane.key)} [shape=plaintext, fontsize=12, "
                     f"label={quoted(textwrap.fill(lane.name, 18, break_long_words=False))}];")
        lines += [f"    {milestone_node(node, strategic_map, link_prefix)}"
                  for node in by_lane[lane.key]]
        lines.append("  }")
    # Row order (years header, then lanes in plan order): invisible anchors outside the
    # clusters, ordered by flat edges (which dot honours between plain nodes; in LR the tail
    # goes above the head), each tied to its row by a heavy edge whose crossings mincross
    # avoids above all others. Flat edges into clusters can crash dot ("lost edge").
    rows = [("years", '"h:lanes"')] + [(lane.key, quoted("lane:" + lane.key)) for lane in m.lanes]
    anchors = [quoted("a:" + key) for key, _ in rows]
    lines += [f"  {anchor} [shape=point, style=invis];" for anchor in anchors]
    lines.append(f"  {{rank=same; {'; '.join(anchors)}; \"legend\";}}")
    lines.append("  " + " -> ".join([*anchors, '"legend"']) + " [style=invis];")
    lines += [f"  {anchor} -> {row} [style=invis, weight=1000];"
              for anchor, (_, row) in zip(anchors, rows, strict=True)]
    lane_ids = [row for key, row in rows[1:]]
    lines.append(f"  {{rank=same; \"h:lanes\"; {'; '.join(lane_ids)}}}")
    for year in m.years:
        column = [node_id(n.key) for n in m.nodes if n.target_year == year]
        lines.append(f"  {{rank=same; \"h:{year}\"; {'; '.join(column)}}}")
    lines += [dependency_edge(edge.source, edge.target, edge.kind, edge.highlights)
              for edge in m.edges]
    lines.append(f"  legend [shape=plaintext, label=<{legend(m.lang)}>];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def milestone_node(node: MapNode, strategic_map: StrategicMap, link_prefix: str) -> str:
    words, style = WORDS[strategic_map.lang], STATUS_STYLES[node.status]
    label = f"{style.icon} {node.key}\n" + textwrap.fill(node.title, 26, max_lines=3,
                                                         placeholder=" …")
    tooltip = (f"{node.key}: {node.title} ({words['target_year']} {node.target_year}; "
               f"{words[node.status]})")
    border, penwidth = style.border, style.penwidth
    marks = [h for h in ("conflicts", "blocked", "blocking", "critical_path") if h in node.highlights]
    if marks:
        border, penwidth = HIGHLIGHT_COLOURS[marks[0]], 3.5
    url = f"{link_prefix}/plans/{quote(strategic_map.plan)}/milestones/{quote(node.key)}"
    return (f"{node_id(node.key)} [label={quoted(label)}, tooltip={quoted(tooltip)}, "
            f"URL={quoted(url)}, target=\"_top\", shape={style.shape}, style=\"{style.style}\", "
            f"fillcolor=\"{style.fill}\", color=\"{border}\", fontcolor=\"{style.font}\", "
            f"penwidth={penwidth}, peripheries={style.peripheries}, width=2.3];")


def dependency_edge(source: str, target: str, kind: str, highlights: tuple[str, ...]) -> str:
    # Work flows from prerequisite to dependent, so `requires` arrows point from the target.
    # constraint=false: the year columns alone decide left and right, even for conflicts.
    if kind == "requires":
        attrs = ['color="#333333"', "penwidth=1.2"]
        tail, head = target, source
    else:
        attrs = ['style=dashed', 'color="#7A7A7A"', "arrowhead=vee"]
        tail, head = source, target
    if highlights:
        attrs = [f'color="{HIGHLIGHT_COLOURS[highlights[0]]}"', "penwidth=3"]
        if "conflicts" in highlights:
            attrs.append('label="!"')
    return f"  {node_id(tail)} -> {node_id(head)} [{', '.join(attrs)}, constraint=false];"


def legend(lang: str) -> str:
    words = WORDS[lang]
    rows = [f'<TR><TD COLSPAN="2"><B>{words["legend"]}</B></TD></TR>']
    for status, style in STATUS_STYLES.items():
        rows.append(f'<TR><TD BGCOLOR="{style.fill}"><FONT COLOR="{style.font}">{style.icon}'
                    f'</FONT></TD><TD ALIGN="LEFT">{words[status]}</TD></TR>')
    rows.append(f'<TR><TD>──▶</TD><TD ALIGN="LEFT">{words["requires"]}</TD></TR>')
    rows.append(f'<TR><TD>- - ▷</TD><TD ALIGN="LEFT">{words["affects"]}</TD></TR>')
    return ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">'
            + "".join(rows) + "</TABLE>")

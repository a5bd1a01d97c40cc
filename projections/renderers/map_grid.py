"""The map as a plain grid, drawn without Graphviz: the fallback for when no layout can be had.

Lanes are rows, years are columns, each milestone a box in its cell with its status's colours
and icon and a link to its page, dependencies straight lines under the boxes. Plain SVG written
here, so it takes time in proportion to the plan and cannot fail on any plan's shape.
"""

import textwrap
from urllib.parse import quote as url_quote
from xml.sax.saxutils import escape, quoteattr

from projections.renderers.map_dot import FONT, NOT_IN_XML
from projections.renderers.map_style import STATUS_STYLES, WORDS
from projections.strategic_map import MapNode, StrategicMap

LANE_LABEL, COLUMN, BOX_WIDTH, BOX_HEIGHT, GAP, HEADER = 170, 210, 190, 46, 8, 110


def plain(value: str) -> str:
    return escape(NOT_IN_XML.sub("\ufffd", value).replace("\r", ""))


def attr(value: str) -> str:
    return quoteattr(NOT_IN_XML.sub("\ufffd", value).replace("\r", ""))


def lines_at(x: float, y: float, lines: list[str], size: int, anchor: str = "middle",
             colour: str = "#000000", weight: str = "normal") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else size + 2}">{plain(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size}" fill="{colour}" '
            f'font-weight="{weight}" text-anchor="{anchor}">{spans}</text>')


def grid_svg(strategic_map: StrategicMap, link_prefix: str = "") -> bytes:
    """The map as SVG in a fixed grid, with a note that it is the plain fallback."""
    m, words = strategic_map, WORDS[strategic_map.lang]
    years = sorted({*m.years, *(node.target_year for node in m.nodes)})  # none left out, ever
    column_of = {year: index for index, year in enumerate(years)}
    cells: dict[tuple[str, int], list[MapNode]] = {}
    for node in m.nodes:
        cells.setdefault((node.focus_area, node.target_year), []).append(node)
    tops, y = {}, HEADER
    for lane in m.lanes:
        deepest = max((len(cells.get((lane.key, year), [])) for year in years), default=0)
        tops[lane.key], y = y, y + max(1, deepest) * (BOX_HEIGHT + GAP) + 2 * GAP
    width, height = LANE_LABEL + COLUMN * len(years) + GAP, y + GAP
    places = {node.key: (LANE_LABEL + column_of[node.target_year] * COLUMN + (COLUMN - BOX_WIDTH) / 2,
                         tops[node.focus_area] + GAP + index * (BOX_HEIGHT + GAP))
              for (lane, _), nodes in cells.items() if lane in tops
              for index, node in enumerate(nodes)}
    title = textwrap.wrap(f"{words['map']}: {m.title}", 110, max_lines=1, placeholder=" …") or [""]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}">',
             f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
             lines_at(GAP, 22, title, 14, "start"),
             lines_at(GAP, 42, [f"{words['status_on']} {m.on.isoformat()} · {words['log']} {m.position}"],
                      12, "start"),
             lines_at(GAP, 62, [str(words["plain_grid"])], 11, "start", "#6B2F00"),
             lines_at(GAP, HEADER - 14, [str(words["focus_area"])], 12, "start")]
    parts += [lines_at(LANE_LABEL + i * COLUMN + COLUMN / 2, HEADER - 14, [str(year)], 14)
              for i, year in enumerate(years)]
    for index, lane in enumerate(m.lanes):
        top = tops[lane.key]
        bottom = tops[m.lanes[index + 1].key] if index + 1 < len(m.lanes) else height - GAP
        parts.append(f'<rect x="{GAP / 2:g}" y="{top}" width="{width - GAP}" height="{bottom - top - 2}" '
                     f'fill="{"#F4F6F8" if index % 2 == 0 else "#FFFFFF"}" stroke="#C8CDD2"/>')
        parts.append(lines_at(GAP * 2, top + 20, textwrap.wrap(lane.name, 20)[:4] or [""], 12, "start"))
    for edge in m.edges:
        if edge.source in places and edge.target in places:
            (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
            dash = ' stroke-dasharray="5,3"' if edge.kind == "affects" else ""
            parts.append(f'<line x1="{x1 + BOX_WIDTH / 2:g}" y1="{y1 + BOX_HEIGHT / 2:g}" '
                         f'x2="{x2 + BOX_WIDTH / 2:g}" y2="{y2 + BOX_HEIGHT / 2:g}" '
                         f'stroke="#7A7A7A" stroke-width="1"{dash}/>')
    for node in m.nodes:
        if node.key in places:
            parts.append(milestone_box(node, *places[node.key], m, link_prefix))
    parts.append("</svg>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(parts) + "\n").encode("utf-8")


def milestone_box(node: MapNode, x: float, y: float, m: StrategicMap, link_prefix: str) -> str:
    style, words = STATUS_STYLES[node.status], WORDS[m.lang]
    url = f"{link_prefix}/plans/{url_quote(m.plan)}/milestones/{url_quote(node.key)}"
    tooltip = f"{node.key}: {node.title} ({words['target_year']} {node.target_year}; {words[node.status]})"
    dash = ' stroke-dasharray="4,2"' if "dashed" in style.style else ""
    lines = [f"{style.icon} {node.key}", *textwrap.wrap(node.title, 30, max_lines=2, placeholder=" …")]
    return (f'<a xlink:href={attr(url)} xlink:title={attr(tooltip)} target="_top"><g class="node">'
            f'<title>{plain("m:" + node.key)}</title>'
            f'<rect x="{x:g}" y="{y:g}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
            f'fill="{style.fill}" stroke="{style.border}" stroke-width="{style.penwidth:g}"{dash}/>'
            + lines_at(x + BOX_WIDTH / 2, y + 13, lines, 9, colour=style.font) + "</g></a>")

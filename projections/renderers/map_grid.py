"""The map as a plain grid, drawn without Graphviz: the fallback for when no layout can be had.

Lanes are rows, years are columns, each milestone a box in its cell with its status's colours
and icon and a link to its page, dependencies straight lines under the boxes. Plain SVG written
here, so it takes time in proportion to the plan and cannot fail on any plan's shape.
"""

import textwrap
from xml.sax.saxutils import escape, quoteattr

from projections.renderers.map_dot import FONT, NOT_IN_XML
from projections.renderers.map_links import milestone_link
from projections.renderers.map_style import STATUS_STYLES, WORDS, StatusStyle
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
    cells: dict[tuple[str, int], list[str]] = {}
    for node in m.nodes:
        cells.setdefault((node.focus_area, column_of[node.target_year]), []).append(node.key)
    tops, height, places = stacked(cells, [lane.key for lane in m.lanes], len(years))
    width = LANE_LABEL + COLUMN * len(years) + GAP
    parts = frame(width, height, f"{words['map']}: {m.title}",
                  f"{words['status_on']} {m.on.isoformat()} · {words['log']} {m.position}",
                  str(words["plain_grid"]), str(words["focus_area"]), [str(year) for year in years],
                  [(lane.name, tops[lane.key]) for lane in m.lanes])
    for edge in m.edges:
        if edge.source in places and edge.target in places:
            parts.append(line(places[edge.source], places[edge.target], edge.kind == "affects"))
    for node in m.nodes:
        if node.key in places:
            parts.append(milestone_box(node, *places[node.key], m.lang,
                                       milestone_link(m.plan, node, link_prefix, m.proposal)))
    return finished(parts)


def stacked(cells: dict[tuple[str, int], list[str]], lanes: list[str], columns: int) -> tuple[
        dict[str, int], int, dict[str, tuple[float, int]]]:
    """Each lane's top, the grid's height and the place of every box: the boxes of a cell (lane,
    column) stacked in it, a lane as tall as its fullest cell."""
    tops: dict[str, int] = {}
    y = HEADER
    for lane in lanes:
        deepest = max((len(cells.get((lane, column), [])) for column in range(columns)), default=0)
        tops[lane], y = y, y + max(1, deepest) * (BOX_HEIGHT + GAP) + 2 * GAP
    places = {name: (LANE_LABEL + column * COLUMN + (COLUMN - BOX_WIDTH) / 2,
                     tops[lane] + GAP + index * (BOX_HEIGHT + GAP))
              for (lane, column), names in cells.items() if lane in tops
              for index, name in enumerate(names)}
    return tops, y + GAP, places


def frame(width: int, height: int, title: str, subtitle: str, note: str, lanes_header: str,
          columns: list[str], lanes: list[tuple[str, int]]) -> list[str]:
    """The grid's page: its title and note, the columns' headers, each lane (name, top) shaded
    to the next lane's top."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}">',
             f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
             lines_at(GAP, 22, textwrap.wrap(title, 110, max_lines=1, placeholder=" …") or [""],
                      14, "start"),
             lines_at(GAP, 42, [subtitle], 12, "start"),
             lines_at(GAP, 62, [note], 11, "start", "#6B2F00"),
             lines_at(GAP, HEADER - 14, [lanes_header], 12, "start")]
    parts += [lines_at(LANE_LABEL + i * COLUMN + COLUMN / 2, HEADER - 14, [column], 14)
              for i, column in enumerate(columns)]
    for index, (name, top) in enumerate(lanes):
        bottom = lanes[index + 1][1] if index + 1 < len(lanes) else height - GAP
        parts.append(f'<rect x="{GAP / 2:g}" y="{top}" width="{width - GAP}" height="{bottom - top - 2}" '
                     f'fill="{"#F4F6F8" if index % 2 == 0 else "#FFFFFF"}" stroke="#C8CDD2"/>')
        parts.append(lines_at(GAP * 2, top + 20, textwrap.wrap(name, 20)[:4] or [""], 12, "start"))
    return parts


def line(start: tuple[float, float], end: tuple[float, float], dashed: bool) -> str:
    """A straight line between the middles of two boxes placed at `start` and `end`."""
    (x1, y1), (x2, y2) = start, end
    dash = ' stroke-dasharray="5,3"' if dashed else ""
    return (f'<line x1="{x1 + BOX_WIDTH / 2:g}" y1="{y1 + BOX_HEIGHT / 2:g}" '
            f'x2="{x2 + BOX_WIDTH / 2:g}" y2="{y2 + BOX_HEIGHT / 2:g}" '
            f'stroke="#7A7A7A" stroke-width="1"{dash}/>')


def finished(parts: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join([*parts, "</svg>"])
            + "\n").encode("utf-8")


def milestone_box(node: MapNode, x: float, y: float, lang: str, url: str) -> str:
    style, words = STATUS_STYLES[node.status], WORDS[lang]
    tooltip = f"{node.key}: {node.title} ({words['target_year']} {node.target_year}; {words[node.status]})"
    lines = [f"{style.icon} {node.key}", *textwrap.wrap(node.title, 30, max_lines=2, placeholder=" …")]
    return box(f"m:{node.key}", x, y, url, tooltip, lines, style)


def box(name: str, x: float, y: float, url: str, tooltip: str, lines: list[str],
        style: StatusStyle) -> str:
    """A node's box in its look, linked to its page, titled as Graphviz titles it."""
    dash = ' stroke-dasharray="4,2"' if "dashed" in style.style else ""
    return (f'<a xlink:href={attr(url)} xlink:title={attr(tooltip)} target="_top"><g class="node">'
            f'<title>{plain(name)}</title>'
            f'<rect x="{x:g}" y="{y:g}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
            f'fill="{style.fill}" stroke="{style.border}" stroke-width="{style.penwidth:g}"{dash}/>'
            + lines_at(x + BOX_WIDTH / 2, y + 13, lines, 9, colour=style.font) + "</g></a>")

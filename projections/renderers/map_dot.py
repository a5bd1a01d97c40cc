"""The strategic map as Graphviz DOT, built with the `graphviz` package (`graphviz.Digraph`): lanes
as clusters, years as rank=same columns (newrank).

Measured on Graphviz 2.43, holding on 16.1: only this encoding keeps both lanes and year columns;
the rows' order (the years header, then the lanes in plan order) is fixed by invisible anchor nodes
outside the clusters (see `to_dot`).

The package writes the statements and quotes IDs and attribute values where DOT needs it, escaping
their double quotes; `text()` marks every text from a plan with the package's `escape()` and adds
only what the package leaves to us. Edge statements are the exception: `Digraph.edge()` reads a
colon in a node name as a port ("m:A" would be node `m`, port `A`; a documented limitation, see
https://github.com/xflr6/graphviz/issues/53), so `add_edge` writes them as `body` lines, their
IDs and attributes still quoted by the package.
"""

import functools
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise

from graphviz import Digraph, escape, quoting

from domain.values import Status
from projections.renderers.map_links import milestone_link
from projections.renderers.map_style import HIGHLIGHT_COLOURS, STATUS_STYLES, WORDS, StatusStyle
from projections.strategic_map import MapNode, StrategicMap

LARGE_MAP = 300  # above this, mclimit trades crossing quality for layout time
FONT = "DejaVu Sans"

# Characters XML 1.0 forbids (dot copies them into the SVG, which then does not parse; a NUL
# even ends dot's input; a lone surrogate cannot even be written as UTF-8): each becomes U+FFFD,
# so the text stays visible as text.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """A plan's text as an attribute value that dot shows as typed (labels, tooltips, URLs).

    The package does the DOT part: `escape()` doubles backslashes (no escString sequences such as
    `\\N` or `\\l`) and keeps a text like `<b>x</b>` from being read as an HTML-like label; its
    quoting escapes `"`. Ours is the rest, measured on Graphviz 2.43 and 16.1: dot reads `&name;` and
    `&#n;` in strings as entities and copies them into the SVG as they are, so `&` is escaped too (a
    title `&#1;` comes out as those four characters); characters XML 1.0 forbids become U+FFFD;
    a carriage return is dropped (dot would write it into the SVG as `&#13;`). A newline stays:
    dot breaks the line there just as at `\\n`, in labels and in tooltips.
    """
    escaped: str = escape(NOT_IN_XML.sub("\ufffd", value).replace("&", "&amp;").replace("\r", ""))
    return escaped  # a graphviz.quoting.NoHtml: quoted as a string even if it looks like <...>


@functools.lru_cache(maxsize=4096, typed=True)
def quoted(value: str) -> str:
    """The package's quoting, remembered (`typed`: a NoHtml text apart from an equal str): a map
    repeats the same names, colours and shapes thousands of times. Measured: `to_dot` for 500
    milestones in a third of the time, which matters now that the layout is as fast as it is."""
    result: str = quoting.quote(value)
    return result


def attribute_list(attributes: list[tuple[str, str]]) -> str:
    """` [name=value ...]` in the given order, as the package's `attr_list` writes it."""
    return f" [{' '.join(f'{quoted(name)}={quoted(value)}' for name, value in attributes)}]"


def add_edge(graph: Digraph, tail: str, head: str, attributes: list[tuple[str, str]]) -> None:
    """`tail -> head` with the attributes in the given order, as a `body` line (see the module's
    docstring): `graph.edge()` cannot take our node names, which keep their colons because they
    are the SVG's <title>s."""
    graph.body.append(f"\t{quoted(tail)} -> {quoted(head)}{attribute_list(attributes)}\n")


def add_node(graph: Digraph, name: str, attributes: list[tuple[str, str]]) -> None:
    """A node statement as `graph.node()` writes it, through the remembered quoting."""
    graph.body.append(f"\t{quoted(name)}{attribute_list(attributes)}\n")


def same_rank(graph: Digraph, names: list[str]) -> None:
    """An anonymous `{rank=same ...}` subgraph of existing nodes."""
    with graph.subgraph() as group:
        group.attr(rank="same")
        for name in names:
            group.node(name)


def map_graph(name: str, title: str, size: int) -> Digraph:
    """A map's graph: left to right, its title on top, `size` nodes (a large map lays out
    faster)."""
    graph_attr = {"newrank": "true", "rankdir": "LR", "compound": "true", "nodesep": "0.18",
                  "ranksep": "0.5", "fontname": FONT, "fontsize": "16", "labelloc": "t",
                  "label": text(title)}
    if size > LARGE_MAP:
        graph_attr["mclimit"] = "0.1"
    return Digraph(name, graph_attr=graph_attr,
                   node_attr={"fontname": FONT, "fontsize": "10", "margin": "0.1,0.05"},
                   edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})


def header_row(graph: Digraph, lanes_label: str, columns: list[tuple[str, str]]) -> None:
    """The header above the lanes: `h:lanes` over the lanes' names, then each column's
    `(name, label)` left to right."""
    with graph.subgraph(name="cluster_years") as header:
        header.attr(peripheries="0", label="")
        header.node("h:lanes", label=text(lanes_label), shape="plaintext", fontsize="12")
        for name, label in columns:
            header.node(name, label=text(label), shape="plaintext", fontsize="14")
        for tail, head in pairwise(["h:lanes", *[name for name, _ in columns]]):
            add_edge(header, tail, head, [("style", "invis")])


def order_rows(graph: Digraph, lane_heads: list[tuple[str, str]],
               add_legend: Callable[[Digraph], list[str]]) -> None:
    """The header, then the lanes in the given order (`(key, head node)`), the legend below.

    Invisible anchors outside the clusters, ordered by flat edges (which dot honours between
    plain nodes; in LR the tail goes above the head), each tied to its row by a heavy edge whose
    crossings mincross avoids above all others. Flat edges into clusters can crash dot ("lost
    edge"). The rows' heads share the first column."""
    rows = [("years", "h:lanes"), *lane_heads]
    anchors = [f"a:{key}" for key, _ in rows]
    for anchor in anchors:
        graph.node(anchor, shape="point", style="invis")
    column = [*anchors, *add_legend(graph)]  # the legend below the rows, left
    same_rank(graph, column)
    for tail, head in pairwise(column):
        add_edge(graph, tail, head, [("style", "invis")])
    for anchor, (_, row) in zip(anchors, rows, strict=True):
        add_edge(graph, anchor, row, [("style", "invis"), ("weight", "1000")])
    same_rank(graph, [row for _, row in rows])


@contextmanager
def lane_cluster(graph: Digraph, key: str, index: int) -> Iterator[Digraph]:
    """A lane's cluster, shaded every other lane."""
    with graph.subgraph(name=f"cluster_lane_{key}") as cluster:
        cluster.attr(style="filled", color="#C8CDD2",
                     fillcolor="#F4F6F8" if index % 2 == 0 else "#FFFFFF", label="")
        yield cluster


def to_dot(strategic_map: StrategicMap, link_prefix: str = "") -> str:
    """The map as DOT."""
    m, words = strategic_map, WORDS[strategic_map.lang]
    title = (f"{words['map']}: {m.title}\n{words['status_on']} {m.on.isoformat()}"
             f" · {words['log']} {m.position}")
    if m.slip is not None:
        title += f"\n{words['what_if']}: {m.slip[0]} → {m.slip[1]}"
    if m.proposal is not None:
        title += f"\n{words['proposal']}: {m.proposal}"
    dot = map_graph("strategikarta", title, len(m.nodes))
    header_row(dot, str(words["focus_area"]), [(f"h:{year}", str(year)) for year in m.years])
    by_lane: dict[str, list[MapNode]] = {lane.key: [] for lane in m.lanes}
    for node in m.nodes:
        by_lane.setdefault(node.focus_area, []).append(node)
    for index, lane in enumerate(m.lanes):
        with lane_cluster(dot, lane.key, index) as cluster:
            cluster.node(f"lane:{lane.key}", shape="plaintext", fontsize="12",
                         label=text(textwrap.fill(lane.name, 18, break_long_words=False)))
            for node in by_lane[lane.key]:
                add_milestone(cluster, node, m.lang,
                              milestone_link(m.plan, node, link_prefix, m.proposal))
    order_rows(dot, [(lane.key, f"lane:{lane.key}") for lane in m.lanes],
               lambda graph: add_legend(graph, m.lang))
    for year in m.years:
        same_rank(dot, [f"h:{year}", *[f"m:{n.key}" for n in m.nodes if n.target_year == year]])
    for edge in m.edges:
        dependency_edge(dot, edge.source, edge.target, edge.kind, edge.highlights)
    source: str = dot.source
    return source


def add_milestone(graph: Digraph, node: MapNode, lang: str, url: str) -> None:
    words, style = WORDS[lang], STATUS_STYLES[node.status]
    label = f"{style.icon} {node.key}\n" + textwrap.fill(node.title, 26, max_lines=3,
                                                         placeholder=" …")
    tooltip = (f"{node.key}: {node.title} ({words['target_year']} {node.target_year}; "
               f"{words[node.status]})")
    if node.moved_from is not None:
        label += f"\n({words['moved_from']} {node.moved_from})"
        tooltip += f" {words['moved_from']} {node.moved_from}"
    for change in ("added", "dropped"):  # a line of text, never the colour alone
        if change in node.highlights:
            label += f"\n({words[change]})"
            tooltip += f" ({words[change]})"
    marks = [h for h in ("conflicts", "added", "dropped", "moved", "blocked", "blocking",
                         "critical_path") if h in node.highlights]
    styled_node(graph, f"m:{node.key}", label, tooltip, url, style,
                HIGHLIGHT_COLOURS[marks[0]] if marks else None,
                " ".join(f"map-{mark.replace('_', '-')}" for mark in marks))


def styled_node(graph: Digraph, name: str, label: str, tooltip: str, url: str, style: StatusStyle,
                highlight: str | None = None, classes: str = "") -> None:
    """A box in a status's look (or an assessment's), linked to its page; a highlight colour
    makes its border thick, `classes` name the highlights in the SVG (for the page's styles)."""
    border, penwidth = (highlight, 3.5) if highlight else (style.border, style.penwidth)
    add_node(graph, name, [("label", text(label)), *sorted([  # as graph.node() orders them
        ("tooltip", text(tooltip)), ("URL", text(url)), ("target", "_top"), ("shape", style.shape),
        ("style", style.style), ("fillcolor", style.fill), ("color", border), ("fontcolor", style.font),
        ("penwidth", str(penwidth)), ("peripheries", str(style.peripheries)), ("width", "2.3"),
        *([("class", classes)] if classes else [])])])


def dependency_edge(graph: Digraph, source: str, target: str, kind: str,
                    highlights: tuple[str, ...]) -> None:
    # Work flows from prerequisite to dependent, so `requires` arrows point from the target.
    # constraint=false: the year columns alone decide left and right, even for conflicts.
    attributes: list[tuple[str, str]]
    if kind == "requires":
        attributes = [("color", "#333333"), ("penwidth", "1.2")]
        tail, head = target, source
    else:
        attributes = [("style", "dashed"), ("color", "#7A7A7A"), ("arrowhead", "vee")]
        tail, head = source, target
    if highlights:
        attributes = [("color", HIGHLIGHT_COLOURS[highlights[0]]), ("penwidth", "3")]
        if "conflicts" in highlights:
            attributes.append(("label", "!"))
    add_edge(graph, f"m:{tail}", f"m:{head}", [*attributes, ("constraint", "false")])


def add_legend(graph: Digraph, lang: str) -> list[str]:
    """The strategic map's legend: the statuses, then the kinds of dependency."""
    words = WORDS[lang]
    return legend(graph, words["legend"], [
        *((status.value, f"{style.icon} {words[status]}", style)
          for status, style in STATUS_STYLES.items()),
        *((kind, f"{arrow} {words[kind]}", None)
          for kind, arrow in (("requires", "──▶"), ("affects", "- - ▷")))])


def legend(graph: Digraph, heading: str | Status,
           entries: list[tuple[str, str, StatusStyle | None]]) -> list[str]:
    """A legend as nodes, top to bottom: each entry `(name, label, look)` styled like the nodes
    it explains, or a plain line without a look; their node names in that order.

    Plain nodes, not an HTML-like table: the WebAssembly Graphviz is built without expat, so it
    would show an HTML-like label as the node's name."""
    graph.node("legend", label=text(str(heading)), shape="plaintext", fontsize="12")
    names = ["legend"]
    for name, label, style in entries:
        names.append(f"legend:{name}")
        if style is None:
            graph.node(names[-1], label=text(label), shape="plaintext", fontsize="9", height="0.25")
            continue
        graph.node(names[-1], label=text(label), shape=style.shape,
                   style=style.style, fillcolor=style.fill, color=style.border,
                   fontcolor=style.font, penwidth=str(style.penwidth),
                   peripheries=str(style.peripheries), fontsize="9", width="2.3", height="0.3")
    return names

"""Draw a projection as one self-contained, offline HTML file (pyvis / vis-network).

Countries are coloured by status and sized by their combined centrality; edges are
styled by their strongest relation kind and labelled with the counts of each kind;
hovering shows the evidence sentences and article titles. Positions are computed here
(a seeded spring layout) and physics is off, so the same graph always looks the same
and the page is still at once, whatever its size.

Safety: every text that comes from articles reaches the page as data, never as markup.
Labels are drawn on the canvas; tooltips are DOM elements filled with ``textContent``;
the legend is escaped; pyvis's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'`` inside
the script. The page loads nothing from the network: vis-network is inlined and the
Bootstrap links pyvis adds are removed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AccordgraphError
from .metrics import describe_relation, node_centrality

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_VIEW_PATH = Path("graph") / "view.html"
LAYOUT_SEED = 7
KAMADA_KAWAI_MAX = 150  # nodes in one component; beyond it, a spring layout (faster on dense graphs)
MAX_EVIDENCE = 6  # evidence items per tooltip
MAX_SENTENCE = 400  # characters of one evidence sentence in a tooltip

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLORS = {
    "member": "#009E73",
    "candidate": "#E69F00",
    "party": "#0072B2",
    "broker": "#D55E00",
    "other": "#B0B0B0",
    "person": "#F0E442",
}
STATUS_LABELS = {
    "member": "member",
    "candidate": "candidate (named, not a member)",
    "party": "party",
    "broker": "broker",
    "other": "other country",
    "person": "person",
}
# kind -> (colour, dashes, legend text)
EDGE_STYLES: dict[str, tuple[str, list[int] | bool, str]] = {
    "named": ("#E69F00", [8, 4], "named as a candidate"),
    "met": ("#0072B2", False, "met in person"),
    "call": ("#56B4E9", [2, 4], "phone call"),
    "facilitated": ("#CC79A7", [12, 4, 2, 4], "arranged talks"),
    "visit": ("#009E73", False, "visit"),
    "joined": ("#999999", False, "joined (with the agreement's parties)"),
    "office": ("#C8C8C8", [1, 3], "holds office in"),
}

CONTEXT_KINDS = {"joined", "office"}  # edges drawn thin and without a label


@dataclass(frozen=True)
class ViewSummary:
    """What ``write_view`` wrote: where, how many nodes and edges, how many bytes."""

    path: Path
    nodes: int
    edges: int
    size: int


def select(
    graph: nx.Graph,
    *,
    focus: str | None = None,
    top: int | None = None,
    centrality: dict[Any, float] | None = None,
) -> nx.Graph:
    """The part of ``graph`` to draw: ``focus``'s neighbourhood, then the ``top`` most central.

    ``focus`` is an ISO alpha-3 code or a country name (any case); ``top`` keeps the N
    nodes of highest combined centrality (in the whole graph) and the edges between them.
    """
    keep = graph
    if focus is not None:
        center = _find(graph, focus)
        keep = graph.subgraph({center, *graph.neighbors(center)})
    if top is not None:
        if top < 1:
            raise AccordgraphError(f"--top must be at least 1, not {top}")
        centrality = node_centrality(graph) if centrality is None else centrality
        ranked = sorted(keep.nodes, key=lambda n: (-centrality[n], str(n)))
        keep = keep.subgraph(ranked[:top])
    return keep


def _find(graph: nx.Graph, wanted: str) -> Any:
    key = wanted.strip().casefold()
    for node, data in graph.nodes(data=True):
        if data.get("kind", "country") == "country" and key in (
            str(node).casefold(),
            str(data.get("iso", "")).casefold(),
            str(data.get("name", "")).casefold(),
        ):
            return node
    raise AccordgraphError(
        f"no country {wanted!r} in the graph (give an ISO alpha-3 code such as SYR, or a name)"
    )


def positions(
    graph: nx.Graph, seed: int = LAYOUT_SEED, spacing: float = 130.0
) -> dict[Any, tuple[float, float]]:
    """Pixel positions, the same every time for the same graph.

    Each connected component is laid out on its own (Kamada–Kawai, which is deterministic;
    a seeded spring layout above ``KAMADA_KAWAI_MAX`` nodes), the largest first and the
    others packed in rows beneath it. One layout of everything would fling isolated
    countries to the rim and squeeze the connected ones together.
    """
    import networkx as nx

    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(str, c))))
    where: dict[Any, tuple[float, float]] = {}
    row_x, row_y, row_height, width = 0.0, 0.0, 0.0, 0.0
    for i, nodes in enumerate(components):
        sub = graph.subgraph(nodes)
        radius = spacing * 0.8 * len(nodes) ** 0.5 if len(nodes) > 1 else 0.0
        if len(nodes) > KAMADA_KAWAI_MAX:
            raw = nx.spring_layout(sub, seed=seed, iterations=200, center=(0, 0), scale=radius)
        elif len(nodes) > 1:
            try:
                raw = nx.kamada_kawai_layout(sub, weight=None, center=(0, 0), scale=radius)
            except ImportError:  # it needs scipy; the spring layout does not, below 500 nodes
                raw = nx.spring_layout(sub, seed=seed, iterations=200, center=(0, 0), scale=radius)
        else:
            raw = {next(iter(nodes)): (0.0, 0.0)}
        if i == 0:
            width = max(2 * radius, spacing * 6)
            row_x, row_y = -width / 2, radius + spacing
        else:
            if row_x + 2 * radius > width / 2 and row_x > -width / 2:
                row_x, row_y, row_height = -width / 2, row_y + row_height + spacing, 0.0
            row_x += radius
            raw = {n: (x + row_x, y + row_y + radius) for n, (x, y) in raw.items()}
            row_x += radius + spacing
            row_height = max(row_height, 2 * radius)
        where.update({n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in raw.items()})
    return where


def _counts(kinds: dict[str, int]) -> str:
    order = list(EDGE_STYLES)
    items = sorted(kinds.items(), key=lambda kv: (-kv[1], order.index(kv[0]) if kv[0] in order else 99))
    return ", ".join(f"{kind} {n}" for kind, n in items)


def _evidence_lines(
    items: list[dict[str, str]], iso: str | None, person: str = "", total: int | None = None
) -> list[str]:
    """The first MAX_EVIDENCE of ``items`` (of ``total``, default all of them) as tooltip lines."""
    total = len(items) if total is None else total
    lines = []
    for ev in items[:MAX_EVIDENCE]:
        head = describe_relation(ev, iso or "", person) if iso or person else ev.get("kind", "")
        lines.append("")
        lines.append(f"• {head}")
        sentence = ev.get("sentence") or ""
        if sentence:
            if len(sentence) > MAX_SENTENCE:
                sentence = sentence[: MAX_SENTENCE - 1] + "…"
            lines.append(f"  “{sentence}”")
        if ev.get("article"):
            lines.append(f"  — {ev['article']}")
    if total > MAX_EVIDENCE:
        lines += ["", f"… and {total - MAX_EVIDENCE} more"]
    return lines


def node_tooltip(graph: nx.Graph, node: Any, centrality: float) -> str:
    """Plain text: name, status, centrality, relation counts and the evidence behind them."""
    data = graph.nodes[node]
    name = data.get("name", str(node))
    code = f" ({data['iso']})" if data.get("iso") else ""
    lines = [f"{name}{code}", f"{data.get('status', 'other')} · centrality {centrality:.2f}"]
    kinds: dict[str, int] = {}
    total = len(data.get("unattached", []))
    for _u, _v, edge in _strongest_first(graph.edges(node, data=True)):
        for kind, n in edge.get("kinds", {}).items():
            kinds[kind] = kinds.get(kind, 0) + n
        total += len(edge.get("evidence", []))
    evidence = node_evidence(graph, node, limit=MAX_EVIDENCE)
    if kinds:
        lines.append(f"relations: {_counts(kinds)}")
    if data.get("kind", "country") == "country":
        return "\n".join(lines + _evidence_lines(evidence, data.get("iso"), total=total))
    return "\n".join(lines + _evidence_lines(evidence, None, person=name, total=total))


def node_evidence(graph: nx.Graph, node: Any, limit: int | None = None) -> list[dict[str, str]]:
    """A node's evidence in tooltip order (the first ``limit`` items): its strongest edges
    first, each edge's by kind, then the relations whose other side has no known country."""
    evidence: list[dict[str, str]] = []
    for _u, _v, edge in _strongest_first(graph.edges(node, data=True)):
        if limit is not None and len(evidence) >= limit:
            break
        evidence += sorted(edge.get("evidence", []), key=lambda ev: _kind_index(ev.get("kind", "")))
    evidence += graph.nodes[node].get("unattached", [])
    return evidence if limit is None else evidence[:limit]


def _strongest_first(edges: Any) -> list[tuple[Any, Any, dict[str, Any]]]:
    return sorted(edges, key=lambda e: -e[2].get("weight", 1))


def shown_evidence(graph: nx.Graph) -> list[dict[str, str]]:
    """The evidence items the tooltips of ``graph`` show (at most MAX_EVIDENCE per node or edge)."""
    shown = [ev for node in graph.nodes for ev in node_evidence(graph, node, limit=MAX_EVIDENCE)]
    shown += [ev for _u, _v, items in graph.edges(data="evidence") for ev in (items or [])[:MAX_EVIDENCE]]
    return shown


def edge_tooltip(graph: nx.Graph, u: Any, v: Any) -> str:
    """Plain text: the two ends, the counts of each relation kind, and the evidence."""
    edge = graph.edges[u, v]
    names = (graph.nodes[u].get("name", str(u)), graph.nodes[v].get("name", str(v)))
    lines = [f"{names[0]} – {names[1]}", _counts(edge.get("kinds", {}))]
    iso = graph.nodes[u].get("iso") or None
    return "\n".join(lines + _evidence_lines(edge.get("evidence", []), iso))


def _kind_index(kind: str) -> int:
    order = list(EDGE_STYLES)
    return order.index(kind) if kind in order else len(order)


def main_kind(kinds: dict[str, int]) -> str:
    """The kind that styles an edge: the most frequent, membership ties only if nothing else.

    >>> main_kind({"joined": 3, "call": 1}), main_kind({"named": 1, "met": 1}), main_kind({"joined": 2})
    ('call', 'named', 'joined')
    """
    informative = {k: n for k, n in kinds.items() if k not in CONTEXT_KINDS} or kinds
    return min(informative, key=lambda k: (-informative[k], _kind_index(k))) if informative else "met"


def build_network(graph: nx.Graph, *, centrality: dict[Any, float] | None = None) -> Any:
    """A pyvis Network of ``graph`` with positions, styles and plain-text tooltips."""
    from pyvis.network import Network

    centrality = node_centrality(graph) if centrality is None else centrality
    where = positions(graph)
    net = Network(height="100vh", width="100%", cdn_resources="in_line", directed=False, bgcolor="#ffffff")
    for node, data in graph.nodes(data=True):
        status = data.get("status", "other")
        color = STATUS_COLORS.get(status, STATUS_COLORS["other"])
        x, y = where[node]
        net.add_node(
            str(node),
            label=str(data.get("name", node)),
            shape="diamond" if data.get("kind") == "person" else "dot",
            color={
                "background": color,
                "border": "#333333",
                "highlight": {"background": color, "border": "#000"},
            },
            size=round(10 + 30 * centrality.get(node, 0.0), 1),
            x=x,
            y=y,
            status=status,
            iso=str(data.get("iso", "")),
            tooltip=node_tooltip(graph, node, centrality.get(node, 0.0)),
        )
    for u, v, data in graph.edges(data=True):
        kinds = data.get("kinds", {})
        color, dashes, _text = EDGE_STYLES.get(main_kind(kinds), EDGE_STYLES["met"])
        weight = float(data.get("weight", 1))
        # membership ties are context: thin and unlabelled (their counts are in the tooltip)
        context = set(kinds) <= CONTEXT_KINDS
        net.add_edge(
            str(u),
            str(v),
            color=color,
            dashes=dashes,
            width=1 if context else round(min(1 + weight, 8), 1),
            kinds=kinds,
            tooltip=edge_tooltip(graph, u, v),
            **({} if context else {"label": _counts(kinds)}),
        )
    net.set_options(json.dumps(VIS_OPTIONS))
    return net


VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "nodes": {"font": {"size": 16, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {
        "smooth": False,
        "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 2},
        "color": {"inherit": False},
    },
}

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_EXTERNAL_TAG = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script\s*>""",
    re.I | re.S,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)
_COMMENTED_TAGS = re.compile(r"<!--\s*<(?:link|script)\b.*?-->", re.I | re.S)  # pyvis's dead links

PAGE_STYLE = """<style>
  html, body { margin: 0; padding: 0; font-family: sans-serif; }
  #mynetwork { border: none !important; float: none !important; }
  .vis-tooltip { white-space: pre-wrap !important; max-width: 460px; font: 13px/1.35 sans-serif !important;
    padding: 8px 10px !important; }
  #ag-legend { position: fixed; top: 10px; left: 10px; z-index: 10; background: rgba(255,255,255,0.93);
    border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; font-size: 13px; max-width: 320px; }
  #ag-legend h2 { font-size: 15px; margin: 0 0 6px 0; }
  #ag-legend ul { list-style: none; margin: 4px 0; padding: 0; }
  #ag-legend li { margin: 2px 0; white-space: nowrap; }
  #ag-legend .dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
    border: 1px solid #333; vertical-align: middle; margin-right: 6px; }
  #ag-legend .line { display: inline-block; width: 30px; height: 0; border-top-width: 3px;
    vertical-align: middle; margin-right: 6px; }
  #ag-legend p { margin: 4px 0 0 0; color: #555; }
</style>
"""

# Replace each tooltip string by a DOM element holding it as text (never as HTML).
TOOLTIP_SCRIPT = """<script>
(function () {
  function tip(text) {
    var el = document.createElement("div");
    el.className = "ag-tip";
    el.textContent = text;
    return el;
  }
  function asElements(dataset) {
    dataset.update(dataset.get({ filter: function (item) { return !!item.tooltip; } })
      .map(function (item) { return { id: item.id, title: tip(item.tooltip) }; }));
  }
  asElements(nodes);
  asElements(edges);
})();
</script>
"""


def legend_html(graph: nx.Graph, title: str) -> str:
    """The legend: statuses present (with counts), relation kinds present, how to read sizes."""
    esc = html.escape
    statuses: dict[str, int] = {}
    for _n, status in graph.nodes(data="status"):
        statuses[status or "other"] = statuses.get(status or "other", 0) + 1
    kinds: set[str] = set()
    for _u, _v, data in graph.edges(data=True):
        kinds.update(data.get("kinds", {}))
    parts = [f'<div id="ag-legend"><h2>{esc(title)}</h2><ul>']
    for status in STATUS_COLORS:
        if status in statuses:
            color = STATUS_COLORS[status]
            parts.append(
                f'<li><span class="dot" style="background:{color}"></span>'
                f"{esc(STATUS_LABELS[status])} ({statuses[status]})</li>"
            )
    parts.append("</ul><ul>")
    for kind, (color, dashes, text) in EDGE_STYLES.items():
        if kind in kinds:
            style = "dashed" if dashes else "solid"
            parts.append(
                f'<li><span class="line" style="border-top-style:{style};border-top-color:{color}"></span>'
                f"{esc(kind)}: {esc(text)}</li>"
            )
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    parts.append(
        f"</ul><p>{n} nodes, {m} links. Size: combined centrality. Edge labels: events of each kind."
        " Hover for the evidence.</p></div>"
    )
    return "".join(parts)


def render_html(
    graph: nx.Graph, *, title: str = "accordgraph", centrality: dict[Any, float] | None = None
) -> str:
    """The whole page as a string: inlined vis-network, no external resources."""
    html_text = build_network(graph, centrality=centrality).generate_html(name="view.html")
    html_text = _EXTERNAL_TAG.sub("", html_text)
    html_text = _EMPTY_HEADING.sub("", html_text)
    html_text = _COMMENTED_TAGS.sub("", html_text)
    head = f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n{PAGE_STYLE}'
    html_text = html_text.replace('<meta charset="utf-8">', head, 1)
    html_text = html_text.replace("</body>", legend_html(graph, title) + TOOLTIP_SCRIPT + "</body>", 1)
    html_text = "<!DOCTYPE html>\n" + html_text
    leftover = _EXTERNAL.search(html_text)
    if leftover:
        raise AccordgraphError(f"the view would load a remote resource ({leftover.group(0)}...): not written")
    return html_text


def write_view(
    graph: nx.Graph,
    path: str | Path = DEFAULT_VIEW_PATH,
    *,
    focus: str | None = None,
    top: int | None = None,
    title: str | None = None,
    fill_evidence: Callable[[list[dict[str, str]]], None] | None = None,
) -> ViewSummary:
    """Write the interactive view of ``graph`` (or of its ``focus``/``top`` part) to ``path``.

    Sizes come from the combined centrality in the whole graph, so a country keeps its
    size when the view is narrowed. ``fill_evidence``, if given, is called with the
    evidence items the tooltips will show before they are drawn (e.g. to read their
    sentences: ``lambda items: network.add_sentences(store, items)``). Returns where the
    view was written and what it holds.
    """
    centrality = node_centrality(graph)
    part = select(graph, focus=focus, top=top, centrality=centrality)
    if fill_evidence is not None:
        fill_evidence(shown_evidence(part))
    page = render_html(part, title=title or _default_title(graph), centrality=centrality)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = page.encode("utf-8")
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise AccordgraphError(f"cannot write the view to {path}: {exc.strerror or exc}") from None
    return ViewSummary(path=path, nodes=part.number_of_nodes(), edges=part.number_of_edges(), size=len(data))


def _default_title(graph: nx.Graph) -> str:
    name = graph.graph.get("agreement_name")
    return f"accordgraph — {name}" if name else "accordgraph"

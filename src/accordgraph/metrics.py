"""Centrality of the countries in a projection, and the ranking of candidate members.

One measure per function, each returning ``{node: score}`` for every node. Edge
``weight`` counts how many events link two countries, so it is a *strength*: PageRank
and weighted degree use it as is, while the path-based measures (betweenness, harmonic
closeness) walk ``1 / weight`` as a distance, so a tie reported three times is a
shorter hop than one reported once.

Disconnected graphs are normal here (a candidate named by someone of unknown country
has no edge at all), and every measure gives a documented number for them:
PageRank teleports, so an isolated node keeps a small baseline (its teleport share);
proximity to the bloc is 0 for a node that cannot reach any bloc member; betweenness
and harmonic closeness simply count no paths to unreachable nodes (harmonic closeness,
unlike classic closeness, needs no per-component rescaling); an isolated node's
weighted degree is 0. The graph is a simple ``nx.Graph``: no multigraph traps, and no
eigenvector centrality (zero outside the largest component).

The examples use ``example_graph()``: five countries, the USA (broker) linked to Israel
(member, 2 events), Syria (candidate, 3) and the UAE (member, 1), Israel to the UAE (1),
and Lebanon (candidate) unconnected.

>>> rank_candidates(example_graph()).rows[0][:3]
(1, 'Syria', 'SYR')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .errors import AccordgraphError
from .output import Table

if TYPE_CHECKING:
    import networkx as nx

ALPHA = 0.85  # PageRank damping
BLOC_STATUSES = ("member", "party")  # who seeds proximity to the bloc (not a mere broker)
EXACT_BETWEENNESS_MAX = 1000  # nodes; above, node_centrality samples BETWEENNESS_SAMPLE sources
BETWEENNESS_SAMPLE = 256


def example_graph() -> nx.Graph:
    """The five-country toy graph of the examples (see the module docstring).

    >>> sorted(example_graph().edges(data="weight"))
    [('ISR', 'ARE', 1), ('USA', 'ARE', 1), ('USA', 'ISR', 2), ('USA', 'SYR', 3)]
    """
    import networkx as nx

    graph = nx.Graph()
    for iso, name, status in [
        ("USA", "United States", "broker"),
        ("ISR", "Israel", "member"),
        ("SYR", "Syria", "candidate"),
        ("ARE", "United Arab Emirates", "member"),
        ("LBN", "Lebanon", "candidate"),
    ]:
        graph.add_node(iso, kind="country", name=name, iso=iso, status=status, unattached=[])
    graph.add_weighted_edges_from(
        [("USA", "ISR", 2), ("USA", "SYR", 3), ("USA", "ARE", 1), ("ISR", "ARE", 1)]
    )
    return graph


def _rounded(scores: dict[Any, float]) -> dict[Any, float]:
    return {node: round(value, 3) for node, value in scores.items()}


def _pagerank(graph: nx.Graph, **options: Any) -> dict[Any, float]:
    import networkx as nx

    try:
        return nx.pagerank(graph, **options)
    except ImportError as exc:  # networkx computes PageRank with scipy
        raise AccordgraphError(f"ranking needs scipy ({exc.name} is missing): pip install scipy") from None


def pagerank(graph: nx.Graph, alpha: float = ALPHA) -> dict[Any, float]:
    """Weighted PageRank; the scores sum to 1 and an isolated node keeps only what teleports in.

    >>> _rounded(pagerank(example_graph()))
    {'USA': 0.395, 'ISR': 0.213, 'SYR': 0.204, 'ARE': 0.152, 'LBN': 0.036}
    """

    if graph.number_of_nodes() == 0:
        return {}
    return _pagerank(graph, alpha=alpha, weight="weight")


def bloc_proximity(graph: nx.Graph, seeds: Iterable[Any], alpha: float = ALPHA) -> dict[Any, float]:
    """Personalised PageRank restarting at ``seeds`` (the bloc): how close a node is to it.

    Every walk restarts at a seed, so nodes that cannot reach a seed score 0; with no
    seed in the graph every score is 0.

    >>> _rounded(bloc_proximity(example_graph(), ["ISR", "ARE"]))
    {'USA': 0.372, 'ISR': 0.267, 'SYR': 0.158, 'ARE': 0.203, 'LBN': 0.0}
    """

    present = [s for s in seeds if s in graph]
    if not present:
        return dict.fromkeys(graph, 0.0)
    personalization = dict.fromkeys(present, 1.0)
    # starting the walk at the seeds keeps unreachable nodes at exactly 0
    return _pagerank(
        graph, alpha=alpha, personalization=personalization, nstart=personalization, weight="weight"
    )


def _with_distance(graph: nx.Graph) -> nx.Graph:
    """A copy whose edges have ``distance = 1 / weight`` (a missing weight counts as 1)."""
    copy = graph.copy()
    for _u, _v, data in copy.edges(data=True):
        data["distance"] = 1.0 / float(data.get("weight", 1) or 1)
    return copy


def betweenness(graph: nx.Graph, sample: int | None = None) -> dict[Any, float]:
    """Normalised betweenness along shortest ``1 / weight`` paths (0 for a leaf or isolate).

    With ``sample``, an estimate from that many source nodes (seeded: the same every time),
    for graphs too large for the exact O(nodes x edges) computation.

    The USA lies on the shortest paths Syria–Israel and Syria–UAE: 2 of the 6 pairs of
    the other four countries. Israel–UAE is direct (distance 1), shorter than through the
    USA (1/2 + 1).

    >>> _rounded(betweenness(example_graph()))
    {'USA': 0.333, 'ISR': 0.0, 'SYR': 0.0, 'ARE': 0.0, 'LBN': 0.0}
    """
    import networkx as nx

    k = sample if sample is not None and sample < graph.number_of_nodes() else None
    return nx.betweenness_centrality(
        _with_distance(graph), k=k, seed=0 if k else None, weight="distance", normalized=True
    )


def weighted_degree(graph: nx.Graph) -> dict[Any, float]:
    """The sum of the weights of a node's edges: how many events involve it.

    >>> weighted_degree(example_graph())
    {'USA': 6.0, 'ISR': 3.0, 'SYR': 3.0, 'ARE': 2.0, 'LBN': 0.0}
    """
    return {node: float(deg) for node, deg in graph.degree(weight="weight")}


def harmonic_closeness(graph: nx.Graph) -> dict[Any, float]:
    """Mean over the other nodes of ``1 / distance`` (``1 / weight`` per hop; 0 if unreachable).

    Dividing by ``n - 1`` keeps graphs of different sizes comparable; a node one
    single-event hop from everyone scores 1. Syria: the USA at 1/3, Israel at 1/3 + 1/2,
    the UAE at 1/3 + 1, Lebanon unreachable: (3 + 1.2 + 0.75 + 0) / 4.

    >>> _rounded(harmonic_closeness(example_graph()))["SYR"]
    1.238
    """
    import networkx as nx

    n = graph.number_of_nodes()
    if n < 2:
        return dict.fromkeys(graph, 0.0)
    sums = nx.harmonic_centrality(_with_distance(graph), distance="distance")
    return {node: value / (n - 1) for node, value in sums.items()}


def _same(x: float, y: float) -> bool:
    """Equal up to floating-point noise (iterative measures differ in the last bits)."""
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def average_ranks(scores: dict[Any, float], among: Iterable[Any] | None = None) -> dict[Any, float]:
    """Rank ``among`` (default: all) by score, 1 = highest; ties share their mean rank.

    Scores equal up to floating-point noise are ties.

    >>> average_ranks({"SYR": 0.5, "LBN": 0.2, "SAU": 0.2, "LBY": 0.1})
    {'SYR': 1.0, 'LBN': 2.5, 'SAU': 2.5, 'LBY': 4.0}
    """
    keys = list(scores if among is None else among)
    ordered = sorted(keys, key=lambda k: -scores.get(k, 0.0))
    ranks: dict[Any, float] = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and _same(scores.get(ordered[j + 1], 0.0), scores.get(ordered[i], 0.0)):
            j += 1
        for k in ordered[i : j + 1]:
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    return {k: ranks[k] for k in keys}


MEASURES = ("pagerank", "proximity", "betweenness", "degree", "harmonic")


def centralities(
    graph: nx.Graph, seeds: Iterable[Any] = (), *, sample: int | None = None
) -> dict[str, dict[Any, float]]:
    """Every measure for every node: ``{measure: {node: score}}`` (see ``MEASURES``)."""
    seeds = list(seeds)
    measures: dict[str, Callable[[nx.Graph], dict[Any, float]]] = {
        "pagerank": pagerank,
        "proximity": lambda g: bloc_proximity(g, seeds),
        "betweenness": lambda g: betweenness(g, sample),
        "degree": weighted_degree,
        "harmonic": harmonic_closeness,
    }
    return {name: measure(graph) for name, measure in measures.items()}


def combined_rank(scores: dict[str, dict[Any, float]], among: Iterable[Any]) -> dict[Any, float]:
    """The mean of a node's ranks over all measures, ranking only ``among`` (lower = more central).

    >>> combined_rank({"a": {"SYR": 3, "LBN": 1}, "b": {"SYR": 2, "LBN": 2}}, ["SYR", "LBN"])
    {'SYR': 1.25, 'LBN': 1.75}
    """
    among = list(among)
    per_measure = [average_ranks(values, among) for values in scores.values()]
    if not per_measure:
        return dict.fromkeys(among, 1.0)
    return {node: sum(r[node] for r in per_measure) / len(per_measure) for node in among}


def node_centrality(graph: nx.Graph) -> dict[Any, float]:
    """Every node's combined centrality in 0..1 (1 = most central), e.g. to size a drawing.

    Its mean rank over all measures among all nodes, rescaled so the best node is 1 and
    the worst 0: ``(worst - mean) / (worst - best)``. Above ``EXACT_BETWEENNESS_MAX``
    nodes (a view with many persons) betweenness is estimated from sampled sources.

    >>> _rounded(node_centrality(example_graph()))
    {'USA': 1.0, 'ISR': 0.568, 'SYR': 0.459, 'ARE': 0.27, 'LBN': 0.0}
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    seeds = [v for v, s in graph.nodes(data="status") if s in BLOC_STATUSES]
    sample = BETWEENNESS_SAMPLE if n > EXACT_BETWEENNESS_MAX else None
    mean = combined_rank(centralities(graph, seeds, sample=sample), graph.nodes)
    best, worst = min(mean.values()), max(mean.values())
    span = worst - best
    return {node: 1.0 if span == 0 else (worst - value) / span for node, value in mean.items()}


def candidates(graph: nx.Graph) -> list[Any]:
    """The candidate countries of a projection: named for the agreement and not members."""
    return sorted(v for v, status in graph.nodes(data="status") if status == "candidate")


RANK_COLUMNS = ["rank", "country", "iso", "combined", *MEASURES, "support"]
SCORE_DECIMALS = 10  # places of the scores in a ranking


def rank_candidates(graph: nx.Graph, measure: str = "combined", support: int = 3) -> Table:
    """Candidates ranked by ``measure`` (``combined`` = mean rank over ``MEASURES``).

    Measures are computed on the whole graph and ranks among the candidates; the
    ``support`` column lists the strongest relations behind each candidate's score.
    """
    if measure != "combined" and measure not in MEASURES:
        expected = ", ".join(("combined", *MEASURES))
        raise AccordgraphError(f"unknown measure {measure!r}; expected one of {expected}")
    names = candidates(graph)
    if not names:  # nothing to rank: no measure to compute
        return Table(list(RANK_COLUMNS), [])
    seeds = [v for v, s in graph.nodes(data="status") if s in BLOC_STATUSES]
    exact = centralities(graph, seeds)
    combined = combined_rank(exact, names)
    # the last bits of a sum depend on the order of a set, which changes from one process
    # to the next (string hashing): shown and sorted to SCORE_DECIMALS places, they do not
    scores = {m: {node: round(value, SCORE_DECIMALS) for node, value in exact[m].items()} for m in exact}

    def order(node: Any) -> tuple:
        primary = combined[node] if measure == "combined" else -scores[measure][node]
        return (primary, combined[node], graph.nodes[node].get("name", str(node)))

    rows = []
    for position, node in enumerate(sorted(names, key=order), start=1):
        data = graph.nodes[node]
        rows.append(
            (
                position,
                data.get("name", str(node)),
                data.get("iso", str(node)),
                round(combined[node], 2),
                *(scores[m][node] for m in MEASURES),
                support_text(graph, node, limit=support),
            )
        )
    return Table(list(RANK_COLUMNS), rows)


KIND_ORDER = ("named", "met", "call", "facilitated", "visit", "joined", "office")


def _actor(person: str, country: str) -> str:
    if person and country:
        return f"{person} ({country})"
    return person or country or "someone"


def describe_relation(evidence: dict[str, str], node_iso: str, node_person: str = "") -> str:
    """One relation in words, from the side of the country ``node_iso`` (or of ``node_person``).

    >>> e = {"kind": "named", "a_person": "Steve Witkoff", "a_country": "USA",
    ...      "b_person": "", "b_country": "SYR"}
    >>> describe_relation(e, "SYR"), describe_relation(e, "USA")
    ('named by Steve Witkoff (USA)', 'Steve Witkoff (USA) named SYR')
    >>> describe_relation(e, "", node_person="Steve Witkoff")
    'Steve Witkoff (USA) named SYR'
    """
    kind = evidence["kind"]
    side, me = ("a_person", node_person) if node_person else ("a_country", node_iso)
    mine_first = evidence[side] == me
    a = _actor(evidence["a_person"], evidence["a_country"])
    b = _actor(evidence["b_person"], evidence["b_country"])
    other = b if mine_first else a
    if kind == "named":
        return f"{a} named {evidence['b_country']}" if mine_first else f"named by {a}"
    if kind in ("met", "call"):
        return f"{'met' if kind == 'met' else 'call with'} {other}"
    if kind == "facilitated":
        return f"arranged talks with {b}" if mine_first else f"talks arranged by {a}"
    if kind == "visit":
        if mine_first:
            return f"{evidence['a_person'] or evidence['a_country']} visits {evidence['b_country']}"
        return f"hosts {a}"
    if kind == "joined":
        return f"joined, with {evidence['b_country']}" if mine_first else f"{evidence['a_country']} joined"
    if kind == "office":
        if node_person:  # the person's side (both ends are the person's country)
            return f"holds office in {evidence['b_country']}"
        return f"official: {evidence['a_person']}"
    return f"{kind} {other}"


def short_name(name: str) -> str:
    """A person's last name as the news writes it on second mention.

    >>> short_name("Steve Witkoff"), short_name("Ahmed al-Sharaa"), short_name("Donald J. Trump")
    ('Witkoff', 'al-Sharaa', 'Trump')
    """
    words = name.split()
    return words[-1] if words else name


_A, _B = "\x01", "\x02"  # placeholders for the persons of a relation while grouping


def support_text(graph: nx.Graph, node: Any, limit: int = 3) -> str:
    """The ``limit`` strongest relations of ``node`` in words, ``; ``-separated.

    Edges are taken strongest first (and within an edge: named, met, call, facilitated,
    visit, joined); relations whose other side has no known country (kept on the node as
    ``unattached``) come last. The same relation by several persons of one country is
    one phrase ("named by Witkoff, Huckabee (USA)"); one reported again is ``×n``.
    """
    iso = graph.nodes[node].get("iso", str(node))
    edges = sorted(graph.edges(node, data=True), key=lambda e: (-e[2].get("weight", 1), str(e[1])))
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    evidence = [
        ev
        for _u, _v, data in edges
        for ev in sorted(data.get("evidence", []), key=lambda ev: order.get(ev["kind"], len(order)))
    ]
    evidence += graph.nodes[node].get("unattached", [])
    groups: dict[str, tuple[list[str], list[str], list[int]]] = {}
    for ev in evidence:
        masked = {**ev, "a_person": _A if ev["a_person"] else "", "b_person": _B if ev["b_person"] else ""}
        names_a, names_b, count = groups.setdefault(describe_relation(masked, iso), ([], [], [0]))
        for names, person in ((names_a, ev["a_person"]), (names_b, ev["b_person"])):
            if person and short_name(person) not in names:
                names.append(short_name(person))
        count[0] += ev.get("events", 1)  # an item may stand for several events alike
    phrases = []
    for template, (names_a, names_b, (count,)) in groups.items():
        phrase = template.replace(_A, ", ".join(names_a)).replace(_B, ", ".join(names_b))
        phrases.append(phrase if count <= max(len(names_a), len(names_b), 1) else f"{phrase} ×{count}")
    return "; ".join(phrases[:limit])

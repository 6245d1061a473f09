"""Project the knowledge graph into a networkx graph of nations (and, optionally, people).

:mod:`accordgraph.relations` reads what is known about the nodes (types, names, ISO
codes, whom a person represents, each country's standing in the agreements), the
relation rows (never every triple: literals never become nodes) and the sentence and
article behind each event. Persons are then mapped to the countries they represent.
Each undirected edge of the :class:`networkx.Graph` carries

- ``weight``: how many distinct events link the two ends (over all relation kinds),
- ``kinds``: ``{kind: count}``, e.g. ``{"named": 2, "met": 1}``,
- ``evidence``: one dict per event (kind, acting side, persons, sentence, article title;
  in :func:`project_for_ranking`'s, an item may stand for ``events`` events alike).

Relation kinds: ``named`` (a person names a country as a candidate: the namer's country
-> the candidate), ``met`` and ``call`` (persons meeting in person / by phone: their
countries), ``facilitated`` (whoever arranged a meeting -> each participant),
``visit`` (the visitor's country -> the host), ``joined`` (a member -> the agreement's
parties and brokers) and, with ``people=True`` only, ``office`` (a person -> the
country they represent). A person's acts count for the country they represent; links
of a country to itself are dropped, and persons with no known country are left out of
the country projection (their relations are kept on the other end as ``unattached``).

Node attributes: ``kind`` (``country`` or ``person``), ``name``, ``iso`` (ISO alpha-3),
``status`` (the first that applies of ``member``, ``broker``, ``party``, ``candidate``
— named for the agreement, not a member — and ``other``; ``person`` for persons) and
``unattached`` (relations whose other side has no known country).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import AccordgraphError
from .relations import (
    Facts,
    SparqlSource,
    read_facts,
    read_relation_counts,
    read_relations,
    read_sentences,
)

if TYPE_CHECKING:
    import networkx as nx

ID = "https://w3id.org/accordgraph/id/"
DEFAULT_AGREEMENT = "Abraham Accords"
STATUSES = ("member", "broker", "party", "candidate", "other")  # first that applies wins
KINDS = ("named", "met", "call", "facilitated", "visit", "joined", "office")
NO_COUNTRY = "None"  # the country of a person who represents none: sorts as str(None) always did


def _label(values: dict[str, set[str]], fallback: str) -> str:
    labels = sorted(v for v in values.get("label", ()) if v)
    return labels[0] if labels else fallback


def resolve_agreement(facts: Facts, name: str) -> tuple[str, str]:
    """The IRI and label of the agreement called ``name`` (its label or slug, any case).

    Raises AccordgraphError naming the agreements the store knows when there is no match.
    """
    wanted = name.strip().casefold()
    known: dict[str, str] = {}
    for iri, values in sorted(facts.items()):
        if "agreement" not in values:
            continue
        slug = iri.rsplit("/", 1)[-1]
        labels = {v.casefold() for v in values.get("label", ())}
        known[_label(values, slug)] = iri
        if wanted in labels | {slug.casefold(), slug.replace("-", " ").casefold()}:
            return iri, _label(values, name)
    names = ", ".join(sorted(known)) or "none: run 'accordgraph build' first"
    raise AccordgraphError(f"no agreement named {name!r} in the store (known: {names})")


def _status(values: dict[str, set[str]], agreement: str) -> str:
    """The first that applies: member, broker, party, candidate (named, not a member), other."""
    for status in ("member", "broker", "party", "candidate"):
        if agreement in values.get(status, ()):
            return status
    return "other"


def node_info(facts: Facts, agreement: str) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    """Node attributes by IRI, and the countries each person represents."""
    info: dict[str, dict[str, Any]] = {}
    represents: dict[str, list[str]] = {}
    for iri, values in facts.items():
        if "country" in values:
            isos = sorted(v for v in values.get("iso", ()) if v)
            code = isos[0] if isos else iri.rsplit("/", 1)[-1]
            status = _status(values, agreement)
            info[iri] = {"kind": "country", "name": _label(values, code), "iso": code, "status": status}
        elif "person" in values:
            info[iri] = {
                "kind": "person",
                "name": _label(values, _slug_name(iri)),
                "iso": "",
                "status": "person",
            }
            represents[iri] = sorted(values.get("represents", ()))
    return info, represents


def project_network(
    source: SparqlSource,
    agreement: str | None = DEFAULT_AGREEMENT,
    *,
    people: bool = False,
    sentences: bool = True,
) -> nx.Graph:
    """The nation graph of ``source`` (see the module docstring), statuses for ``agreement``.

    With ``agreement=None`` every country's status is ``other`` (and only countries with
    relations are nodes). With ``people=True`` persons are nodes too, acting in their own
    name, each linked to the country they represent by an ``office`` edge. With
    ``sentences=False`` the evidence keeps who did what but not the sentence and article
    title (``""``): ranking needs no text, and a view reads the sentences of the few
    items it shows afterwards with :func:`add_sentences`.
    """
    import networkx as nx

    facts = read_facts(source)
    if agreement is None:  # an IRI nothing refers to: no country has a standing in it
        agreement_iri, agreement_name = ID + "agreement/none", ""
    else:
        agreement_iri, agreement_name = resolve_agreement(facts, agreement)
    info, represents = node_info(facts, agreement_iri)
    relations = read_relations(source, facts, offices=people)
    evidence = read_sentences(source) if sentences else {}
    graph = nx.Graph(agreement=agreement_iri, agreement_name=agreement_name, people=people)
    _project_relations(graph, info, represents, ((*relation, 1) for relation in relations), evidence)
    return graph


def project_for_ranking(source: SparqlSource, agreement: str = DEFAULT_AGREEMENT) -> nx.Graph:
    """The country projection ranking needs, read as counts rather than one row per event.

    Nodes, ``weight`` and ``kinds`` are those of ``project_network(source, agreement)``.
    Events alike (the same rows: a nomination by the same person of the same country, a
    meeting of the same persons) are counted in the store
    (:func:`accordgraph.relations.read_relation_counts`) and stand as one evidence item
    with ``events`` = how many. Its ``event`` is the first of them in code-point order,
    so the support of :func:`accordgraph.metrics.rank_candidates` reads the same from
    them (with no candidate, a stand-in ``_:counted-N``: finding the first costs). No
    sentences.
    """
    import networkx as nx

    facts = read_facts(source)
    agreement_iri, agreement_name = resolve_agreement(facts, agreement)
    info, represents = node_info(facts, agreement_iri)
    candidates = {iri for iri, data in info.items() if data["status"] == "candidate"}
    relations, bundles = read_relation_counts(source, facts, first=bool(candidates))  # no support, no order
    graph = nx.Graph(agreement=agreement_iri, agreement_name=agreement_name, people=False)
    items = [(kind, event, a, b, 1) for kind, event, a, b in relations]
    items += [
        (kind, first or f"_:counted-{i}", a, b, n)
        for i, (kind, rows, n, first) in enumerate(bundles)
        for a, b in rows
    ]
    _project_relations(graph, info, represents, items, {})
    return graph


def _acting(
    info: dict[str, dict[str, Any]], represents: dict[str, list[str]], ends: Iterable[str]
) -> dict[str, list[str]]:
    """For each end: the countries it acts for (a country itself; a person, those it represents)."""

    def countries_of(iri: str) -> list[str]:
        if (info.get(iri) or _unknown(iri))["kind"] == "country":
            return [iri]
        return list(represents.get(iri, [])) or [NO_COUNTRY]

    return {iri: countries_of(iri) for iri in ends}


def _project_relations(
    graph: nx.Graph,
    info: dict[str, dict[str, Any]],
    represents: dict[str, list[str]],
    relations: Iterable[tuple[str, str, str, str, int]],
    evidence: dict[str, tuple[Any, Any]],
) -> None:
    """Add to ``graph`` the nodes and edges of these relation rows (see ``project_network``).

    A row ``(kind, event, a, b, n)`` stands for ``n`` events alike (``event`` the first).
    """
    people = graph.graph["people"]
    relations = list(relations)
    acting = _acting(info, represents, {end for relation in relations for end in relation[2:4]})
    rows = sorted(
        (kind, event, a, a_country, b, b_country, n)
        for kind, event, a, b, n in relations
        for a_country in acting[a]
        for b_country in acting[b]
    )

    ids: dict[str, str] = {}  # IRI -> node id
    for iri, data in sorted(info.items()):
        if data["kind"] == "country" and data["status"] != "other":
            _add_node(graph, ids, iri, data)
    describe = _Describer(info)
    edges: dict[tuple[str, str], dict[str, Any]] = {}  # by the sorted pair of node ids
    ends: list[tuple[str, str]] = []  # each edge's ends as first seen, in that order
    seen: set[tuple[str, str, str, str]] = set()
    for kind, event, a_iri, a_known, b_iri, b_known, n in rows:
        if kind == "office" and not people:
            continue
        a_country = None if a_known is NO_COUNTRY else a_known
        b_country = None if b_known is NO_COUNTRY else b_known
        a = a_iri if people and a_iri != a_country else a_country
        b = b_iri if people and b_iri != b_country else b_country
        if a is not None and b is not None:
            if a == b:
                continue
            key = (kind, event, a, b) if a < b else (kind, event, b, a)
            if key in seen:
                continue
            seen.add(key)
        sentence, title = evidence.get(event, (None, None)) if evidence else (None, None)
        a_person, a_code = describe(a_iri, a_country)
        b_person, b_code = describe(b_iri, b_country)
        found = {
            "kind": kind,
            "event": event,
            "a_person": a_person,
            "a_country": a_code,
            "b_person": b_person,
            "b_country": b_code,
            "sentence": str(sentence or ""),
            "article": str(title or ""),
        }
        if n != 1:
            found["events"] = n
        if a is None or b is None:
            _keep_unattached(graph, ids, info, (a, b), found)
            continue
        for end in (a, b):
            if end not in ids:
                _add_node(graph, ids, end, info.get(end) or _unknown(end))
        u, v = ids[a], ids[b]
        pair = (u, v) if u < v else (v, u)
        edge = edges.get(pair)
        if edge is None:
            edge = edges[pair] = {"weight": 0, "kinds": {}, "evidence": []}
            ends.append((u, v))
        edge["weight"] += n
        edge["kinds"][kind] = edge["kinds"].get(kind, 0) + n
        edge["evidence"].append(found)
    graph.add_edges_from((u, v, edges[(u, v) if u < v else (v, u)]) for u, v in ends)


def add_sentences(source: SparqlSource, evidence: Iterable[dict[str, str]]) -> None:
    """Fill in the ``sentence`` and ``article`` of these evidence items, read from ``source``.

    For a projection made with ``sentences=False``: the items then read exactly as in one
    made with ``sentences=True``, at the cost of reading only their events.
    """
    items: dict[str, list[dict[str, str]]] = {}
    for ev in evidence:
        items.setdefault(ev["event"], []).append(ev)
    found = read_sentences(source, items)
    for event, same_event in items.items():
        sentence, title = found.get(event, (None, None))
        for ev in same_event:
            ev["sentence"], ev["article"] = str(sentence or ""), str(title or "")


def _node_id(iri: str, data: dict[str, Any]) -> str:
    return data["iso"] if data["kind"] == "country" else "person/" + iri.rsplit("/", 1)[-1]


def _add_node(graph: nx.Graph, ids: dict[str, str], iri: str, data: dict[str, Any]) -> None:
    ids[iri] = _node_id(iri, data)
    graph.add_node(ids[iri], iri=iri, unattached=[], **data)


def _unknown(iri: str) -> dict[str, Any]:
    if "/country/" in iri:
        code = iri.rsplit("/", 1)[-1]
        return {"kind": "country", "name": code, "iso": code, "status": "other"}
    return {"kind": "person", "name": _slug_name(iri), "iso": "", "status": "person"}


def _slug_name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].replace("-", " ").title()


class _Describer:
    """Who acted: the person's name (if a person) and the country's code, as evidence says.

    Remembers each answer: a projection asks about the same few nodes again and again.
    """

    def __init__(self, info: dict[str, dict[str, Any]]):
        self.info = info
        self.known: dict[tuple[str | None, str | None], tuple[str, str]] = {}

    def __call__(self, iri: str | None, country: str | None) -> tuple[str, str]:
        found = self.known.get((iri, country))
        if found is None:
            person = code = ""
            if iri and self.info.get(iri, {}).get("kind") == "person":
                person = self.info[iri]["name"]
            if country:
                code = (self.info.get(country) or _unknown(country))["iso"]
            found = self.known[iri, country] = (person, code)
        return found


def _keep_unattached(
    graph: nx.Graph, ids: dict[str, str], info: dict, ends: tuple[str | None, str | None], evidence: dict
) -> None:
    """A relation with one end of unknown country stays on the known end's node."""
    for end in ends:
        if end is not None:
            if end not in ids:
                _add_node(graph, ids, end, info.get(end) or _unknown(end))
            graph.nodes[ids[end]]["unattached"].append(evidence)


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings or numbers, as GraphML and GEXF need.

    ``kinds`` becomes ``"met:1;named:2"``; evidence lists become JSON text.
    """
    flat = graph.__class__()
    flat.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, str | int | float)})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for u, v, data in graph.edges(data=True):
        flat.add_edge(u, v, **{k: _flat(val) for k, val in data.items()})
    return flat


def _flat(value: Any) -> str | int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, dict) and all(isinstance(n, int) for n in value.values()):
        return ";".join(f"{k}:{n}" for k, n in sorted(value.items()))
    return json.dumps(value, ensure_ascii=False)


EXPORT_FORMATS = ("graphml", "gexf")


def write_network(graph: nx.Graph, out: IO[bytes] | str | Path, fmt: str) -> None:
    """Write the projection as GraphML or GEXF (for Gephi, Cytoscape, yEd)."""
    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise AccordgraphError(f"unknown network format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    flat = flat_copy(graph)
    if fmt == "graphml":
        nx.write_graphml(flat, out, encoding="utf-8")
    else:
        nx.write_gexf(flat, out, encoding="utf-8")


def country_nodes(graph: nx.Graph) -> Iterable[str]:
    """The country nodes of a projection (all of them unless it has people too)."""
    return [n for n, kind in graph.nodes(data="kind") if kind == "country"]

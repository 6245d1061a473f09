"""Project the knowledge graph into a networkx graph of nations (and, optionally, people).

One SPARQL SELECT reads the relation rows (never every triple: literals never become
nodes); a second reads what is known about the nodes (types, names, ISO codes, whom a
person represents, each country's standing in the agreements), one fact a row, and a
third the sentence and article behind each event. Persons are then mapped to the
countries they represent. Each undirected edge of the
:class:`networkx.Graph` carries

- ``weight``: how many distinct events link the two ends (over all relation kinds),
- ``kinds``: ``{kind: count}``, e.g. ``{"named": 2, "met": 1}``,
- ``evidence``: one dict per event (kind, acting side, persons, sentence, article title).

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
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from .errors import AccordgraphError
from .output import Table

if TYPE_CHECKING:
    import networkx as nx

AG = "https://w3id.org/accordgraph/ontology#"
ID = "https://w3id.org/accordgraph/id/"
DEFAULT_AGREEMENT = "Abraham Accords"
STATUSES = ("member", "broker", "party", "candidate", "other")  # first that applies wins
KINDS = ("named", "met", "call", "facilitated", "visit", "joined", "office")

PREFIXES = f"""PREFIX ag: <{AG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# ?a acts on ?b; each is a person or a country. Persons are mapped to the countries
# they represent in Python, from NODES_QUERY: doing it here with OPTIONAL/EXISTS per
# row made the query some 40 times slower on a few hundred articles.
RELATIONS_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?kind ?event ?a ?b WHERE {
  {
    ?event a ag:Meeting ; ag:participant ?a, ?b .
    FILTER(STR(?a) < STR(?b))
    OPTIONAL { ?event ag:mode ?mode }
    BIND(IF(COALESCE(STR(?mode), "") = "phone", "call", "met") AS ?kind)
  } UNION {
    ?event a ag:Meeting ; ag:facilitator ?a ; ag:participant ?b .
    BIND("facilitated" AS ?kind)
  } UNION {
    ?event a ag:CandidateNomination ; ag:nominatedBy ?a ; ag:candidate ?b .
    BIND("named" AS ?kind)
  } UNION {
    ?event a ag:Visit ; ag:visitor ?a ; ag:host ?b .
    BIND("visit" AS ?kind)
  } UNION {
    ?event a ag:OfficeTerm ; ag:holder ?a ; ag:country ?b .
    BIND("office" AS ?kind)
  } UNION {
    ?event a ag:Accession ; ag:country ?a ; ag:agreement ?agreement .
    ?agreement ag:party|ag:broker ?b .
    BIND("joined" AS ?kind)
  } UNION {
    # a membership stated without an accession event; memberOf is restated by every article
    # reporting it: read once (DISTINCT), and MINUS evaluates the accessions once, where a
    # per-row NOT EXISTS took 66 s on 10,000 articles (MINUS: 0.2 s, same rows)
    { SELECT DISTINCT ?a ?agreement WHERE { ?a ag:memberOf ?agreement } }
    MINUS { ?e a ag:Accession ; ag:country ?a ; ag:agreement ?agreement }
    { SELECT DISTINCT ?agreement ?b WHERE { ?agreement ag:party|ag:broker ?b } }
    BIND(IRI(CONCAT(STR(?a), "#memberOf")) AS ?event)
    BIND("joined" AS ?kind)
  }
}
"""
)

# The sentence and article behind each event (a curated accession: its comment and
# source). Asked apart from RELATIONS_QUERY: joined to it, Oxigraph took 10x longer.
EVIDENCE_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?event ?sentence ?title WHERE {
  {
    ?event ag:reportedIn ?article .
    OPTIONAL { ?event prov:wasDerivedFrom ?span . ?span nif:anchorOf ?sentence }
    OPTIONAL { ?article dcterms:title ?title }
  } UNION {
    ?event a ag:Accession ; dcterms:source ?source .
    FILTER NOT EXISTS { ?event ag:reportedIn ?article }
    OPTIONAL { ?event rdfs:comment ?sentence }
    BIND(STR(?source) AS ?title)
  }
}
"""
)

# What is known about the nodes, one fact a row. Every branch is a single triple
# pattern: with the union of named graphs as default graph, a join of two patterns
# about a country or a person named in N articles makes N x N rows before DISTINCT.
FACTS_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?node ?fact ?value WHERE {
  { ?node a ag:Country . BIND("country" AS ?fact) }
  UNION { ?node a ag:Person . BIND("person" AS ?fact) }
  UNION { ?node a ag:Agreement . BIND("agreement" AS ?fact) }
  UNION { ?node rdfs:label ?value . BIND("label" AS ?fact) }
  UNION { ?node ag:isoAlpha3 ?value . BIND("iso" AS ?fact) }
  UNION { ?node ag:represents ?value . BIND("represents" AS ?fact) }
  UNION { ?node ag:memberOf ?value . BIND("member" AS ?fact) }
  UNION { ?node ag:candidateFor ?value . BIND("candidate" AS ?fact) }
  UNION { ?value ag:party ?node . BIND("party" AS ?fact) }
  UNION { ?value ag:broker ?node . BIND("broker" AS ?fact) }
}
"""
)


class SparqlSource(Protocol):
    """Anything with ``query(sparql) -> Table``: an accordgraph store."""

    def query(self, sparql: str) -> Table: ...


@dataclass(frozen=True)
class Row:
    """One relation row: ``a`` acts on ``b`` (persons or countries) in ``event``."""

    kind: str
    event: str
    a: str
    a_country: str | None
    b: str
    b_country: str | None
    sentence: str | None
    title: str | None


Facts = dict[str, dict[str, set[str]]]  # node IRI -> fact -> values


def read_facts(source: SparqlSource) -> Facts:
    """Types, labels, codes, offices and standings of every node, from one query."""
    facts: Facts = {}
    for node, fact, value in _rows(source.query(FACTS_QUERY), 3):
        facts.setdefault(node, {}).setdefault(fact, set()).add(value or "")
    return facts


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
    title (ranking needs no text; reading every event's sentence dominates on big stores).
    """
    import networkx as nx

    facts = read_facts(source)
    if agreement is None:  # an IRI nothing refers to: no country has a standing in it
        agreement_iri, agreement_name = ID + "agreement/none", ""
    else:
        agreement_iri, agreement_name = resolve_agreement(facts, agreement)
    info, represents = node_info(facts, agreement_iri)

    def countries_of(iri: str) -> list[str | None]:
        """A country acts for itself, a person for each country it represents (None: unknown)."""
        if (info.get(iri) or _unknown(iri))["kind"] == "country":
            return [iri]
        return list(represents.get(iri, [])) or [None]

    evidence: dict[str, tuple[str | None, str | None]] = {}
    if sentences:
        for event, sentence, title in sorted(_rows(source.query(EVIDENCE_QUERY), 3), key=str):
            evidence.setdefault(event, (sentence, title))
    rows = [
        Row(kind, event, a, a_country, b, b_country, *evidence.get(event, (None, None)))
        for kind, event, a, b in _rows(source.query(RELATIONS_QUERY), 4)
        for a_country in countries_of(a)
        for b_country in countries_of(b)
    ]

    graph = nx.Graph(agreement=agreement_iri, agreement_name=agreement_name, people=people)
    ids: dict[str, str] = {}  # IRI -> node id
    for iri, data in sorted(info.items()):
        if data["kind"] == "country" and data["status"] != "other":
            _add_node(graph, ids, iri, data)
    seen: set[tuple[str, str, str, str]] = set()
    for row in sorted(rows, key=lambda r: tuple(str(v) for v in vars(r).values())):
        if row.kind == "office" and not people:
            continue
        a = row.a if people and row.a != row.a_country else row.a_country
        b = row.b if people and row.b != row.b_country else row.b_country
        found = _evidence(row, info)
        if a is None or b is None:
            _keep_unattached(graph, ids, info, (a, b), found)
            continue
        if a == b:
            continue
        key = (row.kind, row.event, *sorted((a, b)))
        if key in seen:
            continue
        seen.add(key)
        for end in (a, b):
            if end not in ids:
                _add_node(graph, ids, end, info.get(end) or _unknown(end))
        _add_evidence(graph, ids[a], ids[b], row.kind, found)
    return graph


def _rows(table: Table, width: int | None = None) -> list[tuple[Any, ...]]:
    return [tuple(row[: width or len(row)]) for row in table.rows]


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


def _describe(iri: str | None, country: str | None, info: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Who acted: the person's name (if a person) and the country's code."""
    out = {"person": "", "country": ""}
    if iri and info.get(iri, {}).get("kind") == "person":
        out["person"] = info[iri]["name"]
    if country:
        out["country"] = (info.get(country) or _unknown(country))["iso"]
    return out


def _evidence(row: Row, info: dict[str, dict[str, Any]]) -> dict[str, str]:
    a = _describe(row.a, row.a_country, info)
    b = _describe(row.b, row.b_country, info)
    return {
        "kind": row.kind,
        "event": row.event,
        "a_person": a["person"],
        "a_country": a["country"],
        "b_person": b["person"],
        "b_country": b["country"],
        "sentence": str(row.sentence or ""),
        "article": str(row.title or ""),
    }


def _add_evidence(graph: nx.Graph, u: str, v: str, kind: str, evidence: dict[str, str]) -> None:
    if not graph.has_edge(u, v):
        graph.add_edge(u, v, weight=0, kinds={}, evidence=[])
    edge = graph.edges[u, v]
    edge["weight"] += 1
    edge["kinds"][kind] = edge["kinds"].get(kind, 0) + 1
    edge["evidence"].append(evidence)


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

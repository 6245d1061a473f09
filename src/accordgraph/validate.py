"""Checking the graph against the SHACL shapes in ``graph/shapes.ttl`` with pySHACL.

The shapes see the union of every named graph (an article's events point at countries
declared in the base layer). Nothing is fetched: the shapes are a local file, pySHACL
runs without inference and without following ``owl:imports``.

>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, report.violations
(True, [])
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AccordgraphError
from .output import Table

if TYPE_CHECKING:
    from rdflib import Graph

_HERE = Path(__file__).resolve().parent
# a checkout keeps the shapes in graph/; a wheel ships them in accordgraph/_graph/
SHAPES_CANDIDATES = (_HERE.parents[1] / "graph" / "shapes.ttl", _HERE / "_graph" / "shapes.ttl")


class ValidationError(AccordgraphError):
    """The shapes cannot be read, or the data cannot be checked."""


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the node, the property path (may be empty) and why."""

    focus: str
    path: str
    message: str


@dataclass
class ValidationReport:
    """Whether the graph conforms, and each violation found (sorted, each once)."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def table(self) -> Table:
        """The violations as rows, IRIs shortened with the model's prefixes."""
        rows = [(shorten(v.focus), shorten(v.path), v.message) for v in self.violations]
        return Table(["focus", "path", "message"], rows)


PREFIXES = {
    "agid:": "https://w3id.org/accordgraph/id/",
    "ag:": "https://w3id.org/accordgraph/ontology#",
    "nif:": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "prov:": "http://www.w3.org/ns/prov#",
    "dcterms:": "http://purl.org/dc/terms/",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
}


def shorten(iri: str) -> str:
    """``https://w3id.org/accordgraph/id/country/KAZ`` -> ``agid:country/KAZ``.

    >>> shorten("http://www.w3.org/ns/prov#wasDerivedFrom")
    'prov:wasDerivedFrom'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def shapes_path() -> Path:
    """Where the shapes file is: the checkout's graph/shapes.ttl, else the packaged copy."""
    for candidate in SHAPES_CANDIDATES:
        if candidate.is_file():
            return candidate
    raise ValidationError("cannot find the SHACL shapes (graph/shapes.ttl)")


@cache
def load_shapes(path: Path | None = None) -> Graph:
    """The shapes graph, parsed once per process from a local file."""
    from rdflib import Graph

    path = path or shapes_path()
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # a broken shapes file is the maintainer's problem, said plainly
        raise ValidationError(f"{path}: cannot parse the SHACL shapes ({exc})") from None


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Check an rdflib graph (one graph: pass the union) against the shapes."""
    import pyshacl

    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,  # SPARQL-based constraints (a representative's office term)
        do_owl_imports=False,
        allow_warnings=True,
        inplace=True,  # no inference, so nothing is added: skip pySHACL's copy of the data
    )
    return ValidationReport(conforms=bool(conforms), violations=_violations(results))


def validate_store(store: Any) -> ValidationReport:
    """Check everything in a store (embedded, memory or remote) against the shapes."""
    return validate_graph(union_graph(store))


def union_graph(store: Any) -> Graph:
    """All triples of every named graph of the store, as one rdflib graph."""
    import pyoxigraph
    from rdflib import Graph

    if hasattr(store, "quads"):
        quads = store.quads()
    else:  # any store that can export N-Quads
        buf = io.BytesIO()
        store.export("nquads", buf)
        quads = pyoxigraph.parse(buf.getvalue(), format=pyoxigraph.RdfFormat.N_QUADS)
    graph = Graph()
    convert = _term_converter()
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
    return graph


def _term_converter() -> Any:
    """pyoxigraph term -> rdflib term; ``"x"^^xsd:string`` becomes the plain literal ``"x"``.

    (rdflib tells the two apart, so ``sh:in ("phone")`` would not match a typed string.)
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"

    def convert(term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return Literal(term.value, datatype=None if datatype == xsd_string else URIRef(datatype))
        raise ValidationError(f"cannot check RDF-star term {term}")

    return convert


def _violations(results: Graph) -> list[Violation]:
    from rdflib import RDF, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = set()
    for result in results.subjects(RDF.type, sh.ValidationResult):
        if results.value(result, sh.resultSeverity) != sh.Violation:
            continue
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage)
        found.add(
            Violation(
                focus=str(focus) if focus is not None else "",
                path=_path_text(path),
                message=str(message) if message is not None else "constraint violated",
            )
        )
    return sorted(found)


def _path_text(path: Any) -> str:
    from rdflib import BNode

    if path is None:
        return ""
    if isinstance(path, BNode):  # a complex path (inverse, sequence): name it generically
        return "(path)"
    return str(path)

"""SHACL validation: the shapes in graph/shapes.ttl, validate_store and ``accordgraph validate``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, Namespace, URIRef

from accordgraph.cli import main
from accordgraph.store import open_store
from accordgraph.validate import validate_graph, validate_store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "reliability"
AG = Namespace("https://w3id.org/accordgraph/ontology#")
ID = "https://w3id.org/accordgraph/id/"
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")


def load_trig(store, path: Path) -> None:
    """Every named graph of a TriG file into the store, one graph at a time."""
    dataset = Dataset()
    dataset.parse(path, format="trig")
    for graph in dataset.graphs():
        if len(graph):
            store.replace_graph(str(graph.identifier), graph)


def union_of(path: Path) -> Graph:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    union = Graph()
    for s, p, o, _g in dataset.quads():
        union.add((s, p, o))
    return union


SPAN_MSG = "a span needs one begin offset (an integer >= 0) not after its end"
PROVENANCE_MSG = "an event needs its provenance: prov:wasDerivedFrom a span, or a dcterms:source"
ISO_MSG = "a country needs exactly one ISO 3166"
ALPHA2 = "two capital letters; the base layer has them"
MEETING_MSG = "a meeting needs two or more participants"
# (focus, path, message) of each fault in broken.trig, IRIs shortened as `validate` prints them
BROKEN_VIOLATIONS = {
    ("agid:article/bbb#char=40,10", "nif:beginIndex", SPAN_MSG),
    ("agid:country/NPL", "ag:isoAlpha2", f"{ISO_MSG} alpha-2 code ({ALPHA2})"),
    ("agid:country/NPL", "ag:isoAlpha3", f"{ISO_MSG} alpha-3 code (three capital letters)"),
    ("agid:event/base-mng", "prov:wasDerivedFrom", PROVENANCE_MSG),
    ("agid:event/meet1", "ag:mode", 'a meeting\'s mode is "in_person" or "phone"'),
    ("agid:event/meet1", "ag:participant", f"{MEETING_MSG}, each a person or a country"),
    ("agid:event/nom1", "prov:wasDerivedFrom", PROVENANCE_MSG),
    ("agid:event/nom1", "ag:nominatedBy", "a nomination needs exactly one person who named the candidate"),
    ("agid:event/said1", "ag:speaker", "a statement needs exactly one speaker (an ag:Person)"),
    ("agid:event/visit1", "ag:host", "a visit needs exactly one host country (an ag:Country)"),
    ("agid:person/asha-rai", "", f"represents {ID}country/NPL but holds no office term of that country"),
}


def test_valid_fixture_conforms_in_a_store():
    with open_store("memory") as store:
        load_trig(store, DATA / "valid.trig")
        report = validate_store(store)
    assert report.violations == []
    assert report.conforms


def test_broken_fixture_reports_each_fault_once():
    with open_store("memory") as store:
        load_trig(store, DATA / "broken.trig")
        report = validate_store(store)
    assert not report.conforms
    assert set(report.table().rows) == BROKEN_VIOLATIONS
    assert len(report.violations) == len(BROKEN_VIOLATIONS)


def test_store_and_rdflib_graph_give_the_same_report():
    """The store round trip (Oxigraph turns xsd:nonNegativeInteger into xsd:integer) changes nothing."""
    with open_store("memory") as store:
        load_trig(store, DATA / "broken.trig")
        from_store = validate_store(store)
    assert validate_graph(union_of(DATA / "broken.trig")) == from_store


def _drop(*triples):
    def mutate(g: Graph) -> None:
        for t in triples:
            assert t in g, t
            g.remove(t)

    return mutate


def _set(s, p, o):
    def mutate(g: Graph) -> None:
        g.set((s, p, o))

    return mutate


E = Namespace(f"{ID}event/")
C = Namespace(f"{ID}country/")
P = Namespace(f"{ID}person/")
SPAN = URIRef(f"{ID}article/aaa#char=0,60")
OFFICE_TERM_TYPE = (E.term1, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), AG.OfficeTerm)


AAA = URIRef(f"{ID}article/aaa")
PACT = URIRef(f"{ID}agreement/steppe-pact")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_drop((C.NPL, AG.isoAlpha3, Literal("NPL"))), (f"{ID}country/NPL", str(AG.isoAlpha3))),
        (_set(C.MNG, AG.isoAlpha2, Literal("Mn")), (f"{ID}country/MNG", str(AG.isoAlpha2))),
        (_drop((E.said1, AG.speaker, P["asha-rai"])), (f"{ID}event/said1", str(AG.speaker))),
        (_drop((E.visit1, AG.visitor, P["bat-erdene"])), (f"{ID}event/visit1", str(AG.visitor))),
        (_drop((E.visit1, AG.host, C.NPL)), (f"{ID}event/visit1", str(AG.host))),
        (_drop((E.meet1, AG.participant, P["bat-erdene"])), (f"{ID}event/meet1", str(AG.participant))),
        (_drop((E.join1, AG.agreement, PACT)), (f"{ID}event/join1", str(AG.agreement))),
        (_drop((E.nom1, AG.candidate, C.NPL)), (f"{ID}event/nom1", str(AG.candidate))),
        (_drop((E.term1, AG.holder, P["asha-rai"])), (f"{ID}event/term1", str(AG.holder))),
        (_drop(OFFICE_TERM_TYPE), (f"{ID}person/asha-rai", "")),
        (_set(E.visit1, AG.host, P["asha-rai"]), (f"{ID}event/visit1", str(AG.host))),
        (_drop((SPAN, NIF.referenceContext, AAA)), (str(SPAN), str(NIF.referenceContext))),
        (_drop((SPAN, NIF.anchorOf, next(iter(union_of(DATA / "valid.trig").objects(SPAN, NIF.anchorOf))))),
         (str(SPAN), str(NIF.anchorOf))),
        (_set(SPAN, NIF.endIndex, Literal(-1)), (str(SPAN), str(NIF.endIndex))),
        (_drop((E.said1, AG.reportedIn, AAA)), (f"{ID}event/said1", str(AG.reportedIn))),
        (_drop((E.visit1, PROV.wasDerivedFrom, SPAN)), (f"{ID}event/visit1", str(PROV.wasDerivedFrom))),
        (_set(E.visit1, PROV.wasDerivedFrom, AAA), (f"{ID}event/visit1", str(PROV.wasDerivedFrom))),
    ],
    ids=[
        "country-without-alpha3", "lowercase-alpha2", "statement-without-speaker", "visit-without-visitor",
        "visit-without-host", "meeting-of-one", "accession-without-agreement", "nomination-without-candidate",
        "office-term-without-holder", "represents-without-office-term", "host-is-a-person",
        "span-without-article", "span-without-text", "negative-offset", "event-without-article",
        "event-without-provenance", "evidence-not-a-span",
    ],
)  # fmt: skip
def test_each_broken_rule_is_reported(mutate, expected):
    graph = union_of(DATA / "valid.trig")
    assert validate_graph(graph).conforms
    mutate(graph)
    report = validate_graph(graph)
    assert not report.conforms
    assert expected in {(v.focus, v.path) for v in report.violations}


def _dir_store(tmp_path: Path, fixture: str) -> str:
    path = tmp_path / "store"
    with open_store(path) as store:
        load_trig(store, DATA / fixture)
    return str(path)


def test_cli_validate_passes_on_a_conforming_store(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--store", _dir_store(tmp_path, "valid.trig")])
    assert result.exit_code == 0, result.output
    assert result.output == "The graph conforms to the shapes: no violations.\n"


def test_cli_validate_lists_violations_and_exits_1(tmp_path):
    store = _dir_store(tmp_path, "broken.trig")
    result = CliRunner().invoke(main, ["validate", "--store", store, "--format", "csv"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "focus,path,message"
    assert len(lines) == 1 + len(BROKEN_VIOLATIONS)
    assert "agid:event/said1,ag:speaker,a statement needs exactly one speaker (an ag:Person)" in lines
    n = len(BROKEN_VIOLATIONS)
    assert result.stderr == f"Error: the graph does not conform to the shapes: {n} violations\n"


def test_cli_validate_json_of_a_conforming_store_is_an_empty_list(tmp_path):
    store = _dir_store(tmp_path, "valid.trig")
    result = CliRunner().invoke(main, ["validate", "--store", store, "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_cli_validate_on_a_missing_store_is_one_line(tmp_path):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, ["validate", "--store", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1
    assert not missing.exists()



def test_the_base_layer_conforms():
    from accordgraph.ingest import load_base

    with open_store("memory") as store:
        assert load_base(store, REPO / "graph") > 1000
        report = validate_store(store)
    assert report.violations == []


@pytest.mark.slow
def test_the_shipped_graph_conforms(tmp_path):
    """The repository's graph (ontology, base layer, the articles in graph/sources) has no violation."""
    from accordgraph.ingest import build

    summary = build(REPO / "graph", tmp_path / "store")
    assert summary.articles >= 1 and sum(summary.facts.values()) > 0
    with open_store(tmp_path / "store", read_only=True) as store:
        report = validate_store(store)
    assert report.table().rows == []

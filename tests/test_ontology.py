"""The ontology (graph/ontology.ttl) and the curated base layer (graph/base/*.ttl)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from accordgraph.articles import Article
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from accordgraph.rdf import facts_to_graph

AG = Namespace("https://w3id.org/accordgraph/ontology#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
ID = "https://w3id.org/accordgraph/id/"
EVENT_CLASSES = {
    "Accession": "057",
    "Statement": "010",
    "Meeting": "040",
    "OfficeTerm": None,
    "CandidateNomination": "036",
    "Visit": "042",
}
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology(rdf_fixtures) -> Graph:
    return Graph().parse(rdf_fixtures.repo / "graph" / "ontology.ttl", format="turtle")


@pytest.fixture(scope="module")
def base(rdf_fixtures) -> Graph:
    g = Graph()
    for path in sorted((rdf_fixtures.repo / "graph" / "base").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def declared(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARATIONS for s in ontology.subjects(RDF.type, t) if str(s).startswith(str(AG))}


def ag_terms(graph: Graph) -> set[URIRef]:
    """The ag: predicates and ag: classes (rdf:type objects) a graph uses."""
    used = {p for p in graph.predicates() if str(p).startswith(str(AG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(AG))}
    return used


def every_kind_of_fact() -> Graph:
    text = "Oman joined. Salim Haddad spoke. They met. He is minister. Saudi next. He went."
    facts = [
        Joined(country="OMN", agreement="Abraham Accords", evidence=Evidence(0, 12)),
        Said(speaker="Salim Haddad", quote="peace", evidence=Evidence(13, 32)),
        Met(
            participants=("Salim Haddad", "David Levin", "ISR"),
            mode="phone",
            facilitator="Grace Holloway",
            evidence=Evidence(33, 42),
        ),
        HoldsOffice(
            person="Salim Haddad", office="Foreign Minister", country="OMN", evidence=Evidence(43, 59)
        ),
        NamedCandidate(
            country="SAU", by="Salim Haddad", agreement="Abraham Accords", evidence=Evidence(60, 71)
        ),
        Visit(visitor="Salim Haddad", host="ISR", evidence=Evidence(72, 79)),
    ]
    return facts_to_graph(facts, Article(text=text, title="t", date="2030-01-01", source="s", path="p"))


def test_ontology_declares_everything_the_mapping_emits(ontology, rdf_fixtures):
    used = ag_terms(every_kind_of_fact())
    for name in rdf_fixtures.names:
        used |= ag_terms(facts_to_graph(rdf_fixtures.facts(name), rdf_fixtures.article(name)))
    assert len(used) >= 25  # the mapping really emitted every kind of term
    assert sorted(used - declared(ontology)) == []


def test_ontology_declares_everything_the_base_layer_and_queries_use(ontology, base, rdf_fixtures):
    used = ag_terms(base)
    for path in (rdf_fixtures.repo / "queries").glob("*.rq"):
        used |= {
            AG[m] for m in re.findall(r"\bag:([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8"))
        }
    assert sorted(used - declared(ontology)) == []


def test_event_classes_are_sem_events_with_cameo_codes(ontology):
    for name, code in EVENT_CLASSES.items():
        cls = AG[name]
        assert (cls, RDF.type, OWL.Class) in ontology
        assert (cls, RDFS.subClassOf, SEM.Event) in ontology, name
        codes = {str(c) for c in ontology.objects(cls, AG.cameoCode)}
        assert codes == ({code} if code else set()), name


def test_every_term_has_label_and_comment_and_properties_have_domain_and_range(ontology):
    terms = declared(ontology)
    assert terms
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
        if (term, RDF.type, OWL.ObjectProperty) in ontology or (
            term,
            RDF.type,
            OWL.DatatypeProperty,
        ) in ontology:
            assert ontology.value(term, RDFS.domain) is not None, term
            assert ontology.value(term, RDFS.range) is not None, term


# --- base layer -----------------------------------------------------------------------


def test_every_iso_country_is_in_the_base_layer(base):
    import pycountry

    countries = set(base.subjects(RDF.type, AG.Country))
    assert len(countries) == len(pycountry.countries) + 1  # and Kosovo (XKX)
    for c in pycountry.countries:
        node = URIRef(f"{ID}country/{c.alpha_3}")
        assert base.value(node, AG.isoAlpha3) == Literal(c.alpha_3)
        assert base.value(node, AG.isoAlpha2) == Literal(c.alpha_2)
        assert base.value(node, RDFS.label) is not None
    assert base.value(URIRef(ID + "country/SYR"), RDFS.label) == Literal("Syria")


@pytest.mark.parametrize(
    ("code", "item"),
    [
        ("KAZ", "Q232"),
        ("ISR", "Q801"),
        ("USA", "Q30"),
        ("ARE", "Q878"),
        ("BHR", "Q398"),
        ("MAR", "Q1028"),
        ("SDN", "Q1049"),
        ("SAU", "Q851"),
        ("SYR", "Q858"),
        ("LBN", "Q822"),
        ("LBY", "Q1016"),
        ("ARM", "Q399"),
        ("AZE", "Q227"),
    ],
)
def test_wikidata_links(base, code, item):
    assert set(base.objects(URIRef(f"{ID}country/{code}"), OWL.sameAs)) == {
        URIRef(f"http://www.wikidata.org/entity/{item}")
    }


def test_countries_file_is_what_the_script_writes(tmp_path, rdf_fixtures):
    out = tmp_path / "countries.ttl"
    script = rdf_fixtures.repo / "scripts" / "make_base_countries.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    committed = (rdf_fixtures.repo / "graph" / "base" / "countries.ttl").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "re-run scripts/make_base_countries.py"


def test_abraham_accords_members_and_dates(base):
    accords = URIRef(ID + "agreement/abraham-accords")
    expected = {
        "ISR": "2020-09-15",
        "ARE": "2020-09-15",
        "BHR": "2020-09-15",
        "MAR": "2020-12-22",
        "SDN": "2021-01-06",
        "KAZ": "2025-11-06",
    }
    members = {str(c).rsplit("/", 1)[1] for c in base.subjects(AG.memberOf, accords)}
    assert members == set(expected)
    for event in base.subjects(RDF.type, AG.Accession):
        code = str(base.value(event, AG.country)).rsplit("/", 1)[1]
        assert base.value(event, AG.agreement) == accords
        assert base.value(event, DCTERMS.date) == Literal(expected.pop(code), datatype=XSD_DATE)
        source = base.value(event, DCTERMS.source)
        assert isinstance(source, URIRef) and str(source).startswith("https://"), event
        assert base.value(event, RDFS.label) is not None and base.value(event, RDFS.comment) is not None
    assert expected == {}, "members without an accession event"
    assert (accords, AG.broker, URIRef(ID + "country/USA")) in base
    assert {URIRef(ID + "country/ISR"), URIRef(ID + "country/USA")} <= set(base.objects(accords, AG.party))


def test_other_agreements_are_declared_with_labels(base):
    from accordgraph.rdf import AGREEMENTS, agreement_iri

    for name in AGREEMENTS:
        assert base.value(URIRef(agreement_iri(name)), RDFS.label) == Literal(name), name

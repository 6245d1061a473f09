"""The RDF mapping (rdf.py): fixture facts -> expected graph, stable IRIs, provenance spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

from accordgraph.articles import Article
from accordgraph.errors import FactError
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from accordgraph.rdf import (
    BASE_GRAPH,
    agreement_iri,
    article_iri,
    country_iri,
    event_iri,
    facts_to_graph,
    facts_to_ntriples,
    person_iri,
)

AG = Namespace("https://w3id.org/accordgraph/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = "https://w3id.org/accordgraph/id/"


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    pytest.fail(
        "graphs differ\n--- only in actual:\n"
        + "\n".join(sorted(only_actual.serialize(format="nt").splitlines()))
        + "\n--- only in expected:\n"
        + "\n".join(sorted(only_expected.serialize(format="nt").splitlines()))
    )


def test_fixture_maps_to_the_expected_graph(rdf_fixtures):
    graph = facts_to_graph(rdf_fixtures.facts("fixture"), rdf_fixtures.article("fixture"))
    expected = Graph().parse(rdf_fixtures.data / "fixture.expected.ttl", format="turtle")
    assert_isomorphic(graph, expected)


def test_ntriples_text_is_the_same_graph(rdf_fixtures):
    facts, article = rdf_fixtures.facts("fixture"), rdf_fixtures.article("fixture")
    from_text = Graph().parse(data=facts_to_ntriples(facts, article), format="nt")
    assert_isomorphic(from_text, facts_to_graph(facts, article))


def test_mapping_is_deterministic(rdf_fixtures):
    facts, article = rdf_fixtures.facts("fixture2"), rdf_fixtures.article("fixture2")
    assert facts_to_ntriples(facts, article) == facts_to_ntriples(facts, article)


# --- IRIs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Donald J. Trump", "Donald Trump"),
        ("Ahmed al-Sharaa", "Ahmed Al Sharaa"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Kassym-Jomart Tokayev", "kassym jomart tokayev"),
    ],
)
def test_name_variants_are_one_person(a, b):
    assert person_iri(a) == person_iri(b)


def test_different_people_are_different():
    assert person_iri("Mohammed bin Salman") != person_iri("Mohammed bin Zayed")
    assert person_iri("Donald Trump") == ID + "person/donald-trump"


def test_name_in_another_script_still_gets_an_iri():
    iri = person_iri("محمد")
    assert iri.startswith(ID + "person/") and len(iri) > len(ID + "person/")


def test_name_without_letters_is_an_error():
    with pytest.raises(FactError, match="no letters"):
        person_iri(" . ")


def test_country_iri_from_code_or_name():
    assert country_iri("KAZ") == country_iri("kz") == country_iri("Kazakhstan") == ID + "country/KAZ"
    with pytest.raises(FactError, match="unknown country 'Atlantis'"):
        country_iri("Atlantis")


def test_agreement_names_are_canonical():
    assert (
        agreement_iri("Abraham Accord")
        == agreement_iri("the Abraham Accords")
        == ID + "agreement/abraham-accords"
    )
    assert agreement_iri("nato") == ID + "agreement/nato"
    assert (
        agreement_iri("Shanghai Cooperation Organisation")
        == ID + "agreement/shanghai-cooperation-organisation"
    )
    assert agreement_iri("Treaty of Example") == ID + "agreement/treaty-of-example"


def test_article_and_event_iris_depend_on_content():
    a, b = Article(text="One."), Article(text="Two.")
    fact = Joined(country="KAZ", agreement="Abraham Accords", evidence=Evidence(0, 4))
    assert article_iri(a) == ID + "article/" + a.content_hash
    assert event_iri(a, fact) != event_iri(b, fact)
    # the evidence is not part of the identity: the same fact read twice is one event
    assert event_iri(a, fact) == event_iri(a, Joined(country="KAZ", agreement="Abraham Accords"))
    assert BASE_GRAPH == ID + "graph/base"


# --- what the mapping says ----------------------------------------------------------


def test_same_person_in_two_articles_is_one_node(rdf_fixtures):
    g1 = facts_to_graph(rdf_fixtures.facts("fixture"), rdf_fixtures.article("fixture"))
    g2 = facts_to_graph(rdf_fixtures.facts("fixture2"), rdf_fixtures.article("fixture2"))
    holloway = URIRef(ID + "person/grace-holloway")
    assert (holloway, RDF.type, AG.Person) in g1 and (holloway, RDF.type, AG.Person) in g2
    assert set(g1.objects(holloway, RDFS.label)) == {Literal("Grace J. Holloway")}
    assert set(g2.objects(holloway, RDFS.label)) == {Literal("Grace Holloway")}


def test_bare_surname_resolves_within_the_article_only_when_unambiguous():
    article = Article(text="x" * 10)
    g = facts_to_graph(
        [
            Said(speaker="Tokayev"),
            HoldsOffice(person="Kassym-Jomart Tokayev", office="President", country="KAZ"),
            Said(speaker="Smith"),
            Said(speaker="Anna Smith"),
            Said(speaker="John Smith"),
        ],
        article,
    )
    speakers = set(g.objects(None, AG.speaker))
    assert URIRef(person_iri("Kassym-Jomart Tokayev")) in speakers
    assert URIRef(ID + "person/tokayev") not in speakers
    assert URIRef(ID + "person/smith") in speakers  # two Smiths: left alone


def test_meeting_links_persons_both_ways_and_not_the_facilitator():
    g = facts_to_graph(
        [Met(participants=("Anna Smith", "Omar Haddad", "ISR"), mode="phone", facilitator="John Doe")],
        Article(text="They talked."),
    )
    anna, omar, john = (URIRef(person_iri(n)) for n in ("Anna Smith", "Omar Haddad", "John Doe"))
    assert (anna, AG.met, omar) in g and (omar, AG.met, anna) in g
    assert not list(g.triples((john, AG.met, None))) and not list(g.triples((None, AG.met, john)))
    meeting = next(g.subjects(RDF.type, AG.Meeting))
    assert set(g.objects(meeting, AG.participant)) == {anna, omar, URIRef(country_iri("ISR"))}
    assert (meeting, AG.facilitator, john) in g
    assert (meeting, AG.mode, Literal("phone")) in g


def test_office_gives_represents_and_visit_gives_host():
    g = facts_to_graph(
        [
            HoldsOffice(person="Omar Haddad", office="Foreign Minister", country="OMN"),
            Visit(visitor="Omar Haddad", host="ISR"),
        ],
        Article(text="He went."),
    )
    omar = URIRef(person_iri("Omar Haddad"))
    assert set(g.objects(omar, AG.represents)) == {URIRef(country_iri("OMN"))}
    visit = next(g.subjects(RDF.type, AG.Visit))
    assert (visit, AG.host, URIRef(country_iri("ISR"))) in g
    assert (visit, AG.visitor, omar) in g


def test_candidate_takes_the_articles_one_agreement():
    one = facts_to_graph(
        [Joined(country="OMN", agreement="Abraham Accords"), NamedCandidate(country="SAU", by="Anna Smith")],
        Article(text="a"),
    )
    assert (URIRef(country_iri("SAU")), AG.candidateFor, URIRef(agreement_iri("Abraham Accords"))) in one
    two = facts_to_graph(
        [
            Joined(country="OMN", agreement="Abraham Accords"),
            Joined(country="FIN", agreement="NATO"),
            NamedCandidate(country="SAU", by="Anna Smith"),
        ],
        Article(text="b"),
    )
    assert not list(two.triples((None, AG.candidateFor, None)))
    nomination = next(two.subjects(RDF.type, AG.CandidateNomination))
    assert not list(two.objects(nomination, AG.agreement))


def test_reported_speech_has_no_quote():
    g = facts_to_graph([Said(speaker="Anna Smith", quote=None)], Article(text="She spoke."))
    statement = next(g.subjects(RDF.type, AG.Statement))
    assert not list(g.objects(statement, AG.quote))


def test_same_fact_from_two_sentences_is_one_event_with_two_spans():
    text = "Oman joined. Oman has joined."
    facts = [
        Joined(country="OMN", agreement="Abraham Accords", evidence=Evidence(0, 12)),
        Joined(country="OMN", agreement="Abraham Accords", evidence=Evidence(13, 29)),
    ]
    g = facts_to_graph(facts, Article(text=text))
    events = set(g.subjects(RDF.type, AG.Accession))
    assert len(events) == 1
    spans = set(g.objects(events.pop(), PROV.wasDerivedFrom))
    assert {str(g.value(s, NIF.anchorOf)) for s in spans} == {"Oman joined.", "Oman has joined."}


def test_evidence_outside_the_article_is_a_clear_error():
    with pytest.raises(FactError, match=r"evidence 5-50 is outside the article \(9 characters\)"):
        facts_to_graph([Said(speaker="Anna Smith", evidence=Evidence(5, 50))], Article(text="Too short"))


def test_article_metadata():
    article = Article(
        text="t", title="A title", date="2025-11", source="https://example.org/a?b=1", path="/tmp/a.txt"
    )
    g = facts_to_graph([], article)
    a = URIRef(article_iri(article))
    assert (a, RDF.type, AG.Article) in g
    assert (a, DCTERMS.title, Literal("A title")) in g
    assert (a, DCTERMS.date, Literal("2025-11", datatype=XSD.gYearMonth)) in g
    assert (a, DCTERMS.source, URIRef("https://example.org/a?b=1")) in g
    assert (a, AG.sourcePath, Literal("/tmp/a.txt")) in g
    other = facts_to_graph([], Article(text="u", date="autumn 2025", source="a press release"))
    a2 = URIRef(article_iri(Article(text="u")))
    assert (a2, DCTERMS.date, Literal("autumn 2025")) in other
    assert (a2, DCTERMS.source, Literal("a press release")) in other


# --- properties that must hold for any text -----------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(text=texts, data=st.data())
def test_anchor_is_the_evidence_slice_and_survives_ntriples(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = data.draw(texts)
    article = Article(text=text)
    facts = [Said(speaker="Anna Smith", quote=quote, evidence=Evidence(start, end))]
    g = Graph().parse(data=facts_to_ntriples(facts, article), format="nt")
    span = URIRef(f"{article_iri(article)}#char={start},{end}")
    assert g.value(span, NIF.anchorOf) == Literal(text[start:end])
    assert g.value(span, NIF.beginIndex).toPython() == start
    assert g.value(span, NIF.endIndex).toPython() == end
    statement = next(g.subjects(RDF.type, AG.Statement))
    assert g.value(statement, AG.quote) == Literal(quote)


def test_fixture_dataset_conforms_to_the_shapes(rdf_fixtures):
    from accordgraph.validate import validate_graph

    union = Graph().parse(data=rdf_fixtures.base_ntriples(), format="nt")
    for name in rdf_fixtures.names:
        union.parse(data=facts_to_ntriples(rdf_fixtures.facts(name), rdf_fixtures.article(name)), format="nt")
    report = validate_graph(union)
    assert report.violations == []
    assert report.conforms


def is_word(text: str) -> bool:
    """Letters that stay letters in compatibility form ("Ŀ" is "L·", two words)."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).isalpha()


@settings(max_examples=200, deadline=None)
@given(
    first=st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=12).filter(is_word),
    last=st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=12).filter(is_word),
    initial=st.sampled_from(["", "J. ", "K "]),
)
def test_person_iri_ignores_case_spacing_and_initials(first, last, initial):
    iri = person_iri(f"{first} {initial}{last}")
    assert iri == person_iri(f"  {first.upper()}   {last.upper()} ")
    assert iri.startswith(ID + "person/") and " " not in iri and iri == iri.strip()


def test_importing_the_rdf_layer_and_query_library_stays_cheap():
    import subprocess
    import sys

    heavy = "('rdflib', 'pyoxigraph', 'pycountry', 'spacy', 'networkx')"
    code = (
        f"import sys, accordgraph.rdf, accordgraph.queries\nprint([m for m in {heavy} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"

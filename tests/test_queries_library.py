"""Every stored query runs on the fixture dataset and returns the rows checked by hand.

The dataset (conftest ``fixture_store``): the base layer and ontology, plus the facts of
tests/data/fixture.txt and fixture2.txt. Expected rows are tests/data/queries/<case>.csv.
"""

from __future__ import annotations

import csv
import io

import pytest

from accordgraph.errors import AccordgraphError
from accordgraph.output import format_table
from accordgraph.queries import load_library, run_query

# case name (the CSV file) -> (query, params)
CASES = {
    "members": ("members", {}),
    "members-nato": ("members", {"agreement": "nato"}),
    "agreements": ("agreements", {}),
    "candidates": ("candidates", {}),
    "statements": ("statements", {}),
    "meetings": ("meetings", {}),
    "officials": ("officials", {}),
    "visits": ("visits", {}),
    "evidence": ("evidence", {}),
    "country-omn": ("country", {"country": "omn"}),
    "country-israel": ("country", {"country": "Israel"}),
    "country-saudi-arabia": ("country", {"country": "SA"}),
    "country-kazakhstan": ("country", {"country": "kazakhstan"}),
}


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def has_order_by(sparql: str) -> bool:
    from rdflib.plugins.sparql.parser import parseQuery

    return "orderby" in parseQuery(sparql)[1]


def test_library_has_the_documented_queries():
    library = load_library()
    assert {
        "members",
        "candidates",
        "statements",
        "meetings",
        "officials",
        "visits",
        "evidence",
        "country",
    } <= set(library)
    for name, query in library.items():
        assert query.title and query.title != name, name
        assert len(query.description) > 40, name
        assert query.path is not None and query.path.name == f"{name}.rq"
    assert library["candidates"].defaults == {"agreement": "Abraham Accords"}
    assert library["country"].params == ("country",)


def test_every_query_has_an_expected_result():
    assert {query for query, _ in CASES.values()} == set(load_library())


@pytest.mark.parametrize("case", sorted(CASES))
def test_query_returns_the_expected_rows(case, fixture_store, rdf_fixtures):
    name, params = CASES[case]
    table = run_query(fixture_store, name, params)
    actual = rows_of(format_table(table, "csv"))
    expected = rows_of((rdf_fixtures.data / "queries" / f"{case}.csv").read_text(encoding="utf-8"))
    assert actual[0] == expected[0], "columns"
    if has_order_by(load_library()[name].sparql):
        assert actual[1:] == expected[1:]
    else:
        assert sorted(actual[1:]) == sorted(expected[1:])


def test_columns_are_values_not_iris(fixture_store):
    for name, query in load_library().items():
        params = {"country": "KAZ"} if "country" in query.params and name == "country" else {}
        table = run_query(fixture_store, query, params)
        for row in table.rows:
            for value in row:
                assert not str(value).startswith("https://w3id.org/accordgraph/"), (name, row)


def test_agreement_is_matched_in_any_case_and_by_abbreviation(fixture_store):
    default = run_query(fixture_store, "candidates").rows
    assert default  # the fixture names candidates
    assert run_query(fixture_store, "candidates", {"agreement": "abraham accord"}).rows == default
    assert run_query(fixture_store, "candidates", {"agreement": "ABRAHAM ACCORDS"}).rows == default
    assert run_query(fixture_store, "candidates", {"agreement": "NATO"}).rows == []


def test_a_candidate_that_joins_is_no_longer_a_candidate(memory_store, rdf_fixtures):
    from accordgraph.articles import Article
    from accordgraph.facts import Joined, NamedCandidate
    from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples

    memory_store.replace_graph(BASE_GRAPH, rdf_fixtures.base_ntriples())
    named = Article(text="Anna Smith named Qatar.")
    facts = [NamedCandidate(country="QAT", by="Anna Smith", agreement="Abraham Accords")]
    memory_store.replace_graph(article_iri(named), facts_to_ntriples(facts, named))
    assert [r[1] for r in run_query(memory_store, "candidates").rows] == ["QAT"]
    joined = Article(text="Qatar joined.")
    memory_store.replace_graph(
        article_iri(joined), facts_to_ntriples([Joined(country="QAT", agreement="Abraham Accords")], joined)
    )
    assert run_query(memory_store, "candidates").rows == []
    assert "QAT" in [r[1] for r in run_query(memory_store, "members").rows]


def test_repeated_people_and_countries_are_counted_once_per_fact(memory_store, rdf_fixtures):
    """Thirty articles restate the same person and countries: one row each, counts of 30."""
    from accordgraph.articles import Article
    from accordgraph.facts import Evidence, HoldsOffice, NamedCandidate, Said
    from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples

    memory_store.replace_graph(BASE_GRAPH, rdf_fixtures.base_ntriples())
    for i in range(30):
        text = f"Foreign Minister Lena Varga said on day {i} that Qatar could join the Abraham Accords."
        whole = Evidence(0, len(text))
        facts = [
            HoldsOffice(person="Lena Varga", office="Foreign Minister", country="HUN", evidence=whole),
            Said(speaker="Lena Varga", evidence=whole),
            NamedCandidate(country="QAT", by="Lena Varga", agreement="Abraham Accords", evidence=whole),
        ]
        article = Article(text=text, title=f"Day {i}")
        memory_store.replace_graph(article_iri(article), facts_to_ntriples(facts, article))
    candidates = run_query(memory_store, "candidates").records()
    assert candidates == [
        {
            "country": "Qatar",
            "code": "QAT",
            "named_by": "Lena Varga",
            "office": "Foreign Minister",
            "represents": "Hungary",
            "mentions": "30",
            "articles": "30",
        }
    ]
    assert run_query(memory_store, "officials").rows == [
        ("Lena Varga", "Foreign Minister", "Hungary", "HUN", "30")
    ]
    assert len(run_query(memory_store, "statements").rows) == 30
    rows = run_query(memory_store, "country", {"country": "QAT"}).rows
    assert [r for r in rows if r[0] == "candidate for"] == [
        ("candidate for", "Abraham Accords", "named by Lena Varga", f"Day {i}")
        for i in sorted(range(30), key=str)
    ]


@pytest.mark.server
def test_every_query_gives_the_same_rows_on_a_sparql_endpoint(oxigraph_server, fixture_store, rdf_fixtures):
    """The library works over the SPARQL protocol too (a real ``oxigraph serve``)."""
    from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples
    from accordgraph.store import open_store

    with open_store(oxigraph_server) as remote:
        remote.replace_graph(BASE_GRAPH, rdf_fixtures.base_ntriples())
        for name in rdf_fixtures.names:
            article = rdf_fixtures.article(name)
            remote.replace_graph(article_iri(article), facts_to_ntriples(rdf_fixtures.facts(name), article))
        for case, (name, params) in sorted(CASES.items()):
            expected = run_query(fixture_store, name, params)
            actual = run_query(remote, name, params)
            assert actual.columns == expected.columns, case
            assert actual.rows == expected.rows, case


# --- optional parameters of the listing queries, and the union layout -----------------

TWO_ARTICLES = {
    "Talks in Astana": (
        "Foreign Minister Lena Varga met Omar Haddad in Astana. Varga said Qatar could join."
        " Haddad visited Israel. Kazakhstan joined the Abraham Accords.",
        lambda t: [
            ("holds_office", dict(person="Lena Varga", office="Foreign Minister", country="HUN"), t[:27]),
            ("met", dict(participants=("Lena Varga", "Omar Haddad")), t[:52]),
            ("said", dict(speaker="Lena Varga"), "Varga said Qatar could join."),
            ("named_candidate", dict(country="QAT", by="Lena Varga", agreement="Abraham Accords"),
             "Varga said Qatar could join."),
            ("visit", dict(visitor="Omar Haddad", host="ISR"), "Haddad visited Israel."),
            ("joined", dict(country="KAZ", agreement="Abraham Accords"),
             "Kazakhstan joined the Abraham Accords."),
        ],
    ),
    "A second day": (
        "Lena Varga said: \"We are ready.\" Envoy Omar Haddad visited Israel again.",
        lambda t: [
            ("said", dict(speaker="Lena Varga", quote="We are ready."), t[:33]),
            ("holds_office", dict(person="Omar Haddad", office="Envoy", country="ISR"), "Envoy Omar Haddad"),
            ("visit", dict(visitor="Omar Haddad", host="ISR"), "Envoy Omar Haddad visited Israel again."),
        ],
    ),
}


def two_article_graphs(rdf_fixtures) -> dict[str, str]:
    """Graph IRI -> N-Triples: the base layer and two articles that restate the same people."""
    from accordgraph.articles import Article
    from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
    from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples

    kinds = {"holds_office": HoldsOffice, "met": Met, "said": Said, "named_candidate": NamedCandidate,
             "visit": Visit, "joined": Joined}
    graphs = {BASE_GRAPH: rdf_fixtures.base_ntriples()}
    for title, (text, make) in TWO_ARTICLES.items():
        facts = []
        for kind, fields, span in make(text):
            start = text.index(span)
            facts.append(kinds[kind](**fields, evidence=Evidence(start, start + len(span))))
        article = Article(text=text, title=title)
        graphs[article_iri(article)] = facts_to_ntriples(facts, article)
    return graphs


@pytest.fixture
def two_articles(memory_store, rdf_fixtures):
    for iri, ntriples in two_article_graphs(rdf_fixtures).items():
        memory_store.replace_graph(iri, ntriples)
    return memory_store


def facts_of(table) -> list[tuple[str, str]]:
    return [(r["kind"], r["fact"]) for r in table.records()]


def test_evidence_by_country_and_person(two_articles):
    def facts(**params):
        return sorted(facts_of(run_query(two_articles, "evidence", params)))

    assert facts(country="isr") == facts(country="Israel") == [
        ("OfficeTerm", "Omar Haddad is Envoy of Israel"),
        ("Visit", "Omar Haddad visits Israel"),
        ("Visit", "Omar Haddad visits Israel"),
    ]
    assert facts(country="QA") == [("CandidateNomination", "Lena Varga named Qatar for Abraham Accords")]
    assert facts(country="Atlantis") == []
    assert facts(person="omar haddad") == [
        ("Meeting", "Lena Varga; Omar Haddad met"),
        ("OfficeTerm", "Omar Haddad is Envoy of Israel"),
        ("Visit", "Omar Haddad visits Israel"),
        ("Visit", "Omar Haddad visits Israel"),
    ]
    assert facts(country="Israel", person="Lena Varga") == []
    assert len(run_query(two_articles, "evidence").rows) == 9  # six facts in one article, three in the other


@pytest.mark.parametrize("name", ["kind", "article"])
def test_evidence_takes_no_kind_or_article_parameter(two_articles, name):
    """Bound as a constant, they made Oxigraph 0.5 plan the query 30x slower than the whole list."""
    with pytest.raises(AccordgraphError, match=name):
        run_query(two_articles, "evidence", {name: "Visit"})


def test_statements_by_speaker_and_by_country_represented(two_articles):
    all_rows = run_query(two_articles, "statements").records()
    assert [r["speaker"] for r in all_rows] == ["Lena Varga", "Lena Varga"]
    assert run_query(two_articles, "statements", {"speaker": "Lena Varga"}).records() == all_rows
    assert run_query(two_articles, "statements", {"speaker": "Omar Haddad"}).rows == []
    for key in ("HUN", "hu", "Hungary", "HUNGARY"):
        assert run_query(two_articles, "statements", {"represents": key}).records() == all_rows, key
    assert run_query(two_articles, "statements", {"represents": "ISR"}).rows == []


def test_results_table_matches_a_term_by_term_conversion():
    import pyoxigraph as ox

    from accordgraph.results import results_table, term_value

    def term_by_term(result):  # reading each solution's terms by name, one at a time
        if isinstance(result, ox.QueryBoolean):
            return [(bool(result),)]
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [tuple(term_value(s[name]) for name in names) for s in result]
        return [(term_value(t.subject), term_value(t.predicate), term_value(t.object)) for t in result]

    store = ox.Store()
    a, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    store.add(ox.Quad(a, p, ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    store.add(ox.Quad(ox.BlankNode("b1"), p, ox.Literal("Wort", language="de")))
    for sparql in (
        "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?none } } ORDER BY ?o",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
    ):
        assert results_table(store.query(sparql)).rows == term_by_term(store.query(sparql)), sparql
    rows = results_table(store.query("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o")).rows
    assert rows == [("https://example.org/a", "7", None), ("_:b1", "Wort", None)]


def test_library_gives_the_same_rows_on_a_union_of_graphs_that_restate_triples(two_articles, rdf_fixtures):
    """A remote store's default graph is the union of the article graphs, which repeats what
    several graphs state (a person's label, a country's code): every query must give the
    rows it gives on the merged default graph."""
    import pyoxigraph as ox

    from accordgraph.queries import bind_params
    from accordgraph.results import results_table

    union = ox.Store()
    for iri, ntriples in two_article_graphs(rdf_fixtures).items():
        union.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    label = "SELECT (COUNT(*) AS ?n) WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> \"Lena Varga\" }"
    assert int(next(iter(union.query(label, use_default_graph_as_union=True)))["n"].value) == 2
    cases = [(name, {}) for name in load_library()] + [
        ("country", {"country": "ISR"}), ("country", {"country": "hun"}),
        ("evidence", {"person": "Lena Varga"}), ("evidence", {"country": "Israel"}),
        ("statements", {"represents": "HUN"}),
    ]
    for name, params in cases:
        if name == "country" and not params:
            continue
        query = load_library()[name]
        expected = run_query(two_articles, name, params)
        sparql = bind_params(query.sparql, params, query.param_specs)
        actual = results_table(union.query(sparql, use_default_graph_as_union=True))
        assert actual.rows == expected.rows, (name, params)
        assert expected.rows, (name, params)

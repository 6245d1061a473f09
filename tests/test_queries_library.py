"""Every stored query runs on the fixture dataset and returns the rows checked by hand.

The dataset (conftest ``fixture_store``): the base layer and ontology, plus the facts of
tests/data/fixture.txt and fixture2.txt. Expected rows are tests/data/queries/<case>.csv.
"""

from __future__ import annotations

import csv
import io

import pytest

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

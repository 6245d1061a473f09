"""The evidence query's two shapes give the rows of one listing, in one order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from accordgraph.facts import HoldsOffice, Met, NamedCandidate, Said, Visit
from accordgraph.queries import bind_params, load_library, run_query
from accordgraph.rdf import article_iri, facts_to_ntriples
from accordgraph.results import results_table
from support import article_of

# Two articles with one title, a fact at the same offsets in each: rows that differ only
# in their sentence, which orders them.
SAME_TITLE = "Talks in Astana"
VISIT = Visit(visitor="Omar Haddad", host="ISR")
ARTICLES = [
    article_of(SAME_TITLE, {"Envoy Omar Haddad visited Israel on Monday.": [VISIT]}),
    article_of(SAME_TITLE, {"Envoy Omar Haddad visited Israel on Friday.": [VISIT]}),
    article_of(
        "A second day",
        {
            "Foreign Minister Lena Varga met Omar Haddad.": [
                HoldsOffice(person="Lena Varga", office="Foreign Minister", country="HUN"),
                Met(participants=("Lena Varga", "Omar Haddad")),
            ],
            'Lena Varga said: "We are ready."': [Said(speaker="Lena Varga", quote="We are ready.")],
            "Lena Varga said Qatar could join the Abraham Accords.": [
                NamedCandidate(country="QAT", by="Lena Varga", agreement="Abraham Accords"),
            ],
        },
    ),
]


def graphs(rdf_fixtures) -> dict[str, str]:
    from accordgraph.rdf import BASE_GRAPH

    out = {BASE_GRAPH: rdf_fixtures.base_ntriples()}
    for article, facts in ARTICLES:
        out[article_iri(article)] = facts_to_ntriples(facts, article)
    return out


@pytest.fixture
def stores(memory_store, rdf_fixtures):
    """The merged store, and an Oxigraph store read as the union of its graphs (repeats)."""
    union = ox.Store()
    for iri, ntriples in graphs(rdf_fixtures).items():
        memory_store.replace_graph(iri, ntriples)
        union.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return memory_store, union


def union_rows(union, params):
    query = load_library()["evidence"]
    sparql = bind_params(query.sparql, params, query.param_specs)
    return results_table(union.query(sparql, use_default_graph_as_union=True)).rows


def test_rows_equal_but_for_their_sentence_are_ordered_by_it(stores):
    merged, union = stores
    rows = run_query(merged, "evidence").rows
    visits = [r for r in rows if r[0] == SAME_TITLE]
    days = [r[5].rsplit(" ", 1)[-1] for r in visits]
    assert days == ["Friday.", "Monday."]
    assert {r[4] for r in visits} == {"Omar Haddad visits Israel"}
    assert union_rows(union, {}) == rows


@pytest.mark.parametrize(
    "params",
    [{"country": "ISR"}, {"country": "hungary"}, {"country": "QA"}, {"person": "omar haddad"},
     {"person": "LENA VARGA"}, {"country": "Israel", "person": "Omar Haddad"}, {"country": "Atlantis"}],
)
def test_a_narrowed_listing_is_the_full_listing_of_the_facts_it_names(stores, params):
    """The narrowed shape gives the rows of the full shape for the events it selects: each row
    of the full listing whose fact names the country or person, in the same order."""
    merged, union = stores
    everything = run_query(merged, "evidence").rows
    narrowed = run_query(merged, "evidence", params).rows
    names = {"ISR": "Israel", "hungary": "Hungary", "QA": "Qatar", "Israel": "Israel", "Atlantis": "Atlantis"}
    wanted = []
    if "country" in params:
        wanted.append(names[params["country"]])
    if "person" in params:
        wanted.append(params["person"].title())
    assert narrowed == [r for r in everything if all(w in r[4] for w in wanted)]
    assert union_rows(union, params) == narrowed

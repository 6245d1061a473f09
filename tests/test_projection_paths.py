"""The fast paths of the projection give what the plain ones give.

- ``relations.read_relations`` (one row per event and role, paired in Python) gives the
  rows of the single SPARQL join the projection used before (ORACLE_RELATIONS_QUERY);
- a view drawn from a projection without sentences, whose shown evidence is filled in
  afterwards (``write_view(fill_evidence=...)``), is the same page, byte for byte, as one
  drawn from a projection with every sentence;
- the ranking is the same either way.

On the seed store and on a store of several articles with the awkward cases: a meeting of
two officials of one country with a third, a facilitator, a call, a person who represents
two countries, a namer of no known country, and one edge with more events than a tooltip
shows.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from accordgraph import network, relations
from accordgraph.articles import Article
from accordgraph.cli import main
from accordgraph.facts import HoldsOffice, Joined, Met, NamedCandidate, Visit
from accordgraph.ingest import ingest_article
from accordgraph.metrics import rank_candidates
from accordgraph.network import add_sentences, project_network
from accordgraph.render import MAX_EVIDENCE, shown_evidence, write_view
from accordgraph.store import open_store
from support import article_of

# The relation rows as one SPARQL join: what the projection read before the rows were
# paired in Python. Kept here as the specification of read_relations.
ORACLE_RELATIONS_QUERY = (
    relations.PREFIXES
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
    { SELECT DISTINCT ?a ?agreement WHERE { ?a ag:memberOf ?agreement } }
    MINUS { ?e a ag:Accession ; ag:country ?a ; ag:agreement ?agreement }
    { SELECT DISTINCT ?agreement ?b WHERE { ?agreement ag:party|ag:broker ?b } }
    BIND(IRI(CONCAT(STR(?a), "#memberOf")) AS ?event)
    BIND("joined" AS ?kind)
  }
}
"""
)


def oracle_relations(source, _facts, *, offices: bool = True) -> set[tuple[str, str, str, str]]:
    rows = {tuple(row) for row in source.query(ORACLE_RELATIONS_QUERY).rows}
    return {row for row in rows if offices or row[0] != "office"}


def gulf_articles() -> list[tuple[Article, list]]:
    offices = [
        HoldsOffice(person="Amy Stone", office="Secretary of State", country="USA"),
        HoldsOffice(person="Bo Reed", office="Envoy", country="USA"),
        HoldsOffice(person="Omar Haddad", office="President", country="SYR"),
        HoldsOffice(person="Lina Farah", office="Foreign Minister", country="LBN"),
        HoldsOffice(person="Lina Farah", office="Adviser", country="SAU"),
    ]
    first = article_of(
        "Talks in the Gulf",
        {
            "Secretary of State Amy Stone, Envoy Bo Reed and President Omar Haddad met.": [
                *offices[:3],
                Met(participants=("Amy Stone", "Bo Reed", "Omar Haddad"), facilitator="Lina Farah"),
            ],
            "Foreign Minister Lina Farah, also an adviser in Riyadh, arranged it.": offices[3:],
            "Stone later spoke by phone with Haddad.": [
                Met(participants=("Amy Stone", "Omar Haddad"), mode="phone")
            ],
            "Reed named Syria as the next member of the Abraham Accords.": [
                NamedCandidate(country="SYR", by="Bo Reed", agreement="Abraham Accords")
            ],
            "A man called Tariq Noor named Lebanon too.": [
                NamedCandidate(country="LBN", by="Tariq Noor", agreement="Abraham Accords")
            ],
            "Farah will visit Israel.": [Visit(visitor="Lina Farah", host="ISR")],
            "Morocco joined the Abraham Accords.": [Joined(country="MAR", agreement="Abraham Accords")],
        },
    )
    # eight more nominations of Syria by Reed, one an article: more than a tooltip shows
    more = [
        article_of(
            f"Envoy speaks, day {day}",
            {
                f"On day {day}, Envoy Bo Reed named Syria as a likely member of the Abraham Accords.": [
                    offices[1],
                    NamedCandidate(country="SYR", by="Bo Reed", agreement="Abraham Accords"),
                ]
            },
        )
        for day in range(1, 9)
    ]
    return [first, *more]


@pytest.fixture
def gulf_store(load_network_seed):
    """The seed store plus nine articles with the awkward cases of the module docstring."""
    with open_store("memory") as store:
        load_network_seed(store)
        for article, facts in gulf_articles():
            ingest_article(store, article, facts)
        yield store


@pytest.fixture(params=["seed", "gulf"])
def any_store(request, seed_store, gulf_store):
    return seed_store if request.param == "seed" else gulf_store


def test_relation_rows_are_those_of_the_single_join(any_store):
    facts = relations.read_facts(any_store)
    expected = oracle_relations(any_store, facts)
    assert relations.read_relations(any_store, facts) == expected
    assert relations.read_relations(any_store, facts, offices=False) == {
        row for row in expected if row[0] != "office"
    }
    assert {row[0] for row in expected} >= {"met", "named", "joined"}


def test_gulf_store_has_the_awkward_cases(gulf_store):
    graph = project_network(gulf_store)
    usa_syr = graph.edges["USA", "SYR"]
    # the seed's meeting, nomination and visit; then Stone and Reed (both USA) met Haddad: one
    # more meeting for USA-SYR; the call; nine more nominations
    assert usa_syr["kinds"] == {"met": 2, "call": 1, "named": 10, "visit": 1}
    assert usa_syr["weight"] == 14 > MAX_EVIDENCE
    assert graph.edges["LBN", "USA"]["kinds"]["facilitated"] == 1  # Farah, for Lebanon...
    assert graph.edges["SAU", "SYR"]["kinds"]["facilitated"] == 1  # ... and for Saudi Arabia
    assert graph.edges["SAU", "ISR"]["kinds"] == {"visit": 1}
    assert [ev["kind"] for ev in graph.nodes["LBN"]["unattached"]] == ["named"]  # Tariq Noor


def _graph_data(graph):
    return dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(data=True))


@pytest.mark.parametrize("people", [False, True])
def test_projection_and_ranking_match_the_single_join(any_store, monkeypatch, people):
    new = project_network(any_store, people=people)
    with monkeypatch.context() as patch:
        patch.setattr(network, "read_relations", oracle_relations)
        old = project_network(any_store, people=people)
    assert _graph_data(new) == _graph_data(old)  # same nodes, edges, evidence, in the same order
    if not people:
        assert rank_candidates(new).rows == rank_candidates(old).rows
        assert rank_candidates(new).rows  # there are candidates to rank


def test_ranking_without_sentences_is_the_same(gulf_store):
    full = rank_candidates(project_network(gulf_store))
    lean = rank_candidates(project_network(gulf_store, sentences=False))
    assert lean.rows == full.rows
    assert [row[2] for row in full.rows] == ["SYR", "LBN", "SAU"]


VIEWS = [
    {},
    {"top": 3},
    {"focus": "SYR"},
    {"people": True},
    {"people": True, "top": 4},
]


@pytest.mark.parametrize("options", VIEWS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "all")
@pytest.mark.parametrize("batch", [relations.SENTENCE_BATCH, 2])
def test_view_reading_only_shown_sentences_is_the_same_page(any_store, tmp_path, monkeypatch, options, batch):
    monkeypatch.setattr(relations, "SENTENCE_BATCH", batch)
    people = options.get("people", False)
    draw = {k: v for k, v in options.items() if k != "people"}
    full = project_network(any_store, people=people)
    write_view(full, tmp_path / "full.html", **draw)
    lean = project_network(any_store, people=people, sentences=False)
    asked: list[dict[str, str]] = []

    def fill(items):
        asked.extend(items)
        add_sentences(any_store, items)

    write_view(lean, tmp_path / "lean.html", fill_evidence=fill, **draw)
    page = (tmp_path / "lean.html").read_text(encoding="utf-8")
    assert page == (tmp_path / "full.html").read_text(encoding="utf-8")
    assert any(ev["sentence"] for ev in asked)  # the tooltips do quote sentences


def test_view_reads_the_sentences_of_the_shown_evidence_only(gulf_store, tmp_path):
    lean = project_network(gulf_store, sentences=False)
    events: list[str] = []
    write_view(lean, tmp_path / "v.html", fill_evidence=lambda seen: events.extend(e["event"] for e in seen))
    every = {ev["event"] for _u, _v, items in lean.edges(data="evidence") for ev in items}
    every |= {ev["event"] for _n, items in lean.nodes(data="unattached") for ev in items}
    assert set(events) < every  # ten nominations of Syria by Americans: some are never shown
    part = lean.subgraph(lean.nodes)
    assert len(shown_evidence(part)) <= MAX_EVIDENCE * (part.number_of_nodes() + part.number_of_edges())


def test_add_sentences_fills_each_item_of_an_event(gulf_store):
    full = project_network(gulf_store)
    lean = project_network(gulf_store, sentences=False)
    items = [ev for _u, _v, evidence in lean.edges(data="evidence") for ev in evidence]
    items += [ev for _n, evidence in lean.nodes(data="unattached") for ev in evidence]
    add_sentences(gulf_store, items)
    assert _graph_data(lean) == _graph_data(full)


def test_view_command_draws_the_page_of_the_full_projection(seed_store_dir, tmp_path):
    out = tmp_path / "cli.html"
    result = CliRunner().invoke(main, ["view", "--store", str(seed_store_dir), "--top", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(seed_store_dir, read_only=True, create=False) as store:
        write_view(project_network(store), tmp_path / "full.html", top=5)
    assert out.read_bytes() == (tmp_path / "full.html").read_bytes()


@pytest.mark.server
def test_view_over_a_remote_endpoint_reads_the_same_sentences(
    oxigraph_server, seed_store, load_network_seed, tmp_path
):
    with open_store(oxigraph_server) as remote:
        load_network_seed(remote)
        lean = project_network(remote, sentences=False)
        write_view(lean, tmp_path / "remote.html", fill_evidence=lambda items: add_sentences(remote, items))
    write_view(project_network(seed_store), tmp_path / "embedded.html")
    assert (tmp_path / "remote.html").read_bytes() == (tmp_path / "embedded.html").read_bytes()

"""rank's reading (``network.project_for_ranking``) gives the ranking of the full projection.

``project_for_ranking`` counts events in the store where each event has one value of
each role, and reads the rows of the candidates' events only. Compared here with
``project_network(sentences=False)``, on stores with the awkward cases: a person who
represents two countries, a meeting of two officials of one country with a third, a
facilitator, persons of no known country (as namer, visitor and host), an accession and
memberships without one, self-links (a meeting of two Americans, a Syrian visiting
Syria, a person of two countries naming one of them), a nomination by two persons and a
visit with two visitors in one event (which cannot be counted per pair), and, over a
remote endpoint, an article stored under two graph names (every triple repeated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from accordgraph.articles import Article
from accordgraph.cli import main
from accordgraph.facts import HoldsOffice, Joined, Met, NamedCandidate, Visit
from accordgraph.ingest import ingest_article
from accordgraph.metrics import MEASURES, rank_candidates
from accordgraph.network import project_for_ranking, project_network
from accordgraph.output import format_table
from accordgraph.store import open_store
from support import article_of

SEED = Path(__file__).parent / "data" / "network" / "seed.trig"
ID = "https://w3id.org/accordgraph/id/"
AG = "https://w3id.org/accordgraph/ontology#"

OFFICES = [
    HoldsOffice(person="Amy Stone", office="Secretary of State", country="USA"),
    HoldsOffice(person="Bo Reed", office="Envoy", country="USA"),
    HoldsOffice(person="Omar Haddad", office="President", country="SYR"),
    HoldsOffice(person="Lina Farah", office="Foreign Minister", country="LBN"),
    HoldsOffice(person="Lina Farah", office="Adviser", country="SAU"),
]


def awkward_articles() -> list[tuple[Article, list]]:
    first = article_of(
        "Talks in Amman",
        {
            "Secretary Amy Stone, Envoy Bo Reed and President Omar Haddad met.": [
                *OFFICES[:3],
                Met(participants=("Amy Stone", "Bo Reed", "Omar Haddad"), facilitator="Lina Farah"),
            ],
            "Lina Farah, minister in Beirut and adviser in Riyadh, arranged it.": OFFICES[3:],
            "Stone and Reed met again alone.": [Met(participants=("Amy Stone", "Bo Reed"))],
            "Farah spoke by phone with Haddad.": [
                Met(participants=("Lina Farah", "Omar Haddad"), mode="phone")
            ],
            "Reed named Syria as the next member of the Abraham Accords.": [
                NamedCandidate(country="SYR", by="Bo Reed", agreement="Abraham Accords")
            ],
            "Farah named Saudi Arabia too.": [
                NamedCandidate(country="SAU", by="Lina Farah", agreement="Abraham Accords")
            ],
            "A man called Tariq Noor named Lebanon.": [
                NamedCandidate(country="LBN", by="Tariq Noor", agreement="Abraham Accords")
            ],
            "Farah will visit Israel.": [Visit(visitor="Lina Farah", host="ISR")],
            "Noor visited Damascus.": [Visit(visitor="Tariq Noor", host="SYR")],
            "Haddad toured Syria.": [Visit(visitor="Omar Haddad", host="SYR")],
            "Nadia Vale will visit Washington.": [Visit(visitor="Nadia Vale", host="USA")],
            "Morocco joined the Abraham Accords.": [Joined(country="MAR", agreement="Abraham Accords")],
        },
    )
    more = [
        article_of(
            f"Envoy speaks, day {day}",
            {
                f"On day {day}, Envoy Bo Reed named Syria for the Abraham Accords.": [
                    OFFICES[1],
                    NamedCandidate(country="SYR", by="Bo Reed", agreement="Abraham Accords"),
                ]
            },
        )
        for day in range(1, 4)
    ]
    return [first, *more]


# Events that the facts above cannot state: one nomination by two persons, one visit
# by two persons (each is one event for the country pair).
SHARED_EVENTS = f"""
<{ID}event/joint-nomination> a <{AG}CandidateNomination> ;
    <{AG}nominatedBy> <{ID}person/amy-stone>, <{ID}person/omar-haddad> ;
    <{AG}candidate> <{ID}country/LBN> .
<{ID}event/joint-visit> a <{AG}Visit> ;
    <{AG}visitor> <{ID}person/amy-stone>, <{ID}person/bo-reed> ; <{AG}host> <{ID}country/SYR> .
"""


def _ntriples(turtle: str) -> str:
    import pyoxigraph as ox

    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def fill(store, load_network_seed, *, shared: bool) -> None:
    load_network_seed(store)
    for article, facts in awkward_articles():
        ingest_article(store, article, facts)
    if shared:
        store.replace_graph(ID + "graph/shared-events", _ntriples(SHARED_EVENTS))


@pytest.fixture(params=["seed", "awkward", "shared"])
def store(request, load_network_seed):
    with open_store("memory") as store:
        if request.param == "seed":
            load_network_seed(store)
        else:
            fill(store, load_network_seed, shared=request.param == "shared")
        yield store


def _edges(graph) -> dict:
    return {frozenset((u, v)): (data["weight"], data["kinds"]) for u, v, data in graph.edges(data=True)}


def _tables(graph) -> dict:
    return {
        (measure, support, fmt): format_table(rank_candidates(graph, measure, support=support), fmt)
        for measure in ("combined", *MEASURES)
        for support in (1, 3, 10)
        for fmt in ("table", "csv", "json")
    }


WHO = ("kind", "a_person", "a_country", "b_person", "b_country")


def _who_did_what(evidence) -> tuple[list, dict]:
    """What support reads from evidence: who did what, in order of first mention, and how often."""
    order, counts = [], {}
    for ev in evidence:
        item = tuple(ev[k] for k in WHO)
        if item not in counts:
            order.append(item)
        counts[item] = counts.get(item, 0) + ev.get("events", 1)
    return order, counts


def test_same_nodes_weights_and_candidate_evidence(store):
    full = project_network(store, sentences=False)
    counted = project_for_ranking(store)
    assert dict(counted.nodes(data=True)).keys() == dict(full.nodes(data=True)).keys()
    for node, data in counted.nodes(data=True):
        expected = {k: v for k, v in full.nodes[node].items() if k != "unattached"}
        assert {k: v for k, v in data.items() if k != "unattached"} == expected
    assert _edges(counted) == _edges(full)
    assert counted.graph == full.graph
    candidates = [n for n, status in full.nodes(data="status") if status == "candidate"]
    assert candidates
    for node in candidates:
        assert _who_did_what(counted.nodes[node]["unattached"]) == _who_did_what(
            full.nodes[node]["unattached"]
        )
        for _u, other, evidence in full.edges(node, data="evidence"):
            assert _who_did_what(counted.edges[node, other]["evidence"]) == _who_did_what(evidence)


def test_alike_events_are_one_item(load_network_seed):
    with open_store("memory") as store:
        fill(store, load_network_seed, shared=False)
        full = project_network(store, sentences=False)
        counted = project_for_ranking(store)
    by_reed = [ev for ev in counted.edges["USA", "SYR"]["evidence"] if ev["a_person"] == "Bo Reed"]
    assert [(ev["kind"], ev["events"]) for ev in by_reed] == [("named", 4)]
    assert by_reed[0]["event"] == min(
        ev["event"] for ev in full.edges["USA", "SYR"]["evidence"] if ev["a_person"] == "Bo Reed"
    )


def test_same_ranking_tables(store):
    assert _tables(project_for_ranking(store)) == _tables(project_network(store, sentences=False))


def test_awkward_store_has_the_awkward_cases(load_network_seed):
    with open_store("memory") as store:
        fill(store, load_network_seed, shared=True)
        graph = project_for_ranking(store)
    usa_syr = graph.edges["USA", "SYR"]["kinds"]
    # the seed's meeting and one of Stone and Reed with Haddad; the seed's nomination by
    # Witkoff and four by Reed; the seed's visit and the joint visit by two Americans
    assert usa_syr["met"] == 2 and usa_syr["named"] == 5 and usa_syr["visit"] == 2
    # Farah (for Lebanon) called Haddad and arranged his meeting; Haddad co-named Lebanon
    assert graph.edges["LBN", "SYR"]["kinds"] == {"call": 1, "facilitated": 1, "named": 1}
    assert graph.edges["SAU", "SYR"]["kinds"] == {"call": 1, "facilitated": 1}  # ... and Saudi Arabia
    assert graph.edges["LBN", "SAU"]["kinds"] == {"named": 1}  # Farah (LBN) named SAU; SAU-SAU dropped
    assert graph.edges["LBN", "USA"]["kinds"]["named"] == 2  # the seed's by Witkoff; Stone's, with Haddad
    assert "MAR" in graph and not graph.has_edge("SYR", "SYR")
    assert [ev["kind"] for ev in graph.nodes["LBN"]["unattached"]] == ["named"]  # Tariq Noor


def test_cli_rank_prints_the_full_projections_ranking(tmp_path, load_network_seed):
    path = tmp_path / "store"
    with open_store(path) as store:
        fill(store, load_network_seed, shared=True)
        expected = format_table(rank_candidates(project_network(store, sentences=False), "proximity"), "csv")
    result = CliRunner().invoke(
        main, ["rank", "--store", str(path), "--measure", "proximity", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == expected
    assert result.output.count("\n") == 4  # the header and SYR, LBN, SAU


def test_no_candidates_is_an_empty_table(seed_store):
    graph = project_for_ranking(seed_store, "NATO")
    assert rank_candidates(graph).rows == []
    assert rank_candidates(graph).columns == rank_candidates(project_network(seed_store, "NATO")).columns


@pytest.mark.server
def test_remote_union_with_repeated_triples(oxigraph_server, load_network_seed):
    """Over an endpoint whose default graph repeats each triple of the seed's article, stored twice."""
    import pyoxigraph as ox

    quads = ox.parse(path=str(SEED), format=ox.RdfFormat.TRIG)
    article = [
        ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name.value.endswith("/a1")
    ]
    with open_store(oxigraph_server) as remote:
        fill(remote, load_network_seed, shared=True)
        remote.replace_graph(
            ID + "article/a1-copy", ox.serialize(article, format=ox.RdfFormat.N_TRIPLES).decode()
        )
        counted = project_for_ranking(remote)
        assert _tables(counted) == _tables(project_network(remote, sentences=False))
    with open_store("memory") as embedded:  # the copy changes nothing: the same events
        fill(embedded, load_network_seed, shared=True)
        assert _edges(counted) == _edges(project_for_ranking(embedded))

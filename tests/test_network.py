"""The nation projection: one SPARQL SELECT of relations into a weighted networkx graph."""

from __future__ import annotations

import networkx as nx
import pytest

from accordgraph.articles import Article
from accordgraph.errors import AccordgraphError
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Visit
from accordgraph.ingest import ingest_article
from accordgraph.network import flat_copy, project_network, write_network
from accordgraph.store import open_store


def kinds(graph: nx.Graph) -> dict[frozenset, dict[str, int]]:
    return {frozenset((u, v)): data["kinds"] for u, v, data in graph.edges(data=True)}


def test_country_projection_has_exactly_the_expected_edges(seed_store):
    graph = project_network(seed_store)
    assert kinds(graph) == {
        frozenset({"USA", "SYR"}): {"named": 1, "met": 1, "visit": 1},
        frozenset({"USA", "LBN"}): {"named": 1},
        frozenset({"USA", "KAZ"}): {"named": 1, "facilitated": 1, "joined": 1},
        frozenset({"ISR", "KAZ"}): {"call": 1, "joined": 1},
        frozenset({"USA", "ISR"}): {"facilitated": 1},
        frozenset({"USA", "ARE"}): {"joined": 1},
        frozenset({"ISR", "ARE"}): {"joined": 1},
        frozenset({"USA", "BHR"}): {"joined": 1},
        frozenset({"ISR", "BHR"}): {"joined": 1},
    }
    assert graph.edges["USA", "SYR"]["weight"] == 3


def test_nodes_carry_names_codes_and_status(seed_store):
    graph = project_network(seed_store)
    status = dict(graph.nodes(data="status"))
    assert status == {
        "USA": "broker",
        "ISR": "party",
        "ARE": "member",
        "BHR": "member",
        "KAZ": "member",
        "SYR": "candidate",
        "LBN": "candidate",
        "SAU": "candidate",
    }
    assert graph.nodes["SAU"]["name"] == "Saudi Arabia"
    assert "FRA" not in graph  # mentioned in no relation between nations
    assert all(data["kind"] == "country" for _n, data in graph.nodes(data=True))


def test_edges_remember_the_evidence(seed_store):
    evidence = project_network(seed_store).edges["USA", "SYR"]["evidence"]
    met = next(e for e in evidence if e["kind"] == "met")
    assert met["sentence"] == "Secretary Marco Rubio met President Ahmed al-Sharaa."
    assert met["article"] == "Steppe nation signs on"
    assert {met["a_person"], met["b_person"]} == {"Marco Rubio", "Ahmed al-Sharaa"}


def test_a_namer_of_unknown_country_is_kept_on_the_candidate(seed_store):
    graph = project_network(seed_store)
    assert graph.degree("SAU") == 0
    [named] = graph.nodes["SAU"]["unattached"]
    assert (named["kind"], named["a_person"], named["a_country"]) == ("named", "Mike Huckabee", "")


def test_people_mode_links_persons_and_their_offices(seed_store):
    graph = project_network(seed_store, people=True)
    assert graph.nodes["person/marco-rubio"]["kind"] == "person"
    assert graph.edges["person/marco-rubio", "USA"]["kinds"] == {"office": 1}
    assert graph.edges["person/marco-rubio", "person/ahmed-al-sharaa"]["kinds"] == {"met": 1}
    assert graph.edges["person/mike-huckabee", "SAU"]["kinds"] == {"named": 1}
    assert graph.edges["person/ahmed-al-sharaa", "USA"]["kinds"] == {"visit": 1}
    assert not graph.has_edge("SYR", "USA")  # persons act in their own name here
    assert not graph.has_edge("person/kassym-jomart-tokayev", "KAZ")  # no office term recorded


def test_unknown_agreement_is_a_clear_error(seed_store):
    with pytest.raises(AccordgraphError, match=r"no agreement named 'Warsaw Pact' in the store \(known: "):
        project_network(seed_store, "Warsaw Pact")


def test_agreement_matches_label_in_any_case(seed_store):
    assert project_network(seed_store, "abraham accords").number_of_nodes() == 8


def test_statuses_follow_the_chosen_agreement(seed_store):
    graph = project_network(seed_store, "NATO")
    assert set(graph.nodes(data="status")) >= {("SYR", "other"), ("KAZ", "other")}


def _span(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(start, start + len(sentence))


def test_projection_of_facts_mapped_by_the_rdf_layer():
    text = (
        "Foreign Minister Ana Lopez of Chile met President Ravi Rao of India. "
        "Lopez named Peru as a possible member of BRICS. "
        "Rao will visit Chile. "
        "Minister Tom Berg of Chile met Lopez. "
        "Peru joined BRICS."
    )
    first, second, third, fourth, fifth = (s.strip() + "." for s in text.split(".")[:5])
    facts = [
        HoldsOffice(
            person="Ana Lopez", office="Foreign Minister", country="CHL", evidence=_span(text, first)
        ),
        HoldsOffice(person="Ravi Rao", office="President", country="IND", evidence=_span(text, first)),
        HoldsOffice(person="Tom Berg", office="Minister", country="CHL", evidence=_span(text, fourth)),
        Met(participants=("Ana Lopez", "Ravi Rao"), evidence=_span(text, first)),
        NamedCandidate(country="PER", by="Ana Lopez", agreement="BRICS", evidence=_span(text, second)),
        Visit(visitor="Ravi Rao", host="CHL", evidence=_span(text, third)),
        Met(participants=("Tom Berg", "Ana Lopez"), evidence=_span(text, fourth)),
        Joined(country="BRA", agreement="BRICS", evidence=_span(text, fifth)),
    ]
    with open_store("memory") as store:
        ingest_article(store, Article(text=text, title="Andes talks"), facts)
        graph = project_network(store, "BRICS")
    assert kinds(graph) == {
        frozenset({"CHL", "IND"}): {"met": 1, "visit": 1},
        frozenset({"CHL", "PER"}): {"named": 1},
    }  # Berg and Lopez are both Chilean: no self-link; BRICS declares no party to join with
    assert graph.nodes["PER"]["status"] == "candidate"
    assert graph.nodes["BRA"]["status"] == "member"
    assert graph.edges["CHL", "PER"]["evidence"][0]["sentence"] == second


def test_flat_copy_has_only_scalar_attributes(seed_store):
    flat = flat_copy(project_network(seed_store))
    assert flat.edges["USA", "SYR"]["kinds"] == "met:1;named:1;visit:1"
    for _u, _v, data in flat.edges(data=True):
        assert all(isinstance(v, str | int | float) for v in data.values())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_nodes_edges_and_kinds(seed_store, tmp_path, fmt):
    graph = project_network(seed_store)
    path = tmp_path / f"net.{fmt}"
    write_network(graph, path, fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(back.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    assert back.nodes["SYR"]["status"] == "candidate"
    assert back.edges["USA", "KAZ"]["kinds"] == "facilitated:1;joined:1;named:1"


def test_export_refuses_an_unknown_format(seed_store, tmp_path):
    with pytest.raises(AccordgraphError, match="unknown network format 'dot'"):
        write_network(project_network(seed_store), tmp_path / "x", "dot")


def test_without_an_agreement_every_country_is_other(seed_store):
    graph = project_network(seed_store, None)
    assert set(dict(graph.nodes(data="status")).values()) == {"other"}
    assert "FRA" not in graph  # no relation and no standing: not a node
    assert graph.degree("SAU") == 0 and graph.nodes["SAU"]["unattached"]  # named by a man of no country
    assert graph.edges["USA", "SYR"]["weight"] == 3


@pytest.mark.server
def test_projection_over_a_remote_endpoint_matches_the_embedded_one(
    oxigraph_server, seed_store, load_network_seed
):
    with open_store(oxigraph_server) as remote:
        load_network_seed(remote)
        over_http = project_network(remote)
    embedded = project_network(seed_store)
    assert dict(over_http.nodes(data="status")) == dict(embedded.nodes(data="status"))
    assert kinds(over_http) == kinds(embedded)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_command_writes_the_projection(seed_store_dir, tmp_path, fmt):
    from click.testing import CliRunner

    from accordgraph.cli import main

    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(
        main, ["export", "--store", str(seed_store_dir), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert sorted(back.nodes) == ["ARE", "BHR", "ISR", "KAZ", "LBN", "SAU", "SYR", "USA"]
    assert back.number_of_edges() == 9
    assert back.nodes["LBN"]["status"] == "candidate"


def test_projection_without_sentences_has_the_same_edges_and_ranking(seed_store):
    from accordgraph.metrics import rank_candidates

    full = project_network(seed_store)
    lean = project_network(seed_store, sentences=False)
    assert sorted(full.edges(data="weight")) == sorted(lean.edges(data="weight"))
    assert rank_candidates(full).rows == rank_candidates(lean).rows
    sentences = {ev.get("sentence") for _, _, d in lean.edges(data=True) for ev in d.get("evidence", [])}
    assert sentences <= {None, ""}, "sentences=False must not read the sentences"
    full_sentences = {ev.get("sentence") for _, _, d in full.edges(data=True) for ev in d.get("evidence", [])}
    assert full_sentences - {None, ""}, "the fixture's edges carry sentences"

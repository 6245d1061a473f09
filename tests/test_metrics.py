"""Centrality measures and the candidate ranking, on small hand-checked graphs."""

from __future__ import annotations

import json
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from accordgraph.cli import main
from accordgraph.errors import AccordgraphError
from accordgraph.metrics import (
    RANK_COLUMNS,
    average_ranks,
    betweenness,
    bloc_proximity,
    combined_rank,
    harmonic_closeness,
    node_centrality,
    pagerank,
    rank_candidates,
    support_text,
    weighted_degree,
)


def test_pagerank_of_a_three_node_path():
    # a = (1-α)/3 + α·b/2 and b = (1-α)/3 + α·2a with α = 0.85 give b = 0.135/0.2775
    scores = pagerank(nx.path_graph(["a", "b", "c"]))
    assert scores["b"] == pytest.approx(0.135 / 0.2775, abs=1e-5)
    assert scores["a"] == pytest.approx((1 - 0.135 / 0.2775) / 2, abs=1e-5)


def test_pagerank_uses_weights_and_handles_empty_graphs():
    g = nx.Graph()
    g.add_edge("hub", "strong", weight=9)
    g.add_edge("hub", "weak", weight=1)
    scores = pagerank(g)
    assert scores["strong"] > scores["weak"]
    assert sum(scores.values()) == pytest.approx(1.0)
    assert pagerank(nx.Graph()) == {}


def test_bloc_proximity_of_two_nodes():
    # seed a: a = (1-α) + α·b and b = α·a give a = 0.15 / (1 - 0.85²)
    scores = bloc_proximity(nx.Graph([("a", "b")]), ["a"])
    assert scores["a"] == pytest.approx(0.15 / (1 - 0.85**2), abs=1e-5)
    assert scores["b"] == pytest.approx(0.85 * 0.15 / (1 - 0.85**2), abs=1e-5)


def test_bloc_proximity_is_exactly_zero_out_of_reach_and_without_seeds():
    g = nx.Graph([("a", "b"), ("c", "d")])
    g.add_node("lonely")
    scores = bloc_proximity(g, ["a", "not-in-graph"])
    assert scores["c"] == scores["d"] == scores["lonely"] == 0.0
    assert scores["a"] + scores["b"] == pytest.approx(1.0)
    assert bloc_proximity(g, []) == dict.fromkeys(g, 0.0)


def test_betweenness_walks_one_over_weight():
    # a-c reported a quarter as often (weight 0.25 -> distance 4) as a-b and b-c (distance 1 each):
    # the shortest a..c path goes through b
    g = nx.Graph()
    g.add_edge("a", "b", weight=1)
    g.add_edge("b", "c", weight=1)
    g.add_edge("a", "c", weight=0.25)
    assert betweenness(g)["b"] == pytest.approx(1.0)
    g.edges["a", "c"]["weight"] = 1  # now the direct tie is shortest
    assert betweenness(g)["b"] == pytest.approx(0.0)


def test_weighted_degree_counts_events():
    g = nx.Graph()
    g.add_edge("USA", "SYR", weight=3)
    g.add_edge("USA", "ISR", weight=2)
    g.add_node("LBN")
    assert weighted_degree(g) == {"USA": 5.0, "SYR": 3.0, "ISR": 2.0, "LBN": 0.0}


def test_harmonic_closeness_on_a_path_with_an_isolate():
    g = nx.path_graph(["a", "b", "c"])
    g.add_node("d")
    scores = harmonic_closeness(g)
    assert scores["a"] == pytest.approx((1 + 1 / 2) / 3)
    assert scores["b"] == pytest.approx(2 / 3)
    assert scores["d"] == 0.0
    g.edges["a", "b"]["weight"] = 2  # distance 1/2
    assert harmonic_closeness(g)["a"] == pytest.approx((2 + 1 / 1.5) / 3)
    assert harmonic_closeness(nx.Graph([("x", "x")]).subgraph(["x"])) == {"x": 0.0}


def test_average_ranks_share_ties():
    assert average_ranks({"a": 0.1 + 0.2, "b": 0.3, "c": 0.1}) == {"a": 1.5, "b": 1.5, "c": 3.0}
    assert average_ranks({"a": 3, "b": 1, "c": 1, "d": 0}) == {"a": 1.0, "b": 2.5, "c": 2.5, "d": 4.0}
    assert average_ranks({"a": 3, "b": 1, "c": 2}, among=["b", "c"]) == {"b": 2.0, "c": 1.0}


def test_combined_rank_is_the_mean_of_ranks():
    scores = {"m1": {"x": 3, "y": 2, "z": 1}, "m2": {"x": 1, "y": 2, "z": 3}, "m3": {"x": 5, "y": 0, "z": 0}}
    # ranks: m1 x1 y2 z3; m2 x3 y2 z1; m3 x1, y and z tied at 2.5
    assert combined_rank(scores, ["x", "y", "z"]) == pytest.approx({"x": 5 / 3, "y": 6.5 / 3, "z": 6.5 / 3})


def bloc_graph() -> nx.Graph:
    """USA brokers; ARE and ISR are members; SYR, LBN and SAU are candidates; QAT another country.

    USA-SYR: named + met (weight 2); USA-LBN: named; ISR-LBN: met; SAU: no edge at all.
    """
    g = nx.Graph()
    statuses = {
        "USA": "broker",
        "ARE": "member",
        "ISR": "member",
        "SYR": "candidate",
        "LBN": "candidate",
        "SAU": "candidate",
        "QAT": "other",
    }
    for iso, status in statuses.items():
        g.add_node(iso, kind="country", name=iso.title(), iso=iso, status=status, unattached=[])

    def link(a, b, *evidence):
        g.add_edge(a, b, weight=len(evidence), kinds={}, evidence=list(evidence))
        for e in evidence:
            g.edges[a, b]["kinds"][e["kind"]] = g.edges[a, b]["kinds"].get(e["kind"], 0) + 1

    def ev(kind, a_person, a, b_person, b):
        return {
            "kind": kind,
            "a_person": a_person,
            "a_country": a,
            "b_person": b_person,
            "b_country": b,
            "sentence": f"{kind} sentence",
            "article": "A",
        }

    link("USA", "ARE", ev("joined", "", "ARE", "", "USA"))
    link("ISR", "ARE", ev("joined", "", "ARE", "", "ISR"))
    link("USA", "ISR", ev("met", "Al Pine", "USA", "Bo Dune", "ISR"))
    link(
        "USA", "SYR", ev("met", "Al Pine", "USA", "Cy Reef", "SYR"), ev("named", "Al Pine", "USA", "", "SYR")
    )
    link("USA", "LBN", ev("named", "Al Pine", "USA", "", "LBN"))
    link("ISR", "LBN", ev("met", "Bo Dune", "ISR", "Di Vale", "LBN"))
    link("USA", "QAT", ev("visit", "Ed Moor", "QAT", "", "USA"))
    g.nodes["SAU"]["unattached"].append(ev("named", "Fay Lark", "", "", "SAU"))
    return g


def test_rank_candidates_lists_only_candidates_with_every_measure():
    table = rank_candidates(bloc_graph())
    assert table.columns == RANK_COLUMNS
    assert [row[2] for row in table.rows] == ["LBN", "SYR", "SAU"]
    assert [row[0] for row in table.rows] == [1, 2, 3]
    lbn = table.records()[0]
    assert lbn["degree"] == 2.0
    assert lbn["betweenness"] == 0.0  # USA-LBN-ISR is longer than the direct USA-ISR tie
    # LBN: USA 1, ISR 1, SYR 1.5, ARE 2, QAT 2 (distance = 1/weight), SAU unreachable
    assert lbn["harmonic"] == pytest.approx((1 + 1 + 1 / 1.5 + 1 / 2 + 1 / 2) / 6)
    # SYR: USA 0.5 (two events), ISR/ARE/LBN/QAT 1.5
    assert table.records()[1]["harmonic"] == pytest.approx((2 + 4 / 1.5) / 6)
    sau = table.records()[2]
    assert (sau["degree"], sau["proximity"], sau["harmonic"], sau["betweenness"]) == (0.0, 0.0, 0.0, 0.0)
    assert sau["pagerank"] > 0
    assert sau["support"] == "named by Lark"


def test_rank_candidates_by_one_measure():
    by_degree = rank_candidates(bloc_graph(), measure="degree")
    assert [r["iso"] for r in by_degree.records()] == ["LBN", "SYR", "SAU"]  # 2, 2 (tie -> combined), 0
    by_pagerank = rank_candidates(bloc_graph(), measure="pagerank")
    values = [r["pagerank"] for r in by_pagerank.records()]
    assert values == sorted(values, reverse=True)


def test_rank_candidates_refuses_unknown_measures():
    with pytest.raises(AccordgraphError, match="unknown measure 'katz'; expected one of combined, pagerank"):
        rank_candidates(bloc_graph(), measure="katz")


def test_rank_candidates_of_an_empty_graph_is_an_empty_table():
    assert rank_candidates(nx.Graph()).rows == []


def test_support_names_the_strongest_relations_first():
    g = bloc_graph()
    assert support_text(g, "SYR") == "named by Pine (USA); met Pine (USA)"
    assert support_text(g, "USA", limit=2) == "Pine (USA) named SYR; met Reef (SYR)"
    g.edges["USA", "SYR"]["evidence"].append(g.edges["USA", "SYR"]["evidence"][1])  # reported again
    assert support_text(g, "SYR").startswith("named by Pine (USA) ×2; ")
    g.edges["USA", "SYR"]["evidence"].append({**g.edges["USA", "SYR"]["evidence"][1], "a_person": "Gus Hale"})
    assert support_text(g, "SYR").startswith("named by Pine, Hale (USA) ×3; ")


def test_node_centrality_scales_to_unit_interval():
    scores = node_centrality(bloc_graph())
    assert scores["USA"] == 1.0
    assert scores["SAU"] == 0.0
    assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_rank_command_on_the_seed_fixture(seed_store_dir):
    result = CliRunner().invoke(main, ["rank", "--store", str(seed_store_dir), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "rank,country,iso,combined,pagerank,proximity,betweenness,degree,harmonic,support\n"
        "1,Syria,SYR,1.2000,0.1056,0.0771,0.0000,3.0000,1.0867,"
        "named by Witkoff (USA); met Rubio (USA); al-Sharaa visits USA\n"
        "2,Lebanon,LBN,2.0000,0.0492,0.0257,0.0000,1.0000,0.5779,named by Witkoff (USA)\n"
        "3,Saudi Arabia,SAU,2.8000,0.0210,0.0000,0.0000,0.0000,0.0000,named by Huckabee\n"
    )


def test_rank_command_by_measure_and_as_json(seed_store_dir):
    result = CliRunner().invoke(
        main, ["rank", "--store", str(seed_store_dir), "--measure", "degree", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["rank"], r["iso"], r["degree"]) for r in rows] == [
        (1, "SYR", 3.0),
        (2, "LBN", 1.0),
        (3, "SAU", 0.0),
    ]


def test_rank_command_messages_and_errors(seed_store_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["rank", "--store", str(seed_store_dir), "--agreement", "nato"])
    assert (result.exit_code, result.output) == (
        0,
        "No candidates for NATO: no country named for it that is not already a member.\n",
    )
    result = runner.invoke(main, ["rank", "--store", str(seed_store_dir), "--agreement", "Warsaw Pact"])
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: no agreement named 'Warsaw Pact' in the store (known: Abraham Accords, NATO)\n"
    )
    result = runner.invoke(main, ["rank", "--store", str(seed_store_dir), "--measure", "katz"])
    assert result.exit_code == 2 and "Invalid value for '--measure'" in result.output


def test_without_scipy_ranking_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)  # import scipy now raises ImportError
    with pytest.raises(AccordgraphError, match=r"ranking needs scipy \(scipy is missing\): pip install"):
        rank_candidates(bloc_graph())


def test_sampled_betweenness_is_seeded_and_close_on_a_regular_graph():
    g = nx.cycle_graph(60)
    exact = betweenness(g)
    first, second = betweenness(g, sample=30), betweenness(g, sample=30)
    assert first == second  # the same sources every time
    assert all(first[n] == pytest.approx(exact[n], rel=0.5) for n in g)
    assert betweenness(g, sample=100) == exact  # a sample as large as the graph is exact

"""The offline HTML view: what it contains, what it leaves out, and the view/rank commands."""

from __future__ import annotations

import re
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from accordgraph.cli import main
from accordgraph.errors import AccordgraphError
from accordgraph.network import project_network
from accordgraph.render import (
    edge_tooltip,
    legend_html,
    node_tooltip,
    positions,
    render_html,
    select,
    write_view,
)

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
SCRIPT_BREAK = "</script><script>alert(2)</script>"
IMG = "<img src=x onerror=alert(1)>"


def hostile_graph() -> nx.Graph:
    """Two countries whose names, evidence and article title carry markup."""
    g = nx.Graph(agreement_name=f"Pact {IMG}")
    g.add_node("AAA", kind="country", name=f"Land {IMG}", iso="AAA", status="candidate", unattached=[])
    g.add_node("BBB", kind="country", name="Other", iso="BBB", status="member", unattached=[])
    evidence = {
        "kind": "named",
        "a_person": f"Eve {SCRIPT_BREAK}",
        "a_country": "BBB",
        "b_person": "",
        "b_country": "AAA",
        "sentence": f"She said {IMG} and {SCRIPT_BREAK}.",
        "article": f"T {IMG}",
    }
    g.add_edge("AAA", "BBB", weight=1, kinds={"named": 1}, evidence=[evidence])
    return g


def test_page_is_self_contained(seed_store):
    page = render_html(project_network(seed_store))
    assert page.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(page) is None
    assert "bootstrap" not in page.lower()
    assert "new vis.Network(" in page and "vis-network" in page.lower()  # inlined, not linked


def test_markup_in_the_data_never_reaches_the_page_as_markup():
    page = render_html(hostile_graph(), title="Pact " + IMG)
    assert IMG not in page  # escaped in the legend and title, \\u003c-escaped in the script data
    assert SCRIPT_BREAK not in page
    benign = render_html(nx.Graph([("AAA", "BBB")]), title="Pact")
    assert page.count("</script>") == benign.count("</script>")  # no script element was closed early
    assert "Pact &lt;img src=x onerror=alert(1)&gt;" in page


def test_legend_lists_statuses_and_kinds_present(seed_store):
    legend = legend_html(project_network(seed_store), "Title")
    assert "candidate (named, not a member) (3)" in legend
    assert "named: named as a candidate" in legend
    assert "office" not in legend  # no office edges without --people
    assert "8 nodes, 9 links" in legend


def test_node_tooltip_has_status_counts_and_evidence(seed_store):
    graph = project_network(seed_store)
    text = node_tooltip(graph, "SYR", 0.5)
    assert text.splitlines()[:3] == [
        "Syria (SYR)",
        "candidate · centrality 0.50",
        "relations: named 1, met 1, visit 1",
    ]
    assert "• met Marco Rubio (USA)" in text
    assert "“Secretary Marco Rubio met President Ahmed al-Sharaa.”" in text
    assert "— Steppe nation signs on" in text


def test_person_tooltip_speaks_from_the_person(seed_store):
    graph = project_network(seed_store, people=True)
    text = node_tooltip(graph, "person/steve-witkoff", 0.5)
    assert text.splitlines()[:2] == ["Steve Witkoff", "person · centrality 0.50"]
    assert "• Steve Witkoff (USA) named SYR" in text
    assert "• holds office in USA" in text
    assert "• official: Benjamin Netanyahu" in node_tooltip(graph, "ISR", 1.0)


def test_edge_tooltip_has_both_ends_and_counts(seed_store):
    graph = project_network(seed_store)
    text = edge_tooltip(graph, "KAZ", "ISR")
    assert text.splitlines()[:2] == ["Kazakhstan – Israel", "call 1, joined 1"]
    assert "Trump arranged a call between Netanyahu and Tokayev." in text


def test_select_top_and_focus(seed_store):
    graph = project_network(seed_store)
    top = select(graph, top=3)
    assert top.number_of_nodes() == 3 and "USA" in top
    focus = select(graph, focus="syr")
    assert set(focus) == {"SYR", "USA"}
    assert set(select(graph, focus="Lebanon")) == {"LBN", "USA"}
    with pytest.raises(AccordgraphError, match="no country 'XYZ' in the graph"):
        select(graph, focus="XYZ")
    with pytest.raises(AccordgraphError, match="--top must be at least 1"):
        select(graph, top=0)


def test_positions_are_stable_and_distinct(seed_store):
    graph = project_network(seed_store)
    first, second = positions(graph), positions(graph)
    assert first == second
    assert len(set(first.values())) == graph.number_of_nodes()
    # the isolated candidate sits below the connected component, not on its rim
    connected_lowest = max(y for n, (x, y) in first.items() if n != "SAU")
    assert first["SAU"][1] > connected_lowest


def test_write_view_is_deterministic_utf8_and_creates_directories(seed_store, tmp_path):
    graph = project_network(seed_store)
    path = tmp_path / "deep" / "view.html"
    summary = write_view(graph, path)
    assert (summary.nodes, summary.edges, summary.size) == (8, 9, path.stat().st_size)
    first = path.read_bytes()
    write_view(graph, path)
    assert path.read_bytes() == first
    assert "Syria" in first.decode("utf-8")


def test_write_view_reports_an_unwritable_path(seed_store, tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(AccordgraphError, match="cannot write the view to"):
        write_view(project_network(seed_store), tmp_path / "taken")


def test_view_command_writes_the_file_and_says_where(seed_store_dir, tmp_path):
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["view", "--store", str(seed_store_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    size = out.stat().st_size
    assert result.output == (
        f"Wrote the view to {out}: 8 nodes, 9 links ({size:,} bytes)."
        f" Open {out.resolve().as_uri()} in a browser.\n"
    )


def test_view_command_default_path_is_graph_view_html(seed_store_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["view", "--store", str(seed_store_dir), "--people", "--focus", "SYR"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote the view to graph/view.html: ")
    assert (tmp_path / "graph" / "view.html").is_file()


def test_view_command_errors(seed_store_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["view", "--store", str(seed_store_dir), "--focus", "XYZ", "-o", str(tmp_path / "x.html")]
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: no country 'XYZ' in the graph (give an ISO alpha-3 code such as SYR, or a name)\n",
    )
    result = runner.invoke(main, ["view", "--store", str(seed_store_dir), "--top", "0"])
    assert result.exit_code == 2 and "Invalid value for '--top'" in result.output
    result = runner.invoke(main, ["view", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 1 and result.output.startswith("Error: no store at ")


def test_view_command_open_launches_the_file_uri(seed_store_dir, tmp_path, monkeypatch):
    import click

    launched = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: launched.append(url) or 0)
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["view", "--store", str(seed_store_dir), "-o", str(out), "--open"])
    assert result.exit_code == 0, result.output
    assert launched == [out.resolve().as_uri()]


def test_positions_without_scipy_fall_back_to_a_spring_layout(seed_store, monkeypatch):
    graph = project_network(seed_store)
    with_scipy = positions(graph)
    monkeypatch.setitem(sys.modules, "scipy", None)
    without = positions(graph)
    assert set(without) == set(graph) and without != with_scipy
    assert len(set(without.values())) == graph.number_of_nodes()

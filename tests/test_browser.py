"""The view in a real headless Chromium, kept off the network.

Every request outside ``file://`` (and ``data:``/``about:``) is recorded and aborted;
the tests assert there were none, that the page logged no console error, that the
vis network holds exactly the nodes and edges of the projection, that tooltips show
the evidence as text, and that markup in articles never runs or renders.

Deselect locally with ``-m 'not browser'``; CI installs Debian's chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from accordgraph.cli import main
from accordgraph.network import project_network
from accordgraph.render import write_view

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
OFFLINE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")

IMG = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>alert(2)</script>"


@dataclass
class Visit:
    """A loaded page and what happened while it loaded."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium (persistent context on a fresh profile) for the module."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium, or deselect with -m 'not browser'")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=OFFLINE_FLAGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(path)`` opens a local file with the network blocked and waits for the vis network."""
    pages = []

    def open_page(path: Path, *, wait_for_network: bool = True) -> Visit:
        page = browser.new_page()
        pages.append(page)
        seen = Visit(page)
        page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: seen.console_errors.append(str(exc)))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def block(route: Any) -> None:
            if route.request.url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                route.abort()

        page.on("request", lambda r: None if r.url.startswith(LOCAL_SCHEMES) else seen.external.append(r.url))
        page.route("**/*", block)
        page.goto(path.resolve().as_uri())
        if wait_for_network:
            page.wait_for_function("typeof network !== 'undefined' && network.body !== undefined")
            page.wait_for_timeout(200)  # let late scripts run and report
        return seen

    yield open_page
    for page in pages:
        page.close()


def counts(page: Any) -> tuple[int, int]:
    return tuple(page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]"))


def hover_node(page: Any, node_id: str) -> str:
    """Move the mouse onto a node and return the text of the tooltip that opens."""
    page.mouse.move(1, 1)
    point = page.evaluate(
        "id => network.canvasToDOM(network.getPositions([id])[id])",
        node_id,
    )
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    return tooltip.inner_text()


def hover_edge(page: Any, a: str, b: str) -> str:
    """Move the mouse onto the middle of the edge a-b and return the tooltip's text."""
    page.mouse.move(1, 1)
    point = page.evaluate(
        """([a, b]) => { const p = network.getPositions([a, b]);
            return network.canvasToDOM({x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2}); }""",
        [a, b],
    )
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + point["x"] + 3, box["y"] + point["y"] + 3)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    return tooltip.inner_text()


def test_the_harness_sees_and_blocks_external_requests(visit, tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<html><body><img src="http://example.invalid/x.png"><script src="https://example.invalid/a.js">'
        "</script></body></html>",
        encoding="utf-8",
    )
    seen = visit(page, wait_for_network=False)
    seen.page.wait_for_timeout(300)
    assert sorted(seen.external) == ["http://example.invalid/x.png", "https://example.invalid/a.js"]


def test_view_loads_offline_with_exact_counts_and_no_errors(visit, seed_store, tmp_path):
    graph = project_network(seed_store)
    path = write_view(graph, tmp_path / "view.html").path
    seen = visit(path)
    assert seen.external == []
    assert seen.console_errors == []
    assert counts(seen.page) == (graph.number_of_nodes(), graph.number_of_edges()) == (8, 9)
    assert seen.page.evaluate("network.body.data.nodes.get('SYR').label") == "Syria"
    assert "candidate (named, not a member) (3)" in seen.page.inner_text("#ag-legend")


def test_people_view_counts(visit, seed_store, tmp_path):
    graph = project_network(seed_store, people=True)
    seen = visit(write_view(graph, tmp_path / "people.html").path)
    assert (seen.external, seen.console_errors) == ([], [])
    assert counts(seen.page) == (graph.number_of_nodes(), graph.number_of_edges()) == (15, 21)


def test_top_and_focus_views_count_what_they_keep(visit, seed_store, tmp_path):
    graph = project_network(seed_store)
    seen = visit(write_view(graph, tmp_path / "top.html", top=3).path)
    assert counts(seen.page)[0] == 3
    seen = visit(write_view(graph, tmp_path / "focus.html", focus="SYR").path)
    assert counts(seen.page) == (2, 1)


def test_node_tooltip_shows_its_evidence_sentence(visit, seed_store, tmp_path):
    seen = visit(write_view(project_network(seed_store), tmp_path / "view.html").path)
    text = hover_node(seen.page, "LBN")
    assert text.startswith("Lebanon (LBN)\ncandidate")
    assert "“Adviser Steve Witkoff named Syria and Lebanon as next.”" in text
    assert "— Steppe nation signs on" in text


def test_edge_tooltip_shows_counts_and_evidence(visit, seed_store, tmp_path):
    seen = visit(write_view(project_network(seed_store), tmp_path / "view.html").path)
    text = hover_edge(seen.page, "USA", "LBN")
    assert text.splitlines()[:2] in (
        ["United States – Lebanon", "named 1"],
        ["Lebanon – United States", "named 1"],
    )
    assert "Adviser Steve Witkoff named Syria and Lebanon as next." in text


def hostile_article(directory: Path) -> tuple[Path, Path]:
    """An article (of our own sentences) whose quote, speaker name and title carry markup."""
    speaker = "Eve <b>Bold</b>"
    first = f"Foreign Minister {speaker} of Chile said: “{IMG} and {SCRIPT_BREAK}”."
    second = f"{speaker} named Peru as a likely member of the Abraham Accords."
    text = f"{first}\n{second}\n"
    article = directory / "hostile.txt"
    article.write_text(text, encoding="utf-8")
    meta = {"title": f"Title {IMG} {SCRIPT_BREAK}", "date": "2025-11"}
    (directory / "hostile.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    quote = f"{IMG} and {SCRIPT_BREAK}"
    span1 = {"start": 0, "end": len(first)}
    span2 = {"start": len(first) + 1, "end": len(first) + 1 + len(second)}
    facts = [
        {
            "kind": "holds_office",
            "person": speaker,
            "office": "Foreign Minister",
            "country": "CHL",
            "evidence": span1,
        },
        {"kind": "said", "speaker": speaker, "quote": quote, "evidence": span1},
        {
            "kind": "named_candidate",
            "country": "PER",
            "by": speaker,
            "agreement": "Abraham Accords",
            "evidence": span2,
        },
    ]
    facts_path = directory / "hostile.facts.jsonl"
    facts_path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in facts), encoding="utf-8")
    return article, facts_path


def test_markup_in_an_ingested_article_stays_text(visit, tmp_path):
    article, facts = hostile_article(tmp_path)
    store = str(tmp_path / "store")
    runner = CliRunner()
    result = runner.invoke(
        main, ["ingest", "--facts", str(facts), "--article", str(article), "--store", store]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "hostile.html"
    result = runner.invoke(
        main, ["view", "--people", "--store", store, "-o", str(out), "--agreement", "Abraham Accords"]
    )
    assert result.exit_code == 0, result.output

    seen = visit(out)
    page = seen.page
    assert (seen.dialogs, seen.external, seen.console_errors) == ([], [], [])
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    [person] = page.evaluate(
        "network.body.data.nodes.get({filter: n => n.label === 'Eve <b>Bold</b>'}).map(n => n.id)"
    )

    text = hover_node(page, "PER")
    assert f"“{second_sentence(article)}”" in text
    assert f"— Title {IMG} {SCRIPT_BREAK}" in text
    assert "named by Eve <b>Bold</b> (CHL)" in text
    text = hover_node(page, person)
    assert text.startswith("Eve <b>Bold</b>\nperson")
    first_sentence = article.read_text(encoding="utf-8").splitlines()[0]
    assert IMG in first_sentence and f"“{first_sentence}”" in text  # the office's evidence
    assert seen.dialogs == []


def second_sentence(article: Path) -> str:
    return article.read_text(encoding="utf-8").splitlines()[1]


def test_markup_in_country_and_agreement_labels_stays_text(visit, seed_store, tmp_path):
    seed_store.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "DELETE { GRAPH ?g { ?c rdfs:label ?old } } INSERT { GRAPH ?g { ?c rdfs:label ?new } } "
        "WHERE { GRAPH ?g { ?c rdfs:label ?old } "
        "FILTER(?c IN (<https://w3id.org/accordgraph/id/country/LBN>, "
        "<https://w3id.org/accordgraph/id/agreement/abraham-accords>)) "
        f"BIND(CONCAT(?old, {json.dumps(' ' + IMG + SCRIPT_BREAK)}) AS ?new) }}"
    )
    graph = project_network(seed_store, "abraham-accords")
    seen = visit(write_view(graph, tmp_path / "labels.html").path)
    page = seen.page
    assert (seen.dialogs, seen.external, seen.console_errors) == ([], [], [])
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("network.body.data.nodes.get('LBN').label") == f"Lebanon {IMG}{SCRIPT_BREAK}"
    assert page.title() == f"accordgraph — Abraham Accords {IMG}{SCRIPT_BREAK}"
    assert f"Abraham Accords {IMG}{SCRIPT_BREAK}" in page.inner_text("#ag-legend h2")
    assert hover_node(page, "LBN").startswith(f"Lebanon {IMG}{SCRIPT_BREAK} (LBN)")

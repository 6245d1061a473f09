"""Shared fixtures: stores (memory, a directory, a real Oxigraph server) and tiny articles.

Other engineers: add your fixtures in a clearly separated block at the end.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# --- stores -------------------------------------------------------------------------


@pytest.fixture
def memory_store():
    """An empty in-memory store."""
    from accordgraph.store import open_store

    with open_store("memory") as store:
        yield store


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A path for an embedded store directory (not created yet)."""
    return tmp_path / "store"


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary of this venv (from the ``oxigraph`` PyPI package)."""
    local = Path(sys.prefix) / "bin" / "oxigraph"
    return str(local) if local.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` on 127.0.0.1 with an empty store; yields its base URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail("the oxigraph server binary is missing: pip install 'accordgraph[test]'")
    port = _free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "server-store"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph server did not start: {(tmp_path / 'oxigraph.log').read_text()}")
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --- articles -----------------------------------------------------------------------


@pytest.fixture
def write_article(tmp_path: Path):
    """Write a small article file (text of your own) and return its path."""

    def write(name: str, text: str, directory: Path | None = None) -> Path:
        folder = directory or tmp_path / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- RDF layer and query library (owner: rdf.py / queries.py) -----------------------

REPO = Path(__file__).resolve().parents[1]
RDF_DATA = Path(__file__).resolve().parent / "data"
RDF_FIXTURES = ("fixture", "fixture2")  # tests/data/<name>.txt, .meta.json, .facts.jsonl


def fixture_article(name: str):
    """A fixture article with its path made relative to the repository (stable triples)."""
    from dataclasses import replace

    from accordgraph.articles import read_article

    article = read_article(RDF_DATA / f"{name}.txt")
    return replace(article, path=f"tests/data/{name}.txt")


def fixture_facts(name: str) -> list:
    from accordgraph.facts import read_facts

    path = RDF_DATA / f"{name}.facts.jsonl"
    return list(read_facts(path.read_text(encoding="utf-8").splitlines(), path.name))


def base_layer_ntriples() -> str:
    """The ontology and graph/base/*.ttl as N-Triples (what the base named graph holds)."""
    import pyoxigraph as ox

    files = [*sorted((REPO / "graph" / "base").glob("*.ttl")), REPO / "graph" / "ontology.ttl"]
    chunks = []
    for path in files:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        chunks.append(ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES))
    return b"".join(chunks).decode("utf-8")


@pytest.fixture(scope="module")
def fixture_store():
    """An in-memory store with the base layer and the fixture articles' facts, one graph each."""
    from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples
    from accordgraph.store import open_store

    with open_store("memory") as store:
        store.replace_graph(BASE_GRAPH, base_layer_ntriples())
        for name in RDF_FIXTURES:
            article = fixture_article(name)
            store.replace_graph(article_iri(article), facts_to_ntriples(fixture_facts(name), article))
        yield store


# --- network fixtures (analysis engineer) --------------------------------------------

NETWORK_SEED = Path(__file__).parent / "data" / "network" / "seed.trig"


def load_trig(store, path: Path) -> None:
    """Load a TriG file into a store, one named graph at a time."""
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    for graph in sorted({q.graph_name for q in quads}, key=str):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == graph]
        store.replace_graph(graph.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode())


@pytest.fixture
def load_network_seed():
    """``load(store)`` puts tests/data/network/seed.trig into any store (e.g. a remote one)."""
    return lambda store: load_trig(store, NETWORK_SEED)


@pytest.fixture
def seed_store():
    """An in-memory store holding tests/data/network/seed.trig (a seed-like nation graph)."""
    from accordgraph.store import open_store

    with open_store("memory") as store:
        load_trig(store, NETWORK_SEED)
        yield store


@pytest.fixture
def seed_store_dir(tmp_path: Path) -> Path:
    """A directory store holding tests/data/network/seed.trig, closed, for CLI tests."""
    from accordgraph.store import open_store

    path = tmp_path / "seed-store"
    with open_store(path) as store:
        load_trig(store, NETWORK_SEED)
    return path


@pytest.fixture(scope="session")
def rdf_fixtures():
    """The fixture helpers above for test modules: ``.article(name)``, ``.facts(name)``, ``.data``..."""
    from types import SimpleNamespace

    return SimpleNamespace(
        article=fixture_article, facts=fixture_facts, data=RDF_DATA, repo=REPO, names=RDF_FIXTURES,
        base_ntriples=base_layer_ntriples,
    )

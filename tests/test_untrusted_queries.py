"""Untrusted queries: ``query`` is read-only by default, refuses the network, and is bounded.

A local HTTP server stands in for "the network": every test that must not reach it
asserts it received no request (and the one that allows SERVICE shows it would).
"""

from __future__ import annotations

import http.server
import io
import json
import re
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from accordgraph.cli import main
from accordgraph.errors import AccordgraphError
from accordgraph.queries import run_query
from accordgraph.store import open_store

DATA = Path(__file__).parent / "data" / "reliability"
UPDATE_REFUSED = "Error: refused: SPARQL Update"


class Network:
    """A tiny HTTP server on 127.0.0.1 that records each request and answers like an endpoint."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        network = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                network.requests.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path.endswith(".ttl") or self.path.endswith(".jsonld"):
                    body, kind = b"<http://example.org/x> <http://example.org/p> 1 .", "text/turtle"
                else:
                    results = {"head": {"vars": ["s"]}, "results": {"bindings": [
                        {"s": {"type": "uri", "value": "http://example.org/from-the-network"}}]}}
                    body, kind = json.dumps(results).encode(), "application/sparql-results+json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def network():
    net = Network()
    yield net
    net.close()


def load_trig(store, path: Path) -> None:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    for graph in dataset.graphs():
        if len(graph):
            store.replace_graph(str(graph.identifier), graph)


@pytest.fixture
def store_path(tmp_path) -> Path:
    path = tmp_path / "store"
    with open_store(path) as store:
        load_trig(store, DATA / "valid.trig")
    return path


def nquads(path: Path) -> bytes:
    buf = io.BytesIO()
    with open_store(path, read_only=True) as store:
        store.export("nquads", buf)
    return buf.getvalue()


def query(store_path: Path, *args: str):
    return CliRunner().invoke(main, ["query", "--store", str(store_path), *args])


UPDATES = {
    "insert-data": 'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }',
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "with-graph": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <https://w3id.org/accordgraph/id/graph/base>",
    "create": "CREATE GRAPH <http://example.org/new>",
    "add": "ADD DEFAULT TO <http://example.org/g>",
    "move": "MOVE <https://w3id.org/accordgraph/id/graph/base> TO <http://example.org/g>",
    "copy": "COPY <https://w3id.org/accordgraph/id/graph/base> TO DEFAULT",
    "lower-case": "drop all",
    "after-a-comment": "# SELECT * WHERE { ?s ?p ?o }\nDROP ALL",
    "with-prefix": "PREFIX ag: <https://w3id.org/accordgraph/ontology#>\nDELETE WHERE { ?c ag:isoAlpha3 ?x }",
    "two-operations": "CLEAR SILENT DEFAULT ; DROP ALL",
}


@pytest.mark.parametrize("update", UPDATES.values(), ids=UPDATES.keys())
def test_updates_are_refused_by_default_and_change_nothing(store_path, update):
    before = nquads(store_path)
    result = query(store_path, "-e", update)
    assert result.exit_code == 1
    assert result.stderr.startswith(UPDATE_REFUSED)
    assert len(result.stderr.splitlines()) == 1
    assert nquads(store_path) == before


def test_an_update_in_a_query_file_is_refused(store_path, tmp_path):
    path = tmp_path / "sneaky.rq"
    path.write_text("#+ title: Looks harmless\n\nDROP ALL\n", encoding="utf-8")
    before = nquads(store_path)
    result = query(store_path, str(path))
    assert result.exit_code == 1 and result.stderr.startswith(UPDATE_REFUSED)
    assert nquads(store_path) == before


def test_allow_update_runs_the_update(store_path):
    new = '<http://example.org/a> <http://example.org/b> "added"'
    insert = f"INSERT DATA {{ GRAPH <http://example.org/g> {{ {new} }} }}"
    result = query(store_path, "--allow-update", "-e", insert)
    assert result.exit_code == 0, result.output
    check = query(store_path, "-e", f"ASK {{ {new} }}", "--format", "csv")
    assert check.stdout.lower() == "result\ntrue\n"


def test_the_library_refuses_updates_on_a_read_only_store(store_path):
    with open_store(store_path, read_only=True) as store, pytest.raises(AccordgraphError):
        run_query(store, "DROP ALL", allow_update=True)
    assert b"Mongolia" in nquads(store_path)


SERVICES = {
    "plain": "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } }",
    "in-optional": "SELECT * WHERE { ?c ?p ?o OPTIONAL { SERVICE <{url}/sparql> { ?c ?q ?r } } }",
    "in-subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } } } }",
    "in-union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}/sparql> { ?s ?p ?o } } }",
    "in-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}/sparql> { ?s ?p ?o } } }",
    "in-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "in-ask": "ASK { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "lower-case": "select * where { service <{url}/sparql> { ?s ?p ?o } }",
    "in-an-update": "INSERT { ?s ?p ?o } WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("template", SERVICES.values(), ids=SERVICES.keys())
def test_service_is_refused_and_nothing_reaches_the_network(store_path, network, template):
    result = query(store_path, "--allow-update", "-e", template.replace("{url}", network.url))
    assert result.exit_code == 1
    assert result.stderr == "Error: refused: SERVICE fetches from the network; it runs only when allowed\n"
    assert network.requests == []


def test_allow_service_does_reach_the_network(store_path, network):
    """The refusal above is what stops the request: with --allow-service it goes out."""
    sparql = f"SELECT ?s WHERE {{ SERVICE <{network.url}/sparql> {{ ?s ?p ?o }} }}"
    result = query(store_path, "--allow-service", "-e", sparql, "--format", "csv")
    assert network.requests, "the SERVICE request never went out"
    assert result.exit_code == 0, result.output
    assert result.stdout == "s\nhttp://example.org/from-the-network\n"


@pytest.mark.parametrize("flags", [[], ["--allow-update"]], ids=["no-flags", "allow-update-only"])
def test_load_is_refused_without_allow_service(store_path, network, flags):
    """LOAD is an update that fetches a document: it needs both --allow-update and --allow-service."""
    before = nquads(store_path)
    result = query(store_path, *flags, "-e", f"LOAD <{network.url}/data.ttl>")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: refused: ")
    assert network.requests == []
    assert nquads(store_path) == before


def test_words_in_strings_and_comments_are_not_refused(store_path):
    sparql = (
        "# SERVICE <http://example.org/> and DROP ALL are only mentioned here\n"
        'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://example.org/sparql> { }" "DROP ALL ; LOAD <x>" } }'
    )
    result = query(store_path, "-e", sparql, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == 'x\nSERVICE <http://example.org/sparql> { }\nDROP ALL ; LOAD <x>\n'


def test_from_clauses_never_fetch_documents(store_path, network):
    sparql = f"SELECT * FROM <{network.url}/a.ttl> FROM NAMED <{network.url}/b.ttl> WHERE {{ ?s ?p ?o }}"
    result = query(store_path, "-e", sparql, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert network.requests == []


def test_a_parameter_cannot_change_the_query(store_path, tmp_path):
    path = tmp_path / "labelled.rq"
    path.write_text(
        "#+ title: Things with a label\n#+ params: label\n"
        "SELECT ?thing WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n",
        encoding="utf-8",
    )
    before = nquads(store_path)
    for value in ['x" } } ; DROP ALL ; #', "x' } DROP ALL #", "Nepal\" . ?a ?b ?c } #", "Nepal"]:
        result = query(store_path, str(path), "--param", f"label={value}", "--format", "csv")
        assert result.exit_code == 0, (value, result.output)
        expected = "thing\nhttps://w3id.org/accordgraph/id/country/NPL\n" if value == "Nepal" else "thing\n"
        assert result.stdout == expected, value
    assert nquads(store_path) == before


def test_timeout_bounds_a_runaway_query(store_path):
    """A four-way cross product of the store never ends by itself; --timeout stops it."""
    import time

    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    started = time.monotonic()
    result = query(store_path, "-e", sparql, "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr == "Error: query timed out after 1 s\n"
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_a_bad_timeout_is_a_usage_error(store_path, value):
    result = query(store_path, "-e", "ASK { ?s ?p ?o }", "--timeout", value)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_validation_never_follows_owl_imports(store_path, network):
    imports = f"<http://example.org/onto> <http://www.w3.org/2002/07/owl#imports> <{network.url}/s.ttl> ."
    with open_store(store_path) as store:
        store.replace_graph("http://example.org/imports", imports)
    result = CliRunner().invoke(main, ["validate", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert network.requests == []


def test_build_never_follows_owl_imports_in_the_base_layer(network, tmp_path):
    graph_dir = tmp_path / "graph"
    (graph_dir / "base").mkdir(parents=True)
    (graph_dir / "sources").mkdir()
    (graph_dir / "base" / "extra.ttl").write_text(
        f"<http://example.org/onto> <http://www.w3.org/2002/07/owl#imports> <{network.url}/more.ttl> .\n"
        f'<http://example.org/ctx> <http://example.org/p> "{network.url}/context.jsonld" .\n',
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", "--graph-dir", str(graph_dir), "--store", store])
    assert result.exit_code == 0, result.output
    assert network.requests == []


def test_jsonld_export_needs_no_remote_context(store_path):
    result = CliRunner().invoke(main, ["export", "--store", str(store_path), "--format", "jsonld"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    contexts = [d.get("@context") for d in (document if isinstance(document, list) else [document])]
    assert not any(isinstance(c, str) and c.startswith("http") for c in contexts)


def test_query_opens_the_store_read_only_even_if_the_check_were_fooled(store_path, monkeypatch):
    """Defence in depth: were the parser-based refusal ever fooled, the store itself refuses."""
    import accordgraph.queries

    monkeypatch.setattr(accordgraph.queries, "check_read_only", lambda sparql, **flags: "update")
    before = nquads(store_path)
    result = query(store_path, "-e", "DROP ALL")
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: .*read-only.*\n", result.stderr), result.stderr
    assert nquads(store_path) == before

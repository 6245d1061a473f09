"""The embedded store: queries, graph replacement, export, locking, read-only opening."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import time

import pytest
import rdflib
from rdflib.compare import isomorphic

from accordgraph.errors import QueryError, StoreBusyError, StoreError
from accordgraph.store import _with_timeout, open_store

EX = "https://example.org/"
G1, G2 = EX + "g1", EX + "g2"
NT1 = f"""<{EX}kaz> <{EX}label> "Kazakhstan"@en .
<{EX}kaz> <{EX}joined> <{EX}accords> .
<{EX}kaz> <{EX}note> "a \\"quoted\\" line\\nand é" .
"""
NT2 = f"""<{EX}isr> <{EX}label> "Israel" .
<{EX}isr> <{EX}count> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


@pytest.fixture
def filled(memory_store):
    memory_store.replace_graph(G1, NT1)
    memory_store.replace_graph(G2, NT2)
    return memory_store


def test_select_gives_plain_strings_and_none_for_unbound(filled):
    table = filled.query(
        f"SELECT ?s ?label ?n WHERE {{ ?s <{EX}label> ?label OPTIONAL {{ ?s <{EX}count> ?n }} }} ORDER BY ?s"
    )
    assert table.columns == ["s", "label", "n"]
    assert table.rows == [(EX + "isr", "Israel", "3"), (EX + "kaz", "Kazakhstan", None)]


def test_literals_keep_their_text_exactly(filled):
    table = filled.query(f"SELECT ?o WHERE {{ ?s <{EX}note> ?o }}")
    assert table.rows == [('a "quoted" line\nand é',)]


def test_ask_gives_one_boolean_column(filled):
    assert filled.query(f"ASK {{ <{EX}kaz> <{EX}joined> ?a }}").rows == [(True,)]
    table = filled.query(f"ASK {{ <{EX}isr> <{EX}joined> ?a }}")
    assert table.columns == ["result"]
    assert table.rows == [(False,)]


def test_construct_gives_subject_predicate_object(filled):
    table = filled.query(f"CONSTRUCT {{ ?s <{EX}name> ?l }} WHERE {{ ?s <{EX}label> ?l }}")
    assert table.columns == ["subject", "predicate", "object"]
    assert sorted(table.rows) == [
        (EX + "isr", EX + "name", "Israel"),
        (EX + "kaz", EX + "name", "Kazakhstan"),
    ]


def test_default_graph_is_the_union_of_named_graphs(filled):
    table = filled.query(f"SELECT ?s WHERE {{ ?s <{EX}label> ?l }} ORDER BY ?s")
    assert [r[0] for r in table.rows] == [EX + "isr", EX + "kaz"]


def test_graphs_and_triple_count(filled):
    assert filled.graphs() == [G1, G2]
    assert filled.triple_count() == 5


def test_replace_graph_drops_the_old_contents_and_leaves_other_graphs(filled):
    filled.replace_graph(G1, f'<{EX}kaz> <{EX}label> "Qazaqstan" .\n')
    labels = filled.query(f"SELECT ?l WHERE {{ ?s <{EX}label> ?l }} ORDER BY ?l").rows
    assert labels == [("Israel",), ("Qazaqstan",)]
    assert filled.triple_count() == 3


def test_replacing_with_the_same_graph_twice_changes_nothing(filled):
    filled.replace_graph(G1, NT1)
    assert filled.triple_count() == 5


def test_replace_graph_accepts_an_rdflib_graph(memory_store):
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef(EX + "a"), rdflib.URIRef(EX + "p"), rdflib.Literal('line\nbreak "q"')))
    memory_store.replace_graph(G1, graph)
    assert memory_store.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [('line\nbreak "q"',)]


def test_replace_graph_can_drop_other_graphs_in_the_same_step(filled):
    filled.replace_graph(EX + "g3", NT2, also_remove=[G2])
    assert filled.graphs() == [G1, EX + "g3"]
    assert filled.triple_count() == 5


def test_bad_data_is_refused_and_the_old_graph_kept(filled):
    with pytest.raises(StoreError, match=r"^cannot load graph https://example.org/g1: "):
        filled.replace_graph(G1, "<not a triple")
    assert filled.triple_count() == 5


def test_bad_graph_iri_is_refused(filled):
    with pytest.raises(StoreError, match=r"^invalid graph IRI 'not an iri>'"):
        filled.replace_graph("not an iri>", NT1)


def test_remove_graph(filled):
    filled.remove_graph(G1)
    assert filled.graphs() == [G2]
    assert filled.triple_count() == 2


def test_malformed_sparql_is_a_query_error(filled):
    with pytest.raises(QueryError, match=r"^malformed SPARQL: "):
        filled.query("SELEC ?s WHERE { ?s ?p ?o }")


def test_update_runs_sparql_update(filled):
    filled.update(f"DELETE WHERE {{ GRAPH ?g {{ <{EX}isr> ?p ?o }} }}")
    assert filled.triple_count() == 3


def test_timeout_gives_up_waiting():
    with pytest.raises(QueryError, match=r"^query timed out after 0.1 s$"):
        _with_timeout(lambda: time.sleep(3), 0.1)


def test_query_with_a_generous_timeout_answers(filled):
    assert filled.query(f"ASK {{ <{EX}kaz> ?p ?o }}", timeout=30).rows == [(True,)]


def test_query_errors_cross_the_timeout_thread(filled):
    with pytest.raises(QueryError, match=r"^malformed SPARQL"):
        filled.query("SELECT nonsense", timeout=30)


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_export_of_datasets_round_trips(filled, fmt, rdflib_format):
    out = io.BytesIO()
    filled.export(fmt, out)
    dataset = rdflib.Dataset()
    dataset.parse(data=out.getvalue(), format=rdflib_format)
    expected = rdflib.Dataset()
    for graph_iri, text in ((G1, NT1), (G2, NT2)):
        expected.graph(rdflib.URIRef(graph_iri)).parse(data=text, format="nt")
        assert isomorphic(dataset.graph(rdflib.URIRef(graph_iri)), expected.graph(rdflib.URIRef(graph_iri)))
    assert len(list(dataset.quads())) == 5


def test_export_turtle_is_the_union_each_triple_once(filled):
    filled.replace_graph(EX + "g3", NT2)  # the same triples in a second graph
    out = io.BytesIO()
    filled.export("turtle", out)
    union = rdflib.Graph().parse(data=out.getvalue(), format="turtle")
    expected = rdflib.Graph().parse(data=NT1 + NT2, format="nt")
    assert isomorphic(union, expected)


def test_export_unknown_format(filled):
    with pytest.raises(StoreError, match=r"^unknown export format 'rdfxml'; expected one of trig, nquads"):
        filled.export("rdfxml", io.BytesIO())


def test_rdflib_dataset_view_sees_the_same_data(filled):
    dataset = filled.dataset
    labels = {str(o) for o in dataset.objects(None, rdflib.URIRef(EX + "label"))}
    assert labels == {"Kazakhstan", "Israel"}


# --- directories: persistence, read-only, locking -------------------------------------


def test_directory_store_persists_across_openings(store_dir):
    with open_store(store_dir) as store:
        store.replace_graph(G1, NT1)
    with open_store(store_dir, read_only=True) as store:
        assert store.triple_count() == 3
        assert store.graphs() == [G1]


def test_missing_store_read_only(tmp_path):
    path = tmp_path / "nothing"
    with pytest.raises(StoreError) as info:
        open_store(path, read_only=True)
    assert str(info.value) == f"no store at {path}; run 'accordgraph build' first"
    assert not path.exists()


def test_missing_store_without_create(tmp_path):
    with pytest.raises(StoreError, match=r"^no store at "):
        open_store(tmp_path / "nothing", create=False)


def test_read_only_store_refuses_writes(store_dir):
    open_store(store_dir).close()
    with open_store(store_dir, read_only=True) as store, pytest.raises(StoreError) as info:
        store.replace_graph(G1, NT1)
    assert str(info.value) == f"store {store_dir} is open read-only"


def test_a_file_is_not_a_store(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("hello")
    with pytest.raises(StoreError, match=r"file.txt is a file, not a store directory$"):
        open_store(path)


def test_a_directory_of_other_files_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match=r"is not an accordgraph store"):
        open_store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


HOLD_STORE = textwrap.dedent(
    """
    import sys
    from accordgraph.store import open_store
    store = open_store(sys.argv[1])
    store.replace_graph("https://example.org/g1", '<https://example.org/a> <https://example.org/p> "1" .')
    store.flush()
    print("ready", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def held_store(store_dir):
    """A store directory held for writing by another process."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(store_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        yield store_dir
    finally:
        process.stdin.close()
        process.wait(timeout=20)


def test_second_writer_gets_store_busy(held_store):
    with pytest.raises(StoreBusyError) as info:
        open_store(held_store)
    assert str(info.value) == f"store {held_store} is busy: another accordgraph process is writing to it"


def test_reader_opens_while_a_writer_holds_the_store(held_store):
    with open_store(held_store, read_only=True) as store:
        assert store.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [("1",)]


def test_remote_stores_have_no_rdflib_dataset_view():
    with pytest.raises(StoreError) as info:
        open_store("http://127.0.0.1:9/query").dataset  # noqa: B018 - the property raises
    assert str(info.value) == (
        "an rdflib Dataset view needs an embedded store, not http://127.0.0.1:9/query;"
        " query the endpoint with store.query() instead"
    )


@pytest.mark.parametrize(
    ("spec", "query_target", "update_url"),
    [
        ("http://h:7878", "http://h:7878/query?union-default-graph", "http://h:7878/update"),
        ("http://h:7878/", "http://h:7878/query?union-default-graph", "http://h:7878/update"),
        ("https://h/db/query", "https://h/db/query?union-default-graph", "https://h/db/update"),
        ("https://h/db/query?x=1", "https://h/db/query?x=1&union-default-graph", "https://h/db/update?x=1"),
        ("https://h/sparql", "https://h/sparql", "https://h/sparql"),
    ],
)
def test_remote_endpoint_urls(spec, query_target, update_url):
    store = open_store(spec)
    assert (store._query_target(), store.update_url) == (query_target, update_url)


def test_failing_queries_and_updates_are_one_line_errors(filled):
    with pytest.raises(QueryError) as info:
        filled.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert str(info.value).startswith("query failed: ")
    filled.update(f"CREATE GRAPH <{EX}new>")
    with pytest.raises(QueryError) as info:
        filled.update(f"CREATE GRAPH <{EX}new>")
    assert str(info.value) == f"update failed: The graph <{EX}new> already exists"


def test_a_closed_store_says_so(store_dir):
    store = open_store(store_dir)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError) as info:
        store.query("ASK {}")
    assert str(info.value) == f"store {store_dir} is closed"
    with open_store(store_dir) as again:  # the lock was released
        assert again.triple_count() == 0


def test_an_empty_store_name():
    with pytest.raises(StoreError) as info:
        open_store("  ")
    assert str(info.value) == "no store named (--store is empty)"


def test_a_malformed_store_url():
    with pytest.raises(StoreError) as info:
        open_store("http://[::1")
    assert str(info.value) == "invalid store URL 'http://[::1': Invalid IPv6 URL"


def test_a_store_path_that_is_not_utf8(tmp_path):
    import os

    path = os.fsdecode(os.fsencode(tmp_path) + b"/st\xff")
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == f"cannot open store {tmp_path}/st\ufffd: the path is not valid UTF-8"
    with pytest.raises(StoreError, match=r"^no store at .*/st\ufffd; run 'accordgraph build' first$"):
        open_store(path, read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_a_path_too_long_for_the_file_system(tmp_path):
    with pytest.raises(StoreError, match=r"^cannot open store .*: File name too long$"):
        open_store(tmp_path / ("x" * 300) / "store", read_only=True)


def test_credentials_in_a_store_url_become_basic_auth_and_stay_out_of_messages():
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    seen = {}

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            seen["path"] = self.path
            seen["auth"] = self.headers.get("Authorization")
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"head": {}, "boolean": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        store = open_store(f"http://ana:s%40cret@127.0.0.1:{port}/repo/query")
        assert store.query("ASK {}").rows == [(True,)]
    finally:
        server.shutdown()
        server.server_close()
    assert seen == {
        "path": "/repo/query?union-default-graph",
        "auth": "Basic " + base64.b64encode(b"ana:s@cret").decode(),
    }
    assert store.spec == f"http://127.0.0.1:{port}/repo/query"


def test_a_malformed_store_url_with_credentials_hides_them():
    with pytest.raises(StoreError) as info:
        open_store("http://ana:hunter2@h:99999/query")
    assert str(info.value) == "invalid store URL 'http://h:99999/query': Port out of range 0-65535"

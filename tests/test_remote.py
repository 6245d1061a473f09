"""A remote store: a real ``oxigraph serve`` on 127.0.0.1 behaves like the embedded store."""

from __future__ import annotations

import io
import socket

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from accordgraph.articles import Article
from accordgraph.cli import main
from accordgraph.errors import QueryError, StoreError
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from accordgraph.ingest import build, ingest_article, summarize
from accordgraph.queries import load_library, run_query
from accordgraph.rdf import BASE_GRAPH, article_iri
from accordgraph.store import RemoteStore, open_store

EX = "https://example.org/"
AG = "https://w3id.org/accordgraph/ontology#"
NT = f'<{EX}a> <{EX}p> "x \\"q\\" é\\n"@en .\n_:b <{EX}p> <{EX}c> .\n'

TEXT_A = 'Chile joined the Abraham Accords. President Ana Rivera said: "We are proud." She visited Peru.'
TEXT_B = "Minister Luis Soto of Peru met Ana Rivera and named Bolivia as the next member of the accords."
ARTICLES = [
    (
        Article(text=TEXT_A, title="Chile joins", date="2026-01-05", path="/news/a.txt"),
        [
            Joined(country="CHL", agreement="Abraham Accords", evidence=Evidence(0, 33)),
            HoldsOffice(person="Ana Rivera", office="President", country="CHL", evidence=Evidence(34, 54)),
            Said(speaker="Ana Rivera", quote="We are proud.", evidence=Evidence(34, 76)),
            Visit(visitor="Ana Rivera", host="PER", evidence=Evidence(77, len(TEXT_A))),
        ],
    ),
    (
        Article(text=TEXT_B, title="Peru talks", path="/news/b.txt"),
        [
            HoldsOffice(
                person="Luis Soto", office="Minister", country="PER", evidence=Evidence(0, len(TEXT_B))
            ),
            Met(
                participants=("Luis Soto", "Ana Rivera"), mode="in_person", evidence=Evidence(0, len(TEXT_B))
            ),
            NamedCandidate(
                country="BOL", by="Luis Soto", agreement="Abraham Accords", evidence=Evidence(0, len(TEXT_B))
            ),
        ],
    ),
]
# values for library queries' required parameters
PARAM_VALUES = {
    "agreement": "Abraham Accords",
    "country": "CHL",
    "person": "Ana Rivera",
    "speaker": "Ana Rivera",
}

pytestmark = pytest.mark.server


def test_remote_store_speaks_the_store_interface(oxigraph_server):
    with open_store(oxigraph_server) as store:
        assert isinstance(store, RemoteStore)
        store.replace_graph(EX + "g1", NT)
        store.replace_graph(EX + "g2", f'<{EX}a> <{EX}p> "2" .\n')
        assert store.graphs() == [EX + "g1", EX + "g2"]
        assert store.triple_count() == 3
        rows = store.query(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }} ORDER BY ?o").rows
        assert rows == [("2",), ('x "q" é\n',)]  # the default graph is the union
        assert store.query(f"ASK {{ <{EX}a> ?p ?o }}").rows == [(True,)]
        construct = store.query(f'CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> "2" . ?s ?p ?o }}')
        assert construct.columns == ["subject", "predicate", "object"]
        store.replace_graph(EX + "g1", f'<{EX}a> <{EX}p> "1" .\n', also_remove=[EX + "g2"])
        assert store.graphs() == [EX + "g1"]
        assert store.triple_count() == 1
        store.remove_graph(EX + "g1")
        assert store.triple_count() == 0


def test_remote_export_matches_what_was_stored(oxigraph_server):
    with open_store(oxigraph_server) as store:
        store.replace_graph(EX + "g1", NT)
        out = io.BytesIO()
        store.export("trig", out)
    dataset = rdflib.Dataset()
    dataset.parse(data=out.getvalue(), format="trig")
    expected = rdflib.Graph().parse(data=NT, format="nt")
    assert isomorphic(dataset.graph(rdflib.URIRef(EX + "g1")), expected)


def test_an_explicit_query_url_derives_the_update_url(oxigraph_server):
    store = open_store(oxigraph_server + "/query")
    assert store.update_url == oxigraph_server + "/update"
    store.replace_graph(EX + "g1", NT)
    assert open_store(oxigraph_server).triple_count() == 2


def test_remote_malformed_query(oxigraph_server):
    with pytest.raises(QueryError, match=r"^the endpoint refused the request: "):
        open_store(oxigraph_server).query("SELEC ?s")


def test_unreachable_endpoint():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(StoreError) as info:
        open_store(f"http://127.0.0.1:{port}").query("ASK {}")
    assert str(info.value) == (
        f"cannot reach SPARQL endpoint http://127.0.0.1:{port}/query: [Errno 111] Connection refused"
    )


def test_an_endpoint_that_never_answers_times_out():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(QueryError) as info:
            open_store(f"http://127.0.0.1:{port}").query("ASK {}", timeout=0.3)
    assert str(info.value) == "query timed out after 0.3 s"


def ingest_all(store) -> None:
    for article, facts in ARTICLES:
        ingest_article(store, article, facts)


def test_remote_ingest_is_idempotent_and_replaces_edits(oxigraph_server):
    with open_store(oxigraph_server) as store:
        ingest_all(store)
        count, graphs = store.triple_count(), store.graphs()
        ingest_all(store)
        assert (store.triple_count(), store.graphs()) == (count, graphs)
        old, facts = ARTICLES[0]
        edited = Article(text=old.text + " Later she left.", path=old.path)
        result = ingest_article(store, edited, facts)
        assert result.replaced == [article_iri(old)]
        assert sorted(store.graphs()) == sorted([article_iri(edited), article_iri(ARTICLES[1][0])])


def test_every_library_query_gives_the_same_rows_as_embedded(oxigraph_server, tmp_path):
    library = load_library()
    assert library, "the query library is empty"
    with open_store(oxigraph_server) as remote, open_store("memory") as embedded:
        for store in (remote, embedded):
            ingest_all(store)
        assert summarize(remote) == summarize(embedded)
        for name, q in library.items():
            params = {p.name: PARAM_VALUES[p.name] for p in q.param_specs if p.required}
            local = run_query(embedded, name, params)
            there = run_query(remote, name, params)
            assert there.columns == local.columns, name
            assert sorted(there.rows, key=repr) == sorted(local.rows, key=repr), name


def test_build_into_a_remote_store(oxigraph_server, tmp_path):
    root = tmp_path / "graph"
    (root / "base").mkdir(parents=True)
    (root / "base" / "members.ttl").write_text(
        f"<https://w3id.org/accordgraph/id/country/BHR> <{AG}memberOf> <{EX}accords> .\n"
    )
    summary = build(root, oxigraph_server)
    assert summary.graphs == 1
    assert open_store(oxigraph_server).graphs() == [BASE_GRAPH]


def test_cli_against_the_server(oxigraph_server, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT_A)
    facts = tmp_path / "a.jsonl"
    facts.write_text("".join(f.to_json() + "\n" for f in ARTICLES[0][1]))
    runner = CliRunner()
    result = runner.invoke(
        main, ["ingest", "--facts", str(facts), "--article", str(article), "--store", oxigraph_server]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Ingested 1 article into {oxigraph_server}: 4 facts")
    members = f"SELECT ?c WHERE {{ ?c <{AG}memberOf> ?a }}"
    result = runner.invoke(main, ["query", "-e", members, "--format", "csv", "--store", oxigraph_server])
    assert result.output == "c\nhttps://w3id.org/accordgraph/id/country/CHL\n"
    result = runner.invoke(main, ["stats", "--format", "csv", "--store", oxigraph_server])
    assert "articles,1\n" in result.output
    assert "facts: visit,1\n" in result.output


def test_cli_never_prints_the_password_of_a_store_url(oxigraph_server, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT_A)
    facts = tmp_path / "a.jsonl"
    facts.write_text(ARTICLES[0][1][0].to_json() + "\n")
    with_login = oxigraph_server.replace("http://", "http://ana:hunter2@")
    result = CliRunner().invoke(
        main, ["ingest", "--facts", str(facts), "--article", str(article), "--store", with_login]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Ingested 1 article into {oxigraph_server}: 1 fact (1 joined)")
    assert "hunter2" not in result.output

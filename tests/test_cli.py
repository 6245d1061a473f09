"""The core commands through click's CliRunner: exact output, exact errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from accordgraph import queries
from accordgraph.articles import Article
from accordgraph.cli import main
from accordgraph.facts import Evidence, HoldsOffice, Joined, NamedCandidate
from accordgraph.ingest import ingest_article
from accordgraph.rdf import article_iri
from accordgraph.store import open_store

AG = "https://w3id.org/accordgraph/ontology#"
ID = "https://w3id.org/accordgraph/id/"
TEXT = "Chile joined the Abraham Accords. President Ana Rivera named Peru as next."
FACTS = [
    Joined(country="CHL", agreement="Abraham Accords", evidence=Evidence(0, 33)),
    HoldsOffice(person="Ana Rivera", office="President", country="CHL", evidence=Evidence(34, 73)),
    NamedCandidate(country="PER", by="Ana Rivera", agreement="Abraham Accords", evidence=Evidence(34, 73)),
]
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MEMBERS = f"SELECT ?c WHERE {{ ?c <{AG}memberOf> ?a }}"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    """A directory store holding one article with three facts."""
    path = tmp_path / "store"
    with open_store(path) as store:
        ingest_article(store, Article(text=TEXT, title="Chile joins", path="/news/chile.txt"), FACTS)
    return str(path)


@pytest.fixture
def library(tmp_path: Path, monkeypatch) -> Path:
    """A query library of our own, in place of queries/."""
    lib = tmp_path / "queries"
    lib.mkdir()
    (lib / "members.rq").write_text(
        "#+ title: Members of an agreement\n#+ params: agreement?\n"
        f"SELECT ?country WHERE {{ ?c <{AG}memberOf> ?a . ?a <{RDFS_LABEL}> ?agreement .\n"
        f"  ?c <{AG}isoAlpha3> ?country }}\n"
    )
    (lib / "candidates.rq").write_text(
        "#+ title: Candidates named\n"
        f"SELECT ?country WHERE {{ ?c <{AG}candidateFor> ?a . ?c <{AG}isoAlpha3> ?country }}\n"
    )
    monkeypatch.setattr(queries, "LIBRARY_CANDIDATES", (lib,))
    return lib


# --- help ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "ingest", "query", "queries", "export", "stats"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"accordgraph {command}" in result.output


# --- query -----------------------------------------------------------------------


def test_query_table(runner, store_path):
    result = runner.invoke(main, ["query", "-e", MEMBERS, "--store", store_path])
    assert result.exit_code == 0, result.output
    assert result.output == f"c\n{'-' * len(ID + 'country/CHL')}\n{ID}country/CHL\n"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", f"c\n{ID}country/CHL\n"),
        ("tsv", f"c\n{ID}country/CHL\n"),
        ("json", json.dumps([{"c": f"{ID}country/CHL"}], indent=2) + "\n"),
        ("jsonl", json.dumps({"c": f"{ID}country/CHL"}) + "\n"),
    ],
)
def test_query_formats(runner, store_path, fmt, expected):
    result = runner.invoke(main, ["query", "-e", MEMBERS, "--format", fmt, "--store", store_path])
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_query_by_name_with_a_param(runner, store_path, library):
    args = [
        "query",
        "members",
        "--param",
        "agreement=Abraham Accords",
        "--format",
        "csv",
        "--store",
        store_path,
    ]
    assert runner.invoke(main, args).output == "country\nCHL\n"
    args[3] = "agreement=NATO"
    assert runner.invoke(main, args).output == "country\n"


def test_query_from_a_file_and_from_stdin(runner, store_path, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text(f"#+ title: Candidates\nSELECT ?c WHERE {{ ?c <{AG}candidateFor> ?a }}\n")
    result = runner.invoke(main, ["query", str(rq), "--format", "csv", "--store", store_path])
    assert result.output == f"c\n{ID}country/PER\n"
    result = runner.invoke(main, ["query", "-", "--format", "csv", "--store", store_path], input=MEMBERS)
    assert result.output == f"c\n{ID}country/CHL\n"


def test_ask_query(runner, store_path):
    result = runner.invoke(
        main, ["query", "-e", "ASK { ?s ?p ?o }", "--format", "csv", "--store", store_path]
    )
    assert result.output == "result\nTrue\n"


def test_unknown_query(runner, store_path, library):
    result = runner.invoke(main, ["query", "member", "--store", store_path])
    assert result.exit_code == 1
    assert result.output == "Error: unknown query 'member'; did you mean 'members'?\n"


def test_malformed_sparql(runner, store_path):
    result = runner.invoke(main, ["query", "-e", "SELECT ?s WHERE { ?s ?p }", "--store", store_path])
    assert result.exit_code == 1
    assert result.output.startswith("Error: malformed SPARQL")
    assert result.output.count("\n") == 1


def test_update_refused_and_nothing_changes(runner, store_path):
    result = runner.invoke(main, ["query", "-e", "DROP ALL", "--store", store_path])
    assert result.exit_code == 1
    assert result.output.startswith("Error: refused: SPARQL Update (DROP); ")
    assert result.output.count("\n") == 1
    with open_store(store_path, read_only=True) as store:
        assert store.triple_count() > 0


def test_update_allowed(runner, store_path):
    drop = f"DROP GRAPH <{article_iri(Article(text=TEXT))}>"
    result = runner.invoke(main, ["query", "--allow-update", "-e", drop, "--store", store_path])
    assert result.exit_code == 0, result.output
    assert result.output == "result\n------\nok\n"
    with open_store(store_path, read_only=True) as store:
        assert store.triple_count() == 0


def test_service_refused(runner, store_path):
    sparql = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    result = runner.invoke(main, ["query", "-e", sparql, "--store", store_path])
    assert result.exit_code == 1
    assert result.output == "Error: refused: SERVICE fetches from the network; it runs only when allowed\n"


def test_query_missing_store(runner, tmp_path):
    result = runner.invoke(main, ["query", "-e", MEMBERS, "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == f"Error: no store at {tmp_path / 'none'}; run 'accordgraph build' first\n"
    assert not (tmp_path / "none").exists()


def test_query_missing_file(runner, store_path, tmp_path):
    result = runner.invoke(main, ["query", str(tmp_path / "gone.rq"), "--store", store_path])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'gone.rq'}: no such query file\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query"], "give a query NAME, FILE.rq or -, or SPARQL text with -e (one of them)"),
        (["query", "members", "-e", "ASK {}"], "give a query NAME, FILE.rq or -, or SPARQL text with -e"),
        (["query", "-e", "ASK {}", "--param", "agreement"], "expected NAME=VALUE, got 'agreement'"),
        (["query", "-e", "ASK {}", "--timeout", "0"], "0.0 is not in the range x>0"),
        (["query", "-e", "ASK {}", "--timeout", "nan"], "nan is not a number of seconds"),
        (["query", "-e", "ASK {}", "--format", "xml"], "'xml' is not one of"),
    ],
)
def test_query_usage_errors_exit_2(runner, store_path, args, message):
    result = runner.invoke(main, [*args, "--store", store_path])
    assert result.exit_code == 2
    assert message in result.output


def test_query_timeout_option_accepted(runner, store_path):
    result = runner.invoke(
        main, ["query", "-e", MEMBERS, "--timeout", "30", "--format", "csv", "--store", store_path]
    )
    assert result.output == f"c\n{ID}country/CHL\n"


# --- queries ---------------------------------------------------------------------


def test_queries_lists_the_library(runner, library):
    result = runner.invoke(main, ["queries", "--format", "csv"])
    assert result.exit_code == 0
    assert (
        result.output
        == "name,title,params\ncandidates,Candidates named,\nmembers,Members of an agreement,agreement?\n"
    )


def test_queries_json(runner, library):
    result = runner.invoke(main, ["queries", "--format", "json"])
    assert json.loads(result.output)[1] == {
        "name": "members",
        "title": "Members of an agreement",
        "params": "agreement?",
    }


# --- stats -----------------------------------------------------------------------

STATS_CSV = (
    "item,count\narticles,1\nfacts,3\nfacts: joined,1\nfacts: said,0\nfacts: met,0\n"
    "facts: holds_office,1\nfacts: named_candidate,1\nfacts: visit,0\ntriples,{triples}\nnamed graphs,1\n"
)


def test_stats(runner, store_path):
    with open_store(store_path, read_only=True) as store:
        triples = store.triple_count()
    result = runner.invoke(main, ["stats", "--format", "csv", "--store", store_path])
    assert result.exit_code == 0
    assert result.output == STATS_CSV.format(triples=triples)


def test_stats_table_and_missing_store(runner, store_path, tmp_path):
    result = runner.invoke(main, ["stats", "--store", store_path])
    assert result.output.splitlines()[:3] == [
        "item                    count",
        "-" * 22 + "  -----",
        "articles                1",
    ]
    result = runner.invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: no store at {tmp_path / 'none'}; run 'accordgraph build' first\n",
    )


# --- export ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_export_to_stdout_keeps_the_named_graph(runner, store_path, fmt, rdflib_format):
    result = runner.invoke(main, ["export", "--format", fmt, "--store", store_path])
    assert result.exit_code == 0
    dataset = rdflib.Dataset()
    dataset.parse(data=result.stdout_bytes, format=rdflib_format)
    graph = dataset.graph(rdflib.URIRef(article_iri(Article(text=TEXT))))
    with open_store(store_path, read_only=True) as store:
        assert len(graph) == store.triple_count()
    assert (rdflib.URIRef(ID + "country/CHL"), rdflib.URIRef(AG + "memberOf"), None) in graph


def test_export_turtle_to_a_file(runner, store_path, tmp_path):
    out = tmp_path / "graph.ttl"
    result = runner.invoke(main, ["export", "--format", "turtle", "-o", str(out), "--store", store_path])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}\n"
    graph = rdflib.Graph().parse(out, format="turtle")
    assert (rdflib.URIRef(ID + "country/PER"), rdflib.URIRef(AG + "candidateFor"), None) in graph
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_to_an_unwritable_place(runner, store_path, tmp_path):
    out = tmp_path / "no-such-dir" / "graph.trig"
    result = runner.invoke(main, ["export", "-o", str(out), "--store", store_path])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: No such file or directory\n"


def test_export_unknown_format_is_a_usage_error(runner, store_path):
    result = runner.invoke(main, ["export", "--format", "rdfxml", "--store", store_path])
    assert result.exit_code == 2


# --- ingest ----------------------------------------------------------------------


def write_facts(path: Path, facts) -> Path:
    path.write_text("".join(f.to_json() + "\n" for f in facts))
    return path


def test_ingest_facts_for_an_article(runner, tmp_path):
    article = tmp_path / "chile.txt"
    article.write_text(TEXT)
    facts = write_facts(tmp_path / "chile.jsonl", FACTS)
    store = str(tmp_path / "store")
    args = ["ingest", "--facts", str(facts), "--article", str(article), "--store", store]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    with open_store(store, read_only=True) as s:
        triples = s.triple_count()
    assert result.output == (
        f"Ingested 1 article into {store}: 3 facts (1 joined, 1 holds_office, 1 named_candidate),"
        f" {triples} triples.\n"
    )
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    with open_store(store, read_only=True) as s:
        assert s.triple_count() == triples


def test_ingest_facts_reports_the_bad_line(runner, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    facts = tmp_path / "a.jsonl"
    facts.write_text(FACTS[0].to_json() + "\n" + '{"kind": "joined", "country": "CHL"}\n')
    result = runner.invoke(
        main, ["ingest", "--facts", str(facts), "--article", str(article), "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 1
    assert result.output == f"Error: {facts}: line 2: joined fact has no agreement\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest"], "give article files or directories, or --facts FILE.jsonl --article FILE"),
        (["ingest", "--facts", "f.jsonl"], "--facts and --article go together"),
        (
            ["ingest", "a.txt", "--facts", "f.jsonl", "--article", "a.txt"],
            "give either article PATHS or --facts",
        ),
    ],
)
def test_ingest_usage_errors_exit_2(runner, tmp_path, args, message):
    result = runner.invoke(main, [*args, "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert message in result.output


def test_ingest_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["ingest", str(tmp_path / "gone.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'gone.txt'}: no such file or directory\n"


def test_ingest_into_a_busy_store(runner, store_path, tmp_path):
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    facts = write_facts(tmp_path / "a.jsonl", FACTS[:1])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom accordgraph.store import open_store\n"
            "s = open_store(sys.argv[1])\nprint('ready', flush=True)\nsys.stdin.read()",
            store_path,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = runner.invoke(
            main, ["ingest", "--facts", str(facts), "--article", str(article), "--store", store_path]
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
    assert result.exit_code == 1
    assert (
        result.output == f"Error: store {store_path} is busy: another accordgraph process is writing to it\n"
    )


def test_ingest_articles_with_the_extractor(runner, tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Armenia joined the Abraham Accords on Tuesday.\n")
    (news / "b.txt").write_text("Azerbaijan joined the Abraham Accords on Wednesday.\n")
    store = str(tmp_path / "store")
    result = runner.invoke(main, ["ingest", str(news), "--store", store])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Ingested 2 articles into {store}: ")
    with open_store(store, read_only=True) as s:
        members = {row[0] for row in s.query(MEMBERS).rows}
    assert {ID + "country/ARM", ID + "country/AZE"} <= members


# --- build -----------------------------------------------------------------------


def make_graph_dir(root: Path, sources: dict[str, str]) -> Path:
    (root / "base").mkdir(parents=True)
    (root / "base" / "members.ttl").write_text(
        f"<{ID}country/BHR> <{AG}memberOf> <{ID}agreement/abraham-accords> .\n"
    )
    (root / "ontology.ttl").write_text("")
    if sources:
        (root / "sources").mkdir()
        for name, text in sources.items():
            (root / "sources" / name).write_text(text)
    return root


def test_build_base_layer_only_exact_output(runner, tmp_path):
    root = make_graph_dir(tmp_path / "graph", {})
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", "--graph-dir", str(root), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Built {store} from {root}\n"
        "item                    count\n"
        "----------------------  -----\n"
        "articles                0\n"
        "facts                   0\n"
        "facts: joined           0\n"
        "facts: said             0\n"
        "facts: met              0\n"
        "facts: holds_office     0\n"
        "facts: named_candidate  0\n"
        "facts: visit            0\n"
        "triples                 1\n"
        "named graphs            1\n"
        "Validated: the graph conforms to the SHACL shapes.\n"
    )


def test_build_no_validate_prints_no_validation_line(runner, tmp_path):
    root = make_graph_dir(tmp_path / "graph", {})
    result = runner.invoke(main, ["build", "--graph-dir", str(root), "--store", "memory", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "Validated" not in result.output


def test_build_reports_violations(runner, tmp_path):
    root = make_graph_dir(tmp_path / "graph", {})
    # a country without its ISO codes breaks the shapes
    (root / "base" / "broken.ttl").write_text(
        "<https://w3id.org/accordgraph/id/country/XXX> a <https://w3id.org/accordgraph/ontology#Country> .\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", "--graph-dir", str(root), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Validated: ")
    assert "SHACL violations; 'accordgraph validate' lists them." in result.output


def test_build_with_articles(runner, tmp_path):
    root = make_graph_dir(tmp_path / "graph", {"a.txt": "Armenia joined the Abraham Accords on Tuesday.\n"})
    store = tmp_path / "store"
    result = runner.invoke(main, ["build", "--graph-dir", str(root), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "articles                1\n" in result.output
    assert "named graphs            2\n" in result.output


def test_build_bad_base_is_one_line_error_and_keeps_the_old_store(runner, tmp_path, store_path):
    root = make_graph_dir(tmp_path / "graph", {})
    (root / "base" / "bad.ttl").write_text("this is not turtle\n")
    with open_store(store_path, read_only=True) as s:
        before = s.triple_count()
    result = runner.invoke(main, ["build", "--graph-dir", str(root), "--store", store_path])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {root / 'base' / 'bad.ttl'}: not valid Turtle: ")
    assert result.output.count("\n") == 1
    with open_store(store_path, read_only=True) as s:
        assert s.triple_count() == before


def test_build_missing_graph_dir(runner, tmp_path):
    result = runner.invoke(
        main, ["build", "--graph-dir", str(tmp_path / "nope"), "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'nope'}: no such directory (expected ontology.ttl, base/ and sources/ in it)\n"
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl"])
def test_stats_and_queries_in_every_format(runner, store_path, library, fmt):
    stats = runner.invoke(main, ["stats", "--format", fmt, "--store", store_path])
    listing = runner.invoke(main, ["queries", "--format", fmt])
    assert (stats.exit_code, listing.exit_code) == (0, 0)
    if fmt == "json":
        assert json.loads(stats.output)[0] == {"item": "articles", "count": 1}
        assert [q["name"] for q in json.loads(listing.output)] == ["candidates", "members"]
    elif fmt == "jsonl":
        assert json.loads(stats.output.splitlines()[1]) == {"item": "facts", "count": 3}
        assert json.loads(listing.output.splitlines()[0])["name"] == "candidates"
    else:
        sep = {"table": None, "csv": ",", "tsv": "\t"}[fmt]
        assert stats.output.splitlines()[0].split(sep) == ["item", "count"]
        assert listing.output.splitlines()[0].split(sep) == ["name", "title", "params"]
        assert len(listing.output.splitlines()) == (4 if fmt == "table" else 3)


def test_the_command_line_starts_without_heavy_imports():
    import subprocess
    import sys

    code = (
        "import sys, accordgraph.cli\n"
        "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'spacy', 'networkx', 'pyvis') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"

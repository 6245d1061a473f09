"""The bad-input table of docs/bad-input.md, one case per row and column.

Every case runs the real command on a store that already holds a small graph and checks:
the exit status (1 for bad input, 2 for usage, 0 where the input is merely unusual), the
one-line ``Error: ...`` message, that no traceback escaped, and that nothing already in
the store changed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from accordgraph.cli import main
from accordgraph.limits import ARTICLE_BYTES, FACTS_BYTES, METADATA_BYTES, PARAM_CHARS, QUERY_BYTES
from accordgraph.store import open_store

DATA = Path(__file__).parent / "data" / "reliability"
GOOD_TEXT = "Mongolian Foreign Minister Bat Erdene met Nepali Foreign Minister Asha Rai in Kathmandu.\n"
LABEL_QUERY = (
    "#+ title: Things with a label\n#+ params: label\n"
    "SELECT ?thing WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n"
)


@dataclass
class Case:
    """One cell of the table: build the command line in ``tmp``, then expect an outcome."""

    id: str
    argv: Callable[[Path], list[str]]
    exit: int
    stderr: str = ""  # a regex the whole of stderr must match ("" = stderr empty)
    stdout: str = ""  # a regex stdout must contain
    stdin: bytes | None = None
    store: bool = True  # the command takes --store (the seeded store is passed unless argv names one)
    adds: bool = False  # a failure may keep complete articles stored before it (directory ingest)

    @property
    def param(self):
        return pytest.param(self, id=self.id)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (zeros)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def err(pattern: str) -> str:
    return f"Error: {pattern}\n"


def usage(pattern: str) -> str:
    return rf"(?s)(Usage: .*)?Error: {pattern}.*\n"


# ---------------------------------------------------------------- the article file: ingest PATH

ARTICLE = [
    Case(
        "article-empty",
        lambda t: ["ingest", str(write(t / "a.txt", ""))],
        0,
        stdout=r"Ingested 1 article .*: 0 facts",
    ),
    Case(
        "article-not-utf8",
        lambda t: ["ingest", str(write(t / "a.txt", b"Caf\xe9 talks"))],
        1,
        err(r".*a\.txt: not UTF-8 text \(byte 3\)"),
    ),
    Case(
        "article-binary",
        lambda t: ["ingest", str(write(t / "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))],
        1,
        err(r".*a\.txt: binary file, not text \(NUL byte at byte 8\)"),
    ),
    Case(
        "article-huge",
        lambda t: ["ingest", str(sparse(t / "a.txt", ARTICLE_BYTES + 1))],
        1,
        err(rf".*a\.txt: {ARTICLE_BYTES + 1} bytes is over the {ARTICLE_BYTES} byte limit for one article"),
    ),
    Case(
        "article-malformed-html",
        lambda t: [
            "ingest",
            str(
                write(
                    t / "a.html",
                    "<p>Talks <b>resumed<script>alert('owned')</script><p>Unclosed <i>tags & stray </div>",
                )
            ),
        ],
        0,
        stdout=r"Ingested 1 article",
    ),
    Case(
        "article-missing",
        lambda t: ["ingest", str(t / "nowhere.txt")],
        1,
        err(r".*nowhere\.txt: no such file or directory"),
    ),
]


# ---------------------------------------------------------------- a directory: ingest DIR


def _dir_with(t: Path, name: str, data: bytes) -> list[str]:
    write(t / "news" / "a-good.txt", GOOD_TEXT)
    write(t / "news" / name, data)
    return ["ingest", str(t / "news")]


def _symlink_loop(t: Path) -> list[str]:
    write(t / "news" / "a-good.txt", GOOD_TEXT)
    os.symlink(t / "news", t / "news" / "loop")
    return ["ingest", str(t / "news")]


def _undecodable_name(t: Path) -> list[str]:
    """An article whose file name is not UTF-8 (as a Latin-1 system or a zip archive leaves them)."""
    (t / "news").mkdir()
    with open(os.fsencode(t / "news") + b"/caf\xe9-talks.txt", "wb") as f:
        f.write(GOOD_TEXT.encode("utf-8"))
    return ["ingest", str(t / "news")]


def _empty_dir(t: Path) -> list[str]:
    (t / "news").mkdir()
    return ["ingest", str(t / "news")]


def _huge_in_dir(t: Path) -> list[str]:
    sparse(t / "news" / "b-big.txt", ARTICLE_BYTES + 1)
    return ["ingest", str(t / "news")]


DIRECTORY = [
    Case("dir-empty", _empty_dir, 0, stdout=r"Ingested 0 articles"),
    Case(
        "dir-not-utf8",
        lambda t: _dir_with(t, "b-bad.txt", b"Caf\xe9"),
        1,
        err(r".*b-bad\.txt: not UTF-8 text \(byte 3\)"),
        adds=True,
    ),
    Case(
        "dir-binary-text",
        lambda t: _dir_with(t, "b-bin.md", b"PK\x03\x04\x00"),
        1,
        err(r".*b-bin\.md: binary file, not text \(NUL byte at byte 4\)"),
        adds=True,
    ),
    Case(
        "dir-binary-other-files-skipped",
        lambda t: _dir_with(t, "photo.jpg", b"\xff\xd8\xff\x00"),
        0,
        stdout=r"Ingested 1 article ",
    ),
    Case(
        "dir-huge", _huge_in_dir, 1, err(rf".*b-big\.txt: {ARTICLE_BYTES + 1} bytes is over the .* limit.*")
    ),
    Case("dir-symlink-loop", _symlink_loop, 0, stdout=r"Ingested 1 article "),
    Case("dir-file-name-not-utf8", _undecodable_name, 0, stdout=r"Ingested 1 article "),
    Case(
        "dir-missing",
        lambda t: ["ingest", str(t / "gone") + "/"],
        1,
        err(r".*gone/?: no such file or directory"),
    ),
]


# ---------------------------------------------------------------- stdin: extract - and query -

STDIN = [
    Case("stdin-empty", lambda t: ["extract", "-"], 0, stderr=r"(?s).*no facts.*", stdin=b"", store=False),
    Case(
        "stdin-not-utf8",
        lambda t: ["extract", "-"],
        1,
        err(r"<stdin>: not UTF-8 text \(byte 5\)"),
        stdin=b"Talks\xff",
        store=False,
    ),
    Case(
        "stdin-binary",
        lambda t: ["extract", "-"],
        1,
        err(r"<stdin>: binary file, not text \(NUL byte at byte 2\)"),
        stdin=b"ab\x00cd",
        store=False,
    ),
    Case(
        "stdin-huge",
        lambda t: ["extract", "-"],
        1,
        err(rf"<stdin>: over the {ARTICLE_BYTES} byte limit.*"),
        stdin=b"a" * (ARTICLE_BYTES + 1),
        store=False,
    ),
    Case(
        "stdin-no-facts",
        lambda t: ["extract", "-"],
        0,
        stdout=r"^$",
        stdin="\x01\x02 ¿¡ …\n".encode(),
        store=False,
    ),
    Case("stdin-query-empty", lambda t: ["query", "-"], 1, err(r"empty query"), stdin=b""),
    Case(
        "stdin-query-not-utf8",
        lambda t: ["query", "-"],
        1,
        err(r"<stdin>: not UTF-8 text \(byte 7\)"),
        stdin=b"SELECT \xff",
    ),
    Case(
        "stdin-query-binary",
        lambda t: ["query", "-"],
        1,
        err(r"<stdin>: binary file, not text \(NUL byte at byte 7\)"),
        stdin=b"SELECT \x00",
    ),
    Case(
        "stdin-query-huge",
        lambda t: ["query", "-"],
        1,
        err(rf"<stdin>: over the {QUERY_BYTES} byte limit"),
        stdin=b"#" * (QUERY_BYTES + 1),
    ),
]


# -------------------------------------------------- facts JSONL: ingest --facts PATH --article A


def _facts(t: Path, data: bytes | str | None, sparse_size: int | None = None) -> list[str]:
    article = write(t / "a.txt", GOOD_TEXT)
    facts = t / "a.facts.jsonl"
    if sparse_size is not None:
        sparse(facts, sparse_size)
    elif data is not None:
        write(facts, data)
    return ["ingest", "--facts", str(facts), "--article", str(article)]


JOINED = (
    '{"kind": "joined", "country": "MNG", "agreement": "Steppe Pact", "evidence": {"start": 0, "end": 10}}'
)
FACTS = [
    Case("facts-empty", lambda t: _facts(t, ""), 0, stdout=r"Ingested 1 article .*: 0 facts"),
    Case(
        "facts-not-utf8",
        lambda t: _facts(t, JOINED.encode() + b"\n\xe9\n"),
        1,
        err(r".*a\.facts\.jsonl: not UTF-8 text \(byte \d+\)"),
    ),
    Case(
        "facts-binary",
        lambda t: _facts(t, b"\x1f\x8b\x08\x00\x00\x00"),
        1,
        err(r".*a\.facts\.jsonl: binary file, not text \(NUL byte at byte 3\)"),
    ),
    Case(
        "facts-huge",
        lambda t: _facts(t, None, FACTS_BYTES + 1),
        1,
        err(rf".*a\.facts\.jsonl: {FACTS_BYTES + 1} bytes is over the {FACTS_BYTES} byte limit.*"),
    ),
    Case(
        "facts-malformed-json",
        lambda t: _facts(t, JOINED + "\n{not json\n"),
        1,
        err(r".*a\.facts\.jsonl: line 2: not JSON \(.*\)"),
    ),
    Case(
        "facts-malformed-kind",
        lambda t: _facts(t, '{"kind": "invaded", "country": "MNG"}\n'),
        1,
        err(r".*a\.facts\.jsonl: line 1: unknown kind 'invaded' .*"),
    ),
    Case(
        "facts-malformed-span",
        lambda t: _facts(t, JOINED.replace('"end": 10', '"end": 9999') + "\n"),
        1,
        err(r".*a\.facts\.jsonl: line 1: evidence ends at 9999, past the end of the article .*"),
    ),
    Case("facts-missing", lambda t: _facts(t, None), 1, err(r".*a\.facts\.jsonl: no such file")),
]


# -------------------------------------------------- the metadata sidecar: A.meta.json beside A.txt


def _meta(t: Path, data: bytes | str | None, sparse_size: int | None = None) -> list[str]:
    article = write(t / "a.txt", GOOD_TEXT)
    if sparse_size is not None:
        sparse(t / "a.meta.json", sparse_size)
    elif data is not None:
        write(t / "a.meta.json", data)
    return ["ingest", str(article)]


METADATA = [
    Case(
        "meta-empty",
        lambda t: _meta(t, ""),
        1,
        err(r".*a\.meta\.json: metadata is not valid JSON \(line 1\)"),
    ),
    Case(
        "meta-not-utf8",
        lambda t: _meta(t, b'{"title": "Caf\xe9"}'),
        1,
        err(r".*a\.meta\.json: not UTF-8 text \(byte 14\)"),
    ),
    Case(
        "meta-binary",
        lambda t: _meta(t, b"{\x00}"),
        1,
        err(r".*a\.meta\.json: binary file, not text \(NUL byte at byte 1\)"),
    ),
    Case(
        "meta-huge",
        lambda t: _meta(t, None, METADATA_BYTES + 1),
        1,
        err(rf".*a\.meta\.json: {METADATA_BYTES + 1} bytes is over the {METADATA_BYTES} byte limit.*"),
    ),
    Case(
        "meta-malformed-array",
        lambda t: _meta(t, '["title"]'),
        1,
        err(r".*a\.meta\.json: metadata must be a JSON object"),
    ),
    Case(
        "meta-malformed-json",
        lambda t: _meta(t, '{\n"title": '),
        1,
        err(r".*a\.meta\.json: metadata is not valid JSON \(line 2\)"),
    ),
    Case("meta-missing", lambda t: _meta(t, None), 0, stdout=r"Ingested 1 article"),
]


# ---------------------------------------------------------------- SPARQL text: query PATH.rq, -e


def _rq(t: Path, data: bytes | str | None, sparse_size: int | None = None) -> list[str]:
    path = t / "q.rq"
    if sparse_size is not None:
        sparse(path, sparse_size)
    elif data is not None:
        write(path, data)
    return ["query", str(path)]


SPARQL = [
    Case("sparql-empty-text", lambda t: ["query", "-e", ""], 1, err("empty query")),
    Case("sparql-empty-file", lambda t: _rq(t, ""), 1, err(r".*q\.rq: empty query")),
    Case(
        "sparql-not-utf8",
        lambda t: _rq(t, b"#+ title: T\nSELECT \xff"),
        1,
        err(r".*q\.rq: not UTF-8 text \(byte 19\)"),
    ),
    Case(
        "sparql-binary",
        lambda t: _rq(t, b"#+ title: T\n\x00\x01"),
        1,
        err(r".*q\.rq: binary file, not text \(NUL byte at byte 12\)"),
    ),
    Case(
        "sparql-huge",
        lambda t: _rq(t, None, QUERY_BYTES + 1),
        1,
        err(rf".*q\.rq: {QUERY_BYTES + 1} bytes is over the {QUERY_BYTES} byte limit.*"),
    ),
    Case(
        "sparql-malformed",
        lambda t: ["query", "-e", "SELECT * WHERE { ?s ?p }"],
        1,
        err(r"malformed SPARQL at line 1, column \d+: .*"),
    ),
    Case(
        "sparql-missing-file",
        lambda t: ["query", str(t / "nosuch.rq")],
        1,
        err(r".*nosuch\.rq: no such query file"),
    ),
    Case("sparql-missing-name", lambda t: ["query", "nosuchquery"], 1, err(r"unknown query 'nosuchquery'.*")),
]


# ---------------------------------------------------------------- --param NAME=VALUE


def _param(t: Path, *items: str) -> list[str]:
    path = write(t / "labelled.rq", LABEL_QUERY)
    return ["query", str(path), "--format", "csv", *[a for item in items for a in ("--param", item)]]


PARAMS = [
    Case("param-empty", lambda t: _param(t, ""), 2, usage(r".*expected NAME=VALUE.*")),
    Case("param-empty-value", lambda t: _param(t, "label="), 0, stdout=r"^thing\n$"),
    Case("param-binary", lambda t: _param(t, "label=\x01\x02\x1b[31m\x7f"), 0, stdout=r"^thing\n$"),
    Case(
        "param-huge",
        lambda t: _param(t, "label=" + "x" * (PARAM_CHARS + 1)),
        2,
        usage(rf".*over the {PARAM_CHARS} character limit.*"),
    ),
    Case("param-malformed", lambda t: _param(t, "label"), 2, usage(r".*expected NAME=VALUE.*")),
    Case(
        "param-unknown",
        lambda t: _param(t, "label=Nepal", "colour=red"),
        1,
        err(r"unknown parameter colour .*"),
    ),
    Case("param-missing", lambda t: _param(t), 1, err(r"missing required parameter: label")),
    Case(
        "param-works",
        lambda t: _param(t, "label=Nepal"),
        0,
        stdout=r"^thing\nhttps://w3id.org/accordgraph/id/country/NPL\n$",
    ),
]


# ---------------------------------------------------------------- --store VALUE

ASK = ["query", "-e", "ASK { ?s ?p ?o }"]
STORES = [
    Case("store-empty-read", lambda t: [*ASK, "--store", ""], 1, err(r"no store named \(--store is empty\)")),
    Case(
        "store-empty-write",
        lambda t: ["ingest", str(write(t / "a.txt", GOOD_TEXT)), "--store", ""],
        1,
        err(r"no store named \(--store is empty\)"),
    ),
    Case(
        "store-binary-file",
        lambda t: [*ASK, "--store", str(write(t / "blob", b"\x00\xff" * 100))],
        1,
        err(r".*blob is a file, not a store directory"),
    ),
    Case(
        "store-huge-path", lambda t: [*ASK, "--store", str(t / ("x" * 300) / ("y" * 5000))], 1, err(r"[^\n]+")
    ),
    Case(
        "store-malformed-dir",
        lambda t: [*ASK, "--store", str(write(t / "docs" / "notes.txt", "mine").parent)],
        1,
        err(r".*docs is not an accordgraph store.*"),
    ),
    Case(
        "store-malformed-dir-write",
        lambda t: [
            "ingest",
            str(write(t / "a.txt", GOOD_TEXT)),
            "--store",
            str(write(t / "docs" / "notes.txt", "mine").parent),
        ],
        1,
        err(r".*docs is not an accordgraph store.*"),
    ),
    Case("store-malformed-url", lambda t: [*ASK, "--store", "http://[::1"], 1, err(r"invalid store URL .*")),
    Case(
        "store-unreachable-url",
        lambda t: [*ASK, "--store", "http://127.0.0.1:9/", "--timeout", "5"],
        1,
        err(r"cannot reach SPARQL endpoint .*"),
    ),
    Case(
        "store-missing",
        lambda t: [*ASK, "--store", str(t / "nostore")],
        1,
        err(r"no store at .*nostore; run 'accordgraph build' first"),
    ),
]


# ---------------------------------------------------------------- --format VALUE

FORMATS = [
    Case("format-empty", lambda t: [*ASK, "--format", ""], 2, usage(r"Invalid value for '--format'.*")),
    Case(
        "format-malformed",
        lambda t: [*ASK, "--format", "xml"],
        2,
        usage(r"Invalid value for '--format'.*'xml'.*"),
    ),
    Case(
        "format-huge", lambda t: [*ASK, "--format", "csv" * 5000], 2, usage(r"Invalid value for '--format'.*")
    ),
    Case(
        "format-binary", lambda t: [*ASK, "--format", "\x00\x01"], 2, usage(r"Invalid value for '--format'.*")
    ),
    Case(
        "format-missing", lambda t: [*ASK, "--format"], 2, usage(r"Option '--format' requires an argument.*")
    ),
]

ALL_CASES = ARTICLE + DIRECTORY + STDIN + FACTS + METADATA + SPARQL + PARAMS + STORES + FORMATS


def load_trig(store, path: Path) -> None:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    for graph in dataset.graphs():
        if len(graph):
            store.replace_graph(str(graph.identifier), graph)


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "store"
    with open_store(path) as store:
        load_trig(store, DATA / "valid.trig")
    return path


def quads(path: Path) -> set[str]:
    with open_store(path, read_only=True) as store:
        return {str(q) for q in store.quads()}


@pytest.fixture
def store(seeded_store, tmp_path) -> Path:
    import shutil

    path = tmp_path / "store"
    shutil.copytree(seeded_store, path)
    return path


@pytest.mark.parametrize("case", [c.param for c in ALL_CASES])
def test_bad_input(case: Case, store: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a stray relative path lands in the test's own directory
    work = tmp_path / "in"
    work.mkdir()
    argv = case.argv(work)
    if case.store and "--store" not in argv:
        argv[1:1] = ["--store", str(store)]
    before = quads(store)

    result = CliRunner().invoke(main, argv, input=case.stdin)

    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert result.exit_code == case.exit, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if case.stderr:
        assert re.fullmatch(case.stderr, result.stderr), result.stderr
    else:
        assert result.stderr == ""
    if case.exit == 1:
        assert len(result.stderr.splitlines()) == 1, result.stderr
    if case.stdout:
        assert re.search(case.stdout, result.stdout), result.stdout
    after = quads(store)
    if case.exit == 0 or case.adds:
        assert before <= after, "something already stored changed"
    else:
        assert after == before, "a failed command changed the store"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "store"], "a stray file or store was created"


# -------------------------------------------------- arguments that are not UTF-8 (a real process)


def accordgraph(*args: bytes | str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("accordgraph")
    return subprocess.run([script, *args], input=stdin, capture_output=True, timeout=60)


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        ([b"--param", b"label=Caf\xe9"], 1, rb"Error: parameter label: not UTF-8 text \(character 3\)"),
        ([b"--format", b"\xff"], 2, rb"Error: Invalid value for '--format': .*"),
    ],
    ids=["param-not-utf8", "format-not-utf8"],
)
def test_arguments_that_are_not_utf8(seeded_store, tmp_path, argv, exit_code, message):
    query = write(tmp_path / "labelled.rq", LABEL_QUERY)
    before = quads(seeded_store)
    result = accordgraph(b"query", str(query), b"--store", str(seeded_store), *argv)
    assert result.returncode == exit_code, result.stderr
    assert b"Traceback" not in result.stderr
    assert re.fullmatch(message, result.stderr.splitlines()[-1]), result.stderr
    assert quads(seeded_store) == before


def test_a_store_path_that_is_not_utf8(tmp_path):
    """Oxigraph needs a UTF-8 path: reading says there is no store, writing says why, nothing is left."""
    article = write(tmp_path / "a.txt", GOOD_TEXT)
    store = os.fsencode(tmp_path) + b"/st\xff"
    result = accordgraph(b"query", b"-e", b"ASK { ?s ?p ?o }", b"--store", store)
    assert result.returncode == 1
    assert re.fullmatch(rb"Error: no store at .*st.*; run 'accordgraph build' first\n", result.stderr)
    facts = os.fsencode(write(tmp_path / "f.jsonl", ""))
    result = accordgraph(b"ingest", b"--facts", facts, b"--article", os.fsencode(article), b"--store", store)
    assert result.returncode == 1
    assert re.fullmatch(rb"Error: cannot open store .*st.*: .*not valid UTF-8\n", result.stderr), (
        result.stderr
    )
    assert not os.path.exists(store)


# -------------------------------------------------- a --store endpoint that answers garbage


@pytest.fixture
def endpoint():
    """A local HTTP server answering every request with the (status, type, body) set on it."""
    import http.server
    import threading

    answer = {"reply": (200, "text/plain", b"")}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, kind, body = answer["reply"]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    answer["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield answer
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "reply",
    [
        (200, "text/html", b"<html>a login page</html>"),
        (200, "application/sparql-results+json", b'{"head": 5}'),
        (200, "application/sparql-results+json", bytes(range(256)) * 8),
        (500, "text/plain", b"internal error\nwith a second line"),
        (404, "text/html", b""),
    ],
    ids=["html", "bad-json-results", "binary", "http-500", "http-404"],
)
def test_an_endpoint_that_answers_garbage(endpoint, reply):
    endpoint["reply"] = reply
    result = CliRunner().invoke(
        main, ["query", "--store", endpoint["url"], "-e", "SELECT * WHERE { ?s ?p ?o }"]
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: [^\n]*SPARQL endpoint[^\n]*\n", result.stderr), result.stderr


# -------------------------------------------------- a damaged store directory


def _garble_current(path: Path) -> None:
    (path / "CURRENT").write_text("garbage\n")


def _truncate_tables(path: Path) -> None:
    for table in path.glob("*.sst"):
        table.write_bytes(table.read_bytes()[:100])


def _drop_manifest(path: Path) -> None:
    for manifest in path.glob("MANIFEST-*"):
        manifest.unlink()


@pytest.mark.parametrize(
    "damage", [_garble_current, _truncate_tables, _drop_manifest], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("argv", [ASK, ["validate"]], ids=["query", "validate"])
def test_a_damaged_store_gives_one_line(store, damage, argv):
    with open_store(store) as opened:  # flush the graph into table files
        opened.replace_graph("http://example.org/g", "<http://example.org/a> <http://example.org/b> 1 .")
    assert list(store.glob("*.sst"))
    damage(store)
    result = CliRunner().invoke(main, [argv[0], "--store", str(store), *argv[1:]])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: cannot open store {re.escape(str(store))}: [^\n]+\n", result.stderr), (
        result.stderr
    )


# -------------------------------------------------- input built to take forever

PATHOLOGICAL = {
    "html-unclosed-scripts": ("page.html", "<script>" * 25_000),
    "html-unclosed-tags": ("page.html", "<" * 200_000),
    "html-unclosed-block-tags": ("page.html", "<p" * 100_000),
    "text-a-run-of-quotes": ("a.txt", '"' * 200_000),
    "text-a-run-of-curly-quotes": ("a.txt", "“" * 200_000),
    "text-a-run-of-apostrophes": ("a.txt", "'" * 200_000),
    "text-mixed-quote-marks": ("a.txt", "“a' ‘b” " * 50_000),
}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text"), PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_input_built_to_take_forever_does_not(tmp_path, name, text):
    """Text from the open web can be hostile: work must grow in step with the input, so a
    page a few hundred kilobytes long (far under the limit) is read in seconds, not hours.
    (A guard against hangs, not a benchmark: the timeout is a hundred times the need.)"""
    path = write(tmp_path / name, text)
    try:
        result = accordgraph(b"extract", str(path), b"--format", b"jsonl")
    except subprocess.TimeoutExpired:
        pytest.fail(f"extracting {len(text)} characters of {name} did not finish")
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr

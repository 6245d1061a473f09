"""Concurrent use: queries and a second writer while an ingest runs, and endpoints that hang.

A query while an ingest runs either works or fails with a clear "store is busy"; a
second writer is refused at once with that message; nothing corrupts the store, and
nothing waits forever.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accordgraph.errors import StoreBusyError, StoreError
from accordgraph.store import open_store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "reliability"
N_ARTICLES = 160
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _load_synthetic():
    spec = importlib.util.spec_from_file_location("reliability_synthetic", DATA / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _load_synthetic()


def accordgraph_command() -> list[str]:
    script = Path(sys.executable).with_name("accordgraph")
    if script.exists():
        return [str(script)]
    found = shutil.which("accordgraph")
    assert found, "the accordgraph command is not installed"
    return [found]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*accordgraph_command(), *args], capture_output=True, text=True, timeout=timeout)


def busy_message(store: Path) -> str:
    return f"Error: store {store} is busy: another accordgraph process is writing to it\n"


@pytest.fixture
def ingesting(tmp_path):
    """A built store (base layer and one article), and a running ingest of many more into it."""
    graph_dir = tmp_path / "graph"
    (graph_dir / "sources").mkdir(parents=True)
    shutil.copy(REPO / "graph" / "ontology.ttl", graph_dir / "ontology.ttl")
    shutil.copytree(REPO / "graph" / "base", graph_dir / "base")
    (graph_dir / "sources" / "first.txt").write_text(synthetic.article_text(0, seed=99), encoding="utf-8")
    corpus = tmp_path / "corpus"
    synthetic.write_corpus(corpus, N_ARTICLES, seed=7)
    store = tmp_path / "store"
    result = run("build", "--graph-dir", str(graph_dir), "--store", str(store))
    assert result.returncode == 0, result.stderr
    proc = subprocess.Popen(
        [*accordgraph_command(), "ingest", str(corpus), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield store, corpus, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def count_by_cli(store: Path) -> subprocess.CompletedProcess:
    return run("query", "-e", COUNT_QUERY, "--store", str(store), "--format", "csv", timeout=60)


def test_queries_during_an_ingest_work_or_say_busy_and_the_store_survives(ingesting):
    store, _corpus, proc = ingesting
    counts, busy = [], 0
    while proc.poll() is None:
        result = count_by_cli(store)
        assert "Traceback" not in result.stderr
        if result.returncode == 0:
            assert result.stdout.splitlines()[0] == "n", result.stdout
            counts.append(int(result.stdout.splitlines()[1]))
        else:
            assert result.returncode == 1
            assert re.fullmatch(r"Error: store .* is busy.*\n", result.stderr), result.stderr
            busy += 1
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert len(counts) + busy >= 2, "the ingest ended before queries could overlap it; make the corpus larger"
    assert counts, "no query was answered during the ingest"

    with open_store(store) as final:  # opens for writing: the lock was released, nothing is corrupt
        assert len(final.graphs()) == N_ARTICLES + 2  # and the base layer
        total = final.triple_count()
    assert all(0 < n <= total for n in counts)
    assert counts == sorted(counts)  # each query sees a state at least as new as the one before
    after = count_by_cli(store)
    assert after.returncode == 0 and after.stdout == f"n\n{total}\n"


def count_graphs(store: Path) -> int:
    try:
        with open_store(store, read_only=True) as opened:
            return len(opened.graphs())
    except StoreError:
        return 0


def wait_until_writing(store: Path, proc: subprocess.Popen) -> None:
    """Return once the running ingest has stored an article of its own."""
    while proc.poll() is None:
        if count_graphs(store) >= 3:  # the base layer, the first article, and one of the ingest's
            return
        time.sleep(0.05)
    pytest.fail(f"the ingest ended (status {proc.returncode}) before it was seen writing")


def test_a_second_writer_is_refused_at_once_with_a_clear_message(ingesting, tmp_path):
    store, _corpus, proc = ingesting
    extra = tmp_path / "extra.txt"
    extra.write_text(synthetic.article_text(5, seed=123), encoding="utf-8")
    wait_until_writing(store, proc)
    refused = 0
    while proc.poll() is None and refused < 2:
        started = time.monotonic()
        result = run("ingest", str(extra), "--store", str(store), timeout=60)
        if proc.poll() is not None and result.returncode == 0:
            break  # the ingest had ended: writing was legitimately allowed
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr == busy_message(store)
        assert time.monotonic() - started < 30
        refused += 1
    assert refused >= 1, "the ingest ended before a second writer could try; make the corpus larger"
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    with open_store(store, read_only=True) as final:
        assert len(final.graphs()) in (N_ARTICLES + 2, N_ARTICLES + 3)


READ_COMMANDS = {
    "stats": ["stats"],
    "export": ["export", "--format", "nquads"],
    "validate": ["validate"],
    "rank": ["rank"],
    "view": ["view", "-o", "{tmp}/view.html"],
}


def test_every_read_command_works_during_an_ingest(ingesting, tmp_path):
    store, _corpus, proc = ingesting
    wait_until_writing(store, proc)
    outcomes = {}
    for name, argv in READ_COMMANDS.items():
        args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
        result = run(*args, "--store", str(store), timeout=120)
        assert "Traceback" not in result.stderr, result.stderr
        busy = result.returncode == 1 and re.fullmatch(r"Error: store .* is busy.*\n", result.stderr)
        assert result.returncode == 0 or busy, (name, result.stderr)
        outcomes[name] = result.returncode
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert outcomes["stats"] == 0  # the first command certainly overlapped the ingest


def test_a_second_writer_in_the_same_process_is_refused(tmp_path):
    with open_store(tmp_path / "store"), pytest.raises(StoreBusyError, match="is busy"):
        open_store(tmp_path / "store")


@pytest.fixture
def silent_endpoint():
    """A TCP port that accepts connections and never answers: a hung SPARQL endpoint."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_a_query_to_a_hung_endpoint_times_out(silent_endpoint):
    started = time.monotonic()
    result = run("query", "-e", COUNT_QUERY, "--store", silent_endpoint, "--timeout", "2", timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "time" in result.stderr.lower()
    assert elapsed < 20

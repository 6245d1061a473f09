"""Crash consistency: SIGKILL ``accordgraph ingest`` / ``build`` in the middle of a large ingest.

After the kill the store must open (for writing too), every article stored before the
kill must be complete, and re-running the command must give exactly the graph an
uninterrupted run gives. ``build`` builds into a fresh store and swaps it in only when
complete, so a killed build leaves the previous store as it was.
"""

from __future__ import annotations

import importlib.util
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from accordgraph.errors import AccordgraphError
from accordgraph.store import open_store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "reliability"
N_ARTICLES = 150


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


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*accordgraph_command(), *args], capture_output=True, text=True, timeout=300)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*accordgraph_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def snapshot(path: Path) -> ox.Dataset:
    """Every quad of the store, blank nodes canonicalised (the base layer's get fresh ids each load)."""
    with open_store(path, read_only=True, create=False) as store:
        dataset = ox.Dataset(store.quads())
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def graph_quads(path: Path) -> dict[str, set[str]]:
    """Each named graph's quads as N-Quads lines (article graphs have no blank nodes)."""
    out: dict[str, set[str]] = {}
    with open_store(path, read_only=True, create=False) as store:
        for quad in store.quads():
            out.setdefault(str(quad.graph_name), set()).add(str(quad))
    return out


def describe_difference(got: ox.Dataset, want: ox.Dataset) -> str:
    g, w = {str(q) for q in got}, {str(q) for q in want}
    extra, missing = sorted(g - w), sorted(w - g)
    return f"{len(extra)} unexpected quads (e.g. {extra[:2]}), {len(missing)} missing (e.g. {missing[:2]})"


def count_graphs(path: Path) -> int:
    try:
        with open_store(path, read_only=True, create=False) as store:
            return len(store.graphs())
    except AccordgraphError:
        return 0


def kill_when(proc: subprocess.Popen, store: Path | None, at_least: int, find_store=None) -> int:
    """SIGKILL ``proc`` once the store it writes holds ``at_least`` named graphs; returns the count seen."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        target = store if store is not None else find_store()
        seen = count_graphs(target) if target is not None else 0
        if seen >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return seen
        time.sleep(0.05)
    proc.kill()
    stderr = proc.communicate(timeout=30)[1]
    pytest.fail(f"the command ended (status {proc.returncode}) before it could be killed: {stderr[-500:]}")


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory) -> Path:
    """A graph directory like the repo's: its ontology and base layer, and many synthetic articles."""
    root = tmp_path_factory.mktemp("graph")
    shutil.copy(REPO / "graph" / "ontology.ttl", root / "ontology.ttl")
    shutil.copytree(REPO / "graph" / "base", root / "base")
    synthetic.write_corpus(root / "sources", N_ARTICLES)
    return root


@pytest.fixture(scope="module")
def corpus(graph_dir) -> Path:
    return graph_dir / "sources"


@pytest.fixture(scope="module")
def reference_ingest(corpus, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("reference") / "store"
    result = run("ingest", str(corpus), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


def test_killed_ingest_keeps_what_was_stored_and_a_rerun_finishes_the_job(corpus, reference_ingest, tmp_path):
    reference = graph_quads(reference_ingest)
    assert len(reference) == N_ARTICLES

    store = tmp_path / "store"
    proc = start("ingest", str(corpus), "--store", str(store))
    seen = kill_when(proc, store, at_least=N_ARTICLES // 3)
    assert proc.returncode == -signal.SIGKILL

    with open_store(store) as reopened:  # opens for writing: no stale lock, no corruption
        assert reopened.triple_count() > 0
    survived = graph_quads(store)
    assert seen <= len(survived) < N_ARTICLES
    for graph, quads in survived.items():
        assert quads == reference[graph], f"article graph {graph} is incomplete after the kill"

    result = run("ingest", str(corpus), "--store", str(store))
    assert result.returncode == 0, result.stderr
    got, want = snapshot(store), snapshot(reference_ingest)
    assert got == want, describe_difference(got, want)


def test_ctrl_c_stops_an_ingest_cleanly(corpus, reference_ingest, tmp_path):
    """SIGINT (Ctrl-C) half way: one line, status 130, and only complete articles stored."""
    reference = graph_quads(reference_ingest)
    store = tmp_path / "store"
    proc = start("ingest", str(corpus), "--store", str(store))
    deadline = time.monotonic() + 120
    while proc.poll() is None and count_graphs(store) < N_ARTICLES // 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    stderr = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130, stderr
    assert stderr == "Error: interrupted\n"
    survived = graph_quads(store)
    assert N_ARTICLES // 3 <= len(survived) < N_ARTICLES
    for graph, quads in survived.items():
        assert quads == reference[graph], f"article graph {graph} is incomplete after Ctrl-C"


def uninterrupted_build(reference_ingest: Path, graph_dir: Path) -> ox.Dataset:
    """What a complete build of graph_dir holds: the base layer and every article's graph."""
    from accordgraph.ingest import load_base

    with open_store("memory") as memory:
        load_base(memory, graph_dir)
        base = list(memory.quads())
    with open_store(reference_ingest, read_only=True) as store:
        dataset = ox.Dataset([*base, *store.quads()])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def test_killed_build_leaves_the_old_store_and_a_rerun_gives_the_full_graph(
    graph_dir, reference_ingest, tmp_path
):
    small = tmp_path / "small"
    shutil.copytree(graph_dir, small, ignore=lambda d, names: names if Path(d).name == "sources" else [])
    full = graph_dir

    store = tmp_path / "live" / "store"
    store.parent.mkdir()
    result = run("build", "--graph-dir", str(small), "--store", str(store))
    assert result.returncode == 0, result.stderr
    before = snapshot(store)

    def staging() -> Path | None:
        others = [p for p in store.parent.iterdir() if p != store]
        return others[0] if others else None

    proc = start("build", "--graph-dir", str(full), "--store", str(store))
    kill_when(proc, None, at_least=N_ARTICLES // 3, find_store=staging)
    assert proc.returncode == -signal.SIGKILL

    after = snapshot(store)
    assert after == before, "a killed build changed the live store: " + describe_difference(after, before)

    result = run("build", "--graph-dir", str(full), "--store", str(store))
    assert result.returncode == 0, result.stderr
    got, want = snapshot(store), uninterrupted_build(reference_ingest, full)
    assert got == want, describe_difference(got, want)
    leftovers = sorted(p.name for p in store.parent.iterdir() if p != store)
    assert leftovers == [], f"build left directories behind: {leftovers}"


def test_a_build_killed_between_its_two_renames_is_recovered_by_the_next_build(graph_dir, tmp_path):
    """The one instant a killed build leaves no store at all: the old one renamed away, the
    new one not yet in place. The next build must still work and leave nothing behind."""
    small = tmp_path / "small"
    shutil.copytree(graph_dir, small, ignore=lambda d, names: names if Path(d).name == "sources" else [])
    store = tmp_path / "live" / "store"
    store.parent.mkdir()
    assert run("build", "--graph-dir", str(small), "--store", str(store)).returncode == 0
    expected = snapshot(store)

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)
    shutil.copytree(store, store.with_name(f"store.building-{pid}"))
    store.rename(store.with_name(f"store.old-{pid}"))

    result = run("build", "--graph-dir", str(small), "--store", str(store))
    assert result.returncode == 0, result.stderr
    got = snapshot(store)
    assert got == expected, describe_difference(got, expected)
    assert sorted(p.name for p in store.parent.iterdir()) == ["store"]

"""Time the library queries on one store in a child process, stopping any run over a cap.

Engines: ``store`` (accordgraph's ``run_query`` on a directory store opened read-only, as
``accordgraph query NAME`` does), ``oxigraph`` (an in-memory pyoxigraph Store loaded from
N-Quads, with the merge of the named graphs in its default graph, as accordgraph's stores
keep it) and ``rdflib`` (rdflib's default Memory store loaded from the same N-Quads, its
default graph the union of the named graphs, each triple once). Neither engine can cancel a running
query, so the child process is killed when a run takes longer than the cap; a fresh child
goes on with the next query.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class EngineResult:
    """Load time, triples, and per-query median seconds (None: a run went over the cap)."""

    engine: str
    load_seconds: float = 0.0
    triples: int = 0
    seconds: dict[str, float | None] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def _open(engine: str, source: str) -> tuple[Any, int]:
    """The object to query and its triple count."""
    if engine == "store":
        from accordgraph.store import open_store

        store = open_store(source, read_only=True, create=False)
        return store, store.triple_count()
    if engine == "oxigraph":
        import pyoxigraph as ox

        from accordgraph.store import REMERGE

        store = ox.Store()
        store.load(path=source, format=ox.RdfFormat.N_QUADS)
        triples = len(store)
        store.update(REMERGE)  # what accordgraph's store does with a store written before the merge
        return store, triples
    if engine == "rdflib":
        from rdflib import Dataset

        dataset = Dataset(default_union=True)  # the default Memory store
        dataset.parse(source, format="nquads")
        return dataset, len(dataset)
    raise ValueError(f"unknown engine {engine!r}")


def _run(engine: str, target: Any, name: str, sparql: str, params: dict[str, str]) -> int:
    if engine == "store":
        from accordgraph.queries import run_query

        return len(run_query(target, name, params).rows)
    if engine == "oxigraph":
        return sum(1 for _ in target.query(sparql))
    return sum(1 for _ in target.query(sparql))


def _child(engine: str, source: str, queries: dict[str, tuple[str, dict]], runs: int, conn: Any) -> None:
    start = time.perf_counter()
    target, triples = _open(engine, source)
    conn.send(("load", time.perf_counter() - start, triples))
    for name, (sparql, params) in queries.items():
        for _ in range(runs):
            start = time.perf_counter()
            rows = _run(engine, target, name, sparql, params)
            conn.send((name, time.perf_counter() - start, rows))


def time_queries(
    engine: str,
    source: str | Path,
    queries: dict[str, tuple[str, dict]],
    *,
    runs: int = 5,
    cap: float = 30.0,
    load_cap: float = 1800.0,
) -> EngineResult:
    """Median of ``runs`` runs of each query (name -> (SPARQL, params)); over ``cap`` s: None."""
    result = EngineResult(engine)
    remaining = dict(queries)
    context = multiprocessing.get_context("spawn")
    while remaining:
        parent, child = context.Pipe()
        process = context.Process(target=_child, args=(engine, str(source), remaining, runs, child))
        process.start()
        try:
            if not parent.poll(load_cap):
                raise RuntimeError(f"{engine} did not load {source} within {load_cap:g} s")
            _, result.load_seconds, result.triples = parent.recv()
            while remaining:
                name = next(iter(remaining))
                times = []
                for _ in range(runs):
                    if not parent.poll(cap):
                        break
                    _, seconds, result.rows[name] = parent.recv()
                    times.append(seconds)
                del remaining[name]
                result.seconds[name] = statistics.median(times) if len(times) == runs else None
                if result.seconds[name] is None:
                    break  # the child is stuck in this query: start a fresh one
        finally:
            process.kill()
            process.join()
    return result


def ratio(fast: float | None, slow: float | None, cap: float) -> str:
    """How many times faster ``fast`` is, as table text (``>`` when ``slow`` hit the cap).

    >>> ratio(0.01, 1.0, 60), ratio(0.01, None, 60), ratio(None, None, 60)
    ('100x', '>6000x', 'n/a')
    """
    if fast is None or fast <= 0:
        return "n/a"
    if slow is None:
        return f">{cap / fast:.0f}x"
    return f"{slow / fast:.0f}x" if slow / fast >= 10 else f"{slow / fast:.1f}x"

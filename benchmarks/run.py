"""The accordgraph benchmark suite: one command, a markdown table, RESULTS.md.

    .venv/bin/python benchmarks/run.py                       # 1,000 and 10,000 articles
    .venv/bin/python benchmarks/run.py --sizes 1000 --no-write   # a quick look

For each corpus size it writes a synthetic corpus (benchmarks/corpus.py), then measures
extraction words/s, ``accordgraph ingest --jobs 1`` and ``--jobs 2`` end to end (articles/s,
peak RSS), the store's size on disk, bulk loading (triples/s), every library query's
latency (median), ``rank`` and ``view --top 100`` wall time, the same load and queries on
rdflib's Memory store as a ratio, and ingest into a real ``oxigraph serve``. The table is
printed and written into RESULTS.md between the markers (text outside them is kept).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate_corpus  # noqa: E402
from measure import MIB, dir_size, human_bytes, machine_info, run_command  # noqa: E402
from query_timing import EngineResult, ratio, time_queries  # noqa: E402
from remote import oxigraph_server, requests_per_article  # noqa: E402

ACCORDGRAPH = str(Path(sys.executable).with_name("accordgraph"))
QUERY_PARAMS = {"country": {"country": "Israel"}}  # queries with a required parameter
EXTRACT_SAMPLE = 1000  # articles timed for extraction words/s (the rate does not depend on N)
AG = "https://w3id.org/accordgraph/ontology#"
START, END = "<!-- results:start -->", "<!-- results:end -->"


@dataclass
class SizeResult:
    """Everything measured on one corpus size."""

    articles: int
    words: int = 0
    metrics: dict[str, str] = field(default_factory=dict)  # row label -> cell text
    numbers: dict[str, float] = field(default_factory=dict)  # for the goal checks
    cap: float = 20.0  # seconds one query run or command may take before it is stopped
    store: EngineResult | None = None  # run_query on the directory store
    rank: float | None = None
    view: float | None = None
    slice_articles: int = 0
    oxigraph: EngineResult | None = None  # on the slice, in memory
    rdflib: EngineResult | None = None  # on the slice


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def write_corpus(n: int, directory: Path) -> int:
    """Write ``n`` articles into ``directory``; return the number of words."""
    directory.mkdir(parents=True, exist_ok=True)
    words = 0
    for name, text in generate_corpus(n, seed=0):
        (directory / f"{name}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def measure_extraction(corpus: Path, sample: int) -> tuple[float, float]:
    """``(words/s, facts per article)`` of the extractor in this process on ``sample`` articles."""
    from accordgraph.articles import read_article
    from accordgraph.extract import extract_article

    articles = [read_article(p) for p in sorted(corpus.glob("*.txt"))[:sample]]
    extract_article(articles[0])  # build the pipeline outside the timing
    start = time.perf_counter()
    facts = sum(len(extract_article(a)) for a in articles)
    seconds = time.perf_counter() - start
    return sum(len(a.text.split()) for a in articles) / seconds, facts / len(articles)


def ingest(corpus: Path, store: Path, jobs: int, result: SizeResult) -> str:
    run = run_command([ACCORDGRAPH, "ingest", str(corpus), "--jobs", str(jobs), "--store", str(store)])
    rate = result.articles / run.seconds
    result.numbers[f"ingest_j{jobs}"] = rate
    result.numbers[f"rss_main_j{jobs}"] = run.peak_main
    result.metrics[f"ingest `--jobs {jobs}` (articles/s, end to end)"] = f"{rate:,.0f} ({run.seconds:,.0f} s)"
    if jobs == 1:
        result.metrics["peak RSS, `--jobs 1`"] = human_bytes(run.peak_main)
    else:
        result.metrics[f"peak RSS, `--jobs {jobs}`: writer / largest worker / all"] = (
            f"{human_bytes(run.peak_main)} / {human_bytes(run.peak_children)} / {human_bytes(run.peak_total)}"
        )
        quarters = " / ".join(f"{q / MIB:.0f}" for q in run.peak_main_by_quarter())
        result.metrics[f"writer peak RSS by quarter of the `--jobs {jobs}` ingest (MiB)"] = quarters
    return run.stdout.replace(str(store), "STORE")


def export_nquads(store_dir: Path, out: Path, articles: int | None = None) -> int:
    """Write the store as N-Quads (only the base graph and the first ``articles`` article graphs)."""
    import pyoxigraph as ox

    from accordgraph.ingest import BASE_GRAPH_IRI

    store = ox.Store.read_only(str(store_dir))
    keep: set[str] | None = None
    if articles is not None:
        sparql = f"SELECT ?g ?path WHERE {{ GRAPH ?g {{ ?a <{AG}sourcePath> ?path }} }}"
        rows = store.query(sparql)
        graphs = sorted((row["path"].value, row["g"].value) for row in rows)
        keep = {g for _, g in graphs[:articles]} | {BASE_GRAPH_IRI}
    quads = [  # the named graphs: the default graph is their merge
        q
        for q in store
        if isinstance(q.graph_name, ox.NamedNode) and (keep is None or q.graph_name.value in keep)
    ]
    ox.serialize(quads, str(out), ox.RdfFormat.N_QUADS)
    return len(quads)


def measure_load(nquads: Path, target: Path, triples: int, result: SizeResult) -> None:
    """Bulk-load an export into a new directory store, then open it with accordgraph, which
    builds the merged default graph a store written before the merge lacks."""
    import pyoxigraph as ox

    from accordgraph.store import open_store

    store = ox.Store(str(target))
    start = time.perf_counter()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    del store
    start = time.perf_counter()
    open_store(target).close()
    merge = time.perf_counter() - start
    result.numbers["bulk_load"] = triples / seconds
    result.metrics["store bulk load (triples/s, N-Quads into a directory store)"] = (
        f"{triples / seconds:,.0f} ({triples:,} triples in {seconds:.1f} s; then the merge: {merge:.1f} s)"
    )


def library_queries() -> dict[str, tuple[str, dict[str, str]]]:
    """Every library query: name -> (SPARQL with its default or benchmark parameters bound, params)."""
    from accordgraph.queries import bind_params, load_library

    out = {}
    for name, q in load_library().items():
        params = QUERY_PARAMS.get(name, {})
        out[name] = (bind_params(q.sparql, params, q.param_specs), params)
    return out


def measure_cli(args: list[str], cap: float, runs: int = 3) -> float | None:
    """Median wall time of a CLI command (a new process each time, as a user runs it); None: over cap."""
    times = []
    for _ in range(runs):
        try:
            times.append(run_command(args, timeout=cap).seconds)
        except subprocess.TimeoutExpired:
            return None
    return statistics.median(times)


def seconds_text(seconds: float | None, cap: float) -> str:
    return f"{seconds:.2f}" if seconds is not None else f"> {cap:g} (stopped)"


def measure_remote(corpus: Path, work: Path, result: SizeResult) -> None:
    with oxigraph_server(work / "server-store") as url:
        run = run_command([ACCORDGRAPH, "ingest", str(corpus), "--jobs", "2", "--store", url])
        rate = result.articles / run.seconds
        result.numbers["remote_ingest"] = rate
        per_article = requests_per_article(url, sorted(corpus.glob("*.txt"))[:50])
    result.numbers["remote_updates_per_article"] = per_article["update"]
    result.metrics["ingest into `oxigraph serve`, `--jobs 2` (articles/s)"] = (
        f"{rate:,.0f} ({run.seconds:,.0f} s)"
    )
    result.metrics["HTTP requests per article (remote)"] = (
        f"{per_article['update']:g} update + {per_article['query']:g} query"
    )


def run_size(n: int, work: Path, args: argparse.Namespace, compared: set[int]) -> SizeResult:
    from accordgraph.ingest import load_base
    from accordgraph.store import open_store

    result = SizeResult(n, cap=args.cap)
    corpus = work / f"corpus-{n}"
    say(f"{n} articles: writing the corpus")
    result.words = write_corpus(n, corpus)
    result.metrics["words (mean per article)"] = f"{result.words:,} ({result.words / n:.0f})"

    say(f"{n}: extraction words/s on {min(n, EXTRACT_SAMPLE)} articles")
    words_per_s, facts = measure_extraction(corpus, EXTRACT_SAMPLE)
    result.numbers["extract_words"] = words_per_s
    result.metrics["extraction (words/s, one process)"] = f"{words_per_s:,.0f}"
    result.metrics["facts per article (mean)"] = f"{facts:.1f}"

    outputs = {}
    for jobs in (1, 2):
        say(f"{n}: ingest --jobs {jobs}")
        outputs[jobs] = ingest(corpus, work / f"store-{n}-j{jobs}", jobs, result)
    if outputs[1] != outputs[2]:
        raise RuntimeError(f"--jobs 1 and --jobs 2 reported different results:\n{outputs[1]}\n{outputs[2]}")
    store_dir = work / f"store-{n}-j2"
    with open_store(store_dir) as store:
        load_base(store, REPO / "graph")
        triples = store.triple_count()
    result.numbers["triples"] = triples
    result.metrics["triples in the store"] = f"{triples:,}"
    result.metrics["store size on disk"] = human_bytes(dir_size(store_dir))

    say(f"{n}: export and bulk load")
    nquads = work / f"all-{n}.nq"
    export_nquads(store_dir, nquads)
    measure_load(nquads, work / f"loaded-{n}", triples, result)
    nquads.unlink()

    say(f"{n}: library queries")
    queries = library_queries()
    result.store = time_queries("store", store_dir, queries, runs=5, cap=args.cap)
    say(f"{n}: rank and view")
    rank = [ACCORDGRAPH, "rank", "--store", str(store_dir)]
    view = [
        ACCORDGRAPH,
        "view",
        "--top",
        "100",
        "-o",
        str(work / f"view-{n}.html"),
        "--store",
        str(store_dir),
    ]
    result.rank, result.view = measure_cli(rank, args.cap), measure_cli(view, args.cap)
    result.metrics["`rank` (s, wall, new process)"] = seconds_text(result.rank, args.cap)
    result.metrics["`view --top 100` (s, wall, new process)"] = seconds_text(result.view, args.cap)

    slice_articles = min(n, args.rdflib_articles)
    if slice_articles not in compared:  # the same slice of a larger corpus is the same data
        compared.add(slice_articles)
        result.slice_articles = slice_articles
        say(f"{n}: Oxigraph vs rdflib Memory on {slice_articles} articles")
        sliced = work / f"slice-{n}.nq"
        export_nquads(store_dir, sliced, slice_articles)
        result.oxigraph = time_queries("oxigraph", sliced, queries, runs=3, cap=args.cap)
        result.rdflib = time_queries("rdflib", sliced, queries, runs=3, cap=args.cap)
        sliced.unlink()
        load = result.rdflib.load_seconds / result.oxigraph.load_seconds
        result.metrics["load the rdflib slice: Oxigraph / rdflib Memory (s)"] = (
            f"{result.oxigraph.load_seconds:.2f} / {result.rdflib.load_seconds:.2f} ({load:.0f}x,"
            f" {result.oxigraph.triples:,} triples)"
        )

    if n <= args.remote_articles:
        say(f"{n}: ingest into oxigraph serve")
        measure_remote(corpus, work, result)
    return result


# ---------------------------------------------------------------------------- report


def _ms(seconds: float | None, cap: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds is not None else f"> {cap * 1000:,.0f} (stopped)"


def _rows(engine: EngineResult, name: str) -> str:
    return f"{engine.rows[name]:,}" if engine.seconds.get(name) is not None else "-"


def _under(seconds: float | None, limit: float) -> bool:
    return seconds is not None and seconds < limit


def goals(results: list[SizeResult]) -> list[tuple[str, str, bool]]:
    """``(goal, measured, met)`` on the largest size."""
    big = max(results, key=lambda r: r.articles)
    small = min(results, key=lambda r: r.articles)
    n, cap = f"{big.articles:,}", big.cap
    latency = big.store.seconds
    slowest = max(latency, key=lambda name: latency[name] if latency[name] is not None else float("inf"))
    compared = next(r for r in results if r.oxigraph is not None)
    # a query rdflib did not finish counts with the cap: the ratio is then a lower bound
    speedups = {
        name: (compared.rdflib.seconds[name] or cap) / ox_s if ox_s else 0.0
        for name, ox_s in compared.oxigraph.seconds.items()
    }
    worst = min(speedups, key=speedups.__getitem__)
    worst_ratio = ratio(compared.oxigraph.seconds[worst], compared.rdflib.seconds[worst], cap)
    out = [
        (
            f"every library query < 1 s ({n} articles)",
            f"slowest: {slowest} {_ms(latency[slowest], cap)} ms",
            all(_under(s, 1) for s in latency.values()),
        ),
        (
            f"every query >= 20x faster than rdflib Memory ({compared.slice_articles:,} articles)",
            f"smallest: {worst} {worst_ratio}",
            speedups[worst] >= 20,
        ),
        (
            f"ingest `--jobs 2` >= 50 articles/s ({n})",
            f"{big.numbers['ingest_j2']:.0f}/s",
            big.numbers["ingest_j2"] >= 50,
        ),
        (f"`rank` < 2 s ({n})", f"{seconds_text(big.rank, cap)} s", _under(big.rank, 2)),
        (f"`view --top 100` < 5 s ({n})", f"{seconds_text(big.view, cap)} s", _under(big.view, 5)),
    ]
    if big is not small:
        growth = big.numbers["rss_main_j2"] / small.numbers["rss_main_j2"]
        out.append(
            (
                f"ingest streams: writer peak RSS, {small.articles:,} -> {n} articles",
                f"{human_bytes(small.numbers['rss_main_j2'])} -> {human_bytes(big.numbers['rss_main_j2'])}"
                f" ({growth:.2f}x for {big.articles / small.articles:.0f}x the articles)",
                growth < 1.5,
            )
        )
    remote = [r for r in results if "remote_updates_per_article" in r.numbers]
    if remote:
        r = remote[-1]
        out.append(
            (
                f"remote ingest: one update request per article ({r.articles:,})",
                f"{r.numbers['remote_updates_per_article']:g} per article,"
                f" {r.numbers['remote_ingest']:.0f} articles/s",
                r.numbers["remote_updates_per_article"] == 1,
            )
        )
    return out


def markdown(
    results: list[SizeResult], info: dict[str, str], command: str, seconds: float, load: tuple[float, float]
) -> str:
    sizes = [f"{r.articles:,} articles" for r in results]
    header = [
        "| measure | " + " | ".join(sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}` in {seconds / 60:.1f} min.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        f"Load average of the machine (1 min) at the start and end of the run: {load[0]:.1f}, {load[1]:.1f}"
        " (other work on the machine slows every number down).",
        "",
        *header,
    ]
    labels = list(dict.fromkeys(label for r in results for label in r.metrics))
    for label in labels:
        lines.append(f"| {label} | " + " | ".join(r.metrics.get(label, "-") for r in results) + " |")
    lines += ["", "Library queries: `run_query` on the directory store, median of 5 (ms; rows)", ""]
    lines += ["| query | " + " | ".join(sizes) + " |", header[1]]
    for name in results[0].store.seconds:
        cells = [f"{_ms(r.store.seconds[name], r.cap)} ({_rows(r.store, name)})" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for r in (r for r in results if r.oxigraph is not None):
        lines += [
            "",
            f"Same queries, same data ({r.slice_articles:,} articles of the {r.articles:,} corpus,"
            f" {r.oxigraph.triples:,} triples): embedded Oxigraph (memory) vs rdflib Memory,"
            " median of 3 (ms)",
            "",
            "| query | Oxigraph | rdflib Memory | rdflib ÷ Oxigraph | same rows |",
            "| --- | ---: | ---: | ---: | :---: |",
        ]
        for name, ox_s in r.oxigraph.seconds.items():
            rd_s = r.rdflib.seconds.get(name)
            known = ox_s is not None and rd_s is not None
            same = ("yes" if r.rdflib.rows.get(name) == r.oxigraph.rows.get(name) else "NO") if known else "?"
            lines.append(
                f"| {name} | {_ms(ox_s, r.cap)} | {_ms(rd_s, r.cap)} | {ratio(ox_s, rd_s, r.cap)} | {same} |"
            )
    lines += ["", "Goals (on the largest size):", "", "| goal | measured | met |", "| --- | --- | :---: |"]
    for goal, measured, met in goals(results):
        lines.append(f"| {goal} | {measured} | {'yes' if met else 'NO'} |")
    return "\n".join(lines) + "\n"


def write_results(path: Path, table: str) -> None:
    """Put ``table`` between the markers of RESULTS.md, keeping the text around them."""
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{START}\n{END}\n"
    if START not in old or END not in old:
        old = old.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (articles)")
    parser.add_argument(
        "--rdflib-articles",
        type=int,
        default=1000,
        help="articles in the slice compared with rdflib Memory (default 1000)",
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=20.0,
        help="seconds one query run, rank or view may take before it is stopped (default 20)",
    )
    parser.add_argument(
        "--remote-articles",
        type=int,
        default=1000,
        help="measure ingest into oxigraph serve for corpus sizes up to this",
    )
    parser.add_argument("--workdir", type=Path, help="where corpora and stores go (default: a temp dir)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    command = "python benchmarks/run.py" + (" " + " ".join(argv) if argv else "")
    start, load_before = time.perf_counter(), os.getloadavg()[0]
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="accordgraph-bench-", dir=args.workdir) as tmp:
        compared: set[int] = set()  # slices already compared with rdflib
        results = [run_size(n, Path(tmp), args, compared) for n in sizes]
    load = (load_before, os.getloadavg()[0])
    table = markdown(results, machine_info(), command, time.perf_counter() - start, load)
    print(table)
    if not args.no_write:
        write_results(args.output, table)
        say(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

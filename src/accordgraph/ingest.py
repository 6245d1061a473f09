"""Putting articles into the store: extract, map to RDF, replace the article's named graph.

Each article lives in its own named graph (IRI from its content hash). Ingesting it
again replaces that graph; ingesting an edited file (same ``ag:sourcePath``, new text)
drops the graph of its old text in the same transaction. ``build`` makes a whole store
from a graph directory (ontology, curated base layer, every article in sources/).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .articles import Article, find_articles, read_article, read_text_file
from .errors import AccordgraphError, ArticleError, FactError, StoreError
from .facts import KINDS, Fact, read_facts
from .output import Table
from .store import Store, is_remote, open_store

if TYPE_CHECKING:
    import rdflib

AG = "https://w3id.org/accordgraph/ontology#"
BASE_GRAPH_IRI = "https://w3id.org/accordgraph/id/graph/base"  # = accordgraph.rdf.BASE_GRAPH
EVENT_CLASSES = {
    "Accession": "joined",
    "Statement": "said",
    "Meeting": "met",
    "OfficeTerm": "holds_office",
    "CandidateNomination": "named_candidate",
    "Visit": "visit",
}

Progress = Callable[[int, int, str], None]  # (done, total, what was just done)


@dataclass
class IngestResult:
    """What ingesting one article did."""

    path: str | None
    graph: str  # the article's named graph (its IRI)
    facts: int
    kinds: Counter = field(default_factory=Counter)
    triples: int = 0
    replaced: list[str] = field(default_factory=list)  # graphs of older versions, dropped


@dataclass
class Summary:
    """What a store holds: articles, facts (events read from articles) by kind, triples, graphs."""

    articles: int
    facts: dict[str, int]
    triples: int
    graphs: int

    def table(self) -> Table:
        """Rows ``(item, count)``: articles, facts, one row per fact kind, triples, named graphs.

        >>> print(Summary(1, {"joined": 2}, 10, 2).table().rows[:3])
        [('articles', 1), ('facts', 2), ('facts: joined', 2)]
        """
        rows: list[tuple[Any, ...]] = [("articles", self.articles), ("facts", sum(self.facts.values()))]
        rows += [(f"facts: {kind}", n) for kind, n in self.facts.items()]
        rows += [("triples", self.triples), ("named graphs", self.graphs)]
        return Table(["item", "count"], rows)


@dataclass
class BuildSummary(Summary):
    """A Summary of the freshly built store, and where it is."""

    store: str = ""
    results: list[IngestResult] = field(default_factory=list)
    #: SHACL violations of the built graph (graph/shapes.ttl); None when not validated
    violations: int | None = None


def count_violations(store: Store) -> int:
    """How many SHACL violations the store's graph has (0: it conforms)."""
    from .validate import validate_store

    return len(validate_store(store).violations)


def _triple_count(graph: rdflib.Graph | str) -> int:
    if isinstance(graph, str):
        return sum(1 for line in graph.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return len(graph)


def _literal(text: str) -> str:
    """A SPARQL string literal for any text."""
    import pyoxigraph as ox

    return str(ox.Literal(text))


def graphs_from_path(store: Store, path: str) -> list[str]:
    """The named graphs of articles read from ``path`` (any version of the file)."""
    sparql = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a <{AG}sourcePath> {_literal(path)} }} }}"
    return sorted(row[0] for row in store.query(sparql).rows if row[0])


def ingest_article(store: Store, article: Article, facts: Sequence[Fact] | None = None) -> IngestResult:
    """Store one article's facts (extracted now if ``facts`` is None) in its own named graph."""
    return store_prepared(store, prepare_article(article, facts))


def ingest_paths(
    store: Store, paths: Iterable[str | Path], progress: Progress | None = None, *, jobs: int = 1
) -> list[IngestResult]:
    """Ingest every article file in ``paths`` (files, or directories searched recursively).

    New articles are written together, up to ``WRITE_BATCH`` at a time, each batch all or
    nothing; an article stored before, or an edited one, is replaced in a transaction of
    its own. If an article fails, those before it stay. With ``jobs`` > 1, articles are
    read, extracted and mapped to RDF in that many worker processes while this process
    alone writes, in the same order as with ``jobs=1``. After many new articles the store
    may compact itself (``Store.compact_after_load``).
    """
    if jobs < 1:
        raise AccordgraphError(f"jobs must be at least 1, not {jobs}")
    files = find_articles(list(paths))
    writer = _Writer(store, len(files), progress)
    for path, prepared in prepare_paths(files, jobs):
        if isinstance(prepared, AccordgraphError):
            writer.write()
            raise _naming(prepared, path)
        writer.add(path, prepared)
    writer.write()
    store.compact_after_load(writer.batched)
    return writer.results


def _naming(exc: AccordgraphError, path: Path) -> AccordgraphError:
    """The error with the file's path in front (unless its message names it already)."""
    return exc if str(path) in str(exc) else type(exc)(f"{path}: {exc}")


class _Writer:
    """Stores prepared articles in order: new ones in batches, others one at a time."""

    def __init__(self, store: Store, total: int, progress: Progress | None):
        self.store, self.total, self.progress = store, total, progress
        self.results: list[IngestResult] = []
        self.pending: list[tuple[Path, PreparedArticle]] = []
        self.pending_graphs: set[str] = set()
        self.pending_paths: set[str | None] = set()
        self.pending_triples = 0
        self.batch_size = FIRST_WRITE_BATCH
        self.batched = 0  # new articles loaded together by add_graphs
        self.unflushed = 0

    def add(self, path: Path, prepared: PreparedArticle) -> None:
        stale = _stale_graphs(self.store, prepared)
        if stale or prepared.graph in self.pending_graphs or prepared.path in self.pending_paths:
            self.write()  # an edited article, or one the batch touches: after the batch, alone
            self._store_one(path, prepared, stale)
            return
        self.pending.append((path, prepared))
        self.pending_graphs.add(prepared.graph)
        self.pending_paths.add(prepared.path)
        self.pending_triples += _triple_count(prepared.ntriples)
        if len(self.pending) >= self.batch_size or self.pending_triples >= WRITE_BATCH_TRIPLES:
            self.write()
            self.batch_size = min(2 * self.batch_size, WRITE_BATCH)

    def write(self) -> None:
        """Store the pending articles; if that fails, one at a time, to name the one at fault."""
        batch = self.pending
        if not batch:
            return
        self.pending, self.pending_graphs, self.pending_paths, self.pending_triples = [], set(), set(), 0
        try:
            self.batched += self.store.add_graphs([(p.graph, p.ntriples) for _, p in batch])
        except AccordgraphError:
            for path, prepared in batch:
                self._store_one(path, prepared, [])
            return
        for path, prepared in batch:
            self._done(path, _result(prepared, []))

    def _store_one(self, path: Path, prepared: PreparedArticle, stale: list[str]) -> None:
        try:
            self.store.replace_graph(prepared.graph, prepared.ntriples, also_remove=stale)
        except AccordgraphError as exc:
            raise _naming(exc, path) from None
        self._done(path, _result(prepared, stale))

    def _done(self, path: Path, result: IngestResult) -> None:
        self.results.append(result)
        self.unflushed += 1
        if self.unflushed >= FLUSH_EVERY:
            flush_buffers(self.store)
            self.unflushed = 0
        if self.progress is not None:
            self.progress(len(self.results), self.total, str(path))


def read_facts_for(facts_path: str | Path, article: Article) -> list[Fact]:
    """Read a facts JSONL file for ``article``, checking each evidence span lies inside its text."""
    from .limits import FACTS_BYTES

    p = Path(facts_path)
    if not p.is_file():
        raise FactError(f"{p}: no such file")
    lines = read_text_file(p, FACTS_BYTES, "a facts file", FactError).splitlines()
    facts = list(read_facts(lines, source=str(p)))
    numbers = [n for n, line in enumerate(lines, 1) if line.strip()]
    for number, fact in zip(numbers, facts, strict=True):
        if fact.evidence is not None and fact.evidence.end > len(article.text):
            raise FactError(
                f"{p}: line {number}: evidence ends at {fact.evidence.end}, past the end of the article"
                f" ({len(article.text)} characters)"
            )
    return facts


def base_files(graph_dir: str | Path) -> list[Path]:
    """The curated layer: every ``base/*.ttl`` and ``ontology.ttl`` of a graph directory."""
    root = Path(graph_dir)
    files = sorted((root / "base").glob("*.ttl"))
    if (root / "ontology.ttl").is_file():
        files.append(root / "ontology.ttl")
    return files


def load_base(store: Store, graph_dir: str | Path) -> int:
    """Load the ontology and base layer into the base named graph (replacing it); returns triples."""
    import pyoxigraph as ox

    chunks = []
    for path in base_files(graph_dir):
        try:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)
            chunks.append(ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(f"{path}: not valid Turtle: {' '.join(str(exc).split())}") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text = b"".join(chunks).decode("utf-8")
    store.replace_graph(BASE_GRAPH_IRI, text)
    return _triple_count(text)


def summarize(store: Store) -> Summary:
    """Count what the store holds. Facts are events in article graphs (not the base layer)."""
    # GRAPH patterns only: right whatever default graph an endpoint is configured with
    articles = store.query(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{ ?a a <{AG}Article> }} }}")
    by_class = store.query(
        "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?class } "
        f"FILTER(?g != <{BASE_GRAPH_IRI}> && STRSTARTS(STR(?class), {_literal(AG)})) }} GROUP BY ?class"
    )
    counts = {row[0][len(AG) :]: int(row[1]) for row in by_class.rows}
    facts = {kind: 0 for kind in KINDS}
    for local, kind in EVENT_CLASSES.items():
        facts[kind] += counts.get(local, 0)
    return Summary(
        articles=int(articles.rows[0][0]),
        facts=facts,
        triples=store.triple_count(),
        graphs=len(store.graphs()),
    )


def _fill(store: Store, graph_dir: Path, progress: Progress | None, jobs: int = 1) -> list[IngestResult]:
    load_base(store, graph_dir)
    sources = graph_dir / "sources"
    return ingest_paths(store, [sources], progress, jobs=jobs) if sources.is_dir() else []


def build(
    graph_dir: str | Path = "graph",
    store_spec: str | Path = "graph/store",
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    validate: bool = True,
) -> BuildSummary:
    """Build a store from a graph directory: ontology, base layer, every article in sources/.

    With ``validate`` (the default) the built graph is checked against the SHACL shapes
    and the summary counts the violations (``accordgraph validate`` lists them).

    An embedded store is built in a fresh sibling directory and swapped in only when
    complete, so a failed or interrupted build leaves the old store as it was. A remote
    store (or memory) is filled in place: each graph is replaced, others are left alone.
    ``jobs`` > 1 extracts in that many worker processes (see ingest_paths).
    """
    root = Path(graph_dir)
    if not root.is_dir():
        raise ArticleError(f"{root}: no such directory (expected ontology.ttl, base/ and sources/ in it)")
    if is_remote(store_spec) or str(store_spec) == "memory":
        with open_store(store_spec) as store:
            results = _fill(store, root, progress, jobs)
            violations = count_violations(store) if validate else None
            return BuildSummary(
                **vars(summarize(store)), store=store.spec, results=results, violations=violations
            )
    return _build_and_swap(root, Path(store_spec), progress, jobs, validate)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_builds(target: Path) -> list[Path]:
    """Remove what killed builds left beside ``target`` (``NAME.building-PID``, ``NAME.old-PID``)."""
    removed = []
    for kind in ("building", "old"):
        for path in target.parent.glob(f"{target.name}.{kind}-*"):
            pid = path.name.rsplit("-", 1)[1]
            if pid.isdigit() and (int(pid) == os.getpid() or not _process_alive(int(pid))):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _build_and_swap(
    root: Path, target: Path, progress: Progress | None, jobs: int = 1, validate: bool = True
) -> BuildSummary:
    staging = target.with_name(f"{target.name}.building-{os.getpid()}")
    retired = target.with_name(f"{target.name}.old-{os.getpid()}")
    guard = open_store(target)  # holds the lock: a busy store fails now, and nobody writes meanwhile
    try:
        remove_stale_builds(target)
        try:
            with open_store(staging) as store:
                results = _fill(store, root, progress, jobs)
                summary = summarize(store)
                violations = count_violations(store) if validate else None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        guard.close()
    try:
        target.rename(retired)
        staging.rename(target)
    except OSError as exc:
        if retired.exists() and not target.exists():
            retired.rename(target)
        raise AccordgraphError(f"cannot replace {target} with the new build: {exc.strerror}") from None
    shutil.rmtree(retired, ignore_errors=True)
    return BuildSummary(**vars(summary), store=str(target), results=results, violations=violations)


# ---------------------------------------------- parallel extraction, one writer (perf engineer)
# ingest --jobs N: worker processes read, extract and map articles to N-Triples; the calling
# process is the only writer and stores them in input order, so the graph is the same as with
# one job. At most WINDOW_PER_JOB tasks per worker, and a write batch's worth more (workers go on
# while the writer stores a batch), are in flight: memory does not grow with the corpus.

BATCH = 8  # articles a worker prepares per task (fewer round trips)
# New articles are stored together (one bulk load in a directory store: half the writer's CPU
# time of one transaction each): FIRST_WRITE_BATCH articles, then twice as many each time up to
# WRITE_BATCH (the first articles are stored early), or fewer when they reach WRITE_BATCH_TRIPLES.
# Writer benchmark over 10,000 articles, CPU time an article: 6.3 ms in loads of 64 articles,
# 5.3 ms of 128, 5.2 ms of 256; peak RSS of the writer (--jobs 2, 1,000 articles): 115, 180
# and 306 MiB.
FIRST_WRITE_BATCH = 8
WRITE_BATCH = 128
WRITE_BATCH_TRIPLES = 100_000
# Without a flush, an embedded store's write buffers (RocksDB memtables) grew the writer to
# 1.5 GiB over 10,000 articles; flushing every 250 keeps it flat (~220 MiB) at no measurable cost.
FLUSH_EVERY = 250
WINDOW_PER_JOB = 4  # tasks in flight per worker (and WRITE_BATCH // BATCH more)


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready to store: its graph IRI and its facts as N-Triples."""

    path: str | None
    graph: str
    ntriples: str
    facts: int
    kinds: Counter


def prepare_article(article: Article, facts: Sequence[Fact] | None = None) -> PreparedArticle:
    """Extract (unless ``facts`` are given) and map one article to N-Triples; touches no store."""
    if facts is None:
        from .extract import extract_article

        facts = extract_article(article)
    from .rdf import article_iri, facts_to_ntriples

    facts = list(facts)
    return PreparedArticle(
        path=article.path,
        graph=article_iri(article),
        ntriples=facts_to_ntriples(facts, article),
        facts=len(facts),
        kinds=Counter(f.kind for f in facts),
    )


def store_prepared(store: Store, prepared: PreparedArticle) -> IngestResult:
    """Replace the article's graph (and those of older versions of its file) in one transaction."""
    stale = _stale_graphs(store, prepared)
    store.replace_graph(prepared.graph, prepared.ntriples, also_remove=stale)
    return _result(prepared, stale)


def _stale_graphs(store: Store, prepared: PreparedArticle) -> list[str]:
    """The graphs of older versions of the article's file (replaced along with it)."""
    old = graphs_from_path(store, prepared.path) if prepared.path else []
    return [g for g in old if g != prepared.graph]


def _result(prepared: PreparedArticle, replaced: list[str]) -> IngestResult:
    return IngestResult(
        path=prepared.path,
        graph=prepared.graph,
        facts=prepared.facts,
        kinds=prepared.kinds,
        triples=_triple_count(prepared.ntriples),
        replaced=replaced,
    )


def flush_buffers(store: Store) -> None:
    """Write an embedded store's buffered writes to disk, freeing their memory (others: no-op)."""
    flush = getattr(store, "flush", None)
    if callable(flush):
        flush()


def _prepare_path(path: str | Path) -> PreparedArticle | AccordgraphError:
    """Read and prepare one file; a bad file's error is returned, to be raised in order."""
    try:
        return prepare_article(read_article(path))
    except AccordgraphError as exc:
        return exc


def _prepare_batch(paths: list[str]) -> list[PreparedArticle | AccordgraphError]:
    return [_prepare_path(p) for p in paths]


@contextlib.contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Hide a ``__main__`` that has no file (a script piped to ``python -``) while workers start.

    A spawned worker re-runs the parent's ``__main__`` from its path; ``<stdin>`` is no path,
    and every worker would die. The workers need nothing from it.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None or os.path.exists(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def prepare_paths(
    files: Sequence[Path], jobs: int = 1
) -> Iterator[tuple[Path, PreparedArticle | AccordgraphError]]:
    """``(path, prepared article or its error)`` for each file, in order, using ``jobs`` processes."""
    if jobs < 1:
        raise AccordgraphError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1 or len(files) < 2:
        for path in files:
            yield path, _prepare_path(path)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
    context = multiprocessing.get_context("spawn")  # no inherited store handles or threads
    with (
        _main_not_reimported(),
        ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=context) as pool,
    ):
        pending: deque[tuple[list[Path], Future]] = deque()
        todo = iter(batches)
        try:
            for batch in todo:
                pending.append((batch, pool.submit(_prepare_batch, [str(p) for p in batch])))
                if len(pending) >= jobs * WINDOW_PER_JOB + WRITE_BATCH // BATCH:
                    break
            while pending:
                batch, future = pending.popleft()
                for next_batch in itertools.islice(todo, 1):
                    pending.append((next_batch, pool.submit(_prepare_batch, [str(p) for p in next_batch])))
                try:
                    prepared = future.result()
                except BrokenProcessPool:
                    raise AccordgraphError(
                        f"an extraction worker process died while reading {batch[0]} (out of memory?)"
                    ) from None
                yield from zip(batch, prepared, strict=True)
        finally:
            for _, future in pending:
                future.cancel()

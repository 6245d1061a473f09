"""Where the graph lives: embedded Oxigraph (a directory or memory) or a SPARQL 1.1 endpoint.

``open_store(spec)`` takes a directory path, ``"memory"``, or an ``http(s)://`` URL and
returns a Store with one interface: ``query``, ``update``, ``replace_graph``,
``add_graphs`` (many new graphs at once), ``remove_graph``, ``graphs``, ``triple_count``,
``export``, ``close``. Queries see the merge of all named graphs (each triple once) as
their default graph.

An embedded store keeps that merge in its real default graph, maintained by every
write: pyoxigraph 0.5's union default graph repeats a triple once per named graph
stating it (oxigraph#1919), so a join over triples restated by many articles (a
person's label, a country's code) grew with the square of the corpus.

>>> with open_store("memory") as store:
...     store.replace_graph("https://example.org/g", '<https://example.org/a> <https://example.org/p> "1" .')
...     store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").rows
[('https://example.org/a', '1')]
"""

from __future__ import annotations

import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import QueryError, StoreBusyError, StoreError
from .output import Table
from .results import results_table, term_value

if TYPE_CHECKING:
    import rdflib

DEFAULT_STORE = "graph/store"
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
PREFIXES = {
    "ag": "https://w3id.org/accordgraph/ontology#",
    "agid": "https://w3id.org/accordgraph/id/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
REMOTE_TIMEOUT = 300.0  # seconds to wait for an endpoint when the caller sets no timeout


def _first_line(text: str) -> str:
    return " ".join(str(text).strip().splitlines()[:1]) or "unknown error"


def graph_text(graph: rdflib.Graph | str) -> str:
    """N-Triples text for a graph given as rdflib Graph or as N-Triples already."""
    if isinstance(graph, str):
        return graph
    return graph.serialize(format="nt")


def _named_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"invalid graph IRI {iri!r}: {exc}") from None


BULK_QUADS = 500_000  # at most this many quads per bulk load: one RocksDB ingestion (atomic) under 1,000,000


def _plain_nquads(node: ox.NamedNode, text: str) -> bytes | None:
    """N-Triples text without blank nodes as N-Quads for its graph ``node`` and then the
    default graph (the merge); None for anything else (comments after triples, Turtle).

    >>> print(_plain_nquads(ox.NamedNode("http://g"), "<https://e.org/a> <https://e.org/b> 1 .").decode())
    <https://e.org/a> <https://e.org/b> 1 <http://g> .
    <https://e.org/a> <https://e.org/b> 1 .
    <BLANKLINE>
    """
    if "_:" in text:
        return None
    suffix = f" {node} .\n"
    lines = [line.rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if not all(line.endswith(".") for line in lines):
        return None
    named = "".join(line[:-1].rstrip() + suffix for line in lines)
    return (named + "".join(line + "\n" for line in lines)).encode("utf-8")


def _replace_update(
    graph_iri: str, ntriples: str, also_remove: Iterable[str], *, merged: bool = False
) -> str:
    """One SPARQL update that drops graphs and loads new triples: applied atomically.

    With ``merged`` it also keeps the default graph the merge of the named graphs: it
    deletes from it what only the dropped graphs state and inserts the new triples
    (in the same ``INSERT DATA``, so a blank node is the same node in both graphs).
    """
    dropped = [str(_named_node(g)) for g in (*also_remove, graph_iri)]
    drops = [f"DROP SILENT GRAPH {g}" for g in dropped]
    if not merged:
        insert = f"INSERT DATA {{ GRAPH {dropped[-1]} {{\n{ntriples}\n}} }}"
        return " ;\n".join([*drops, insert])
    insert = f"INSERT DATA {{ GRAPH {dropped[-1]} {{\n{ntriples}\n}}\n{ntriples}\n}}"
    return " ;\n".join([_unmerge(dropped), *drops, insert])


def _unmerge(graphs: list[str]) -> str:
    """Delete from the default graph the triples that only ``graphs`` (IRIs in <>) state."""
    listed = " ".join(graphs)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?dropped {{ {listed} }} GRAPH ?dropped {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({', '.join(graphs)})) }} }}"
    )


# After an update written by a user: the default graph again the merge of the named graphs.
REMERGE = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
)


def _serialize(quads: Iterable[ox.Quad], fmt: str, out: BinaryIO) -> None:
    rdf_format = EXPORT_FORMATS.get(fmt)
    if rdf_format is None:
        raise StoreError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    if not rdf_format.supports_datasets:  # Turtle: the union of all graphs, each triple once
        triples: Iterable[Any] = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        ox.serialize(triples, out, rdf_format, prefixes=PREFIXES)
    else:
        ox.serialize(quads, out, rdf_format, prefixes=PREFIXES)


class Store(ABC):
    """A quad store; use as a context manager, or call close()."""

    spec: str
    read_only: bool

    @abstractmethod
    def query(self, sparql: str, *, timeout: float | None = None) -> Table:
        """Run a SPARQL query over the merge of all graphs; rows of plain strings."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (in one transaction where the store supports it).

        Write into named graphs: the default graph is the merge of the named graphs.
        """

    @abstractmethod
    def replace_graph(
        self, graph_iri: str, graph: rdflib.Graph | str, *, also_remove: Iterable[str] = ()
    ) -> None:
        """Drop ``graph_iri`` (and ``also_remove``) and load ``graph`` into it, atomically."""

    @abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store."""

    def add_graphs(self, graphs: Sequence[tuple[str, rdflib.Graph | str]]) -> int:
        """Load several graphs, each ``(IRI, graph)`` as for ``replace_graph``, in order;
        returns how many were new graphs loaded together (0: one ``replace_graph`` each).

        Meant for graphs not in the store yet (an ingest's new articles): an embedded
        store writes those at once; elsewhere it is one ``replace_graph`` each.
        """
        for graph_iri, graph in graphs:
            self.replace_graph(graph_iri, graph)
        return 0

    def compact_after_load(self, loaded: int) -> bool:
        """Compact the store after ``add_graphs`` loaded ``loaded`` new graphs, where that
        pays; True if it did (only an embedded directory store does)."""
        return False

    def remove_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH {_named_node(graph_iri)}")

    def graphs(self) -> list[str]:
        """The named graphs' IRIs, sorted."""
        table = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in table.rows if row[0] is not None)

    def triple_count(self) -> int:
        """Quads in all named graphs."""
        table = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(table.rows[0][0])

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write every graph as ``trig``, ``nquads``, ``jsonld``, or their union as ``turtle``."""
        _serialize(self.quads(), fmt, out)

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib Dataset view; embedded stores only."""
        raise StoreError(
            f"an rdflib Dataset view needs an embedded store, not {self.spec};"
            " query the endpoint with store.query() instead"
        )

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.spec} is open read-only")

    def close(self) -> None:  # noqa: B027 - a no-op unless the store holds resources
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(Store):
    """Embedded Oxigraph: a directory on disk, or memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True):
        self.spec = "memory" if path is None else str(path)
        self.read_only = read_only
        self._dataset: Any = None
        self._ox = ox.Store() if path is None else self._open(Path(path), read_only, create)
        self._union = False  # True: a store written before the merge, opened read-only
        if not self._merged_retrying(path):
            if read_only:
                self._union = True
            else:
                self._merge_named_graphs()

    def _merged_retrying(self, path: str | Path | None, attempts: int = 8) -> bool:
        """``_merged``; opened read-only beside a writer, a file the store listed when opened
        may be gone (the writer's compaction removed it): open again and retry."""
        for attempt in range(attempts):
            try:
                return self._merged()
            except OSError as exc:
                if not self.read_only or path is None or attempt == attempts - 1:
                    raise StoreError(f"cannot read store {self.spec}: {_first_line(str(exc))}") from None
                time.sleep(0.05 * (attempt + 1))
                self._ox = _open_read_only(Path(path))
        raise AssertionError("unreachable")

    def _merged(self) -> bool:
        """False for a store written before the default graph held the merge, or whose
        merging was cut short: the first triple of the first named graph is not in it."""
        for graph in self._ox.named_graphs():
            first = next(iter(self._ox.quads_for_pattern(None, None, None, graph)), None)
            if first is not None:
                return ox.Quad(first.subject, first.predicate, first.object, ox.DefaultGraph()) in self._ox
        return True  # no named graph holds a triple

    def _merge_named_graphs(self, batch: int = 50_000) -> None:
        """Copy every named graph's triples into the default graph, in transactions of about
        ``batch`` triples (one transaction for all took 2.9 GB at 10,000 articles). The first
        named graph goes last, so a merge cut short is seen by ``_merged`` and done again."""
        default = ox.DefaultGraph()
        pending: list[ox.Quad] = []
        for graph in reversed(list(self._ox.named_graphs())):
            pending += [
                ox.Quad(q.subject, q.predicate, q.object, default)
                for q in self._ox.quads_for_pattern(None, None, None, graph)
            ]
            if len(pending) >= batch:
                self._ox.extend(pending)
                pending = []
        self._ox.extend(pending)

    def _open(self, path: Path, read_only: bool, create: bool) -> ox.Store:
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            self.spec = printable_path(path)
            if read_only or not create or path.is_dir():
                raise StoreError(f"no store at {self.spec}; run 'accordgraph build' first") from None
            raise StoreError(f"cannot open store {self.spec}: the path is not valid UTF-8") from None
        try:
            if path.exists() and not path.is_dir():
                raise StoreError(f"{path} is a file, not a store directory")
            missing = not path.is_dir() or not (path / "CURRENT").exists()
            if missing and path.is_dir() and any(path.iterdir()):
                raise StoreError(f"{path} is not an accordgraph store (a directory with other files in it)")
        except OSError as exc:  # a name too long, a directory we may not read...
            raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
        if missing and (read_only or not create):
            raise StoreError(f"no store at {path}; run 'accordgraph build' first")
        try:
            if read_only:
                return _open_read_only(path)
            path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
            _remove_unfinished_bulk_files(path)  # we hold the lock: no bulk load is running
            return store
        except (OSError, RuntimeError) as exc:
            if "LOCK" in str(exc) or "Resource temporarily unavailable" in str(exc):
                raise StoreBusyError(
                    f"store {path} is busy: another accordgraph process is writing to it"
                ) from None
            raise StoreError(f"cannot open store {path}: {_first_line(str(exc))}") from None

    @property
    def dataset(self) -> rdflib.Dataset:
        """An rdflib Dataset over this same store (default graph = union), for notebooks."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore as RdflibOxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(store=RdflibOxigraphStore(store=self._ox), default_union=self._union)
        return self._dataset

    def query(self, sparql: str, *, timeout: float | None = None) -> Table:
        def run() -> Table:
            try:
                return results_table(self._ox.query(sparql, use_default_graph_as_union=self._union))
            except SyntaxError as exc:
                raise QueryError(f"malformed SPARQL: {_first_line(str(exc))}") from None
            except (OSError, RuntimeError) as exc:  # reading the store, or a SERVICE call, failed
                raise QueryError(f"query failed: {_first_line(str(exc))}") from None

        if timeout is None:
            return run()
        return _with_timeout(run, timeout)

    def update(self, sparql: str) -> None:
        """Run the update, then make the default graph the merge again, in one transaction.

        The update sees the merge as its default graph; what it writes there alone does
        not last (``queries.check_read_only`` refuses such writes).
        """
        self._check_writable()
        try:
            try:
                self._ox.update(sparql.rstrip() + "\n;\n" + REMERGE)
            except SyntaxError:
                self._ox.update(sparql.rstrip() + "\n" + REMERGE)  # the text ends with ";"
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {_first_line(str(exc))}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"update failed: {_first_line(str(exc))}") from None

    def replace_graph(
        self, graph_iri: str, graph: rdflib.Graph | str, *, also_remove: Iterable[str] = ()
    ) -> None:
        """Drop ``graph_iri`` (and ``also_remove``), load ``graph`` into it and keep the merge
        exact, in one transaction. Blank nodes are skolemised (Oxigraph's SPARQL ``DELETE``
        cannot match them, so the merge could not forget them)."""
        self._check_writable()
        node = _named_node(graph_iri)
        text = graph_text(graph)
        new = not any(self._ox.contains_named_graph(_named_node(g)) for g in (graph_iri, *also_remove))
        if new and self._load_plain(node, text):
            return
        triples = parse_triples(text, graph_iri)  # Turtle, blank nodes: skolemised N-Triples
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        try:
            self._ox.update(_replace_update(graph_iri, text, also_remove, merged=True))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write store {self.spec}: {_first_line(str(exc))}") from None

    def _load_plain(self, node: ox.NamedNode, text: str) -> bool:
        """Load N-Triples without blank nodes into a new graph and the merge, as one N-Quads
        document in one transaction (parsed natively, no Python object per triple); False
        when the text is anything else, which ``parse_triples`` then reads or rejects."""
        nquads = _plain_nquads(node, text)
        if nquads is None:
            return False
        try:
            self._ox.load(nquads, format=ox.RdfFormat.N_QUADS)
        except SyntaxError:
            return False
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write store {self.spec}: {_first_line(str(exc))}") from None
        return True

    def add_graphs(self, graphs: Sequence[tuple[str, rdflib.Graph | str]]) -> int:
        """Load graphs not in the store yet into their named graphs and the merge; returns
        how many went in that way.

        New graphs of plain N-Triples (no blank nodes) go in as one N-Quads document: in a
        directory store one bulk load, which reads nothing before writing (a transaction
        looks up every quad and term first) and took half the CPU time of one transaction
        per graph (writer benchmark, 128 to 256 articles a load: 3.6-4.0 against 8.3 ms an
        article over 3,000 articles, 5.2-5.3 against 10.7 ms over 10,000). Up to ``BULK_QUADS`` quads it is
        one atomic ingestion of RocksDB files (all or nothing, also when the process is
        killed); more is split into loads of at most that many. A graph already in the
        store, named twice, or not plain N-Triples is written by ``replace_graph``
        afterwards, in order.
        """
        self._check_writable()
        chunks: list[list[tuple[str, rdflib.Graph | str, bytes]]] = [[]]
        size = 0
        others: list[tuple[str, rdflib.Graph | str]] = []
        seen: set[str] = set()
        for graph_iri, graph in graphs:
            node = _named_node(graph_iri)
            fresh = graph_iri not in seen and not self._ox.contains_named_graph(node)
            nquads = _plain_nquads(node, graph_text(graph)) if fresh else None
            if nquads is None:
                others.append((graph_iri, graph))
                continue
            seen.add(graph_iri)
            quads = nquads.count(b"\n")
            if chunks[-1] and size + quads > BULK_QUADS:
                chunks.append([])
                size = 0
            chunks[-1].append((graph_iri, graph, nquads))
            size += quads
        for chunk in chunks:
            self._load_new(chunk)
        for graph_iri, graph in others:
            self.replace_graph(graph_iri, graph)
        return len(seen)

    def _load_new(self, chunk: list[tuple[str, rdflib.Graph | str, bytes]]) -> None:
        """Load new graphs given as N-Quads (their graph and the merge): a bulk load on disk,
        a transaction in memory. Text the N-Quads parser refuses goes graph by graph through
        ``replace_graph``, which names the graph at fault."""
        if not chunk:
            return
        data = b"".join(nquads for _, _, nquads in chunk)
        try:
            if self.spec == "memory":
                self._ox.load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError:  # parsed before anything is written: nothing of the chunk is stored
            for graph_iri, graph, _ in chunk:
                self.replace_graph(graph_iri, graph)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write store {self.spec}: {_first_line(str(exc))}") from None

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        node = _named_node(graph_iri)
        if self._ox.contains_named_graph(node):
            self._ox.update(f"{_unmerge([str(node)])} ;\nDROP GRAPH {node}")

    def graphs(self) -> list[str]:
        return sorted(term_value(g) or "" for g in self._ox.named_graphs())

    def triple_count(self) -> int:
        """Quads in the named graphs (the merge in the default graph not counted)."""
        if self._union:  # a store written before the merge: nothing in the default graph
            return len(self._ox)
        merged = next(iter(self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return len(self._ox) - int(merged["n"].value)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (the default graph is their merge: not repeated)."""
        for graph in sorted(self._ox.named_graphs(), key=str):
            yield from self._ox.quads_for_pattern(None, None, None, graph)

    def flush(self) -> None:
        if not self.read_only:
            self._ox.flush()

    def compact_after_load(self, loaded: int) -> bool:
        """Compact (RocksDB) once ``loaded`` bulk-loaded graphs are a quarter of the store or more.

        Bulk loads leave files that the store's background compaction had not merged yet
        when the writer closed: queries then took 1.6-4x as long (``members`` and
        ``officials`` on 1,000 and 10,000 articles) until a full compaction (0.7 s of CPU
        time at 1,000 articles, 6.8 s at 10,000). That compaction rewrites the whole store,
        so a small ingest into a large store skips it.
        """
        if self.read_only or self.spec == "memory" or loaded * 4 < len(self.graphs()):
            return False
        try:
            self._ox.optimize()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot compact store {self.spec}: {_first_line(str(exc))}") from None
        return True

    def close(self) -> None:
        """Flush and release the directory lock (pyoxigraph closes when the object is freed)."""
        if not isinstance(self._ox, _Closed):
            self.flush()
            self._dataset = None
            self._ox = _Closed(self.spec)  # type: ignore[assignment]


GENID = "https://w3id.org/accordgraph/id/.well-known/genid/"  # skolem IRIs (RDF 1.1, 3.5)


def parse_triples(text: str, graph_iri: str = "") -> list[ox.Triple]:
    """The triples of N-Triples (or Turtle) text, blank nodes replaced by fresh skolem IRIs.

    >>> [str(t) for t in parse_triples('<https://example.org/a> <https://example.org/b> "c" .')]
    ['<https://example.org/a> <https://example.org/b> "c"']
    """
    data = text.encode("utf-8")
    try:
        quads = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
    except SyntaxError:  # Turtle shorthand, or an error Turtle's parser reports as well
        try:
            quads = list(ox.parse(data, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
        except SyntaxError as exc:
            raise StoreError(f"cannot load graph {graph_iri}: {_first_line(str(exc))}") from None

    def skolem(term: Any) -> Any:
        return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term

    return [ox.Triple(skolem(q.subject), q.predicate, skolem(q.object)) for q in quads]


class _Closed:
    """Stands in for a closed pyoxigraph store: any use is a clear error."""

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def __getattr__(self, name: str) -> Any:
        raise StoreError(f"store {self.spec} is closed")


def printable_path(path: str | Path) -> str:
    """A path as printable text: bytes that are not UTF-8 shown as U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _remove_unfinished_bulk_files(path: Path) -> None:
    """Delete the files a bulk load killed before its ingestion left (``bulk-*.sst``):
    the store never reads them, they only take disk space."""
    for leftover in path.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


def _open_read_only(path: Path, attempts: int = 8) -> ox.Store:
    """Open read-only; retry while a writer's compaction removes files the reader wanted."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as exc:
            if "No such file" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _with_timeout(run: Any, timeout: float) -> Table:
    """Run ``run()`` in a worker thread; give up waiting after ``timeout`` seconds.

    Embedded Oxigraph cannot cancel a query, so a query that times out keeps its
    (daemon) thread busy until it ends or the process exits.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # handed back to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="accordgraph-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint, spoken to with plain HTTP (urllib).

    For an Oxigraph server base URL (``http://host:7878``) the query endpoint is
    ``/query``, updates go to ``/update`` and the query asks for the union default
    graph; an explicit ``.../query`` URL gets ``.../update`` beside it; any other URL
    is used for both queries and updates, and its default graph is whatever that
    endpoint makes it (configure it as the union of named graphs, as accordgraph
    stores every article in its own graph).

    Credentials in the URL (``https://user:password@host/...``) are sent as HTTP Basic
    authentication and kept out of every message.

    Plain HTTP rather than rdflib's SPARQLUpdateStore: one request per graph written
    (``DROP SILENT GRAPH``; ``INSERT DATA``, applied atomically by the endpoint), results
    parsed by pyoxigraph, and no ``default-graph-uri`` trap (rdflib #2609).

    >>> RemoteStore("http://127.0.0.1:7878").update_url
    'http://127.0.0.1:7878/update'
    """

    def __init__(self, url: str, *, read_only: bool = False):
        self.read_only = read_only
        parts = urlsplit(url)
        self.headers: dict[str, str] = {}
        if parts.username is not None:  # http://user:password@host/...: HTTP Basic authentication
            import base64

            login = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(login).decode("ascii")
            host = parts.hostname or ""
            netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
            url = urlunsplit(parts)
        self.spec = url  # never the password: the spec appears in messages
        path = parts.path.rstrip("/")
        if path == "":
            self.query_url = urlunsplit(parts._replace(path="/query"))
            self.update_url = urlunsplit(parts._replace(path="/update"))
            self.union_param = True
        elif path.endswith("/query"):
            self.query_url = url
            self.update_url = urlunsplit(parts._replace(path=path[: -len("query")] + "update"))
            self.union_param = True
        else:
            self.query_url = self.update_url = url
            self.union_param = False

    def _query_target(self) -> str:
        """The query URL, asking an Oxigraph server for the union default graph."""
        if not self.union_param:
            return self.query_url
        return self.query_url + ("&" if "?" in self.query_url else "?") + "union-default-graph"

    def _post(
        self, url: str, body: bytes, content_type: str, accept: str, timeout: float | None
    ) -> tuple[bytes, str]:
        where = url.split("?", 1)[0]
        headers = {**self.headers, "Content-Type": content_type, "Accept": accept}
        from urllib.error import HTTPError, URLError  # imported here: embedded stores need no HTTP
        from urllib.request import Request, urlopen

        request = Request(url, data=body, method="POST", headers=headers)
        try:
            with urlopen(request, timeout=timeout or REMOTE_TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except HTTPError as exc:
            detail = _first_line(exc.read().decode("utf-8", "replace"))
            if exc.code == 400:
                raise QueryError(f"the endpoint refused the request: {detail}") from None
            raise StoreError(f"SPARQL endpoint {where} answered HTTP {exc.code}: {detail}") from None
        except TimeoutError:
            if timeout:
                raise QueryError(f"query timed out after {timeout:g} s") from None
            raise StoreError(f"SPARQL endpoint {where} did not answer within {REMOTE_TIMEOUT:g} s") from None
        except URLError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {where}: {exc.reason}") from None
        except OSError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {where}: {exc}") from None

    def query(self, sparql: str, *, timeout: float | None = None) -> Table:
        url = self._query_target()
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        body, content_type = self._post(
            url, sparql.encode("utf-8"), "application/sparql-query", accept, timeout
        )
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
                return results_table(parsed)
            if media in ("application/n-triples", "text/plain"):
                return results_table(t.triple for t in ox.parse(body, ox.RdfFormat.N_TRIPLES))
            if media in ("text/turtle", "application/x-turtle"):
                return results_table(t.triple for t in ox.parse(body, ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"SPARQL endpoint sent unreadable results: {_first_line(str(exc))}") from None
        raise StoreError(
            f"SPARQL endpoint sent results as {media or 'an unknown type'}, which accordgraph cannot read"
        )

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._post(self.update_url, sparql.encode("utf-8"), "application/sparql-update", "*/*", None)

    def replace_graph(
        self, graph_iri: str, graph: rdflib.Graph | str, *, also_remove: Iterable[str] = ()
    ) -> None:
        self.update(_replace_update(graph_iri, graph_text(graph), also_remove))

    def quads(self) -> Iterator[ox.Quad]:
        url = self._query_target()
        sparql = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
        body, _ = self._post(
            url, sparql.encode(), "application/sparql-query", "application/sparql-results+json", None
        )
        for row in ox.parse_query_results(body, ox.QueryResultsFormat.JSON):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])


def is_remote(spec: str | Path) -> bool:
    return isinstance(spec, str) and spec.lower().startswith(("http://", "https://"))


def open_store(spec: str | Path = DEFAULT_STORE, *, read_only: bool = False, create: bool = True) -> Store:
    """Open a store: a directory path, ``"memory"``, or an ``http(s)://`` SPARQL endpoint.

    Read-only opening works while another process writes; a second writer gets
    StoreBusyError; a missing directory opened read-only gets StoreError.
    """
    if not str(spec).strip():
        raise StoreError("no store named (--store is empty)")
    if is_remote(spec):
        try:
            return RemoteStore(str(spec), read_only=read_only)
        except ValueError as exc:
            shown = re.sub(r"//[^/@]*@", "//", str(spec))  # no credentials in messages
            raise StoreError(f"invalid store URL {shown!r}: {exc}") from None
    if str(spec) == "memory":
        return OxigraphStore(None, read_only=False)
    return OxigraphStore(Path(spec), read_only=read_only, create=create)

"""The ``accordgraph`` command line: a thin click layer over the library.

This is the only module that imports click. Library errors (AccordgraphError) become
one line on stderr, ``Error: <message>``, and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import click

from .errors import AccordgraphError

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into ``Error: ...`` and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AccordgraphError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            sys.exit(130)

    return wrapper


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store PATH|memory|http://...``, defaulting to $ACCORDGRAPH_STORE, then graph/store."""
    return click.option(
        "--store",
        "store_spec",
        envvar="ACCORDGRAPH_STORE",
        default="graph/store",
        show_default=True,
        metavar="PATH|memory|URL",
        help="Store: a directory (embedded Oxigraph), 'memory', or a SPARQL 1.1 endpoint URL."
        " Also $ACCORDGRAPH_STORE.",
    )(func)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|csv|tsv|json|jsonl`` for commands that print rows."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="accordgraph")
def main() -> None:
    """Turn news about diplomacy into a knowledge graph of nations and their spokespeople.

    \b
    Quick start:
      accordgraph build                 # graph/ -> graph/store
      accordgraph query candidates      # who was named as a likely next member
      accordgraph rank                  # candidates by centrality
      accordgraph view --open           # the interactive network
    """


# ---------------------------------------------------------------- validate (reliability engineer)


@main.command()
@store_option
@format_option
@handle_errors
def validate(store_spec: str, fmt: str) -> None:
    """Check the graph against the SHACL shapes in graph/shapes.ttl.

    Every event needs its participants and its evidence span, every person who
    represents a country an office term, every country its ISO codes. Prints each
    violation (node, property, message) and exits 1 when there is any.

    \b
    Example:
      accordgraph validate
      accordgraph validate --store graph/store --format csv
    """
    from .output import format_table
    from .store import open_store
    from .validate import validate_store

    with open_store(store_spec, read_only=True, create=False) as store:
        report = validate_store(store)
    if report.conforms and fmt == "table":
        click.echo("The graph conforms to the shapes: no violations.")
        return
    click.echo(format_table(report.table(), fmt), nl=False)
    if not report.conforms:
        n = len(report.violations)
        raise click.ClickException(f"the graph does not conform to the shapes: {n} violation{'s' * (n != 1)}")


# ---------------------------------------------------------------- --jobs for build and ingest (perf engineer)


def jobs_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs N``: extract in N worker processes; this process alone writes, in input order."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        metavar="N",
        help="Extract articles in N worker processes (one writer; the same graph as with 1).",
    )(func)


# ---------------------------------------------------------------- core commands (store engineer)
# build, ingest, query, queries, export, stats: thin over accordgraph.ingest / store / queries.

RDF_EXPORT_FORMATS = ("trig", "nquads", "turtle", "jsonld")
# Network projections for `export` plug in here: format name -> writer(store, binary output).
NETWORK_EXPORTERS: dict[str, Callable[[Any, BinaryIO], None]] = {
    # the nation projection for Gephi / Cytoscape (analysis engineer; see _export_network below)
    "graphml": lambda store, out: _export_network(store, out, "graphml"),
    "gexf": lambda store, out: _export_network(store, out, "gexf"),
}


@contextlib.contextmanager
def progress_reporter(label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress callback drawing a bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def update(done: int, total: int, _what: str) -> None:
            if not bars:
                bar = click.progressbar(length=total, label=label, file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        yield update


def _kind_counts(kinds: Mapping[str, int]) -> str:
    parts = [f"{n} {kind}" for kind, n in kinds.items() if n]
    return f" ({', '.join(parts)})" if parts else ""


@main.command()
@click.option(
    "--graph-dir",
    default="graph",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Directory with ontology.ttl, base/*.ttl and sources/.",
)
@store_option
@jobs_option
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check the built graph against the SHACL shapes (about 1 s per 100 articles).",
)
@handle_errors
def build(graph_dir: Path, store_spec: str, jobs: int, validate: bool) -> None:
    """Build the store from a graph directory: ontology, base layer, every article in sources/.

    A directory store is built beside the old one and swapped in only when complete.

    \b
    Example:
      accordgraph build
      accordgraph build --graph-dir graph --store /tmp/store
      accordgraph build --jobs 2             # extract in 2 worker processes
    """
    from .ingest import build as build_store
    from .output import format_table

    with progress_reporter("Building") as progress:
        summary = build_store(graph_dir, store_spec, progress=progress, jobs=jobs, validate=validate)
    click.echo(f"Built {summary.store} from {graph_dir}")
    click.echo(format_table(summary.table(), "table"), nl=False)
    if summary.violations == 0:
        click.echo("Validated: the graph conforms to the SHACL shapes.")
    elif summary.violations:
        click.echo(f"Validated: {summary.violations} SHACL violations; 'accordgraph validate' lists them.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--facts",
    "facts_path",
    type=click.Path(path_type=Path),
    help="Facts JSONL made elsewhere (see FACTS.md), stored instead of extracting; needs --article.",
)
@click.option(
    "--article",
    "article_path",
    type=click.Path(path_type=Path),
    help="The article the --facts were read from.",
)
@store_option
@jobs_option
@handle_errors
def ingest(
    paths: tuple[Path, ...], facts_path: Path | None, article_path: Path | None, store_spec: str, jobs: int
) -> None:
    """Extract facts from articles (files or directories) and store each in its own graph.

    Ingesting an article again replaces its graph; an edited file replaces its old facts.

    \b
    Example:
      accordgraph ingest news/                 # every .txt/.md/.html under news/
      accordgraph ingest news/ --jobs 2        # extract in 2 worker processes
      accordgraph ingest a.txt b.html --store http://127.0.0.1:7878
      accordgraph ingest --facts a.jsonl --article a.txt
    """
    from .articles import read_article
    from .ingest import ingest_article, ingest_paths, read_facts_for
    from .store import open_store

    if facts_path is not None or article_path is not None:
        if facts_path is None or article_path is None:
            raise click.UsageError("--facts and --article go together")
        if paths:
            raise click.UsageError("give either article PATHS or --facts with --article, not both")
        article = read_article(article_path)
        facts = read_facts_for(facts_path, article)
        with open_store(store_spec) as store:
            results = [ingest_article(store, article, facts)]
            where = store.spec
    elif not paths:
        raise click.UsageError("give article files or directories, or --facts FILE.jsonl --article FILE")
    else:
        with open_store(store_spec) as store, progress_reporter("Ingesting") as progress:
            results = ingest_paths(store, paths, progress=progress, jobs=jobs)
            where = store.spec
    kinds: Counter = Counter()
    for result in results:
        kinds.update(result.kinds)
    n, facts_n = len(results), sum(r.facts for r in results)
    triples = sum(r.triples for r in results)
    click.echo(
        f"Ingested {n} article{'s' * (n != 1)} into {where}: {facts_n} fact{'s' * (facts_n != 1)}"
        f"{_kind_counts(kinds)}, {triples} triples."
    )
    replaced = sum(1 for r in results if r.replaced)
    if replaced:
        click.echo(f"Replaced the facts of an older version of {replaced} article{'s' * (replaced != 1)}.")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    from .limits import PARAM_CHARS

    params: dict[str, str] = {}
    for item in values:
        name, eq, value = item.partition("=")
        if not eq or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="'--param'")
        if len(value) > PARAM_CHARS:
            limit = f"{name}: over the {PARAM_CHARS} character limit"
            raise click.BadParameter(limit, param_hint="'--param'")
        params[name] = value
    return params


def _finite(_ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds", param=param)
    return value


@main.command()
@click.argument("query_name", metavar="NAME|FILE.rq|-", required=False)
@click.option("-e", "--execute", "sparql", metavar="SPARQL", help="SPARQL text to run.")
@click.option("-p", "--param", "param_items", multiple=True, metavar="NAME=VALUE", help="Bind a parameter.")
@format_option
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (opens the store for writing).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE, which fetches from the network.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite,
    metavar="SECONDS",
    help="Give up after this many seconds.",
)
@store_option
@handle_errors
def query(
    query_name: str | None,
    sparql: str | None,
    param_items: tuple[str, ...],
    fmt: str,
    allow_update: bool,
    allow_service: bool,
    timeout: float | None,
    store_spec: str,
) -> None:
    """Run a stored query (see 'accordgraph queries'), a .rq file, SPARQL text (-e) or stdin (-).

    Read-only unless --allow-update; SERVICE is refused unless --allow-service.

    \b
    Example:
      accordgraph query candidates --param agreement="Abraham Accords"
      accordgraph query my.rq --format csv
      accordgraph query -e 'SELECT ?c WHERE { ?c a <https://w3id.org/accordgraph/ontology#Country> }'
    """
    from .articles import decode_text
    from .errors import QueryError
    from .limits import QUERY_BYTES, read_bounded
    from .output import format_table
    from .queries import run_query
    from .store import open_store

    if (query_name is None) == (sparql is None):
        raise click.UsageError("give a query NAME, FILE.rq or -, or SPARQL text with -e (one of them)")
    params = _parse_params(param_items)
    if query_name == "-":
        data = read_bounded(sys.stdin.buffer, QUERY_BYTES, "<stdin>", QueryError)
        sparql = decode_text(data, "<stdin>")
    text = sparql if sparql is not None else query_name
    with open_store(store_spec, read_only=not allow_update, create=False) as store:
        table = run_query(
            store, text, params, allow_update=allow_update, allow_service=allow_service, timeout=timeout
        )
    click.echo(format_table(table, fmt), nl=False)


@main.command("queries")
@format_option
@handle_errors
def list_queries(fmt: str) -> None:
    """List the stored queries: name, title and parameters (NAME=default, NAME? optional).

    \b
    Example:
      accordgraph queries
      accordgraph queries --format json
    """
    from .output import Table, format_table
    from .queries import load_library

    library = load_library()
    rows = [(q.name, q.title, " ".join(str(p) for p in q.param_specs)) for q in library.values()]
    click.echo(format_table(Table(["name", "title", "params"], rows), fmt), nl=False)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*RDF_EXPORT_FORMATS, *NETWORK_EXPORTERS]),
    default="trig",
    show_default=True,
    help="trig/nquads/jsonld keep the named graphs; turtle is their union.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@store_option
@handle_errors
def export(fmt: str, output: Path | None, store_spec: str) -> None:
    """Write the whole graph as RDF (to stdout, or a file written only when complete).

    \b
    Example:
      accordgraph export --format trig -o graph.trig
      accordgraph export --format turtle | head
    """
    from .store import open_store

    with open_store(store_spec, read_only=True, create=False) as store:
        writer = NETWORK_EXPORTERS.get(fmt) or (lambda s, out: s.export(fmt, out))
        if output is None:
            stdout = sys.stdout.buffer
            writer(store, stdout)
            stdout.flush()
            return
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("wb") as out:
                writer(store, out)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    click.echo(f"Wrote {output}", err=True)


@main.command()
@format_option
@store_option
@handle_errors
def stats(fmt: str, store_spec: str) -> None:
    """Count what the store holds: articles, facts by kind, triples, named graphs.

    \b
    Example:
      accordgraph stats
      accordgraph stats --store http://127.0.0.1:7878 --format json
    """
    from .ingest import summarize
    from .output import format_table
    from .store import open_store

    with open_store(store_spec, read_only=True, create=False) as store:
        summary = summarize(store)
    click.echo(format_table(summary.table(), fmt), nl=False)


# ------------------------------------------------- rank, view, network export (analysis engineer)
# Thin over accordgraph.network (projection), metrics (ranking) and render (the HTML view).

MEASURE_CHOICES = ("combined", "pagerank", "proximity", "betweenness", "degree", "harmonic")


def agreement_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--agreement NAME``: whose members and candidates to look at."""
    return click.option(
        "--agreement",
        default="Abraham Accords",
        show_default=True,
        metavar="NAME",
        help="The agreement or bloc whose candidates and members to look at (its name, any case).",
    )(func)


def _export_network(store: Any, out: BinaryIO, fmt: str) -> None:
    """``export --format graphml|gexf``: the nation projection (Abraham Accords statuses if known)."""
    from .network import project_network, write_network

    try:
        graph = project_network(store)
    except AccordgraphError:  # no such agreement in this store: plain nation graph
        graph = project_network(store, None)
    write_network(graph, out, fmt)


@main.command()
@agreement_option
@click.option(
    "--measure",
    type=click.Choice(MEASURE_CHOICES),
    default="combined",
    show_default=True,
    help="Sort by this measure; combined is the mean of the candidate's ranks over all five.",
)
@format_option
@store_option
@handle_errors
def rank(agreement: str, measure: str, fmt: str, store_spec: str) -> None:
    """Rank the candidate members of an agreement by their centrality in the nation graph.

    Candidates are countries named as likely members that have not joined. Columns:
    PageRank, proximity (PageRank restarting at the members), betweenness, weighted
    degree (events), harmonic closeness, the combined rank (mean of ranks), and the
    strongest relations behind the score.

    \b
    Example:
      accordgraph rank
      accordgraph rank --measure proximity --format csv
      accordgraph rank --agreement NATO --format json
    """
    from .metrics import rank_candidates
    from .network import project_for_ranking
    from .output import format_table
    from .store import open_store

    with open_store(store_spec, read_only=True, create=False) as store:
        graph = project_for_ranking(store, agreement)  # counts, and the candidates' evidence only
    table = rank_candidates(graph, measure)
    if not table.rows and fmt == "table":
        name = graph.graph["agreement_name"]
        click.echo(f"No candidates for {name}: no country named for it that is not already a member.")
        return
    click.echo(format_table(table, fmt), nl=False)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph") / "view.html",
    show_default=True,
    help="Where to write the HTML file.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the view in the default browser.")
@click.option("--people", is_flag=True, help="Show persons too, linked to the countries they represent.")
@click.option("--focus", metavar="ISO3", help="Only this country and its direct neighbours.")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N most central nodes.")
@agreement_option
@store_option
@handle_errors
def view(
    output: Path,
    open_browser: bool,
    people: bool,
    focus: str | None,
    top: int | None,
    agreement: str,
    store_spec: str,
) -> None:
    """Draw the nation graph as one interactive HTML file that works offline.

    Countries are coloured by status and sized by centrality; hover over a country or a
    link for the sentences and articles behind it.

    \b
    Example:
      accordgraph view --open
      accordgraph view --people --focus SYR -o syria.html
      accordgraph view --top 30
    """
    from .network import add_sentences, project_network
    from .render import write_view
    from .store import open_store

    with open_store(store_spec, read_only=True, create=False) as store:
        # sentences are read for the evidence the tooltips show, not for every event
        graph = project_network(store, agreement, people=people, sentences=False)
        summary = write_view(
            graph, output, focus=focus, top=top, fill_evidence=lambda items: add_sentences(store, items)
        )
    click.echo(
        f"Wrote the view to {summary.path}: {summary.nodes} nodes, {summary.edges} links"
        f" ({summary.size:,} bytes). Open {summary.path.resolve().as_uri()} in a browser."
    )
    if open_browser:
        click.launch(summary.path.resolve().as_uri())


# ---------------------------------------------------------------- extract, evaluate (extraction engineer)
# Thin over accordgraph.extract (the engine) and accordgraph.evaluate (FACTS.md scoring).

EXTRACT_FORMATS = ("jsonl", "table", "turtle")


def _read_extract_input(file: str) -> Any:
    """The article named FILE, or standard input for ``-``."""
    from .articles import MAX_ARTICLE_BYTES, Article, decode_text, read_article
    from .errors import ArticleError

    if file != "-":
        return read_article(file)
    data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"<stdin>: over the {MAX_ARTICLE_BYTES} byte limit for one article")
    return Article(text=decode_text(data, "<stdin>"))


def _facts_table(facts: list[Any]) -> Any:
    from .output import Table

    rows = []
    for f in facts:
        d = f.to_dict()
        kind = d["kind"]
        if kind == "joined":
            row = (d["country"], d["agreement"], None)
        elif kind == "said":
            row = (d["speaker"], d["quote"] if d["quote"] is not None else "(reported speech)", None)
        elif kind == "met":
            row = (", ".join(d["participants"]), d["mode"], d["facilitator"])
        elif kind == "holds_office":
            row = (d["person"], d["office"], d["country"])
        elif kind == "named_candidate":
            row = (d["country"], d["by"], d["agreement"])
        else:
            row = (d["visitor"], d["host"], None)
        ev = d.get("evidence") or {}
        rows.append((kind, *row, f"{ev.get('start')}-{ev.get('end')}" if ev else None))
    return Table(["kind", "subject", "object", "detail", "evidence"], rows)


@main.command()
@click.argument("file", metavar="FILE|-")
@click.option(
    "--format", "fmt", type=click.Choice(EXTRACT_FORMATS), default="jsonl", show_default=True,
    help="jsonl: one FACTS.md object a line; table: for reading; turtle: the article's RDF.",
)
@handle_errors
def extract(file: str, fmt: str) -> None:
    """Print the facts of one article (a .txt/.md/.html file, or - for standard input).

    Facts come in the order of their evidence, each with the character span of the
    sentence it was read from. Nothing is stored.

    \b
    Examples:
      accordgraph extract graph/sources/kazakhstan-joins-abraham-accords.txt
      accordgraph extract article.txt --format table
      cat article.txt | accordgraph extract - --format turtle
    """
    from .extract import extract_article
    from .output import format_table

    article = _read_extract_input(file)
    if not article.text.strip():
        click.echo(f"note: {file if file != '-' else '<stdin>'} is empty: no facts", err=True)
        return
    facts = extract_article(article)
    if fmt == "jsonl":
        from .facts import write_facts

        write_facts(facts, sys.stdout)
    elif fmt == "table":
        click.echo(format_table(_facts_table(facts), "table"), nl=False)
    else:
        from .rdf import facts_to_graph

        click.echo(facts_to_graph(facts, article).serialize(format="turtle"), nl=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Also list the missed and the spurious facts.")
@handle_errors
def evaluate(directory: Path, verbose: bool) -> None:
    """Score extraction against hand-annotated articles (FACTS.md's matching rules).

    Every DIRECTORY/NAME.txt with a NAME.gold.jsonl beside it is extracted and compared;
    prints precision, recall and F1 per kind and overall.

    \b
    Example:
      accordgraph evaluate my-annotated-articles/ -v
    """
    import json

    from .evaluate import evaluate_directory, overall

    problems: list[str] = []
    n, scores = evaluate_directory(directory, problems=problems)
    click.echo(f"{'kind':16} {'gold':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for kind, s in scores.items():
        click.echo(
            f"{kind:16} {s.gold:5} {s.tp:4} {s.fp:4} {s.fn:4} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        )
    if verbose:
        for s in scores.values():
            for g in s.missed:
                click.echo("missed    " + json.dumps(g, ensure_ascii=False))
            for p in s.spurious:
                shown = {k: v for k, v in p.items() if k != "evidence"}
                click.echo("spurious  " + json.dumps(shown, ensure_ascii=False))
    for line in problems:
        click.echo(f"problem: {line}")
    total = overall(scores)
    click.echo(
        f"overall: {n} articles, precision {total.precision:.3f} recall {total.recall:.3f} F1 {total.f1:.3f}"
    )

"""The ``accordgraph`` command line: a thin click layer over the library.

This is the only module that imports click. Library errors (AccordgraphError) become
one line on stderr, ``Error: <message>``, and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

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

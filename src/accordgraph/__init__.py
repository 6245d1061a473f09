"""accordgraph: a knowledge graph of nations and the people who speak for them.

Importing the package is cheap and has no side effects: each name below is loaded
from its module on first use (no rdflib, spaCy or networkx until needed).

>>> import accordgraph
>>> accordgraph.KINDS[0]
'joined'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_API: dict[str, str] = {
    # facts
    "Evidence": "facts", "Fact": "facts", "Joined": "facts", "Said": "facts",
    "Met": "facts", "HoldsOffice": "facts", "NamedCandidate": "facts", "Visit": "facts",
    "KINDS": "facts", "read_facts": "facts", "write_facts": "facts",
    # errors
    "AccordgraphError": "errors", "FactError": "errors", "ArticleError": "errors",
    "StoreError": "errors", "StoreBusyError": "errors", "QueryError": "errors",
    # articles and extraction
    "Article": "articles", "read_article": "articles",
    "extract_text": "extract", "extract_article": "extract",
    # RDF, store, ingest, queries
    "facts_to_graph": "rdf",
    "open_store": "store",
    "ingest_article": "ingest", "ingest_paths": "ingest", "build": "ingest",
    "run_query": "queries", "load_library": "queries",
    # analysis and views
    "project_network": "network", "rank_candidates": "metrics", "write_view": "render",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'accordgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))

"""The documented size limits on what accordgraph reads, and a bounded reader.

Inputs come from the open web and from users' clipboards; each kind has a limit far
above any honest input, so a runaway file is refused with a clear message instead of
exhausting memory (see docs/bad-input.md).

>>> import io
>>> read_bounded(io.BytesIO(b"abc"), 3, "query.rq")
b'abc'
>>> read_bounded(io.BytesIO(b"abcd"), 3, "query.rq")
Traceback (most recent call last):
...
accordgraph.errors.AccordgraphError: query.rq: over the 3 byte limit
"""

from __future__ import annotations

from typing import BinaryIO

from .errors import AccordgraphError

MiB = 1024 * 1024

#: one article file, or an article read from stdin (20 MiB; a long news article is ~50 KB)
ARTICLE_BYTES = 20 * MiB
#: one facts JSON Lines file (about 300,000 facts)
FACTS_BYTES = 100 * MiB
#: one metadata sidecar NAME.meta.json
METADATA_BYTES = 1 * MiB
#: one SPARQL query, from a file, -e or stdin
QUERY_BYTES = 1 * MiB
#: one --param value, in characters
PARAM_CHARS = 10_000

LIMITS = {
    "article file or stdin": ARTICLE_BYTES,
    "facts JSONL file": FACTS_BYTES,
    "metadata sidecar": METADATA_BYTES,
    "SPARQL query": QUERY_BYTES,
    "--param value (characters)": PARAM_CHARS,
}


def read_bounded(
    stream: BinaryIO, limit: int, name: str, error: type[AccordgraphError] = AccordgraphError
) -> bytes:
    """Read a whole stream, refusing one longer than ``limit`` bytes without reading it all."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise error(f"{name}: over the {limit} byte limit")
    return data

"""Reading articles: text from .txt/.md/.html files, metadata from a JSON sidecar.

An article's identity is the SHA-256 of its text, so its IRI (and named graph)
changes when the text changes and is the same wherever the file lives.

>>> a = Article(text="Kazakhstan joined the Abraham Accords.")
>>> a.content_hash[:12]
'09ae9fc8ad7c'
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import AccordgraphError, ArticleError
from .limits import ARTICLE_BYTES as MAX_ARTICLE_BYTES
from .limits import METADATA_BYTES

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Article:
    """The text of one article and what is known about it."""

    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None  # where it came from: a URL or a description
    path: str | None = None  # the file it was read from, if any
    extra: dict = field(default_factory=dict, compare=False)

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """What identifies 'the same article' across edits: its file path, else its hash."""
        return self.path or self.content_hash

    @property
    def display_title(self) -> str:
        """The title, else the first line of the text."""
        if self.title:
            return self.title
        first = self.text.strip().split("\n", 1)[0].strip()
        return first[:120] or (Path(self.path).name if self.path else "untitled")


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (BOM allowed); on failure say where: ``a.txt: not UTF-8 text (byte 12)``."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise ArticleError(f"{name}: binary file, not text (NUL byte at byte {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def read_text_file(
    path: Path, limit: int, what: str, error: type[AccordgraphError] = ArticleError, name: str | None = None
) -> str:
    """The UTF-8 text of an existing file within ``limit`` bytes, or one-line ``error``s.

    ``what`` completes "over the N byte limit for ...", ``name`` is how messages name the file.
    """
    name = name or str(path)
    size = path.stat().st_size
    if size > limit:
        raise error(f"{name}: {size} bytes is over the {limit} byte limit for {what}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return decode_text(data, name)
    except ArticleError as exc:
        raise error(str(exc)) from None


# Every pattern stops at the next "<" or at its own closer, so the work grows with the page
# whatever it holds (a page of unclosed tags must not take hours). A "<" inside an attribute
# value ends that tag early: a few stray characters, never a hang.
_TAG = re.compile(r"<[^<>]*>")
_BLOCK = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|article|section|title)\b[^<>]*>", re.I)
_HIDDEN_OPEN = re.compile(r"<!--|<(script|style)\b", re.I)
_HIDDEN_CLOSE = {
    "--": re.compile(r"-->"),
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
}


def _drop_hidden(markup: str) -> str:
    """Remove comments, scripts and styles; one left open runs to the end, as in a browser.

    >>> _drop_hidden("a<script>x()</script>b<!-- c -->d<style>e")
    'abd'
    """
    kept, i = [], 0
    while (m := _HIDDEN_OPEN.search(markup, i)) is not None:
        kept.append(markup[i : m.start()])
        close = _HIDDEN_CLOSE[(m[1] or "--").lower()].search(markup, m.end())
        if close is None:
            return "".join(kept)
        i = close.end()
    kept.append(markup[i:])
    return "".join(kept)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one paragraph a line.

    >>> html_to_text("<h1>Talks</h1><p>Kazakhstan <b>joins</b> &amp; signs.<script>x()</script>")
    'Talks\\nKazakhstan joins & signs.'
    """
    markup = _BLOCK.sub("\n", _drop_hidden(markup))
    text = html.unescape(_TAG.sub("", markup))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def read_metadata(path: Path) -> dict:
    """The sidecar ``NAME.meta.json`` beside ``NAME.txt``, or {} when there is none."""
    meta_path = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if not meta_path.is_file():
        return {}
    text = read_text_file(meta_path, METADATA_BYTES, "metadata", name=meta_path.name)
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{meta_path.name}: metadata is not valid JSON (line {exc.lineno})") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{meta_path.name}: metadata must be a JSON object")
    return meta


def path_text(path: Path) -> str:
    """A path as valid Unicode text (it goes into RDF literals): the bytes of a file name
    that is not UTF-8 are written as ``\\xNN``.

    >>> path_text(Path(os.fsdecode(b"/news/caf\\xe9.txt")))
    '/news/caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_article(path: str | Path) -> Article:
    """Read one article file (and its sidecar), raising ArticleError with a clear message."""
    p = Path(path)
    if not p.exists():
        raise ArticleError(f"{p}: no such file")
    if p.is_dir():
        raise ArticleError(f"{p}: is a directory, not an article file")
    text = read_text_file(p, MAX_ARTICLE_BYTES, "one article")
    if p.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    meta = read_metadata(p)
    source = meta.get("url") or meta.get("source")
    return Article(
        text=text,
        title=_str_or_none(meta.get("title")),
        date=_str_or_none(meta.get("date")),
        source=_str_or_none(source),
        path=path_text(p.resolve()),
        extra={k: v for k, v in meta.items() if k not in {"title", "date", "url", "source"}},
    )


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def find_articles(paths: list[str | Path]) -> list[Path]:
    """Expand files and directories into article files, sorted, each once."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(
                sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in ARTICLE_SUFFIXES)
            )
        elif p.exists():
            found.append(p)
        else:
            raise ArticleError(f"{p}: no such file or directory")
    seen: set[Path] = set()
    unique = []
    for p in found:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(p)
    return unique

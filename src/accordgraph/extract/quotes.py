"""Finding quotations in a paragraph: curly, straight double and UK-style single quotes.

Single quotes are told from apostrophes by what is on either side: ``don't`` and
``Trump's`` have letters on both sides; an opening quote follows a space or the start
of the paragraph, a closing one precedes a space, punctuation or the end.

>>> text = "'We don't know,' he said. \\"It's done,\\" she said."
>>> [text[q.start:q.end] for q in find_quotes(text)]
["We don't know,", "It's done,"]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'"}
_DOUBLE = re.compile(r"[\u201c\u201d\"]")
_SINGLE = re.compile(r"[\u2018\u2019']")
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "&",
        "–",
        "—",
    ]
)


@dataclass(frozen=True)
class Quote:
    """The text inside the marks is ``[start, end)``; ``open_at``/``close_at`` are the marks."""

    start: int
    end: int
    open_at: int
    close_at: int  # == end when the quote runs to the end of the paragraph unclosed


def _double_quotes(text: str, base: int) -> list[Quote]:
    found: list[Quote] = []
    open_at: int | None = None
    open_char = ""
    for m in _DOUBLE.finditer(text):
        ch, i = m.group(), m.start()
        if open_at is None:
            if ch == "\u201d":
                continue  # a stray closing mark
            open_at, open_char = i, ch
        elif (open_char == '"' and ch == '"') or (open_char == "\u201c" and ch in '\u201d"'):
            found.append(Quote(base + open_at + 1, base + i, base + open_at, base + i))
            open_at = None
        elif ch == "\u201c":  # a new opening mark: the last quote was never closed
            open_at = i
    if open_at is not None:
        end = len(text.rstrip())
        if end > open_at + 1:
            found.append(Quote(base + open_at + 1, base + end, base + open_at, base + end))
    return found


def _is_open_single(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{\u2014\u2013-:") and not after.isspace()


def _is_close_single(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return False  # an apostrophe inside a word
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]}\u2014\u2013-'\u2019\"")


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of "inside one of the spans [a, b)" in log time, so a paragraph of thousands
    of quotation marks is not quadratic.

    >>> inside = _covered([(5, 9), (0, 3)])
    >>> [i for i in range(10) if inside(i)]
    [0, 1, 2, 5, 6, 7, 8]
    """
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def inside(position: int) -> bool:
        j = bisect.bisect_right(starts, position) - 1
        return j >= 0 and position < reach[j]

    return inside


def _single_quotes(text: str, base: int, taken: list[tuple[int, int]]) -> list[Quote]:
    """Pair opening and closing single marks. Between an opening mark and the next one,
    several marks may close ("the Israelis' demands,' he said"): the closing one is the
    first next to punctuation, else the first."""
    inside = _covered(taken)
    marks = [m.start() for m in _SINGLE.finditer(text) if not inside(base + m.start())]
    found: list[Quote] = []
    k = 0
    while k < len(marks):
        i = marks[k]
        if not _is_open_single(text, i):
            k += 1
            continue
        closes = []
        n = k + 1
        while n < len(marks) and not (
            _is_open_single(text, marks[n]) and not _is_close_single(text, marks[n])
        ):
            if _is_close_single(text, marks[n]):
                closes.append(n)
            n += 1
        if not closes:
            k = n
            continue
        best = next((c for c in closes if _next_to_punctuation(text, marks[c])), closes[0])
        close = marks[best]
        found.append(Quote(base + i + 1, base + close, base + i, base + close))
        k = best + 1
    return found


def _next_to_punctuation(text: str, i: int) -> bool:
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before in _PUNCTUATION or after in _PUNCTUATION or not after


_PUNCTUATION = frozenset(".,;:!?\u2014\u2013")


def find_quotes(paragraph: str, base: int = 0) -> list[Quote]:
    """Quotations in one paragraph, in order; offsets are shifted by ``base``."""
    doubles = _double_quotes(paragraph, base)
    taken = [(q.open_at, q.close_at + 1) for q in doubles]
    singles = _single_quotes(paragraph, base, taken)
    return sorted(doubles + singles, key=lambda q: q.start)


def is_title(quoted: str) -> bool:
    """A short quoted name ('Fox & Friends', 'Abraham Accords') rather than a quotation.

    >>> is_title("Good Morning America."), is_title("Blessed are the peacemakers!")
    (True, False)
    """
    words = re.findall(r"[\w&'\u2019.-]+", quoted)
    if not words or len(words) > 6:
        return False
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def clean_quote(paragraph_text: str, quote: Quote, base: int = 0) -> tuple[int, int]:
    """Trim spaces and a trailing comma from a quotation's span."""
    start, end = quote.start - base, quote.end - base
    while start < end and paragraph_text[start].isspace():
        start += 1
    while end > start and (paragraph_text[end - 1].isspace() or paragraph_text[end - 1] == ","):
        end -= 1
    return start + base, end + base

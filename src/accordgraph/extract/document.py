"""One article analysed: tokens, sentences, quotations and entity mentions.

``analyse(text)`` runs the spaCy pipeline once and turns its phrase matches into
mentions (countries, agreements, places, offices, trigger words) that the rules in
``persons``, ``speech`` and ``events`` read. Sentences are "logical": a sentence
boundary inside a quotation does not end the sentence, so a multi-sentence quotation
stays with its attribution.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .gazetteers import Gazetteers, load_gazetteers
from .pipeline import (
    ACTOR,
    AGREEMENT,
    COUNTRY,
    DEMONYM,
    LEXICON,
    OFFICE,
    PLACE,
    WORD_CATEGORIES,
    load_pipeline,
)
from .quotes import Quote, find_quotes

# Characters that spaCy's tokenizer does not read as an apostrophe, mapped one to one
# (the text keeps its length, so every offset stays valid).
MAX_SENTENCE_TOKENS = 400  # far beyond a real sentence, or a paragraph-long quotation
_ATTRS = ["IDX", "LENGTH", "IS_ALPHA", "IS_SPACE", "IS_PUNCT", "IS_LOWER", "SPACY", "SENT_START", "LOWER"]
_APOSTROPHES = str.maketrans({"\u00b4": "'", "`": "'"})
# spaCy's tokenizer strips affixes off a token one character at a time, rescanning the rest:
# a token thousands of characters long (a run of quote marks) takes time quadratic in its
# length. Runs longer than this are cut by a space put in place of one character, so every
# offset stays valid; no name, title or trigger word is that long.
MAX_TOKEN_CHARS = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS}}}")


def break_long_runs(text: str) -> str:
    """The text with every run of MAX_TOKEN_CHARS non-space characters ending in a space.

    >>> len(break_long_runs('"' * 200).split())
    4
    """
    return _LONG_RUN.sub(lambda m: m.group()[:-1] + " ", text)


@dataclass
class Mention:
    """A phrase in the text: ``kind`` is country, demonym, agreement, place, actor or office."""

    kind: str
    start: int  # token index
    end: int  # token index, exclusive
    value: str  # alpha3, canonical agreement, place "alpha3|type", actor index, office key
    quote: int = -1  # index of the quotation it is inside, or -1


@dataclass
class Sentence:
    """A logical sentence: token range, character range and its quotations."""

    index: int
    start: int
    end: int
    char_start: int
    char_end: int
    paragraph: int
    quotes: list[int] = field(default_factory=list)  # indexes into Document.quotes


@dataclass
class Document:
    text: str
    doc: Any
    gaz: Gazetteers
    sentences: list[Sentence]
    quotes: list[Quote]
    token_quote: list[int]  # per token: quotation index or -1
    token_sentence: list[int]
    entities: list[Mention]  # countries, demonyms, agreements, places, actors (no overlaps)
    offices: list[Mention]
    lexicon: dict[str, list[Mention]]  # category -> mentions
    entity_at: dict[int, Mention]  # token index -> entity covering it
    office_at: dict[int, Mention]
    lex_at: dict[int, set[str]]  # token index -> categories of phrases starting there
    lex_end: dict[tuple[str, int], int]  # (category, start token) -> end token
    # Token attributes as plain lists (reading them from spaCy tokens is slow).
    words: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    idx: list[int] = field(default_factory=list)
    ws: list[str] = field(default_factory=list)
    alpha: list[bool] = field(default_factory=list)
    space: list[bool] = field(default_factory=list)
    punct: list[bool] = field(default_factory=list)
    islower: list[bool] = field(default_factory=list)
    sentence_lex: list[dict[str, list[int]]] = field(default_factory=list)  # per sentence
    name_starts: list[int] = field(default_factory=list)  # tokens that may begin a name or be "he"

    def triggers(self, sentence: Sentence, category: str) -> list[int]:
        """Start tokens of the sentence's phrases of a lexicon category, in order."""
        return self.sentence_lex[sentence.index].get(category, [])

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.words[end - 1])]

    def has(self, category: str, i: int) -> bool:
        if category in WORD_CATEGORIES and self.lower[i] in self.gaz.lexicon[category]:
            return True
        cats = self.lex_at.get(i)
        return cats is not None and category in cats

    def triggers_any(self, sentence: Sentence, category: str) -> bool:
        """Whether the sentence has a word or phrase of the category."""
        if self.sentence_lex[sentence.index].get(category):
            return True
        if category in WORD_CATEGORIES:
            words = self.gaz.lexicon[category]
            return any(self.lower[i] in words for i in range(sentence.start, sentence.end))
        return False

    def lex_span_end(self, category: str, i: int) -> int:
        return self.lex_end.get((category, i), i + 1)


def analyse(text: str) -> Document:
    """Tokenize, match and segment one article."""
    pipe = load_pipeline()
    gaz = load_gazetteers()
    normalised = break_long_runs(text.translate(_APOSTROPHES))
    doc = pipe.nlp(normalised)
    strings = pipe.nlp.vocab.strings

    quotes: list[Quote] = []
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((offset, offset + len(line)))
            quotes.extend(find_quotes(line, offset))
        offset += len(line) + 1

    array = doc.to_array(_ATTRS)
    columns = array.T.tolist() if len(doc) else [[] for _ in _ATTRS]
    idx, lengths, alpha, space, punct, islower, spacy_ws, sent_start, _ = columns
    name_starts = _name_starts(array, strings, gaz) if len(doc) else []
    words = [normalised[i : i + n] for i, n in zip(idx, lengths, strict=True)]
    lower = [w.lower() for w in words]
    ws = [" " if flag else "" for flag in spacy_ws]
    token_quote = _token_quotes(idx, quotes)
    entities, offices, lexicon = _matches(doc, pipe, strings, token_quote)
    starts = [i for i, flag in enumerate(sent_start) if flag == 1]
    sentences = _sentences(starts, text, paragraphs, quotes, words, idx, space)
    token_sentence = [0] * len(doc)
    for s in sentences:
        token_sentence[s.start : s.end] = [s.index] * (s.end - s.start)
    entity_at = {i: m for m in entities for i in range(m.start, m.end)}
    office_at = {i: m for m in offices for i in range(m.start, m.end)}
    lex_at: dict[int, set[str]] = {}
    lex_end: dict[tuple[str, int], int] = {}
    sentence_lex: list[dict[str, list[int]]] = [{} for _ in sentences]
    for category, ms in lexicon.items():
        # Words inside a title or a name ("Secretary of State") are not triggers.
        ms[:] = [
            m
            for m in ms
            if m.start not in office_at and (m.start not in entity_at or category == "deal_noun")
        ]
        for m in ms:
            per = sentence_lex[token_sentence[m.start]].setdefault(category, [])
            if not per or per[-1] != m.start:
                per.append(m.start)
            lex_at.setdefault(m.start, set()).add(category)
            lex_end[(category, m.start)] = max(lex_end.get((category, m.start), 0), m.end)
    for per in sentence_lex:
        for starts in per.values():
            starts.sort()
    return Document(
        text,
        doc,
        gaz,
        sentences,
        quotes,
        token_quote,
        token_sentence,
        entities,
        offices,
        lexicon,
        entity_at,
        office_at,
        lex_at,
        lex_end,
        words,
        lower,
        idx,
        ws,
        alpha,
        space,
        punct,
        islower,
        sentence_lex,
        name_starts,
    )


def _name_starts(array: Any, strings: Any, gaz: Gazetteers) -> list[int]:
    """Tokens that are not lower case, or are a pronoun or a name particle ("bin"), found
    with array operations instead of a Python loop over every token."""
    import numpy as np

    small = np.array(
        [strings.add(w) for w in ("he", "she", *gaz.lexicon.get("name_particle", ()))], dtype=np.uint64
    )
    cased = (array[:, 5] == 0) & (array[:, 4] == 0) & (array[:, 3] == 0)
    return np.flatnonzero(cased | np.isin(array[:, 8], small)).tolist()


def _token_quotes(idx: list[int], quotes: list[Quote]) -> list[int]:
    """Per token, the quotation whose marks enclose it (-1 outside any)."""
    out = [-1] * len(idx)
    for q, quote in enumerate(quotes):
        lo = bisect.bisect_left(idx, quote.start)
        hi = bisect.bisect_left(idx, max(quote.end, quote.start + 1))
        for i in range(lo, hi):
            out[i] = q
    return out


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longest first, then in text order."""
    taken: set[int] = set()
    kept = []
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append((start, end, label))
    return sorted(kept)


_KINDS = {COUNTRY: "country", DEMONYM: "demonym", AGREEMENT: "agreement", PLACE: "place", ACTOR: "actor"}


def _matches(
    doc: Any, pipe: Any, strings: Any, token_quote: list[int]
) -> tuple[list[Mention], list[Mention], dict[str, list[Mention]]]:
    labels = _labels(strings)
    names = [(s, e, labels(m)) for m, s, e in pipe.names(doc)]
    entities = []
    for s, e, label in _longest(names):
        prefix, value = label.split("|", 1)
        entities.append(Mention(_KINDS[prefix], s, e, value, token_quote[s]))
    offices: list[tuple[int, int, str]] = []
    lexicon: dict[str, list[Mention]] = {}
    for m, s, e in pipe.words(doc):
        prefix, value = labels(m).split("|", 1)
        if prefix == OFFICE:
            offices.append((s, e, value))
        elif prefix == LEXICON:
            lexicon.setdefault(value, []).append(Mention("lexicon", s, e, value, token_quote[s]))
    office_mentions = [Mention("office", s, e, v, token_quote[s]) for s, e, v in _longest(offices)]
    return entities, office_mentions, lexicon


def _labels(strings: Any) -> Any:
    """Match label text by match id, looked up once per label per process."""
    cache = _LABELS.setdefault(id(strings), {})

    def label(match_id: int) -> str:
        text = cache.get(match_id)
        if text is None:
            text = cache[match_id] = strings[match_id]
        return text

    return label


_LABELS: dict[int, dict[int, str]] = {}


def _sentences(
    starts: list[int],
    text: str,
    paragraphs: list[tuple[int, int]],
    quotes: list[Quote],
    words: list[str],
    idx: list[int],
    space: list[bool],
) -> list[Sentence]:
    """spaCy's sentences, split at line breaks and joined where a boundary is inside a quotation."""
    n = len(words)
    breaks = [i for i, flag in enumerate(space) if flag and "\n" in words[i]]
    bounds = sorted({c for c in (*starts, *breaks, *(i + 1 for i in breaks)) if 0 < c < n})
    pieces: list[tuple[int, int]] = []
    prev = 0
    for c in [*bounds, n]:
        if c > prev:
            pieces.append((prev, c))
        prev = c
    pieces = [(s, e) for s, e in pieces if not all(space[i] for i in range(s, e))]
    # The sentencizer leaves an opening quotation mark with the sentence before it.
    open_marks = {q.open_at for q in quotes}
    for k in range(len(pieces) - 1):
        s, e = pieces[k]
        ns, ne = pieces[k + 1]
        if ns != e:
            continue
        while e - 1 > s and idx[e - 1] in open_marks:
            e -= 1
        pieces[k], pieces[k + 1] = (s, e), (e, ne)

    opens = [q.open_at for q in quotes]

    def inside_quote(char: int) -> bool:
        k = bisect.bisect_left(opens, char) - 1
        return k >= 0 and quotes[k].open_at < char < quotes[k].close_at

    merged: list[list[int]] = []
    for s, e in pieces:
        boundary = idx[s]
        if merged and inside_quote(boundary) and "\n" not in text[idx[merged[-1][1] - 1] : boundary]:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    # Text without sentence punctuation would make one huge "sentence", and the rules,
    # which look around each trigger within its sentence, quadratic: cut it up.
    bounded: list[list[int]] = []
    for s, e in merged:
        while e - s > MAX_SENTENCE_TOKENS:
            bounded.append([s, s + MAX_SENTENCE_TOKENS])
            s += MAX_SENTENCE_TOKENS
        bounded.append([s, e])
    merged = bounded

    paragraph_starts = [p[0] for p in paragraphs]
    out: list[Sentence] = []
    qi = 0
    for index, (s, e) in enumerate(merged):
        while e > s and space[e - 1]:
            e -= 1
        cs, ce = idx[s], idx[e - 1] + len(words[e - 1])
        para = bisect.bisect_right(paragraph_starts, cs) - 1
        sentence = Sentence(index, s, e, cs, ce, para)
        while qi < len(quotes) and quotes[qi].open_at < ce:
            if quotes[qi].open_at >= cs:
                sentence.quotes.append(qi)
            qi += 1
        out.append(sentence)
    return out

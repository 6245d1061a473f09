"""One article analysed: tokens, sentences, quotations and entity mentions.

``analyse(text)`` runs the spaCy pipeline once and turns its phrase matches into
mentions (countries, agreements, places, offices, trigger words) that the rules in
``persons``, ``speech`` and ``events`` read. Sentences are "logical": a sentence
boundary inside a quotation does not end the sentence, so a multi-sentence quotation
stays with its attribution.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass, field
from typing import Any

from .gazetteers import Gazetteers, load_gazetteers
from .pipeline import ACTOR, AGREEMENT, COUNTRY, DEMONYM, LEXICON, OFFICE, PLACE, load_pipeline
from .quotes import Quote, find_quotes

# Characters that spaCy's tokenizer does not read as an apostrophe, mapped one to one
# (the text keeps its length, so every offset stays valid).
_APOSTROPHES = str.maketrans({"\u00b4": "'", "`": "'"})


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

    def tok_text(self, i: int) -> str:
        return self.doc[i].text

    def span_text(self, start: int, end: int) -> str:
        doc = self.doc
        return self.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]

    def char_start(self, i: int) -> int:
        return self.doc[i].idx

    def char_end(self, i: int) -> int:
        tok = self.doc[i]
        return tok.idx + len(tok.text)

    def has(self, category: str, i: int) -> bool:
        cats = self.lex_at.get(i)
        return cats is not None and category in cats

    def lex_span_end(self, category: str, i: int) -> int:
        return self.lex_end.get((category, i), i + 1)


def analyse(text: str) -> Document:
    """Tokenize, match and segment one article."""
    pipe = load_pipeline()
    gaz = load_gazetteers()
    doc = pipe.nlp(text.translate(_APOSTROPHES))
    strings = pipe.nlp.vocab.strings

    quotes: list[Quote] = []
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((offset, offset + len(line)))
            quotes.extend(find_quotes(line, offset))
        offset += len(line) + 1

    token_quote = _token_quotes(doc, quotes)
    entities, offices, lexicon = _matches(doc, pipe, strings, token_quote)
    sentences = _sentences(doc, text, paragraphs, quotes)
    token_sentence = [0] * len(doc)
    for s in sentences:
        for i in range(s.start, s.end):
            token_sentence[i] = s.index
    entity_at = {i: m for m in entities for i in range(m.start, m.end)}
    office_at = {i: m for m in offices for i in range(m.start, m.end)}
    lex_at: dict[int, set[str]] = {}
    lex_end: dict[tuple[str, int], int] = {}
    for category, ms in lexicon.items():
        # Words inside a title or a name ("Secretary of State") are not triggers.
        ms[:] = [
            m for m in ms
            if m.start not in office_at and (m.start not in entity_at or category == "deal_noun")
        ]
        for m in ms:
            lex_at.setdefault(m.start, set()).add(category)
            lex_end[(category, m.start)] = max(lex_end.get((category, m.start), 0), m.end)
    return Document(
        text, doc, gaz, sentences, quotes, token_quote, token_sentence, entities, offices,
        lexicon, entity_at, office_at, lex_at, lex_end,
    )


def _token_quotes(doc: Any, quotes: list[Quote]) -> list[int]:
    """Per token, the quotation whose marks enclose it (-1 outside any)."""
    out = [-1] * len(doc)
    if not quotes:
        return out
    q = 0
    for tok in doc:
        while q < len(quotes) and quotes[q].close_at < tok.idx:
            q += 1
        if q == len(quotes):
            break
        if quotes[q].start <= tok.idx < max(quotes[q].end, quotes[q].start + 1):
            out[tok.i] = q
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
    names = [(s, e, strings[m]) for m, s, e in pipe.names(doc)]
    entities = []
    for s, e, label in _longest(names):
        prefix, value = label.split("|", 1)
        entities.append(Mention(_KINDS[prefix], s, e, value, token_quote[s]))
    offices: list[tuple[int, int, str]] = []
    lexicon: dict[str, list[Mention]] = {}
    for m, s, e in pipe.words(doc):
        prefix, value = strings[m].split("|", 1)
        if prefix == OFFICE:
            offices.append((s, e, value))
        elif prefix == LEXICON:
            lexicon.setdefault(value, []).append(Mention("lexicon", s, e, value, token_quote[s]))
    office_mentions = [Mention("office", s, e, v, token_quote[s]) for s, e, v in _longest(offices)]
    return entities, office_mentions, lexicon


def _sentences(doc: Any, text: str, paragraphs: list[tuple[int, int]], quotes: list[Quote]) -> list[Sentence]:
    """spaCy's sentences, split at line breaks and joined where a boundary is inside a quotation."""
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    pieces.append((start, tok.i))
                start = tok.i + 1
        if sent.end > start:
            pieces.append((start, sent.end))
    pieces = [(s, e) for s, e in pieces if any(not doc[i].is_space for i in range(s, e))]
    # The sentencizer leaves an opening quotation mark with the sentence before it.
    open_marks = {q.open_at for q in quotes}
    for k in range(len(pieces) - 1):
        s, e = pieces[k]
        ns, ne = pieces[k + 1]
        if ns != e:
            continue
        while e - 1 > s and doc[e - 1].idx in open_marks:
            e -= 1
        pieces[k], pieces[k + 1] = (s, e), (e, ne)

    opens = [q.open_at for q in quotes]

    def inside_quote(char: int) -> bool:
        k = bisect.bisect_left(opens, char) - 1
        return k >= 0 and quotes[k].open_at < char < quotes[k].close_at

    merged: list[list[int]] = []
    for s, e in pieces:
        boundary = doc[s].idx
        if merged and inside_quote(boundary) and "\n" not in text[doc[merged[-1][1] - 1].idx : boundary]:
            merged[-1][1] = e
        else:
            merged.append([s, e])

    paragraph_starts = [p[0] for p in paragraphs]
    out: list[Sentence] = []
    qi = 0
    for index, (s, e) in enumerate(merged):
        while e > s and doc[e - 1].is_space:
            e -= 1
        cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        para = bisect.bisect_right(paragraph_starts, cs) - 1
        sentence = Sentence(index, s, e, cs, ce, para)
        while qi < len(quotes) and quotes[qi].open_at < ce:
            if quotes[qi].open_at >= cs:
                sentence.quotes.append(qi)
            qi += 1
        out.append(sentence)
    return out


"""``said`` facts: direct quotations with their speakers, and reported speech.

A quotation's speaker comes from the nearest speech verb in its sentence (before it
when the quotation is inside the sentence, after it when the quotation opens the
sentence); a quotation with no attribution continues the previous quotation of the
paragraph ("A," X said. "B."), or takes the speaker of an adjacent sentence that ends
with a colon or is a bare attribution.
"""

from __future__ import annotations

from ..facts import Evidence, Said
from .context import Context
from .document import Sentence
from .quotes import clean_quote, is_title

_NEGATION_BEFORE = frozenset({"not", "n't", "n\u2019t", "never", "to"})


def _speech_verbs(ctx: Context, sentence: Sentence, strong_only: bool = False) -> list[int]:
    d = ctx.d
    found = d.triggers(sentence, "speech")
    if not strong_only:
        found = sorted(set(found) | set(d.triggers(sentence, "speech_weak")))
    return [i for i in found if d.token_quote[i] == -1]


def _quote_tokens(ctx: Context, qi: int, sentence: Sentence) -> tuple[int, int]:
    d = ctx.d
    toks = [i for i in range(sentence.start, sentence.end) if d.token_quote[i] == qi]
    if not toks:
        q = d.quotes[qi]
        toks = [i for i in range(sentence.start, sentence.end) if q.open_at <= d.idx[i] <= q.close_at]
    return (toks[0], toks[-1] + 1) if toks else (sentence.start, sentence.start)


def _evidence(sentence: Sentence, quote_end: int = 0) -> Evidence:
    """The sentence; stretched to the end of its quotation when that runs on past it."""
    return Evidence(sentence.char_start, max(sentence.char_end, quote_end))


def _bare_attribution(ctx: Context, sentence: Sentence) -> str | None:
    """A sentence with no quotation that is only an attribution: "Trump said:", "he added."."""
    if sentence.quotes:
        return None
    verbs = _speech_verbs(ctx, sentence)
    text = ctx.sentence_text_end(sentence)
    if not verbs or not (text.endswith(":") or sentence.end - sentence.start <= 6):
        return None
    return ctx.subject_of(verbs[0], sentence.start)


def extract_said(ctx: Context) -> list[Said]:
    d = ctx.d
    facts: list[Said] = []
    attributed_verbs: set[int] = set()
    last_paragraph = -1
    last_speaker: str | None = None
    has_last = False
    for si, sentence in enumerate(d.sentences):
        if sentence.paragraph != last_paragraph:
            last_paragraph, has_last = sentence.paragraph, False
        verbs = _speech_verbs(ctx, sentence)
        quoted_speakers: set[str] = set()
        real_quotes = []
        for qi in sentence.quotes:
            q = d.quotes[qi]
            start, end = clean_quote(d.text, q)
            body = d.text[start:end]
            if not any(c.isalnum() for c in body) or is_title(body):
                continue
            real_quotes.append((qi, start, end))
        for n, (qi, start, end) in enumerate(real_quotes):
            q = d.quotes[qi]
            qs, qe = _quote_tokens(ctx, qi, sentence)
            opens_sentence = not d.text[sentence.char_start : q.open_at].strip()
            next_quote_tok = (
                _quote_tokens(ctx, real_quotes[n + 1][0], sentence)[0]
                if n + 1 < len(real_quotes)
                else sentence.end
            )
            before = [v for v in verbs if v < qs]
            after = [v for v in verbs if qe <= v < next_quote_tok]
            known, speaker = False, None
            if before and not opens_sentence:
                known, speaker = True, ctx.subject_of(before[-1], sentence.start)
                attributed_verbs.add(before[-1])
            elif after:
                v = after[0]
                speaker = ctx.subject_of(v, qe) or ctx.subject_after(v, sentence.end)
                known = True
                attributed_verbs.add(v)
            elif opens_sentence and has_last:
                known, speaker = True, last_speaker
            else:
                for other in (si - 1, si + 1):
                    if (
                        0 <= other < len(d.sentences)
                        and abs(d.sentences[other].paragraph - sentence.paragraph) <= 1
                    ):
                        found = _bare_attribution(ctx, d.sentences[other])
                        if found:
                            known, speaker = True, found
                            break
            if known:
                last_speaker, has_last = speaker, True
            if speaker is None or speaker not in ctx.persons.people:
                continue
            quoted_speakers.add(speaker)
            facts.append(Said(speaker=speaker, quote=d.text[start:end], evidence=_evidence(sentence, end)))
        reported: set[str] = set()
        if si == 0 and _is_headline(ctx, sentence):
            continue  # "Trump says Kazakhstan will join": the body reports the statement again
        for v in _speech_verbs(ctx, sentence, strong_only=True):
            if v in attributed_verbs or (v > 0 and d.lower[v - 1] in _NEGATION_BEFORE):
                continue
            speaker = ctx.subject_of(v, sentence.start)
            if speaker is None or speaker in quoted_speakers or speaker in reported:
                continue
            if speaker not in ctx.persons.people or _only_object_follows(ctx, v, sentence):
                continue
            reported.add(speaker)
            facts.append(Said(speaker=speaker, quote=None, evidence=_evidence(sentence)))
    return facts


def _is_headline(ctx: Context, sentence: Sentence) -> bool:
    """The article's first line when it is a title: a paragraph of its own, short, with no
    sentence-final punctuation."""
    d = ctx.d
    text = d.text[sentence.char_start : sentence.char_end].rstrip()
    line_end = d.text.find("\n", sentence.char_start)
    own_line = line_end == -1 or line_end >= sentence.char_end
    return (
        own_line and sentence.end - sentence.start <= 25 and not text.endswith((".", "!", "?", '"', "\u201d"))
    )


def _only_object_follows(ctx: Context, verb: int, sentence: Sentence) -> bool:
    """ "He told him." with nothing said: no clause before the subject, none after the verb."""
    d = ctx.d
    rest = [k for k in range(verb + 1, sentence.end) if not d.punct[k] and not d.space[k]]
    if len(rest) > 1:
        return False
    before = [k for k in range(sentence.start, verb) if not d.punct[k] and not d.space[k]]
    if not before:
        return True
    subject = ctx.persons.at(before[-1])
    first = subject.start if subject is not None else before[-1]
    return all(k >= first for k in before)

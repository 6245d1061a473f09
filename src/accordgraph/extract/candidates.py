"""``named_candidate`` facts: a named person names countries as likely future members."""

from __future__ import annotations

from ..facts import NamedCandidate
from .agreements import AgreementContext
from .context import Context
from .document import Mention
from .events import countries_in, hypothetical, negated, sentence_evidence


def extract_candidates(
    ctx: Context, agreements: AgreementContext, members: set[str], said_speakers: dict[int, list[str]]
) -> list[NamedCandidate]:
    d = ctx.d
    facts: list[NamedCandidate] = []
    for sentence in d.sentences:
        if not d.sentence_lex[sentence.index]:
            continue
        cues = list(d.triggers(sentence, "candidate"))
        # "would eventually join", "could both sign on", "may normalize relations with Israel"
        cues += [i for i in d.triggers(sentence, "join") if hypothetical(ctx, i)]
        cues += [i for i in d.triggers(sentence, "normalise") if hypothetical(ctx, i)]
        if not cues:
            continue
        speech = [v for v in d.triggers(sentence, "speech") if d.token_quote[v] == -1]
        by = ctx.subject_of(speech[0], sentence.start) if speech else None
        if by is None and said_speakers.get(sentence.index):
            by = said_speakers[sentence.index][0]
        if by is None:
            by = ctx.first_subject(sentence, sentence.end)
        if by is None:
            continue
        named = agreements.in_sentence(sentence)
        agreement = named[0] if named else agreements.at(sentence.start)
        for c in countries_in(ctx, sentence.start, sentence.end):
            if c.value in members or _after_preposition_with(ctx, c):
                continue
            if not any(abs(c.start - cue) <= 14 for cue in cues):
                continue
            if negated(ctx, c.start - 2, c.end + 8) or _asked_about(ctx, c):
                continue
            facts.append(
                NamedCandidate(
                    country=c.value, by=by, agreement=agreement, evidence=sentence_evidence(sentence)
                )
            )
    return facts


def _asked_about(ctx: Context, c: Mention) -> bool:
    """ "Asked whether Saudi Arabia would be next, he said ...": the question names it."""
    d = ctx.d
    for k in range(c.start - 1, max(-1, c.start - 7), -1):
        if d.words[k] in (",", ";", ":"):
            return False
        if d.lower[k] == "asked":
            return True
    return False


def _after_preposition_with(ctx: Context, c: Mention) -> bool:
    d = ctx.d
    j = c.start - 1
    while j >= 0 and d.lower[j] in ("the",):
        j -= 1
    return j >= 0 and d.lower[j] in ("with", "between", "from", "by", "in", "at")

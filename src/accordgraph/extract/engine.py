"""The extraction engine: text in, facts out (deterministic order, one per statement).

Long texts are cut at paragraph boundaries into chunks the size of a long article so
memory stays bounded; persons are resolved within a chunk.
"""

from __future__ import annotations

import dataclasses
import json

from ..facts import Evidence, Fact, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from .agreements import AgreementContext, extract_joined
from .candidates import extract_candidates
from .context import Context
from .document import analyse
from .encounters import extract_meetings, extract_visits
from .events import extract_offices
from .persons import find_persons
from .speech import extract_said

CHUNK_CHARS = 200_000
KIND_ORDER = {"joined": 0, "holds_office": 1, "said": 2, "met": 3, "visit": 4, "named_candidate": 5}


def extract_facts(text: str) -> list[Fact]:
    """All facts of an article, in order of their evidence."""
    facts: list[Fact] = []
    for offset, chunk in _chunks(text):
        for fact in _extract_chunk(chunk):
            ev = fact.evidence
            if offset and ev is not None:
                fact = dataclasses.replace(fact, evidence=Evidence(ev.start + offset, ev.end + offset))
            facts.append(fact)
    return _dedupe(facts)


def _chunks(text: str) -> list[tuple[int, str]]:
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _extract_chunk(text: str) -> list[Fact]:
    if not text.strip():
        return []
    d = analyse(text)
    ctx = Context(d, find_persons(d))
    agreements = AgreementContext(ctx)
    joined = extract_joined(ctx, agreements)
    said = extract_said(ctx)
    sentence_at = {s.char_start: s.index for s in d.sentences}
    said_by_sentence: dict[int, list[str]] = {}
    for f in said:
        if f.evidence is not None and f.evidence.start in sentence_at:
            said_by_sentence.setdefault(sentence_at[f.evidence.start], []).append(f.speaker)
    members = {f.country for f in joined}
    candidates = extract_candidates(ctx, agreements, members, said_by_sentence)
    meetings, hosted_visits = extract_meetings(ctx)
    visits = extract_visits(ctx) + hosted_visits
    offices = extract_offices(ctx)
    people = ctx.persons.people

    names = {key: person.name for key, person in people.items()}

    def name(key: str | None) -> str | None:
        return names.get(key, key) if key is not None else None

    out: list[Fact] = list(joined)
    out += [dataclasses.replace(f, person=name(f.person)) for f in offices]
    out += [dataclasses.replace(f, speaker=name(f.speaker)) for f in said]
    out += [
        dataclasses.replace(
            f, participants=tuple(name(p) for p in f.participants), facilitator=name(f.facilitator)
        )
        for f in meetings
    ]
    out += [dataclasses.replace(f, visitor=name(f.visitor)) for f in visits]
    out += [dataclasses.replace(f, by=name(f.by)) for f in candidates]
    return out


def _identity(fact: Fact) -> tuple:
    """What makes two facts the same statement (FACTS.md: one fact per article)."""
    if isinstance(fact, Joined):
        return ("joined", fact.country, fact.agreement)
    if isinstance(fact, HoldsOffice):
        return ("holds_office", fact.person, fact.country)
    if isinstance(fact, Said):
        if fact.quote is not None:
            return ("said", fact.speaker, fact.quote)
        return ("said", fact.speaker, None, fact.evidence)
    if isinstance(fact, Met):
        return ("met", frozenset(fact.participants))
    if isinstance(fact, Visit):
        return ("visit", fact.visitor, fact.host)
    if isinstance(fact, NamedCandidate):
        return ("named_candidate", fact.country, fact.by)
    return (fact.kind, json.dumps(fact.to_dict(), sort_keys=True))


def _dedupe(facts: list[Fact]) -> list[Fact]:
    facts = sorted(
        facts,
        key=lambda f: (
            f.evidence.start if f.evidence else -1,
            KIND_ORDER.get(f.kind, 9),
            repr(f),
        ),
    )
    seen: set[tuple] = set()
    out = []
    for fact in facts:
        key = _identity(fact)
        if key in seen:
            continue
        seen.add(key)
        out.append(fact)
    return out


def person_countries(text: str) -> dict[str, str]:
    """Display name -> country for every person of the text whose country is known."""
    out: dict[str, str] = {}
    for _, chunk in _chunks(text):
        if not chunk.strip():
            continue
        d = analyse(chunk)
        for person in find_persons(d).people.values():
            if person.country:
                out.setdefault(person.name, person.country)
    return dict(sorted(out.items()))

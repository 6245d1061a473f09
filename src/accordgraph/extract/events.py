"""What the fact rules share: clause helpers on one logical sentence, and ``holds_office``.

The rules themselves live beside this module: ``agreements`` (joined), ``candidates``
(named_candidate), ``encounters`` (met and visit) and ``speech`` (said). Persons are
cluster keys in the rules; the engine turns them into display names.
"""

from __future__ import annotations

from ..facts import Evidence, HoldsOffice
from .context import Context
from .document import Mention, Sentence

PREPOSITIONS = frozenset(
    {"with", "between", "from", "in", "of", "to", "for", "against", "on", "at", "into", "about"}
)
LIST_GLUE = frozenset({",", "and", "the", "even", "also", "as", "well", "possibly", "perhaps", "maybe", "or"})


def sentence_evidence(sentence: Sentence) -> Evidence:
    return Evidence(sentence.char_start, sentence.char_end)


def countries_in(ctx: Context, start: int, end: int) -> list[Mention]:
    """Countries named as nouns (not "Israeli", not "Syria's interim President")."""
    d = ctx.d
    out = []
    seen = set()
    for i in range(start, end):
        ent = d.entity_at.get(i)
        if ent is None or ent.start != i or id(ent) in seen or ent.kind != "country":
            continue
        seen.add(id(ent))
        nxt = ent.end
        if nxt < len(d.doc) and (d.words[nxt] in ("'s", "\u2019s") or nxt in d.office_at):
            continue  # possessive or a title's modifier
        if (nxt < len(d.doc) and d.words[nxt] == "-") or (i > 0 and d.words[i - 1] == "-"):
            continue  # "Saudi-U.S."
        out.append(ent)
    return out


def list_after(ctx: Context, start: int, end: int) -> list[Mention]:
    """A run of countries joined by commas and "and" starting at ``start``."""
    d = ctx.d
    out: list[Mention] = []
    i = start
    while i < end:
        ent = d.entity_at.get(i)
        if ent is not None and ent.kind == "country":
            out.append(ent)
            i = ent.end
            continue
        if d.lower[i] in LIST_GLUE or d.space[i]:
            i += 1
            continue
        break
    return out


def negated(ctx: Context, start: int, end: int) -> bool:
    d = ctx.d
    return any(d.has("negation", i) for i in range(max(0, start), min(end, len(d.doc))))


def hypothetical(ctx: Context, trigger: int) -> bool:
    """A joining verb after "could", "is expected to", "the next country to": not done yet.
    "Kazakhstan announced it would join" is an announcement, unless a condition follows."""
    d = ctx.d
    sentence = d.sentences[d.token_sentence[trigger]]
    if _under_discussion(ctx, trigger, sentence.start):
        return True
    lo = max(sentence.start, trigger - 6)
    for k in range(trigger - 1, lo - 1, -1):
        if d.words[k] in (";", ":"):  # "discussed trade; Oman joined": another clause
            lo = k + 1
            break
    for i in range(lo, trigger):
        if d.words[i] == "May" and i > sentence.start:
            continue  # the month
        if d.has("modal", i) or d.has("candidate", i):
            announced = i >= 1 and d.lower[i - 1] == "it" and d.lower[i] in ("would", "will")
            if not announced or any(d.lower[k] in _CONDITIONS for k in range(trigger, sentence.end)):
                return True
        elif d.has("intent", i):
            return True
    return False


_CONDITIONS = frozenset({"if", "once", "unless", "when", "provided", "after"})
# "talks about joining", "negotiations over signing": the accession is the topic, not an act.
_TOPIC_PREPOSITIONS = frozenset({"about", "over", "regarding", "concerning"})
# "on"/"of" make a topic only after one of these nouns ("talks on Oman joining", "the
# prospect of signing"); "on joining the Accords, Morocco ..." is an accession.
_TOPIC_NOUNS = frozenset(
    [
        "talk",
        "talks",
        "discussion",
        "discussions",
        "negotiation",
        "negotiations",
        "consultation",
        "consultations",
        "conversation",
        "conversations",
        "debate",
        "possibility",
        "prospect",
        "prospects",
        "idea",
        "question",
        "option",
        "plan",
        "plans",
        "proposal",
        "offer",
        "chance",
        "chances",
    ]
)


def _under_discussion(ctx: Context, trigger: int, lo: int) -> bool:
    """ "in talks with Washington about joining", "talks on Azerbaijan joining": a gerund whose
    preposition (before it, or before its country) makes the accession a topic.

    >>> from accordgraph.extract import extract_text
    >>> [f.kind for f in extract_text("Oman is in talks about joining the Abraham Accords.")]
    []
    """
    d = ctx.d
    if not d.lower[trigger].endswith("ing"):
        return False
    j = trigger - 1
    if j > lo and d.lower[j].endswith("ly") and d.islower[j]:
        j -= 1  # "talks about potentially joining"
    ent = d.entity_at.get(j)
    if ent is not None and ent.kind == "country":
        j = ent.start - 1  # "talks on Azerbaijan joining"
    elif j >= lo and d.words[j] in ("'s", "\u2019s"):
        ent = d.entity_at.get(j - 1)
        if ent is not None and ent.kind == "country":
            j = ent.start - 1
    while j >= lo and d.lower[j] == "the":
        j -= 1
    if j < lo:
        return False
    if d.lower[j] in _TOPIC_PREPOSITIONS:
        return True
    return d.lower[j] in ("on", "of") and j - 1 >= lo and d.lower[j - 1] in _TOPIC_NOUNS


def extract_offices(ctx: Context) -> list[HoldsOffice]:
    d = ctx.d
    facts = []
    for pm in ctx.persons.mentions:
        # A former office is reported too, marked "former ...": it still tells the person's
        # country, and FACTS.md makes it optional.
        if pm.kind != "title" or pm.honorific or not pm.office or pm.key is None:
            continue
        person = ctx.persons.people[pm.key]
        office = d.gaz.offices.get(pm.office_key or "")
        country = pm.country or person.country or (office.country if office else None)
        if not country:
            continue
        sentence = d.sentences[d.token_sentence[pm.start]]
        facts.append(
            HoldsOffice(
                person=pm.key, office=pm.office, country=country, evidence=sentence_evidence(sentence)
            )
        )
    return facts

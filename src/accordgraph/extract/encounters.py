"""``met`` and ``visit`` facts: meetings, calls, hosting, and travel to a country."""

from __future__ import annotations

from ..facts import Met, Visit
from .context import Context
from .document import Sentence
from .events import PREPOSITIONS, negated, sentence_evidence
from .names import PersonMention


def _place_after(ctx: Context, start: int, end: int, window: int = 8) -> str | None:
    """The country of the first country or place within ``window`` tokens."""
    d = ctx.d
    for i in range(start, min(end, start + window)):
        ent = d.entity_at.get(i)
        if ent is None or ent.kind not in ("country", "place"):
            continue
        if ent.kind == "place" and ent.value.endswith("|chamber"):
            continue
        if ent.end < len(d.doc) and d.words[ent.end] in ("'s", "\u2019s"):
            continue
        return ent.value.split("|")[0]
    return None


def _location(
    ctx: Context, start: int, end: int, prepositions: tuple[str, ...] = ("in", "at", "to")
) -> str | None:
    """ "in the Oval Office", "at the White House", "in Riyadh"."""
    d = ctx.d
    for i in range(start, end):
        if d.lower[i] in prepositions and d.token_quote[i] == -1:
            j = i + 1
            while j < end and d.lower[j] == "the":
                j += 1
            ent = d.entity_at.get(j)
            if ent is not None and ent.kind in ("place", "country") and not ent.value.endswith("|chamber"):
                return ent.value.split("|")[0]
    return None


def extract_meetings(ctx: Context) -> tuple[list[Met], list[Visit]]:
    d = ctx.d
    meetings: list[Met] = []
    visits: list[Visit] = []
    people = ctx.persons.people
    for sentence in d.sentences:
        if not d.sentence_lex[sentence.index]:
            continue
        starts = set(d.triggers(sentence, "meet")) | set(d.triggers(sentence, "meet_noun"))
        starts |= set(d.triggers(sentence, "host"))
        starts |= {i for i in d.triggers(sentence, "hand_over") if _hands_an_item(ctx, i, sentence)}
        triggers = [
            i for i in sorted(starts) if d.token_quote[i] == -1 or _short_quote(ctx, d.token_quote[i])
        ]
        for t in triggers:
            cats = d.lex_at[t]
            end = max(d.lex_span_end(c, t) for c in cats if c in _MEETING_CATEGORIES)
            before = [pm for pm in ctx.persons_in(sentence.start, t) if not pm.possessive]
            objects = _objects(ctx, end, sentence)
            between = end < sentence.end and any(
                d.lower[k] == "between" for k in range(end, min(end + 3, sentence.end))
            )
            subject = before[-1].key if before else None
            if "meet_noun" in cats:  # "Netanyahu's meeting with Trump"
                owner = _possessor(ctx, t)
                if owner is not None:
                    subject = owner
                    before = [*before, *(pm for pm in ctx.persons_in(sentence.start, t) if pm.key == owner)]
            facilitator = None
            if between:
                participants = objects
                if subject and subject not in participants:
                    facilitator = subject
            elif not objects and "host" not in cats:
                participants = [pm.key for pm in before]  # "X and Y met", "X told Y in a call"
            else:
                participants = ([subject] if subject else []) + [o for o in objects if o != subject]
            participants = list(dict.fromkeys(p for p in participants if p))
            if len(participants) < 2:
                continue
            facilitator = facilitator or _mediator(ctx, end, sentence, participants)
            mode = _mode(ctx, t, end, sentence, cats)
            evidence = sentence_evidence(sentence)
            separate = d.triggers_any(sentence, "separate")
            if separate and not between and subject:
                groups = [[subject, o] for o in participants if o != subject]
            else:
                groups = [participants]
            for group in groups:
                meetings.append(
                    Met(participants=tuple(group), mode=mode, facilitator=facilitator, evidence=evidence)
                )
            hosting = "host" in cats
            # "handed the documents to US Secretary X": "to" names the receiver, not a place
            clause_end = next(
                (k for k in range(end, sentence.end) if _new_clause(ctx, k, sentence)), sentence.end
            )
            place = _location(
                ctx, end, clause_end, ("in", "at") if "hand_over" in cats else ("in", "at", "to")
            )
            if hosting and place is None and subject:
                place = people[subject].country
            if place and (hosting or mode == "in_person"):
                guests = [p for p in participants if not hosting or p != subject]
                for p in guests:
                    if people[p].country and people[p].country != place:
                        visits.append(Visit(visitor=p, host=place, evidence=evidence))
            break
    return meetings, visits


_MEETING_CATEGORIES = ("meet", "meet_noun", "host", "hand_over")


def _hands_an_item(ctx: Context, verb: int, sentence: Sentence) -> bool:
    """ "handed the documents to", "presented his credentials to": a thing handed over in
    person (not "handed a victory to"), then "to" within a few tokens."""
    d = ctx.d
    item = False
    for k in range(d.lex_span_end("hand_over", verb), min(verb + 12, sentence.end)):
        if d.has("handed_item", k):
            item = True
        elif d.lower[k] == "to":
            return item
        elif d.words[k] in (",", ";", ":"):
            return False
    return False


def _short_quote(ctx: Context, qi: int) -> bool:
    q = ctx.d.quotes[qi]
    return len(ctx.d.text[q.start : q.end].split()) <= 4


def _objects(ctx: Context, start: int, sentence: Sentence) -> list[str]:
    d = ctx.d
    out = []
    # A speech verb ends the objects, and so does "mediated by X" (X is not a participant).
    stops = {
        *d.triggers(sentence, "speech"),
        *d.triggers(sentence, "speech_weak"),
        *d.triggers(sentence, "facilitate"),
    }
    for i in range(start, sentence.end):
        if d.words[i] == ";" or d.lower[i] in ("who", "which") or i in stops or _new_clause(ctx, i, sentence):
            break
        if d.token_quote[i] != -1 and not _short_quote(ctx, d.token_quote[i]):
            continue
        pm = ctx.persons.at(i)
        if pm is not None and pm.start == i and pm.key and not pm.possessive and pm.kind != "pronoun":
            out.append(pm.key)
    return out


def _new_clause(ctx: Context, i: int, sentence: Sentence) -> bool:
    """ ", and US envoy X will travel": a conjunction after a comma, a person and a verb start
    a clause of their own ("met A, B, and C in Riyadh" does not)."""
    d = ctx.d
    if d.words[i] != "," or i + 2 >= sentence.end or d.lower[i + 1] not in ("and", "but", "while"):
        return False
    pm = _named_after(ctx, i + 2, sentence)
    if pm is None or pm.end >= sentence.end:
        return False
    nxt = pm.end
    return d.alpha[nxt] and d.islower[nxt] and d.lower[nxt] not in PREPOSITIONS and d.lower[nxt] != "and"


def _mediator(ctx: Context, start: int, sentence: Sentence, participants: list[str]) -> str | None:
    """ "in talks mediated by US envoy Tom Barrack": the person after "<facilitate> by"."""
    d = ctx.d
    for i in d.triggers(sentence, "facilitate"):
        end = d.lex_span_end("facilitate", i)
        if i < start or end >= sentence.end or d.lower[end] != "by":
            continue
        for k in range(end + 1, min(end + 8, sentence.end)):
            pm = ctx.persons.at(k)
            if pm is not None and pm.key and pm.key not in participants and not pm.possessive:
                return pm.key
    return None


def _mode(ctx: Context, trigger: int, end: int, sentence: Sentence, cats: set[str]) -> str | None:
    d = ctx.d
    if any(d.has("phone", i) for i in range(trigger, end)) or any(
        d.lower[i] in ("phone", "telephone", "video") for i in d.triggers(sentence, "phone")
    ):
        return "phone"
    if "host" in cats or "hand_over" in cats or any(d.has("in_person", i) for i in range(trigger, end)):
        return "in_person"
    return None


def extract_visits(ctx: Context) -> list[Visit]:
    d = ctx.d
    visits: list[Visit] = []
    for sentence in d.sentences:
        if not d.sentence_lex[sentence.index]:
            continue
        for i in sorted(set(d.triggers(sentence, "visit")) | set(d.triggers(sentence, "visit_noun"))):
            if d.token_quote[i] != -1:
                continue
            visitor = host = None
            companions: list[str] = []
            if d.has("visit_noun", i):
                end = d.lex_span_end("visit_noun", i)
                visitor = _possessor(ctx, i)
                if visitor is None and end + 1 < sentence.end and d.lower[end] == "by":
                    pm = _named_after(ctx, end + 1, sentence)  # "a visit by US envoy X to Y"
                    visitor, end = (pm.key, pm.end) if pm is not None else (None, end)
                if visitor is None:
                    visitor = _visitor_after_place(ctx, end, sentence)
                if visitor is None:  # "A and B made a secret trip to X", "paid a visit to"
                    light = _light_verb_before(ctx, i, sentence)
                    agents = ctx.agents_of(light, sentence.start) if light is not None else []
                    visitor, companions = (agents[-1], agents[:-1]) if agents else (None, [])
                host = _place_after(ctx, end, sentence.end) if visitor else None
            hosts = [host] if host else []
            if visitor is None and d.has("visit", i):
                end = d.lex_span_end("visit", i)
                if negated(ctx, i - 3, i):
                    continue
                if d.lower[end - 1] == "from":  # "flew from Jerusalem to Khartoum": past the origin
                    to = next((k for k in range(end, min(end + 6, sentence.end)) if d.lower[k] == "to"), None)
                    if to is None:
                        continue
                    end = to + 1
                if (
                    i >= 2
                    and d.lower[i - 1] in ("a", "an", "his", "her")
                    and d.lower[i - 2] in ("during", "on")
                ):
                    before = [pm for pm in ctx.persons_in(sentence.start, i) if not pm.possessive]
                    visitor = before[-1].key if before else None  # "told Pompeo during a visit to X"
                else:
                    agents = ctx.agents_of(i, sentence.start)  # "A and B will travel to X"
                    visitor, companions = (agents[-1], agents[:-1]) if agents else (None, [])
                hosts = _places_after(ctx, end, sentence.end) if visitor else []
            for host in hosts:
                for person in [*companions, visitor]:
                    if person and ctx.persons.people[person].country != host:
                        visits.append(Visit(visitor=person, host=host, evidence=sentence_evidence(sentence)))
    return visits


_LIGHT_VERBS = frozenset(
    {
        "made",
        "make",
        "makes",
        "making",
        "paid",
        "pay",
        "pays",
        "paying",
        "undertook",
        "undertake",
        "undertakes",
    }
)


def _light_verb_before(ctx: Context, noun: int, sentence: Sentence) -> int | None:
    """ "made a secret trip", "will pay a state visit": the verb before the article and up to
    two modifiers of a visit noun."""
    d = ctx.d
    for k in range(noun - 1, max(sentence.start - 1, noun - 7), -1):
        if d.lower[k] in _LIGHT_VERBS:
            return k
        if d.lower[k] in PREPOSITIONS:  # "made a fuss about the trip"
            return None
        modifier = (d.alpha[k] and d.islower[k]) or d.words[k] == "-" or d.words[k].isdigit()
        if not modifier and not (k in d.entity_at and d.entity_at[k].kind == "country"):
            return None  # "a two-day trip", "a US-brokered visit"
    return None


def _visitor_after_place(ctx: Context, end: int, sentence: Sentence) -> str | None:
    """ "a visit to Khartoum by US Treasury Secretary Jane Doe": the person after "by" that
    directly follows the visit's place (not "a visit to Washington hosted by X")."""
    d = ctx.d
    j = end
    if j < sentence.end and d.lower[j] in ("to", "in"):
        j += 1
    while j < sentence.end and d.lower[j] == "the":
        j += 1
    ent = d.entity_at.get(j)
    if ent is None or ent.kind not in ("country", "place") or ent.end >= sentence.end:
        return None
    if d.lower[ent.end] != "by":
        return None
    pm = _named_after(ctx, ent.end + 1, sentence)
    return pm.key if pm is not None else None


def _named_after(ctx: Context, start: int, sentence: Sentence) -> PersonMention | None:
    """The person named at ``start``, after a title and its country ("US envoy Jane Doe")."""
    d = ctx.d
    for k in range(start, min(start + 8, sentence.end)):
        pm = ctx.persons.at(k)
        if pm is not None:
            ok = pm.key and pm.start == k and not pm.possessive and pm.kind != "pronoun"
            return pm if ok else None
        if not (k in d.office_at or k in d.entity_at or d.has("modifier", k) or d.lower[k] == "the"):
            return None
    return None


def _places_after(ctx: Context, start: int, end: int) -> list[str]:
    """ "visited Baku and Yerevan": the first place within five tokens and any listed after it."""
    d = ctx.d
    first = _place_after(ctx, start, end, window=5)
    if first is None:
        return []
    out = [first]
    i = start
    while i < end and not (d.entity_at.get(i) and d.entity_at[i].kind in ("country", "place")):
        i += 1
    i = d.entity_at[i].end if i < end else end
    while i + 1 < end and d.lower[i] in (",", "and"):
        j = i + 1 if d.lower[i + 1] != "the" else i + 2
        ent = d.entity_at.get(j)
        if ent is None or ent.kind not in ("country", "place") or ent.value.endswith("|chamber"):
            break
        out.append(ent.value.split("|")[0])
        i = ent.end
    return out


def _pronoun_owner(ctx: Context, i: int) -> str | None:
    """Whom "his"/"her" at token i refers to: the person the last pronoun resolved to."""
    for k in range(i - 1, max(-1, i - 200), -1):
        pm = ctx.persons.at(k)
        if pm is not None and pm.key and not pm.possessive and pm.quote == -1:
            return pm.key
    return None


def _possessor(ctx: Context, noun: int) -> str | None:
    """ "Sharaa's scheduled visit": the person before "'s" and up to three modifiers."""
    d = ctx.d
    j = noun - 1
    steps = 0
    while j >= 0 and steps < 3 and d.islower[j] and d.alpha[j]:
        if d.lower[j] in ("his", "her"):  # "In his first visit to Riyadh, Trump ..."
            sentence = d.sentences[d.token_sentence[noun]]
            return ctx.first_subject(sentence, sentence.end) or _pronoun_owner(ctx, j)
        j -= 1
        steps += 1
    if j >= 1 and d.words[j] in ("'s", "\u2019s", "'"):
        pm = ctx.persons.at(j - 1)
        if pm is not None and pm.key:
            return pm.key
    return None

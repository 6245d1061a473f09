"""``joined``, ``named_candidate``, ``met``, ``visit`` and ``holds_office`` facts.

Each rule reads one logical sentence: trigger words from the lexicon, the countries,
agreements and persons around them. Persons are cluster keys here; the engine turns
them into display names.
"""

from __future__ import annotations

from ..facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Visit
from .context import Context
from .document import Mention, Sentence

PREPOSITIONS = frozenset(
    {"with", "between", "from", "in", "of", "to", "for", "against", "on", "at", "into", "about"}
)
LIST_GLUE = frozenset({",", "and", "the", "even", "also", "as", "well", "possibly", "perhaps", "maybe", "or"})
COUNTRY_KINDS = ("country", "place")


def _evidence(sentence: Sentence) -> Evidence:
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


def _list_after(ctx: Context, start: int, end: int) -> list[Mention]:
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


def _negated(ctx: Context, start: int, end: int) -> bool:
    d = ctx.d
    return any(d.has("negation", i) for i in range(max(0, start), min(end, len(d.doc))))


def _hypothetical(ctx: Context, trigger: int) -> bool:
    """A joining verb after "could", "is expected to", "the next country to": not done yet.
    "Kazakhstan announced it would join" is an announcement, unless a condition follows."""
    d = ctx.d
    sentence = d.sentences[d.token_sentence[trigger]]
    for i in range(max(sentence.start, trigger - 6), trigger):
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


class AgreementContext:
    """The agreement a sentence is about: one it names, else the last one named before it."""

    def __init__(self, ctx: Context) -> None:
        d = ctx.d
        self.explicit = [m for m in d.entities if m.kind == "agreement"]
        self.positions = [m.start for m in self.explicit]
        counts: dict[str, int] = {}
        for m in self.explicit:
            counts[m.value] = counts.get(m.value, 0) + 1
        self.main = (
            max(counts, key=lambda k: (counts[k], -self.positions[[m.value for m in self.explicit].index(k)]))
            if counts
            else None
        )
        self.by_sentence: dict[int, list[str]] = {}
        for m in self.explicit:
            names = self.by_sentence.setdefault(d.token_sentence[m.start], [])
            if m.value not in names:
                names.append(m.value)
        self.anaphor_tokens: dict[int, list[int]] = {}
        nouns = {noun.split()[0] for noun in d.gaz.agreement_anaphors}
        for i, word in enumerate(d.lower):
            if word in nouns:
                self.anaphor_tokens.setdefault(d.token_sentence[i], []).append(i)
        self.named: str | None = None  # an agreement the article says a deal is "known as"
        for m in self.explicit:
            j = m.start - 1
            while j >= 0 and (d.lower[j] in ("the", "'", '"', "\u2018", "\u201c") or d.space[j]):
                j -= 1
            if j >= 0 and (d.has("naming", j) or (j >= 1 and d.has("naming", j - 1))):
                self.named = m.value
                break

    def in_sentence(self, sentence: Sentence) -> list[str]:
        return self.by_sentence.get(sentence.index, [])

    def at(self, token: int) -> str | None:
        import bisect

        k = bisect.bisect_right(self.positions, token) - 1
        if k >= 0:
            return self.explicit[k].value
        return self.main

    def anaphoric(self, ctx: Context, sentence: Sentence) -> str | None:
        """ "the Accords", "the alliance" referring back to the article's agreement."""
        d = ctx.d
        for i in self.anaphor_tokens.get(sentence.index, ()):
            if i == sentence.start:
                continue
            if d.lower[i - 1] != "the" and not (
                i >= 2 and d.lower[i - 2] == "the" and d.alpha[i - 1] and d.islower[i - 1]
            ):
                continue
            candidates = d.gaz.agreement_anaphors.get(d.lower[i])
            two = " ".join(d.lower[i : i + 2]) if i + 1 < sentence.end else ""
            candidates = candidates or d.gaz.agreement_anaphors.get(two)
            if not candidates:
                continue
            current = self.at(i)
            if current in candidates:
                return current
        return None


def extract_joined(ctx: Context, agreements: AgreementContext) -> list[Joined]:
    d = ctx.d
    facts: list[Joined] = []
    for sentence in d.sentences:
        if not d.sentence_lex[sentence.index]:
            continue
        named = agreements.in_sentence(sentence)
        agreement = named[0] if named else agreements.anaphoric(ctx, sentence)
        found: list[tuple[Mention, str]] = []
        starts = set(d.triggers(sentence, "join")) | set(d.triggers(sentence, "join_noun"))
        starts |= set(d.triggers(sentence, "sign")) | set(d.triggers(sentence, "normalise"))
        starts |= set(d.triggers(sentence, "become")) | set(d.triggers(sentence, "admit"))
        for i in sorted(starts):
            cats = d.lex_at[i]
            end = max(d.lex_span_end(c, i) for c in cats)
            target = agreement
            if "join" in cats and target is None and d.lower[i].startswith("sign"):
                target = agreements.at(i)  # "signing on": the article's agreement
            if target is None:
                continue
            explicit = bool(named)
            if "become" in cats:
                member = next(
                    (k for k in range(end, min(end + 5, sentence.end)) if d.has("member_noun", k)), None
                )
                if member is None:
                    continue
                cats = {"join"}  # "became a full member of BRICS"
                end = member + 1
            if "admit" in cats and explicit and not ("join" in cats or "sign" in cats):
                before = [m for m in agreements.explicit if sentence.start <= m.start < i]
                if before and not _hypothetical(ctx, i) and not _negated(ctx, i - 3, i):
                    found += [(c, before[-1].value) for c in _list_after(ctx, end, sentence.end)]
                continue
            if "normalise" in cats and explicit:
                for c in countries_in(ctx, sentence.start, sentence.end):
                    if not _negated(ctx, c.start - 1, end + 6):
                        found.append((c, target))
            elif "join" in cats or ("sign" in cats and _agreement_follows(ctx, end, sentence)):
                if _hypothetical(ctx, i):
                    continue
                if "sign" in cats and d.lower[end] == "by" if end < len(d.doc) else False:
                    found += [(c, target) for c in _list_after(ctx, end + 1, sentence.end)]
                    continue
                subjects = [c for c in countries_in(ctx, sentence.start, i) if not _after_preposition(ctx, c)]
                subjects = _clause_subjects(ctx, subjects, i)
                listed = _colon_list(ctx, end, sentence)
                if "sign" in cats and not subjects and not listed:
                    subjects = _signers(ctx, sentence.start, i)
                for c in subjects + listed:
                    if not _negated(ctx, c.start - 1, end + 6):
                        found.append((c, target))
            elif "join_noun" in cats:
                c = _owner_before(ctx, i)
                if c is not None and not _negated(ctx, c.start, end + 6):
                    found.append((c, target))
        if agreements.named and not found:
            found += [(c, agreements.named) for c in _deal_parties(ctx, sentence)]
        facts += [Joined(country=c.value, agreement=a, evidence=_evidence(sentence)) for c, a in found]
    return facts


def _signers(ctx: Context, start: int, trigger: int) -> list[Mention]:
    """ "UAE Foreign Minister X and Bahraini Foreign Minister Y signed the Accords": the
    countries the text gives the signing officials (not the dictionary's: a witness such as
    the host's president has none stated here)."""
    out = []
    for pm in ctx.persons_in(start, trigger):
        if pm.kind == "title" and pm.country and not pm.possessive and not pm.former:
            out.append(Mention("country", pm.start, pm.end, pm.country))
    return out


def _agreement_follows(ctx: Context, end: int, sentence: Sentence) -> bool:
    d = ctx.d
    for i in range(end, min(end + 12, sentence.end)):
        if d.words[i] in (";", ":"):
            break
        ent = d.entity_at.get(i)
        if ent is not None and ent.kind == "agreement":
            return True
        if d.lower[i] in d.gaz.agreement_anaphors and d.lower[i - 1] == "the":
            return True
    return end < len(d.doc) and d.lower[end] == "by"


def _after_preposition(ctx: Context, c: Mention) -> bool:
    d = ctx.d
    j = c.start - 1
    while j >= 0 and d.lower[j] in ("the", "and", ",", "even"):
        j -= 1
    return j >= 0 and d.lower[j] in PREPOSITIONS


def _clause_subjects(ctx: Context, subjects: list[Mention], trigger: int) -> list[Mention]:
    """Keep the countries of the clause the trigger is in (after the last ';' or ':')."""
    d = ctx.d
    out = []
    for c in subjects:
        if any(d.words[k] in (";", ":") for k in range(c.end, trigger)):
            continue
        out.append(c)
    return out


def _colon_list(ctx: Context, end: int, sentence: Sentence) -> list[Mention]:
    """ "had joined the agreements: Bahrain, Morocco, Sudan and the UAE"."""
    d = ctx.d
    for i in range(end, sentence.end):
        if i >= end + 8 and d.lower[i] not in ("alongside", "along", "together"):
            continue
        if d.words[i] == ":" or d.lower[i] in ("including", "namely", "alongside"):
            return _list_after(ctx, i + 1, sentence.end)
        if d.lower[i] in ("along", "together") and i + 1 < sentence.end and d.lower[i + 1] == "with":
            return _list_after(ctx, i + 2, sentence.end)
    return []


def _owner_before(ctx: Context, noun: int) -> Mention | None:
    """ "Kazakhstan's entry", "Syria joining", "the accession of Sweden"."""
    d = ctx.d
    j = noun - 1
    if j >= 0 and d.words[j] in ("'s", "\u2019s"):
        j -= 1
    ent = d.entity_at.get(j)
    if ent is not None and ent.kind == "country":
        return ent
    if noun + 2 < len(d.doc) and d.lower[noun + 1] == "of":
        ent = d.entity_at.get(noun + 2)
        if ent is None and d.lower[noun + 2] == "the":
            ent = d.entity_at.get(noun + 3)
        if ent is not None and ent.kind == "country":
            return ent
    return None


def _deal_parties(ctx: Context, sentence: Sentence) -> list[Mention]:
    """Parties to "a deal with X", "agreements between X and Y", "deals signed by X, Y and Z"."""
    d = ctx.d
    out: list[Mention] = []
    for i in d.triggers(sentence, "deal_noun"):
        end = d.lex_span_end("deal_noun", i)
        j = end
        while j < sentence.end and (
            d.lower[j] in ("of", "relations", "ties")
            or d.token_quote[j] != -1
            or (d.punct[j] and d.words[j] != ",")
        ):
            j += 1
        if j < sentence.end and d.lower[j] in ("between", "with"):
            out += _list_after(ctx, j + 1, sentence.end)
        elif j + 1 < sentence.end and d.lower[j] == "signed" and d.lower[j + 1] == "by":
            out += _list_after(ctx, j + 2, sentence.end)
    return out


def extract_candidates(
    ctx: Context, agreements: AgreementContext, members: set[str], said_speakers: dict[int, list[str]]
) -> list[NamedCandidate]:
    d = ctx.d
    facts: list[NamedCandidate] = []
    for sentence in d.sentences:
        if not d.sentence_lex[sentence.index]:
            continue
        cues = list(d.triggers(sentence, "candidate"))
        cues += [i for i in d.triggers(sentence, "join") if _hypothetical(ctx, i)]  # "would eventually join"
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
            if _negated(ctx, c.start - 2, c.end + 8) or _asked_about(ctx, c):
                continue
            facts.append(
                NamedCandidate(country=c.value, by=by, agreement=agreement, evidence=_evidence(sentence))
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


def _location(ctx: Context, start: int, end: int) -> str | None:
    """ "in the Oval Office", "at the White House", "in Riyadh"."""
    d = ctx.d
    for i in range(start, end):
        if d.lower[i] in ("in", "at", "to") and d.token_quote[i] == -1:
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
        triggers = [
            i for i in sorted(starts) if d.token_quote[i] == -1 or _short_quote(ctx, d.token_quote[i])
        ]
        for t in triggers:
            cats = d.lex_at[t]
            end = max(d.lex_span_end(c, t) for c in cats if c in ("meet", "meet_noun", "host"))
            before = [pm for pm in ctx.persons_in(sentence.start, t) if not pm.possessive]
            objects = _objects(ctx, end, sentence)
            between = end < sentence.end and any(
                d.lower[k] == "between" for k in range(end, min(end + 3, sentence.end))
            )
            subject = before[-1].key if before else None
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
            mode = _mode(ctx, t, end, sentence, cats)
            evidence = _evidence(sentence)
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
            place = _location(ctx, end, sentence.end)
            if hosting and place is None and subject:
                place = people[subject].country
            if place and (hosting or mode == "in_person"):
                guests = [p for p in participants if not hosting or p != subject]
                for p in guests:
                    if people[p].country and people[p].country != place:
                        visits.append(Visit(visitor=p, host=place, evidence=evidence))
            break
    return meetings, visits


def _short_quote(ctx: Context, qi: int) -> bool:
    q = ctx.d.quotes[qi]
    return len(ctx.d.text[q.start : q.end].split()) <= 4


def _objects(ctx: Context, start: int, sentence: Sentence) -> list[str]:
    d = ctx.d
    out = []
    for i in range(start, sentence.end):
        if (
            d.words[i] == ";"
            or d.lower[i] in ("who", "which")
            or d.has("speech", i)
            or d.has("speech_weak", i)
        ):
            break
        if d.token_quote[i] != -1 and not _short_quote(ctx, d.token_quote[i]):
            continue
        pm = ctx.persons.at(i)
        if pm is not None and pm.start == i and pm.key and not pm.possessive and pm.kind != "pronoun":
            out.append(pm.key)
    return out


def _mode(ctx: Context, trigger: int, end: int, sentence: Sentence, cats: set[str]) -> str | None:
    d = ctx.d
    if any(d.has("phone", i) for i in range(trigger, end)) or any(
        d.lower[i] in ("phone", "telephone", "video") for i in d.triggers(sentence, "phone")
    ):
        return "phone"
    if "host" in cats or any(d.has("in_person", i) for i in range(trigger, end)):
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
            if d.has("visit_noun", i):
                end = d.lex_span_end("visit_noun", i)
                visitor = _possessor(ctx, i)
                if visitor is None and end + 1 < sentence.end and d.lower[end] == "by":
                    pm = ctx.persons.at(end + 1)
                    visitor = pm.key if pm else None
                host = _place_after(ctx, end, sentence.end) if visitor else None
            hosts = [host] if host else []
            if visitor is None and d.has("visit", i):
                end = d.lex_span_end("visit", i)
                if _negated(ctx, i - 3, i):
                    continue
                if (
                    i >= 2
                    and d.lower[i - 1] in ("a", "an", "his", "her")
                    and d.lower[i - 2] in ("during", "on")
                ):
                    before = [pm for pm in ctx.persons_in(sentence.start, i) if not pm.possessive]
                    visitor = before[-1].key if before else None  # "told Pompeo during a visit to X"
                else:
                    visitor = ctx.agent_of(i, sentence.start)
                hosts = _places_after(ctx, end, sentence.end) if visitor else []
            for host in hosts:
                if visitor and ctx.persons.people[visitor].country != host:
                    visits.append(Visit(visitor=visitor, host=host, evidence=_evidence(sentence)))
    return visits


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


def _possessor(ctx: Context, noun: int) -> str | None:
    """ "Sharaa's scheduled visit": the person before "'s" and up to three modifiers."""
    d = ctx.d
    j = noun - 1
    steps = 0
    while j >= 0 and steps < 3 and d.islower[j] and d.alpha[j]:
        j -= 1
        steps += 1
    if j >= 1 and d.words[j] in ("'s", "\u2019s", "'"):
        pm = ctx.persons.at(j - 1)
        if pm is not None and pm.key:
            return pm.key
    return None


def extract_offices(ctx: Context) -> list[HoldsOffice]:
    d = ctx.d
    facts = []
    for pm in ctx.persons.mentions:
        if pm.kind != "title" or pm.former or pm.honorific or not pm.office or pm.key is None:
            continue
        person = ctx.persons.people[pm.key]
        office = d.gaz.offices.get(pm.office_key or "")
        country = pm.country or person.country or (office.country if office else None)
        if not country:
            continue
        sentence = d.sentences[d.token_sentence[pm.start]]
        facts.append(
            HoldsOffice(person=pm.key, office=pm.office, country=country, evidence=_evidence(sentence))
        )
    return facts

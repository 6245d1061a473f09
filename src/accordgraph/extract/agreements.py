"""``joined`` facts: a country joins, signs, enters or becomes a member of an agreement.

The agreement is one the sentence names, or the article's agreement when the sentence
refers back to it ("the Accords", "the alliance"). Negated, hypothetical ("could join")
and intended ("applied to join") accessions are not facts; they may be candidacies.
"""

from __future__ import annotations

import bisect

from ..facts import Joined
from .context import Context
from .document import Mention, Sentence
from .events import PREPOSITIONS, countries_in, hypothetical, list_after, negated, sentence_evidence


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
                if before and not hypothetical(ctx, i) and not negated(ctx, i - 3, i):
                    found += [(c, before[-1].value) for c in list_after(ctx, end, sentence.end)]
                continue
            if "normalise" in cats and explicit:
                for c in countries_in(ctx, sentence.start, sentence.end):
                    if not _negated_join(ctx, c, i, end):
                        found.append((c, target))
            elif "join" in cats or ("sign" in cats and _agreement_follows(ctx, end, sentence)):
                if hypothetical(ctx, i):
                    continue
                if "sign" in cats and d.lower[end] == "by" if end < len(d.doc) else False:
                    found += [(c, target) for c in list_after(ctx, end + 1, sentence.end)]
                    continue
                subjects = [c for c in countries_in(ctx, sentence.start, i) if not _after_preposition(ctx, c)]
                subjects = _clause_subjects(ctx, subjects, i)
                listed = _colon_list(ctx, end, sentence)
                if "sign" in cats and not subjects and not listed:
                    subjects = _signers(ctx, sentence.start, i)
                if "sign" in cats:  # "Israel signed normalization deals with the UAE and Bahrain"
                    listed += _counterparts(ctx, end, sentence)
                for c in subjects + listed:
                    if not _negated_join(ctx, c, i, end):
                        found.append((c, target))
            elif "join_noun" in cats:
                c = _owner_before(ctx, i)
                if c is not None and not _negated_join(ctx, c, i, end):
                    found.append((c, target))
        if agreements.named and not found:
            found += [(c, agreements.named) for c in _deal_parties(ctx, sentence)]
        facts += [
            Joined(country=c.value, agreement=a, evidence=sentence_evidence(sentence)) for c, a in found
        ]
    return facts


def _negated_join(ctx: Context, country: Mention, trigger: int, end: int) -> bool:
    """ "did not join", "will never sign"; for "Syria joining the Accords isn't realistic" and
    "Syria's entry", the negation follows. A negation elsewhere in the clause does not count."""
    d = ctx.d
    if d.lower[trigger].endswith("ing") or d.has("join_noun", trigger):
        return negated(ctx, trigger, end + 6)
    return negated(ctx, max(country.end, trigger - 3), trigger)


def _counterparts(ctx: Context, end: int, sentence: Sentence) -> list[Mention]:
    """The countries after "with" in the object of a signing verb ("deals with X and Y")."""
    d = ctx.d
    for k in range(end, min(end + 6, sentence.end)):
        if d.lower[k] == "with":
            return list_after(ctx, k + 1, sentence.end)
        if d.words[k] in (",", ";", ":"):
            break
    return []


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
            return list_after(ctx, i + 1, sentence.end)
        if d.lower[i] in ("along", "together") and i + 1 < sentence.end and d.lower[i + 1] == "with":
            return list_after(ctx, i + 2, sentence.end)
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
            out += list_after(ctx, j + 1, sentence.end)
        elif j + 1 < sentence.end and d.lower[j] == "signed" and d.lower[j + 1] == "by":
            out += list_after(ctx, j + 2, sentence.end)
    return out

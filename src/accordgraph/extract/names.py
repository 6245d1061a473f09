"""Names in the token stream: what may be part of a person's name, and a mention of one.

>>> from accordgraph.extract.document import analyse
>>> d = analyse("Kazakhstani President Kassym-Jomart Tokayev spoke.")
>>> d.span_text(*name_run(d, 2, 7))
'Kassym-Jomart Tokayev'
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document

POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
PRONOUNS = frozenset({"he", "she"})


@dataclass
class PersonMention:
    """A mention of a person: a name, a title + name, a pronoun, or "the president"."""

    start: int
    end: int
    kind: str  # "name", "title", "pronoun", "anaphor"
    key: str | None = None
    possessive: bool = False
    quote: int = -1
    office: str | None = None
    office_key: str | None = None
    country: str | None = None  # stated by the text for this mention
    former: bool = False
    honorific: bool = False
    evidence_sentence: int = 0


def is_namey(d: Document, i: int) -> bool:
    t = d.words[i]
    if not t or not t[0].isupper() or d.lower[i] in d.gaz.lexicon["not_a_name"]:
        return False
    if d.alpha[i]:
        return True
    if len(t) <= 4 and t.endswith(".") and t.replace(".", "").isalpha():
        return True  # initials: "J." "J.D."
    return t.replace("'", "").replace("\u2019", "").isalpha() and len(t) > 2


def is_particle(d: Document, i: int) -> bool:
    return d.lower[i] in d.gaz.lexicon["name_particle"]


def name_run(d: Document, i: int, limit: int) -> tuple[int, int] | None:
    """The longest name starting at token i: capitalised words, particles, hyphens."""
    j, last = i, -1
    while j < limit and j - i < 8:
        ent = d.entity_at.get(j)
        if (ent is not None and ent.kind != "actor") or j in d.office_at:
            break
        if is_namey(d, j):
            last = j
        elif (is_particle(d, j) and j + 1 < limit) or (
            d.words[j] == "-" and j > i and not d.ws[j - 1] and not d.ws[j]
        ):
            pass
        else:
            break
        j += 1
    return (i, last + 1) if last >= i else None


def possessive_after(d: Document, end: int) -> bool:
    """ "Trump's", and "the Trump administration": the person is not the one acting."""
    return end < len(d.doc) and (d.words[end] in POSSESSIVE or d.lower[end] in d.gaz.lexicon["group_noun"])


def country_of(d: Document, i: int) -> str | None:
    ent = d.entity_at.get(i)
    if ent is None:
        return None
    if ent.kind in ("country", "demonym"):
        return ent.value
    if ent.kind == "place":
        return ent.value.split("|")[0]
    return None

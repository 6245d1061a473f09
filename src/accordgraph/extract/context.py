"""What the rules share: the analysed document, its persons, and small look-ups on them."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document, Sentence
from .persons import PersonMention, Persons

_OBJECT_PREPOSITIONS = frozenset({"for", "of", "to", "with", "by", "from", "about", "against"})
_AUXILIARIES = frozenset(
    [
        "to",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "be",
        "been",
        "has",
        "had",
        "have",
        "scheduled",
        "expected",
        "set",
        "due",
        "plans",
        "planned",
        "plan",
        "going",
        "also",
        "later",
        "then",
        "soon",
        "finally",
        "first",
    ]
)
_CLAUSE_OPENERS = frozenset({"both", "then", "yesterday", "today", "later", "also", "and"})
_NO_SUBJECT_WORDS = frozenset({"to", "not", "n't", "n\u2019t", "never"})


@dataclass
class Context:
    d: Document
    persons: Persons

    def person_ending_at(self, i: int) -> PersonMention | None:
        """The person mention whose last token is i (not possessive, outside quotations,
        not the object of a preposition: "a spokesman for Abbas")."""
        pm = self.persons.at(i)
        if pm is None or pm.end != i + 1 or pm.possessive or pm.quote != -1 or pm.key is None:
            return None
        before = pm.start - 1
        if before >= 0 and self.d.lower[before] in _OBJECT_PREPOSITIONS:
            return None
        return pm

    def persons_in(self, start: int, end: int, outside_quotes: bool = True) -> list[PersonMention]:
        seen: list[PersonMention] = []
        for i in range(start, end):
            pm = self.persons.at(i)
            if pm is None or pm.start != i or pm.key is None:
                continue
            if outside_quotes and pm.quote != -1:
                continue
            seen.append(pm)
        return seen

    def first_subject(self, sentence: Sentence, before: int) -> str | None:
        """The first person (not possessive, not after a preposition) outside quotations
        before token ``before``."""
        for pm in self.persons_in(sentence.start, before):
            if pm.possessive or (pm.start > 0 and self.d.lower[pm.start - 1] in _OBJECT_PREPOSITIONS):
                continue
            return pm.key
        return None

    def subject_of(self, verb: int, lo: int) -> str | None:
        """Who does the verb at token ``verb``: the person just before it (skipping adverbs),
        through a relative clause ("X, who ... said") or an appositive ("X, a senior adviser,
        said"); -ing forms take the clause's first person. None for anyone unnamed."""
        d = self.d
        sentence = d.sentences[d.token_sentence[verb]]
        if d.lower[verb].endswith("ing"):
            return self.first_subject(sentence, verb)
        j = verb - 1
        while j >= lo and (d.has("filler", j) or (d.lower[j].endswith("ly") and d.islower[j])):
            j -= 1
        if j < lo or d.lower[j] in _NO_SUBJECT_WORDS:
            return None
        pm = self.person_ending_at(j)
        if pm is not None:
            return pm.key
        if d.lower[j] == "and":  # "X thanked the king and said"
            key = self.clause_subject(j, lo)
            if key is not None:
                return key
        k = j
        while k >= max(lo, j - 14):
            if d.lower[k] == "who" and k - 2 >= lo and d.words[k - 1] == ",":
                pm = self.person_ending_at(k - 2)
                return pm.key if pm else None
            k -= 1
        if d.words[j] == ",":
            pm = self.person_ending_at(j - 1)  # "The foreign minister, Abdullah bin Zayed, said"
            if pm is not None:
                return pm.key
            k = j - 1
            while k >= max(lo, j - 20):
                if d.words[k] == "," and k - 1 >= lo:
                    pm = self.person_ending_at(k - 1)
                    if pm is not None:
                        return pm.key
                k -= 1
        return None

    def clause_subject(self, before: int, lo: int) -> str | None:
        """The person who opens the clause before token ``before`` and is followed by a verb:
        the subject a coordinated predicate shares ("Netanyahu thanked the king and said").
        A person after a verb or a preposition is an object, not the subject."""
        d = self.d
        sentence = d.sentences[d.token_sentence[before]]
        start = max(lo, sentence.start)
        for pm in self.persons_in(start, before):
            if pm.possessive or pm.end >= before:
                continue
            k = pm.start - 1  # before "the", a title and its country: "US envoy Jane Doe"
            while k >= start and (
                k in d.office_at or k in d.entity_at or d.has("modifier", k) or d.lower[k] == "the"
            ):
                k -= 1
            opens = k < start or d.words[k] in (",", ";", ":")
            nxt = pm.end
            if opens and d.alpha[nxt] and d.islower[nxt] and d.lower[nxt] not in ("and", "or", "who"):
                return pm.key
        return None

    def agent_of(self, verb: int, lo: int) -> str | None:
        """Who does a movement verb: "X will travel to", "X is scheduled to visit", "X, who
        visited"; persons further back in the sentence are not taken."""
        d = self.d
        j = verb - 1
        while j >= lo and (d.lower[j] in _AUXILIARIES or d.has("filler", j)):
            j -= 1
        if j < lo:
            return None
        if d.lower[j] == "who" and j - 2 >= lo and d.words[j - 1] == ",":
            j -= 2
        pm = self.person_ending_at(j)
        return pm.key if pm is not None else None

    def agents_of(self, verb: int, lo: int) -> list[str]:
        """``agent_of`` with the persons coordinated before it: "A and US envoy B will travel
        to", "A, B and C visited"."""
        d = self.d
        key = self.agent_of(verb, lo)
        if key is None:
            return []
        out = [key]
        j = verb - 1
        while j >= lo and (d.lower[j] in _AUXILIARIES or d.has("filler", j)):
            j -= 1
        if j - 2 >= lo and d.lower[j] == "who" and d.words[j - 1] == ",":
            j -= 2  # "A and B, who arrived in"
        pm = self.persons.at(j)
        while pm is not None:
            k = pm.start - 1
            while k >= lo and (k in d.office_at or k in d.entity_at or d.has("modifier", k)):
                k -= 1  # the title and country of "US envoy Avi Berkowitz"
            if k - 1 < lo or d.lower[k] not in ("and", ","):
                opens = k < lo or d.words[k] in (",", ";", ":") or d.lower[k] in _CLAUSE_OPENERS
                if len(out) > 1 and not opens:
                    del out[:-1]  # "A met B and C flew to X": B is the object of another verb
                break
            if d.lower[k] == "and" and d.words[k - 1] == ",":
                k -= 1
            pm = self.person_ending_at(k - 1)
            if pm is not None and pm.key not in out:
                out.insert(0, pm.key)
        return out

    def subject_after(self, verb: int, hi: int) -> str | None:
        """ "said Trump", "said Israeli Prime Minister Benjamin Netanyahu"."""
        d = self.d
        for k in range(verb + 1, min(hi, verb + 8)):
            pm = self.persons.at(k)
            if pm is not None and pm.quote == -1 and pm.kind in ("name", "title") and not pm.possessive:
                return pm.key
            if not (
                k in d.office_at
                or k in d.entity_at
                or d.has("modifier", k)
                or d.lower[k] in ("the", ",", "'s", "\u2019s", "to")
            ):
                return None
        return None

    def sentence_text_end(self, sentence: Sentence) -> str:
        return self.d.text[sentence.char_start : sentence.char_end].rstrip()

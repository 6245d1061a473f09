"""Persons: names from title + name patterns and the actor dictionary, later mentions
(surname, "the president", "he") resolved to them, and each person's country.

A person is a cluster keyed by surname key (FACTS.md's matching key); its display name
is the fullest form the article gives, else the actor dictionary's canonical name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document
from .gazetteers import Actor, surname_key
from .names import PRONOUNS, PersonMention, is_particle, name_run, possessive_after
from .titles import title_mention

_PREPOSITIONS = frozenset({"to", "with", "by", "for", "of", "from", "about", "against", "between"})
_ABBREVIATIONS_NOT_NAMES = 4  # all-caps forms this short ("MBS") are not shown as names


@dataclass
class Person:
    key: str
    forms: list[str] = field(default_factory=list)
    quoted_forms: list[str] = field(default_factory=list)  # forms seen only inside quotations
    actor: Actor | None = None
    text_country: str | None = None
    office_keys: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The fullest form the article gives, else the dictionary's canonical name."""
        forms = self.forms or self.quoted_forms
        shown = [f for f in forms if not (f.isupper() and len(f) <= _ABBREVIATIONS_NOT_NAMES)]
        if self.actor is not None and (not shown or max(len(f.split()) for f in shown) < 2):
            return self.actor.name
        if not shown:
            return forms[0]
        return max(shown, key=lambda f: (len(f.replace("-", " ").split()), len(f)))

    @property
    def country(self) -> str | None:
        return self.text_country or (self.actor.country if self.actor else None)


@dataclass
class Persons:
    mentions: list[PersonMention]
    people: dict[str, Person]
    by_token: dict[int, PersonMention]

    def at(self, i: int) -> PersonMention | None:
        return self.by_token.get(i)


def find_persons(d: Document) -> Persons:
    """All person mentions of the article, resolved to person clusters."""
    doc = d.doc
    gaz = d.gaz
    mentions: list[PersonMention] = []
    covered: set[int] = set()
    honorific_keys: dict[tuple[int, int], str] = {}  # name span -> honorific ("prince")
    for index in range(len(d.offices)):
        pm = title_mention(d, index)
        if pm is None:
            continue
        if covered.intersection(range(pm.start, pm.end)):
            # "Prince Faisal bin Farhan, the Saudi foreign minister": the office wins over
            # the honorific for the same name, and "the prince" still refers to him.
            same = next((m for m in mentions if (m.start, m.end) == (pm.start, pm.end)), None)
            if same is not None and same.honorific and not pm.honorific and same.office_key:
                mentions[mentions.index(same)] = pm
                honorific_keys[(pm.start, pm.end)] = same.office_key
            continue
        mentions.append(pm)
        covered.update(range(pm.start, pm.end))
    for ent in d.entities:
        if ent.kind == "actor" and not covered.intersection(range(ent.start, ent.end)):
            if ent.end < len(doc) and d.words[ent.end] == "-" and not d.ws[ent.end - 1]:
                continue  # "Trump-led"
            mentions.append(
                PersonMention(
                    ent.start, ent.end, "name", possessive=possessive_after(d, ent.end), quote=ent.quote
                )
            )
            covered.update(range(ent.start, ent.end))

    people: dict[str, Person] = {}

    def actor_for(text: str) -> Actor | None:
        return gaz.actor_by_form.get(text)

    mentions.sort(key=lambda m: m.start)
    formerly: set[str] = set()  # persons the text gives a former office
    for pm in mentions:
        if pm.kind not in ("title", "name"):
            continue
        text = d.span_text(pm.start, pm.end)
        single = pm.end - pm.start == 1
        known = _known_by_word(people, text) if single else None
        actor = actor_for(text)
        if actor is None and single and known is None:
            actor = gaz.actor_by_key.get(surname_key(text))
        if known is not None:
            pm.key = known  # "Sheikh Abdullah" after "Abdullah bin Zayed Al Nahyan"
        elif actor is not None and single:
            pm.key = surname_key(actor.name)
        else:
            pm.key = surname_key(text)
        if not pm.key:
            continue
        person = people.setdefault(pm.key, Person(pm.key))
        forms = person.forms if pm.quote == -1 else person.quoted_forms
        if text not in forms:
            forms.append(text)
        if actor is not None and person.actor is None and surname_key(actor.name) == pm.key:
            person.actor = actor
        if pm.country and not person.text_country:
            person.text_country = pm.country
        if pm.office_key and not pm.former:
            person.office_keys.add(pm.office_key)
        if (pm.start, pm.end) in honorific_keys:
            person.office_keys.add(honorific_keys[(pm.start, pm.end)])
        if pm.former:
            formerly.add(pm.key)
    for person in people.values():
        if person.actor is None:
            person.actor = gaz.actor_by_key.get(person.key)
            if person.actor is not None and not any(
                set(f.split()) & set(person.actor.name.split()) for f in person.forms
            ):
                person.actor = None
        if person.actor is not None and person.actor.office and person.key not in formerly:
            person.office_keys.add(person.actor.office.lower())  # the text says nothing otherwise

    mentions.extend(_later_mentions(d, covered, people))
    mentions.sort(key=lambda m: m.start)
    _resolve(d, mentions, people)
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    return Persons(mentions, people, by_token)


def _known_by_word(people: dict[str, Person], word: str) -> str | None:
    """The one person already named whose name has this word ("Abdullah"), if exactly one."""
    found = {p.key for p in people.values() if any(word in f.split() for f in p.forms)}
    return found.pop() if len(found) == 1 else None


def _later_mentions(d: Document, covered: set[int], people: dict[str, Person]) -> list[PersonMention]:
    """Surnames and partial names of known persons, pronouns, and named speakers."""
    doc = d.doc
    found: list[PersonMention] = []
    candidates = d.name_starts
    position = 0
    i, n = 0, len(doc)
    while position < len(candidates):
        if candidates[position] < i:
            position += 1
            continue
        i = candidates[position]
        if i in covered:
            i += 1
            continue
        if d.lower[i] in PRONOUNS:
            found.append(PersonMention(i, i + 1, "pronoun", quote=d.token_quote[i]))
            i += 1
            continue
        if not (d.words[i][:1].isupper() or is_particle(d, i)):
            i += 1
            continue
        limit = d.sentences[d.token_sentence[i]].end
        run = name_run(d, i, limit)
        if run is None:
            i += 1
            continue
        s, e = run
        while e > s and (e - 1) in covered:
            e -= 1
        if e <= s or covered.intersection(range(s, e)):
            i += 1
            continue
        if e < n and d.words[e] == "-" and not d.ws[e - 1]:
            i = e + 1  # "Trump-led": a compound adjective, not a mention
            continue
        key = surname_key(d.span_text(s, e))
        if key in people:
            found.append(
                PersonMention(
                    s, e, "name", key=key, possessive=possessive_after(d, e), quote=d.token_quote[s]
                )
            )
            if e - s > 1:
                forms = people[key].forms if d.token_quote[s] == -1 else people[key].quoted_forms
                if d.span_text(s, e) not in forms:
                    forms.append(d.span_text(s, e))
        elif e - s >= 2 and all(d.alpha[k] for k in range(s, e)) and _near_speech(d, s, e):
            people[key] = Person(key, [d.span_text(s, e)])
            found.append(
                PersonMention(
                    s, e, "name", key=key, possessive=possessive_after(d, e), quote=d.token_quote[s]
                )
            )
        i = e
    return found


def _near_speech(d: Document, start: int, end: int) -> bool:
    """An unknown two-word name directly before or after an explicit speech verb."""
    j = end
    while j < len(d.doc) and d.has("filler", j):
        j += 1
    if j < len(d.doc) and d.has("speech", j):
        return True
    return start > 0 and d.has("speech", start - 1) and d.lower[start - 1] in ("said", "says", "told")


def _holders(recent_office: dict[str, list[str]], office_key: str) -> list[str]:
    """Persons holding an office, least recent first: "the president" is a President (not a
    Vice President); "the minister" is any kind of minister."""
    exact = recent_office.get(office_key)
    if exact:
        return exact
    suffix = " " + office_key
    found: list[str] = []
    for key, holders in recent_office.items():
        if key.endswith(suffix) and not key.startswith("vice ") and not key.startswith("deputy "):
            found.extend(h for h in holders if h not in found)
    return found


def _resolve(d: Document, mentions: list[PersonMention], people: dict[str, Person]) -> None:
    """Pronouns and "the president" to persons, sentence by sentence."""
    salient: str | None = None
    recent_office: dict[str, list[str]] = {}
    by_sentence: dict[int, list[PersonMention]] = {}
    for m in mentions:
        m.evidence_sentence = d.token_sentence[m.start]
        by_sentence.setdefault(m.evidence_sentence, []).append(m)
    for sentence in d.sentences:
        subject: str | None = None
        fallback: str | None = None
        for m in by_sentence.get(sentence.index, ()):
            if m.kind == "pronoun":
                m.key = subject or salient
            elif m.kind == "anaphor":
                keys = _holders(recent_office, m.office_key or "")
                if m.country:
                    keys = [k for k in keys if people[k].country == m.country]
                m.key = keys[-1] if keys else None
            if m.key is None or m.key not in people:
                continue
            for office_key in people[m.key].office_keys:
                lst = recent_office.setdefault(office_key, [])
                if m.key in lst:
                    lst.remove(m.key)
                lst.append(m.key)
            if m.quote == -1:
                after_preposition = m.start > 0 and d.lower[m.start - 1] in _PREPOSITIONS
                if not m.possessive and subject is None and not after_preposition:
                    subject = m.key
                fallback = fallback or m.key
        salient = subject or fallback or salient

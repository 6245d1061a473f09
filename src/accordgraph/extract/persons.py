"""Persons: names from title + name patterns and the actor dictionary, later mentions
(surname, "the president", "he") resolved to them, and each person's country.

A person is a cluster keyed by surname key (FACTS.md's matching key); its display name
is the fullest form the article gives, else the actor dictionary's canonical name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Document, Mention
from .gazetteers import Actor, surname_key

PARTICLE_WORDS = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "ben",
        "abu",
        "abd",
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "la",
        "le",
        "ould",
        "al-",
        "el-",
        "bin-",
    ]
)
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
PRONOUNS = frozenset({"he", "she"})
# Nouns a name modifies when it stands for a group ("the Trump administration").
GROUP_NOUNS = frozenset(
    {
        "administration",
        "government",
        "team",
        "campaign",
        "cabinet",
        "aides",
        "era",
        "camp",
        "family",
        "allies",
        "coalition",
        "regime",
        "doctrine",
        "plan",
        "presidency",
        "white",
    }
)
# Capitalised words that start sentences or name things, never a person's name.
CAPITALISED_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "Or",
        "If",
        "As",
        "For",
        "With",
        "From",
        "By",
        "To",
        "Of",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Its",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Among",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "Asked",
        "According",
        "Earlier",
        "Later",
        "Still",
        "Yet",
        "So",
        "Then",
        "There",
        "Here",
        "Today",
        "Tonight",
        "Yesterday",
        "Speaking",
        "Meanwhile",
        "However",
        "Also",
        "Both",
        "Each",
        "Every",
        "Other",
        "Several",
        "Some",
        "Many",
        "Most",
        "All",
        "No",
        "Not",
        "What",
        "Who",
        "Why",
        "How",
        "Where",
        "Unlike",
        "Prior",
        "Ahead",
        "Despite",
        "Under",
        "Over",
        "Since",
        "Until",
        "Following",
        "Once",
        "Instead",
        "Even",
        "Only",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Assembly",
        "Council",
        "Committee",
        "Forum",
        "House",
        "Office",
        "Department",
        "Ministry",
        "Agency",
        "Summit",
        "Conference",
        "Union",
        "League",
        "Organization",
        "Organisation",
        "Party",
        "Court",
        "Street",
        "Square",
        "Palace",
        "Day",
        "Accords",
        "Accord",
        "Agreement",
        "Agreements",
        "News",
        "Post",
        "Times",
        "Social",
        "Platform",
        "Network",
        "Lawn",
        "Room",
        "Table",
        "Investment",
        "Prize",
        "Peace",
        "Initiative",
        "Forces",
        "Army",
        "Guard",
        "Bank",
        "Fund",
        "Group",
        "Institute",
        "University",
        "Center",
        "Centre",
        "Foundation",
        "Airport",
        "Hotel",
        "Media",
        "Press",
        "Show",
        "Gulf",
        "Middle",
        "East",
        "West",
        "North",
        "South",
        "Central",
        "Arab",
        "Muslim",
        "Jewish",
        "Christian",
        "Republican",
        "Republicans",
        "Democrat",
        "Democrats",
        "Islamic",
        "State",
        "Nations",
        "United",
        "Strategy",
        "Momentum",
        "Regional",
        "Possible",
        "New",
        "Real",
        "Results",
    ]
)
_ABBREVIATIONS_NOT_NAMES = 4  # all-caps forms this short ("MBS") are not shown as names


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


def is_namey(d: Document, i: int) -> bool:
    t = d.words[i]
    if not t or not t[0].isupper() or t in CAPITALISED_STOP:
        return False
    if d.alpha[i]:
        return True
    if len(t) <= 4 and t.endswith(".") and t.replace(".", "").isalpha():
        return True  # initials: "J." "J.D."
    return t.replace("'", "").replace("\u2019", "").isalpha() and len(t) > 2


def is_particle(d: Document, i: int) -> bool:
    return d.lower[i] in PARTICLE_WORDS


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


def _possessive_after(d: Document, end: int) -> bool:
    """ "Trump's", and "the Trump administration": the person is not the one acting."""
    return end < len(d.doc) and (d.words[end] in POSSESSIVE or d.lower[end] in GROUP_NOUNS)


def _country_of(d: Document, i: int) -> str | None:
    ent = d.entity_at.get(i)
    if ent is None:
        return None
    if ent.kind in ("country", "demonym"):
        return ent.value
    if ent.kind == "place":
        return ent.value.split("|")[0]
    return None


def _title_mention(d: Document, office_index: int) -> PersonMention | None:
    """A title with its modifiers, country and the name after it (or "the" before it)."""
    m = d.offices[office_index]
    doc = d.doc
    office = d.gaz.offices.get(m.value)
    honorific = office is not None and "honorific" in office.flags
    country, former, first_modifier = None, False, m.start
    j = m.start - 1
    capitalised: list[int] = []
    lo = d.sentences[d.token_sentence[m.start]].start
    while j >= lo:
        text = d.lower[j]
        if d.has("former", j) and text in d.gaz.lexicon.get("former", ()):
            former = True
            j -= 1
            continue
        if d.has("modifier", j):
            if not capitalised:
                first_modifier = j
            j -= 1
            continue
        if d.words[j] in POSSESSIVE and j - 1 >= lo and _country_of(d, j - 1):
            country = _country_of(d, j - 1)
            j = d.entity_at[j - 1].start - 1
            break
        found = _country_of(d, j)
        if found:
            country = found
            if capitalised:
                first_modifier = capitalised[-1]
            j = d.entity_at[j].start - 1
            while j >= lo and d.has("modifier", j):  # "Former Israeli Prime Minister"
                former = former or d.lower[j] in d.gaz.lexicon.get("former", ())
                j -= 1
            break
        if d.words[j][:1].isupper() and d.alpha[j] and len(capitalised) < 3 and j not in d.office_at:
            capitalised.append(j)
            j -= 1
            continue
        break
    if capitalised and country is None:
        j = capitalised[0]  # capitalised words that led to no country are not part of the title
    the_before = j >= lo and d.lower[j] == "the"
    # Complement: "Ambassador to Israel", "President of Kazakhstan".
    end = m.end
    if end + 1 < len(doc) and d.lower[end] in ("to", "of") and _country_of(d, end + 1):
        complement = _country_of(d, end + 1)
        if d.lower[end] == "of" and not any(w in m.value for w in ("ambassador", "envoy")):
            country = country or complement
        end = d.entity_at[end + 1].end
    elif end + 1 < len(doc) and d.lower[end] in ("to", "of", "for"):
        # "ambassador to the United Nations, Gilad Erdan": a complement, then the name
        k = end + 1
        while k < len(doc) and k - end <= 6 and (d.lower[k] == "the" or d.words[k][:1].isupper()):
            k += 1
        if k < len(doc) and d.words[k] == "," and k > end + 1:
            end = k
    office_text = d.span_text(min(first_modifier, m.start), end).rstrip(" ,")
    start = end
    while start in d.office_at and _is_honorific(d, d.office_at[start]):  # "Foreign Minister Prince Faisal"
        start = d.office_at[start].end
    if (
        start < len(doc)
        and d.words[start] == ","
        and m.value in ("senior adviser", "senior advisor", "adviser")
    ):
        start += 1
    limit = d.sentences[d.token_sentence[m.start]].end
    run = name_run(d, start, limit) if start < limit else None
    if run is None and (the_before or country) and start < limit and d.words[start] == ",":
        run = name_run(d, start + 1, limit)  # "the Emirati foreign minister, Abdullah bin Zayed,"
    if run is None and the_before and j >= 1 and d.words[j - 1] == ",":
        run = _name_before(d, j - 1, lo)  # "Abdullah bin Zayed, the UAE's foreign minister"
    if run is None:
        if the_before and not honorific:
            return PersonMention(j, m.end, "anaphor", office_key=m.value, country=country, quote=m.quote)
        return None
    ns, ne = run
    if ne < limit - 1 and d.lower[ne] == "of" and _country_of(d, ne + 1):
        country = country or _country_of(d, ne + 1)
    return PersonMention(
        ns,
        ne,
        "title",
        possessive=_possessive_after(d, ne),
        quote=d.token_quote[ns],
        office=None if honorific else office_text,
        office_key=None if honorific else m.value,
        country=country,
        former=former,
        honorific=honorific,
    )


def _name_before(d: Document, end: int, lo: int) -> tuple[int, int] | None:
    """The name whose last token is just before ``end`` (scanning back over a name's words)."""
    k = end - 1
    while k >= lo and (is_namey(d, k) or is_particle(d, k) or d.words[k] == "-") and end - k <= 8:
        k -= 1
    start = k + 1
    while start < end and not is_namey(d, start) and not is_particle(d, start):
        start += 1
    if start >= end or not is_namey(d, end - 1):
        return None
    run = name_run(d, start, end)
    return run if run is not None and run[1] == end else None


def _is_honorific(d: Document, m: Mention) -> bool:
    office = d.gaz.offices.get(m.value)
    return office is not None and "honorific" in office.flags


def find_persons(d: Document) -> Persons:
    """All person mentions of the article, resolved to person clusters."""
    doc = d.doc
    gaz = d.gaz
    mentions: list[PersonMention] = []
    covered: set[int] = set()
    for index in range(len(d.offices)):
        pm = _title_mention(d, index)
        if pm is not None and not covered.intersection(range(pm.start, pm.end)):
            mentions.append(pm)
            covered.update(range(pm.start, pm.end))
    for ent in d.entities:
        if ent.kind == "actor" and not covered.intersection(range(ent.start, ent.end)):
            if ent.end < len(doc) and d.words[ent.end] == "-" and not d.ws[ent.end - 1]:
                continue  # "Trump-led"
            mentions.append(
                PersonMention(
                    ent.start, ent.end, "name", possessive=_possessive_after(d, ent.end), quote=ent.quote
                )
            )
            covered.update(range(ent.start, ent.end))

    people: dict[str, Person] = {}

    def actor_for(text: str) -> Actor | None:
        return gaz.actor_by_form.get(text)

    for pm in mentions:
        if pm.kind not in ("title", "name"):
            continue
        text = d.span_text(pm.start, pm.end)
        actor = actor_for(text)
        if actor is None and pm.end - pm.start == 1:
            actor = gaz.actor_by_key.get(surname_key(text))
        pm.key = (
            surname_key(actor.name) if actor is not None and pm.end - pm.start == 1 else surname_key(text)
        )
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
    for person in people.values():
        if person.actor is None:
            person.actor = gaz.actor_by_key.get(person.key)
            if person.actor is not None and not any(
                set(f.split()) & set(person.actor.name.split()) for f in person.forms
            ):
                person.actor = None
        if person.actor is not None and person.actor.office:
            person.office_keys.add(person.actor.office.lower())

    mentions.extend(_later_mentions(d, covered, people))
    mentions.sort(key=lambda m: m.start)
    _resolve(d, mentions, people)
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    return Persons(mentions, people, by_token)


def _later_mentions(d: Document, covered: set[int], people: dict[str, Person]) -> list[PersonMention]:
    """Surnames and partial names of known persons, pronouns, and named speakers."""
    doc = d.doc
    found: list[PersonMention] = []
    lower, words = d.lower, d.words
    small = PRONOUNS | PARTICLE_WORDS
    candidates = [k for k, w in enumerate(words) if w[0].isupper() or lower[k] in small]
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
                    s, e, "name", key=key, possessive=_possessive_after(d, e), quote=d.token_quote[s]
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
                    s, e, "name", key=key, possessive=_possessive_after(d, e), quote=d.token_quote[s]
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
                if not m.possessive and subject is None:
                    subject = m.key
                fallback = fallback or m.key
        salient = subject or fallback or salient

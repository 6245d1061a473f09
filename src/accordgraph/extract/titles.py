"""Titles before (or around) names: "Syria's interim President Ahmed al-Sharaa",
"Abdullah bin Zayed, the UAE's foreign minister", and "the president" alone.
"""

from __future__ import annotations

from .document import Document, Mention
from .names import POSSESSIVE, PersonMention, country_of, is_namey, is_particle, name_run, possessive_after


def title_mention(d: Document, office_index: int) -> PersonMention | None:
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
        if d.words[j] == "-" and j - 1 >= lo and d.has("former", j - 1):  # "then-Secretary of State"
            former = True
            j -= 2
            continue
        if d.has("modifier", j):
            if not capitalised:
                first_modifier = j
            j -= 1
            continue
        if d.words[j] in POSSESSIVE and j - 1 >= lo and country_of(d, j - 1):
            country = country_of(d, j - 1)
            j = d.entity_at[j - 1].start - 1
            break
        found = country_of(d, j)
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
    if end + 1 < len(doc) and d.lower[end] in ("to", "of") and country_of(d, end + 1):
        complement = country_of(d, end + 1)
        if d.lower[end] == "of" and not any(w in m.value for w in ("ambassador", "envoy")):
            country = country or complement
        end = d.entity_at[end + 1].end
    elif end + 1 < len(doc) and d.lower[end] in ("to", "of", "for"):
        # "Minister of State for Foreign Affairs Adel Al-Jubeir": a portfolio, then the name
        k = end + 1
        while k < len(doc) and (d.lower[k] in ("the", "and", "&") or d.has("portfolio", k)):
            k += 1
        if k > end + 1 and d.has("portfolio", k - 1):
            end = k
        else:
            # "ambassador to the United Nations, Gilad Erdan": a complement, a comma, the name
            k = end + 1
            while k < len(doc) and k - end <= 6 and (d.lower[k] == "the" or d.words[k][:1].isupper()):
                k += 1
            if k < len(doc) and d.words[k] == "," and k > end + 1:
                end = k
            else:  # "Special Envoy for the Middle East Steve Witkoff": a known name ends it
                actor = next(
                    (i for i in range(end + 2, k) if i in d.entity_at and d.entity_at[i].kind == "actor"),
                    None,
                )
                if actor is not None and d.entity_at[actor].start == actor:
                    end = actor
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
        k = start + 1  # "the Emirati foreign minister, Abdullah bin Zayed,"; "..., Prince Faisal"
        while k in d.office_at and _is_honorific(d, d.office_at[k]):
            k = d.office_at[k].end
        run = name_run(d, k, limit) if k < limit else None
    closes = end >= limit or d.words[end] in (",", ".", ";")  # the appositive ends with the title
    if run is None and the_before and closes and j >= 1 and d.words[j - 1] == ",":
        run = _name_before(d, j - 1, lo)  # "Abdullah bin Zayed, the UAE's foreign minister,"
    if run is None:
        if the_before or (country and not honorific):  # "the president", "Israel's prime minister"
            start = j if the_before else j + 1
            return PersonMention(start, m.end, "anaphor", office_key=m.value, country=country, quote=m.quote)
        return None
    ns, ne = run
    if ne < limit - 1 and d.lower[ne] == "of" and country_of(d, ne + 1):
        country = country or country_of(d, ne + 1)
    return PersonMention(
        ns,
        ne,
        "title",
        possessive=possessive_after(d, ne),
        quote=d.token_quote[ns],
        office=None if honorific else (f"former {office_text}" if former else office_text),
        office_key=m.value,  # "the prince" may refer back to "Prince Faisal"
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
    while start < end and (start in d.office_at or (not is_namey(d, start) and not is_particle(d, start))):
        start = d.office_at[start].end if start in d.office_at else start + 1  # "Prince Faisal ..."
    if start >= end or not is_namey(d, end - 1):
        return None
    run = name_run(d, start, end)
    return run if run is not None and run[1] == end else None


def _is_honorific(d: Document, m: Mention) -> bool:
    office = d.gaz.offices.get(m.value)
    return office is not None and "honorific" in office.flags

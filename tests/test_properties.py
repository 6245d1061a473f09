"""Property-based tests of extraction (hypothesis): whatever the text, extraction

- never raises,
- gives every fact an evidence span inside the text,
- puts every quote inside its fact's span,
- gives valid facts (they survive the FACTS.md JSON round trip),
- is deterministic (the same facts, in the same order, every time).

Two kinds of text: arbitrary Unicode, and news-like text assembled from diplomatic
vocabulary (names, titles, countries, speech and meeting verbs, quote marks of every
kind), which reaches the extraction rules far more often than random characters do.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordgraph.extract import extract_text
from accordgraph.facts import Said, fact_from_dict

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

NAMES = ["Amina Sayed", "Sayed", "Kassym-Jomart Tokayev", "Tokayev", "Lars Holm", "Holm", "Ahmed al-Sharaa"]
TITLES = ["President", "Foreign Minister", "Crown Prince", "Secretary of State", "Prime Minister", "former"]
COUNTRIES = ["Kazakhstan", "Saudi Arabia", "the UAE", "U.S.", "Morocco", "Syria's", "Kazakhstani", "Emirati"]
AGREEMENTS = ["Abraham Accords", "Abraham Accord", "NATO", "BRICS", "the Arab League"]
VERBS = ["said", "told", "met", "joined", "visited", "hosted", "called", "named", "will join", "signed"]
GLUE = ["he", "She", "the president", "that", "and", "with", "in", "next", "would", "be", "a", "to", "of"]
MARKS = ['"', "“", "”", "'", "‘", "’", "«", "»", ",", ".", "!", "?", ":", ";", "(", ")", "—", "'s", "´"]
ODD = ["\n", "\n\n", "\r\n", "\t", "\u2028", "\u200b", "\u202e", "e\u0301", "🇰🇿", "\ufeff", "\x00", "<p>"]

words = st.sampled_from(NAMES + TITLES + COUNTRIES + AGREEMENTS + VERBS + GLUE + MARKS + ODD)
news_like = st.lists(words, max_size=80).map(" ".join)
any_text = st.text(max_size=400)
texts = st.one_of(news_like, any_text)


def check_facts(text: str, facts: list) -> None:
    for fact in facts:
        ev = fact.evidence
        assert ev is not None, fact
        assert 0 <= ev.start <= ev.end <= len(text), (fact, len(text))
        if isinstance(fact, Said) and fact.quote is not None:
            assert fact.quote, fact
            assert fact.quote in text[ev.start : ev.end], fact
        assert fact_from_dict(fact.to_dict()) == fact


@PROPERTY_SETTINGS
@given(texts)
def test_extraction_never_raises_and_spans_lie_inside_the_text(text):
    check_facts(text, extract_text(text))


@PROPERTY_SETTINGS
@given(news_like)
def test_extraction_is_deterministic(text):
    first = [f.to_dict() for f in extract_text(text)]
    assert [f.to_dict() for f in extract_text(text)] == first


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    speaker=st.sampled_from(["Amina Sayed", "Lars Holm", "Kassym-Jomart Tokayev"]),
    title=st.sampled_from(["President", "Foreign Minister", "Prime Minister"]),
    quote=st.lists(st.sampled_from([*GLUE, *COUNTRIES, "peace"]), min_size=2, max_size=12).map(" ".join),
    marks=st.sampled_from([('"', '"'), ("“", "”"), ("‘", "’")]),
    prefix=news_like,
)
def test_a_quoted_statement_keeps_its_quote_inside_its_span(speaker, title, quote, marks, prefix):
    """Known-good sentences inside random surroundings: whatever is found obeys the invariants."""
    open_mark, close_mark = marks
    text = f"{prefix}\n\n{open_mark}{quote.capitalize()},{close_mark} {title} {speaker} said on Tuesday."
    check_facts(text, extract_text(text))

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

from pathlib import Path

import pytest
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

# Sentences of the kinds extraction reads, slots filled at random, then perturbed.
FULL_NAMES = ["Amina Sayed", "Lars Holm", "Kassym-Jomart Tokayev", "Ahmed al-Sharaa", "Maria Lopez"]
DEMONYMS = ["Kazakhstani", "Saudi", "Emirati", "Moroccan", "Israeli", "American", "Syria's"]
PLACES = ["Kazakhstan", "Saudi Arabia", "Morocco", "Azerbaijan", "Indonesia", "the United States"]
TEMPLATES = [
    "{dem} {title} {a} met {title2} {b} in the capital on Tuesday.",
    "“{quote},” {a} said.",
    '"{quote}," {title} {a} told reporters.',
    "{a} said that {place} would join the {agreement} soon.",
    "{place} joined the {agreement} on Thursday.",
    "{a} named {place} and {place2} as likely next members of the {agreement}.",
    "{a} will visit {place} next month.",
    "{a} hosted {b} at the White House.",
    "{a} spoke by phone with {b}, in a call arranged by {c}.",
    "He said {place} could sign the {agreement} in its own time.",
    "‘{quote}’, the {title} said.",
]
QUOTES = ["We are ready", "Peace is a choice", "The door is open to every nation", "It's a historic day"]
sentence = st.builds(
    lambda template, a, b, c, dem, title, title2, place, place2, agreement, quote: template.format(
        a=a, b=b, c=c, dem=dem, title=title, title2=title2, place=place, place2=place2,
        agreement=agreement, quote=quote,
    ),
    st.sampled_from(TEMPLATES), *[st.sampled_from(FULL_NAMES)] * 3, st.sampled_from(DEMONYMS),
    *[st.sampled_from(TITLES[:-1])] * 2, *[st.sampled_from(PLACES)] * 2, st.sampled_from(AGREEMENTS),
    st.sampled_from(QUOTES),
)  # fmt: skip
stories = st.lists(sentence, min_size=1, max_size=8).map(" ".join)


def perturb(text: str, edits: list[tuple[float, str]]) -> str:
    """Insert each token at its relative position: stray quotes, breaks, odd characters."""
    for where, token in edits:
        i = int(where * len(text))
        text = text[:i] + token + text[i:]
    return text


noisy_stories = st.builds(
    perturb, stories, st.lists(st.tuples(st.floats(0, 1), st.sampled_from(MARKS + ODD)), max_size=6)
)
texts = st.one_of(stories, noisy_stories, news_like, any_text)


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


# ---------------------------------------------------------------- through the RDF layer

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@PROPERTY_SETTINGS
@given(texts)
def test_the_graph_of_any_text_parses_and_its_spans_quote_the_text(text):
    import pyoxigraph as ox

    from accordgraph.articles import Article
    from accordgraph.rdf import facts_to_ntriples

    nt = facts_to_ntriples(extract_text(text), Article(text=text))
    spans: dict[str, dict[str, str]] = {}
    for triple in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        if triple.predicate.value.startswith(NIF):
            spans.setdefault(triple.subject.value, {})[triple.predicate.value[len(NIF) :]] = (
                triple.object.value
            )
    for span in spans.values():
        begin, end = int(span["beginIndex"]), int(span["endIndex"])
        assert span["anchorOf"] == text[begin:end]


@pytest.fixture(scope="module")
def base_store():
    from accordgraph.ingest import load_base
    from accordgraph.store import open_store

    with open_store("memory") as store:
        load_base(store, Path(__file__).resolve().parents[1] / "graph")
        yield store


def test_the_generated_stories_do_exercise_extraction():
    """Guard against vacuous properties: most generated stories have facts to find."""
    found = []

    @settings(max_examples=30, deadline=None, derandomize=True)
    @given(stories)
    def collect(text):
        found.append(len(extract_text(text)))

    collect()
    assert sum(1 for n in found if n) >= 20, found


@pytest.mark.slow
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.one_of(stories, noisy_stories))
def test_the_graph_of_any_text_conforms_to_the_shapes(base_store, text):
    from accordgraph.articles import Article
    from accordgraph.rdf import article_iri, facts_to_ntriples
    from accordgraph.validate import validate_store

    article = Article(text=text, title="Generated", path="/generated.txt")
    base_store.replace_graph("urn:x-test:article", facts_to_ntriples(extract_text(text), article))
    report = validate_store(base_store)
    assert report.table().rows == [], article_iri(article)

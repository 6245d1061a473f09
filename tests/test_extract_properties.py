"""Properties that hold for any text: evidence in range, quotations inside their evidence,
deterministic output, no crash on unbalanced quotes or text without punctuation."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accordgraph.extract import extract_text

PIECES = [
    "Kazakhstan joined the Abraham Accords",
    "Israeli Prime Minister Benjamin Netanyahu",
    "met",
    "said",
    '"We are ready,"',
    "\u201cPeace now",
    "\u2019",
    "'",
    "told reporters",
    "Trump",
    "he",
    "the president",
    "visited Riyadh",
    "Lebanon and Syria could join next",
    ".",
    ",",
    "\n",
    "don't",
    "Sharaa's scheduled visit to the White House",
    "a call between Netanyahu and Tokayev",
]


def check(text: str) -> None:
    facts = extract_text(text)
    assert facts == extract_text(text)
    for fact in facts:
        ev = fact.evidence
        assert ev is not None and 0 <= ev.start < ev.end <= len(text)
        quote = getattr(fact, "quote", None)
        if quote:
            assert quote in text[ev.start : ev.end]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_any_arrangement_of_article_pieces(pieces: list[str]) -> None:
    check(" ".join(pieces))


def test_a_long_text_without_punctuation_with_a_quotation_across_the_sentence_cap() -> None:
    words = " ".join(["Netanyahu met Tokayev and said"] * 60)
    text = f'{words} Rubio said "{words} and peace" {words}'
    check(text)
    quotes = [f for f in extract_text(text) if getattr(f, "quote", None)]
    assert [(f.speaker, f.quote[-9:]) for f in quotes] == [("Marco Rubio", "and peace")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_unicode_text(text: str) -> None:
    check(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*PIECES, "\r\n", "\u201d", "\u2018", "?!", "  "]), max_size=60))
def test_pieces_with_windows_line_ends_and_stray_marks(pieces: list[str]) -> None:
    check("".join(pieces))

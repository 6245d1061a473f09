"""FACTS.md's matching rules, on small hand-checked cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from accordgraph.errors import AccordgraphError
from accordgraph.evaluate import agreement_key, evaluate_directory, facts_match, person_key, score_facts


def test_keys() -> None:
    assert person_key("Abdullah bin Zayed al-Nahyan") == "nahyan"
    assert person_key("Donald J. Trump") == person_key("Trump") == "trump"
    assert agreement_key("Abraham Accord") == agreement_key("abraham accords")


def test_said_quote_must_cover_half_of_the_gold_words() -> None:
    gold = {"kind": "said", "speaker": "Trump", "quote": "one two three four"}
    assert facts_match(gold, {"kind": "said", "speaker": "Donald Trump", "quote": "one two"})
    assert not facts_match(gold, {"kind": "said", "speaker": "Donald Trump", "quote": "one"})
    assert not facts_match(gold, {"kind": "said", "speaker": "Rubio", "quote": "one two three four"})
    assert facts_match(
        {"kind": "said", "speaker": "Trump", "quote": None}, {"kind": "said", "speaker": "Trump"}
    )


def test_met_compares_participant_sets() -> None:
    gold = {"kind": "met", "participants": ["Netanyahu", "Tokayev"]}
    assert facts_match(gold, {"kind": "met", "participants": ["Kassym-Jomart Tokayev", "Benjamin Netanyahu"]})
    assert not facts_match(gold, {"kind": "met", "participants": ["Netanyahu", "Tokayev", "Trump"]})
    assert facts_match(
        {"kind": "met", "participants": ["ISR", "ARE"]}, {"kind": "met", "participants": ["ARE", "ISR"]}
    )


def test_optional_gold_is_neither_missed_nor_spurious() -> None:
    gold = [
        {"kind": "joined", "country": "KAZ", "agreement": "Abraham Accords"},
        {"kind": "joined", "country": "ARE", "agreement": "Abraham Accords", "optional": True},
        {"kind": "joined", "country": "BHR", "agreement": "Abraham Accords", "optional": True},
    ]
    pred = [
        {"kind": "joined", "country": "ARE", "agreement": "Abraham Accord"},
        {"kind": "joined", "country": "SYR", "agreement": "Abraham Accords"},
    ]
    s = score_facts(gold, pred)["joined"]
    assert (s.gold, s.tp, s.fp, s.fn) == (1, 0, 1, 1)
    assert s.spurious == [{"kind": "joined", "country": "SYR", "agreement": "Abraham Accords"}]


def test_each_gold_fact_matches_once_and_the_matching_is_maximal() -> None:
    gold = [
        {"kind": "said", "speaker": "Trump", "quote": None},
        {"kind": "said", "speaker": "Trump", "quote": "alpha beta"},
    ]
    # The first prediction could take either gold fact; the best matching gives each one.
    pred = [
        {"kind": "said", "speaker": "Trump", "quote": "alpha beta"},
        {"kind": "said", "speaker": "Trump", "quote": None},
        {"kind": "said", "speaker": "Trump", "quote": None},
    ]
    s = score_facts(gold, pred)["said"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert (round(s.precision, 3), s.recall) == (0.667, 1.0)


def test_evaluate_directory_with_a_given_extractor(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "a.gold.jsonl").write_text(
        '{"kind": "visit", "visitor": "Levin", "host": "OMN"}\n', encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("no gold beside me", encoding="utf-8")
    n, scores = evaluate_directory(
        tmp_path, lambda path: [{"kind": "visit", "visitor": "David Levin", "host": "OMN"}]
    )
    assert n == 1
    assert (scores["visit"].tp, scores["visit"].fp) == (1, 0)


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "a.gold.jsonl").write_text('{"kind": "joined"\n', encoding="utf-8")
    with pytest.raises(AccordgraphError, match=r"a.gold.jsonl: line 1: not JSON"):
        evaluate_directory(tmp_path, lambda path: [])


def test_evidence_problems_are_reported() -> None:
    from accordgraph.evaluate import evidence_problems

    text = '"Go," Trump said.'
    preds = [
        {"kind": "said", "speaker": "Trump", "quote": "Go", "evidence": {"start": 0, "end": 17}},
        {"kind": "said", "speaker": "Trump", "quote": "Stop", "evidence": {"start": 0, "end": 17}},
        {"kind": "joined", "country": "OMN", "agreement": "NATO", "evidence": {"start": 5, "end": 99}},
        {"kind": "joined", "country": "OMN", "agreement": "NATO"},
    ]
    assert evidence_problems("a.txt", text, preds) == [
        "a.txt: fact 2 (said): quote not inside its evidence span",
        "a.txt: fact 3 (joined): evidence missing or out of range",
        "a.txt: fact 4 (joined): evidence missing or out of range",
    ]

"""The spaCy pipeline: a blank English tokenizer, the sentencizer and phrase matchers.

Built once per process (``functools.cache``) and reused for every article; no model is
downloaded or loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .gazetteers import load_gazetteers

# Match labels: the prefix says what the phrase is, the rest which one.
COUNTRY, DEMONYM, AGREEMENT, PLACE, ACTOR, OFFICE, LEXICON = "C", "D", "A", "P", "X", "O", "L"
# Lexicon categories of frequent little words, checked token by token rather than matched.
WORD_CATEGORIES = frozenset(
    {
        "filler",
        "modal",
        "former",
        "modifier",
        "negation",
        "separate",
        "name_particle",
        "group_noun",
        "not_a_name",
        "portfolio",
    }
)


@dataclass(frozen=True)
class Pipeline:
    nlp: Any
    names: Any  # PhraseMatcher on exact text (countries, agreements, places, actors)
    words: Any  # PhraseMatcher on lower-case text (offices, lexicon)


@cache
def load_pipeline() -> Pipeline:
    """The tokenizer, sentencizer and matchers, built from the gazetteers."""
    import spacy
    from spacy.matcher import PhraseMatcher

    g = load_gazetteers()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    names = PhraseMatcher(nlp.vocab, attr="ORTH")
    words = PhraseMatcher(nlp.vocab, attr="LOWER")
    tok = nlp.make_doc

    def add(matcher: Any, label: str, phrases: set[str]) -> None:
        docs = [tok(p) for p in sorted(phrases) if p]
        if docs:
            matcher.add(label, docs)

    by_label: dict[str, set[str]] = {}
    for form, code in g.country_by_name.items():
        prefix = DEMONYM if form in g.demonyms else COUNTRY
        by_label.setdefault(f"{prefix}|{code}", set()).add(form)
        if form.startswith("the "):
            by_label[f"{prefix}|{code}"].add("The " + form[4:])
    for form, canonical in g.agreement_by_alias.items():
        by_label.setdefault(f"{AGREEMENT}|{canonical}", set()).add(form)
    for form, (code, kind) in g.places.items():
        by_label.setdefault(f"{PLACE}|{code}|{kind}", set()).add(form)
    for index, actor in enumerate(g.actors):
        by_label.setdefault(f"{ACTOR}|{index}", set()).update(actor.forms)
    for label, phrases in by_label.items():
        add(names, label, phrases)
    for key in g.offices:
        add(words, f"{OFFICE}|{key}", {key})
    for category, phrases in g.lexicon.items():
        if category in WORD_CATEGORIES:  # one-word entries are looked up in a set instead
            phrases = {p for p in phrases if " " in p}
        add(words, f"{LEXICON}|{category}", phrases)
    return Pipeline(nlp, names, words)

"""Fact extraction: rule- and dictionary-based, on spaCy without a downloaded model.

``extract_text(text)`` and ``extract_article(article)`` return the facts of FACTS.md
(joined, said, met, holds_office, named_candidate, visit), each with its evidence span,
in a deterministic order. The spaCy pipeline and the gazetteers (``accordgraph/data``)
load on first use, once per process.

>>> [f.kind for f in extract_text("Kazakhstan joined the Abraham Accords.")]
['joined']

Modules, in the order the engine runs them:
``gazetteers`` (the data files), ``pipeline`` (spaCy blank English, sentencizer,
PhraseMatchers), ``quotes`` (quotation marks), ``document`` (tokens, logical sentences,
matches), ``names``/``titles``/``persons`` (persons, their offices and countries, later
mentions), ``speech`` (said), ``agreements`` (joined), ``candidates`` (named_candidate),
``encounters`` (met, visit), ``events`` (shared clause helpers, holds_office), ``engine``
(order, de-duplication, long texts in chunks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..articles import Article
    from ..facts import Fact


def extract_text(text: str) -> list[Fact]:
    """The facts of one article's text."""
    from .engine import extract_facts

    return extract_facts(text)


def extract_article(article: Article) -> list[Fact]:
    """The facts of an article (its text; title and metadata are not read)."""
    return extract_text(article.text)


def person_countries(text: str) -> dict[str, str]:
    """Each person the text names, with the country the text (or the actor dictionary) gives.

    The same knowledge the ``holds_office`` facts carry, for callers that want it without
    an office: ``{"Ahmed al-Sharaa": "SYR", ...}``.
    """
    from .engine import person_countries as _person_countries

    return _person_countries(text)


__all__ = ["extract_article", "extract_text", "person_countries"]

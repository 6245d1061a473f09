"""Helpers shared by test modules (``pythonpath = ["tests"]`` in pyproject.toml)."""

from __future__ import annotations

from accordgraph.articles import Article
from accordgraph.facts import Evidence


def article_of(title: str, sentences: dict[str, list]) -> tuple[Article, list]:
    """An article of these sentences, and the facts each sentence states (its span as evidence)."""
    text = " ".join(sentences)
    facts = []
    for sentence, stated in sentences.items():
        start = text.index(sentence)
        facts += [type(f)(**{**vars(f), "evidence": Evidence(start, start + len(sentence))}) for f in stated]
    return Article(text=text, title=title), facts

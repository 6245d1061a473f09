"""Scoring extracted facts against hand-annotated gold facts, by FACTS.md's rules.

For users who annotate their own corpora: every ``DIR/NAME.txt`` with a
``NAME.gold.jsonl`` beside it is extracted and compared. Precision, recall and F1 are
micro-averaged over required gold facts; optional gold facts neither count when missed
nor make a matching prediction spurious. Each gold fact matches at most once
(maximum bipartite matching).

>>> gold = [{"kind": "said", "speaker": "Donald J. Trump", "quote": "We will win big"}]
>>> pred = [{"kind": "said", "speaker": "Trump", "quote": "We will win"}]
>>> score_facts(gold, pred)["said"].tp
1
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AccordgraphError
from .facts import KINDS

PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "ben", "jr", "sr", "ii", "iii"})


def _words(text: Any) -> list[str]:
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.findall(r"[a-z0-9]+", text)


def person_key(name: Any) -> str:
    """Surname key: ``person_key("Abdullah bin Zayed al-Nahyan") == "nahyan"``."""
    words = [w for w in _words(name) if w not in PARTICLES]
    return words[-1] if words else ""


def agreement_key(name: Any) -> tuple[str, ...]:
    """Word for word, singular and plural alike: "Abraham Accord" == "Abraham Accords"."""
    return tuple(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in _words(name))


def _country(code: Any) -> str:
    return code.strip().upper() if isinstance(code, str) else ""


def _party(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value.strip()):
        return "#" + value.strip()
    return person_key(value)


def quote_covered(gold: Any, pred: Any) -> bool:
    """The prediction covers at least half of the gold quotation's words (or gold is null)."""
    if gold is None:
        return True
    g, p = Counter(_words(gold)), Counter(_words(pred))
    total = sum(g.values())
    return total == 0 or 2 * sum((g & p).values()) >= total


def facts_match(gold: dict, pred: dict) -> bool:
    """FACTS.md's matching rule for one gold and one predicted fact of the same kind."""
    kind = gold.get("kind")
    if kind != pred.get("kind"):
        return False
    if kind == "joined":
        return _country(gold.get("country")) == _country(pred.get("country")) and agreement_key(
            gold.get("agreement")
        ) == agreement_key(pred.get("agreement"))
    if kind == "said":
        return person_key(gold.get("speaker")) == person_key(pred.get("speaker")) and quote_covered(
            gold.get("quote"), pred.get("quote")
        )
    if kind == "met":
        gs = {_party(x) for x in gold.get("participants") or []}
        parts = pred.get("participants")
        ps = {_party(x) for x in parts} if isinstance(parts, list) else set()
        return len(gs) >= 2 and gs == ps
    if kind == "holds_office":
        return person_key(gold.get("person")) == person_key(pred.get("person")) and _country(
            gold.get("country")
        ) == _country(pred.get("country"))
    if kind == "named_candidate":
        return _country(gold.get("country")) == _country(pred.get("country")) and person_key(
            gold.get("by")
        ) == person_key(pred.get("by"))
    if kind == "visit":
        return person_key(gold.get("visitor")) == person_key(pred.get("visitor")) and _country(
            gold.get("host")
        ) == _country(pred.get("host"))
    return False


def _matching(preds: list[dict], golds: list[dict], skip: set[int]) -> dict[int, int]:
    """Maximum bipartite matching, prediction index -> gold index (augmenting paths)."""
    edges = {
        i: [j for j, g in enumerate(golds) if facts_match(g, p)] for i, p in enumerate(preds) if i not in skip
    }
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


@dataclass
class KindScore:
    gold: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: KindScore) -> None:
        self.gold += other.gold
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed += other.missed
        self.spurious += other.spurious


def score_facts(golds: Iterable[dict], preds: Iterable[dict]) -> dict[str, KindScore]:
    """Per kind: gold count, true/false positives, false negatives, missed and spurious facts."""
    golds, preds = list(golds), list(preds)
    out: dict[str, KindScore] = {}
    for kind in KINDS:
        required = [g for g in golds if g.get("kind") == kind and not g.get("optional")]
        optional = [g for g in golds if g.get("kind") == kind and g.get("optional")]
        ps = [p for p in preds if p.get("kind") == kind]
        m_req = _matching(ps, required, set())
        m_opt = _matching(ps, optional, set(m_req))
        matched_gold = set(m_req.values())
        out[kind] = KindScore(
            gold=len(required),
            tp=len(m_req),
            fp=len(ps) - len(m_req) - len(m_opt),
            fn=len(required) - len(m_req),
            missed=[g for j, g in enumerate(required) if j not in matched_gold],
            spurious=[p for i, p in enumerate(ps) if i not in m_req and i not in m_opt],
        )
    return out


def overall(scores: dict[str, KindScore]) -> KindScore:
    total = KindScore()
    for s in scores.values():
        total.add(s)
    return total


def read_gold(path: Path) -> list[dict]:
    """A ``.gold.jsonl`` file: one fact object a line (``optional`` allowed)."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AccordgraphError(f"{path}: cannot read gold facts ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AccordgraphError(f"{path.name}: line {number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or obj.get("kind") not in KINDS:
            raise AccordgraphError(f"{path.name}: line {number}: not a fact of a known kind")
        out.append(obj)
    return out


def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs of a directory, sorted by name."""
    if not directory.is_dir():
        raise AccordgraphError(f"{directory}: not a directory")
    pairs = []
    for text in sorted(directory.glob("*.txt")):
        gold = text.with_name(text.name[: -len(".txt")] + ".gold.jsonl")
        if gold.is_file():
            pairs.append((text, gold))
    if not pairs:
        raise AccordgraphError(f"{directory}: no NAME.txt with a NAME.gold.jsonl beside it")
    return pairs


def evidence_problems(name: str, text: str, preds: list[dict]) -> list[str]:
    """Predictions whose evidence is missing or out of range, or whose quotation is not
    inside its evidence span (as FACTS.md requires)."""
    problems = []
    for n, p in enumerate(preds, 1):
        ev = p.get("evidence")
        if not (
            isinstance(ev, dict)
            and isinstance(ev.get("start"), int)
            and isinstance(ev.get("end"), int)
            and 0 <= ev["start"] < ev["end"] <= len(text)
        ):
            problems.append(f"{name}: fact {n} ({p.get('kind')}): evidence missing or out of range")
            continue
        quote = p.get("quote") if p.get("kind") == "said" else None
        if quote and quote not in text[ev["start"] : ev["end"]]:
            problems.append(f"{name}: fact {n} (said): quote not inside its evidence span")
    return problems


def evaluate_directory(
    directory: Path, extractor: Callable[[str], list[dict]] | None = None, problems: list[str] | None = None
) -> tuple[int, dict[str, KindScore]]:
    """Extract every annotated article of ``directory`` and score all of them together;
    evidence problems are appended to ``problems`` when a list is given."""
    if extractor is None:
        from .articles import read_article
        from .extract import extract_article

        def extractor(path: str) -> list[dict]:
            return [f.to_dict() for f in extract_article(read_article(path))]

    totals = {kind: KindScore() for kind in KINDS}
    pairs = gold_pairs(directory)
    for text, gold in pairs:
        preds = extractor(str(text))
        if problems is not None:
            problems += evidence_problems(text.name, text.read_text(encoding="utf-8-sig"), preds)
        scores = score_facts(read_gold(gold), preds)
        for kind, s in scores.items():
            totals[kind].add(s)
    return len(pairs), totals

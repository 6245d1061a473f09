"""The six kinds of fact accordgraph reads from articles, and their JSON Lines form.

The JSON form is the public interface described in FACTS.md: one object a line,
``{"kind": ..., <fields>, "evidence": {"start": S, "end": E}}``.

>>> f = Joined(country="KAZ", agreement="Abraham Accords", evidence=Evidence(0, 10))
>>> f.to_dict()["kind"]
'joined'
>>> fact_from_dict(f.to_dict()) == f
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import IO, Any, ClassVar

from .errors import FactError

MODES = ("in_person", "phone")


@dataclass(frozen=True, order=True)
class Evidence:
    """A character span ``[start, end)`` of the article text (Python string indices)."""

    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Fact:
    """Base class: every fact has a kind and the span it was read from."""

    kind: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    evidence: Evidence | None = field(default=None, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        """The FACTS.md JSON object (evidence last, omitted when unknown)."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            if f.name == "evidence":
                continue
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_dict()
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class Joined(Fact):
    """A country joins (or is announced as joining / signs on to) an agreement."""

    kind: ClassVar[str] = "joined"
    required: ClassVar[tuple[str, ...]] = ("country", "agreement")
    country: str = ""
    agreement: str = ""


@dataclass(frozen=True)
class Said(Fact):
    """A person makes a statement; ``quote`` is the direct quotation or None."""

    kind: ClassVar[str] = "said"
    required: ClassVar[tuple[str, ...]] = ("speaker",)
    speaker: str = ""
    quote: str | None = None


@dataclass(frozen=True)
class Met(Fact):
    """Two or more persons (or countries, as ISO alpha-3 codes) meet or talk."""

    kind: ClassVar[str] = "met"
    required: ClassVar[tuple[str, ...]] = ("participants",)
    participants: tuple[str, ...] = ()
    mode: str | None = None
    facilitator: str | None = None


@dataclass(frozen=True)
class HoldsOffice(Fact):
    """A person holds an office of a country."""

    kind: ClassVar[str] = "holds_office"
    required: ClassVar[tuple[str, ...]] = ("person", "country")
    person: str = ""
    office: str | None = None
    country: str = ""


@dataclass(frozen=True)
class NamedCandidate(Fact):
    """A person names a country as a likely future member of an agreement.

    ``agreement`` is an accordgraph extension of FACTS.md (the agreement the article
    is about); it may be None when unknown.
    """

    kind: ClassVar[str] = "named_candidate"
    required: ClassVar[tuple[str, ...]] = ("country", "by")
    country: str = ""
    by: str = ""
    agreement: str | None = None


@dataclass(frozen=True)
class Visit(Fact):
    """A person visits, or is scheduled to visit, a country."""

    kind: ClassVar[str] = "visit"
    required: ClassVar[tuple[str, ...]] = ("visitor", "host")
    visitor: str = ""
    host: str = ""


FACT_TYPES: dict[str, type[Fact]] = {
    cls.kind: cls for cls in (Joined, Said, Met, HoldsOffice, NamedCandidate, Visit)
}
KINDS: tuple[str, ...] = tuple(FACT_TYPES)


def _article_noun(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def fact_from_dict(obj: Any) -> Fact:
    """Build a fact from its JSON object, raising FactError on bad input."""
    if not isinstance(obj, dict):
        raise FactError("not a JSON object")
    kind = obj.get("kind")
    cls = FACT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise FactError(f"unknown kind {kind!r} (expected one of: {', '.join(KINDS)})")
    names = {f.name for f in fields(cls)} - {"evidence"}
    for name in cls.required:
        value = obj.get(name)
        if value in (None, "", []):
            raise FactError(f"{kind} fact has no {name}")
    kwargs: dict[str, Any] = {}
    for name in names:
        if name not in obj:
            continue
        value = obj[name]
        if name == "participants":
            if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
                raise FactError("met fact: participants must be a list of names")
            if len(value) < 2:
                raise FactError("met fact needs at least two participants")
            value = tuple(value)
        elif value is not None and not isinstance(value, str):
            raise FactError(f"{_article_noun(kind)} fact: {name} must be a string")
        kwargs[name] = value
    if kind == "met" and kwargs.get("mode") not in (None, *MODES):
        raise FactError(f"met fact: mode must be one of {', '.join(MODES)} or null")
    ev = obj.get("evidence")
    if ev is not None:
        if (
            not isinstance(ev, dict)
            or not isinstance(ev.get("start"), int)
            or not isinstance(ev.get("end"), int)
            or not 0 <= ev["start"] <= ev["end"]
        ):
            raise FactError(f"{kind} fact: evidence must be {{\"start\": S, \"end\": E}} with 0 <= S <= E")
        kwargs["evidence"] = Evidence(ev["start"], ev["end"])
    return cls(**kwargs)


def read_facts(lines: Iterable[str], source: str = "<facts>") -> Iterator[Fact]:
    """Parse JSON Lines; errors name the source and line: ``facts.jsonl: line 3: ...``."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FactError(f"{source}: line {number}: not JSON ({exc.msg})") from None
        try:
            yield fact_from_dict(obj)
        except FactError as exc:
            raise FactError(f"{source}: line {number}: {exc}") from None


def write_facts(facts: Iterable[Fact], out: IO[str]) -> int:
    """Write facts as JSON Lines; returns how many were written."""
    n = 0
    for fact in facts:
        out.write(fact.to_json() + "\n")
        n += 1
    return n

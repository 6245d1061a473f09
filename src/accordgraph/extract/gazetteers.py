"""The gazetteers: data files in ``accordgraph/data/`` read once per process.

Each file is tab-separated text with ``#`` comment lines; users extend them without
touching code. ``ACCORDGRAPH_DATA`` may name a directory whose files replace the
packaged ones of the same name.

>>> g = load_gazetteers()
>>> g.country_by_name["Kazakhstani"]
'KAZ'
>>> g.agreement_by_alias["Abraham Agreement"]
'Abraham Accords'
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import AccordgraphError

PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "ben", "jr", "sr", "ii", "iii"})


@dataclass(frozen=True)
class Actor:
    """A well-known official: canonical name, name forms, country and best-known office."""

    name: str
    forms: tuple[str, ...]
    country: str
    office: str


@dataclass(frozen=True)
class Office:
    """A title; ``country`` is set when the title alone implies one ("Secretary of State")."""

    title: str
    country: str | None = None
    flags: frozenset[str] = frozenset()


@dataclass
class Gazetteers:
    """Everything the extractor looks up, keyed by surface form."""

    country_by_name: dict[str, str] = field(default_factory=dict)  # name/alias/demonym -> alpha3
    demonyms: set[str] = field(default_factory=set)  # surface forms that are adjectives
    country_names: dict[str, str] = field(default_factory=dict)  # alpha3 -> name
    agreement_by_alias: dict[str, str] = field(default_factory=dict)
    agreement_anaphors: dict[str, set[str]] = field(default_factory=dict)  # noun -> canonical names
    offices: dict[str, Office] = field(default_factory=dict)  # lower-case title -> Office
    actors: list[Actor] = field(default_factory=list)
    actor_by_form: dict[str, Actor] = field(default_factory=dict)
    actor_by_key: dict[str, Actor] = field(default_factory=dict)  # surname key -> actor
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (alpha3, type)
    lexicon: dict[str, set[str]] = field(default_factory=dict)  # category -> lower-case phrases


@lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """The key persons are matched by: last word, particles dropped, lower case.

    >>> surname_key("Abdullah bin Zayed al-Nahyan"), surname_key("Mohammed bin-Salman")
    ('nahyan', 'salman')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in PARTICLES]
    return words[-1] if words else ""


def _data_path(name: str) -> Path:
    override = os.environ.get("ACCORDGRAPH_DATA")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return Path(str(resources.files("accordgraph") / "data" / name))


def _rows(name: str, min_cols: int) -> list[list[str]]:
    path = _data_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AccordgraphError(f"gazetteer {path}: cannot read ({exc})") from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < min_cols or not cols[0].strip():
            raise AccordgraphError(
                f"gazetteer {path.name}: line {number}: expected {min_cols} tab-separated columns"
            )
        rows.append([c.strip() for c in cols])
    return rows


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


@cache
def load_gazetteers() -> Gazetteers:
    """Read every data file once per process."""
    g = Gazetteers()
    nominal: set[str] = set()
    for row in _rows("countries.tsv", 2):
        code, name = row[0], row[1]
        g.country_names[code] = name
        for form in [name, *_split(row[2] if len(row) > 2 else "")]:
            g.country_by_name.setdefault(form, code)
            nominal.add(form)
        for form in _split(row[3] if len(row) > 3 else ""):
            g.country_by_name.setdefault(form, code)
            g.demonyms.add(form)
    g.demonyms -= nominal
    for row in _rows("agreements.tsv", 1):
        canonical = row[0]
        for form in [canonical, *_split(row[1] if len(row) > 1 else "")]:
            g.agreement_by_alias[form] = canonical
        for noun in _split(row[2] if len(row) > 2 else ""):
            g.agreement_anaphors.setdefault(noun.lower(), set()).add(canonical)
    for row in _rows("offices.tsv", 1):
        country = row[1] if len(row) > 1 and row[1] else None
        flags = frozenset(_split(row[2])) if len(row) > 2 else frozenset()
        g.offices[row[0].lower()] = Office(row[0], country, flags)
    for row in _rows("actors.tsv", 3):
        forms = tuple(dict.fromkeys([row[0], *_split(row[1])]))
        actor = Actor(row[0], forms, row[2], row[3] if len(row) > 3 else "")
        g.actors.append(actor)
        for form in forms:
            g.actor_by_form.setdefault(form, actor)
        g.actor_by_key.setdefault(surname_key(row[0]), actor)
    for row in _rows("places.tsv", 2):
        g.places[row[0]] = (row[1], row[2] if len(row) > 2 else "city")
    for row in _rows("lexicon.tsv", 2):
        g.lexicon.setdefault(row[0], set()).update(p.lower() for p in _split(row[1]))
    return g

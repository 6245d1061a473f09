"""Facts as RDF: the triples of one article's named graph (docs/rdf-model.md).

Each fact becomes an event node (``ag:Accession``, ``ag:Statement``, ...) with a NIF
evidence span, beside materialised direct links (``ag:memberOf``, ``ag:candidateFor``,
``ag:represents``, ``ag:met``). IRIs are stable: the same person, country, agreement
or fact gives the same IRI in every run.

>>> person_iri("Donald J. Trump") == person_iri("Donald Trump")
True
>>> country_iri("kaz")
'https://w3id.org/accordgraph/id/country/KAZ'
>>> agreement_iri("Abraham Accord")
'https://w3id.org/accordgraph/id/agreement/abraham-accords'
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .articles import Article
from .errors import FactError
from .facts import Fact, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit

if TYPE_CHECKING:
    import rdflib

AG = "https://w3id.org/accordgraph/ontology#"
ID = "https://w3id.org/accordgraph/id/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"

BASE_GRAPH = ID + "graph/base"
"""The named graph of the curated base layer (graph/base/*.ttl)."""

PREFIXES: dict[str, str] = {
    "ag": AG, "agid": ID, "sem": SEM, "prov": PROV, "nif": NIF, "dcterms": DCTERMS,
    "owl": OWL, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "wd": WD,
}

# Agreements users follow, by canonical name (FACTS.md); other names are kept as given.
AGREEMENTS = (
    "Abraham Accords", "NATO", "BRICS", "European Union", "ASEAN", "Arab League",
    "Gulf Cooperation Council", "African Union", "Shanghai Cooperation Organisation",
)

# Codes in common use beside ISO 3166-1 (user-assigned, e.g. by the EU and the IMF).
EXTRA_COUNTRIES = {"XKX": ("XK", "Kosovo")}

_TYPE = RDF + "type"
_LABEL = RDFS + "label"


class Literal(NamedTuple):
    """An RDF literal: lexical form and datatype IRI (None for xsd:string)."""

    value: str
    datatype: str | None = None


Term = str | Literal  # a str is an IRI
Triple = tuple[str, str, Term]


# ---------------------------------------------------------------------------
# IRIs


_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
_APOSTROPHES = "'’ʼ`"
_PARTICLES = {
    "al", "el", "bin", "ibn", "bint", "ben", "van", "von", "de", "der", "da", "di", "du", "le", "la",
}


def slug(name: str, *, drop_initials: bool = False) -> str:
    """Case-folded words joined by hyphens, accents dropped.

    >>> slug("Kassym-Jomart  Tokayev")
    'kassym-jomart-tokayev'
    >>> slug("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    >>> slug("Donald J. Trump", drop_initials=True)
    'donald-trump'
    >>> slug("O’Brien")
    'obrien'
    """
    # compatibility forms and case folded, accents (combining marks) dropped: "Erdoğan" -> "erdogan";
    # letters with no ASCII form (ø, ł, ı...) by the table, other scripts kept as they are
    text = unicodedata.normalize("NFKC", name).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c)[0] != "M")
    text = "".join("" if ch in _APOSTROPHES else ch if ch.isalnum() else " " for ch in text)
    words = text.split()
    if drop_initials:
        words = [w for w in words if len(w) > 1 or w.isdigit()] or words
    return "-".join(words)


@lru_cache(maxsize=65536)
def person_iri(name: str) -> str:
    """The IRI of a person: a slug of the name, single-letter initials dropped."""
    key = slug(name, drop_initials=True)
    if not key:
        raise FactError(f"person name {name!r} has no letters")
    return f"{ID}person/{key}"


@lru_cache(maxsize=4096)
def country_codes(code_or_name: str) -> tuple[str, str, str]:
    """(alpha-3, alpha-2, English name) of a country given its alpha-3, alpha-2 or name.

    >>> country_codes("United Arab Emirates")
    ('ARE', 'AE', 'United Arab Emirates')
    """
    key = code_or_name.strip()
    if key.upper() in EXTRA_COUNTRIES:
        a2, name = EXTRA_COUNTRIES[key.upper()]
        return key.upper(), a2, name
    import pycountry

    try:
        c = pycountry.countries.lookup(key)
    except LookupError:
        raise FactError(f"unknown country {code_or_name!r} (expected an ISO 3166-1 alpha-3 code)") from None
    return c.alpha_3, c.alpha_2, getattr(c, "common_name", None) or c.name


def is_country_code(text: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code (upper case), as met participants use for countries."""
    if len(text) != 3 or not text.isalpha() or not text.isupper():
        return False
    try:
        return country_codes(text)[0] == text
    except FactError:
        return False


def country_iri(code: str) -> str:
    """The IRI of a country from its ISO alpha-3 code (alpha-2 or English name also accepted)."""
    return f"{ID}country/{country_codes(code)[0]}"


@lru_cache(maxsize=4096)
def canonical_agreement(name: str) -> str:
    """The canonical name of a known agreement (any case, singular or plural), else the name.

    >>> canonical_agreement("the abraham accord")
    'Abraham Accords'
    """
    key = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I).lower()
    for known in AGREEMENTS:
        k = known.lower()
        if key in (k, k.removesuffix("s"), k + "s"):
            return known
    return re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I)


def agreement_iri(name: str) -> str:
    """The IRI of an agreement: a slug of its canonical name."""
    key = slug(canonical_agreement(name))
    if not key:
        raise FactError(f"agreement name {name!r} has no letters")
    return f"{ID}agreement/{key}"


def article_iri(article: Article) -> str:
    """The IRI (and named graph) of an article: from the SHA-256 of its text."""
    return f"{ID}article/{article.content_hash}"


def event_iri(article: Article, fact: Fact) -> str:
    """Deterministic event IRI: hash of the article hash and the fact without its evidence."""
    data = fact.to_dict()
    data.pop("evidence", None)
    key = article.content_hash + json.dumps(data, sort_keys=True, ensure_ascii=False)
    return f"{ID}event/{hashlib.sha256(key.encode('utf-8')).hexdigest()}"


# ---------------------------------------------------------------------------
# Persons named in one article: "Sharaa" is "Ahmed al-Sharaa" when only he has that surname


@lru_cache(maxsize=65536)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in slug(name, drop_initials=True).split("-") if w)


def surname_key(name: str) -> str:
    """The last name, particles dropped: ``surname_key("Ahmed al-Sharaa") == "sharaa"``."""
    words = _words(name)
    return words[-1] if words else ""


def _person_names(fact: Fact) -> list[str]:
    if isinstance(fact, Said):
        return [fact.speaker]
    if isinstance(fact, Met):
        names = [p for p in fact.participants if not is_country_code(p)]
        return [*names, fact.facilitator] if fact.facilitator else names
    if isinstance(fact, HoldsOffice):
        return [fact.person]
    if isinstance(fact, NamedCandidate):
        return [fact.by]
    if isinstance(fact, Visit):
        return [fact.visitor]
    return []


def resolve_surnames(names: Iterable[str]) -> dict[str, str]:
    """Map each bare surname to the one full name in ``names`` with that surname.

    >>> resolve_surnames(["Donald J. Trump", "Trump", "Sharaa", "Ahmed al-Sharaa"])
    {'Trump': 'Donald J. Trump', 'Sharaa': 'Ahmed al-Sharaa'}
    """
    names = list(dict.fromkeys(names))
    full: dict[str, set[str]] = {}
    for n in names:
        if len([w for w in _words(n) if w not in _PARTICLES]) > 1:
            full.setdefault(surname_key(n), set()).add(n)
    out = {}
    for n in names:
        if len([w for w in _words(n) if w not in _PARTICLES]) == 1:
            matches = full.get(surname_key(n), set())
            if len({person_iri(m) for m in matches}) == 1:
                out[n] = max(matches, key=len)
    return out


def _resolve(fact: Fact, names: dict[str, str], agreement: str | None) -> Fact:
    def r(name: str) -> str:
        return names.get(name, name)

    if isinstance(fact, Said):
        return replace(fact, speaker=r(fact.speaker))
    if isinstance(fact, Met):
        return replace(
            fact,
            participants=tuple(r(p) for p in fact.participants),
            facilitator=r(fact.facilitator) if fact.facilitator else None,
        )
    if isinstance(fact, HoldsOffice):
        return replace(fact, person=r(fact.person))
    if isinstance(fact, NamedCandidate):
        return replace(fact, by=r(fact.by), agreement=fact.agreement or agreement)
    if isinstance(fact, Visit):
        return replace(fact, visitor=r(fact.visitor))
    return fact


def _article_agreement(facts: list[Fact]) -> str | None:
    """The one agreement the article's facts name, if exactly one (for candidates without one)."""
    named = {
        canonical_agreement(a)
        for f in facts
        if isinstance(f, Joined | NamedCandidate)
        for a in [f.agreement]
        if a
    }
    return named.pop() if len(named) == 1 else None


# ---------------------------------------------------------------------------
# Triples


_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD + "date"),
    (re.compile(r"\d{4}-\d{2}"), XSD + "gYearMonth"),
    (re.compile(r"\d{4}"), XSD + "gYear"),
)
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def date_literal(text: str) -> Literal:
    """A date as given, typed when it is ISO 8601 (``2025-11`` is an xsd:gYearMonth)."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(text):
            return Literal(text, datatype)
    return Literal(text)


def _article_triples(article: Article, a: str) -> Iterator[Triple]:
    yield a, _TYPE, AG + "Article"
    yield a, DCTERMS + "title", Literal(article.display_title)
    if article.date:
        yield a, DCTERMS + "date", date_literal(article.date)
    if article.source:
        source = article.source.strip()
        yield a, DCTERMS + "source", source if _URL.fullmatch(source) else Literal(source)
    if article.path:
        yield a, AG + "sourcePath", Literal(article.path)


class _Emitter:
    """Collects the triples of one article, each resource described once."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.a = article_iri(article)
        self.triples: dict[Triple, None] = {}  # ordered set

    def add(self, s: str, p: str, o: Term) -> None:
        self.triples[(s, p, o)] = None

    def person(self, name: str) -> str:
        iri = person_iri(name)
        self.add(iri, _TYPE, AG + "Person")
        self.add(iri, _LABEL, Literal(name))
        return iri

    def country(self, code: str) -> str:
        a3 = country_codes(code)[0]
        iri = f"{ID}country/{a3}"
        self.add(iri, _TYPE, AG + "Country")
        self.add(iri, AG + "isoAlpha3", Literal(a3))
        return iri

    def agreement(self, name: str) -> str:
        iri = agreement_iri(name)
        self.add(iri, _TYPE, AG + "Agreement")
        self.add(iri, _LABEL, Literal(canonical_agreement(name)))
        return iri

    def event(self, fact: Fact, cls: str) -> str:
        e = event_iri(self.article, fact)
        self.add(e, _TYPE, AG + cls)
        self.add(e, AG + "reportedIn", self.a)
        ev = fact.evidence
        if ev is not None:
            text = self.article.text
            if ev.end > len(text) or ev.start > ev.end:
                raise FactError(
                    f"{fact.kind} fact: evidence {ev.start}-{ev.end} is outside the article"
                    f" ({len(text)} characters)"
                )
            span = f"{self.a}#char={ev.start},{ev.end}"
            self.add(e, PROV + "wasDerivedFrom", span)
            self.add(span, _TYPE, NIF + "String")
            self.add(span, _TYPE, NIF + "OffsetBasedString")
            self.add(span, NIF + "beginIndex", Literal(str(ev.start), XSD + "nonNegativeInteger"))
            self.add(span, NIF + "endIndex", Literal(str(ev.end), XSD + "nonNegativeInteger"))
            self.add(span, NIF + "anchorOf", Literal(text[ev.start : ev.end]))
            self.add(span, NIF + "referenceContext", self.a)
        return e

    def fact(self, fact: Fact) -> None:
        if isinstance(fact, Joined):
            e = self.event(fact, "Accession")
            c, g = self.country(fact.country), self.agreement(fact.agreement)
            self.add(e, AG + "country", c)
            self.add(e, AG + "agreement", g)
            self.add(c, AG + "memberOf", g)
        elif isinstance(fact, Said):
            e = self.event(fact, "Statement")
            self.add(e, AG + "speaker", self.person(fact.speaker))
            if fact.quote is not None:
                self.add(e, AG + "quote", Literal(fact.quote))
        elif isinstance(fact, Met):
            e = self.event(fact, "Meeting")
            people = []
            for p in fact.participants:
                if is_country_code(p):
                    self.add(e, AG + "participant", self.country(p))
                else:
                    people.append(self.person(p))
                    self.add(e, AG + "participant", people[-1])
            for p in people:
                for q in people:
                    if p != q:
                        self.add(p, AG + "met", q)
            if fact.mode:
                self.add(e, AG + "mode", Literal(fact.mode))
            if fact.facilitator:
                self.add(e, AG + "facilitator", self.person(fact.facilitator))
        elif isinstance(fact, HoldsOffice):
            e = self.event(fact, "OfficeTerm")
            p, c = self.person(fact.person), self.country(fact.country)
            self.add(e, AG + "holder", p)
            if fact.office:
                self.add(e, AG + "office", Literal(fact.office))
            self.add(e, AG + "country", c)
            self.add(p, AG + "represents", c)
        elif isinstance(fact, NamedCandidate):
            e = self.event(fact, "CandidateNomination")
            c = self.country(fact.country)
            self.add(e, AG + "candidate", c)
            self.add(e, AG + "nominatedBy", self.person(fact.by))
            if fact.agreement:
                g = self.agreement(fact.agreement)
                self.add(e, AG + "agreement", g)
                self.add(c, AG + "candidateFor", g)
        elif isinstance(fact, Visit):
            e = self.event(fact, "Visit")
            self.add(e, AG + "visitor", self.person(fact.visitor))
            self.add(e, AG + "host", self.country(fact.host))
        else:
            raise FactError(f"cannot map a {type(fact).__name__} to RDF")


def fact_triples(facts: Iterable[Fact], article: Article) -> list[Triple]:
    """The triples of an article's named graph, in a stable order, without duplicates.

    Bare surnames resolve to the one full name in the same article with that surname;
    a candidate nomination without an agreement takes the article's one agreement.
    """
    facts = list(facts)
    names = resolve_surnames(n for f in facts for n in _person_names(f))
    agreement = _article_agreement(facts)
    out = _Emitter(article)
    a = out.a
    for t in _article_triples(article, a):
        out.add(*t)
    for fact in facts:
        out.fact(_resolve(fact, names, agreement))
    return list(out.triples)


# ---------------------------------------------------------------------------
# Serialisations


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )


def _nt_term(term: Term) -> str:
    if isinstance(term, Literal):
        lex = '"' + _escape(term.value) + '"'
        return lex if term.datatype is None else f"{lex}^^<{term.datatype}>"
    return f"<{term}>"


def triples_to_ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples text, one line a triple."""
    return "".join(f"<{s}> <{p}> {_nt_term(o)} .\n" for s, p, o in triples)


def facts_to_ntriples(facts: Iterable[Fact], article: Article) -> str:
    """The article's named graph as N-Triples text (faster than building an rdflib Graph).

    >>> nt = facts_to_ntriples([Joined(country="KAZ", agreement="Abraham Accords")],
    ...                        Article(text="Kazakhstan joined."))
    >>> "<https://w3id.org/accordgraph/id/country/KAZ> <https://w3id.org/accordgraph/ontology#memberOf>" in nt
    True
    """
    return triples_to_ntriples(fact_triples(facts, article))


def bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def triples_to_graph(triples: Iterable[Triple]) -> rdflib.Graph:
    """An rdflib Graph of the triples, with the accordgraph prefixes bound."""
    from rdflib import Graph, URIRef
    from rdflib import Literal as RdfLiteral

    graph = bind_prefixes(Graph())
    iris: dict[str, URIRef] = {}

    def node(term: Term):
        if isinstance(term, Literal):
            return RdfLiteral(term.value, datatype=URIRef(term.datatype) if term.datatype else None)
        n = iris.get(term)
        if n is None:
            n = iris[term] = URIRef(term)
        return n

    for s, p, o in triples:
        graph.add((node(s), node(p), node(o)))
    return graph


def facts_to_graph(facts: Iterable[Fact], article: Article) -> rdflib.Graph:
    """The triples of the article's named graph as an rdflib Graph.

    >>> g = facts_to_graph([Joined(country="KAZ", agreement="Abraham Accords")],
    ...                    Article(text="Kazakhstan joined."))
    >>> len(g) > 5
    True
    """
    return triples_to_graph(fact_triples(facts, article))

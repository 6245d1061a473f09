"""How long each stored query takes on a synthetic graph of many articles.

Run: ``.venv/bin/python benchmarks/bench_queries.py [ARTICLES]`` (default 5000). Each
synthetic article has the facts of a typical news story (about ten: an accession, office
terms, statements, a meeting, a visit, candidate nominations) among 150 countries and
3,000 people, so persons and countries recur across articles as they do in real news.

The union of all graphs repeats what several article graphs state (a person's label, a
country's type and code, an agreement's label), so the queries never join two such
repeated patterns, never test them in a FILTER EXISTS per row, and look names up through
subqueries: before that, candidates took 18 s on 200 articles. Measured here (2 cores,
shared), 10,000 articles, 1.5M quads: members 0.2 s, agreements 0.4 s, visits 1.0 s,
candidates 1.3 s, meetings 2.1 s, officials 2.1 s, statements 2.4 s, country 8 s,
evidence (120k rows) 11 s.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pycountry

from accordgraph.articles import Article
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from accordgraph.queries import load_library, run_query
from accordgraph.rdf import BASE_GRAPH, article_iri, facts_to_ntriples
from accordgraph.store import open_store

REPO = Path(__file__).resolve().parents[1]
FIRST = ["Anna", "Omar", "Li", "Sara", "Ivan", "Amal", "John", "Maria", "Yusuf", "Eva"]
LAST = [f"Name{i}" for i in range(300)]
OFFICES = ["President", "Prime Minister", "Foreign Minister", "Ambassador"]
AGREEMENTS = ["Abraham Accords", "NATO", "BRICS"]


def base_ntriples() -> str:
    import pyoxigraph as ox

    files = [*sorted((REPO / "graph" / "base").glob("*.ttl")), REPO / "graph" / "ontology.ttl"]
    out = []
    for path in files:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        out.append(ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES))
    return b"".join(out).decode()


def article_facts(rng: random.Random, countries: list[str]) -> tuple[Article, list]:
    text = " ".join(f"Sentence {i} of a story." for i in range(12))
    article = Article(text=text + str(rng.random()), title=f"Story {rng.random()}", date="2031-01-01")
    span = lambda k: Evidence(k * 22, k * 22 + 21)  # noqa: E731
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
    home = [rng.choice(countries) for _ in people]
    agreement = rng.choice(AGREEMENTS)
    facts = []
    if rng.random() < 0.05:  # most stories are not about a country joining
        facts.append(Joined(country=rng.choice(countries), agreement=agreement, evidence=span(0)))
    for i, (p, c) in enumerate(zip(people, home, strict=True)):
        facts.append(HoldsOffice(person=p, office=rng.choice(OFFICES), country=c, evidence=span(1 + i)))
        facts.append(Said(speaker=p, quote=f"quote {rng.random()}" if i % 2 else None, evidence=span(1 + i)))
    facts.append(Met(participants=tuple(people[:2]), mode="phone", facilitator=people[2], evidence=span(6)))
    facts.append(Visit(visitor=people[3], host=rng.choice(countries), evidence=span(7)))
    for k in range(2):
        facts.append(
            NamedCandidate(
                country=rng.choice(countries), by=people[k], agreement=agreement, evidence=span(8 + k)
            )
        )
    return article, facts


def main(n: int) -> None:
    rng = random.Random(7)
    countries = sorted(c.alpha_3 for c in pycountry.countries)[:150]
    with open_store("memory") as store:
        store.replace_graph(BASE_GRAPH, base_ntriples())
        start = time.perf_counter()
        for _ in range(n):
            article, facts = article_facts(rng, countries)
            store.replace_graph(article_iri(article), facts_to_ntriples(facts, article))
        print(f"loaded {n} articles, {store.triple_count()} quads in {time.perf_counter() - start:.1f} s")
        for name, query in load_library().items():
            params = {"country": "KAZ"} if name == "country" else {}
            start = time.perf_counter()
            rows = len(run_query(store, query, params).rows)
            print(f"{name:12s} {time.perf_counter() - start:7.2f} s  {rows:7d} rows")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)

"""How fast facts become RDF: ``fact_triples``, ``facts_to_ntriples`` and ``facts_to_graph``.

Run: ``.venv/bin/python benchmarks/bench_rdf_mapping.py [ARTICLES]``. The store takes
N-Triples text, so ingest uses ``facts_to_ntriples``; ``facts_to_graph`` (rdflib) is for
notebooks and tests. Measured on this machine (2 cores), 9 facts an article:
triples 0.33 ms, N-Triples 0.44 ms, rdflib Graph 2-3 ms, Graph serialised to N-Triples 3-4 ms.
"""

from __future__ import annotations

import sys
import time

from accordgraph.articles import Article
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said, Visit
from accordgraph.rdf import fact_triples, facts_to_graph, facts_to_ntriples

TEXT = (
    "Oman joined the Abraham Accords on Monday. "
    '"This is a day of peace," said Omani Foreign Minister Salim Haddad. '
    "Secretary of State Grace J. Holloway said Saudi Arabia could be next. "
    "Holloway arranged a call between Haddad and Prime Minister David Levin. "
    "Levin will visit Oman. "
)
FACTS = [
    Joined(country="OMN", agreement="Abraham Accords", evidence=Evidence(0, 42)),
    HoldsOffice(person="Salim Haddad", office="Foreign Minister", country="OMN", evidence=Evidence(43, 110)),
    Said(speaker="Salim Haddad", quote="This is a day of peace,", evidence=Evidence(43, 110)),
    HoldsOffice(
        person="Grace J. Holloway", office="Secretary of State", country="USA", evidence=Evidence(111, 180)
    ),
    Said(speaker="Grace J. Holloway", evidence=Evidence(111, 180)),
    NamedCandidate(country="SAU", by="Holloway", evidence=Evidence(111, 180)),
    Met(
        participants=("Haddad", "David Levin"),
        mode="phone",
        facilitator="Holloway",
        evidence=Evidence(181, 252),
    ),
    HoldsOffice(person="David Levin", office="Prime Minister", country="ISR", evidence=Evidence(181, 252)),
    Visit(visitor="Levin", host="OMN", evidence=Evidence(253, 275)),
]


def main(n: int) -> None:
    articles = [Article(text=f"{TEXT}{i}") for i in range(n)]
    for a in articles:
        _ = a.content_hash  # hashing the text is the reader's cost, not the mapping's
    runs = {
        "triples": fact_triples,
        "ntriples": facts_to_ntriples,
        "rdflib graph": facts_to_graph,
        "graph -> nt": lambda f, a: facts_to_graph(f, a).serialize(format="nt"),
    }
    for name, fn in runs.items():
        start = time.perf_counter()
        for a in articles:
            fn(FACTS, a)
        per = (time.perf_counter() - start) / n * 1000
        print(f"{name:13s} {per:7.3f} ms/article  ({1000 / per:8.0f} articles/s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)

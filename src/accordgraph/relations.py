"""Read from the store what the nation projection needs: node facts, relations, sentences.

Reads (SPARQL SELECTs: one for the facts, one per event role for the relations,
and the sentences in batches of event IRIs):

- ``read_facts``: what is known about every node (types, labels, ISO codes, whom a
  person represents, standings in agreements), one fact a row;
- ``read_relations``: the relation rows ``(kind, event, a, b)``: ``a`` acts on ``b`` (a
  person or a country) in ``event``; the kinds are those of ``network.KINDS``;
- ``read_sentences``: the sentence and article title behind the chosen events only
  (reading them for every event dominated a view of a large store);
- ``read_relation_counts``: for ranking, the relations of events alike counted in the
  store (bundles), and rows only where events cannot be counted so.

Every query is also correct where the default graph is the union of the named graphs
and so repeats a triple stated in several articles (a remote endpoint): rows are read
with ``DISTINCT`` and never join two repeated patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .output import Table

AG = "https://w3id.org/accordgraph/ontology#"

PREFIXES = f"""PREFIX ag: <{AG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# What is known about the nodes, one fact a row. Every branch is a single triple
# pattern: with the union of named graphs as default graph, a join of two patterns
# about a country or a person named in N articles makes N x N rows before DISTINCT.
FACTS_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?node ?fact ?value WHERE {
  { ?node a ag:Country . BIND("country" AS ?fact) }
  UNION { ?node a ag:Person . BIND("person" AS ?fact) }
  UNION { ?node a ag:Agreement . BIND("agreement" AS ?fact) }
  UNION { ?node rdfs:label ?value . BIND("label" AS ?fact) }
  UNION { ?node ag:isoAlpha3 ?value . BIND("iso" AS ?fact) }
  UNION { ?node ag:represents ?value . BIND("represents" AS ?fact) }
  UNION { ?node ag:memberOf ?value . BIND("member" AS ?fact) }
  UNION { ?node ag:candidateFor ?value . BIND("candidate" AS ?fact) }
  UNION { ?value ag:party ?node . BIND("party" AS ?fact) }
  UNION { ?value ag:broker ?node . BIND("broker" AS ?fact) }
}
"""
)

# The events behind the relations: one query per role (EVENT_PATTERNS), each row an
# event and the role's value(s). A meeting's participants, modes and facilitators come
# one a row and are paired in Python: Oxigraph's self-join of the participants took three
# times as long as reading them (1.0 s against 0.26 s on 10,000 articles), and time per
# row is what limits a large store (one UNION query with a ?role column: 0.3 s more). An
# accession is joined to its agreement's parties and brokers in Python, from the facts.
# The event's class is not asked where the ontology makes the property imply it
# (``rdfs:domain``: a subject of ``ag:participant`` is an ``ag:Meeting``): checking it
# doubled the time. ``ag:country`` is also an office's: there the class is asked. An
# event's triples are in its article's graph only, so a union default graph repeats none.
EVENT_PATTERNS: dict[str, tuple[str, ...]] = {
    "participant": ("?event ag:participant ?a",),
    "mode": ("?event ag:mode ?a",),
    "facilitator": ("?event ag:facilitator ?a",),
    "named": ("?event ag:nominatedBy ?a", "?event ag:candidate ?b"),
    "visit": ("?event ag:visitor ?a", "?event ag:host ?b"),
    "accession": ("?event a ag:Accession", "?event ag:country ?a", "?event ag:agreement ?b"),
    "office": ("?event ag:holder ?a", "?event ag:country ?b"),
}


def event_query(role: str, where: str = "") -> str:
    """The query of the event rows of ``role`` (see EVENT_PATTERNS).

    Each pattern is a subquery of its own, so that Oxigraph joins them by hashing the
    rows of each, where it would otherwise look each event up again (named and visits on
    10,000 articles: 0.7 and 0.47 s joined in one pattern, 0.4 and 0.28 s as subqueries).

    >>> print(event_query("visit").split("\\n", 5)[-1].strip())
    SELECT ?event ?a ?b WHERE {
      { SELECT * WHERE { ?event ag:visitor ?a } }
      { SELECT * WHERE { ?event ag:host ?b } }
    }
    >>> print(event_query("mode").split("\\n", 5)[-1].strip())
    SELECT ?event ?a WHERE {
      ?event ag:mode ?a
    }
    """
    patterns = EVENT_PATTERNS[role]
    variables = "?event ?a ?b" if any("?b" in p for p in patterns) else "?event ?a"
    if len(patterns) > 1:
        patterns = tuple(f"{{ SELECT * WHERE {{ {p} }} }}" for p in patterns)
    lines = [*patterns, where] if where else list(patterns)
    return PREFIXES + f"SELECT {variables} WHERE {{\n  " + "\n  ".join(lines) + "\n}\n"


# The sentence and article behind each event (a curated accession: its comment and
# source). Asked apart from the relations: joined to them, Oxigraph took 10x longer.
# ``#EVENTS#`` is where a VALUES block goes, inside each branch: Oxigraph does not push
# a VALUES block outside the UNION into it (500 events: 3.2 s outside, 0.02 s inside).
EVIDENCE_TEMPLATE = (
    PREFIXES
    + """
SELECT DISTINCT ?event ?sentence ?title WHERE {
  {
    #EVENTS#
    ?event ag:reportedIn ?article .
    OPTIONAL { ?event prov:wasDerivedFrom ?span . ?span nif:anchorOf ?sentence }
    OPTIONAL { ?article dcterms:title ?title }
  } UNION {
    #EVENTS#
    ?event a ag:Accession ; dcterms:source ?source .
    FILTER NOT EXISTS { ?event ag:reportedIn ?article }
    OPTIONAL { ?event rdfs:comment ?sentence }
    BIND(STR(?source) AS ?title)
  }
}
"""
)
EVIDENCE_QUERY = EVIDENCE_TEMPLATE.replace("    #EVENTS#\n", "")
SENTENCE_BATCH = 500  # event IRIs in one VALUES block

MEMBERSHIP_EVENT = "#memberOf"  # appended to a country's IRI: a membership stated without an event

Facts = dict[str, dict[str, set[str]]]  # node IRI -> fact -> values
Relation = tuple[str, str, str, str]  # (kind, event, a, b)


class SparqlSource(Protocol):
    """Anything with ``query(sparql) -> Table``: an accordgraph store."""

    def query(self, sparql: str) -> Table: ...


def read_facts(source: SparqlSource) -> Facts:
    """Types, labels, codes, offices and standings of every node, from one query."""
    facts: Facts = {}
    for node, fact, value in _rows(source.query(FACTS_QUERY), 3):
        facts.setdefault(node, {}).setdefault(fact, set()).add(value or "")
    return facts


def _read(source: SparqlSource, role: str) -> list[tuple[Any, ...]]:
    """The rows of one role's event query."""
    return source.query(event_query(role)).rows


def _by_event(source: SparqlSource, role: str) -> dict[str, set[str]]:
    """A two-column role (event, value) as the set of values of each event."""
    values: dict[str, set[str]] = {}
    for event, value in _read(source, role):
        values.setdefault(event, set()).add(value)
    return values


def _meeting_roles(source: SparqlSource) -> tuple[dict[str, set[str]], ...]:
    """Each meeting's participants, modes and facilitators."""
    return tuple(_by_event(source, role) for role in ("participant", "mode", "facilitator"))


def read_relations(source: SparqlSource, facts: Facts, *, offices: bool = True) -> set[Relation]:
    """Every relation row ``(kind, event, a, b)``; ``offices=False`` leaves out ``office``.

    - ``met`` / ``call`` (a meeting in person / by phone): each pair of its participants,
      ``a`` before ``b`` in code-point order; a meeting with several modes is of each kind;
    - ``facilitated``: whoever arranged a meeting -> each participant;
    - ``named``: the person who named a candidate -> the candidate;
    - ``visit``: the visitor -> the host;
    - ``office``: the holder of an office -> its country;
    - ``joined``: a country that joined an agreement -> each of its parties and brokers,
      for an accession event and for a membership stated without one (its event is the
      country's IRI + ``#memberOf``).
    """
    relations: set[Relation] = {
        (role, event, a, b)
        for role in ("named", "visit", *(("office",) if offices else ()))
        for event, a, b in _read(source, role)
    }
    accessions = set(_read(source, "accession"))
    relations |= _meeting_relations(*_meeting_roles(source))
    relations |= _joined_relations(accessions, facts)
    return relations


# Ranking needs how many events link two countries, not the events: where every event of
# a role has one value of each pattern (COUNT(*) = COUNT(DISTINCT ?event): checked first),
# the events of each pair of values are counted in the store, and the rows read are
# thousands of pairs, not tens of thousands of events (0.1 s against 0.4 s for the
# nominations on 10,000 articles). Elsewhere, or where duplicates of a union default
# graph make the check fail, the rows are read.
SINGLE_VALUED_QUERY = (
    PREFIXES + "SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?event) AS ?events) WHERE {\n  #P#\n}\n"
)
COUNTED_ROLES = ("named", "visit", "accession")

# A meeting's pairs of participants: the meetings are counted per set of participants
# (IRIs, space-separated: a blank node is in no pair) and of kinds (a mode "phone" is a
# call, any other a meeting in person, none at all too): 0.3 s against 0.8 s for reading
# the participants and modes of 20,000 meetings. Two orders of one set are two rows: each
# meeting is still counted once. Facilitators are read as rows (few meetings have one).
MEETING_COUNT_QUERY = (
    PREFIXES
    + """
SELECT ?participants ?kinds (COUNT(?event) AS ?n) (MIN(?first_event) AS ?first) WHERE {
  { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?participants)
    WHERE { ?event ag:participant ?p FILTER(isIRI(?p)) } GROUP BY ?event }
  OPTIONAL {
    SELECT ?event (GROUP_CONCAT(DISTINCT IF(STR(?mode) = "phone", "call", "met"); separator=" ") AS ?modes)
    WHERE { ?event ag:mode ?mode } GROUP BY ?event
  }
  BIND(COALESCE(?modes, "met") AS ?kinds)
  #FIRST#
} GROUP BY ?participants ?kinds
"""
)
LITERAL_PARTICIPANT_QUERY = PREFIXES + "ASK { ?event ag:participant ?p FILTER(isLiteral(?p)) }"
FACILITATED_QUERY = (
    PREFIXES + "SELECT DISTINCT ?event ?a ?b WHERE { ?event ag:facilitator ?a ; ag:participant ?b }"
)

# (kind, the rows (a, b) of each of its events, how many events, the first event in code-point order)
Bundle = tuple[str, tuple[tuple[str, str], ...], int, str | None]
FIRST_EVENT = "BIND(?event AS ?first_event)"  # MIN(?first_event) is the first event; unbound: none


def count_query(role: str, first: bool = True) -> str:
    """How many events have each pair ``(?a, ?b)`` of values of ``role`` (see EVENT_PATTERNS),
    and (``first``) the first of them in code-point order (unbound otherwise: it costs).

    >>> print(count_query("visit").split("\\n", 5)[-1].strip())
    SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?n) (MIN(?first_event) AS ?first) WHERE {
      { SELECT * WHERE { ?event ag:visitor ?a } }
      { SELECT * WHERE { ?event ag:host ?b } }
      BIND(?event AS ?first_event)
    } GROUP BY ?a ?b
    """
    select = "SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?n) (MIN(?first_event) AS ?first) WHERE"
    query = event_query(role, FIRST_EVENT if first else "").replace("SELECT ?event ?a ?b WHERE", select)
    return query.rstrip("\n") + " GROUP BY ?a ?b\n"


def _single_valued(source: SparqlSource, role: str) -> bool:
    """Whether every event of ``role`` has one value of ``?a`` and one of ``?b``."""
    patterns = EVENT_PATTERNS[role]
    typed = [p for p in patterns if "?a" not in p and "?b" not in p]  # the event's class, if asked
    for pattern in (p for p in patterns if p not in typed):
        body = "\n  ".join(f"{{ SELECT * WHERE {{ {p} }} }}" for p in (*typed, pattern)) if typed else pattern
        rows = source.query(SINGLE_VALUED_QUERY.replace("#P#", body)).rows
        if rows and str(rows[0][0]) != str(rows[0][1]):
            return False
    return True


def read_relation_counts(
    source: SparqlSource, facts: Facts, *, first: bool = True
) -> tuple[set[Relation], list[Bundle]]:
    """What :func:`read_relations` reads, without ``office``, as rows and counted bundles.

    A bundle ``(kind, rows, n, first)``: ``n`` events (``first`` the first of them in
    code-point order) each with exactly these rows ``(a, b)`` (a nomination or visit: one
    row; an accession: its country to each party and broker of the agreement; a meeting:
    each two of its participants). Facilitations come as rows,
    as do the roles whose events are not single-valued (and meetings, if a participant is
    a literal). The relation rows of the bundles' events and the rows together are
    exactly those of ``read_relations(source, facts, offices=False)``.

    With ``first=False``, the bundles' ``first`` is None: finding it costs (0.4 s on
    10,000 articles), and only the order of the evidence needs it.
    """

    relations: set[Relation] = set()
    bundles: list[Bundle] = []
    accessions: set[tuple[str, str, str]] = set()
    joined: set[tuple[str, str]] = set()  # (country, agreement) of the accessions
    sides = _agreement_sides(facts)
    for role in COUNTED_ROLES:
        if not _single_valued(source, role):
            rows = _read(source, role)
            if role == "accession":
                accessions = set(rows)
            else:
                relations.update((role, event, a, b) for event, a, b in rows)
            continue
        for a, b, n, first_event in source.query(count_query(role, first)).rows:
            if role == "accession":
                joined.add((a, b))
                bundles.append(
                    ("joined", tuple((a, side) for side in sorted(sides.get(b, ()))), int(n), first_event)
                )
            else:
                bundles.append((role, ((a, b),), int(n), first_event))
    if source.query(LITERAL_PARTICIPANT_QUERY).rows[0][0]:  # cannot be joined with spaces: read the rows
        relations |= _meeting_relations(*_meeting_roles(source))
    else:
        bundles += _meeting_bundles(source, first)
        relations.update(("facilitated", *row) for row in source.query(FACILITATED_QUERY).rows)
    relations |= _joined_relations(accessions, facts, joined)
    return relations, bundles


def _meeting_bundles(source: SparqlSource, first: bool) -> list[Bundle]:
    """``met``/``call`` between each two participants, counted per set of participants and kinds."""
    bundles: list[Bundle] = []
    query = MEETING_COUNT_QUERY.replace("#FIRST#", FIRST_EVENT if first else "")
    for participants, kinds, n, first_event in source.query(query).rows:
        people = sorted(participants.split(" "))
        pairs = tuple((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
        bundles += [(kind, pairs, int(n), first_event) for kind in sorted(set(kinds.split(" ")))]
    return bundles


def _agreement_sides(facts: Facts) -> dict[str, set[str]]:
    """agreement -> its parties and brokers."""
    sides: dict[str, set[str]] = {}
    for node, values in facts.items():
        for agreement in values.get("party", set()) | values.get("broker", set()):
            sides.setdefault(agreement, set()).add(node)
    return sides


def _meeting_relations(
    participants: dict[str, set[str]], modes: dict[str, set[str]], facilitators: dict[str, set[str]]
) -> set[Relation]:
    """``met``/``call`` between each two participants and ``facilitated`` to each of them."""
    out: set[Relation] = set()
    for event, people in participants.items():
        kinds = {"call" if mode == "phone" else "met" for mode in modes.get(event, ())} or {"met"}
        named = [p for p in people if not p.startswith("_:")]  # STR() of a blank node is an error
        for a in named:
            for b in named:
                if a < b:
                    out.update((kind, event, a, b) for kind in kinds)
        for facilitator in facilitators.get(event, ()):
            out.update(("facilitated", event, facilitator, p) for p in people)
    return out


def _joined_relations(
    accessions: set[tuple[str, str, str]], facts: Facts, also_joined: set[tuple[str, str]] = frozenset()
) -> set[Relation]:
    """``joined``: each accession, and each membership stated without one, to the parties and brokers.

    ``also_joined``: (country, agreement) of accessions counted elsewhere (not in ``accessions``).
    """
    sides = _agreement_sides(facts)
    out: set[Relation] = set()
    for event, country, agreement in accessions:
        out.update(("joined", event, country, side) for side in sides.get(agreement, ()))
    joined = {(country, agreement) for _event, country, agreement in accessions} | also_joined
    for node, values in facts.items():
        for agreement in values.get("member", ()):
            if (node, agreement) not in joined:
                event = node + MEMBERSHIP_EVENT
                out.update(("joined", event, node, side) for side in sides.get(agreement, ()))
    return out


def read_sentences(source: SparqlSource, events: Iterable[str] | None = None) -> dict[str, tuple[Any, Any]]:
    """``{event: (sentence, article title)}`` for ``events`` (default: every event).

    Where an event has several (sentence, title) rows, the first of their string forms
    in sorted order. Events are asked for ``SENTENCE_BATCH`` at a time in a ``VALUES`` block.
    """
    if events is None:
        rows = _rows(source.query(EVIDENCE_QUERY), 3)
    else:
        wanted = sorted({e for e in events if not e.endswith(MEMBERSHIP_EVENT)})
        if any(not is_iri(e) for e in wanted):  # a blank node cannot be named in VALUES
            wanted_set = set(wanted)
            rows = [r for r in _rows(source.query(EVIDENCE_QUERY), 3) if r[0] in wanted_set]
        else:
            rows = []
            for start in range(0, len(wanted), SENTENCE_BATCH):
                values = " ".join(f"<{e}>" for e in wanted[start : start + SENTENCE_BATCH])
                query = EVIDENCE_TEMPLATE.replace("#EVENTS#", f"VALUES ?event {{ {values} }}")
                rows += _rows(source.query(query), 3)
    found: dict[str, tuple[Any, Any]] = {}
    for event, sentence, title in sorted(rows, key=str):
        found.setdefault(event, (sentence, title))
    return found


def is_iri(term: str) -> bool:
    """An IRI as the store gives it back (blank nodes come as ``_:id``), safe inside ``<...>``.

    >>> is_iri("https://w3id.org/accordgraph/id/event/ab12"), is_iri("_:b0"), is_iri("x> } #")
    (True, False, False)
    """
    return ":" in term and not term.startswith("_:") and not any(c in term for c in '<>"{}|^`\\ \t\n')


def _rows(table: Table, width: int | None = None) -> list[tuple[Any, ...]]:
    return [tuple(row[: width or len(row)]) for row in table.rows]

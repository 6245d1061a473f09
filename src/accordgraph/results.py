"""pyoxigraph query results as Tables of plain strings, fast enough for 200,000 rows.

The values ``term_value`` gives one term at a time (IRIs as is, literals in lexical
form, blank nodes as ``_:id``, unbound as None); each solution is read as a sequence
of terms in the order of the result's variables instead of term by name,
and a term is told apart by its exact type: about four times faster on wide results
(evidence on 1,000 articles, 20,788 rows of 6 columns: 240 -> 60 ms).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://e.org/a"), ox.NamedNode("http://e.org/p"), ox.Literal("1")))
>>> results_table(store.query("SELECT ?s ?o ?none WHERE { ?s ?p ?o }")).rows
[('http://e.org/a', '1', None)]
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .output import Table

_BLANK = ox.BlankNode


def term_value(term: Any) -> str | None:
    """A term as a plain string: IRIs as is, literals in lexical form, blank nodes as ``_:id``
    (a triple term, which has no value, as text).

    >>> term_value(ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '7'
    """
    if term is None:
        return None
    if type(term) is _BLANK:
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def solution_rows(solutions: ox.QuerySolutions) -> list[tuple[str | None, ...]]:
    """Every solution as a tuple of plain values, in the order of ``solutions.variables``."""
    bn = _BLANK
    rows = []
    for s in solutions:
        try:
            rows.append(
                tuple([None if t is None else (t.value if type(t) is not bn else f"_:{t.value}") for t in s])
            )
        except AttributeError:  # a triple term (RDF 1.2) has no value
            rows.append(tuple(term_value(t) for t in s))
    return rows


def results_table(result: Any) -> Table:
    """A pyoxigraph query result (solutions, boolean or triples) as a Table."""
    if isinstance(result, ox.QueryBoolean | bool):
        return Table(["result"], [(bool(result),)])
    if isinstance(result, ox.QuerySolutions):
        return Table([v.value for v in result.variables], solution_rows(result))
    return Table(
        ["subject", "predicate", "object"],
        [(term_value(t.subject), term_value(t.predicate), term_value(t.object)) for t in result],
    )

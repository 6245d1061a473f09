"""The listings rewritten for speed (meetings, visits, statements) keep their rows.

statements has two plans in one query (every statement at once when no parameter is
given, the kept speakers' statements one by one when one is): both must give the rows of
the full listing. The rewrites lean on Oxigraph's planner, so rdflib, which reads the same
SPARQL text without it, must still give the same rows in the same order.
"""

from __future__ import annotations

import io

import pytest

from accordgraph.queries import bind_params, load_library, run_query


def rdflib_rows(store, name: str, params: dict[str, str]) -> list[tuple[str | None, ...]]:
    """The rows rdflib's Memory store gives for a library query on the store's graphs."""
    from rdflib import Dataset

    buffer = io.BytesIO()
    store.export("nquads", buffer)
    dataset = Dataset(default_union=True)
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format="nquads")
    query = load_library()[name]
    result = dataset.query(bind_params(query.sparql, params, query.param_specs))
    return [tuple(None if value is None else str(value) for value in row) for row in result]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("meetings", {}),
        ("visits", {}),
        ("statements", {}),
        ("statements", {"speaker": "Salim Haddad"}),
        ("statements", {"speaker": "Grace J. Holloway"}),
    ],
)
def test_rdflib_gives_the_same_rows_in_the_same_order(fixture_store, name, params):
    expected = run_query(fixture_store, name, params).rows
    assert expected, (name, params)
    assert rdflib_rows(fixture_store, name, params) == expected


def test_statements_of_one_speaker_are_their_rows_of_the_full_listing(fixture_store):
    everything = run_query(fixture_store, "statements").records()
    speakers = {row["speaker"] for row in everything}
    assert len(speakers) >= 3
    for speaker in speakers:
        narrowed = run_query(fixture_store, "statements", {"speaker": speaker}).records()
        assert narrowed == [row for row in everything if row["speaker"] == speaker], speaker


@pytest.mark.parametrize(("represents", "label"), [("OMN", "Oman"), ("united states", "United States")])
def test_statements_of_a_country_are_the_rows_of_its_office_holders(fixture_store, represents, label):
    everything = run_query(fixture_store, "statements").records()
    narrowed = run_query(fixture_store, "statements", {"represents": represents}).records()
    assert narrowed
    assert narrowed == [row for row in everything if label in (row["country"] or "").split("; ")]


def test_a_speaker_or_country_nobody_matches_gives_no_rows(fixture_store):
    assert run_query(fixture_store, "statements", {"speaker": "Nobody Known"}).rows == []
    assert run_query(fixture_store, "statements", {"represents": "XYZ"}).rows == []

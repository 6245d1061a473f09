"""Query parameters, the read-only guard, and finding queries (queries.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accordgraph.errors import QueryError
from accordgraph.queries import (
    Param,
    bind_params,
    check_read_only,
    load_library,
    parse_params,
    parse_query_text,
    resolve_query,
    run_query,
    where_group_start,
)

ECHO = "#+ title: Echo\n#+ params: x\nSELECT ?x WHERE { }\n"


# --- declaring parameters -------------------------------------------------------------


def test_params_header_grammar():
    specs = parse_params('agreement="Abraham Accords", country speaker?')
    assert specs == (Param("agreement", "Abraham Accords"), Param("country"), Param("speaker", optional=True))
    assert [p.required for p in specs] == [False, True, False]


@pytest.mark.parametrize(
    ("text", "message"), [("a a", "declared twice"), ("9lives", "not a valid parameter name")]
)
def test_bad_params_header(text, message):
    with pytest.raises(QueryError, match=message):
        parse_params(text)


def test_header_with_continued_description():
    q = parse_query_text("#+ title: T\n#+ description: one\n#+   two\n#+ params: a=1\nSELECT * {}", "q")
    assert (q.title, q.description, q.params, q.defaults) == ("T", "one two", ("a",), {"a": "1"})


# --- binding --------------------------------------------------------------------------


def test_unknown_params_are_named():
    with pytest.raises(QueryError, match=r"unknown parameters colour, size \(it takes: x\)"):
        bind_params("SELECT ?x WHERE { }", {"size": "1", "colour": "red"}, ["x"])


def test_missing_required_param_is_named():
    with pytest.raises(QueryError, match="missing required parameter: country"):
        bind_params("SELECT ?country WHERE { }", {}, [Param("country"), Param("agreement", "NATO")])


def test_param_that_is_not_unicode_text():
    with pytest.raises(QueryError, match=r"parameter x: not UTF-8 text \(character 3\)"):
        bind_params("SELECT ?x WHERE { }", {"x": "Caf\udce9"}, ["x"])


def test_defaults_and_optional_params():
    declared = [Param("a", "default"), Param("b", optional=True)]
    assert 'VALUES ?a { "default" }' in bind_params("SELECT * WHERE { }", {}, declared)
    assert "?b" not in bind_params("SELECT * WHERE { }", {}, declared)
    bound = bind_params("SELECT * WHERE { }", {"a": "given", "b": "x"}, declared)
    assert 'VALUES ?a { "given" }' in bound and 'VALUES ?b { "x" }' in bound


@pytest.mark.parametrize(
    "value",
    [
        'x" } . ?s ?p ?o . FILTER("',
        "x' } DROP ALL #",
        'a\\"b',
        "line one\nline two\r\n",
        "\\u0022 } {",
        "ünïcödé \U0001f600 «»",
        "",
    ],
)
def test_values_cannot_change_the_query(value, memory_store):
    table = run_query(memory_store, ECHO, {"x": value})
    assert table.columns == ["x"]
    assert table.rows == [(value,)]


@settings(max_examples=80, deadline=None)
@given(value=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_text_round_trips(value):
    from accordgraph.store import open_store

    with open_store("memory") as store:
        assert run_query(store, ECHO, {"x": value}).rows == [(value,)]


@pytest.mark.parametrize(
    ("query", "rest"),
    [
        ("SELECT ?where WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        (
            'SELECT * # WHERE { not here\nWHERE { ?s <http://x/#where{> "where {" }',
            ' ?s <http://x/#where{> "where {" }',
        ),
        ("PREFIX where: <http://x/> SELECT * { ?s where:p ?o }", " ?s where:p ?o }"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
        ("SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } } }", " { SELECT * WHERE { ?s ?p ?o } } }"),
        ("ASK { ?s ?p '''{ where'''}", " ?s ?p '''{ where'''}"),
    ],
)
def test_where_group_is_found(query, rest):
    assert query[where_group_start(query) :] == rest


def test_query_without_where_group_cannot_take_params():
    with pytest.raises(QueryError, match="no WHERE group"):
        bind_params("DESCRIBE <http://x/>", {"x": "1"}, ["x"])


def test_param_filters_a_stored_query(fixture_store):
    everything_kaz = run_query(fixture_store, "country", {"country": "KAZ"})
    assert ("name", "Kazakhstan", None, None) in everything_kaz.rows
    assert run_query(fixture_store, "country", {"country": "Atlantis"}).rows == []
    with pytest.raises(QueryError, match="missing required parameter: country"):
        run_query(fixture_store, "country")


# --- read-only ------------------------------------------------------------------------

UPDATES = [
    ("INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }", "INSERT DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("# SELECT * WHERE { ?s ?p ?o }\nDROP ALL", "DROP"),
    ("PREFIX x: <http://x/> # harmless?\n  CLEAR DEFAULT", "CLEAR"),
    ("LOAD <http://example.org/data.ttl> INTO GRAPH <http://x/g>", "LOAD"),
    ("CREATE GRAPH <http://x/g>", "CREATE"),
    ("ADD DEFAULT TO <http://x/g>", "ADD"),
    ("MOVE DEFAULT TO <http://x/g>", "MOVE"),
    ("COPY DEFAULT TO <http://x/g>", "COPY"),
    (
        "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        "INSERT/DELETE",
    ),
]

# Writes into the default graph itself: it is the merge of the named graphs, rebuilt after
# every update, so they would be lost; refused even when updates are allowed.
DEFAULT_GRAPH_WRITES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> 1 } <http://x/a> <http://x/b> 2 }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "COPY <http://x/g> TO DEFAULT",
    "CREATE GRAPH <http://x/g> ; MOVE <http://x/g> TO DEFAULT",
]


@pytest.mark.parametrize("update", DEFAULT_GRAPH_WRITES)
def test_writes_into_the_default_graph_are_refused(update):
    with pytest.raises(QueryError, match=r"^refused: the default graph is the merge of the named graphs"):
        check_read_only(update, allow_update=True, allow_service=True)


@pytest.mark.parametrize(
    "update",
    [
        "WITH <http://x/g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "INSERT { GRAPH <http://x/g> { ?s ?p 1 } } WHERE { ?s ?p ?o }",
        "DELETE DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "CLEAR DEFAULT",
    ],
)
def test_writes_into_named_graphs_and_deletes_are_allowed(update):
    assert check_read_only(update, allow_update=True, allow_service=True) == "update"


@pytest.mark.parametrize(("update", "keyword"), UPDATES)
def test_updates_are_refused(update, keyword):
    with pytest.raises(QueryError, match=rf"refused: SPARQL Update \({keyword}\)"):
        check_read_only(update)
    assert check_read_only(update, allow_update=True, allow_service=True) == "update"


def test_load_also_needs_service_allowed_because_it_fetches():
    with pytest.raises(QueryError, match="refused: LOAD fetches a document from the network"):
        check_read_only("LOAD <http://example.org/data.ttl>", allow_update=True)
    assert check_read_only("CLEAR DEFAULT", allow_update=True) == "update"


def test_update_after_a_query_text_in_a_comment_is_refused(memory_store):
    memory_store.replace_graph("http://x/g", "<http://x/a> <http://x/b> <http://x/c> .")
    with pytest.raises(QueryError, match="refused"):
        run_query(memory_store, "# SELECT * WHERE { ?s ?p ?o }\nDELETE WHERE { ?s ?p ?o }")
    assert memory_store.triple_count() == 1
    assert run_query(memory_store, "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", allow_update=True).rows == [
        ("ok",)
    ]
    assert memory_store.triple_count() == 0


def test_update_words_in_strings_and_comments_are_not_updates():
    assert check_read_only('SELECT * WHERE { ?s ?p "INSERT DATA { <a> <b> <c> }" } # DROP ALL') == "query"


def test_service_is_refused_unless_allowed():
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="refused: SERVICE"):
        check_read_only(query)
    nested = "SELECT * WHERE { ?a ?b ?c OPTIONAL { { SERVICE SILENT <http://x/> { ?s ?p ?o } } } }"
    with pytest.raises(QueryError, match="refused: SERVICE"):
        check_read_only(nested)
    assert check_read_only(query, allow_service=True) == "query"


def test_service_in_a_string_or_comment_is_not_refused(memory_store):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://x/> { ?s ?p ?o }" AS ?x) } # SERVICE <http://y/> {}'
    assert check_read_only(query) == "query"
    assert run_query(memory_store, query).rows == [("SERVICE <http://x/> { ?s ?p ?o }",)]


def test_malformed_query_is_a_clear_error(memory_store):
    with pytest.raises(QueryError, match=r"malformed SPARQL at line 1, column \d+"):
        run_query(memory_store, "SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match=r"malformed SPARQL at line 2, column \d+"):
        check_read_only("SELECT ?x WHERE {\n ?x ?y 'unterminated }")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        'SELECT ?service WHERE { ?service <http://x/DROP> "INSERT" . ?s ex:load ?o } # COPY',
    ],
)
def test_plain_queries_skip_the_full_parse(query, monkeypatch):
    import rdflib.plugins.sparql.parser as parser

    def fail(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(parser, "parseQuery", fail)
    monkeypatch.setattr(parser, "parseUpdate", fail)
    assert check_read_only(query) == "query"


def test_unicode_escapes_take_the_full_parse():
    with pytest.raises(QueryError, match="refused: SERVICE"):
        check_read_only("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }")


# --- finding queries ------------------------------------------------------------------


def test_resolve_by_name_path_or_text(tmp_path):
    library = load_library()
    assert resolve_query("candidates") == library["candidates"]
    path = tmp_path / "mine.rq"
    path.write_text("#+ title: Mine\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve_query(str(path)).title == "Mine"
    text = resolve_query("SELECT * WHERE { ?s ?p ?o }")
    assert text.params == () and text.path is None


def test_long_one_line_query_text_is_not_taken_for_a_file_name(memory_store):
    query = "SELECT ?x WHERE { BIND(" + " + ".join(["1"] * 200) + " AS ?x) }"
    assert run_query(memory_store, query).rows == [("200",)]


def test_unknown_query_name_suggests_a_close_one():
    with pytest.raises(QueryError, match="unknown query 'candidate'; did you mean 'candidates'"):
        resolve_query("candidate")
    with pytest.raises(QueryError, match="no such query file"):
        resolve_query("missing.rq")


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n#+ title: T\n"])
def test_empty_query_text(text):
    with pytest.raises(QueryError, match=r"^empty query$"):
        resolve_query(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"q\.rq: empty query"),
        (b"#+ title: T\nSELECT \xff", r"q\.rq: not UTF-8 text \(byte 19\)"),
        (b"#+ title: T\n\x00", r"q\.rq: binary file, not text"),
    ],
)
def test_bad_query_files(tmp_path, data, message):
    path = tmp_path / "q.rq"
    path.write_bytes(data)
    with pytest.raises(QueryError, match=message):
        resolve_query(str(path))


def test_huge_query_file_is_refused_before_reading(tmp_path):
    from accordgraph.limits import QUERY_BYTES

    path = tmp_path / "q.rq"
    with path.open("wb") as f:
        f.truncate(QUERY_BYTES + 1)
    with pytest.raises(QueryError, match=rf"{QUERY_BYTES + 1} bytes is over the {QUERY_BYTES} byte limit"):
        resolve_query(str(path))


def test_a_user_file_needs_no_title(tmp_path):
    path = tmp_path / "plain.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve_query(str(path)).title == "plain"


def test_library_query_needs_a_title(tmp_path):
    (tmp_path / "untitled.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"untitled\.rq: no '#\+ title:' header"):
        load_library(tmp_path)
    with pytest.raises(QueryError, match="no such query directory"):
        load_library(tmp_path / "nope")


# --- sections: optional parameters that change the query's shape ------------------------

SHAPED = """#+ title: Shaped
#+ params: who?
SELECT ?x WHERE {
  #!who
  BIND("everyone" AS ?x)
  #!who
  #?who BIND(CONCAT("only ", ?who) AS ?x)
}
"""


def test_a_section_is_dropped_and_a_line_enabled_when_its_parameter_is_given(memory_store):
    assert run_query(memory_store, SHAPED).rows == [("everyone",)]
    assert run_query(memory_store, SHAPED, {"who": "Ana"}).rows == [("only Ana",)]


@pytest.mark.parametrize("value", ['x") } DROP ALL #', 'a\\"b', "two\nlines", "?who"])
def test_an_enabled_line_takes_the_value_as_an_escaped_literal(value, memory_store):
    assert run_query(memory_store, SHAPED, {"who": value}).rows == [(f"only {value}",)]


def test_markers_of_undeclared_names_are_plain_comments():
    text = "SELECT * WHERE {\n  #?other ?s ?p ?o .\n  #!other\n  ?s ?p ?o .\n}\n"
    assert bind_params(text, {"x": "1"}, ["x"]).replace('\n  VALUES ?x { "1" }\n', "") == text


def test_a_line_named_for_two_parameters_is_enabled_by_either():
    text = "SELECT * WHERE {\n  #?a,b ?s ?p ?o .\n}\n"
    declared = [Param("a", optional=True), Param("b", optional=True)]
    assert "\n  ?s ?p ?o .\n" in bind_params(text, {"b": "1"}, declared)
    assert "#?a,b" in bind_params(text, {}, declared)


def test_an_unclosed_section_is_a_clear_error(memory_store):
    with pytest.raises(QueryError, match=r"^a '#!who' section is not closed$"):
        run_query(memory_store, "#+ params: who?\nSELECT * WHERE {\n  #!who\n}\n", {"who": "x"})

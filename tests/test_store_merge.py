"""The embedded store's default graph is the merge of its named graphs, each triple once."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from accordgraph.errors import QueryError, StoreError
from accordgraph.queries import run_query
from accordgraph.store import OxigraphStore, open_store

EX = "https://example.org/"
LABEL = f'<{EX}isr> <{EX}label> "Israel" .'
CODE = f'<{EX}isr> <{EX}code> "ISR" .'


def merge(store) -> set[tuple]:
    """The default graph, as the store's queries see it."""
    return set(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)


def union(store) -> set[tuple]:
    """Every triple of every named graph, once."""
    return set(store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows)


def test_a_triple_stated_by_two_graphs_is_seen_once(memory_store):
    memory_store.replace_graph(EX + "a", f"{LABEL}\n{CODE}\n")
    memory_store.replace_graph(EX + "b", f"{LABEL}\n{CODE}\n")
    rows = memory_store.query(
        f"SELECT ?label ?code WHERE {{ ?c <{EX}label> ?label ; <{EX}code> ?code }}"
    ).rows
    assert rows == [("Israel", "ISR")]
    assert memory_store.triple_count() == 4  # the named graphs' quads; the merge is not counted


def test_replacing_a_graph_keeps_what_another_graph_states(memory_store):
    memory_store.replace_graph(EX + "a", f"{LABEL}\n{CODE}\n")
    memory_store.replace_graph(EX + "b", f"{LABEL}\n")
    memory_store.replace_graph(EX + "a", f'<{EX}kaz> <{EX}label> "Kazakhstan" .\n')
    assert merge(memory_store) == {
        (EX + "isr", EX + "label", "Israel"),
        (EX + "kaz", EX + "label", "Kazakhstan"),
    }


def test_removing_graphs_removes_what_only_they_state(memory_store):
    memory_store.replace_graph(EX + "a", f"{LABEL}\n{CODE}\n")
    memory_store.replace_graph(EX + "b", f"{LABEL}\n")
    memory_store.remove_graph(EX + "a")
    assert merge(memory_store) == {(EX + "isr", EX + "label", "Israel")}
    memory_store.remove_graph(EX + "b")
    memory_store.remove_graph(EX + "never-there")
    assert merge(memory_store) == set()


def test_also_remove_drops_the_old_graph_from_the_merge(memory_store):
    memory_store.replace_graph(EX + "old", f"{LABEL}\n{CODE}\n")
    memory_store.replace_graph(EX + "new", f"{LABEL}\n", also_remove=[EX + "old"])
    assert memory_store.graphs() == [EX + "new"]
    assert merge(memory_store) == {(EX + "isr", EX + "label", "Israel")}


def test_blank_nodes_are_skolemised_so_the_merge_can_forget_them(memory_store):
    memory_store.replace_graph(EX + "a", f'[] <{EX}label> "anonymous" ; <{EX}code> "X" .')  # Turtle
    memory_store.replace_graph(EX + "b", f'_:n <{EX}label> "other" .')
    memory_store.replace_graph(EX + "c", f'_:n <{EX}label> "third" .')  # the same label, another node
    rows = memory_store.query(f"SELECT ?l ?c WHERE {{ ?x <{EX}label> ?l OPTIONAL {{ ?x <{EX}code> ?c }} }}")
    assert sorted(rows.rows, key=str) == [("anonymous", "X"), ("other", None), ("third", None)]
    assert all(
        s.startswith("https://w3id.org/accordgraph/id/.well-known/genid/") for s, _, _ in merge(memory_store)
    )
    memory_store.replace_graph(EX + "a", LABEL)
    memory_store.remove_graph(EX + "b")
    assert {o for _, _, o in merge(memory_store)} == {"Israel", "third"}


def test_the_merge_stays_exact_under_random_writes(memory_store):
    rng = random.Random(7)
    triples = [f'<{EX}s{i % 4}> <{EX}p{i % 3}> "{i % 5}" .' for i in range(12)]
    graphs = [EX + f"g{i}" for i in range(5)]
    for _ in range(60):
        graph = rng.choice(graphs)
        if rng.random() < 0.25:
            memory_store.remove_graph(graph)
        else:
            others = [g for g in graphs if g != graph and rng.random() < 0.2]
            text = "\n".join(rng.sample(triples, rng.randint(0, 6)))
            memory_store.replace_graph(graph, text, also_remove=others)
        assert merge(memory_store) == union(memory_store)


def test_updates_written_by_users_keep_the_merge_exact(memory_store):
    memory_store.replace_graph(EX + "a", f"{LABEL}\n{CODE}\n")
    memory_store.replace_graph(EX + "b", f"{LABEL}\n")
    run_query(
        memory_store, f'INSERT DATA {{ GRAPH <{EX}c> {{ <{EX}kaz> <{EX}code> "KAZ" }} }}', allow_update=True
    )
    run_query(memory_store, f"DELETE WHERE {{ GRAPH <{EX}a> {{ ?s <{EX}code> ?o }} }}", allow_update=True)
    assert merge(memory_store) == union(memory_store)
    assert (EX + "isr", EX + "code", "ISR") not in merge(memory_store)
    assert (EX + "kaz", EX + "code", "KAZ") in merge(memory_store)
    # the update's WHERE sees the merge, as queries do
    run_query(
        memory_store,
        f'INSERT {{ GRAPH <{EX}d> {{ ?c <{EX}seen> true }} }} WHERE {{ ?c <{EX}label> "Israel" }}',
        allow_update=True,
    )
    assert (EX + "isr", EX + "seen", "true") in merge(memory_store)


def test_an_update_ending_in_a_semicolon_runs(memory_store):
    memory_store.update(f"INSERT DATA {{ GRAPH <{EX}a> {{ {LABEL} }} }} ;  # done")
    assert merge(memory_store) == {(EX + "isr", EX + "label", "Israel")}


def test_a_malformed_update_changes_nothing(memory_store):
    memory_store.replace_graph(EX + "a", LABEL)
    with pytest.raises(QueryError, match=r"^malformed SPARQL update"):
        memory_store.update("INSERT DATA { GRAPH <x:g> { oops } }")
    assert merge(memory_store) == {(EX + "isr", EX + "label", "Israel")}


def test_export_holds_the_named_graphs_only(memory_store):
    memory_store.replace_graph(EX + "a", LABEL)
    memory_store.replace_graph(EX + "b", LABEL)
    quads = list(memory_store.quads())
    assert sorted(q.graph_name.value for q in quads) == [EX + "a", EX + "b"]


def old_layout_store(path) -> None:
    """A directory store as accordgraph wrote it before the merge: named graphs only."""
    raw = ox.Store(str(path))
    for graph in ("a", "b"):
        raw.load(
            f"{LABEL}\n{CODE}\n".encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(EX + graph)
        )
    raw.flush()
    del raw


def test_a_store_written_before_the_merge_reads_as_the_union(tmp_path):
    old_layout_store(tmp_path / "store")
    with open_store(tmp_path / "store", read_only=True) as store:
        assert merge(store) == {(EX + "isr", EX + "label", "Israel"), (EX + "isr", EX + "code", "ISR")}
        assert store.triple_count() == 4


def test_a_store_written_before_the_merge_is_merged_when_opened_for_writing(tmp_path):
    old_layout_store(tmp_path / "store")
    with open_store(tmp_path / "store") as store:
        assert isinstance(store, OxigraphStore)
        store.remove_graph(EX + "a")
    with open_store(tmp_path / "store", read_only=True) as store:
        assert (
            merge(store)
            == union(store)
            == {
                (EX + "isr", EX + "label", "Israel"),
                (EX + "isr", EX + "code", "ISR"),
            }
        )


def test_a_merge_cut_short_is_done_again(tmp_path):
    old_layout_store(tmp_path / "store")
    raw = ox.Store(str(tmp_path / "store"))
    raw.add(ox.Quad(ox.NamedNode(EX + "stray"), ox.NamedNode(EX + "p"), ox.Literal("x")))  # default graph
    raw.flush()
    del raw
    with open_store(tmp_path / "store", read_only=True) as store:  # not merged: read as the union
        assert (EX + "isr", EX + "code", "ISR") in merge(store)
    with open_store(tmp_path / "store") as store:
        assert {(EX + "isr", EX + "label", "Israel"), (EX + "isr", EX + "code", "ISR")} <= merge(store)


@pytest.mark.parametrize(
    "text",
    [
        f"# plain N-Triples\n\n{LABEL}  \n{CODE}\n",  # loaded as one N-Quads document
        f"{LABEL}\n{CODE} # a comment after a triple\n",  # parsed triple by triple
        f'@prefix ex: <{EX}> .\nex:isr ex:label "Israel" ; ex:code "ISR" .',  # Turtle
    ],
)
def test_every_accepted_text_lands_in_its_graph_and_the_merge(memory_store, text):
    memory_store.replace_graph(EX + "a", text)
    expected = {(EX + "isr", EX + "label", "Israel"), (EX + "isr", EX + "code", "ISR")}
    assert merge(memory_store) == union(memory_store) == expected
    assert memory_store.graphs() == [EX + "a"]


# --- add_graphs: several new graphs at once (one bulk load in a directory store) ----------


def quads_by_graph(store) -> dict[str, set[str]]:
    """Every named graph's triples as N-Triples lines, and the default graph's under ''."""
    out: dict[str, set[str]] = {
        "": {f"{t} ." for t in store._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    }
    for quad in store.quads():
        out.setdefault(quad.graph_name.value, set()).add(
            f"{ox.Triple(quad.subject, quad.predicate, quad.object)} ."
        )
    return out


def graph_texts(n: int) -> list[tuple[str, str]]:
    """``n`` graphs sharing a label and a code, each with a triple of its own."""
    return [(f"{EX}g{i}", f"{LABEL}\n{CODE}\n<{EX}e{i}> <{EX}about> <{EX}isr> .\n") for i in range(n)]


@pytest.fixture(params=["directory", "memory"])
def any_store(request, tmp_path):
    with open_store(tmp_path / "store" if request.param == "directory" else "memory") as store:
        yield store


def test_add_graphs_stores_what_replace_graph_stores_one_by_one(any_store, tmp_path):
    any_store.replace_graph(EX + "g1", f'<{EX}old> <{EX}label> "old" .\n')  # in the store already
    graphs = [
        *graph_texts(3),
        (EX + "g0", f"<{EX}e0> <{EX}about> <{EX}kaz> .\n"),  # named twice: the second wins
        (EX + "t", f'@prefix ex: <{EX}> .\nex:kaz ex:label "Kazakhstan" .'),  # Turtle
        (EX + "b", f'_:n <{EX}label> "anonymous" .'),  # a blank node: skolemised
    ]
    any_store.add_graphs(graphs)
    with open_store("memory") as reference:
        reference.replace_graph(EX + "g1", f'<{EX}old> <{EX}label> "old" .\n')
        for graph_iri, text in graphs:
            reference.replace_graph(graph_iri, text)
        expected = quads_by_graph(reference)
    got = quads_by_graph(any_store)
    skolem = {line for line in got[EX + "b"]}
    assert len(skolem) == 1 and "/.well-known/genid/" in next(iter(skolem))
    got[EX + "b"] = expected[EX + "b"] = set()  # fresh skolem IRIs differ from run to run
    assert {g: q for g, q in got.items() if g} == {g: q for g, q in expected.items() if g}
    assert got[EX + "g0"] == {f"<{EX}e0> <{EX}about> <{EX}kaz> ."}
    assert merge(any_store) == union(any_store)
    assert len(any_store.graphs()) == 5


def test_add_graphs_splits_a_large_load_and_stores_the_same(tmp_path, monkeypatch):
    import accordgraph.store as store_module

    loads: list[int] = []  # graphs in each load
    real_load = OxigraphStore._load_new
    monkeypatch.setattr(
        OxigraphStore, "_load_new", lambda self, chunk: (loads.append(len(chunk)), real_load(self, chunk))
    )
    with open_store(tmp_path / "split") as split, open_store(tmp_path / "whole") as whole:
        monkeypatch.setattr(store_module, "BULK_QUADS", 7)  # 6 quads a graph: one graph a load
        split.add_graphs(graph_texts(4))
        assert loads == [1, 1, 1, 1]
        monkeypatch.setattr(store_module, "BULK_QUADS", 500_000)
        whole.add_graphs(graph_texts(4))
        assert loads[4:] == [4]
        assert quads_by_graph(split) == quads_by_graph(whole)
        assert merge(split) == union(split) == union(whole)


def test_add_graphs_names_a_graph_the_parser_refuses_and_keeps_those_before_it(any_store):
    graphs = [*graph_texts(2), (EX + "bad", f'<{EX}a b> <{EX}label> "space in an IRI" .')]
    with pytest.raises(StoreError, match=f"cannot load graph {EX}bad: "):
        any_store.add_graphs(graphs)
    assert any_store.graphs() == [EX + "g0", EX + "g1"]
    assert merge(any_store) == union(any_store)


def test_add_graphs_refuses_a_read_only_store(tmp_path):
    open_store(tmp_path / "store").close()
    with (
        open_store(tmp_path / "store", read_only=True) as store,
        pytest.raises(StoreError, match="read-only"),
    ):
        store.add_graphs(graph_texts(1))


def test_a_store_is_compacted_after_a_load_of_a_quarter_of_it_or_more(tmp_path):
    with open_store(tmp_path / "store") as store, open_store("memory") as memory:
        store.add_graphs(graph_texts(8))
        before = quads_by_graph(store)
        assert not store.compact_after_load(1)  # 1 of 8 graphs: not worth rewriting the store
        assert store.compact_after_load(2)
        assert quads_by_graph(store) == before
        memory.add_graphs(graph_texts(8))
        assert not memory.compact_after_load(8)


def test_files_a_killed_bulk_load_left_are_removed_when_the_store_is_opened_for_writing(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.add_graphs(graph_texts(2))
        expected = quads_by_graph(store)
    leftover = tmp_path / "store" / "bulk-123456789.sst"  # what a bulk load killed half way leaves
    leftover.write_bytes(b"not a finished table")
    with open_store(tmp_path / "store", read_only=True):
        assert leftover.exists()  # a reader may run beside a writer's bulk load: it leaves them
    with open_store(tmp_path / "store") as store:
        assert not leftover.exists()
        assert quads_by_graph(store) == expected

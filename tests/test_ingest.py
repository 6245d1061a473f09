"""Ingesting articles: one named graph each, idempotent, edits replace, others undisturbed."""

from __future__ import annotations

from pathlib import Path

import pytest

from accordgraph.articles import Article, read_article
from accordgraph.errors import ArticleError, FactError, StoreBusyError, StoreError
from accordgraph.facts import Evidence, HoldsOffice, Joined, Met, NamedCandidate, Said
from accordgraph.ingest import (
    BASE_GRAPH_IRI,
    build,
    graphs_from_path,
    ingest_article,
    ingest_paths,
    load_base,
    read_facts_for,
    summarize,
)
from accordgraph.rdf import BASE_GRAPH, article_iri
from accordgraph.store import open_store

AG = "https://w3id.org/accordgraph/ontology#"
ID = "https://w3id.org/accordgraph/id/"
TEXT_A = 'Chile joined the Abraham Accords. President Ana Rivera said: "We are proud."'
TEXT_B = "Peru and Chile signed on to BRICS. Minister Luis Soto met Ana Rivera in Lima."


def facts_a():
    return [
        Joined(country="CHL", agreement="Abraham Accords", evidence=Evidence(0, 33)),
        HoldsOffice(person="Ana Rivera", office="President", country="CHL", evidence=Evidence(34, 54)),
        Said(speaker="Ana Rivera", quote="We are proud.", evidence=Evidence(34, len(TEXT_A))),
    ]


def facts_b():
    return [
        Joined(country="PER", agreement="BRICS", evidence=Evidence(0, 34)),
        Joined(country="CHL", agreement="BRICS", evidence=Evidence(0, 34)),
        Met(participants=("Luis Soto", "Ana Rivera"), mode="in_person", evidence=Evidence(35, len(TEXT_B))),
        NamedCandidate(country="BOL", by="Luis Soto", agreement="BRICS", evidence=Evidence(35, len(TEXT_B))),
    ]


def article(text: str, path: str) -> Article:
    return Article(text=text, title=text.split(".")[0], path=path)


def graph_quads(store, graph: str) -> set[tuple]:
    return set(store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows)


def test_an_article_gets_its_own_named_graph(memory_store):
    a = article(TEXT_A, "/news/a.txt")
    result = ingest_article(memory_store, a, facts_a())
    assert result.graph == article_iri(a)
    assert memory_store.graphs() == [article_iri(a)]
    assert result.facts == 3
    assert dict(result.kinds) == {"joined": 1, "holds_office": 1, "said": 1}
    assert result.triples == memory_store.triple_count()
    assert result.replaced == []
    member = memory_store.query(f"ASK {{ <https://w3id.org/accordgraph/id/country/CHL> <{AG}memberOf> ?a }}")
    assert member.rows == [(True,)]


def test_ingesting_the_same_article_twice_changes_nothing(memory_store):
    a = article(TEXT_A, "/news/a.txt")
    ingest_article(memory_store, a, facts_a())
    before = (memory_store.triple_count(), memory_store.graphs(), graph_quads(memory_store, article_iri(a)))
    result = ingest_article(memory_store, a, facts_a())
    after = (memory_store.triple_count(), memory_store.graphs(), graph_quads(memory_store, article_iri(a)))
    assert after == before
    assert result.replaced == []


def test_an_edited_article_replaces_its_old_facts(memory_store):
    old = article(TEXT_A, "/news/a.txt")
    ingest_article(memory_store, old, facts_a())
    new = article(TEXT_A.replace("Chile", "Uruguay"), "/news/a.txt")
    result = ingest_article(memory_store, new, [Joined(country="URY", agreement="Abraham Accords")])
    assert result.replaced == [article_iri(old)]
    assert memory_store.graphs() == [article_iri(new)]
    members = memory_store.query(f"SELECT ?c WHERE {{ ?c <{AG}memberOf> ?a }}").rows
    assert members == [("https://w3id.org/accordgraph/id/country/URY",)]


def test_ingesting_one_article_never_disturbs_another(memory_store):
    a, b = article(TEXT_A, "/news/a.txt"), article(TEXT_B, "/news/b.txt")
    ingest_article(memory_store, b, facts_b())
    b_before = graph_quads(memory_store, article_iri(b))
    ingest_article(memory_store, a, facts_a())
    ingest_article(memory_store, article(TEXT_A + " More.", "/news/a.txt"), facts_a())
    assert graph_quads(memory_store, article_iri(b)) == b_before
    assert len(memory_store.graphs()) == 2


def test_the_same_text_at_two_paths_is_one_graph(memory_store):
    ingest_article(memory_store, article(TEXT_A, "/news/a.txt"), facts_a())
    ingest_article(memory_store, article(TEXT_A, "/copies/a.txt"), facts_a())
    assert memory_store.graphs() == [article_iri(Article(text=TEXT_A))]
    assert graphs_from_path(memory_store, "/news/a.txt") == []
    assert graphs_from_path(memory_store, "/copies/a.txt") == [article_iri(Article(text=TEXT_A))]


def test_paths_with_quotes_are_matched_exactly(memory_store):
    odd = '/news/"odd" name\\.txt'
    ingest_article(memory_store, article(TEXT_A, odd), facts_a())
    assert graphs_from_path(memory_store, odd) == [article_iri(Article(text=TEXT_A))]


def test_summarize_counts_facts_by_kind_outside_the_base_layer(memory_store, tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "members.ttl").write_text(f"<https://example.org/e1> a <{AG}Accession> .\n")
    load_base(memory_store, tmp_path)
    ingest_article(memory_store, article(TEXT_A, "/news/a.txt"), facts_a())
    ingest_article(memory_store, article(TEXT_B, "/news/b.txt"), facts_b())
    summary = summarize(memory_store)
    assert summary.articles == 2
    assert summary.facts == {
        "joined": 3,
        "said": 1,
        "met": 1,
        "holds_office": 1,
        "named_candidate": 1,
        "visit": 0,
    }
    assert summary.graphs == 3
    assert summary.triples == memory_store.triple_count()
    assert summary.table().rows[0] == ("articles", 2)
    assert ("facts", 7) in summary.table().rows


# --- base layer -------------------------------------------------------------------


def write_graph_dir(root: Path, *, members: str = "KAZ", sources: dict[str, str] | None = None) -> Path:
    (root / "base").mkdir(parents=True, exist_ok=True)
    (root / "ontology.ttl").write_text(
        f"@prefix ag: <{AG}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ag:Accession a rdfs:Class ; rdfs:label "accession" .\n'
    )
    (root / "base" / "accords.ttl").write_text(
        f"@prefix ag: <{AG}> .\n@prefix agid: <https://w3id.org/accordgraph/id/> .\n"
        + "".join(
            f"<{ID}country/{c}> ag:memberOf <{ID}agreement/abraham-accords> .\n" for c in members.split()
        )
        + f"[] a ag:Accession ; ag:country <{ID}country/ISR> .\n"
    )
    if sources is not None:
        (root / "sources").mkdir(exist_ok=True)
        for name, text in sources.items():
            (root / "sources" / name).write_text(text)
    return root


def test_load_base_fills_the_base_graph_and_replaces_it(memory_store, tmp_path):
    root = write_graph_dir(tmp_path, members="KAZ ARE")
    assert load_base(memory_store, root) == 6  # 2 ontology, 2 members, 2 for the accession
    assert memory_store.graphs() == [BASE_GRAPH]
    write_graph_dir(tmp_path, members="KAZ")
    assert load_base(memory_store, root) == 5
    assert memory_store.triple_count() == 5


def test_base_graph_iri_matches_the_rdf_module():
    assert BASE_GRAPH_IRI == BASE_GRAPH


def test_bad_turtle_in_the_base_is_an_error_naming_the_file(memory_store, tmp_path):
    root = write_graph_dir(tmp_path)
    (root / "base" / "broken.ttl").write_text("<a> <b> .\n")
    with pytest.raises(StoreError, match=r"broken.ttl: not valid Turtle: "):
        load_base(memory_store, root)
    assert memory_store.triple_count() == 0


# --- reading facts files --------------------------------------------------------


def test_read_facts_for_checks_evidence_lies_in_the_article(tmp_path):
    facts = tmp_path / "f.jsonl"
    facts.write_text(
        '{"kind": "joined", "country": "CHL", "agreement": "NATO", "evidence": {"start": 0, "end": 5}}\n'
        "\n"
        '{"kind": "joined", "country": "PER", "agreement": "NATO", "evidence": {"start": 0, "end": 999}}\n'
    )
    with pytest.raises(FactError) as info:
        read_facts_for(facts, Article(text="Chile joined NATO."))
    assert str(info.value) == (
        f"{facts}: line 3: evidence ends at 999, past the end of the article (18 characters)"
    )


def test_read_facts_for_reports_bad_lines(tmp_path):
    facts = tmp_path / "f.jsonl"
    facts.write_text('{"kind": "joined", "country": "CHL", "agreement": "NATO"}\n{"kind": "wed"}\n')
    with pytest.raises(FactError, match=r"f.jsonl: line 2: unknown kind 'wed'"):
        read_facts_for(facts, Article(text="x"))


def test_read_facts_for_missing_file(tmp_path):
    with pytest.raises(FactError) as info:
        read_facts_for(tmp_path / "none.jsonl", Article(text="x"))
    assert str(info.value) == f"{tmp_path / 'none.jsonl'}: no such file"


# --- ingest_paths and build (with the real extractor) -----------------------------

ARTICLE_1 = "Armenia joined the Abraham Accords on Tuesday, officials said.\n"
ARTICLE_2 = "Azerbaijan joined the Abraham Accords, Foreign Minister Jeyhun Bayramov said.\n"


def test_ingest_paths_walks_directories_and_reports_progress(memory_store, write_article, tmp_path):
    write_article("one.txt", ARTICLE_1)
    write_article("two.md", ARTICLE_2, tmp_path / "articles" / "sub")
    write_article("notes.json", "{}")
    seen = []
    results = ingest_paths(
        memory_store, [tmp_path / "articles"], progress=lambda d, t, p: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]
    assert [Path(r.path).name for r in results] == ["one.txt", "two.md"]
    assert len(memory_store.graphs()) == 2
    assert summarize(memory_store).facts["joined"] >= 2


def test_ingest_paths_missing_file(memory_store, tmp_path):
    with pytest.raises(ArticleError, match=r"nope.txt: no such file or directory$"):
        ingest_paths(memory_store, [tmp_path / "nope.txt"])


def test_build_makes_a_store_from_a_graph_directory(tmp_path):
    root = write_graph_dir(tmp_path / "graph", sources={"a.txt": ARTICLE_1, "b.txt": ARTICLE_2})
    summary = build(root, tmp_path / "store")
    assert summary.articles == 2
    assert summary.graphs == 3
    assert summary.facts["joined"] >= 2
    with open_store(tmp_path / "store", read_only=True) as store:
        assert summary.triples == store.triple_count()
        assert BASE_GRAPH in store.graphs()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "store"]


def test_rebuilding_replaces_the_store(tmp_path):
    root = write_graph_dir(tmp_path / "graph", sources={"a.txt": ARTICLE_1, "b.txt": ARTICLE_2})
    first = build(root, tmp_path / "store")
    (root / "sources" / "b.txt").unlink()
    second = build(root, tmp_path / "store")
    assert (first.articles, second.articles) == (2, 1)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert len(store.graphs()) == 2


def test_a_failed_build_leaves_the_old_store(tmp_path):
    root = write_graph_dir(tmp_path / "graph", sources={"a.txt": ARTICLE_1})
    first = build(root, tmp_path / "store")
    (root / "sources" / "bad.txt").write_bytes(b"caf\xe9 au lait")
    with pytest.raises(ArticleError, match=r"bad.txt: not UTF-8 text \(byte 3\)"):
        build(root, tmp_path / "store")
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.triple_count() == first.triples
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "store"]


def test_build_refuses_a_busy_store(tmp_path):
    root = write_graph_dir(tmp_path / "graph")
    with open_store(tmp_path / "store") as holder:
        holder.replace_graph("https://example.org/g", '<https://example.org/a> <https://example.org/p> "1" .')
        holder.flush()
        import subprocess
        import sys

        code = (
            "import sys\nfrom accordgraph.ingest import build\n"
            "from accordgraph.errors import StoreBusyError\n"
            "try:\n    build(sys.argv[1], sys.argv[2])\n"
            "except StoreBusyError as e:\n    print(e)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(root), str(tmp_path / "store")], capture_output=True, text=True
        )
        assert out.stdout.strip() == (
            f"store {tmp_path / 'store'} is busy: another accordgraph process is writing to it"
        )
        assert holder.triple_count() == 1
    assert StoreBusyError.__mro__[1] is StoreError


def test_build_needs_a_graph_directory(tmp_path):
    with pytest.raises(ArticleError) as info:
        build(tmp_path / "nowhere", tmp_path / "store")
    assert str(info.value) == (
        f"{tmp_path / 'nowhere'}: no such directory (expected ontology.ttl, base/ and sources/ in it)"
    )
    assert not (tmp_path / "store").exists()


def test_read_article_paths_are_what_ingest_matches(memory_store, write_article):
    path = write_article("c.txt", ARTICLE_1)
    ingest_paths(memory_store, [path])
    path.write_text(ARTICLE_2)
    (result,) = ingest_paths(memory_store, [path])
    assert len(result.replaced) == 1
    assert graphs_from_path(memory_store, read_article(path).path) == [result.graph]


def test_build_removes_what_killed_builds_left_but_not_a_running_one(tmp_path):
    import os

    root = write_graph_dir(tmp_path / "graph")
    dead = tmp_path / "store.building-999999999"
    dead.mkdir()
    (tmp_path / "store.old-999999998").mkdir()
    running = tmp_path / f"store.building-{os.getppid()}"
    running.mkdir()
    build(root, tmp_path / "store")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph", "store", running.name]


def test_a_failing_article_is_named_in_the_error(memory_store, write_article, monkeypatch):
    import accordgraph.ingest as ingest_module

    path = write_article("bad.txt", "Text the mapping refuses.")

    def refuse(article, facts=None):
        raise FactError("said fact: evidence 0-99 is outside the article (25 characters)")

    monkeypatch.setattr(ingest_module, "prepare_article", refuse)
    with pytest.raises(FactError) as info:
        ingest_paths(memory_store, [path])
    assert str(info.value) == f"{path}: said fact: evidence 0-99 is outside the article (25 characters)"


def test_read_facts_for_refuses_binary_and_oversized_files(tmp_path):
    from accordgraph.limits import FACTS_BYTES

    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\x1f\x8b\x08\x00\x00")
    with pytest.raises(FactError) as info:
        read_facts_for(binary, Article(text="x"))
    assert str(info.value) == f"{binary}: binary file, not text (NUL byte at byte 3)"
    huge = tmp_path / "h.jsonl"
    with huge.open("wb") as f:
        f.truncate(FACTS_BYTES + 1)  # sparse: no disk used
    with pytest.raises(FactError) as info:
        read_facts_for(huge, Article(text="x"))
    assert str(info.value) == (
        f"{huge}: {FACTS_BYTES + 1} bytes is over the {FACTS_BYTES} byte limit for a facts file"
    )

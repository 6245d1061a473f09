"""``ingest --jobs N`` / ``build --jobs N``: extraction in worker processes, one writer.

The graph must be exactly the one ``--jobs 1`` makes (compared as sorted N-Quads), errors
must name the file and keep what was stored before it, as with one job.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import accordgraph.ingest as ingest_module
from accordgraph.cli import main
from accordgraph.errors import AccordgraphError, ArticleError
from accordgraph.ingest import build, ingest_paths, prepare_paths
from accordgraph.store import open_store

AG = "https://w3id.org/accordgraph/ontology#"

# Short articles of our own, each with a few facts of different kinds.
ARTICLES = {
    "2025/a.txt": "Armenia joined the Abraham Accords on Tuesday. Armenian Prime Minister Nikol Pashinyan"
    ' said: "This is a day of peace for our region."',
    "2025/b.txt": "Foreign Minister Ayman Safadi of Jordan met Secretary of State Marco Rubio in Amman."
    " Officials said Oman could be next to join the Abraham Accords.",
    "2025/c.txt": "Azerbaijan joined the Abraham Accords. President Ilham Aliyev visited Washington"
    " and met President Donald Trump at the White House.",
    "2026/d.txt": 'Kazakhstani President Kassym-Jomart Tokayev said: "We support the Abraham Accords."'
    " Kazakhstan joined the Abraham Accords in November.",
    "2026/e.txt": "Finland joined NATO in April. Finnish President Alexander Stubb said the alliance"
    " was stronger. Sweden was named as the next member of NATO.",
    "2026/f.txt": "Indonesia joined BRICS. Indonesian Foreign Minister Sugiono met Brazilian President"
    " Luiz Inacio Lula da Silva in Brasilia.",
    "2026/g.txt": "Saudi Crown Prince Mohammed bin Salman met President Donald Trump in Riyadh."
    ' Trump said: "Saudi Arabia will join the Abraham Accords soon."',
    "2027/h.txt": "Morocco and Israel signed a trade agreement. Moroccan Foreign Minister Nasser Bourita"
    " visited Jerusalem.",
    "2027/i.txt": "Syria's interim President Ahmed al-Sharaa met Saudi Crown Prince Mohammed bin Salman."
    " Analysts named Syria and Lebanon as candidates for the Abraham Accords.",
    "2027/j.txt": "Egypt, Ethiopia, Iran and the United Arab Emirates joined BRICS. Egyptian President"
    ' Abdel Fattah el-Sisi said: "We welcome the decision."',
}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    for name, text in ARTICLES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small_batches(monkeypatch):
    """Two articles per task, so ten articles make five tasks over a window of a few."""
    monkeypatch.setattr(ingest_module, "BATCH", 2)
    monkeypatch.setattr(ingest_module, "WINDOW_PER_JOB", 1)


def sorted_nquads(store_spec: str | Path) -> list[str]:
    out = io.BytesIO()
    with open_store(store_spec, read_only=True, create=False) as store:
        store.export("nquads", out)
    return sorted(line for line in out.getvalue().decode("utf-8").splitlines() if line.strip())


def ingest_into(store_dir: Path, paths: list[Path], jobs: int) -> list:
    with open_store(store_dir) as store:
        return ingest_paths(store, paths, jobs=jobs)


def test_two_jobs_make_exactly_the_graph_of_one(news, tmp_path, small_batches):
    one = ingest_into(tmp_path / "one", [news], jobs=1)
    two = ingest_into(tmp_path / "two", [news], jobs=2)
    quads = sorted_nquads(tmp_path / "one")
    assert not any("_:" in line for line in quads)  # no blank nodes: equal lines mean equal datasets
    assert sorted_nquads(tmp_path / "two") == quads
    assert [(r.path, r.graph, r.facts, r.kinds, r.triples) for r in two] == [
        (r.path, r.graph, r.facts, r.kinds, r.triples) for r in one
    ]
    # the comparison is not between two empty graphs
    assert len({r.graph for r in one}) == len(ARTICLES)
    kinds = {kind for r in one for kind, n in r.kinds.items() if n}
    assert {"joined", "said", "met"} <= kinds


def test_results_come_back_in_input_order(news, small_batches):
    files = sorted(news.rglob("*.txt"))
    prepared = list(prepare_paths(files, jobs=2))
    assert [path for path, _ in prepared] == files
    assert [p.path for _, p in prepared] == [str(f.resolve()) for f in files]


def test_an_edited_article_replaces_its_old_graph_with_two_jobs(news, tmp_path, small_batches):
    for jobs, store in ((1, tmp_path / "one"), (2, tmp_path / "two")):
        ingest_into(store, [news], jobs=jobs)
    edited = news / "2025" / "a.txt"
    edited.write_text("Armenia joined NATO on Friday.", encoding="utf-8")
    for jobs, store in ((1, tmp_path / "one"), (2, tmp_path / "two")):
        results = ingest_into(store, [news], jobs=jobs)
        assert [len(r.replaced) for r in results if r.path == str(edited.resolve())] == [1]
    assert sorted_nquads(tmp_path / "two") == sorted_nquads(tmp_path / "one")


def test_a_bad_file_is_named_and_the_articles_before_it_stay(news, tmp_path, small_batches):
    bad = news / "2026" / "e.txt"
    bad.write_bytes(b"Finland \xff joined NATO.")
    errors = {}
    for jobs in (1, 2):
        with pytest.raises(ArticleError) as info:
            ingest_into(tmp_path / f"store{jobs}", [news], jobs=jobs)
        errors[jobs] = str(info.value)
    assert errors[2] == errors[1] == f"{bad}: not UTF-8 text (byte 8)"
    quads = sorted_nquads(tmp_path / "store2")
    assert quads == sorted_nquads(tmp_path / "store1")
    stored = {line.split()[-2] for line in quads}
    assert len(stored) == 4  # a, b, c, d: sorted before 2026/e.txt


def test_jobs_must_be_positive(news, tmp_path):
    with pytest.raises(AccordgraphError, match="jobs must be at least 1, not 0"):
        list(prepare_paths(sorted(news.rglob("*.txt")), jobs=0))
    with pytest.raises(AccordgraphError, match="jobs must be at least 1, not 0"):
        ingest_into(tmp_path / "store", [news], jobs=0)
    assert not (tmp_path / "store").exists() or sorted_nquads(tmp_path / "store") == []


# --- the command line ---------------------------------------------------------------


def test_cli_ingest_jobs_2_reports_and_stores_what_jobs_1_does(news, tmp_path):
    runner = CliRunner()
    outputs = {}
    for jobs in (1, 2):
        store = tmp_path / f"store{jobs}"
        result = runner.invoke(main, ["ingest", str(news), "--jobs", str(jobs), "--store", str(store)])
        assert result.exit_code == 0, result.output
        outputs[jobs] = result.output.replace(str(store), "STORE")
    assert outputs[2] == outputs[1]
    assert outputs[1].startswith(f"Ingested {len(ARTICLES)} articles into STORE: ")
    assert sorted_nquads(tmp_path / "store2") == sorted_nquads(tmp_path / "store1")


def test_cli_build_jobs_2_builds_the_same_store(news, tmp_path):
    graph = tmp_path / "graph"
    (graph / "base").mkdir(parents=True)
    (graph / "base" / "members.ttl").write_text(
        "<https://w3id.org/accordgraph/id/country/BHR> <https://w3id.org/accordgraph/ontology#memberOf>"
        " <https://w3id.org/accordgraph/id/agreement/abraham-accords> .\n"
    )
    news.rename(graph / "sources")
    summaries = [build(graph, tmp_path / f"store{jobs}", jobs=jobs) for jobs in (1, 2)]
    assert summaries[1].table().rows == summaries[0].table().rows
    assert sorted_nquads(tmp_path / "store2") == sorted_nquads(tmp_path / "store1")
    result = CliRunner().invoke(
        main, ["build", "--graph-dir", str(graph), "--jobs", "2", "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 0, result.output
    assert sorted_nquads(tmp_path / "s") == sorted_nquads(tmp_path / "store1")


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_cli_jobs_must_be_a_positive_integer(news, tmp_path, value):
    result = CliRunner().invoke(main, ["ingest", str(news), "--jobs", value, "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs'" in result.output
    assert not (tmp_path / "s").exists()


def test_the_writer_flushes_the_store_every_few_articles(news, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "FLUSH_EVERY", 3)
    with open_store(tmp_path / "store") as store:
        flushes = []
        real_flush = store.flush
        monkeypatch.setattr(store, "flush", lambda: (flushes.append(1), real_flush()))
        ingest_paths(store, [news], jobs=1)
        assert len(flushes) == len(ARTICLES) // 3  # after the 3rd, 6th and 9th article


def test_jobs_2_works_from_a_script_piped_to_python(news, tmp_path):
    """Spawned workers must not try to re-run a ``__main__`` read from stdin."""
    import subprocess
    import sys

    script = (
        "from accordgraph.ingest import ingest_paths\n"
        "from accordgraph.store import open_store\n"
        f"with open_store({str(tmp_path / 'store')!r}) as store:\n"
        f"    print(len(ingest_paths(store, [{str(news)!r}], jobs=2)))\n"
    )
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(ARTICLES))


# --- the writer: new articles in batches, others one at a time ----------------------------


@pytest.fixture
def small_write_batches(monkeypatch):
    """Write batches of 2, then 4: ten articles make several batches."""
    monkeypatch.setattr(ingest_module, "FIRST_WRITE_BATCH", 2)
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 4)


def ingest_one_at_a_time(store_dir: Path, paths: list[Path]) -> list:
    """The reference: each article in its own transaction, as ``ingest_article`` stores it."""
    from accordgraph.articles import find_articles, read_article
    from accordgraph.ingest import ingest_article

    with open_store(store_dir) as store:
        return [ingest_article(store, read_article(path)) for path in find_articles(paths)]


def default_graph_is_the_merge(store_dir: Path) -> bool:
    with open_store(store_dir, read_only=True, create=False) as store:
        merged = set(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)
        union = set(store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows)
    return merged == union and len(merged) > 0


def summary(results: list) -> list[tuple]:
    return [(r.path, r.graph, r.facts, r.kinds, r.triples, r.replaced) for r in results]


def test_batches_store_what_one_article_at_a_time_stores(news, tmp_path, small_write_batches):
    twin = news / "2027" / "twin.txt"  # the same text as a.txt: the same graph, stored again
    twin.write_text(ARTICLES["2025/a.txt"], encoding="utf-8")
    batched = ingest_into(tmp_path / "batched", [news], jobs=1)
    reference = ingest_one_at_a_time(tmp_path / "reference", [news])
    assert summary(batched) == summary(reference)
    assert sorted_nquads(tmp_path / "batched") == sorted_nquads(tmp_path / "reference")
    assert default_graph_is_the_merge(tmp_path / "batched")

    (news / "2026" / "d.txt").write_text("Kazakhstan joined BRICS in 2026.", encoding="utf-8")  # edited
    (news / "2028").mkdir()
    (news / "2028" / "k.txt").write_text("Oman joined the Abraham Accords.", encoding="utf-8")  # new
    batched = ingest_into(tmp_path / "batched", [news], jobs=2)
    reference = ingest_one_at_a_time(tmp_path / "reference", [news])
    assert summary(batched) == summary(reference)
    assert [len(r.replaced) for r in batched if r.path.endswith("d.txt")] == [1]
    assert sorted_nquads(tmp_path / "batched") == sorted_nquads(tmp_path / "reference")
    assert default_graph_is_the_merge(tmp_path / "batched")


def test_progress_counts_every_article_in_order_across_batches(news, tmp_path, small_write_batches):
    seen = []
    with open_store(tmp_path / "store") as store:
        results = ingest_paths(store, [news], progress=lambda d, t, p: seen.append((d, t, p)))
    total = len(ARTICLES)
    assert [(d, t) for d, t, _ in seen] == [(n, total) for n in range(1, total + 1)]
    assert [str(Path(p).resolve()) for _, _, p in seen] == [r.path for r in results]


def test_a_batch_the_store_refuses_is_stored_one_article_at_a_time(
    news, tmp_path, small_write_batches, monkeypatch
):
    from accordgraph.errors import StoreError
    from accordgraph.store import OxigraphStore

    def refuse(self, graphs):
        raise StoreError("cannot write store: disk full")

    monkeypatch.setattr(OxigraphStore, "add_graphs", refuse)
    results = ingest_into(tmp_path / "store", [news], jobs=1)
    reference = ingest_one_at_a_time(tmp_path / "reference", [news])
    assert summary(results) == summary(reference)
    assert sorted_nquads(tmp_path / "store") == sorted_nquads(tmp_path / "reference")


def test_an_ingest_of_new_articles_asks_the_store_to_compact(news, tmp_path, monkeypatch):
    from accordgraph.store import OxigraphStore

    asked = []
    real = OxigraphStore.compact_after_load
    monkeypatch.setattr(
        OxigraphStore, "compact_after_load", lambda self, n: (asked.append(n), real(self, n))[1]
    )
    ingest_into(tmp_path / "store", [news], jobs=1)
    ingest_into(tmp_path / "store", [news], jobs=1)  # every article stored already: replaced, not loaded
    assert asked == [len(ARTICLES), 0]

"""The engine as a whole: built once, cheap to import, bounded on long input, gazetteers as data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from accordgraph.extract import engine, extract_article, extract_text, gazetteers
from accordgraph.extract.gazetteers import load_gazetteers, surname_key
from accordgraph.extract.pipeline import load_pipeline

DATA_DIR = Path(gazetteers.__file__).resolve().parent.parent / "data"
PARAGRAPH = "Oman joined the Abraham Accords on Monday. Rubio said the region was changing.\n"


def test_the_pipeline_is_built_once_per_process() -> None:
    extract_text(PARAGRAPH)
    before = load_pipeline.cache_info()
    for _ in range(5):
        extract_text(PARAGRAPH)
    after = load_pipeline.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits


def test_importing_accordgraph_and_its_extract_package_loads_no_spacy() -> None:
    code = "import sys, accordgraph, accordgraph.extract, accordgraph.facts; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_long_text_is_cut_into_chunks_with_offsets_kept(monkeypatch) -> None:
    text = PARAGRAPH * 40
    whole = extract_text(text)
    monkeypatch.setattr(engine, "CHUNK_CHARS", 500)
    assert len(engine._chunks(text)) > 5
    chunked = extract_text(text)
    assert [f.to_dict() for f in chunked] == [f.to_dict() for f in whole]
    for f in chunked:
        assert f.evidence is not None
        assert text[f.evidence.start : f.evidence.end] in PARAGRAPH


def test_extract_article_reads_the_article_text() -> None:
    from accordgraph.articles import Article

    facts = extract_article(Article(text=PARAGRAPH, title="ignored: Syria joined NATO"))
    assert [f.kind for f in facts] == ["joined", "said"]


def test_gazetteers_can_be_extended_from_a_directory(monkeypatch, tmp_path: Path) -> None:
    data = DATA_DIR
    (tmp_path / "agreements.tsv").write_text(
        (data / "agreements.tsv").read_text(encoding="utf-8") + "Middle Corridor Pact\tMCP\tpact\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ACCORDGRAPH_DATA", str(tmp_path))
    load_gazetteers.cache_clear()
    load_pipeline.cache_clear()
    try:
        facts = extract_text("Georgia joined the MCP in June.")
        assert [(f.country, f.agreement) for f in facts] == [("GEO", "Middle Corridor Pact")]
    finally:
        monkeypatch.delenv("ACCORDGRAPH_DATA")
        load_gazetteers.cache_clear()
        load_pipeline.cache_clear()


def test_every_gazetteer_file_says_where_its_content_comes_from() -> None:
    data = DATA_DIR
    files = sorted(data.glob("*.tsv"))
    assert len(files) >= 6
    for path in files:
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        assert any("Source" in line for line in header), path.name


def test_surname_key_matches_facts_md() -> None:
    assert surname_key("Donald J. Trump") == "trump"
    assert surname_key("Ahmed al-Sharaa") == surname_key("Sharaa") == "sharaa"

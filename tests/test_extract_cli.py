"""``accordgraph extract`` and ``accordgraph evaluate``: exact output, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from accordgraph.cli import main

DATA = Path(__file__).parent / "data" / "extract"
TEXT = 'Oman joined the Abraham Accords.\n"A day of peace," Omani Foreign Minister Salim Haddad said.\n'


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_jsonl_is_the_facts_format(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(main, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == [
        {
            "kind": "joined",
            "country": "OMN",
            "agreement": "Abraham Accords",
            "evidence": {"start": 0, "end": 32},
        },
        {
            "kind": "holds_office",
            "person": "Salim Haddad",
            "office": "Foreign Minister",
            "country": "OMN",
            "evidence": {"start": 33, "end": 92},
        },
        {
            "kind": "said",
            "speaker": "Salim Haddad",
            "quote": "A day of peace",
            "evidence": {"start": 33, "end": 92},
        },
    ]


def test_standard_input_and_table_format(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-", "--format", "table"], input=TEXT)
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["kind", "subject", "object", "detail", "evidence"]
    assert result.output.splitlines()[2].split() == ["joined", "OMN", "Abraham", "Accords", "0-32"]


def test_turtle_is_the_articles_rdf(runner: CliRunner) -> None:
    import rdflib

    result = runner.invoke(main, ["extract", "-", "--format", "turtle"], input=TEXT)
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.output, format="turtle")
    ag = rdflib.Namespace("https://w3id.org/accordgraph/ontology#")
    assert len(set(graph.subjects(rdflib.RDF.type, ag.Accession))) == 1
    assert {str(q) for q in graph.objects(None, ag.quote)} == {"A day of peace"}


def test_an_empty_file_is_a_note_not_an_error(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(empty)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"note: {empty} is empty: no facts\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Oman \xff joined", "not UTF-8 text (byte 5)"),
        (b"\x00\x01binary", "binary file, not text (NUL byte at byte 0)"),
    ],
)
def test_undecodable_input_is_a_one_line_error(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = runner.invoke(main, ["extract", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: {message}\n"


def test_a_directory_or_a_missing_file_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["extract", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}: is a directory, not an article file\n",
    )
    result = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'nope.txt'}: no such file\n")


def test_an_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-", "--format", "xml"], input=TEXT)
    assert result.exit_code == 2


def test_evaluate_prints_scores_per_kind(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["kind", "gold", "tp", "fp", "fn", "P", "R", "F1"]
    assert lines[1].split() == ["joined", "1", "1", "0", "0", "1.000", "1.000", "1.000"]
    assert lines[-1] == "overall: 1 articles, precision 1.000 recall 1.000 F1 1.000"


def test_evaluate_verbose_lists_missed_and_spurious(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Oman joined the Abraham Accords.\n", encoding="utf-8")
    (tmp_path / "a.gold.jsonl").write_text(
        '{"kind": "joined", "country": "QAT", "agreement": "Abraham Accords"}\n', encoding="utf-8"
    )
    result = runner.invoke(main, ["evaluate", str(tmp_path), "-v"])
    assert result.exit_code == 0
    assert 'missed    {"kind": "joined", "country": "QAT", "agreement": "Abraham Accords"}' in result.output
    assert 'spurious  {"kind": "joined", "country": "OMN", "agreement": "Abraham Accords"}' in result.output
    assert result.output.splitlines()[-1] == "overall: 1 articles, precision 0.000 recall 0.000 F1 0.000"


def test_evaluate_needs_annotated_articles(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["evaluate", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path}: no NAME.txt with a NAME.gold.jsonl beside it\n",
    )

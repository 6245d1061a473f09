"""The README's Python example runs as written, after the README's build step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from accordgraph import build

ROOT = Path(__file__).resolve().parents[1]


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_readme_has_a_python_example():
    assert readme_python_blocks(), "README.md lost its Python example"


@pytest.mark.slow
def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "graph", tmp_path / "graph", ignore=shutil.ignore_patterns("store*", "view.html"))
    monkeypatch.chdir(tmp_path)
    build("graph", "graph/store")
    for block in readme_python_blocks():
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert '"kind": "met"' in out
    assert "'rank': 1" in out
    assert "Steve Witkoff" in out

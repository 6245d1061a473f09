"""Rows out: one Table type for every command that prints rows, in five formats.

>>> t = Table(["country", "n"], [("Syria", 2), ("Lebanon", None)])
>>> print(format_table(t, "csv"), end="")
country,n
Syria,2
Lebanon,
>>> print(format_table(t, "table"), end="")
country  n
-------  -
Syria    2
Lebanon
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


@dataclass
class Table:
    """Column names and rows of plain Python values (str, int, float or None)."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _text_table(table: Table, max_width: int = 80) -> str:
    cells = [[_cell(v).replace("\n", " ") for v in row] for row in table.rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [len(c) for c in table.columns]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(table.columns, widths, strict=False)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _delimited(table: Table, delimiter: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[_cell(v) for v in row] for row in table.rows])
    return buf.getvalue()


def format_table(table: Table, fmt: str = "table") -> str:
    """Render rows as ``table`` (aligned text), ``csv``, ``tsv``, ``json`` (a list) or ``jsonl``."""
    if fmt == "table":
        return _text_table(table)
    if fmt == "csv":
        return _delimited(table, ",")
    if fmt == "tsv":
        return _delimited(table, "\t")
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in table.records())
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def table_from_records(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> Table:
    return Table(list(columns), [tuple(r.get(c) for c in columns) for r in records])

"""Markdown tables and CSV blocks -> rows of located cells keyed by normalized header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from generator.errors import Diagnostics
from generator.parse.elements import Table, normalize_key, strip_code
from generator.parse.nodes import DecodeError, Node


def table_rows(table: Table, diags: Diagnostics) -> list[Node]:
    """Each row as a mapping node ``{normalized header: cell}``; every column is kept."""
    keys = unique_keys(table.keys)
    rows: list[Node] = []
    for row in table.rows:
        check_cell_count(row.written_cells, len(keys), row.line, diags)
        cells = {key: Node(strip_code(cell), row.line) for key, cell in zip(keys, row.cells, strict=False)}
        rows.append(Node(cells, row.line))
    return rows


def check_cell_count(written: int, expected: int, line: int, diags: Diagnostics) -> None:
    if written < expected:
        diags.warning(line, "table-cells", f"table row has {written} of {expected} cells; the missing ones are empty")
    elif written > expected:
        diags.warning(
            line, "table-cells", f"table row has {written} cells but the header has {expected}; extra cells ignored"
        )


def unique_keys(keys: tuple[str, ...]) -> list[str]:
    seen: dict[str, int] = {}
    unique: list[str] = []
    for position, key in enumerate(keys):
        key = key or f"column_{position + 1}"
        seen[key] = seen.get(key, 0) + 1
        unique.append(key if seen[key] == 1 else f"{key}_{seen[key]}")
    return unique


@dataclass(frozen=True, slots=True)
class CsvTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[Node, ...]
    line: int


def decode_csv(text: str, first_line: int, diags: Diagnostics) -> CsvTable:
    """A CSV block; leading ``#`` lines are its title, the first other line its header."""
    lines = text.split("\n")
    title_lines: list[str] = []
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        title_lines.append(lines[start].lstrip("#").strip())
        start += 1
    records = read_records(lines[start:], first_line + start)
    if not records:
        raise DecodeError("the CSV block has no header row", first_line)
    header_line, header = records[0]
    columns = tuple(unique_keys(tuple(normalize_key(name) for name in header)))
    rows: list[Node] = []
    for line, record in records[1:]:
        check_cell_count(len(record), len(columns), line, diags)
        rows.append(Node({key: Node(value, line) for key, value in zip(columns, record, strict=False)}, line))
    title = " ".join(part for part in title_lines if part)
    return CsvTable(title=title, columns=columns, rows=tuple(rows), line=header_line)


def read_records(lines: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO("\n".join(lines)), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            if record and any(cell.strip() for cell in record):
                records.append((first_line + reader.line_num - 1, [cell.strip() for cell in record]))
    except csv.Error as exc:
        raise DecodeError(f"invalid CSV: {exc}", first_line + reader.line_num - 1) from None
    return records

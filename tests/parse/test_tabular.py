import pytest

from generator.errors import Diagnostics
from generator.parse.elements import Table, TableRow
from generator.parse.nodes import DecodeError
from generator.parse.tabular import decode_csv, table_rows


def test_rows_are_keyed_by_normalized_header_with_backticks_stripped_and_extra_columns_kept():
    table = Table(
        line=5,
        header=("Event", "Fired When", "Since Version"),
        rows=(TableRow(7, ("`a.b`", "x", "2024"), 3), TableRow(8, ("c.d", "y", ""), 2)),
    )
    diags = Diagnostics()
    rows = table_rows(table, diags)
    assert [r.plain() for r in rows] == [
        {"event": "a.b", "fired_when": "x", "since_version": "2024"},
        {"event": "c.d", "fired_when": "y", "since_version": ""},
    ]
    assert [(d.line, d.code, d.message) for d in diags] == [
        (8, "table-cells", "table row has 2 of 3 cells; the missing ones are empty")
    ]


def test_csv_with_title_comment():
    diags = Diagnostics()
    table = decode_csv("# Users Import Template\nemail,first_name\njo@x.com,Jo\n", first_line=10, diags=diags)
    assert (table.title, table.columns, table.line) == ("Users Import Template", ("email", "first_name"), 11)
    assert [r.plain() for r in table.rows] == [{"email": "jo@x.com", "first_name": "Jo"}]
    assert table.rows[0].line == 12


def test_csv_without_rows_is_an_error():
    with pytest.raises(DecodeError):
        decode_csv("# only a title\n", first_line=1, diags=Diagnostics())

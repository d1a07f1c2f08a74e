"""Tests for loader.readers.sql: `wirehouse sql` on a real, read-only DuckDB file."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest

from loader.readers.sql import FORMATS, format_result, repl, run_query

QUERY = "select id, title, tags, published, score from article order by id"
COLUMNS = ["id", "title", "tags", "published", "score"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table article (id integer, title varchar, tags varchar[], published date, score double)"
    )
    con.execute(
        """insert into article values
           (1, 'Путин meets the press', ['politics', 'russia'], date '2024-03-01', 0.75),
           (2, 'Weather, "mild"', [], null, null),
           (3, 'two' || chr(10) || 'lines', ['x'], date '2023-12-31', 12.5)"""
    )
    con.execute("create schema extra")
    con.execute("create view extra.recent as select id, title from article where published > date '2024-01-01'")
    con.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, fmt: str = "table") -> str:
    out = io.StringIO()
    assert run_query(db, sql, fmt, out=out) == 0
    return out.getvalue()


def feed(db: Path, script: str) -> tuple[int, str]:
    out = io.StringIO()
    code = repl(db, stdin=io.StringIO(script), out=out)
    return code, out.getvalue()


# --------------------------------------------------------------------------- table


def test_table_has_header_separator_and_row_count(db: Path) -> None:
    lines = query(db, QUERY).splitlines()
    assert [cell.strip() for cell in lines[0].split("|")] == COLUMNS
    assert set(lines[1]) == {"-", "+"}
    assert len(lines) == 2 + 3 + 1
    assert lines[-1] == "(3 rows)"


def test_table_columns_are_aligned(db: Path) -> None:
    lines = query(db, QUERY).splitlines()[:-1]
    bars = [[i for i, char in enumerate(line) if char in "|+"] for line in lines]
    assert all(positions == bars[0] for positions in bars), "\n".join(lines)
    assert len(bars[0]) == len(COLUMNS) - 1


def test_table_cells(db: Path) -> None:
    lines = query(db, QUERY).splitlines()
    rows = [[cell.strip() for cell in line.split("|")] for line in lines[2:-1]]
    assert rows[0] == ["1", "Путин meets the press", "[politics, russia]", "2024-03-01", "0.75"]
    assert rows[1] == ["2", 'Weather, "mild"', "[]", "NULL", "NULL"]
    assert rows[2][1] == "two↵lines"


def test_table_numbers_are_right_aligned(db: Path) -> None:
    lines = query(db, QUERY).splitlines()
    score_cells = [line.split("|")[4] for line in lines[2:-1]]
    title_cells = [line.split("|")[1] for line in lines[2:-1]]
    # score is the last column: right-aligned values all end where the header ends
    assert len({len(line.rstrip()) for line in lines[:-1]}) == 1
    assert [cell.strip() for cell in score_cells] == ["0.75", "NULL", "12.5"]
    assert score_cells[0] == "  0.75"  # separator space + one pad space on the left
    assert title_cells[1].rstrip() == ' Weather, "mild"'  # text stays left-aligned
    assert title_cells[1].endswith("  ")


def test_table_truncates_wide_cells_and_counts_one_row() -> None:
    text = format_result(["w", "n"], [("x" * 100, None)])
    lines = text.splitlines()
    cell = lines[2].split("|")[0].strip()
    assert len(cell) == 60 and cell.endswith("…")
    assert lines[2].rstrip().endswith("NULL")
    assert lines[-1] == "(1 row)"


def test_table_with_no_rows() -> None:
    lines = format_result(["a", "b"], []).splitlines()
    assert lines[-1] == "(0 rows)"
    assert [cell.strip() for cell in lines[0].split("|")] == ["a", "b"]


def test_unknown_format_is_rejected() -> None:
    assert FORMATS == ("table", "csv", "json")
    with pytest.raises(ValueError):
        format_result(["a"], [(1,)], "xml")


# --------------------------------------------------------------------------- csv / json


def test_csv_round_trips_through_csv_module(db: Path) -> None:
    rows = list(csv.reader(io.StringIO(query(db, QUERY, "csv"))))
    assert rows[0] == COLUMNS
    assert rows[1] == ["1", "Путин meets the press", '["politics", "russia"]', "2024-03-01", "0.75"]
    assert rows[2] == ["2", 'Weather, "mild"', "[]", "", ""]
    assert rows[3] == ["3", "two\nlines", '["x"]', "2023-12-31", "12.5"]
    assert json.loads(rows[1][2]) == ["politics", "russia"]
    assert len(rows) == 4


def test_json_round_trips_through_json_loads(db: Path) -> None:
    records = json.loads(query(db, QUERY, "json"))
    assert records == [
        {"id": 1, "title": "Путин meets the press", "tags": ["politics", "russia"],
         "published": "2024-03-01", "score": 0.75},
        {"id": 2, "title": 'Weather, "mild"', "tags": [], "published": None, "score": None},
        {"id": 3, "title": "two\nlines", "tags": ["x"], "published": "2023-12-31", "score": 12.5},
    ]


def test_json_decimals_are_numbers_and_timestamps_iso(db: Path) -> None:
    text = query(db, "select 3.25::decimal(10,2) as d, timestamp '2024-01-02 03:04:05' as ts", "json")
    assert json.loads(text) == [{"d": 3.25, "ts": "2024-01-02T03:04:05"}]
    assert '"d": 3.25' in text


# --------------------------------------------------------------------------- run_query


def test_bad_table_is_an_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert run_query(db, "select * from no_such_table", out=out) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:")
    assert "no_such_table" in err
    assert err.count("\n") == 1  # one line
    assert out.getvalue() == ""


def test_missing_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.duckdb"
    assert run_query(missing, "select 1", out=io.StringIO()) == 1
    assert capsys.readouterr().err.strip() == f"error: no warehouse at {missing}; run `wirehouse run` first"
    assert not missing.exists()  # not created by a read attempt


def test_connection_is_read_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(db)
    assert run_query(db, "insert into article (id, title) values (99, 'sneaky')", out=io.StringIO()) == 1
    assert "error:" in capsys.readouterr().err
    assert run_query(db, "create table scratch (a integer)", out=io.StringIO()) == 1
    assert "error:" in capsys.readouterr().err
    assert digest(db) == before
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from article").fetchone() == (3,)
    finally:
        con.close()


def test_statement_without_result_prints_ok(db: Path) -> None:
    assert query(db, "set threads = 1").strip() == "OK"


# --------------------------------------------------------------------------- repl


def test_repl_runs_multi_line_statement(db: Path) -> None:
    code, out = feed(db, "select id,\n  title\nfrom article\nwhere id = 1;\n")
    assert code == 0
    assert "Путин meets the press" in out
    assert "(1 row)" in out
    assert "wirehouse>" not in out  # no prompts when piped


def test_repl_semicolon_inside_string_does_not_end_statement(db: Path) -> None:
    code, out = feed(db, "select 'a;\nb' as s\n;\n.format json\nselect 'c;' as s;\n")
    assert code == 0
    assert "a;↵b" in out
    assert json.loads(out[out.index("["):]) == [{"s": "c;"}]


def test_repl_tables_lists_tables_and_views(db: Path) -> None:
    code, out = feed(db, ".tables\n")
    assert code == 0
    lines = out.splitlines()
    assert any("main" in line and "article" in line and "table" in line for line in lines)
    assert any("extra" in line and "recent" in line and "view" in line for line in lines)
    assert "information_schema" not in out


def test_repl_schema_shows_columns_and_types(db: Path) -> None:
    code, out = feed(db, ".schema article\n")
    assert code == 0
    rows = [[cell.strip() for cell in line.split("|")] for line in out.splitlines()[2:-1]]
    assert [row[:2] for row in rows] == [
        ["id", "INTEGER"], ["title", "VARCHAR"], ["tags", "VARCHAR[]"],
        ["published", "DATE"], ["score", "DOUBLE"],
    ]


def test_repl_format_csv(db: Path) -> None:
    code, out = feed(db, ".format csv\nselect id, tags from article order by id;\n")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["id", "tags"], ["1", '["politics", "russia"]'], ["2", "[]"], ["3", '["x"]'],
    ]


def test_repl_continues_after_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = feed(db, "select * from missing_table;\nselect count(*) as n from article;\n")
    assert code == 0
    assert capsys.readouterr().err.startswith("error:")
    assert out.splitlines() == ["n", "-", "3", "(1 row)"]


def test_repl_eof_exits_zero_and_quit_stops(db: Path) -> None:
    assert feed(db, "") == (0, "")
    code, out = feed(db, "select 41 + 1 as answer;\n.quit\nselect 'after quit' as x;\n")
    assert code == 0
    assert "42" in out
    assert "after quit" not in out


def test_repl_unknown_command_and_format(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = feed(db, ".bogus\n.format xml\n.format\n")
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("error:") for line in err)
    assert out.strip() == "table"


def test_repl_missing_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = feed(tmp_path / "nope.duckdb", "select 1;\n")
    assert code == 1
    assert "no warehouse at" in capsys.readouterr().err


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_repl_prompts_on_a_tty(db: Path) -> None:
    out = io.StringIO()
    assert repl(db, stdin=FakeTTY("select\n1 as one;\n"), out=out) == 0
    text = out.getvalue()
    assert "wirehouse> " in text
    assert "      ...> " in text
    assert "(1 row)" in text

"""The `wirehouse` command as a user types it."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

WIREHOUSE = str(Path(sys.executable).parent / "wirehouse")


def wirehouse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([WIREHOUSE, *args], capture_output=True, text=True, input=stdin, timeout=120)


def test_help_reads_like_the_readme() -> None:
    result = wirehouse("--help")
    assert result.returncode == 0
    for command in ("run", "load", "build", "sql", "--db"):
        assert command in result.stdout


def test_sql_prints_a_table_csv_and_json(seed_warehouse: Path) -> None:
    sql = "select name, entity_type from entity where name in ('Xi Jinping', 'Vladimir Putin') order by name"
    table = wirehouse("sql", sql, "--db", str(seed_warehouse))
    assert table.returncode == 0
    assert "Vladimir Putin" in table.stdout and "(2 rows)" in table.stdout
    rows = list(csv.reader(io.StringIO(wirehouse("sql", sql, "--format", "csv", "--db", str(seed_warehouse)).stdout)))
    assert rows == [["name", "entity_type"], ["Vladimir Putin", "PERSON"], ["Xi Jinping", "PERSON"]]
    data = json.loads(wirehouse("sql", sql, "--format", "json", "--db", str(seed_warehouse)).stdout)
    assert data == [{"name": "Vladimir Putin", "entity_type": "PERSON"}, {"name": "Xi Jinping", "entity_type": "PERSON"}]


def test_db_may_come_before_the_command(seed_warehouse: Path, tmp_path: Path) -> None:
    before = wirehouse("--db", str(seed_warehouse), "sql", "select count(*) as n from article", "--format", "csv")
    assert before.returncode == 0 and before.stdout.splitlines() == ["n", "5"]
    missing = wirehouse("--db", str(tmp_path / "none.duckdb"), "-v", "status")
    assert missing.returncode == 1 and "none.duckdb" in missing.stderr


def test_sql_reads_the_db_from_the_environment(seed_warehouse: Path, monkeypatch) -> None:
    monkeypatch.setenv("WIREHOUSE_DB", str(seed_warehouse))
    result = wirehouse("sql", "select count(*) as n from article", "--format", "csv")
    assert result.stdout.splitlines() == ["n", "5"]


def test_sql_prompt_runs_piped_statements(seed_warehouse: Path) -> None:
    result = wirehouse("sql", "--db", str(seed_warehouse), stdin="select count(*) as n\nfrom article;\n")
    assert result.returncode == 0
    assert "5" in result.stdout


def test_sql_error_is_one_clear_line(seed_warehouse: Path) -> None:
    result = wirehouse("sql", "select * from no_such_table", "--db", str(seed_warehouse))
    assert result.returncode == 1
    assert result.stderr.startswith("error:") and "no_such_table" in result.stderr


def test_build_without_a_warehouse_says_what_to_do(tmp_path: Path) -> None:
    result = wirehouse("build", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert "wirehouse run" in result.stderr

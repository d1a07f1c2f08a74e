"""Every failure reaches the user as one line, `error: ...`, with a non-zero exit code;
-v adds the traceback."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from loader.errors import BuildError, Busy, ConfigError, InputError, MigrationError, WirehouseError
from tests.conftest import query, run_cli, work_db


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


def test_every_error_is_a_wirehouse_error() -> None:
    for kind in (BuildError, Busy, ConfigError, InputError, MigrationError):
        assert issubclass(kind, WirehouseError)


def test_a_corrupt_work_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    work_db(db).parent.mkdir(parents=True)
    work_db(db).write_bytes(b"not a database" * 1000)
    assert run_cli("build", "--db", str(db)) == 1
    line = one_error_line(capsys)
    assert str(work_db(db)) in line and "not a valid DuckDB database" in line


def test_verbose_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    work_db(db).parent.mkdir(parents=True)
    work_db(db).write_bytes(b"not a database" * 1000)
    assert run_cli("build", "--db", str(db), "-v") == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("error: ")


def test_a_corrupt_published_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(b"\x00garbage" * 1000)
    assert run_cli("sql", "select 1", "--db", str(db)) == 1
    assert str(db) in one_error_line(capsys)


@pytest.mark.parametrize(("toml", "says"), [
    ("db = [", "cannot read wirehouse.toml"),
    ("annotate = 3", "[annotate] must be a table"),
    ('[annotate]\nprocesses = "many"', "processes"),
    ("[load]\nmax_file_mb = -1", "must be positive"),
    ('[build]\nengine = "bigquery"', "[build] engine must be one of duckdb, spark"),
])
def test_a_bad_wirehouse_toml_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], toml: str, says: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wirehouse.toml").write_text(toml + "\n")
    assert run_cli("status") == 2
    assert says in one_error_line(capsys)


def test_a_bad_environment_setting_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WIREHOUSE_PROCESSES", "0")
    assert run_cli("status") == 2
    assert "processes" in one_error_line(capsys)


def test_an_unknown_revision_is_a_migration_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("migrate", "no_such_revision", "--db", str(tmp_path / "w.duckdb")) == 1
    assert "no_such_revision" in one_error_line(capsys)


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None,
                    reason="the spark extra and Java are installed here")
def test_building_on_spark_without_the_spark_extra_says_how_to_install_it(
        seed_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = query(seed_warehouse, "select count(*) from run_history")
    assert run_cli("build", "--db", str(seed_warehouse), "--build-engine", "spark") == 2
    line = one_error_line(capsys)
    assert ".[spark]" in line or "Java" in line
    assert query(seed_warehouse, "select count(*) from run_history") == before  # nothing ran

"""Annotation as a Spark job (`--engine spark`) gives the rows a local run gives.

Needs the optional `spark` extra (pyspark, pandas) and Java 17+: `make test-spark`. Without
pyspark these tests skip; `make test` does not need it. A real local[2] SparkSession, real
spaCy in its Python workers, real DuckDB files on both sides; nothing is mocked.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loader.config import load_settings
from loader.errors import ConfigError
from tests.conftest import RAW, run_cli, work_db, write_texts

# Short texts in the house format beside the seeds: a figure-heavy one, one with no entity or
# number at all, and one with quotes, a non-ASCII name and a percent.
TEXTS = {
    "t1.txt": "date 2024-03-05 Acme results\n\nAcme Corp said on Tuesday that revenue rose 12% to $4.5 billion in 2023, "
              "while Berlin-based rival Zeta AG cut 1,200 jobs.\n\nShares of Acme fell 3.1 percent in New York "
              "after the company said its chief executive would step down at the end of the year.",
    "t2.txt": "date 2024-03-06 A wet day\n\nIt rained all day and nobody went outside, so the streets stayed empty "
              "until the evening.\n\nWhen the rain stopped, the children ran out to play in the puddles "
              "and the shops opened their doors again.",
    "t3.txt": "date 2024-03-07 Zürich votes for a tram\n\n\"We will not give up,\" said José Müller, the mayor of Zürich, after the vote "
              "on the new tram line.\n\nThe plan passed with 55.4% of the ballots on a turnout of two thirds, "
              "and work is due to start in the spring of 2026 at a cost of 310 million francs.",
}
PUBLISHED = ("article", "entity", "mention", "figure", "figure_entity", "meeting", "meeting_participant",
             "meeting_report", "entity_pair", "entity_summary")


def _java() -> bool:
    return shutil.which("java") is not None


def test_an_unknown_engine_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "wirehouse.toml"
    config.write_text('[annotate]\nengine = "hadoop"\n')
    with pytest.raises(ConfigError, match="engine must be one of local, spark"):
        load_settings(config_file=config)


def test_the_engine_comes_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "wirehouse.toml"
    config.write_text('[annotate]\nengine = "spark"\n')
    assert load_settings(config_file=config).annotate_engine == "spark"
    assert load_settings(config_file=tmp_path / "absent.toml").annotate_engine == "local"


def test_the_spark_engine_without_pyspark_says_how_to_install(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    db = tmp_path / "warehouse.duckdb"
    assert run_cli("load", str(RAW), "--db", str(db), "--engine", "spark", "--quiet") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the Spark engine needs pyspark") and "pip install -e '.[spark]'" in err
    assert not work_db(db).exists()  # it stopped before touching the warehouse


spark_only = pytest.mark.skipif(
    not _java() or __import__("importlib.util").util.find_spec("pyspark") is None,
    reason="needs the spark extra (pip install -e '.[spark]') and Java 17+: make test-spark")


@pytest.fixture(scope="module")
def two_warehouses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds and TEXTS loaded and built twice: annotated locally, and on Spark."""
    folder = tmp_path_factory.mktemp("engines")
    raw = folder / "raw"
    shutil.copytree(RAW, raw)
    write_texts(raw, TEXTS)
    local, spark = folder / "local.duckdb", folder / "spark.duckdb"
    assert run_cli("run", str(raw), "--db", str(local), "--quiet") == 0
    # the Spark run in its own process, as a user runs it (its JVM ends with it)
    result = subprocess.run([str(Path(sys.executable).parent / "wirehouse"), "run", str(raw), "--db", str(spark),
                             "--engine", "spark", "--quiet"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "on spark" in result.stdout
    return local, spark


@spark_only
def test_spark_annotation_equals_local_row_for_row(two_warehouses: tuple[Path, Path]) -> None:
    from loader.annotate.spark import differences

    local, spark = two_warehouses
    diffs = differences(work_db(local), work_db(spark))
    loaded = duckdb.connect(str(work_db(local)), read_only=True).execute("select count(*) from raw.article").fetchone()
    assert diffs["annotation"][0] == loaded[0] == 5 + len(TEXTS)
    assert diffs["entity_span"][0] > 0 and diffs["number_span"][0] > 0 and diffs["sentence"][0] > 0
    assert {table: (only_local, only_spark) for table, (_, only_local, only_spark) in diffs.items()} == {
        table: (0, 0) for table in diffs}


@spark_only
def test_spark_annotation_gives_the_same_published_tables(two_warehouses: tuple[Path, Path]) -> None:
    local, spark = two_warehouses
    con = duckdb.connect(str(local), read_only=True)
    con.execute(f"attach '{spark}' as s (read_only)")
    for table in PUBLISHED:
        columns = [name for name, kind in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = current_database() and table_name = ? order by ordinal_position",
            [table]).fetchall() if "TIMESTAMP" not in kind.upper() or kind.upper() == "DATE"]
        assert columns, table
        cols = ", ".join(f'"{c}"' for c in columns)
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
        only = [con.execute(f"select count(*) from (select {cols} from {x}{table} except all "
                            f"select {cols} from {y}{table})").fetchone()[0] for x, y in (("", "s."), ("s.", ""))]
        assert only == [0, 0], f"{table}: {only} rows differ of {rows}"
    assert con.execute("select count(*) from figure").fetchone()[0] > 0


@spark_only
def test_nothing_pending_starts_no_job(two_warehouses: tuple[Path, Path]) -> None:
    _, spark = two_warehouses
    result = subprocess.run([str(Path(sys.executable).parent / "wirehouse"), "annotate", "--db", str(spark),
                             "--engine", "spark", "--quiet"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "annotate: 0 articles" in result.stdout

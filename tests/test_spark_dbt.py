"""The dbt project built on Spark (dbt-spark, `--target spark`) gives the contract tables a DuckDB build gives.

Needs the optional `spark` extra (pyspark, dbt-spark[session]) and Java 17+: `make test-spark`.
Without them these tests skip. Real parts only: a real DuckDB work file loaded and annotated by
`wirehouse load`, a real local SparkSession running dbt-spark over its raw tables exported as
Parquet, and a real dbt-duckdb build of the same file; the tables are compared by content
(loader/warehouse/spark_compare.py explains the normalisation).

A Spark build runs before the DuckDB build of the same load, so that both see the same articles
as new since the last publish (the DuckDB build publishes; the Spark build does not).
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pytest

from loader.config import load_settings
from tests.conftest import RAW, query, run_cli, write_texts

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
# 200 BBC articles outside the ranges reserved for acceptance (business/256-510, politics/209-417)
BBC_SAMPLE = (("tech", 70), ("entertainment", 65), ("sport", 65))

# A second load: new articles for the incremental builds (a meeting, figures, a known entity)
NEW_TEXTS = {
    "n1.txt": "date 2024-05-02 Leaders meet in Paris\n\nPresident Emmanuel Macron met German Chancellor Olaf Scholz "
              "in Paris on Tuesday to discuss the budget, the Elysee said.\n\nMacron said France's deficit fell "
              "to 4.4% of GDP in 2023, down from 4.8% a year earlier.",
    "n2.txt": "date 2024-05-03 Acme Corp results\n\nAcme Corp said revenue rose 7% to $2.1 billion in the first quarter, "
              "and the U.S. company will cut 300 jobs.\n\nShares of Acme rose 2.5 percent in New York.",
}

spark_only = pytest.mark.skipif(
    shutil.which("java") is None or importlib.util.find_spec("pyspark") is None
    or importlib.util.find_spec("dbt.adapters.spark") is None,
    reason="needs the spark extra (pip install -e '.[spark]') and Java 17+: make test-spark")


def _both_engines(db: Path) -> list:
    """Build the loaded work file on Spark, then on DuckDB (which publishes), and compare them."""
    from loader.warehouse import spark_build
    from loader.warehouse.spark_compare import compare

    settings = load_settings(db=str(db))
    spark_build.build(settings)
    assert run_cli("build", "--db", str(db), "--quiet") == 0
    return compare(settings)


def _assert_equal(diffs: list) -> None:
    assert [d.describe() for d in diffs if not d.equal] == []


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, list]:
    folder = tmp_path_factory.mktemp("spark_dbt_seeds")
    shutil.copytree(RAW, folder / "raw")
    db = folder / "warehouse.duckdb"
    assert run_cli("load", str(folder / "raw"), "--db", str(db), "--quiet") == 0
    first = _both_engines(db)
    assert run_cli("load", str(write_texts(folder / "more", NEW_TEXTS)), "--db", str(db), "--quiet") == 0
    second = _both_engines(db)
    return db, first, second


@spark_only
def test_spark_builds_the_seeds_into_the_tables_duckdb_builds(seeds_warehouse) -> None:
    db, first, _ = seeds_warehouse
    _assert_equal(first)
    rows = {d.table: d.duckdb_rows for d in first}
    assert rows["article"] == 5 and rows["mention"] > 0 and rows["figure"] > 0 and rows["meeting"] > 0
    assert rows["figure_entity"] > 0 and rows["entity_pair"] > 0 and rows["meeting_participant"] > 0


@spark_only
def test_an_incremental_spark_build_adds_the_new_articles_as_duckdb_does(seeds_warehouse) -> None:
    db, first, second = seeds_warehouse
    _assert_equal(second)
    before = {d.table: d.spark_rows for d in first}
    after = {d.table: d.spark_rows for d in second}
    assert after["article"] == before["article"] + len(NEW_TEXTS)
    assert after["mention"] > before["mention"] and after["figure"] > before["figure"]
    # the per-article models appended the new articles' rows only: no article twice
    from loader.warehouse.spark_build import mart_files

    settings = load_settings(db=str(db))
    con = duckdb.connect()
    assert con.execute(f"select count(*) - count(distinct article_id) from read_parquet('{mart_files(settings, 'article')}')"
                       ).fetchone()[0] == 0


@pytest.fixture(scope="module")
def bbc_warehouse(tmp_path_factory: pytest.TempPathFactory) -> list:
    if not (CORPORA / "bbc").is_dir():
        pytest.skip("needs the shared corpora (../shared/corpora/bbc)")
    folder = tmp_path_factory.mktemp("spark_dbt_bbc") / "raw"
    folder.mkdir()
    for category, count in BBC_SAMPLE:
        for path in sorted((CORPORA / "bbc" / category).glob("*.txt"))[:count]:
            shutil.copy(path, folder / f"bbc-{category}-{path.name}")
    db = folder.parent / "warehouse.duckdb"
    assert run_cli("load", str(folder), "--db", str(db), "--quiet") == 0
    return _both_engines(db)


@spark_only
def test_spark_and_duckdb_give_the_same_tables_on_200_bbc_articles(bbc_warehouse: list) -> None:
    _assert_equal(bbc_warehouse)
    rows = {d.table: d.duckdb_rows for d in bbc_warehouse}
    assert rows["article"] > 150 and rows["mention"] > 1000 and rows["figure"] > 100


@pytest.fixture(scope="module")
def published_by_both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """The seeds, then two more articles, run into two warehouses: one built by dbt on Spark and
    published from its Parquet (`--build-engine spark`), one by dbt-duckdb; compared after each run."""
    from loader.warehouse.spark_compare import compare_published

    folder = tmp_path_factory.mktemp("spark_publish")
    shutil.copytree(RAW, folder / "raw")
    spark_db, duckdb_db = folder / "spark" / "warehouse.duckdb", folder / "duckdb" / "warehouse.duckdb"
    diffs = {}
    for step, raw in (("seeds", folder / "raw"), ("more", write_texts(folder / "more", NEW_TEXTS))):
        assert run_cli("run", str(raw), "--db", str(spark_db), "--build-engine", "spark", "--quiet") == 0
        assert run_cli("run", str(raw), "--db", str(duckdb_db), "--quiet") == 0
        diffs[step] = compare_published(duckdb_db, spark_db)
    return {"diffs": diffs, "spark_db": spark_db, "duckdb_db": duckdb_db}


@spark_only
def test_a_spark_build_publishes_the_tables_and_types_a_duckdb_build_publishes(published_by_both) -> None:
    # compare_published raises when a table's columns or types differ; rows are compared by content
    _assert_equal(published_by_both["diffs"]["seeds"])
    _assert_equal(published_by_both["diffs"]["more"])
    rows = {d.table: d.spark_rows for d in published_by_both["diffs"]["more"]}
    assert rows["article"] == 5 + len(NEW_TEXTS) and rows["meeting"] > 0 and rows["figure"] > 0
    # the second run appended the new articles' rows to the published tables, nothing twice
    assert query(published_by_both["spark_db"], "select count(*) - count(distinct article_id) from article") == [(0,)]
    assert query(published_by_both["spark_db"], "select count(*) - count(distinct mention_id) from mention") == [(0,)]


@spark_only
def test_wirehouse_sql_reads_a_spark_built_warehouse_as_it_reads_a_duckdb_built_one(published_by_both, capsys) -> None:
    sql = ("select e.name, count(*) as mentions from mention m join entity e using (entity_id) "
           "group by e.name order by mentions desc, e.name limit 5")
    outputs = []
    for db in (published_by_both["duckdb_db"], published_by_both["spark_db"]):
        capsys.readouterr()
        assert run_cli("sql", sql, "--db", str(db), "--format", "csv") == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 6
    status = query(published_by_both["spark_db"], "select count(*) from run_history where status = 'succeeded'")
    assert status == [(2,)]

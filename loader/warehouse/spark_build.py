"""Build the dbt project on Spark (dbt-spark, `method: session`) from the DuckDB work file.

The raw tables live in the work file (the loader and annotator write them). A Spark build:

1. exports each raw table with DuckDB's `COPY ... TO ... (format parquet)` into
   `.wirehouse/<name>/spark/raw/<table>/data.parquet` (bulk, one file per table);
2. in a child process, starts a local SparkSession with a Hive (Derby) metastore under
   `.wirehouse/<name>/spark/`, registers those files as external Parquet tables of a `raw`
   schema, and runs `dbt build --target spark` in that session (dbt-spark's session method
   picks up the running session);
3. leaves every model as a Parquet table under the Spark warehouse dir
   (`spark/warehouse/<schema>.db/<table>/`); `mart_files` names the marts' files, which
   DuckDB reads with read_parquet: `typed_mart` casts them to the declared column types for
   the publish step (`wirehouse build --build-engine spark`, loader/warehouse/publish.py),
   and loader/warehouse/spark_compare.py compares them with a DuckDB build.

The metastore and the warehouse dir persist between builds, so the incremental models append
only the new articles, as on DuckDB. See docs/spark.md.
"""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from loader.config import Settings
from loader.errors import BuildError
from loader.warehouse.contract import PublishedTable
from loader.warehouse.dbt import BuildResult, summarize

__all__ = ["build", "export_raw", "mart_files", "spark_dir", "typed_mart"]

MART_SCHEMA = "main"


def spark_dir(settings: Settings) -> Path:
    return settings.state_dir / "spark"


def export_raw(work_db: Path, folder: Path) -> list[str]:
    """Every table of the work file's raw schema as one Parquet file; returns the table names."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work_db), read_only=True)
    try:
        tables = [name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = 'raw' and table_type = 'BASE TABLE' order by 1").fetchall()]
        for table in tables:
            (folder / table).mkdir(exist_ok=True)
            target = folder / table / "data.parquet"
            con.execute(f"copy raw.\"{table}\" to '{target}' (format parquet)")
        return tables
    finally:
        con.close()


def missing_dbt_spark() -> str | None:
    """Why dbt cannot build on Spark here, or None."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("dbt.adapters.spark") is None:
        return ("building on Spark needs pyspark and dbt-spark; install the extra: pip install -e '.[spark]' "
                "(or `make test-spark`)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "building on Spark needs Java 17+ (java on PATH, or JAVA_HOME)"
    return None


def build(settings: Settings, full_refresh: bool = False, verbose: bool = False,
          cores: int = 2, select: list[str] | None = None) -> BuildResult:
    """dbt build on Spark over the work file's raw tables (`select`: dbt node selectors, default all);
    raises BuildError when a node fails."""
    home = spark_dir(settings)
    tables = export_raw(settings.work_db, home / "raw")
    target = home / "target"
    for name in ("run_results.json",):
        (target / name).unlink(missing_ok=True)
    command = ["--no-use-colors", "build", "--target", "spark", "--exclude-resource-type", "unit_test",
               "--project-dir", str(settings.dbt_project), "--profiles-dir", str(settings.dbt_project),
               "--target-path", str(target), "--log-path", str(home / "logs")]
    if full_refresh:
        command.append("--full-refresh")
    if select:
        command += ["--select", *select]
    payload = json.dumps({"home": str(home), "tables": tables, "cores": cores, "dbt": command})
    env = {**os.environ, "WIREHOUSE_SPARK_WAREHOUSE": str(home / "warehouse"),
           "WIREHOUSE_WORK_DB": str(settings.work_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    process = subprocess.run([sys.executable, "-m", "loader.warehouse.spark_build", payload], env=env, text=True,
                             capture_output=not verbose, cwd=settings.dbt_project)
    results_file = target / "run_results.json"
    if not results_file.exists():
        raise BuildError(f"dbt build on Spark did not run:\n{_tail(process)}")
    counts, failures, seconds = summarize(json.loads(results_file.read_text()))
    if failures or process.returncode != 0:
        detail = "\n".join(f"  {line}" for line in failures) or _tail(process)
        raise BuildError(f"dbt build on Spark failed:\n{detail}")
    return BuildResult(counts, failures, seconds, "not checked", engine="spark")


def mart_files(settings: Settings, table: str) -> str:
    """A read_parquet glob for the Parquet files of a model Spark built in the marts schema."""
    return str(spark_dir(settings) / "warehouse" / f"{MART_SCHEMA}.db" / table / "*.parquet")


def typed_mart(con: duckdb.DuckDBPyConnection, settings: Settings, table: PublishedTable) -> str:
    """A parenthesized select of a Spark-built mart's rows, every column cast to the data_type its
    model declares (DuckDB's types: Spark's Parquet has BIGINT where DuckDB's build has HUGEINT or
    INTEGER, INT96 timestamps, ...), in the model's column order."""
    declared = dict(table.declared)
    files = mart_files(settings, table.name)
    if glob.glob(files):
        columns = [name for name, *_ in con.execute(f"describe select * from read_parquet('{files}')").fetchall()]
        values, rows = {name: f'"{name}"' for name in columns}, f"read_parquet('{files}')"
    else:  # no file (Spark wrote none for an empty table): the declared columns, no rows
        columns = [name for name, _ in table.declared]
        values, rows = dict.fromkeys(columns, "null"), "(select 1) as nothing where false"
    untyped = [name for name in columns if not declared.get(name) and name not in table.exclude]
    if untyped:
        raise BuildError(f"{table.name}: no data_type for {', '.join(untyped)} in the models' yml; publishing a "
                         "Spark build casts every published column to its declared type")
    select = ", ".join(f'cast({values[name]} as {declared.get(name) or "varchar"}) as "{name}"' for name in columns)
    return f"(select {select} from {rows})"


def _tail(process: subprocess.CompletedProcess, lines: int = 40) -> str:
    output = (process.stdout or "") + (process.stderr or "")
    return "\n".join(output.strip().splitlines()[-lines:])


def _session(home: Path, cores: int):  # -> pyspark.sql.SparkSession
    """A local SparkSession with a Derby metastore and warehouse dir under `home` (kept between builds)."""
    from pyspark.sql import SparkSession

    metastore = home / "metastore_db"
    builder = (SparkSession.builder.master(f"local[{cores}]").appName("wirehouse-dbt")
               .config("spark.sql.warehouse.dir", str(home / "warehouse"))
               .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                       f"jdbc:derby:;databaseName={metastore};create=true")
               .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={home}")
               # a few MB per table: a handful of shuffle partitions, not Spark's 200
               .config("spark.sql.shuffle.partitions", str(max(2 * cores, 2)))
               .config("spark.ui.enabled", "false")
               # the meeting models are long queries whose CTEs Spark inlines at every reference: the
               # plan's text (built for logs and listeners) can outgrow the default 1 GB driver heap
               .config("spark.sql.maxPlanStringLength", str(1 << 20))
               .config("spark.driver.memory", os.environ.get("WIREHOUSE_SPARK_DRIVER_MEMORY", "3g"))
               .enableHiveSupport())
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _child(home: Path, tables: list[str], cores: int, command: list[str]) -> int:
    """In the child: register the raw Parquet files as tables of schema raw, then run dbt in this session."""
    session = _session(home, cores)
    session.sql("create database if not exists raw")
    for table in tables:
        session.sql(f"drop table if exists raw.`{table}`")
        session.sql(f"create table raw.`{table}` using parquet location '{home / 'raw' / table}'")
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(command)
    session.stop()
    return 0 if result.success else 1


if __name__ == "__main__":
    args = json.loads(sys.argv[1])
    sys.exit(_child(Path(args["home"]), args["tables"], args["cores"], args["dbt"]))

"""Compare the contract tables a DuckDB build and a Spark build made, by content.

    python -m loader.warehouse.spark_compare WAREHOUSE.duckdb

compares the marts of the work file (built by dbt-duckdb) with the Parquet tables the last
Spark build left (loader/warehouse/spark_build.py) and prints one line per table;
`compare_published(a, b)` compares two published warehouse files the same way (one built with
`--build-engine spark`, one with dbt-duckdb), types included.

Normalisation, and why: the two engines type some columns differently (DuckDB's sum() is a
HUGEINT, Spark's a BIGINT; Spark's counts and ints are read back as BIGINT/INTEGER), so every
value is compared as text after a cast; doubles are rounded to 9 digits first (the same
operations in another order can differ in the last bits); timestamp columns are left out
(entity_summary.counted_through is when the build ran). Rows are compared as multisets
(EXCEPT ALL both ways), so order does not matter and duplicates count.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loader.config import Settings, load_settings
from loader.warehouse.spark_build import mart_files

__all__ = ["CONTRACT", "TableDiff", "compare", "compare_published", "main"]

CONTRACT = ("article", "entity", "mention", "figure", "figure_entity", "meeting", "meeting_participant",
            "meeting_report", "entity_pair", "entity_summary", "story", "meeting_count")
FLOATS = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")


@dataclass(frozen=True)
class TableDiff:
    table: str
    duckdb_rows: int
    spark_rows: int
    only_duckdb: int
    only_spark: int

    @property
    def equal(self) -> bool:
        return self.duckdb_rows == self.spark_rows and self.only_duckdb == self.only_spark == 0

    def describe(self) -> str:
        verdict = "equal" if self.equal else f"DIFFERENT ({self.only_duckdb} rows only on DuckDB, " \
                                             f"{self.only_spark} only on Spark)"
        return f"{self.table}: {self.duckdb_rows} rows on DuckDB, {self.spark_rows} on Spark: {verdict}"


def _normalised(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[str, list[str]]:
    columns = con.execute(f"describe select * from {relation}").fetchall()
    expressions, names = [], []
    for name, kind, *_ in columns:
        kind = kind.upper()
        if "TIMESTAMP" in kind:
            continue
        value = f'round("{name}", 9)' if kind.startswith(FLOATS) else f'"{name}"'
        expressions.append(f'cast({value} as varchar) as "{name}"')
        names.append(name)
    return ", ".join(expressions), names


def compare(settings: Settings, tables: tuple[str, ...] = CONTRACT) -> list[TableDiff]:
    """One TableDiff per table: the work file's mart against the Spark-built Parquet."""
    con = duckdb.connect(str(settings.work_db), read_only=True)
    try:
        return [_diff(con, table, f'main."{table}"', f"read_parquet('{mart_files(settings, table)}')")
                for table in tables]
    finally:
        con.close()


def compare_published(duckdb_built: Path, spark_built: Path, tables: tuple[str, ...] = CONTRACT) -> list[TableDiff]:
    """One TableDiff per table of two published warehouse files; raises AssertionError when a
    table's columns or their types differ (the publish step casts a Spark build to the declared types)."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{duckdb_built}' as built_by_duckdb (read_only)")
        con.execute(f"attach '{spark_built}' as built_by_spark (read_only)")
        diffs = []
        for table in tables:
            left, right = f'built_by_duckdb.main."{table}"', f'built_by_spark.main."{table}"'
            types = [[row[:2] for row in con.execute(f"describe select * from {side}").fetchall()]
                     for side in (left, right)]
            if types[0] != types[1]:
                raise AssertionError(f"{table}: columns or types differ: {types[0]} (DuckDB), {types[1]} (Spark)")
            diffs.append(_diff(con, table, left, right))
        return diffs
    finally:
        con.close()


def _diff(con: duckdb.DuckDBPyConnection, table: str, left: str, right: str) -> TableDiff:
    left_sql, left_names = _normalised(con, left)
    right_sql, right_names = _normalised(con, right)
    if left_names != right_names:
        raise AssertionError(f"{table}: columns differ: {left_names} on DuckDB, {right_names} on Spark")
    a, b = f"(select {left_sql} from {left})", f"(select {right_sql} from {right})"
    rows_a = con.execute(f"select count(*) from {left}").fetchone()[0]
    rows_b = con.execute(f"select count(*) from {right}").fetchone()[0]
    only_a = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
    only_b = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
    return TableDiff(table, rows_a, rows_b, only_a, only_b)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    diffs = compare(load_settings(db=argv[0]))
    for diff in diffs:
        print(diff.describe())
    return 0 if all(diff.equal for diff in diffs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


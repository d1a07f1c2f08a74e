"""Open a warehouse file, insert rows into it in bulk, and count what users read."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa


@contextmanager
def connect(db: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(db), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], schema: pa.Schema) -> None:
    """Bulk insert: the rows become one Arrow table that DuckDB scans in a single statement."""
    if not rows:
        return
    batch = pa.Table.from_pylist(rows, schema=schema)
    columns = ", ".join(schema.names)
    con.register("_wirehouse_batch", batch)
    try:
        con.execute(f"insert into {table} ({columns}) select {columns} from _wirehouse_batch")
    finally:
        con.unregister("_wirehouse_batch")


def summary(db: Path, tables: list[str]) -> dict[str, int]:
    """Row counts of those of `tables` (in the main schema) the file has, in that order."""
    with connect(db, read_only=True) as con:
        present = {row[0] for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        return {table: con.execute(f"select count(*) from main.{table}").fetchone()[0]
                for table in tables if table in present}

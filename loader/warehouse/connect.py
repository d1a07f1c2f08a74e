"""Open the warehouse file and read what users read."""
from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import duckdb

CONTRACT_TABLES = ("article", "entity", "mention", "figure", "meeting")


@contextmanager
def connect(db: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(db), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def summary(db: Path) -> dict[str, int]:
    """Row counts of the published contract tables that exist."""
    with connect(db, read_only=True) as con:
        present = {row[0] for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        return {table: con.execute(f"select count(*) from main.{table}").fetchone()[0]
                for table in CONTRACT_TABLES if table in present}

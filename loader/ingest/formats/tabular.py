"""CSV, TSV and Parquet crawler exports: one input per row (`file.csv#N`, N from 1 after the
header), columns mapped like JSON records (exports.FIELD_MAP and `[load.field_map]`).

The file is read in bulk by DuckDB (`read_csv` with type sniffing off, so every value
stays text; `read_parquet`) into Arrow, in a connection of its own.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from loader.ingest.formats import ReadOptions, Record, digest
from loader.ingest.formats.exports import record_from


def read_tabular(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    import duckdb

    name = path.name.lower()
    con = duckdb.connect()
    try:
        if name.endswith(".parquet"):
            table = con.sql("select * from read_parquet(?)", params=[str(path)]).to_arrow_table()
        else:
            delimiter = "\t" if name.endswith(".tsv") else ","
            table = con.sql("select * from read_csv(?, header = true, all_varchar = true, delim = ?)",
                            params=[str(path), delimiter]).to_arrow_table()
    except duckdb.Error as exc:
        yield Record(None, digest(data), len(data), reason=" ".join(f"cannot read table: {exc}".split())[:300])
        return
    finally:
        con.close()
    rows = table.to_pylist()
    if not rows:
        yield Record(None, digest(data), len(data), reason="table without rows")
        return
    for number, row in enumerate(rows, start=1):
        row = {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}
        yield record_from(number, json.dumps(row, sort_keys=True, default=str), row, options, "utf-8")

"""Hash every published table's content, order-independently, to show a change left the data as it was.

    python -m bench.table_hashes WAREHOUSE.duckdb

prints one line per table of the published file: `schema.table rows md5`. The accounting tables
(run_history, raw.load_run, raw.input_file: run ids and clock times) change with every run and are
left out; the marts are what a change must leave identical.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

VOLATILE = {("main", "run_history"), ("raw", "load_run"), ("raw", "input_file")}


def table_hashes(db: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_catalog = current_database() order by 1, 2").fetchall()
        hashes = {}
        for schema, table in tables:
            if (schema, table) in VOLATILE:
                continue
            rows, digest = con.execute(
                f'select count(*), md5(coalesce(string_agg(h, \'\' order by h), \'\')) '
                f'from (select md5(t::varchar) as h from "{schema}"."{table}" t)').fetchone()
            hashes[f"{schema}.{table}"] = (rows, digest)
        return hashes
    finally:
        con.close()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name, (rows, digest) in table_hashes(Path(argv[0])).items():
        print(f"{name} {rows} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

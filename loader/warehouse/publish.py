"""Publish the built marts to the file readers open, atomically.

Loads and builds write the work file (`.wirehouse/<name>/work.duckdb`); readers open
the published file (`--db`), which holds no data of its own for the big tables: its
views read immutable Parquet parts. Each publish writes parts only for load runs not
yet published (a build adds rows, it does not rewrite them), then writes a new small
catalog file beside the published one and renames it over it. A reader that opened the
old file keeps reading the old parts; a new connection sees the new build.

When the rules change (dbt models or seeds, or the annotator), every run is published
again as a new generation; parts no longer referenced are deleted after
`retain_minutes`, so that readers holding an old catalog can finish. The manifest
(raw.published_part) keeps paths relative to the parts folder, so a moved warehouse
is re-pointed by the next `wirehouse build`.

The marts come from the engine that built them (`[build] engine`): the work file's tables
after a dbt-duckdb build, or the Parquet files of a dbt-spark build (loader/warehouse/
spark_build.py), each column cast to the type its model declares, so that readers see the
same tables and types either way. Raw tables readers see (raw.input_file) always come from
the work file. Switching engines changes the fingerprint: everything is built and published again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loader.config import Settings
from loader.warehouse.contract import PublishedTable, manifest_file, published_tables

# Which tables are published, and whether as appended parts or a snapshot, is declared
# in the dbt project (meta: {publish: append|snapshot}) and read from its manifest
# (loader/warehouse/contract.py). Meetings link reports across articles (a new article
# can join an old meeting), so they are snapshots, not appended per load run.
# The accounting, copied into the catalog each time it is written (also after a failed build).
COPIED = {
    ("main", "run_history"): "select * from raw.run_history",
    ("raw", "load_run"): "select * from raw.load_run",
}
MAX_PARTS = 16


@dataclass(frozen=True)
class PublishResult:
    generation: int
    parts_written: int
    bytes_written: int
    parts_deleted: int = 0


def fingerprint(con: duckdb.DuckDBPyConnection, dbt_project: Path, engine: str = "duckdb") -> str:
    """What the published rows depend on besides the data: the dbt project, the annotators, the build engine."""
    digest = hashlib.sha256()
    if engine != "duckdb":  # (not hashed for duckdb, so that existing warehouses keep their fingerprint)
        digest.update(f"engine={engine}".encode())
    for path in sorted(p for p in dbt_project.rglob("*") if p.is_file() and _is_source(p, dbt_project)):
        digest.update(str(path.relative_to(dbt_project)).encode())
        digest.update(path.read_bytes())
    for row in con.execute("select distinct annotator, annotator_version from raw.annotation order by all").fetchall():
        digest.update("|".join(row).encode())
    return digest.hexdigest()[:16]


def _is_source(path: Path, root: Path) -> bool:
    top = path.relative_to(root).parts[0]
    return top in ("models", "seeds", "macros", "tests", "dbt_project.yml")


def state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("select value from raw.publish_state where key = ?", [key]).fetchone()
    return row[0] if row else None


def rules_changed(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Whether the last publish was made under other rules (then everything is rebuilt)."""
    return fingerprint(con, settings.dbt_project, settings.build_engine) != state(con, "fingerprint")


def publish(con: duckdb.DuckDBPyConnection, settings: Settings, full_refresh: bool = False,
            before_catalog: Callable[[PublishResult], None] | None = None) -> PublishResult:
    """Publish a build: write the new parts, delete old ones, then rename a new catalog over --db.

    `before_catalog` runs between the two (the pipeline records the run there, so the
    catalog's run_history shows it)."""
    result = publish_parts(con, settings, full_refresh=full_refresh)
    result = PublishResult(result.generation, result.parts_written, result.bytes_written, clean(con, settings))
    if before_catalog is not None:
        before_catalog(result)
    write_catalog(con, settings)
    return result


def republish(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Rewrite the catalog of the last good build (newest run_history, same data); False when none."""
    if not state(con, "generation"):
        return False
    write_catalog(con, settings)
    return True


def _tables(settings: Settings, engine: str) -> list[PublishedTable]:
    return published_tables(manifest_file(settings.state_dir, engine))


def _query(con: duckdb.DuckDBPyConnection, settings: Settings, table: PublishedTable, engine: str) -> str:
    """A published table's rows (PublishedTable.query_from), read where the build engine left them."""
    if engine != "spark" or table.resource == "source":
        return table.query
    from loader.warehouse.spark_build import typed_mart

    return table.query_from(typed_mart(con, settings, table))


def publish_parts(con: duckdb.DuckDBPyConnection, settings: Settings, full_refresh: bool = False) -> PublishResult:
    """Write Parquet parts for what is not yet published, and record them, in one transaction."""
    key = fingerprint(con, settings.dbt_project, settings.build_engine)
    generation = int(state(con, "generation") or 0)
    if full_refresh or key != state(con, "fingerprint"):
        generation += 1
    now = _now()
    written = size = 0
    tables = _tables(settings, settings.build_engine)
    queries = {table.relation: _query(con, settings, table, settings.build_engine) for table in tables}
    con.begin()
    try:
        for table in (t for t in tables if t.how == "append"):
            schema, name, query = table.schema, table.name, queries[table.relation]
            published = {run for (runs,) in con.execute(
                "select run_ids from raw.published_part where table_name = ? and generation = ? and retired_at is null",
                [table.relation, generation]).fetchall() for run in runs}
            pending = [run for (run,) in con.execute(f"select distinct _run_id from ({query}) order by 1").fetchall()
                       if run not in published]
            if pending:
                size += _write_part(con, settings, schema, name, generation,
                                    f"select * from ({query}) where _run_id in (select unnest(?::varchar[]))",
                                    [pending], pending, now)
                written += 1
            written, size = _compact(con, settings, schema, name, generation, now, written, size)
        for table in (t for t in tables if t.how == "snapshot"):
            con.execute("update raw.published_part set retired_at = ? where table_name = ? and retired_at is null",
                        [now, table.relation])
            size += _write_part(con, settings, table.schema, table.name, generation, queries[table.relation], [], [],
                                now)
            written += 1
        con.execute("update raw.published_part set retired_at = ? where generation < ? and retired_at is null",
                    [now, generation])
        _set_state(con, "generation", str(generation))
        _set_state(con, "fingerprint", key)
        _set_state(con, "engine", settings.build_engine)
        _set_state(con, "published_at", now.isoformat())
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return PublishResult(generation, written, size)


def _write_part(con, settings: Settings, schema: str, table: str, generation: int, query: str, params: list,
                run_ids: list[str], now: dt.datetime) -> int:
    folder = settings.parts_dir / f"{schema}.{table}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"g{generation:04}-{uuid.uuid4().hex[:12]}.parquet"
    con.execute(f"copy ({query}) to '{path}' (format parquet, compression zstd)", params)
    rows = con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
    con.execute("insert into raw.published_part values (?, ?, ?, ?, ?, ?, null)",
                [str(path.relative_to(settings.parts_dir)), f"{schema}.{table}", generation, run_ids, rows, now])
    return path.stat().st_size


def _compact(con, settings: Settings, schema: str, table: str, generation: int, now: dt.datetime,
             written: int, size: int) -> tuple[int, int]:
    """Merge a table's parts into one when there are too many (amortized: rarely)."""
    parts = con.execute(
        "select path, run_ids from raw.published_part where table_name = ? and generation = ? and retired_at is null",
        [f"{schema}.{table}", generation]).fetchall()
    if len(parts) <= MAX_PARTS:
        return written, size
    paths = [path for path, _ in parts]
    runs = sorted({run for _, run_ids in parts for run in run_ids})
    con.execute("update raw.published_part set retired_at = ? where path in (select unnest(?::varchar[]))",
                [now, paths])
    size += _write_part(con, settings, schema, table, generation, "select * from read_parquet(?)",
                        [[str(settings.parts_dir / path) for path in paths]], runs, now)
    return written + 1, size


def write_catalog(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Write the small catalog file of views and small tables, then rename it over --db.

    The views read only the parts in the manifest, so after a failed build this
    republishes the last good build with the newest run_history."""
    generation = int(state(con, "generation") or 0)
    for stale in settings.db.parent.glob(f".{settings.db.name}.*.tmp"):  # left by a killed run
        stale.unlink(missing_ok=True)
    tmp = settings.db.with_name(f".{settings.db.name}.{os.getpid()}.tmp")
    con.execute(f"attach '{tmp}' as publish_target")
    try:
        con.execute("create schema publish_target.raw")
        engine = state(con, "engine") or "duckdb"  # the last publish's (a failed build republishes it)
        tables = _tables(settings, engine)
        for table in tables:
            paths = [row[0] for row in con.execute(
                "select path from raw.published_part where table_name = ? and generation = ? and retired_at is null "
                "order by created_at, path", [table.relation, generation]).fetchall()]
            target = f"publish_target.{table.relation}"
            if paths:
                listing = ", ".join(f"'{settings.parts_dir / path}'" for path in paths)
                con.execute(f"create view {target} as select * exclude (_run_id) from read_parquet([{listing}])")
            else:
                empty = f"select * exclude (_run_id) from ({_query(con, settings, table, engine)}) limit 0"
                con.execute(f"create table {target} as {empty}")
        for (schema, table), query in COPIED.items():
            con.execute(f"create table publish_target.{schema}.{table} as {query}")
    finally:
        con.execute("detach publish_target")
    os.replace(tmp, settings.db)


def clean(con: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    """Delete parts retired longer ago than retain_minutes, and stray files as old."""
    cutoff = _now() - dt.timedelta(minutes=settings.retain_minutes)
    retired = [row[0] for row in con.execute(
        "select path from raw.published_part where retired_at < ?", [cutoff]).fetchall()]
    known = {row[0] for row in con.execute("select path from raw.published_part").fetchall()}
    strays = [str(p.relative_to(settings.parts_dir)) for p in settings.parts_dir.rglob("*.parquet")
              if str(p.relative_to(settings.parts_dir)) not in known
              and dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC).replace(tzinfo=None) < cutoff]
    for path in retired + strays:
        (settings.parts_dir / path).unlink(missing_ok=True)
    if retired:
        con.execute("delete from raw.published_part where path in (select unnest(?::varchar[]))", [retired])
    return len(retired) + len(strays)


def _set_state(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("insert or replace into raw.publish_state values (?, ?)", [key, value])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

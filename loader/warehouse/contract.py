"""What is published, and how: declared once, beside the models, and read from dbt's manifest.

Each mart in `dbt_project/models/marts/_marts.yml` (and each raw table readers see, in
`_raw__sources.yml`) says in its `meta`:

    publish: append      one Parquet part per batch of load runs; rows never change
    publish: snapshot    rebuilt whole by each build: one part, replaced on each publish
    publish_exclude: [column, ...]   bookkeeping columns left out of the published table
    count_as: articles   counted, under that word, in the summary `wirehouse run` prints
    count_order: 1       where in that summary

Each published model's columns declare their `data_type` (DuckDB's names); a test checks them
against what dbt-duckdb builds, and publishing a Spark build casts every column to it, so the
published tables have the same types whichever engine built them.

dbt writes the manifest (`target/manifest.json` under the warehouse's state folder) on
every build; publish.py, cli.py and the tests read it here, and `new_rows_in_tests.sql`
reads the same `meta` from dbt's `graph`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from loader.errors import BuildError

HOW = ("append", "snapshot")


@dataclass(frozen=True)
class PublishedTable:
    schema: str
    name: str
    how: str                             # "append" or "snapshot"
    exclude: tuple[str, ...] = ()
    run_id_column: str | None = None     # an appended table's own run id; else the article's
    count_as: str | None = None
    count_order: int = 0
    resource: str = "model"              # "model" (dbt builds it) or "source" (a raw table of the work file)
    declared: tuple[tuple[str, str | None], ...] = ()  # (column, data_type) as the yml declares them

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def query(self) -> str:
        return self.query_from(self.relation)

    def query_from(self, rows: str) -> str:
        """Its rows, read from `rows` (a relation or a parenthesized select), with the load run
        that brought them (`_run_id`; null for a snapshot)."""
        columns = f"* exclude ({', '.join(self.exclude)})" if self.exclude else "*"
        if self.how == "snapshot":
            return f"select {columns}, null::varchar as _run_id from {rows} t"
        if self.run_id_column:
            return f"select t.{columns}, t.{self.run_id_column} as _run_id from {rows} t"
        return (f"select t.{columns}, a.run_id as _run_id from {rows} t "
                "join raw.article a using (article_id)")


def manifest_file(state_dir: Path, engine: str = "duckdb") -> Path:
    """The manifest of the last dbt build on `engine` (a Spark build keeps its own target folder)."""
    return (state_dir / "spark" if engine == "spark" else state_dir) / "target" / "manifest.json"


def published_tables(manifest: Path) -> list[PublishedTable]:
    """Every model and source whose meta names how it is published, appended ones first."""
    if not manifest.is_file():
        raise BuildError(f"no dbt manifest at {manifest}; run `wirehouse build`")
    data = json.loads(manifest.read_text())
    tables = []
    for node in [*data.get("nodes", {}).values(), *data.get("sources", {}).values()]:
        if node.get("resource_type") not in ("model", "source"):
            continue
        meta = {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}
        how = meta.get("publish")
        if how is None:
            continue
        name = node.get("identifier") if node["resource_type"] == "source" else node.get("alias")
        if how not in HOW:
            raise BuildError(f"{node['unique_id']}: meta publish must be one of {', '.join(HOW)}, not {how!r}")
        tables.append(PublishedTable(schema=node["schema"], name=name or node["name"], how=how,
                                     exclude=tuple(meta.get("publish_exclude", ())),
                                     run_id_column=meta.get("publish_run_id"), count_as=meta.get("count_as"),
                                     count_order=int(meta.get("count_order", 0)), resource=node["resource_type"],
                                     declared=tuple((column["name"], column.get("data_type"))
                                                    for column in node.get("columns", {}).values())))
    return sorted(tables, key=lambda t: (HOW.index(t.how), t.schema, t.name))


def counted_tables(manifest: Path) -> dict[str, str]:
    """The tables the run summary counts, in its order: name -> the word it is counted as."""
    tables = sorted((t for t in published_tables(manifest) if t.count_as), key=lambda t: t.count_order)
    return {t.name: t.count_as for t in tables}

"""`make check-superset`: Apache Superset against the warehouse, through its own REST API.

Builds the sample warehouse into a scratch folder (unless it is there), starts `wirehouse
serve` on a loopback port, initialises Superset (SQLite metadata, bi/superset_config.py),
starts its web server on loopback, then for each of two connections - the file through
duckdb-engine, and `wirehouse serve` through psycopg2 - adds the database, lists its
tables, adds a dataset and a bar chart, runs the chart's query through /api/v1/chart/data
and compares the rows with the warehouse itself. Takes a PNG of the chart with headless
Chromium, writes docs/bi-superset.json and docs/bi.md. Everything it starts is stopped at
the end; every wait has a timeout. Run it with the Python of Superset's virtual environment.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import requests

from bi import report
from bi.processes import CheckError, free_port, port_open, run, started, wait_for
from bi.screenshot import chart_png, session_cookie
from bi.superset_api import ChartSpec, SupersetAPI

REPO = Path(__file__).resolve().parent.parent
ADMIN = "admin"
CONTRACT_TABLES = ("article", "entity", "mention", "figure")
CHART = ChartSpec(name="Entities per type", column="entity_type", metric_label="entities")
DATASET_TABLE = "entity"


@dataclass
class PathResult:
    """What one connection did: each step's outcome, or the step that failed and why."""
    name: str
    uri: str
    ok: bool = False
    failed_step: str | None = None
    error: str | None = None
    schemas: list[str] = field(default_factory=list)
    schema: str | None = None
    tables: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)
    listing_differs: str | None = None  # how the table/view listing differs from the file's catalog
    dataset_columns: list[str] = field(default_factory=list)
    chart_id: int | None = None
    chart_rows: list[dict[str, Any]] = field(default_factory=list)
    chart_sql: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    screenshot: str | None = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_superset", description=__doc__.split("\n\n")[0])
    parser.add_argument("--wirehouse", type=Path, default=REPO / ".venv" / "bin" / "wirehouse")
    parser.add_argument("--superset", type=Path, default=Path(sys.executable).parent / "superset")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/wirehouse-superset"))
    parser.add_argument("--raw", type=Path, default=REPO / "raw", help="articles for the sample warehouse")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="where bi.md, the JSON and the PNG go")
    parser.add_argument("--render-only", action="store_true",
                        help="only rewrite docs/bi.md from docs/bi-superset.json (after editing bi/report.py)")
    args = parser.parse_args(argv)
    if args.render_only:
        docs = args.docs.resolve()
        (docs / "bi.md").write_text(report.render(json.loads((docs / "bi-superset.json").read_text())))
        return 0
    args.wirehouse, args.superset = args.wirehouse.absolute(), args.superset.absolute()
    args.raw, args.docs = args.raw.resolve(), args.docs.resolve()
    for exe in (args.wirehouse, args.superset):
        if not exe.is_file():
            print(f"error: {exe} not found (run `make install` / `make check-superset`)", file=sys.stderr)
            return 2
    start = time.monotonic()
    try:
        result = check(args)
    except CheckError as exc:
        print(f"check-superset: FAILED: {exc}", file=sys.stderr)
        return 1
    result["seconds_total"] = round(time.monotonic() - start, 1)
    args.docs.mkdir(parents=True, exist_ok=True)
    (args.docs / "bi-superset.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (args.docs / "bi.md").write_text(report.render(result))
    for path in result["paths"]:
        state = "ok" if path["ok"] else f"FAILED at {path['failed_step']}: {path['error']}"
        print(f"{path['name']}: {state}; {len(path['tables']) + len(path['views'])} tables/views, "
              f"chart rows {len(path['chart_rows'])}")
    print(f"Superset {result['superset_version']}, {result['seconds_total']} s; wrote {args.docs / 'bi.md'}")
    return 0 if all(p["ok"] for p in result["paths"]) else 1


def check(args: argparse.Namespace) -> dict[str, Any]:
    scratch: Path = args.scratch.resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    log = scratch / "check.log"
    log.write_text("")
    db = scratch / "warehouse.duckdb"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPERSET_", "WIREHOUSE_"))}
    timings: dict[str, float] = {}

    t = time.monotonic()
    if not db.is_file():
        run([str(args.wirehouse), "run", "--db", str(db), str(args.raw)], base_env, log, timeout=900, cwd=scratch)
    timings["build_warehouse"] = round(time.monotonic() - t, 1)
    expected = expected_rows(db)
    catalog = relations(db)

    serve_password = secrets.token_urlsafe(18)
    serve_port, web_port = free_port(), free_port()
    serve_env = {**base_env, "WIREHOUSE_SERVE_PASSWORD": serve_password}
    superset_env = superset_environment(base_env, scratch)
    admin_password = secrets.token_urlsafe(18)

    t = time.monotonic()
    superset = str(args.superset)
    run([superset, "db", "upgrade"], superset_env, log, timeout=900)
    run([superset, "fab", "create-admin", "--username", ADMIN, "--firstname", "Check", "--lastname", "Superset",
         "--email", "admin@localhost", "--password", admin_password], superset_env, log, timeout=300)
    run([superset, "init"], superset_env, log, timeout=900)
    timings["superset_init"] = round(time.monotonic() - t, 1)

    serve_cmd = [str(args.wirehouse), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(serve_port),
                 "--user", "wirehouse"]
    web_cmd = [superset, "run", "-h", "127.0.0.1", "-p", str(web_port), "--with-threads"]
    base_url = f"http://127.0.0.1:{web_port}"
    with started(serve_cmd, serve_env, scratch / "serve.log", cwd=scratch) as serve_proc, \
            started(web_cmd, superset_env, scratch / "superset-web.log", cwd=scratch) as web_proc:
        wait_for(lambda: port_open(serve_port), 60, "wirehouse serve", serve_proc, scratch / "serve.log")
        timings["superset_web_start"] = round(wait_for(lambda: healthy(base_url), 300, "Superset web server",
                                                       web_proc, scratch / "superset-web.log"), 1)
        api = SupersetAPI(base_url)
        api.login(ADMIN, admin_password)
        targets = [
            ("duckdb-engine", f"duckdb:///{db}?access_mode=read_only", f"duckdb:///{db}?access_mode=read_only"),
            ("wirehouse serve",
             f"postgresql+psycopg2://wirehouse:{serve_password}@127.0.0.1:{serve_port}/wirehouse",
             "postgresql+psycopg2://wirehouse:PASSWORD@127.0.0.1:PORT/wirehouse"),
        ]
        cookie = session_cookie(base_url, ADMIN, admin_password)
        paths = []
        for name, uri, shown in targets:
            png = args.docs / ("bi-superset-chart.png" if name == "duckdb-engine" else "bi-superset-chart-serve.png")
            paths.append(check_path(api, name, uri, shown, expected, db.stem, shooter(base_url, cookie, png)))
            paths[-1].listing_differs = listing_difference(paths[-1], catalog)
    return {
        "superset_version": version("apache-superset"),
        "duckdb_engine_version": version("duckdb-engine"),
        "duckdb_version": version("duckdb"),
        "psycopg2_version": version("psycopg2-binary").split(" ")[0],
        "checked_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": git_commit(),
        "chart": asdict(CHART) | {"table": DATASET_TABLE, "viz_type": "echarts_timeseries_bar"},
        "expected_rows": expected,
        "file_catalog": catalog,
        "seconds": timings,
        "paths": [asdict(p) for p in paths],
    }


def check_path(api: SupersetAPI, name: str, uri: str, shown_uri: str, expected: dict[str, int],
               catalog: str, screenshot: Callable[[int], str]) -> PathResult:
    """Add the database, list it, add the dataset and chart, run the chart's query, take its PNG; then
    delete the chart and dataset: with SQLite as its metadata database, Superset 6.1 allows one dataset
    per table name across all databases (its migrations leave UNIQUE (table_name) on SQLite)."""
    result = PathResult(name=name, uri=shown_uri)
    step = "test connection"
    try:
        t = time.monotonic()
        api.test_connection(name, uri)
        step = "add database"
        database_id = api.add_database(f"wirehouse ({name})", uri)
        result.seconds["connect"] = round(time.monotonic() - t, 2)
        step = "list schemas"
        t = time.monotonic()
        result.schemas = api.schemas(database_id)
        # DuckDB names schemas by catalog (the file's stem): `warehouse.main`
        wanted = ("main", "public", f"{catalog}.main")
        result.schema = next((s for s in wanted if s in result.schemas), None)
        if result.schema is None:
            raise CheckError(f"none of {wanted} among the schemas {result.schemas}")
        step = "list tables"
        listed = api.tables(database_id, result.schema)
        result.tables = sorted(item["value"] for item in listed if item.get("type") == "table")
        result.views = sorted(item["value"] for item in listed if item.get("type") == "view")
        result.seconds["list"] = round(time.monotonic() - t, 2)
        missing = [table for table in CONTRACT_TABLES if table not in result.tables + result.views]
        if missing:
            raise CheckError(f"tables missing from the list: {missing}")
        step = "add dataset"
        t = time.monotonic()
        dataset_id = api.add_dataset(database_id, result.schema, DATASET_TABLE)
        result.dataset_columns = api.dataset_columns(dataset_id)
        if CHART.column not in result.dataset_columns:
            raise CheckError(f"dataset has no column {CHART.column}: {result.dataset_columns}")
        step = "add chart"
        result.chart_id = api.add_chart(dataset_id, CHART)
        result.seconds["dataset_and_chart"] = round(time.monotonic() - t, 2)
        step = "chart data"
        rows, result.chart_sql, seconds = api.chart_data(result.chart_id, dataset_id, CHART)
        result.chart_rows = rows
        result.seconds["chart_query"] = round(seconds, 2)
        got = {str(r[CHART.column]): int(r[CHART.metric_label]) for r in rows}
        if got != expected:
            raise CheckError(f"chart rows {got} differ from the warehouse's {expected}")
        step = "screenshot"
        t = time.monotonic()
        result.screenshot = screenshot(result.chart_id)
        result.seconds["screenshot"] = round(time.monotonic() - t, 2)
        step = "delete chart and dataset"
        api.delete("chart", result.chart_id)
        api.delete("dataset", dataset_id)
        result.ok = True
    except (CheckError, KeyError, TypeError, ValueError) as exc:
        result.failed_step, result.error = step, (
            f"{type(exc).__name__}: {exc}" if not isinstance(exc, CheckError) else str(exc))
    return result


def shooter(base_url: str, cookie: str, png: Path) -> Callable[[int], str]:
    """Takes a chart's PNG to `png`; returns its file name."""
    def shoot(chart_id: int) -> str:
        chart_png(base_url, chart_id, cookie, png)
        return png.name
    return shoot


def relations(db: Path) -> dict[str, list[str]]:
    """The file's own tables and views in its default schema."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute("select table_name from duckdb_tables() where schema_name = 'main' "
                             "and database_name = current_database() and not internal order by 1").fetchall()
        views = con.execute("select view_name from duckdb_views() where schema_name = 'main' "
                            "and database_name = current_database() and not internal order by 1").fetchall()
    return {"tables": [t for (t,) in tables], "views": [v for (v,) in views]}


def listing_difference(path: PathResult, catalog: dict[str, list[str]]) -> str | None:
    """How Superset's table and view lists differ from the file's catalog, or None."""
    if not path.tables and not path.views:
        return None
    notes = []
    for kind, listed in (("tables", path.tables), ("views", path.views)):
        extra = sorted(set(listed) - set(catalog[kind]))
        missing = sorted(set(catalog[kind]) - set(listed))
        if extra:
            notes.append(f"listed as {kind} but not {kind} in the file: {', '.join(extra)}")
        if missing:
            notes.append(f"{kind} of the file not listed: {', '.join(missing)}")
    return "; ".join(notes) or None


def expected_rows(db: Path) -> dict[str, int]:
    """The chart's answer, read from the file directly."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(f"select {CHART.column}, {CHART.metric_sql} from {DATASET_TABLE} group by 1").fetchall()
    return {str(k): int(v) for k, v in rows}


def superset_environment(base_env: dict[str, str], scratch: Path) -> dict[str, str]:
    home = scratch / "superset"
    if home.exists():
        shutil.rmtree(home)  # a fresh metadata database on every run
    home.mkdir(parents=True)
    return {**base_env, "SUPERSET_CONFIG_PATH": str(REPO / "bi" / "superset_config.py"),
            "SUPERSET_HOME": str(home), "WIREHOUSE_SUPERSET_HOME": str(home),
            "SUPERSET_SECRET_KEY": secrets.token_urlsafe(42), "SUPERSET_LOAD_EXAMPLES": "no",
            "FLASK_APP": "superset.app:create_app()"}


def healthy(base_url: str) -> bool:
    try:
        return requests.get(f"{base_url}/health", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def git_commit() -> str:
    """The repository's commit, for the report."""
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())

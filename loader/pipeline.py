"""One run: load, annotate, build, publish — recorded in raw.run_history.

Everything here writes the work file under the warehouse's lock; the published file
changes only in the last step, by an atomic rename (loader/warehouse/publish.py). A run killed
at any point leaves the published warehouse as it was, and the next run completes it.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from loader.config import Settings
from loader.errors import ConfigError
from loader.warehouse import migrate, publish
from loader.warehouse.connect import connect
from loader.warehouse.lock import exclusive


@dataclass
class Run:
    """What one run did; becomes its raw.run_history row."""

    command: str
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: dt.datetime = field(default_factory=lambda: _now())
    status: str = "running"
    files_seen: int = 0
    files_skipped: int = 0
    files_loaded: int = 0
    files_duplicate: int = 0
    files_rejected: int = 0
    articles_added: int = 0
    articles_annotated: int = 0
    dbt_models: int | None = None
    dbt_tests: int | None = None
    dbt_failures: int | None = None
    source_freshness: str | None = None
    load_seconds: float | None = None
    annotate_seconds: float | None = None
    build_seconds: float | None = None
    publish_seconds: float | None = None
    message: str | None = None

    def say(self, line: str) -> None:
        print(line, flush=True)


def execute(settings: Settings, command: str, paths: list[Path] | None, build: bool,
            full_refresh: bool = False, verbose: bool = False, quiet: bool = False, wait: bool = True,
            annotate_only: bool = False) -> Run:
    """Run load (when paths are given; annotate_only: only annotate pending articles) and build
    (when asked) under the lock.

    The work file is opened once for the load phase (accounting, load, annotate, what to
    build) and once for the publish phase; dbt's child process has it in between."""
    if settings.annotate_engine == "spark":
        from loader.annotate.spark import missing_pyspark

        if problem := missing_pyspark():
            raise ConfigError(problem)
    if build and settings.build_engine == "spark":
        from loader.warehouse.spark_build import missing_dbt_spark

        if problem := missing_dbt_spark():
            raise ConfigError(problem)
    run = Run(command=command)
    with exclusive(settings.state_dir / "lock", wait=wait):
        migrate.upgrade(settings.work_db, migrations=settings.migrations)
        published = False
        try:
            with connect(settings.work_db) as con:
                con.execute("update raw.run_history set status = 'interrupted' where status = 'running'")
                _record(con, run)
                if paths is not None:
                    _load(con, settings, run, paths, quiet)
                elif annotate_only:
                    _annotate(con, settings, run, quiet, needed=True)
                if build:
                    rebuild = full_refresh or publish.rules_changed(con, settings)
                    unchanged = not rebuild and settings.db.exists() and not _unpublished(con)
            if build:
                published = _build(settings, run, rebuild, unchanged, verbose)
            run.status = "succeeded"
        except BaseException as exc:
            run.status = "failed" if isinstance(exc, Exception) else "interrupted"
            lines = [line.strip() for line in str(exc).strip().splitlines()]
            run.message = " ".join(lines[:3])[:500] or exc.__class__.__name__
            raise
        finally:
            if not published:
                with connect(settings.work_db) as con:
                    _record(con, run)
                    # run_history in the catalog shows this run, failed or not; the data stays the last good build
                    if build and run.status != "interrupted":
                        publish.republish(con, settings)
    return run


def _load(con: duckdb.DuckDBPyConnection, settings: Settings, run: Run, paths: list[Path], quiet: bool) -> None:
    from loader.ingest.loading import load

    started = time.monotonic()
    result = load(con, paths, max_file_mb=settings.max_file_mb, quiet=quiet, run_id=run.run_id,
                  field_map=settings.field_map)
    for message in result.messages:
        print(message, flush=True, file=sys.stderr)
    run.files_seen, run.files_skipped = result.files_seen, result.skipped
    run.files_loaded, run.files_duplicate, run.files_rejected = result.loaded, result.duplicate, result.rejected
    run.articles_added = result.loaded
    run.load_seconds = time.monotonic() - started
    run.say(f"load: {result.files_seen} new or changed inputs: {result.loaded} loaded, {result.duplicate} duplicate, "
            f"{result.rejected} rejected; {result.skipped} unchanged files skipped ({run.load_seconds:.1f}s)")

    _annotate(con, settings, run, quiet, needed=result.loaded > 0)


def _annotate(con: duckdb.DuckDBPyConnection, settings: Settings, run: Run, quiet: bool, needed: bool) -> None:
    """Annotate pending articles with the configured engine (needed: look even when no article
    lacks every annotation, e.g. after a model change)."""
    from loader.annotate.annotator import annotate, load_annotator

    started = time.monotonic()
    seeds = settings.dbt_project / "seeds"
    annotator = None
    if needed or _has_pending(con, settings.spacy_model, seeds):
        annotator = load_annotator(settings.spacy_model, seeds)
        if settings.annotate_engine == "spark":
            from loader.annotate import spark

            run.articles_annotated = spark.annotate(con, annotator, settings.processes, seeds,
                                                    spark.scratch_dir(settings.state_dir / "spark"),
                                                    quiet=quiet).articles
        else:
            run.articles_annotated = annotate(con, annotator, settings.processes, quiet=quiet)
    run.annotate_seconds = time.monotonic() - started
    if annotator:
        run.say(f"annotate: {run.articles_annotated} articles with {annotator.name} {annotator.version} "
                f"on {settings.annotate_engine} ({run.annotate_seconds:.1f}s)")


def _has_pending(con: duckdb.DuckDBPyConnection, model: str, seeds: Path) -> bool:
    """Articles with no annotation by the configured model, version and seeds (a run killed
    mid-annotation leaves some; a new model or an edited figure seed makes every article pending)."""
    from loader.annotate.annotator import identity

    stamp = identity(model, seeds)
    if stamp is None:  # not findable without loading it: load_annotator will say why, or annotate
        return True
    return con.execute("select exists (select 1 from raw.article a anti join (select article_id from raw.annotation "
                       "where annotator = ? and annotator_version = ?) n using (article_id))", list(stamp)
                       ).fetchone()[0]


def _build(settings: Settings, run: Run, rebuild: bool, unchanged: bool, verbose: bool) -> bool:
    """Build with dbt and publish; True when this published (and so recorded the run)."""
    from loader.warehouse.dbt import build, check_freshness

    if unchanged:
        run.say("build: nothing new since the last build; the published warehouse is unchanged")
        run.source_freshness = check_freshness(settings)  # a feed that stopped is when staleness matters
        if run.source_freshness != "pass":
            run.say(f"source freshness: {run.source_freshness}")
        return False
    started = time.monotonic()
    if settings.build_engine == "spark":
        from loader.warehouse import spark_build

        result = spark_build.build(settings, full_refresh=rebuild, verbose=verbose)
        result = replace(result, freshness=check_freshness(settings))  # the raw sources are the work file's
    else:
        result = build(settings, full_refresh=rebuild, verbose=verbose)
    run.dbt_models, run.dbt_tests = result.counts.get("model", 0), result.counts.get("test", 0)
    run.dbt_failures = len(result.failures)
    run.build_seconds = time.monotonic() - started
    run.say(result.describe() + (" [full refresh]" if rebuild else ""))
    run.source_freshness = result.freshness
    if run.source_freshness != "pass":
        run.say(f"source freshness: {run.source_freshness}")

    started = time.monotonic()

    def record(published: publish.PublishResult) -> None:
        run.publish_seconds = time.monotonic() - started
        run.status = "succeeded"
        _record(con, run)

    with connect(settings.work_db) as con:
        published = publish.publish(con, settings, full_refresh=rebuild, before_catalog=record)
    run.say(f"publish: generation {published.generation}, {published.parts_written} new parts "
            f"({published.bytes_written / 1e6:.1f} MB), {published.parts_deleted} old parts removed "
            f"({run.publish_seconds:.1f}s)")
    return True


def _unpublished(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any load run's rows, or the raw accounting, are newer than the last publish."""
    published_at = publish.state(con, "published_at")
    if published_at is None:
        return True
    return con.execute("select exists (select 1 from raw.input_file where seen_at > ?::timestamp)"
                       " or exists (select 1 from raw.annotation where annotated_at > ?::timestamp)",
                       [published_at, published_at]).fetchone()[0]


def _record(con: duckdb.DuckDBPyConnection, run: Run) -> None:
    finished = None if run.status == "running" else _now()
    values = {key: getattr(run, key) for key in RUN_COLUMNS if key not in ("finished_at",)}
    values["finished_at"] = finished
    columns = ", ".join(RUN_COLUMNS)
    placeholders = ", ".join("?" for _ in RUN_COLUMNS)
    con.execute(f"insert or replace into raw.run_history ({columns}) values ({placeholders})",
                [values[key] for key in RUN_COLUMNS])


RUN_COLUMNS = (
    "run_id", "command", "started_at", "finished_at", "status", "files_seen", "files_skipped", "files_loaded",
    "files_duplicate", "files_rejected", "articles_added", "articles_annotated", "dbt_models", "dbt_tests",
    "dbt_failures", "source_freshness", "load_seconds", "annotate_seconds", "build_seconds", "publish_seconds",
    "message",
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

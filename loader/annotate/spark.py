"""Annotation as a Spark job: the same annotator code, run in Spark executors.

`annotate(con, annotator, settings)` exports the pending articles (those with no annotation by
this annotator and version) from the work file as Parquet, runs `loader.annotate.annotator._rows`
inside `mapInArrow` (one spaCy pipeline per Python worker), writes every span table as Parquet
(one dataset, partitioned by table), and takes the result in with `read_parquet` in one
transaction, as a local run would. Rows are identical to a local run: the same `_rows`, the same
model, the same number finder; only `annotated_at` is the time the rows were taken in.

The session is `local[N]` (N = settings.processes) unless `spark.master` or `SPARK_REMOTE` say
otherwise, so `spark-submit --master yarn ...` and Spark Connect reuse this job unchanged
(docs/spark.md). pyspark is the optional `spark` extra: `pip install -e '.[spark]'`.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from loader.annotate.annotator import SCHEMAS, Annotator, _skip_other_languages, load_annotator, pending

TABLES = ("sentence", "entity_span", "number_span", "annotation")


def _combined() -> pa.Schema:
    """One schema for every table's rows (the job returns one): a `tbl` column says which table a
    row is of, and every column of any table (but annotated_at, set when the rows are taken in)."""
    fields: dict[str, pa.Field] = {}
    for table in TABLES:
        for f in SCHEMAS[table]:
            if f.name != "annotated_at":
                if f.name in fields and fields[f.name].type != f.type:
                    raise TypeError(f"column {f.name} has two types: {fields[f.name].type}, {f.type}")
                fields.setdefault(f.name, f)
    return pa.schema([pa.field("tbl", pa.string()), *fields.values()])


COMBINED = _combined()
_SPARK_TYPES = {pa.string(): "string", pa.int32(): "int", pa.float64(): "double", pa.bool_(): "boolean",
                pa.date32(): "date", pa.list_(pa.int32()): "array<int>"}
_DUCK_TYPES = {pa.string(): "varchar", pa.int32(): "integer", pa.float64(): "double", pa.bool_(): "boolean",
               pa.date32(): "date", pa.list_(pa.int32()): "integer[]"}
SPARK_SCHEMA = ", ".join(f"{f.name} {_SPARK_TYPES[f.type]}" for f in COMBINED)
ARTICLES_PER_PARTITION = 250  # small enough to balance cores, large enough for nlp.pipe's batches


@dataclass(frozen=True)
class SparkResult:
    articles: int
    session_seconds: float  # starting (or attaching to) the Spark session
    job_seconds: float  # the mapInArrow job, Parquet written
    ingest_seconds: float  # read_parquet into the work file


def missing_pyspark() -> str | None:
    """Why the Spark engine cannot run here, or None."""
    try:
        import pandas  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        return (f"the Spark engine needs pyspark and pandas ({exc}); install the extra: "
                "pip install -e '.[spark]' (or `make run-spark`)")
    return None


def session(cores: int, app: str = "wirehouse-annotate"):
    """The active SparkSession, else a new one. Under spark-submit (PYSPARK_GATEWAY_PORT) or Spark
    Connect (SPARK_REMOTE) the master is theirs; else $WIREHOUSE_SPARK_MASTER, else local[cores].
    Offline: no packages are resolved at run time."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app)
    if os.environ.get("SPARK_REMOTE"):
        return builder.getOrCreate()
    builder = (builder.config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.shuffle.partitions", str(max(1, cores)))
               .config("spark.python.worker.reuse", "true")
               .config("spark.ui.showConsoleProgress", "false"))
    if not os.environ.get("PYSPARK_GATEWAY_PORT"):
        builder = builder.master(os.environ.get("WIREHOUSE_SPARK_MASTER") or f"local[{max(1, cores)}]")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers: this interpreter
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def scratch_dir(default: Path) -> Path:
    """Where the job's Parquet input and output go: $WIREHOUSE_SPARK_SCRATCH (on a cluster, a
    folder every executor sees at the same path, e.g. an NFS mount), else default."""
    return Path(os.environ.get("WIREHOUSE_SPARK_SCRATCH") or default)


def annotate(con: duckdb.DuckDBPyConnection, annotator: Annotator, cores: int, seeds: Path,
             scratch: Path, quiet: bool = False, spark=None) -> SparkResult:
    """Annotate every pending article on Spark and store the rows in the work file. Articles in
    another language than the model's are recorded with no spans on the driver, as locally."""
    ids = _skip_other_languages(con, annotator, pending(con, annotator))
    if not ids:
        return SparkResult(0, 0.0, 0.0, 0.0)
    scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="annotate-", dir=scratch))
    try:
        articles = work / "articles.parquet"
        con.execute("create or replace temp table _spark_pending (article_id varchar)")
        con.execute("insert into _spark_pending select unnest(?::varchar[])", [ids])
        # the columns the local annotator reads: a date guessed from the text is not the article's date
        con.execute("copy (select a.article_id, a.body, a.title, case when a.date_source = 'text' then null "
                    "else a.published_date end as published from raw.article a semi join _spark_pending p "
                    f"using (article_id) order by a.article_id) to '{_sql_path(articles)}' (format parquet)")
        started = time.monotonic()
        spark = spark or session(cores)
        session_seconds = time.monotonic() - started
        started = time.monotonic()
        spans = work / "spans"
        run_job(spark, articles, spans, annotator, seeds, partitions=_partitions(len(ids), cores))
        job_seconds = time.monotonic() - started
        started = time.monotonic()
        ingest(con, spans, ids)
        con.execute("drop table _spark_pending")
        if not quiet:
            print(f"annotate: spark {master(spark)}:"
                  f" {len(ids)} articles (session {session_seconds:.1f}s, job {job_seconds:.1f}s)",
                  file=sys.stderr, flush=True)
        return SparkResult(len(ids), session_seconds, job_seconds, time.monotonic() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def master(spark) -> str:
    """The session's master (local[2], yarn, ...), or "connect" for a Spark Connect session."""
    try:
        return spark.sparkContext.master
    except Exception:  # Spark Connect has no SparkContext
        return "connect"


def _partitions(articles: int, cores: int) -> int:
    return max(1, min(articles, max(cores, -(-articles // ARTICLES_PER_PARTITION))))


def run_job(spark, articles: Path | str, out: Path | str, annotator: Annotator, seeds: Path,
            partitions: int) -> None:
    """articles (Parquet: article_id, body) -> out (Parquet, partitioned by tbl) on Spark."""
    model, name, version = _model_setting(annotator), annotator.name, annotator.version
    worker = functools.partial(annotate_batches, model=model, seeds=str(seeds), name=name, version=version)
    frame = spark.read.parquet(str(articles)).repartition(partitions, "article_id")
    # mapInArrow, not mapInPandas: Arrow batches in and out keep nulls, dates and int lists exact
    # (pandas would turn an int column with nulls into floats and a null date into NaT)
    (frame.mapInArrow(worker, schema=SPARK_SCHEMA)
     .write.mode("overwrite").partitionBy("tbl").parquet(str(out)))


def _model_setting(annotator: Annotator) -> str:
    return annotator.name.removeprefix("spacy:")


@functools.lru_cache(maxsize=2)
def _worker_annotator(model: str, seeds: str) -> Annotator:
    """One pipeline per Python worker process (Spark reuses workers across tasks). The seeds are
    read at the driver's path, else from the executor's own install (a wheel ships dbt_project/),
    else from ./seeds (spark-submit --archives seeds.tar.gz#seeds)."""
    from loader.config import project_folder

    candidates = (Path(seeds), project_folder("dbt_project") / "seeds", Path("seeds"))
    folder = next((c for c in candidates if c.is_dir()), Path(seeds))
    return load_annotator(model, folder)


def annotate_batches(batches: Iterator[pa.RecordBatch], model: str, seeds: str, name: str,
                     version: str) -> Iterator[pa.RecordBatch]:
    """The mapInArrow function: batches of (article_id, body, title, published) -> span rows."""
    from loader.annotate.annotator import _rows

    annotator = _worker_annotator(model, seeds)
    if (annotator.name, annotator.version) != (name, version):
        raise RuntimeError(f"executor annotator {annotator.name} {annotator.version} differs from the driver's "
                           f"{name} {version}: ship the same model, seeds and code to the executors")
    for batch in batches:
        columns = batch.to_pydict()
        texts = columns["body"]
        meta = list(zip(columns["article_id"], columns["published"], columns["title"], strict=True))
        docs = [(doc, *m) for doc, m in zip(annotator.nlp.pipe(texts, batch_size=64), meta, strict=True)]
        rows = _rows(annotator, docs)
        out = [{"tbl": table, **{k: v for k, v in row.items() if k != "annotated_at"}}
               for table in TABLES for row in rows[table]]
        yield pa.RecordBatch.from_pylist(out, schema=COMBINED)


def ingest(con: duckdb.DuckDBPyConnection, spans: Path, article_ids: list[str]) -> None:
    """Replace these articles' rows in raw.sentence/entity_span/number_span/annotation with the job's
    Parquet output, in one transaction (bulk: read_parquet, no row-by-row inserts)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.begin()
    try:
        con.execute("create or replace temp table _spark_ids (article_id varchar)")
        con.execute("insert into _spark_ids select unnest(?::varchar[])", [article_ids])
        for table in TABLES:
            columns = [field.name for field in SCHEMAS[table]]
            source = spans / f"tbl={table}"
            con.execute(f"delete from raw.{table} where article_id in (select article_id from _spark_ids)")
            if not source.exists():
                continue  # e.g. no number spans in any of these articles
            select = ", ".join("?::timestamp as annotated_at" if c == "annotated_at" else
                               f"cast({c} as {_DUCK_TYPES[SCHEMAS[table].field(c).type]}) as {c}" for c in columns)
            params = [now] if "annotated_at" in columns else []
            con.execute(f"insert into raw.{table} ({', '.join(columns)}) select {select} "
                        f"from read_parquet('{_sql_path(source)}/*.parquet')", params)
        con.execute("drop table _spark_ids")
        con.commit()
    except BaseException:
        con.rollback()
        raise


def differences(work_a: Path, work_b: Path) -> dict[str, tuple[int, int, int]]:
    """Per annotation table of two work files: (rows in a, rows only in a, rows only in b), by content
    (multiset, every column but annotated_at). Equal annotations give (n, 0, 0) for every table."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_sql_path(work_a)}' as a (read_only)")
        con.execute(f"attach '{_sql_path(work_b)}' as b (read_only)")
        out = {}
        for table in TABLES:
            cols = ", ".join(f.name for f in SCHEMAS[table] if f.name != "annotated_at")  # lists compare too
            rows = con.execute(f"select count(*) from a.raw.{table}").fetchone()[0]
            only_a, only_b = (con.execute(f"select count(*) from (select {cols} from {x}.raw.{table} "
                                          f"except all select {cols} from {y}.raw.{table})").fetchone()[0]
                              for x, y in (("a", "b"), ("b", "a")))
            out[table] = (rows, only_a, only_b)
        return out
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")

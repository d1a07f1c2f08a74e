"""The measurements: load vs the DuckDB floor and naive SQLAlchemy, annotation vs bare
spaCy, dbt build full and incremental with peak memory, and the README queries.

Every function takes the same input files for wirehouse and its comparison, and
returns plain dicts (seconds, counts) that bench/run.py stores as JSON.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from loader.config import REPO_ROOT
from loader.warehouse import migrate
from loader.warehouse.connect import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replicate import replicate  # noqa: E402  (bench/replicate.py is a script too)


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def _fresh(path: Path) -> Path:
    if path.parent.exists():
        shutil.rmtree(path.parent)
    path.parent.mkdir(parents=True)
    return path


def count_files(corpus: Path) -> int:
    return sum(1 for _ in corpus.glob("*/*.txt"))


# --- load ---------------------------------------------------------------------------

def wirehouse_load(corpus: Path, work_db: Path) -> dict:
    """The loader's load phase (read, parse, dedup, insert), into a fresh migrated work file."""
    from loader.ingest.loading import load

    migrate.upgrade(_fresh(work_db))
    with connect(work_db) as con:
        started = time.perf_counter()
        result = load(con, [corpus], quiet=True)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "inputs": result.files_seen, "loaded": result.loaded,
            "duplicate": result.duplicate, "rejected": result.rejected}


def floor_load(corpus: Path, db: Path) -> dict:
    """What DuckDB alone does with the same files: read_blob + decode into a table."""
    with duckdb.connect(str(_fresh(db))) as con:
        con.execute("create table t (path varchar, body varchar)")
        started = time.perf_counter()
        con.execute(f"insert into t select filename, decode(content) from read_blob('{corpus}/*/*.txt')")
        seconds = time.perf_counter() - started
        rows = con.execute("select count(*) from t").fetchone()[0]
    return {"seconds": seconds, "inputs": rows}


def naive_load(corpus: Path, db: Path, limit: int) -> dict:
    """Naive SQLAlchemy: read each file in Python, one executemany of (path, body) rows."""
    from sqlalchemy import create_engine, text

    files = sorted(corpus.glob("*/*.txt"))[:limit]
    engine = create_engine(f"duckdb:///{_fresh(db)}")
    try:
        with engine.begin() as con:
            con.execute(text("create table t (path varchar, body varchar)"))
        started = time.perf_counter()
        rows = [{"path": str(p), "body": p.read_text(encoding="utf-8")} for p in files]
        with engine.begin() as con:
            con.execute(text("insert into t (path, body) values (:path, :body)"), rows)
        seconds = time.perf_counter() - started
        with engine.begin() as con:
            count = con.execute(text("select count(*) from t")).scalar()
    finally:
        engine.dispose()
    return {"seconds": seconds, "inputs": count}


def measure_load(corpus: Path, scratch: Path, runs: int, naive_limit: int, say=print) -> dict:
    """Wirehouse, floor and naive in turn, `runs` rounds; medians of articles/s."""
    samples: dict[str, list[dict]] = {"wirehouse": [], "floor": [], "naive": []}
    for r in range(runs):
        samples["wirehouse"].append(wirehouse_load(corpus, scratch / "load" / "work.duckdb"))
        samples["floor"].append(floor_load(corpus, scratch / "floor" / "floor.duckdb"))
        if naive_limit:
            samples["naive"].append(naive_load(corpus, scratch / "naive" / "naive.duckdb", naive_limit))
        say(f"load round {r + 1}: " + ", ".join(
            f"{k} {v[-1]['inputs'] / v[-1]['seconds']:.0f}/s" for k, v in samples.items() if v))
    out = {}
    for name, values in samples.items():
        if values:
            out[name] = {"seconds": median([v["seconds"] for v in values]),
                         "articles_per_s": median([v["inputs"] / v["seconds"] for v in values]),
                         "inputs": values[0]["inputs"], "runs": len(values),
                         "all_seconds": [v["seconds"] for v in values]}
    out["wirehouse"]["loaded"] = samples["wirehouse"][0]["loaded"]
    out["wirehouse"]["duplicate"] = samples["wirehouse"][0]["duplicate"]
    out["ratio_to_floor"] = out["wirehouse"]["articles_per_s"] / out["floor"]["articles_per_s"]
    for name in ("load", "floor", "naive"):
        shutil.rmtree(scratch / name, ignore_errors=True)
    return out


# --- annotation -----------------------------------------------------------------------

def measure_annotation(corpus: Path, scratch: Path, processes: list[int], runs: int, model: str,
                       keep: Path | None = None, say=print) -> dict:
    """Wirehouse `annotate` vs bare `nlp.pipe` (same pipeline object, same process count),
    on the same real articles. The annotated work file of the last wirehouse run is kept
    (at `keep`) as the base the build measurements replicate."""
    from loader.annotate.annotator import annotate, load_annotator
    from loader.ingest.loading import load

    loaded = scratch / "annot-base" / "work.duckdb"
    migrate.upgrade(_fresh(loaded))
    with connect(loaded) as con:
        load(con, [corpus], quiet=True)
        texts = [row[0] for row in con.execute("select body from raw.article order by article_id").fetchall()]
    annotator = load_annotator(model, REPO_ROOT / "dbt_project" / "seeds")
    tokens = None
    samples: dict[tuple[str, int], list[float]] = {}
    run_db = scratch / "annot-run" / "work.duckdb"
    for r in range(runs):
        for p in processes:
            _fresh(run_db)
            shutil.copy(loaded, run_db)
            with connect(run_db) as con:
                started = time.perf_counter()
                done = annotate(con, annotator, p, quiet=True)
                seconds = time.perf_counter() - started
            assert done == len(texts), (done, len(texts))
            samples.setdefault(("wirehouse", p), []).append(seconds)
            if keep is not None and p == max(processes):
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(run_db, keep)
            started = time.perf_counter()
            count = sum(len(doc) for doc in annotator.nlp.pipe(texts, n_process=p, batch_size=64))
            samples.setdefault(("spacy", p), []).append(time.perf_counter() - started)
            tokens = count
            say(f"annotation round {r + 1}, {p} process(es): wirehouse {len(texts) / seconds:.1f}/s, "
                f"bare spaCy {len(texts) / samples[('spacy', p)][-1]:.1f}/s")
    shutil.rmtree(scratch / "annot-run", ignore_errors=True)
    shutil.rmtree(scratch / "annot-base", ignore_errors=True)
    rows = []
    for p in processes:
        row = {"processes": p}
        for who in ("wirehouse", "spacy"):
            seconds = median(samples[(who, p)])
            row[who] = {"seconds": seconds, "articles_per_s": len(texts) / seconds, "tokens_per_s": tokens / seconds,
                        "all_seconds": samples[(who, p)]}
        row["ratio"] = row["wirehouse"]["articles_per_s"] / row["spacy"]["articles_per_s"]
        rows.append(row)
    return {"articles": len(texts), "tokens": tokens, "runs": runs, "model": f"{annotator.name} {annotator.version}",
            "components": list(annotator.nlp.pipe_names), "batch_size": 64, "by_processes": rows}


# --- dbt build ------------------------------------------------------------------------

def _child_build(db: Path, full_refresh: bool) -> dict:
    """`wirehouse build` in a child process; its run_history row and peak RSS (child + dbt grandchild)."""
    command = [sys.executable, "-m", "loader.cli", "build", "--db", str(db), "--quiet"]
    if full_refresh:
        command.append("--full-refresh")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"wirehouse build failed ({process.returncode}):\n{output[-3000:]}")
    state = db.parent / ".wirehouse" / db.name
    with duckdb.connect(str(state / "work.duckdb"), read_only=True) as con:
        build_s, publish_s, articles = con.execute(
            "select build_seconds, publish_seconds, (select count(*) from raw.article) from raw.run_history "
            "where command = 'build' order by started_at desc limit 1").fetchone()
    run_results = json.loads((state / "target" / "run_results.json").read_text())
    results = run_results["results"]
    nodes = sorted(({"node": n["unique_id"].split(".", 1)[0] + ":" + n["unique_id"].split(".")[-1],
                     "seconds": n["execution_time"]} for n in results), key=lambda n: -n["seconds"])
    by_kind: dict[str, float] = {}
    for n in nodes:
        kind = n["node"].split(":")[0]
        by_kind[kind] = by_kind.get(kind, 0.0) + n["seconds"]
    return {"build_seconds": build_s, "publish_seconds": publish_s, "wall_seconds": wall, "articles": articles,
            "peak_rss_mb": usage.ru_maxrss / 1024, "node_seconds_by_kind": by_kind, "slowest_nodes": nodes[:8],
            "nodes": len(results), "dbt_elapsed_seconds": float(run_results.get("elapsed_time", 0.0))}


def _dbt_floor(db: Path, runs: int) -> tuple[dict, dict]:
    """The floor under any build, on a warehouse with nothing new: (1) loader.warehouse.dbt.build, the dbt build
    and source freshness `wirehouse build` runs (which itself skips dbt when nothing is new), every node
    again with no new rows; (2) dbt's start-up: the same dbt child process with a selection that matches
    no node, then source freshness. Wall seconds, medians of `runs`."""
    from loader.config import Settings
    from loader.warehouse.dbt import FRESHNESS_ONLY_FAILED, build, dbt

    settings = Settings(db=db.resolve())
    unchanged = []
    for _ in range(runs):
        started = time.perf_counter()
        result = build(settings)
        unchanged.append({"seconds": time.perf_counter() - started, "nodes": sum(result.counts.values()),
                          "dbt_elapsed_seconds": result.seconds})
    startup = []
    for _ in range(runs):
        started = time.perf_counter()
        process = dbt(settings, ["build", "--select", "tag:wirehouse_bench_selects_nothing"], ["source", "freshness"])
        startup.append(time.perf_counter() - started)
        if process.returncode not in (0, FRESHNESS_ONLY_FAILED):
            raise RuntimeError(f"dbt start-up probe failed ({process.returncode}):\n{process.stdout[-3000:]}")
    return ({"runs": runs, "seconds": median([u["seconds"] for u in unchanged]),
             "all_seconds": [u["seconds"] for u in unchanged], "nodes": unchanged[-1]["nodes"],
             "dbt_elapsed_seconds": median([u["dbt_elapsed_seconds"] for u in unchanged])},
            {"runs": runs, "seconds": median(startup), "all_seconds": startup})


def _summary(samples: list[dict]) -> dict:
    return {
        "runs": len(samples),
        "build_seconds": median([s["build_seconds"] for s in samples]),
        "publish_seconds": median([s["publish_seconds"] for s in samples]),
        "total_seconds": median([s["build_seconds"] + s["publish_seconds"] for s in samples]),
        "wall_seconds": median([s["wall_seconds"] for s in samples]),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in samples),
        "articles": [s["articles"] for s in samples],
        "all_total_seconds": [s["build_seconds"] + s["publish_seconds"] for s in samples],
        "node_seconds_by_kind": samples[-1]["node_seconds_by_kind"],
        "slowest_nodes": samples[-1]["slowest_nodes"],
        "nodes": samples[-1]["nodes"],
        "dbt_elapsed_seconds": median([s["dbt_elapsed_seconds"] for s in samples]),
    }


def measure_build(base_work: Path, folder: Path, articles: int, runs: int, say=print) -> tuple[dict, Path]:
    """Replicate the annotated base to `articles`, build --full-refresh `runs` times, then
    add 1% new (replicated) articles and build incrementally, `runs` times; then measure the
    floor under any build: dbt's build with nothing new, and dbt's start-up alone."""
    db = folder / "w.duckdb"
    if folder.exists():
        shutil.rmtree(folder)
    work = db.parent / ".wirehouse" / db.name / "work.duckdb"
    work.parent.mkdir(parents=True)
    shutil.copy(base_work, work)
    started = time.perf_counter()
    replicate(work, articles, "replica-base")
    replicate_seconds = time.perf_counter() - started
    say(f"replicated to {articles} articles ({replicate_seconds:.0f}s)")
    full = []
    for r in range(runs):
        full.append(_child_build(db, full_refresh=True))
        say(f"full build {r + 1}: dbt {full[-1]['build_seconds']:.1f}s + publish {full[-1]['publish_seconds']:.1f}s, "
            f"peak {full[-1]['peak_rss_mb']:.0f} MB")
    incremental = []
    step = max(1, articles // 100)
    for r in range(runs):
        replicate(work, articles + (r + 1) * step, f"replica-incr{r + 1}")
        incremental.append(_child_build(db, full_refresh=False))
        say(f"incremental build {r + 1} (+{step}): dbt {incremental[-1]['build_seconds']:.1f}s + publish "
            f"{incremental[-1]['publish_seconds']:.1f}s, peak {incremental[-1]['peak_rss_mb']:.0f} MB")
    unchanged, startup = _dbt_floor(db, runs)
    say(f"dbt build with nothing new: {unchanged['seconds']:.1f}s ({unchanged['nodes']} nodes, "
        f"{unchanged['dbt_elapsed_seconds']:.1f}s running them); dbt start-up alone: {startup['seconds']:.1f}s")
    size = {"work_file_gb": work.stat().st_size / 1e9,
            "parts_gb": sum(p.stat().st_size for p in (work.parent / "parts").rglob("*") if p.is_file()) / 1e9}
    return {"articles": articles, "step": step, "replicate_seconds": replicate_seconds, "full": _summary(full),
            "incremental": _summary(incremental), "unchanged": unchanged,
            "dbt_startup": startup, **size}, db


# --- queries --------------------------------------------------------------------------

QUERIES = {
    "top entities": """
        select e.name, e.entity_type, s.mentions, s.articles, s.first_seen, s.last_seen
        from entity_summary s join entity e using (entity_id)
        order by s.mentions desc, e.name limit 10""",
    "entity timeline": """
        select date_trunc('month', a.published_date) as month, count(*) as mentions,
               count(distinct a.article_id) as articles
        from mention m join entity e using (entity_id) join article a using (article_id)
        where e.name = $person
        group by all order by month""",
    "figures by metric": """
        select f.metric, f.unit, count(*) as figures,
               min(a.published_date) as first_date, max(a.published_date) as last_date
        from figure f join article a using (article_id)
        where f.metric is not null
        group by all order by f.metric, figures desc""",
    "newest figures of a metric": """
        select a.published_date, f.value, f.unit, f.qualifier, f.figure_text, a.title
        from figure f join article a using (article_id)
        where f.metric = $metric
        order by a.published_date desc nulls last, f.figure_id limit 20""",
    "meeting counts": """
        select entity_a_name, entity_b_name, year, meetings
        from meeting_count order by meetings desc, entity_a_name, entity_b_name limit 10""",
    "co-mentions": """
        select name_a, name_b, sentences, articles, first_seen, last_seen
        from entity_pair
        where $person in (name_a, name_b)
        order by sentences desc limit 10""",
    "articles mentioning both": """
        select a.published_date, a.title, a.source_file
        from article a
        where a.article_id in (select m.article_id from mention m join entity e using (entity_id)
                               where e.name = $person)
          and a.article_id in (select m.article_id from mention m join entity e using (entity_id) where e.name = $other)
        order by a.published_date""",
}


# Not README questions: the earlier README queries these replaced, kept to show what changed.
DIAGNOSTIC = {
    "top entities counted from mention (the earlier README query)": """
        select e.name, e.entity_type, count(*) as mentions, count(distinct m.article_id) as articles
        from mention m join entity e using (entity_id)
        group by all order by mentions desc limit 10""",
    "every classified figure, no limit (the earlier README query)": """
        select f.metric, a.published_date, f.value, f.unit, f.qualifier, f.figure_text
        from figure f join article a using (article_id)
        where f.metric is not null
        order by f.metric, a.published_date""",
}


def measure_queries(db: Path, repeats: int) -> dict:
    """Median latency (execute + fetch all rows) of each README question on the published file."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        people = [row[0] for row in con.execute(
            "select e.name from mention m join entity e using (entity_id) where e.entity_type = 'PERSON' "
            "group by all order by count(*) desc, e.name limit 2").fetchall()]
        metric = con.execute("select metric from figure where metric is not null "
                             "group by all order by count(*) desc, metric limit 1").fetchone()
        params = {"person": people[0] if people else "", "other": people[1] if len(people) > 1 else "",
                  "metric": metric[0] if metric else ""}
        for name, sql in {**QUERIES, **{f"~{k}": v for k, v in DIAGNOSTIC.items()}}.items():
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            times, rows = [], 0
            for _ in range(repeats):
                started = time.perf_counter()
                rows = len(con.execute(sql, used).fetchall())
                times.append(time.perf_counter() - started)
            out[name] = {"seconds": median(times), "max_seconds": max(times), "rows": rows, "repeats": repeats}
    out["_params"] = params
    return out

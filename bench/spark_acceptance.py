"""Acceptance for annotation on Spark: `make spark-acceptance` (or `python -m bench.spark_acceptance`).

Loads ARTICLES non-reserved BBC articles (entertainment/ and tech/, read from ../shared at run
time, never copied into the repository) into a scratch warehouse annotated locally (nlp.pipe,
settings.processes workers), then annotates the same articles again as a Spark job on local[1]
and on local[2], and checks each Spark result equals the local one row for row (every annotation
table, every column but annotated_at). Prints the timings for docs/benchmarks.md ("Annotation on
Spark"): session start, job time, articles/s, articles/s per executor core, 1 -> 2 core scaling.
Exit status 1 when any row differs. Scratch files go to /tmp/wirehouse-spark-acceptance.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.corpus import bbc_title_body
from loader.config import load_settings

ARTICLES = 500
CATEGORIES = ("entertainment", "tech")  # no reserved ranges in these (business/256-510, politics/209-417 are)
SCRATCH = Path("/tmp/wirehouse-spark-acceptance")
RESULT = Path(__file__).resolve().parent / "results" / "spark.json"


def bbc_articles(shared: Path, count: int) -> list[dict[str, str]]:
    """count distinct stories (BBC repeats some), taken in turn from each category, as .jsonl records."""
    per_category = []
    for category in CATEGORIES:
        stories = []
        for path in sorted((shared / "corpora" / "bbc" / category).glob("*.txt")):
            if story := bbc_title_body(path):
                title, body = story
                stories.append({"title": title, "body": body, "published_date": "2005-01-01"})
        per_category.append(stories)
    records, seen = [], set()
    for group in zip(*per_category, strict=False):  # as many rounds as the smallest category
        for record in group:
            key = " ".join(record["body"].split())
            if key not in seen and len(records) < count:
                seen.add(key)
                records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("WIREHOUSE_SHARED", Path(__file__).resolve().parents[1].parent
                                                    / "shared")))
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--cores", default="1,2", help="local[N] masters to time, comma-separated")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "bbc").is_dir():
        print(f"skipped: no BBC corpus under {args.shared}", file=sys.stderr)
        return 0

    import duckdb

    from loader.annotate import spark as spark_annotate
    from loader.annotate.annotator import load_annotator
    from loader.pipeline import execute

    shutil.rmtree(SCRATCH, ignore_errors=True)
    raw = SCRATCH / "raw"
    raw.mkdir(parents=True)
    records = bbc_articles(args.shared, args.articles)
    with (raw / "bbc.jsonl").open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")

    settings = load_settings(str(SCRATCH / "local.duckdb"), config_file=SCRATCH / "absent.toml")
    run = execute(replace(settings, annotate_engine="local"), "load", [raw], build=False, quiet=True)
    results: dict[str, object] = {"articles": run.articles_annotated, "local_processes": settings.processes,
                                  "local_annotate_seconds": round(run.annotate_seconds, 1)}
    seeds = settings.dbt_project / "seeds"
    annotator = load_annotator(settings.spacy_model, seeds)
    failed = False
    for cores in (int(c) for c in args.cores.split(",")):
        work = SCRATCH / f"spark{cores}.duckdb"
        shutil.copy(settings.work_db, work)
        with duckdb.connect(str(work)) as con:
            for table in spark_annotate.TABLES:
                con.execute(f"delete from raw.{table}")
            started = time.monotonic()
            session = spark_annotate.session(cores)
            session_seconds = time.monotonic() - started
            result = spark_annotate.annotate(con, annotator, cores, seeds, SCRATCH / "spark", quiet=True,
                                             spark=session)
            session.stop()
        diffs = spark_annotate.differences(settings.work_db, work)
        equal = all(only_a == only_b == 0 for _, only_a, only_b in diffs.values())
        failed |= not equal
        results[f"local[{cores}]"] = {
            "session_seconds": round(session_seconds, 1), "job_seconds": round(result.job_seconds, 1),
            "ingest_seconds": round(result.ingest_seconds, 2),
            "articles_per_second": round(result.articles / result.job_seconds, 2),
            "articles_per_second_per_core": round(result.articles / result.job_seconds / cores, 2),
            "equal_to_local": equal, "rows": {table: rows for table, (rows, _, _) in diffs.items()},
            "differing_rows": {table: a + b for table, (_, a, b) in diffs.items()},
        }
    one, two = results.get("local[1]"), results.get("local[2]")
    if isinstance(one, dict) and isinstance(two, dict):
        results["speedup_1_to_2_cores"] = round(one["job_seconds"] / two["job_seconds"], 2)
    results["local_articles_per_second"] = round(results["articles"] / run.annotate_seconds, 2)
    results["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)  # the machine is shared: context
    results["commit"] = _commit()
    results["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(json.dumps(results, indent=2))
    RESULT.write_text(json.dumps(results, indent=2) + "\n")
    print("\n".join(section(RESULT.parent)))
    return 1 if failed else 0


def _commit() -> str:
    import subprocess

    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent)
    return out.stdout.strip() or "?"


def section(results: Path) -> list[str]:
    """The "Annotation on Spark" section of docs/benchmarks.md from results/spark.json ([] without it)."""
    path = results / "spark.json"
    if not path.exists():
        return []
    r = json.loads(path.read_text())
    cores = sorted((k for k in r if k.startswith("local[")), key=lambda k: int(k[6:-1]))
    lines = ["", "## Annotation on Spark", "",
             f"`make spark-acceptance` (bench/spark_acceptance.py) at commit `{r.get('commit', '?')}`, "
             f"{r.get('when', '?')}: "
             f"{r['articles']} distinct BBC stories (entertainment/, tech/; none reserved), annotated locally "
             f"(`nlp.pipe`, {r['local_processes']} processes, model load included) and as a Spark `mapInArrow` job; "
             f"load average at the end {r.get('load_average_1min_at_end', '?')} on 2 shared cores.", "",
             "| engine | session start (s) | annotate (s) | articles/s | articles/s per core | rows equal to local |",
             "|---|---|---|---|---|---|",
             f"| local `nlp.pipe` | – | {r['local_annotate_seconds']} | {r['local_articles_per_second']} | "
             f"{round(r['local_articles_per_second'] / r['local_processes'], 2)} | – |"]
    for key in cores:
        c = r[key]
        rows = ", ".join(f"{t} {n:,}" for t, n in c["rows"].items())
        lines.append(f"| Spark `{key}` | {c['session_seconds']} | {c['job_seconds']} | {c['articles_per_second']} | "
                     f"{c['articles_per_second_per_core']} | {'yes' if c['equal_to_local'] else 'NO'} ({rows}) |")
    if "speedup_1_to_2_cores" in r:
        lines += ["", f"Scaling local[1] → local[2]: {r['speedup_1_to_2_cores']}× (job time; each job includes "
                  "starting its Python workers and one spaCy load per worker). The session "
                  "start of the first session is a cold JVM; later ones in the same process reuse it."]
    if r.get("earlier_runs"):
        lines += ["", "Earlier runs the same evening: " + "; ".join(r["earlier_runs"]) + "."]
    lines += ["", "The 2 cores are shared with other engineers' jobs (load average 5–7 during these runs): the "
              "per-core figures are lower bounds, and the 1 → 2 scaling is bounded by the one free core, not by "
              "Spark. The issue measured 15.6 (Spark) vs 22.1 (`nlp.pipe`) articles/s on 2,225 BBC stories."]
    return lines


if __name__ == "__main__":
    sys.exit(main())

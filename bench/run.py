"""Run the benchmark at one corpus size and regenerate docs/benchmarks.md.

    make bench SIZE=10k                       # = python -m bench run --size 10k
    python -m bench run --size 100k --runs 3
    python -m bench annotation --sample 2000   # annotation vs bare spaCy, 1..all cores
    python -m bench report                     # re-render docs/benchmarks.md from bench/results/

Each size's numbers go to bench/results/<size>.json, annotation's to
bench/results/annotation.json; the report is rendered from all of them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

from bench import corpus, measure, report
from loader.config import DEFAULT_MODEL, REPO_ROOT

RESULTS = REPO_ROOT / "bench" / "results"
WORKDIR = Path(os.environ.get("WIREHOUSE_BENCH_DIR", "/tmp/wirehouse-bench"))


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(n: int) -> str:
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    from importlib.metadata import version

    import duckdb
    import spacy
    return {"cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
            "os": platform.platform(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "spacy": spacy.__version__, "dbt_core": version("dbt-core"), "dbt_duckdb": version("dbt-duckdb")}


def commit() -> str:
    """The commit measured (short hash), `+dirty` when code differs from it (results and report aside)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short=7", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", ".", ":!bench/results", ":!docs/benchmarks.md", ":!docs/benchmarks.png")
    return head + ("+dirty" if dirty else "")


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def stories(args: argparse.Namespace) -> list[corpus.Story]:
    if args.synthetic:
        sys.path.insert(0, str(REPO_ROOT))
        from tests.synthetic import articles
        out = []
        for text in articles(max(args.synthetic, 1), seed=7).values():
            header, _, body = text.partition("\n")
            date = dt.date.fromisoformat(header.split()[1])
            out.append(corpus.Story(" ".join(header.split()[2:]), date, body.strip()))
        return out
    shared = Path(args.shared)
    if not (shared / "corpora" / "reuters21578").is_dir():
        raise SystemExit(f"error: no corpora under {shared}; pass --shared DIR (the folder holding corpora/)")
    return corpus.real_stories(shared)


def run_annotation(args: argparse.Namespace, pool: list[corpus.Story]) -> dict:
    workdir = Path(args.workdir)
    sample = min(args.sample, len(pool))
    folder = corpus.write_corpus(pool[:sample], sample, workdir / "annotation-corpus")
    procs = sorted({1, args.processes or os.cpu_count() or 1})
    print(f"annotation: {sample} real articles, processes {procs}, {args.runs} run(s); load {loadavg()}", flush=True)
    before = loadavg()
    result = measure.measure_annotation(folder, workdir / "scratch", procs, args.runs, args.model,
                                        keep=workdir / "base.duckdb")
    result.update(loadavg_before=before, loadavg_after=loadavg(), machine=machine(), commit=commit(),
                  when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), synthetic=bool(args.synthetic),
                  reserved_excluded=True)  # bench.corpus reads development parts only
    save(Path(args.results) / "annotation.json", result)
    return result


def run_size(args: argparse.Namespace) -> dict:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    pool = stories(args)
    n = parse_size(args.size)
    results = Path(args.results)
    if not (workdir / "base.duckdb").exists() or not (results / "annotation.json").exists():
        args.sample = args.sample or 2000
        run_annotation(args, pool)
    out: dict = {"size": size_label(n), "articles": n, "runs": args.runs, "machine": machine(), "commit": commit(),
                 "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "loadavg": {},
                 "synthetic": bool(args.synthetic), "real_stories": len(pool),
                 "reserved_excluded": True}  # bench.corpus reads development parts only
    previous = results / f"{size_label(n)}.json"
    if args.skip_load:  # keep the load measured by an earlier run at this size, if any
        earlier = json.loads(previous.read_text()) if previous.exists() else {}
        out["load"] = earlier.get("load")
        out["loadavg"]["load"] = earlier.get("loadavg", {}).get("load")
        out["load_measured"] = earlier.get("load_measured", earlier.get("when")) if out["load"] else None
    else:
        started = time.perf_counter()
        folder = corpus.write_corpus(pool, n, workdir / f"corpus-{size_label(n)}")
        out["corpus_write_seconds"] = time.perf_counter() - started
        out["loadavg"]["load"] = loadavg()
        print(f"load: {n} files, {args.runs} run(s); load average {out['loadavg']['load']}", flush=True)
        out["load"] = measure.measure_load(folder, workdir / "scratch", args.runs, min(n, args.naive_limit))
        out["load_measured"] = out["when"]
        if not args.keep_corpus:
            shutil.rmtree(folder)
    out["loadavg"]["build"] = loadavg()
    print(f"build: {n} articles, {args.runs} run(s) each; load average {out['loadavg']['build']}", flush=True)
    out["build"], db = measure.measure_build(workdir / "base.duckdb", workdir / f"warehouse-{size_label(n)}", n,
                                             args.runs)
    out["loadavg"]["queries"] = loadavg()
    out["queries"] = measure.measure_queries(db, args.query_repeats)
    for name, q in out["queries"].items():
        if not name.startswith(("_", "~")):
            print(f"query {name}: {q['seconds'] * 1000:.0f} ms ({q['rows']} rows)", flush=True)
    out["loadavg"]["end"] = loadavg()
    save(results / f"{size_label(n)}.json", out)
    if not args.keep_warehouse:
        shutil.rmtree(workdir / f"warehouse-{size_label(n)}", ignore_errors=True)
    return out


def run_queries(args: argparse.Namespace) -> dict:
    """Measure the queries again on a warehouse kept by `run --keep-warehouse`."""
    label = size_label(parse_size(args.size))
    path = Path(args.results) / f"{label}.json"
    out = json.loads(path.read_text())
    db = Path(args.workdir) / f"warehouse-{label}" / "w.duckdb"
    if not db.exists():
        raise SystemExit(f"error: no kept warehouse at {db} (run with --keep-warehouse)")
    out["loadavg"]["queries"] = loadavg()
    out["queries"] = measure.measure_queries(db, args.query_repeats)
    out["queries_when"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out["queries_commit"] = commit()
    save(path, out)
    return out


def save(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--shared", default=os.environ.get("WIREHOUSE_SHARED", str(REPO_ROOT.parent / "shared")),
                        help="folder holding corpora/ (default ../shared)")
    common.add_argument("--workdir", default=str(WORKDIR), help="scratch folder for corpora and warehouses")
    common.add_argument("--results", default=str(RESULTS), help="where the JSON results go")
    common.add_argument("--out", default=str(REPO_ROOT / "docs" / "benchmarks.md"), help="report file")
    common.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are reported")
    common.add_argument("--model", default=os.environ.get("WIREHOUSE_SPACY_MODEL", DEFAULT_MODEL))
    common.add_argument("--processes", type=int, default=None, help="annotation processes (default all cores)")
    common.add_argument("--sample", type=int, default=2000, help="real articles annotated")
    common.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="use N synthetic stories (tests/synthetic.py) instead of the corpora (smoke test)")
    size = sub.add_parser("run", parents=[common], help="measure one corpus size, then re-render the report")
    size.add_argument("--size", required=True, help="articles: 10k, 100k, 1m, or a number")
    size.add_argument("--naive-limit", type=int, default=10_000, help="files the naive SQLAlchemy load inserts")
    size.add_argument("--query-repeats", type=int, default=5)
    size.add_argument("--skip-load", action="store_true", help="measure build and queries only")
    size.add_argument("--keep-corpus", action="store_true")
    size.add_argument("--keep-warehouse", action="store_true")
    sub.add_parser("annotation", parents=[common], help="annotation vs bare spaCy on real text")
    again = sub.add_parser("queries", parents=[common], help="re-measure the queries on a kept warehouse")
    again.add_argument("--size", required=True)
    again.add_argument("--query-repeats", type=int, default=5)
    sub.add_parser("report", parents=[common], help="re-render the report from the stored results")
    args = parser.parse_args(argv)
    if args.command == "run":
        run_size(args)
    elif args.command == "queries":
        run_queries(args)
    elif args.command == "annotation":
        run_annotation(args, stories(args))
    report.render(Path(args.results), Path(args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

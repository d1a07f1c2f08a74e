"""Where the annotating process spends its CPU: cProfile of `loader.annotate.annotate`
(main process only; spaCy's worker processes are not profiled) on the first N real
articles of the annotation corpus, with its wall time and the main process's CPU time.

    python bench/profile_annotation.py --sample 600 --processes 2

Runs whatever `loader` is on PYTHONPATH, so the same script profiles an older checkout
(`git archive <commit> | tar -x -C DIR`, then PYTHONPATH=DIR). Writes
bench/results/profile/annotation-<commit>.json, which the report renders.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import shutil
import subprocess
import time
from pathlib import Path

from loader.annotate.annotator import annotate, load_annotator
from loader.config import DEFAULT_MODEL
from loader.ingest.loading import load
from loader.warehouse import migrate
from loader.warehouse.connect import connect

HERE = Path(__file__).resolve().parent


def profile(corpus: Path, scratch: Path, sample: int, processes: int) -> dict:
    import loader

    source = Path(loader.__file__).resolve().parent.parent
    commit = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=source, capture_output=True,
                            text=True).stdout.strip() or os.environ.get("WIREHOUSE_COMMIT", "unknown")
    folder = scratch / "corpus" / "0"
    if scratch.exists():
        shutil.rmtree(scratch)
    folder.mkdir(parents=True)
    for path in sorted(corpus.glob("*/*.txt"))[:sample]:
        shutil.copy(path, folder / path.name)
    db = scratch / "work.duckdb"
    migrate.upgrade(db)
    with connect(db) as con:
        load(con, [folder.parent], quiet=True)
        annotator = load_annotator(DEFAULT_MODEL, source / "dbt_project" / "seeds")
        profiler = cProfile.Profile()
        before, started = os.times(), time.perf_counter()
        profiler.enable()
        done = annotate(con, annotator, processes, quiet=True)
        profiler.disable()
        wall, after = time.perf_counter() - started, os.times()
    stats = pstats.Stats(profiler).stats
    rows = sorted(((f"{Path(f).name}:{line}({name})", tt, ct) for (f, line, name), (_, _, tt, ct, _) in stats.items()),
                  key=lambda r: -r[1])
    shutil.rmtree(scratch)
    return {"commit": commit, "articles": done, "processes": processes, "wall_seconds": wall,
            "main_cpu_seconds": (after.user - before.user) + (after.system - before.system),
            "top_by_own_time": [{"function": f, "own_seconds": tt, "cumulative_seconds": ct}
                                for f, tt, ct in rows[:12]],
            "loadavg": [round(x, 2) for x in os.getloadavg()],
            "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="/tmp/wirehouse-bench/annotation-corpus",
                        help="the corpus `python -m bench annotation` wrote")
    parser.add_argument("--scratch", default="/tmp/wirehouse-bench/profile")
    parser.add_argument("--sample", type=int, default=600)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--results", default=str(HERE / "results" / "profile"))
    args = parser.parse_args()
    result = profile(Path(args.corpus), Path(args.scratch), args.sample, args.processes)
    out = Path(args.results) / f"annotation-{result['commit']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"{result['commit']}: wall {result['wall_seconds']:.1f}s, main process CPU {result['main_cpu_seconds']:.1f}s "
          f"-> {out}")


if __name__ == "__main__":
    main()

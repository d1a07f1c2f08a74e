"""dbt on Spark against dbt on DuckDB over one load: times both builds and compares the contract tables.

    python -m bench.spark_dbt [--db WAREHOUSE.duckdb] [--cores 2]

Without --db it loads 200 BBC articles from ../shared/corpora/bbc (tech 1-70, entertainment 1-65,
sport 1-65: none from the ranges reserved for acceptance) into a temporary warehouse. With --db it
builds that warehouse's work file as it is (load first with `wirehouse load`). The Spark build runs
first (it does not publish), then `wirehouse build` (DuckDB, which publishes), so both see the same
new articles. Prints the build times and one line per table (loader/warehouse/spark_compare.py).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from loader.cli import main as wirehouse
from loader.config import load_settings
from loader.warehouse import spark_build
from loader.warehouse.spark_compare import compare

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
BBC_SAMPLE = (("tech", 70), ("entertainment", 65), ("sport", 65))


def bbc_sample(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for category, count in BBC_SAMPLE:
        for path in sorted((CORPORA / "bbc" / category).glob("*.txt"))[:count]:
            shutil.copy(path, folder / f"bbc-{category}-{path.name}")
    return folder


def run(db: Path, cores: int) -> int:
    settings = load_settings(db=str(db))
    started = time.perf_counter()
    result = spark_build.build(settings, cores=cores)
    spark_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if wirehouse(["build", "--db", str(db), "--quiet"]) != 0:
        return 1
    duckdb_seconds = time.perf_counter() - started
    print(f"Spark build (local[{cores}], dbt-spark session): {spark_seconds:.1f}s wall; {result.describe()}")
    print(f"DuckDB build and publish (wirehouse build): {duckdb_seconds:.1f}s wall")
    diffs = compare(settings)
    for diff in diffs:
        print(diff.describe())
    return 0 if all(diff.equal for diff in diffs) else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args(argv)
    if args.db:
        return run(args.db, args.cores)
    if not (CORPORA / "bbc").is_dir():
        print("error: needs ../shared/corpora/bbc (or --db)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "warehouse.duckdb"
        if wirehouse(["load", str(bbc_sample(Path(tmp) / "raw")), "--db", str(db), "--quiet"]) != 0:
            return 1
        return run(db, args.cores)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

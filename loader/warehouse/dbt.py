"""Build the work file with dbt (dbt-duckdb), in a child process.

The child runs `dbt build` and `dbt source freshness` through dbtRunner, one after
the other (dbt is imported and the project parsed once). A child process keeps dbt's
logging, globals and DuckDB handle out of ours, and its exit certainly releases the
file. dbt unit tests are for development: `make test` runs them, routine builds
exclude them; data tests run on every build.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from loader.config import Settings
from loader.errors import BuildError

__all__ = ["BuildError", "BuildResult", "build", "check_freshness", "dbt"]




@dataclass(frozen=True)
class BuildResult:
    counts: dict[str, int]          # e.g. {"model": 14, "test": 52, "seed": 6}
    failures: list[str]             # "unique_article_article_id: fail (3 rows)"
    seconds: float
    freshness: str                  # 'pass', or what is stale
    engine: str = "duckdb"          # or "spark" (loader/warehouse/spark_build.py)

    def describe(self) -> str:
        parts = ", ".join(f"{n} {kind}s" for kind, n in sorted(self.counts.items()))
        on = "" if self.engine == "duckdb" else f" on {self.engine}"
        return f"dbt build{on}: {parts}; {len(self.failures)} failures ({self.seconds:.1f}s)"


def dbt(settings: Settings, *commands: list[str], verbose: bool = False) -> subprocess.CompletedProcess:
    """Run dbt commands, in order, in one child process, against the work file (never the published one)."""
    common = ["--project-dir", str(settings.dbt_project), "--profiles-dir", str(settings.dbt_project),
              "--target-path", str(settings.state_dir / "target"), "--log-path", str(settings.state_dir / "logs")]
    env = {**os.environ, "WIREHOUSE_WORK_DB": str(settings.work_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    payload = json.dumps([["--no-use-colors", *command, *common] for command in commands])
    return subprocess.run([sys.executable, "-m", "loader.warehouse.dbt", payload], env=env, text=True,
                          capture_output=not verbose, cwd=settings.dbt_project)


def build(settings: Settings, full_refresh: bool = False, verbose: bool = False) -> BuildResult:
    target = settings.state_dir / "target"
    for name in ("run_results.json", "sources.json"):
        (target / name).unlink(missing_ok=True)
    command = ["build", "--exclude-resource-type", "unit_test"] + (["--full-refresh"] if full_refresh else [])
    process = dbt(settings, command, ["source", "freshness"], verbose=verbose)
    results_file = target / "run_results.json"
    if not results_file.exists():
        raise BuildError(f"dbt build did not run:\n{_tail(process)}")
    counts, failures, seconds = summarize(json.loads(results_file.read_text()))
    if failures or process.returncode not in (0, FRESHNESS_ONLY_FAILED):
        detail = "\n".join(f"  {line}" for line in failures) or _tail(process)
        raise BuildError(f"dbt build failed:\n{detail}")
    return BuildResult(counts, failures, seconds, freshness(target / "sources.json"))


def check_freshness(settings: Settings) -> str:
    """`dbt source freshness` alone (for runs that have nothing to build)."""
    sources_file = settings.state_dir / "target" / "sources.json"
    sources_file.unlink(missing_ok=True)
    dbt(settings, ["source", "freshness"])
    return freshness(sources_file)


def summarize(run_results: dict) -> tuple[dict[str, int], list[str], float]:
    counts: Counter[str] = Counter()
    failures = []
    for node in run_results.get("results", []):
        kind = node["unique_id"].split(".")[0]
        counts[kind] += 1
        if node["status"] in ("error", "fail", "runtime error"):
            name = node["unique_id"].split(".")[-1]
            failures.append(f"{name}: {node['status']}" + (f" ({node['message']})" if node.get("message") else ""))
    return dict(counts), failures, float(run_results.get("elapsed_time", 0.0))


def freshness(sources_file: Path) -> str:
    """From dbt's sources.json: 'pass', or what is stale ('warn: raw.article last loaded 9.0 days ago')."""
    if not sources_file.exists():
        return "error: dbt source freshness did not run"
    stale = []
    for result in json.loads(sources_file.read_text()).get("results", []):
        if result.get("status") != "pass":
            name = ".".join(result["unique_id"].split(".")[-2:])
            age = result.get("max_loaded_at_time_ago_in_s")
            when = f" last loaded {age / 86400:.1f} days ago" if age is not None else ""
            stale.append(f"{result.get('status')}: {name}{when}")
    return "; ".join(stale) or "pass"


def _tail(process: subprocess.CompletedProcess, lines: int = 30) -> str:
    output = (process.stdout or "") + (process.stderr or "")
    return "\n".join(output.strip().splitlines()[-lines:])


FRESHNESS_ONLY_FAILED = 3


def _child(commands: list[list[str]]) -> int:
    """In the child: run each dbt command; stop at a failed build. Exit 3 when only freshness failed."""
    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    for args in commands:
        result = runner.invoke(args)
        if not result.success:
            return FRESHNESS_ONLY_FAILED if "freshness" in args else 1
    return 0


if __name__ == "__main__":
    sys.exit(_child(json.loads(sys.argv[1])))

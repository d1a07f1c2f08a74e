"""Build the warehouse with dbt (dbt-duckdb), in a child process.

A child process keeps dbt's own logging, globals and DuckDB handle out of ours, and
the file lock is certainly released when it exits.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from loader.config import Settings


class BuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class BuildResult:
    counts: dict[str, int]          # e.g. {"model": 14, "test": 52, "seed": 4, "unit_test": 5}
    failures: list[str]             # "unique_article_article_id: fail (3 rows)"
    seconds: float

    def describe(self) -> str:
        parts = ", ".join(f"{n} {kind}s" for kind, n in sorted(self.counts.items()))
        return f"dbt build: {parts}; {len(self.failures)} failures ({self.seconds:.1f}s)"


def dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    found = str(beside) if beside.exists() else shutil.which("dbt")
    if not found:
        raise BuildError("dbt is not installed in this environment; run `make run` or `pip install -e .`")
    return found


def dbt(settings: Settings, *args: str, verbose: bool = False) -> subprocess.CompletedProcess:
    """Run one dbt command against the work file (never the published one)."""
    target = settings.state_dir / "target"
    command = [
        dbt_executable(), "--no-use-colors", *args,
        "--project-dir", str(settings.dbt_project), "--profiles-dir", str(settings.dbt_project),
        "--target-path", str(target), "--log-path", str(settings.state_dir / "logs"),
    ]
    env = {**os.environ, "WIREHOUSE_DB": str(settings.work_db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(command, env=env, text=True, capture_output=not verbose, cwd=settings.dbt_project)


def build(settings: Settings, full_refresh: bool = False, verbose: bool = False) -> BuildResult:
    args = ["build"] + (["--full-refresh"] if full_refresh else [])
    results_file = settings.state_dir / "target" / "run_results.json"
    results_file.unlink(missing_ok=True)
    process = dbt(settings, *args, verbose=verbose)
    if not results_file.exists():
        raise BuildError(f"dbt build did not run:\n{_tail(process)}")
    result = summarize(json.loads(results_file.read_text()))
    if process.returncode != 0 or result.failures:
        detail = "\n".join(f"  {line}" for line in result.failures) or _tail(process)
        raise BuildError(f"dbt build failed:\n{detail}")
    return result


def summarize(run_results: dict) -> BuildResult:
    counts: Counter[str] = Counter()
    failures = []
    for node in run_results.get("results", []):
        kind = node["unique_id"].split(".")[0]
        counts[kind] += 1
        if node["status"] in ("error", "fail", "runtime error"):
            name = node["unique_id"].split(".")[-1]
            failures.append(f"{name}: {node['status']}" + (f" ({node['message']})" if node.get("message") else ""))
    return BuildResult(dict(counts), failures, float(run_results.get("elapsed_time", 0.0)))


def _tail(process: subprocess.CompletedProcess, lines: int = 30) -> str:
    output = (process.stdout or "") + (process.stderr or "")
    return "\n".join(output.strip().splitlines()[-lines:])


def freshness(settings: Settings) -> str:
    """Run `dbt source freshness`: 'pass', or what is stale ('warn: raw.article loaded 9 days ago')."""
    sources_file = settings.state_dir / "target" / "sources.json"
    sources_file.unlink(missing_ok=True)
    process = dbt(settings, "source", "freshness")
    if not sources_file.exists():
        return f"error: dbt source freshness did not run ({_tail(process, 3)})"
    stale = []
    for result in json.loads(sources_file.read_text()).get("results", []):
        if result.get("status") != "pass":
            name = ".".join(result["unique_id"].split(".")[-2:])
            age = result.get("max_loaded_at_time_ago_in_s")
            when = f" last loaded {age / 86400:.1f} days ago" if age is not None else ""
            stale.append(f"{result.get('status')}: {name}{when}")
    return "; ".join(stale) or "pass"

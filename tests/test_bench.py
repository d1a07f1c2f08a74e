"""Smoke run of the benchmark (bench/) at a tiny size, on synthetic stories, so it always runs.

Real numbers at 10k-1M articles are `make bench`'s job (docs/benchmarks.md); this checks
that one command measures every phase side by side and writes the report and plot.
"""
from __future__ import annotations

import json
from pathlib import Path

from bench.run import main


def test_smoke_benchmark_writes_report(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "benchmarks.md"
    results = tmp_path / "results"
    assert main(["run", "--size", "60", "--runs", "1", "--synthetic", "40", "--sample", "20", "--processes", "1",
                 "--workdir", str(tmp_path / "work"), "--results", str(results), "--out", str(out),
                 "--query-repeats", "2"]) == 0

    data = json.loads((results / "60.json").read_text())
    load = data["load"]
    # 40 stories resampled to 60 articles: the 20 marked copies are distinct articles, nothing is a duplicate
    assert (load["wirehouse"]["loaded"], load["wirehouse"]["duplicate"]) == (60, 0)
    assert load["floor"]["inputs"] == load["naive"]["inputs"] == 60
    for who in ("wirehouse", "floor", "naive"):
        assert 0 < load[who]["seconds"] < 60 and load[who]["articles_per_s"] > 1
    assert load["ratio_to_floor"] == load["wirehouse"]["articles_per_s"] / load["floor"]["articles_per_s"]

    annotation = json.loads((results / "annotation.json").read_text())
    assert annotation["articles"] == 20 and annotation["tokens"] > 20 * 20
    row = annotation["by_processes"][0]
    assert row["processes"] == 1 and 0.05 < row["ratio"] < 20
    assert row["wirehouse"]["tokens_per_s"] > row["wirehouse"]["articles_per_s"] > 0

    build = data["build"]
    assert build["full"]["articles"] == [60] and build["incremental"]["articles"] == [61]
    for kind in ("full", "incremental"):
        assert build[kind]["build_seconds"] > 0 and build[kind]["publish_seconds"] > 0
        assert 50 < build[kind]["peak_rss_mb"] < 8192  # dbt and DuckDB ran in the measured process tree
        assert build[kind]["node_seconds_by_kind"]["test"] > 0
    # the floor: a dbt build with nothing new runs every node again; dbt's start-up alone runs none
    unchanged, startup = build["unchanged"], build["dbt_startup"]
    assert unchanged["nodes"] == build["incremental"]["nodes"] > 0 and unchanged["dbt_elapsed_seconds"] > 0
    # both are measured (their order is the benchmark's business: on a loaded machine it can flip)
    assert startup["seconds"] > 0 and unchanged["seconds"] > 0 and len(startup["all_seconds"]) == 1

    queries = {name: q for name, q in data["queries"].items() if not name.startswith(("_", "~"))}
    assert len(queries) == 7 and all(0 < q["seconds"] < 60 for q in queries.values())
    assert queries["top entities"]["rows"] == 10 and queries["co-mentions"]["rows"] > 0
    assert queries["newest figures of a metric"]["rows"] <= 20
    # the earlier top-entities query, kept as a diagnostic, counts the same ten entities from mention
    assert data["queries"]["~top entities counted from mention (the earlier README query)"]["rows"] == 10

    text = out.read_text()
    assert data["commit"] and data["commit"] != "unknown" and f"`{data['commit']}`" in text
    assert "python -m bench" in text and "## Targets" in text and "synthetic" in text
    assert f"| 60 | 1 | {data['loadavg']['load']} |" in text
    assert "| unchanged: dbt s | dbt start-up s |" in text and f"| {startup['seconds']:.2f} |" in text
    assert f"{load['floor']['articles_per_s']:,.0f}" in text and f"{row['ratio']:.2f}×" in text
    assert "1M: full dbt build under 10 min | not measured" in text
    assert (out.parent / "benchmarks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

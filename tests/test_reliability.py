"""Unattended runs: incremental builds, no-op runs, overlapping runs, kill -9 at any moment."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from loader.warehouse.lock import exclusive
from tests import synthetic
from tests.conftest import RAW, query, run_cli, write_texts

CONTRACT = ("article", "entity", "mention", "figure", "figure_entity", "entity_pair", "entity_summary")
WIREHOUSE = str(Path(sys.executable).parent / "wirehouse")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: query(db, f"select * from {table} order by all") for table in CONTRACT}


def last_run(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("select * from run_history order by started_at desc limit 1")
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def test_incremental_builds_equal_a_full_refresh_and_a_single_build(tmp_path: Path) -> None:
    seeds = sorted(RAW.glob("*.txt"))
    raw = tmp_path / "raw"
    raw.mkdir()
    db = tmp_path / "w.duckdb"
    for batch in (seeds[:2], seeds[2:4], seeds[4:]):
        for path in batch:
            shutil.copy(path, raw / path.name)
        assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert last_run(db)["dbt_models"] > 0
    incremental = snapshot(db)
    assert len(incremental["article"]) == 5

    assert run_cli("build", "--full-refresh", "--db", str(db), "--quiet") == 0
    assert snapshot(db) == incremental

    single = tmp_path / "single.duckdb"
    assert run_cli("run", str(RAW), "--db", str(single), "--quiet") == 0
    assert snapshot(single) == incremental


def test_a_run_with_nothing_new_skips_annotation_and_build(tmp_path: Path, capsys) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(3))
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    first = last_run(db)
    assert (first["files_loaded"], first["articles_annotated"], first["status"]) == (3, 3, "succeeded")
    assert first["source_freshness"] == "pass"
    capsys.readouterr()

    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    out = capsys.readouterr().out
    again = last_run(db)
    assert (again["files_seen"], again["files_skipped"], again["articles_annotated"]) == (0, 3, 0)
    assert again["dbt_models"] is None and again["build_seconds"] is None
    assert again["source_freshness"] == "pass"  # still checked when there is nothing to build
    assert "nothing new" in out and "annotate:" not in out


def test_status_lists_the_runs(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(2))
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    result = subprocess.run([WIREHOUSE, "status", "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "succeeded" in result.stdout and "last_good_run" in result.stdout and "source_freshness" in result.stdout


def test_a_second_run_waits_or_exits_clearly(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(2))
    db = tmp_path / "w.duckdb"
    lock = db.parent / ".wirehouse" / db.name / "lock"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(lock):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        refused = subprocess.run([WIREHOUSE, "run", str(raw), "--db", str(db), "--no-wait", "-q"],
                                 capture_output=True, text=True, timeout=120)
        assert refused.returncode == 1
        assert "another wirehouse run" in refused.stderr
        assert not db.exists()

        waiting = subprocess.Popen([WIREHOUSE, "run", str(raw), "--db", str(db), "-q"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the lock
        release.set()
        out, err = waiting.communicate(timeout=180)
        assert waiting.returncode == 0, err
        assert "waiting for another wirehouse run" in err
        assert query(db, "select count(*) from article") == [(2,)]
    finally:
        release.set()
        holder.join()


def phase_of(output: str) -> str:
    for marker, phase in (("publish:", "published"), ("dbt build:", "publish"), ("annotate:", "build"),
                          ("load:", "annotate")):
        if marker in output:
            return phase
    return "load"


def test_kill_minus_nine_at_any_moment_loses_nothing(tmp_path: Path) -> None:
    """21 kill -9 spread over whole runs (load, annotation, build, publish); a few minutes."""
    batches = [synthetic.articles(220, seed=1, start=0), synthetic.articles(60, seed=2, start=220),
               synthetic.articles(60, seed=3, start=280)]
    everything = write_texts(tmp_path / "all", {k: v for batch in batches for k, v in batch.items()})
    reference = tmp_path / "reference.duckdb"
    started = time.monotonic()
    assert run_cli("run", str(everything), "--db", str(reference), "--quiet") == 0
    full_run = time.monotonic() - started

    raw = tmp_path / "raw"
    db = tmp_path / "w.duckdb"
    kills = 21
    phases: list[str] = []
    for i in range(kills):
        if i % 7 == 0:
            write_texts(raw, batches[i // 7])
        before = db.stat() if db.exists() else None
        before_tables = snapshot(db) if before else None
        log = tmp_path / f"run-{i}.log"
        with log.open("w") as out:
            process = subprocess.Popen([WIREHOUSE, "run", str(raw), "--db", str(db), "-q"], stdout=out,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            time.sleep(0.5 + (i % 7) / 7 * (full_run + 2))
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        output = log.read_text()
        phases.append(phase_of(output))
        if before is None:
            continue
        after = db.stat()
        if (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns):
            assert snapshot(db) == before_tables  # untouched
        else:
            # replaced only after a complete build and publish (or a run that found nothing new)
            assert "publish:" in output or "nothing new" in output, output
            orphans = query(db, "select count(*) from mention where article_id not in (select article_id from article)")
            assert orphans == [(0,)]
    assert {"load", "annotate", "build"} & set(phases), phases
    assert len(set(phases)) >= 3, phases

    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert snapshot(db) == snapshot(reference)
    accounting = query(db, "select outcome, count(*) from raw.input_file group by all order by all")
    assert accounting == [("loaded", 340)]


def test_schedule_runs_again_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(2))
    db = tmp_path / "w.duckdb"
    log = tmp_path / "schedule.log"
    with log.open("w") as out:
        process = subprocess.Popen([WIREHOUSE, "schedule", "--every", "1s", str(raw), "--db", str(db), "-q"],
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if db.exists() and query(db, "select count(*) from run_history")[0][0] >= 2:
                    break
                time.sleep(0.5)
            write_texts(raw, synthetic.articles(1, seed=9, start=50))  # new work for a later run
            time.sleep(2)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=120) == 0
        finally:
            if process.poll() is None:
                process.kill()
    output = log.read_text()
    assert "schedule stopped" in output
    runs = query(db, "select status, command from run_history order by started_at")
    assert len(runs) >= 2 and all(run == ("succeeded", "schedule") for run in runs)
    assert query(db, "select count(*) from article")[0][0] in (2, 3)

"""Loads of many files read and parse them on every core; the result must not depend on it."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from loader.ingest import loading as ingest
from loader.warehouse import migrate
from tests.conftest import write_texts
from tests.synthetic import articles


def _load(folder: Path, db: Path) -> tuple[ingest.LoadResult, list[tuple]]:
    migrate.upgrade(db)
    with duckdb.connect(str(db)) as con:
        result = ingest.load(con, [folder], quiet=True)
        rows = con.execute("select a.article_id, a.content_hash, a.title, a.published_date, a.body, f.path, f.outcome "
                           "from raw.input_file f left join raw.article a using (article_id) order by f.path").fetchall()
    return result, rows


def test_parallel_load_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = articles(300, seed=3)
    texts["dup.txt"] = next(iter(texts.values()))          # a duplicate of the first file
    texts["bad.txt"] = "\n \n"                              # rejected: empty
    folder = write_texts(tmp_path / "raw", texts)
    monkeypatch.setattr(ingest, "CHUNK", 70)               # several chunks, uneven split over workers
    serial, serial_rows = _load(folder, tmp_path / "serial.duckdb")
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 3)
    parallel, parallel_rows = _load(folder, tmp_path / "parallel.duckdb")
    assert (serial.loaded, serial.duplicate, serial.rejected) == (300, 1, 1)
    assert (parallel.loaded, parallel.duplicate, parallel.rejected) == (300, 1, 1)
    assert parallel_rows == serial_rows and len(serial_rows) == 302

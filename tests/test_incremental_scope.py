"""Incremental builds read, and data-test, only the articles loaded since the last publish."""
from __future__ import annotations

from pathlib import Path

from tests import synthetic
from tests.conftest import query, run_cli, work_db, write_texts

PER_ARTICLE = ("intermediate.int_meeting_sentences", "intermediate.int_figure_periods",
               "intermediate.int_entity_pairs_by_article", "main.meeting", "main.meeting_report", "main.figure")


def compiled_test(db: Path, name: str) -> str:
    state = db.parent / ".wirehouse" / db.name
    return next((state / "target" / "compiled").rglob(f"{name}.sql")).read_text()


def test_incremental_build_reads_and_tests_new_articles_only(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(write_texts(tmp_path / "a", synthetic.articles(12, seed=1))), "--db", str(db), "-q") == 0
    assert run_cli("run", str(write_texts(tmp_path / "b", synthetic.articles(6, seed=2, start=12))),
                   "--db", str(db), "-q") == 0
    # the second build's data tests on the append-only marts were limited to the new articles
    assert "int_articles_loaded_since_publish" in compiled_test(db, "unique_mention_mention_id")
    assert "int_articles_loaded_since_publish" not in compiled_test(db, "unique_entity_entity_id")
    incremental = {t: query(work_db(db), f"select * from {t} order by all") for t in PER_ARTICLE}
    assert all(incremental.values()) and len(query(db, "select * from article")) == 18

    assert run_cli("build", "--full-refresh", "--db", str(db), "-q") == 0
    assert "int_articles_loaded_since_publish" not in compiled_test(db, "unique_mention_mention_id")
    assert {t: query(work_db(db), f"select * from {t} order by all") for t in PER_ARTICLE} == incremental

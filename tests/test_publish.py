"""Publishing: readers see whole builds only; a moved warehouse is re-pointed by a build."""
import shutil
from pathlib import Path

from tests import synthetic
from tests.conftest import query, run_cli, write_texts


def test_a_moved_warehouse_is_re_pointed_by_a_build(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(3))
    first = tmp_path / "a" / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(first), "--quiet") == 0
    counts = query(first, "select (select count(*) from article), (select count(*) from mention)")

    moved = tmp_path / "b"
    shutil.move(tmp_path / "a", moved)
    db = moved / "w.duckdb"
    assert run_cli("build", "--db", str(db), "--quiet") == 0
    assert query(db, "select (select count(*) from article), (select count(*) from mention)") == counts


def test_an_open_reader_keeps_its_snapshot_and_a_new_one_sees_the_new_build(tmp_path: Path) -> None:
    import duckdb

    raw = write_texts(tmp_path / "raw", synthetic.articles(3))
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    with duckdb.connect(str(db), read_only=True) as old:
        write_texts(raw, synthetic.articles(2, seed=5, start=10))
        assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0  # no lock error
        assert old.execute("select count(*) from article").fetchone() == (3,)
        assert old.execute("select count(*) from mention where article_id not in (select article_id from article)"
                           ).fetchone() == (0,)
    assert query(db, "select count(*) from article") == [(5,)]

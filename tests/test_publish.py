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


READER = r'''
import json, sys, time
from pathlib import Path
import duckdb

db, stop, out = Path(sys.argv[1]), Path(sys.argv[2]), open(sys.argv[3], "w")
while True:
    stopping = stop.exists()  # one more poll after the stop signal: it sees the last build
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("""
                select (select count(*) from article), (select count(*) from mention),
                       (select count(*) from figure),
                       (select count(*) from mention where article_id not in (select article_id from article)),
                       (select count(*) from figure where article_id not in (select article_id from article))
            """).fetchone()
        out.write(json.dumps({"counts": row}) + "\n")
    except Exception as exc:
        out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
    out.flush()
    if stopping:
        break
    time.sleep(0.05)
'''


def test_a_reader_polling_every_50ms_through_five_builds_sees_no_error_and_no_half_build(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    raw = write_texts(tmp_path / "raw", synthetic.articles(3))
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    stop, log = tmp_path / "stop", tmp_path / "reader.jsonl"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop), str(log)])
    try:
        for cycle in range(5):
            write_texts(raw, synthetic.articles(4, seed=100 + cycle, start=100 + 10 * cycle))
            assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    finally:
        stop.touch()
        reader.wait(timeout=60)
    polls = [json.loads(line) for line in log.read_text().splitlines()]
    errors = [p["error"] for p in polls if "error" in p]
    assert errors == []
    counts = [tuple(p["counts"]) for p in polls]
    assert len(counts) > 50  # it really polled through the builds
    assert all(c[3] == 0 and c[4] == 0 for c in counts)  # no mention or figure without its article
    for earlier, later in zip(counts, counts[1:], strict=False):
        assert later[:3] >= earlier[:3] and all(b >= a for a, b in zip(earlier[:3], later[:3], strict=True))
    assert counts[0][0] == 3 and counts[-1][0] == 23


def test_a_failed_build_shows_in_status_and_leaves_the_last_good_build(tmp_path: Path, monkeypatch) -> None:
    raw = write_texts(tmp_path / "raw", synthetic.articles(3))
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    before = query(db, "select count(*) from article")
    # break the build: a model that fails
    project = tmp_path / "dbt_project"
    shutil.copytree(Path(__file__).resolve().parent.parent / "dbt_project", project,
                    ignore=shutil.ignore_patterns("target", "logs"))
    (project / "models" / "marts" / "broken.sql").write_text("select * from no_such_table\n")
    monkeypatch.setenv("WIREHOUSE_DBT_PROJECT", str(project))
    write_texts(raw, synthetic.articles(2, seed=7, start=20))
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 1
    assert query(db, "select count(*) from article") == before
    [(status, message)] = query(db, "select status, message from run_history order by started_at desc limit 1")
    assert status == "failed" and "dbt build failed" in message


def test_every_published_column_has_the_type_its_model_declares(seed_warehouse: Path) -> None:
    # the yml's data_type is the contract's type: publishing a Spark build casts to it, so a
    # DuckDB build must give exactly it (a column without one would publish untyped from Spark)
    from loader.warehouse.contract import manifest_file, published_tables

    state = seed_warehouse.parent / ".wirehouse" / seed_warehouse.name
    checked = 0
    for table in published_tables(manifest_file(state)):
        if table.resource != "model":
            continue
        declared = {name: (kind or "").upper() for name, kind in table.declared}
        built = query(seed_warehouse, f"select column_name, data_type from information_schema.columns "
                                      f"where table_name = '{table.name}' order by ordinal_position")
        assert [(name, declared.get(name)) for name, _ in built] == built, table.name
        checked += len(built)
    assert checked > 60

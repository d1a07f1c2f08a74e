"""Loading: idempotent runs, duplicates, JSON Lines, bad input, incremental annotation."""
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import RAW, query, run_cli, work_db, write_texts

CONTRACT = ("article", "entity", "mention", "figure")

ARTICLE = """ date 2022-03-01 Talks in Geneva
Foreign Minister Sergei Lavrov met Antony Blinken in Geneva on Friday. Lavrov said trade with
Europe fell 12 percent. Blinken said more than 5,000 troops were still at the border.
"""


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: query(db, f"select * from {table} order by all") for table in CONTRACT}


def outcomes(db: Path) -> dict[str, str]:
    return dict(query(db, "select source_file, outcome from raw.input_file"))


def test_running_twice_changes_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    first = snapshot(db)
    files_before = query(db, "select * from raw.input_file order by all")
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert snapshot(db) == first
    assert query(db, "select * from raw.input_file order by all") == files_before
    # the second run did not even read the files again
    assert query(db, "select skipped, loaded from raw.load_run order by started_at") == [(0, 5), (5, 0)]

    # the same article under another name is a duplicate, not a second article
    shutil.copy(raw / "001_0dddd304c9819041.txt", raw / "copy-of-001.txt")
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert query(db, "select count(*) from article") == [(5,)]
    [(outcome, article_id)] = query(
        db, "select outcome, article_id from raw.input_file where source_file = 'copy-of-001.txt'")
    assert outcome == "duplicate"
    assert query(db, "select source_file from article where article_id = ?", [article_id]) == [
        ("001_0dddd304c9819041.txt",)]


def test_whitespace_differences_are_the_same_article(build) -> None:
    db = build({"a.txt": ARTICLE, "b.txt": ARTICLE.replace(" met ", "  met\n")})
    assert query(db, "select count(*) from article") == [(1,)]
    assert sorted(outcomes(db).values()) == ["duplicate", "loaded"]


def test_json_lines_good_and_bad(tmp_path: Path, build) -> None:
    lines = [
        json.dumps({"title": "One", "body": "Angela Merkel met Emmanuel Macron in Berlin.", "date": "2020-05-01",
                    "url": "https://www.example.org/a", "authors": ["A. Writer"]}),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "Boris Johnson spoke in London about 3 billion pounds of trade.", "published_date": "2020-06-02"}),
    ]
    db = build({"feed.jsonl": "\n".join(lines) + "\n"})
    rows = query(db, "select source_file, outcome, reason from raw.input_file order by source_file")
    by_file = {name: (outcome, reason) for name, outcome, reason in rows}
    assert by_file["feed.jsonl#1"] == ("loaded", None)
    assert by_file["feed.jsonl#6"] == ("loaded", None)
    for line in (2, 3, 4, 5):
        outcome, reason = by_file[f"feed.jsonl#{line}"]
        assert outcome == "rejected" and reason
    assert "JSON" in by_file["feed.jsonl#2"][1]
    assert query(db, "select title, published_date::varchar, source, authors from article where source_file = 'feed.jsonl#1'") == [
        ("One", "2020-05-01", "example.org", ["A. Writer"])]
    assert query(db, "select value, unit from figure where article_id in (select article_id from article where source_file = 'feed.jsonl#6')") == [
        (3_000_000_000, "GBP")]


def test_bad_files_are_rejected_with_a_reason_and_the_rest_loads(tmp_path: Path, build, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (raw / "utf16.txt").write_bytes(b"\xff\xfe" + "Caf\xe9 owner met the mayor.".encode("utf-16-le"))
    (raw / "empty.txt").write_text("   \n\n")
    (raw / "picture.png").write_bytes(b"\x89PNG")
    (raw / "bad-date.txt").write_text(" date 2021-13-45 A title\nSomething happened.\n")
    db = build({"good.txt": ARTICLE})
    reasons = dict(query(db, "select source_file, reason from raw.input_file where outcome = 'rejected'"))
    assert set(reasons) == {"binary.txt", "empty.txt", "picture.png", "bad-date.txt"}
    assert "binary" in reasons["binary.txt"]
    assert "2021-13-45" in reasons["bad-date.txt"]
    # UTF-16 with a byte-order mark is text: decoded, not refused
    assert query(db, "select source_file, encoding from article order by 1") == [
        ("good.txt", "utf-8"), ("utf16.txt", "utf-16")]
    assert query(db, "select body from article where source_file = 'utf16.txt'") == [("Caf\xe9 owner met the mayor.",)]
    stderr = capsys.readouterr().err
    assert "rejected" in stderr and "bad-date.txt" in stderr
    # the accounting adds up
    [(seen, loaded, duplicate, rejected)] = query(db, "select files_seen, loaded, duplicate, rejected from raw.load_run")
    assert seen == loaded + duplicate + rejected == 6 and loaded == 2


def test_a_missing_path_is_rejected_not_fatal(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", {"good.txt": ARTICLE})
    db = tmp_path / "w.duckdb"
    assert run_cli("load", str(raw), str(tmp_path / "nope"), "--db", str(db), "--quiet") == 0
    assert query(work_db(db), "select outcome, reason from raw.input_file order by outcome") == [
        ("loaded", None), ("rejected", "path does not exist")]


def test_only_new_articles_are_annotated(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", {"a.txt": ARTICLE})
    db = tmp_path / "w.duckdb"
    assert run_cli("load", str(raw), "--db", str(db), "--quiet") == 0
    [(first_stamp,)] = query(work_db(db), "select annotated_at from raw.annotation")
    write_texts(raw, {"b.txt": "Olaf Scholz visited Paris on Monday to meet Emmanuel Macron."})
    assert run_cli("load", str(raw), "--db", str(db), "--quiet") == 0
    stamps = query(work_db(db), "select a.source_file, n.annotated_at from raw.annotation n join raw.article a using (article_id) order by 1")
    assert [name for name, _ in stamps] == ["a.txt", "b.txt"]
    assert stamps[0][1] == first_stamp  # a.txt was not annotated again


def test_many_files_show_a_progress_bar(tmp_path: Path, capsys) -> None:
    texts = {f"{i:02}.txt": f"Article {i}: Angela Merkel met {i + 1} mayors in Berlin." for i in range(12)}
    raw = write_texts(tmp_path / "raw", texts)
    assert run_cli("load", str(raw), "--db", str(tmp_path / "w.duckdb")) == 0
    assert "loading" in capsys.readouterr().err


@pytest.mark.parametrize("model", ["no_such_model_xyz"])
def test_an_unknown_spacy_model_is_a_clear_error(tmp_path: Path, monkeypatch, capsys, model: str) -> None:
    monkeypatch.setenv("WIREHOUSE_SPACY_MODEL", model)
    raw = write_texts(tmp_path / "raw", {"a.txt": ARTICLE})
    assert run_cli("load", str(raw), "--db", str(tmp_path / "w.duckdb"), "--quiet") != 0
    err = capsys.readouterr().err
    assert model in err and err.startswith("error: ") and "Traceback" not in err


def test_annotating_on_several_processes_gives_the_same_spans(tmp_path: Path, monkeypatch) -> None:
    import duckdb

    from loader.annotate import annotator as annotate_module
    from loader.annotate.annotator import annotate, load_annotator
    from loader.config import DEFAULT_MODEL

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    spans = {}
    for processes in (1, 2):
        db = work_db(tmp_path / f"w{processes}.duckdb")
        assert run_cli("migrate", "--db", str(tmp_path / f"w{processes}.duckdb")) == 0
        monkeypatch.setattr(annotate_module, "MULTIPROCESS_MIN_ARTICLES", 1)
        with duckdb.connect(str(db)) as con:
            from loader.ingest.loading import load
            load(con, [raw], quiet=True)
            assert annotate(con, load_annotator(DEFAULT_MODEL), processes, quiet=True) == 5
        spans[processes] = query(db, """
            select a.source_file, s.start_char, s.end_char, s.label, s.sentence_index
            from raw.entity_span s join raw.article a using (article_id) order by all""")
    assert len(spans[1]) > 100
    assert spans[1] == spans[2]


def test_articles_annotated_by_an_older_annotator_are_annotated_again_on_the_next_run(tmp_path: Path) -> None:
    # a warehouse from an older wirehouse (another model version or figure seeds) holds stale
    # spans; the next `wirehouse run`, with no new input, brings every article up to date
    raw = write_texts(tmp_path / "raw", {"a.txt": ARTICLE,
                                         "b.txt": "date 2024-01-05\n\nExports rose 5% to $2.1 billion in 2023."})
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    figures = query(db, "select article_id, value, unit from figure order by all")
    [(current,)] = query(work_db(db), "select distinct annotator_version from raw.annotation")
    with duckdb.connect(str(work_db(db))) as con:
        con.execute("update raw.annotation set annotator_version = 'older'")
        con.execute("delete from raw.number_span")
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert query(work_db(db), "select distinct annotator_version from raw.annotation") == [(current,)]
    assert figures and query(db, "select article_id, value, unit from figure order by all") == figures

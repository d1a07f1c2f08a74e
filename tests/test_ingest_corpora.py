"""Real web pages, archives, feeds and news corpora from ../shared (skipped without it).
The full sets are loaded by `python -m bench.ingest eval` and the acceptance run in
docs/benchmarks.md; these tests use small subsets to stay fast."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loader.ingest.decode import decode
from loader.ingest.formats import ReadOptions
from loader.ingest.formats.reuters import read_sgml
from loader.quality.corpora import is_reserved_bbc
from tests.conftest import REPO, query, run_cli

CORPORA = REPO.parent / "shared" / "corpora"
pytestmark = pytest.mark.skipif(not (CORPORA / "web").is_dir(), reason="needs the corpora in ../shared")
GERMAN = ["bmjv.de.konsum.html", "brigitte.de.ikigai.html"]
ENGLISH = ["blog.python.org.html", "boingboing.net.millenials.html"]


def test_every_bbc_file_and_reuters_file_decodes() -> None:
    count = 0
    for path in sorted((CORPORA / "bbc").glob("*/*.txt")):
        if is_reserved_bbc(path):  # never read: kept for acceptance by others
            continue
        text, _ = decode(path.read_bytes())
        count += bool(text.strip())
    assert count > 1700
    text, encoding = decode((CORPORA / "bbc" / "sport" / "199.txt").read_bytes())
    assert "£15.8m" in text and encoding == "cp1252"
    for number in range(10):  # the development files only: reut2-000 to reut2-009 (the rest are reserved)
        path = CORPORA / "reuters21578" / f"reut2-{number:03d}.sgm"
        records = list(read_sgml(path, path.read_bytes(), ReadOptions()))
        assert len(records) >= 900 and sum(r.article is not None for r in records) > 800
        assert all(r.article or r.reason for r in records)


def test_a_run_over_pages_archives_and_feeds_accounts_for_everything(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in GERMAN + ENGLISH:
        shutil.copy(CORPORA / "web" / "pages" / name, raw / name)
    shutil.copytree(CORPORA / "web" / "feeds", raw / "feeds")
    shutil.copy(CORPORA / "web" / "warc" / "whirlwind.warc.gz", raw)
    shutil.copy(CORPORA / "web" / "warc" / "warcio" / "example-trunc.warc", raw)
    shutil.copy(CORPORA / "bbc" / "sport" / "199.txt", raw / "bbc-sport-199.txt")
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    [(seen, loaded, duplicate, rejected)] = query(db, "select files_seen, loaded, duplicate, rejected from raw.load_run")
    assert seen == loaded + duplicate + rejected and loaded >= 30
    assert seen == query(db, "select count(*) from raw.input_file")[0][0]
    languages = dict(query(db, "select source_file, language from article"))
    assert all(languages[name] == "de" for name in GERMAN) and all(languages[name] == "en" for name in ENGLISH)
    # no English NER on German text; English articles get theirs
    ner = dict(query(db, "select a.source_file, count(m.mention_id) from article a left join mention m using (article_id)"
                         " group by all"))
    assert all(ner[name] == 0 for name in GERMAN) and all(ner[name] > 0 for name in ENGLISH)
    [(body, encoding)] = query(db, "select body, encoding from article where source_file = 'bbc-sport-199.txt'")
    assert "a £15.8m signing" in body and encoding == "cp1252"
    titles = dict(query(db, "select source_file, title from article where source_file like '%.html'"))
    assert all(titles[name] for name in GERMAN + ENGLISH)
    assert query(db, "select count(*) from article where story_id is null") == [(0,)]
    assert query(db, "select sum(article_count) from story") == query(db, "select count(*) from article")


def test_tune_pages_of_the_web_benchmark_keep_their_text_and_declared_dates(tmp_path: Path) -> None:
    """40 pages of web/eval's tune split (never held-out ones): the gold `with` snippets are in the
    body, the `without` ones mostly not, and a page's `article:published_time` is its date."""
    import json
    import re

    import duckdb

    from loader.ingest.loading import load
    from loader.warehouse.migrate import upgrade

    folder = CORPORA / "web" / "eval"
    tune = sorted(json.loads((REPO / "bench" / "web_eval_split.json").read_text())["tune"])[:40]
    gold = {entry["file"]: entry for entry in json.loads((folder / "evaldata.json").read_text()).values()}
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in tune:
        shutil.copy(folder / name, raw / name)
    upgrade(tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load(con, [raw], quiet=True)
    articles = {name: (body, date) for name, body, date in
                con.execute("select source_file, body, published_date from raw.article").fetchall()}
    with_all = sum(all(s in articles.get(n, ("", None))[0] for s in gold[n]["with"]) for n in tune)
    without_any = sum(any(s in articles.get(n, ("", None))[0] for s in gold[n]["without"]) for n in tune)
    assert with_all >= 0.85 * len(tune) and without_any <= 0.2 * len(tune)
    published = re.compile(r'<meta\s+property="article:published_time"\s+content="(\d{4}-\d{2}-\d{2})T(\d{2})')
    checked = 0
    for name, (_, date) in articles.items():
        m = published.search((raw / name).read_text(errors="replace"))
        if m and m.group(2) not in ("00", "20", "21", "22", "23"):  # near midnight: the local day may win
            checked += 1
            assert str(date) == m.group(1), name
    assert checked >= 5

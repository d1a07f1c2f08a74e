"""Bad input, file by file, through the real loader: every input ends loaded, duplicate or
rejected with a one-line reason, the rest of the load goes on, and nothing crashes.

Each test writes real files under tmp_path and calls `loader.ingest.load` on a DuckDB file
migrated with Alembic (no dbt, no spaCy), then reads `raw.input_file` and `raw.load_run`.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loader.ingest.formats import DESCRIPTION
from loader.ingest.loading import LoadResult, load
from loader.warehouse.migrate import upgrade
from tests.conftest import query

GOOD = "Angela Merkel met Emmanuel Macron in Berlin on Monday to talk about trade.\n"
OUTCOMES = {"loaded", "duplicate", "rejected"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    upgrade(path)
    return path


def run_load(db: Path, paths: list[Path], **kwargs) -> LoadResult:
    with duckdb.connect(str(db)) as con:
        result = load(con, paths, quiet=True, **kwargs)
    check_accounting(db, result)
    return result


def check_accounting(db: Path, result: LoadResult, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """The load_run row adds up, matches the result, and every rejection was printed on one line."""
    own = con is None
    con = con or duckdb.connect(str(db), read_only=True)
    try:
        [(seen, loaded, duplicate, rejected)] = con.execute(
            "select files_seen, loaded, duplicate, rejected from raw.load_run where run_id = ?", [result.run_id]
        ).fetchall()
        rows = con.execute("select path, outcome, reason from raw.input_file where run_id = ?",
                           [result.run_id]).fetchall()
    finally:
        if own:
            con.close()
    assert seen == loaded + duplicate + rejected == len(rows)
    assert (seen, loaded, duplicate, rejected) == (result.files_seen, result.loaded, result.duplicate, result.rejected)
    assert {outcome for _, outcome, _ in rows} <= OUTCOMES
    rejections = [(path, reason) for path, outcome, reason in rows if outcome == "rejected"]
    assert len(result.messages) == len(rejections) == rejected
    for message in result.messages:
        assert message.startswith("rejected ") and "\n" not in message and "\r" not in message
    for path, reason in rejections:
        assert reason and reason.strip() and reason.isprintable(), (path, reason)
        assert sum(message.endswith(f": {reason}") and message.startswith("rejected ") for message in result.messages) >= 1
    for _path, outcome, reason in rows:
        assert (reason is None) == (outcome != "rejected")


def inputs(db: Path) -> dict[str, tuple[str, str | None]]:
    """source_file -> (outcome, reason) over all runs."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select source_file, outcome, reason from raw.input_file").fetchall()
    assert len({name for name, _, _ in rows}) == len(rows), rows
    return {name: (outcome, reason) for name, outcome, reason in rows}


def rejected(db: Path) -> dict[str, str]:
    return {name: reason for name, (outcome, reason) in inputs(db).items() if outcome == "rejected"}


def articles(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [name for (name,) in con.execute("select source_file from raw.article order by 1").fetchall()]


def raw_folder(tmp_path: Path, texts: dict[str, str | bytes] | None = None) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in (texts or {}).items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (raw / name).write_bytes(data)
    return raw


# --- content ---------------------------------------------------------------------------------

def test_binary_files_are_rejected_and_other_encodings_detected(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {
        "good.txt": GOOD,
        "nul.txt": b"\x00\x01\x02\x03PNG",
        "nul.jsonl": b'{"body": "x"}\n\x00\n',
        "png.txt": b"\x89PNG\r\n\x1a\n\x7fIHDR",  # no NUL byte: caught by decoding
        "latin1.txt": "Caf\xe9 owner met the mayor of Paris.".encode("latin-1"),
        "latin1.jsonl": '{"body": "Caf\xe9 owner met the mayor."}\n'.encode("latin-1"),
        "truncated.txt": "Zürich".encode()[:2],
    })
    result = run_load(db, [raw])
    reasons = rejected(db)
    assert set(reasons) == {"nul.txt", "nul.jsonl", "png.txt", "truncated.txt"}
    assert "binary" in reasons["nul.txt"] and "binary" in reasons["nul.jsonl"]
    assert reasons["png.txt"].startswith("not text: not valid UTF-8 (byte 0x89 at offset 0)")
    assert reasons["truncated.txt"].startswith("not valid UTF-8 (byte 0xc3 at offset 1)")
    # text in another encoding is decoded, not refused, and the encoding is recorded
    assert sorted(articles(db)) == ["good.txt", "latin1.jsonl#1", "latin1.txt"]
    bodies = dict(query(db, "select source_file, body from raw.article"))
    assert bodies["latin1.txt"].startswith("Café owner") and bodies["latin1.jsonl#1"].startswith("Café owner")
    encodings = dict(query(db, "select source_file, encoding from raw.input_file"))
    assert encodings["good.txt"] == "utf-8" and encodings["latin1.txt"] == encodings["latin1.jsonl#1"] == "cp1252"
    assert (result.loaded, result.rejected) == (3, 4)


def test_empty_and_whitespace_only_files_are_rejected(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {
        "good.txt": GOOD,
        "empty.txt": b"",
        "blank.txt": "  \n\t\n\r\n   ",
        "bom.txt": "\ufeff",
        "bom-blank.txt": "\ufeff \n \u3000\n",
        "empty.jsonl": b"",
        "blank.jsonl": "\n   \n\r\n\t\n",
    })
    result = run_load(db, [raw])
    reasons = rejected(db)
    assert set(reasons) == {"empty.txt", "blank.txt", "bom.txt", "bom-blank.txt", "empty.jsonl", "blank.jsonl"}
    for name in ("empty.txt", "blank.txt", "bom.txt", "bom-blank.txt"):
        assert reasons[name] == "empty text (nothing but whitespace)", name
    assert reasons["empty.jsonl"] == reasons["blank.jsonl"] == "empty JSON Lines file"
    assert (result.files_seen, result.loaded) == (7, 1)


def test_a_50_mb_file_is_rejected_by_the_size_limit(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {"good.txt": GOOD})
    with open(raw / "huge.txt", "wb") as out:
        chunk = b"The quick brown fox jumps over the lazy dog. " * 20_000  # 900 KB
        while out.tell() < 50_000_000:
            out.write(chunk)
        out.truncate(50_000_000)
    result = run_load(db, [raw])
    assert rejected(db) == {"huge.txt": "file is 50.0 MB, over the 20 MB limit (WIREHOUSE_MAX_FILE_MB)"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select size_bytes, content_hash from raw.input_file where source_file = 'huge.txt'"
                           ).fetchall() == [(50_000_000, None)]
    assert articles(db) == ["good.txt"]
    assert result.files_seen == 2


def test_json_lines_one_row_per_line(db: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "One", "body": GOOD, "date": "2020-05-01", "authors": ["A. Writer"]}),  # 1
        "{not json",  # 2
        json.dumps({"title": "No body"}),  # 3
        json.dumps({"text": 42}),  # 4
        json.dumps(["a", "list"]),  # 5
        "",  # 6: blank lines are not inputs
        json.dumps({"body": "Text", "title": 7}),  # 7
        json.dumps({"body": "Text", "authors": [1, 2]}),  # 8
        json.dumps({"body": "Text", "date": "2021-02-30"}),  # 9
        "null",  # 10
        json.dumps({"body": "   "}),  # 11
        "[" * 100_000,  # 12: nested too deep for the JSON parser
        '{"body": "Text", "n": ' + "7" * 5000 + "}",  # 13: over Python's integer digit limit
        '{"body": "A lone \\ud800 surrogate"}',  # 14
        json.dumps({"body": "Line\u2028separator and next\u0085line inside a string"}, ensure_ascii=False),  # 15
        json.dumps({"body": "Text", "date": "2020-01-01T\nbad"}),  # 16: the reason quotes a newline
        json.dumps({"body": GOOD}),  # 17: same article as line 1
        '{"body": "Two values"} {"body": "on one line"}',  # 18
    ]
    raw = raw_folder(tmp_path, {"feed.jsonl": "\r\n".join(lines) + "\r\n"})
    result = run_load(db, [raw])
    rows = inputs(db)
    assert set(rows) == {f"feed.jsonl#{n}" for n in range(1, 19) if n != 6}
    assert rows["feed.jsonl#1"] == ("loaded", None)
    assert rows["feed.jsonl#15"] == ("loaded", None)
    assert rows["feed.jsonl#17"] == ("duplicate", None)
    expected = {
        2: "broken JSON", 3: "missing 'body'", 4: "field 'text' must be a string, got int",
        5: "expected a JSON object, got list", 7: "field 'title' must be a string, got int",
        8: "field 'authors' must contain only strings", 9: "not a valid ISO date", 10: "expected a JSON object, got null",
        11: "field 'body' is empty", 12: "unreadable JSON", 13: "unreadable JSON", 14: "surrogate",
        16: "not a valid ISO date", 18: "broken JSON",
    }
    for line, fragment in expected.items():
        outcome, reason = rows[f"feed.jsonl#{line}"]
        assert outcome == "rejected" and fragment in reason, (line, reason)
    assert "\\n" in rows["feed.jsonl#16"][1]  # escaped, still one line
    with duckdb.connect(str(db), read_only=True) as con:
        [(body,)] = con.execute("select body from raw.article where source_file = 'feed.jsonl#15'").fetchall()
    assert "\u2028" in body and "\u0085" in body
    assert (result.loaded, result.duplicate, result.rejected) == (2, 1, 14)


def test_a_header_date_that_does_not_parse(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {
        "good.txt": " date 2021-12-24 A good title\nSomething happened in Berlin.\n",
        "bad-date.txt": " date 2021-13-45 A title\nSomething happened.\n",
        "feb-30.txt": " date 2022-02-30\nSomething else happened.\n",
    })
    result = run_load(db, [raw])
    assert rejected(db) == {"bad-date.txt": "header date '2021-13-45' is not a valid date",
                            "feb-30.txt": "header date '2022-02-30' is not a valid date"}
    assert articles(db) == ["good.txt"]
    assert any("bad-date.txt" in message and "2021-13-45" in message for message in result.messages)


# --- files that change under the loader ------------------------------------------------------

def patch_read_bytes(monkeypatch, target: Path, action) -> list[Path]:
    """Run action(path, read) instead of reading `target`; every other file reads normally."""
    original = Path.read_bytes
    calls: list[Path] = []

    def read_bytes(self: Path) -> bytes:
        if self == target:
            calls.append(self)
            return action(self, lambda: original(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return calls


def test_a_file_deleted_mid_load(db: Path, tmp_path: Path, monkeypatch) -> None:
    raw = raw_folder(tmp_path, {"a.txt": GOOD, "gone.txt": "Olaf Scholz visited Paris.\n", "z.txt": "Rishi Sunak spoke."})

    def delete_then_read(path: Path, read):
        path.unlink()
        return read()

    calls = patch_read_bytes(monkeypatch, raw / "gone.txt", delete_then_read)
    result = run_load(db, [raw])
    assert calls == [raw / "gone.txt"]
    assert rejected(db) == {"gone.txt": "file disappeared before it could be read"}
    assert articles(db) == ["a.txt", "z.txt"]
    assert result.files_seen == 3

    # when the file comes back it loads
    monkeypatch.undo()
    (raw / "gone.txt").write_text("Olaf Scholz visited Paris.\n")
    again = run_load(db, [raw])
    assert (again.loaded, again.skipped) == (1, 2)
    assert articles(db) == ["a.txt", "gone.txt", "z.txt"]


@pytest.mark.parametrize("when", ["before the read", "after the read"])
def test_a_file_changed_mid_load_is_loaded_next_time(db: Path, tmp_path: Path, monkeypatch, when: str) -> None:
    raw = raw_folder(tmp_path, {"a.txt": GOOD, "growing.txt": "Olaf Scholz visited Paris on Monday.\n"})
    target = raw / "growing.txt"

    def append(path: Path, read):
        if when == "after the read":
            data = read()
        with open(path, "a", encoding="utf-8") as out:
            out.write("He met Emmanuel Macron at the Elysee.\n")
        return data if when == "after the read" else read()

    calls = patch_read_bytes(monkeypatch, target, append)
    first = run_load(db, [raw])
    assert calls == [target]
    assert rejected(db) == {"growing.txt": "file changed while it was being read; it is read again on the next load"}
    assert articles(db) == ["a.txt"]
    assert (first.loaded, first.rejected) == (1, 1)

    monkeypatch.undo()
    second = run_load(db, [raw])
    assert (second.files_seen, second.loaded, second.skipped) == (1, 1, 1)
    assert articles(db) == ["a.txt", "growing.txt"]
    with duckdb.connect(str(db), read_only=True) as con:
        [(body,)] = con.execute("select body from raw.article where source_file = 'growing.txt'").fetchall()
    assert "Emmanuel Macron" in body

    third = run_load(db, [raw])  # and then it is settled
    assert (third.files_seen, third.skipped) == (0, 2)


# --- paths -----------------------------------------------------------------------------------

def test_symlink_loops_and_broken_links(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {"good.txt": GOOD})
    sub = raw / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_text("Olaf Scholz visited Paris on Monday.\n")
    (sub / "parent").symlink_to("..")  # a folder link to its parent's parent: raw
    (raw / "up").symlink_to(".")  # a folder link to its own folder
    (raw / "self.txt").symlink_to("self.txt")  # a file link to itself
    (raw / "ping.txt").symlink_to("pong.txt")  # two file links to each other
    (raw / "pong.txt").symlink_to("ping.txt")
    (raw / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (raw / "link-to-good.txt").symlink_to("good.txt")  # a working link (read after good.txt): the same article

    done = threading.Event()
    box: dict[str, LoadResult] = {}
    thread = threading.Thread(target=lambda: (box.update(result=run_load(db, [raw])), done.set()), daemon=True)
    thread.start()
    assert done.wait(30), "the load did not finish: a symbolic link loop was walked forever"
    result = box["result"]

    with duckdb.connect(str(db), read_only=True) as con:
        rows = dict(con.execute("select path, reason from raw.input_file where outcome = 'rejected'").fetchall())
    assert rows == {
        str(sub / "parent"): "symbolic link loop (folder already visited)",
        str(raw / "up"): "symbolic link loop (folder already visited)",
        str(raw / "self.txt"): "symbolic link loop",
        str(raw / "ping.txt"): "symbolic link loop",
        str(raw / "pong.txt"): "symbolic link loop",
        str(raw / "broken.txt"): "broken symbolic link",
    }
    assert inputs(db)["link-to-good.txt"] == ("duplicate", None)
    assert articles(db) == ["good.txt", "inner.txt"]
    assert (result.files_seen, result.loaded, result.duplicate, result.rejected) == (9, 2, 1, 6)

    # a path through the loop given directly: walked once, the loop reported again, nothing new loaded
    direct = run_load(db, [raw / "up" / "up" / "sub"])
    assert direct.loaded == 0 and direct.files_seen < 20
    assert f"rejected {raw / 'up' / 'up' / 'sub' / 'parent' / 'sub'}: symbolic link loop (folder already visited)" \
        in direct.messages


def test_a_raw_path_that_does_not_exist(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {"good.txt": GOOD})
    result = run_load(db, [tmp_path / "nope", raw, tmp_path / "missing.txt", raw / "gone" / "deeper.jsonl"])
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select path, outcome, reason from raw.input_file order by path").fetchall()
    assert rows == sorted([
        (str(tmp_path / "missing.txt"), "rejected", "path does not exist"),
        (str(tmp_path / "nope"), "rejected", "path does not exist"),
        (str(raw / "gone" / "deeper.jsonl"), "rejected", "path does not exist"),
        (str(raw / "good.txt"), "loaded", None),
    ])
    assert result.messages == [f"rejected {tmp_path / 'nope'}: path does not exist",
                               f"rejected {tmp_path / 'missing.txt'}: path does not exist",
                               f"rejected {raw / 'gone' / 'deeper.jsonl'}: path does not exist"]


def test_odd_file_names_and_special_files(db: Path, tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, {"good.txt": GOOD, "line\nbreak.txt": "Olaf Scholz visited Paris.\n",
                                "notes.md": "# not an article", "odd.p\ng": "x"})
    latin1_name = os.fsdecode(os.fsencode(raw) + b"/caf\xe9.txt")  # a file name that is not UTF-8
    Path(latin1_name).write_text("Rishi Sunak spoke in London.\n")
    fifo = raw / "pipe.txt"
    os.mkfifo(fifo)

    def unblock() -> None:  # should the loader open the pipe, end its read after a few seconds
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    timer = threading.Timer(5, unblock)
    timer.start()
    try:
        result = run_load(db, [raw])
    finally:
        timer.cancel()
    with duckdb.connect(str(db), read_only=True) as con:
        rows = dict(con.execute("select path, reason from raw.input_file where outcome = 'rejected'").fetchall())
    assert rows == {
        str(raw / "caf\\xe9.txt"): "file name is not valid UTF-8",
        str(fifo): "not a regular file (a pipe, socket or device)",
        str(raw / "notes.md"): f"unsupported file type '.md' (expected {DESCRIPTION})",
        str(raw / "odd.p\ng"): f"unsupported file type '.p\\ng' (expected {DESCRIPTION})",
    }
    assert articles(db) == ["good.txt", "line\nbreak.txt"]
    assert f"rejected {raw}/caf\\xe9.txt: file name is not valid UTF-8" in result.messages


def test_unreadable_files_and_folders(tmp_path: Path) -> None:
    """A real permission failure: as root, load in a subprocess as an unprivileged user."""
    if os.geteuid() != 0:
        base = tmp_path
        prefix: list[str] = []
    else:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root and setpriv is not installed: cannot make a read fail")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        probe = subprocess.run([*prefix, sys.executable, "-c", "import loader.ingest.loading"], capture_output=True, text=True)
        if probe.returncode != 0:
            pytest.skip(f"cannot run the loader as uid 65534: {probe.stderr.strip().splitlines()[-1:]}")
        base = Path(tempfile.mkdtemp(prefix="wirehouse-perm-"))
        base.chmod(0o777)
    try:
        raw = base / "raw"
        raw.mkdir()
        (raw / "good.txt").write_text(GOOD)
        (raw / "secret.txt").write_text("Nobody may read this.\n")
        (raw / "secret.jsonl").write_text(json.dumps({"body": "Nobody may read this either."}) + "\n")
        locked = raw / "locked"  # cannot be listed
        locked.mkdir()
        (locked / "inside.txt").write_text("Hidden article.\n")
        unsearchable = raw / "unsearchable"  # can be listed, but its files cannot be reached
        unsearchable.mkdir()
        (unsearchable / "listed.txt").write_text("Listed but unreachable.\n")
        db = base / "w.duckdb"
        upgrade(db)
        for path in (raw, db):
            path.chmod(0o777 if path.is_dir() else 0o666)
        (raw / "good.txt").chmod(0o644)
        (raw / "secret.txt").chmod(0o000)
        (raw / "secret.jsonl").chmod(0o000)
        locked.chmod(0o000)
        unsearchable.chmod(0o444)

        script = (
            "import json, sys, duckdb\n"
            "from pathlib import Path\n"
            "from loader.ingest.loading import load\n"
            "con = duckdb.connect(sys.argv[1])\n"
            "r = load(con, [Path(sys.argv[2])], quiet=True)\n"
            "con.close()\n"
            "print(json.dumps({'run_id': r.run_id, 'files_seen': r.files_seen, 'loaded': r.loaded,"
            " 'duplicate': r.duplicate, 'rejected': r.rejected, 'messages': r.messages}))\n"
        )
        env = {**os.environ, "HOME": str(base), "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run([*prefix, sys.executable, "-c", script, str(db), str(raw)],
                              capture_output=True, text=True, env=env, cwd=base, timeout=60)
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        result = LoadResult(out["run_id"], out["files_seen"], out["loaded"], out["duplicate"], out["rejected"],
                            messages=out["messages"])
        check_accounting(db, result)
        with duckdb.connect(str(db), read_only=True) as con:
            rows = dict(con.execute("select path, reason from raw.input_file where outcome = 'rejected'").fetchall())
        assert rows == {
            str(raw / "secret.txt"): "cannot read file: Permission denied",
            str(raw / "secret.jsonl"): "cannot read file: Permission denied",
            str(locked): "cannot read folder: Permission denied",
            str(unsearchable / "listed.txt"): "cannot stat: Permission denied",
        }
        assert articles(db) == ["good.txt"]
        assert (result.files_seen, result.loaded, result.rejected) == (5, 1, 4)
    finally:
        for folder in (base / "raw" / "locked", base / "raw" / "unsearchable"):
            if folder.exists():
                folder.chmod(0o755)
        if base != tmp_path:
            shutil.rmtree(base, ignore_errors=True)


# --- fuzz ------------------------------------------------------------------------------------

# characters loaders trip on, often; then any character, surrogates too (they reach JSON as \ud800 escapes)
AWKWARD = "\ud800\udfff\u2028\u2029\x85\x00\x0b\x0c\x1c\r\n\t \ufeff\u200b\u3000\\\"#{}[]"
ANY_CHAR = st.sampled_from(AWKWARD) | st.characters(codec=None, exclude_categories=())


def any_text(max_size: int) -> st.SearchStrategy[str]:
    return st.lists(ANY_CHAR, max_size=max_size).map("".join)  # st.text() never draws surrogates


TEXT_CHAR = st.sampled_from(AWKWARD.replace("\ud800\udfff", "")) | st.characters(exclude_categories=("Cs",))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text(30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text(8), children, max_size=4),
    max_leaves=12,
)
STRING = any_text(100)
DATE = st.dates().map(str) | st.tuples(st.datetimes(), st.sampled_from("T ")).map(lambda d: d[0].isoformat(sep=d[1]))
FIELDS = {"body": STRING | JSON, "text": STRING | JSON, "title": STRING | JSON, "url": STRING | JSON,
          "source": STRING | JSON, "date": DATE | STRING | JSON, "published_date": DATE | STRING | JSON,
          "authors": st.lists(STRING, max_size=3) | STRING | JSON}
RECORD = (st.fixed_dictionaries({"body": STRING}, optional={k: v for k, v in FIELDS.items() if k != "body"})
          | st.fixed_dictionaries({}, optional=FIELDS))
NAME = st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=16)


@st.composite
def jsonl_file(draw) -> bytes:
    values = draw(st.lists(RECORD | JSON, min_size=1, max_size=5))
    ensure_ascii = draw(st.booleans())
    lines = [json.dumps(value, ensure_ascii=ensure_ascii) for value in values]
    if draw(st.booleans()):  # now and then, a damaged line
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n"]))
    return text.encode("utf-8", "surrogatepass")


TXT = (st.text(TEXT_CHAR, max_size=400)
       | st.builds(lambda date, title, body: f" date {date} {title}\n{body}",
                   st.from_regex(r"\d{1,4}-\d{1,2}-\d{1,2}", fullmatch=True), st.text(TEXT_CHAR, max_size=40),
                   st.text(TEXT_CHAR, max_size=200))).map(lambda text: text.encode("utf-8"))
FILE = st.one_of(
    st.tuples(st.sampled_from([".txt", ".jsonl", ".TXT", ".bin"]), st.binary(max_size=400)),
    st.tuples(st.sampled_from([".txt", ".jsonl"]), TXT),
    st.tuples(st.just(".jsonl"), jsonl_file()),
)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.lists(st.tuples(NAME, FILE), min_size=1, max_size=4))
def test_fuzz_every_input_ends_loaded_duplicate_or_rejected(tmp_path: Path, files) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    written: dict[Path, bytes] = {}
    for name, (suffix, data) in files:
        path = folder / (name + suffix)
        if path in written:
            continue
        try:
            path.write_bytes(data)
        except OSError:  # e.g. a name too long for the file system
            continue
        written[path] = data
    db = tmp_path / "fuzz.duckdb"
    if not db.exists():
        upgrade(db)
    with duckdb.connect(str(db)) as con:
        result = load(con, [folder], quiet=True)
        check_accounting(db, result, con)
        rows = con.execute("select path, outcome from raw.input_file where run_id = ?", [result.run_id]).fetchall()
    for path in written:
        mine = [outcome for row_path, outcome in rows
                if row_path == str(path) or row_path.rsplit("#", 1)[0] == str(path) and path.suffix == ".jsonl"]
        assert mine and set(mine) <= OUTCOMES, (path, written[path][:200])
        if path.suffix.lower() != ".jsonl":
            assert len(mine) == 1
    assert result.files_seen == result.loaded + result.duplicate + result.rejected >= len(written)

"""Read input files, parse them, dedup by normalized content, and insert in bulk.

Every input (a `.txt` file, one line of a `.jsonl` file, or one record of a web archive,
feed, export or Reuters file: see loader/ingest/formats/) ends in exactly one
`raw.input_file` row: loaded, duplicate (of an article already loaded), or rejected
with a reason. Seeing the same file with the same content again records nothing new.
Each article's language is detected (loader/ingest/language.py) and its near-duplicate
story assigned (loader/ingest/neardup.py) as it is loaded.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import sys
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import duckdb
import pyarrow as pa
from tqdm import tqdm

from loader.ingest import neardup
from loader.ingest.decode import DecodeError, decode
from loader.ingest.formats import DESCRIPTION, Fetch, ReadOptions, Record, format_of, reader_for
from loader.ingest.formats.exports import check_field_map, map_record, renamed
from loader.ingest.language import language_of
from loader.ingest.parse import ParsedArticle, ParseError, normalize_for_hash, parse_record, parse_txt
from loader.warehouse.connect import insert_rows

SUPPORTED = (".txt", ".jsonl")  # the house formats; formats.SUFFIXES lists the others
CHUNK = 2000
PARALLEL_MIN_FILES = 5000  # below this, starting worker processes costs more than it saves
PROGRESS_MIN_FILES = 10
LINE_BREAK_RE = re.compile("\r\n|\r|\n")  # not str.splitlines(): U+2028 and U+0085 are allowed inside JSON strings
SURROGATE_RE = re.compile("[\ud800-\udfff]")  # lone surrogates, from JSON escapes such as \ud800


@dataclass(frozen=True)
class Input:
    """One article-sized input: a file, or one line of a JSON Lines file."""

    path: str
    source_file: str
    content_hash: str | None
    size_bytes: int | None
    article: ParsedArticle | None = None
    reason: str | None = None
    mtime_ns: int | None = None  # set once the file was read whole and unchanged; then later runs skip it
    encoding: str | None = None  # the character encoding the input was decoded with
    language: str | None = None  # as the input states it (a feed's or an export's field)

    @cached_property
    def key(self) -> str:
        return sha256(f"{self.path}\0{self.content_hash or self.reason}")[:32]

    @cached_property
    def article_hash(self) -> str | None:
        """content_hash_for(the article's body); None for a rejected input."""
        return content_hash_for(self.article.body) if self.article else None


@dataclass
class LoadResult:
    """files_seen = loaded + duplicate + rejected: the inputs this load looked at anew.
    skipped: files not read at all (same path and mtime as recorded); unchanged: files
    read again whose content was already recorded."""

    run_id: str
    files_seen: int = 0
    loaded: int = 0
    duplicate: int = 0
    rejected: int = 0
    unchanged: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)


def sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def article_id_for(body: str) -> str:
    """Stable id from the normalized content: same text, same id."""
    return content_hash_for(body)[:16]


def content_hash_for(body: str) -> str:
    """SHA-256 of the normalized content; its first 16 hex digits are the article id."""
    return sha256(normalize_for_hash(body))


def find_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield (file, problem) for every file under the given paths, in a stable order.

    Symbolic links to folders are followed once; a link back into a folder already
    being walked is reported as a loop instead of being walked forever. A folder that
    cannot be listed is reported too, not skipped silently."""
    for path in paths:
        problem = _path_problem(path)
        if problem or not path.is_dir():
            yield path, problem
            continue
        seen: set[str] = set()
        errors: list[OSError] = []
        for root, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
            yield from _folder_errors(errors)
            real = os.path.realpath(root)
            if real in seen:
                dirs[:] = []
                yield Path(root), "symbolic link loop (folder already visited)"
                continue
            seen.add(real)
            dirs.sort()
            for name in sorted(files):
                file = Path(root) / name
                yield file, _path_problem(file)
        yield from _folder_errors(errors)


def _folder_errors(errors: list[OSError]) -> Iterator[tuple[Path, str]]:
    for exc in errors:
        yield Path(exc.filename), f"cannot read folder: {exc.strerror or exc}"
    errors.clear()


def _display(path: Path | str) -> str:
    """The path as valid UTF-8 text: bytes of a non-UTF-8 file name become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _one_line(text: str) -> str:
    """A reason or message on one printable line: newlines and other control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _path_problem(path: Path) -> str | None:
    if _display(path) != str(path):
        return "file name is not valid UTF-8"
    try:
        path.stat()
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "path does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot stat: {exc.strerror or exc}"
    return None


def read_inputs(path: Path, problem: str | None, max_bytes: int, options: ReadOptions | None = None) -> list[Input]:
    """Turn one file into its inputs; never raises for bad content."""
    options = options or ReadOptions(max_bytes=max_bytes)
    name = _display(path.name)
    if problem:
        return [Input(_display(path), name, None, None, reason=problem)]
    kind = format_of(path)
    if path.suffix.lower() not in SUPPORTED and kind is None:
        return [Input(str(path), name, None, _size(path),
                      reason=f"unsupported file type '{path.suffix or name}' (expected {DESCRIPTION})")]
    try:
        before = path.stat()
        if not stat.S_ISREG(before.st_mode):
            return [Input(str(path), name, None, None, reason="not a regular file (a pipe, socket or device)")]
        if kind == "warc":
            return _archive_inputs(path, name, before, options)
        if before.st_size > max_bytes:
            return [Input(str(path), name, None, before.st_size,
                          reason=f"file is {before.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                                 "(WIREHOUSE_MAX_FILE_MB)")]
        data = path.read_bytes()
        after = path.stat()
    except FileNotFoundError:
        return [Input(str(path), name, None, None, reason="file disappeared before it could be read")]
    except OSError as exc:
        return [Input(str(path), name, None, None, reason=f"cannot read file: {exc.strerror or exc}")]
    digest = sha256(data)
    if (before.st_mtime_ns, before.st_size) != (after.st_mtime_ns, after.st_size) or len(data) != after.st_size:
        # no content hash: the input key must not be that of the finished file, which the next load reads
        return [Input(str(path), name, None, len(data),
                      reason="file changed while it was being read; it is read again on the next load")]
    mtime = after.st_mtime_ns
    if kind is not None:
        return [_from_record(path, name, record, mtime) for record in reader_for(kind)(path, data, options)]
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        return [Input(str(path), name, digest, len(data), reason=str(exc), mtime_ns=mtime)]
    if path.suffix.lower() == ".jsonl":
        return [replace(item, mtime_ns=mtime, encoding=encoding) for item in _jsonl_inputs(path, text, options)]
    return [replace(_parsed(str(path), name, digest, len(data), lambda: parse_txt(text)), mtime_ns=mtime,
                    encoding=encoding)]


def _archive_inputs(path: Path, name: str, before: os.stat_result, options: ReadOptions) -> list[Input]:
    """A web archive, streamed record by record (no size limit on the archive, only on records)."""
    from loader.ingest.formats.warc import read_warc_file

    records = list(read_warc_file(path, options))
    after = path.stat()
    if (before.st_mtime_ns, before.st_size) != (after.st_mtime_ns, after.st_size):
        return [Input(str(path), name, None, after.st_size,
                      reason="file changed while it was being read; it is read again on the next load")]
    return [_from_record(path, name, record, after.st_mtime_ns) for record in records]


def _from_record(path: Path, name: str, record: Record, mtime: int) -> Input:
    """A format reader's record as an input: `file#where` for a record inside a file."""
    suffix = "" if record.where is None else f"#{record.where}"
    return Input(f"{path}{suffix}", f"{name}{suffix}", record.digest, record.size, article=record.article,
                 reason=record.reason, mtime_ns=mtime, encoding=record.encoding, language=record.language)


def _jsonl_inputs(path: Path, text: str, options: ReadOptions) -> Iterator[Input]:
    lines = LINE_BREAK_RE.split(text)
    if not any(line.strip() for line in lines):
        yield Input(str(path), path.name, sha256(text), len(text), reason="empty JSON Lines file")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source_file = f"{path.name}#{number}"
        where = f"{path}#{number}"

        stated: list[str | None] = [None]

        def parse(line: str = line, stated: list[str | None] = stated) -> ParsedArticle:
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(f"broken JSON: {exc.msg} at column {exc.colno}") from None
            except (ValueError, RecursionError) as exc:  # a number over Python's digit limit; nesting too deep
                raise ParseError(f"unreadable JSON: {str(exc).split(':')[0]}") from None
            origin: dict[str, str] = {}
            if isinstance(value, dict):
                value, stated[0], origin = map_record(value, options.field_map)
            try:
                article = parse_record(value)
            except ParseError as exc:
                raise ParseError(renamed(str(exc), origin)) from None
            if any(text and SURROGATE_RE.search(text)
                   for text in (article.body, article.title, article.source, article.url, *article.authors)):
                raise ParseError("text contains a lone surrogate escape (such as \\ud800), not valid Unicode")
            return article

        item = _parsed(where, source_file, sha256(line), len(line.encode()), parse)
        yield replace(item, language=stated[0]) if stated[0] else item


def _parsed(path: str, source_file: str, digest: str, size: int, parse) -> Input:
    try:
        return Input(path, source_file, digest, size, article=parse())
    except ParseError as exc:
        return Input(path, source_file, digest, size, reason=str(exc))


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def load(con: duckdb.DuckDBPyConnection, paths: list[Path], max_file_mb: float = 20.0, quiet: bool = False,
         run_id: str | None = None, field_map: dict[str, str] | None = None, fetch: Fetch | None = None) -> LoadResult:
    """Load files and folders into the raw tables of an open, migrated warehouse.

    field_map: `[load.field_map]` (article column -> input field) for JSON, JSON Lines, CSV
    and Parquet exports. fetch: a callable from URL to bytes for feed items without content;
    None (the default, and what the command line uses) fetches nothing."""
    check_field_map(field_map or {})
    result = LoadResult(run_id=run_id or uuid.uuid4().hex)
    started = _now()
    files = list(find_files(paths))
    known = _known_files(con, [str(path) for path, problem in files if not problem])
    max_bytes = int(max_file_mb * 1_000_000)
    options = ReadOptions(max_bytes=max_bytes, field_map=dict(field_map or {}), fetch=fetch)
    progress = tqdm(total=len(files), desc="loading", unit="file", file=sys.stderr,
                    disable=quiet or len(files) <= PROGRESS_MIN_FILES)
    def chunks() -> Iterator[tuple[int, list[tuple[Path, str | None]]]]:
        """(files in the chunk, the ones to read): unchanged files are skipped, not read."""
        for start in range(0, len(files), CHUNK):
            todo = []
            for path, problem in files[start:start + CHUNK]:
                if not problem and _mtime(path) in known.get(str(path), ()):
                    result.skipped += 1
                else:
                    todo.append((path, problem))
            yield len(files[start:start + CHUNK]), todo

    pool = _pool(len(files))
    if pool is None:
        for size, todo in chunks():
            inputs = [item for path, problem in todo for item in read_inputs(path, problem, max_bytes, options)]
            _store(con, inputs, result)
            progress.update(size)
    else:
        # read and parse on every core, the next chunk while this one is stored; files keep their order
        with pool:
            workers = pool._max_workers
            in_flight: deque = deque()
            for size, todo in chunks():
                in_flight.append((size, len(todo), [pool.submit(_read_many, todo[i::workers], max_bytes, options)
                                                    for i in range(workers)]))
                if len(in_flight) > 1:
                    _store_parsed(con, in_flight.popleft(), result, progress)
            while in_flight:
                _store_parsed(con, in_flight.popleft(), result, progress)
    progress.close()
    neardup.assign_missing(con, result.run_id)
    con.execute(
        "insert into raw.load_run (run_id, started_at, finished_at, status, files_seen, loaded, duplicate, rejected,"
        " unchanged, skipped) values (?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?)",
        [result.run_id, started, _now(), result.files_seen, result.loaded, result.duplicate,
         result.rejected, result.unchanged, result.skipped],
    )
    return result


def _pool(files: int) -> ProcessPoolExecutor | None:
    """Worker processes for reading and parsing, forked so that they need not import the
    caller's main module (spawn would re-run an unguarded script). They only parse text;
    they never touch the DuckDB connection this process holds."""
    import multiprocessing

    workers = os.cpu_count() or 1
    if workers < 2 or files < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def _read_many(todo: list[tuple[Path, str | None]], max_bytes: int, options: ReadOptions) -> list[list[Input]]:
    """In a worker: the inputs of each file, one list per file, with their hashes computed
    (cached properties travel back with the inputs)."""
    out = [read_inputs(path, problem, max_bytes, options) for path, problem in todo]
    for inputs in out:
        for item in inputs:
            item.key, item.article_hash  # noqa: B018
    return out


def _store_parsed(con: duckdb.DuckDBPyConnection, chunk: tuple, result: LoadResult, progress: tqdm) -> None:
    size, count, futures = chunk
    _store(con, _interleave([future.result() for future in futures], count), result)
    progress.update(size)


def _interleave(parts: list[list[list[Input]]], count: int) -> list[Input]:
    """Undo the round-robin split of files over workers, keeping the files' order."""
    workers = len(parts)
    return [item for i in range(count) for item in parts[i % workers][i // workers]]


def _known_files(con: duckdb.DuckDBPyConnection, paths: list[str]) -> dict[str, set[int]]:
    """Recorded mtimes of these files (JSON Lines rows are recorded as FILE#LINE)."""
    rows = con.execute(
        """
        select distinct regexp_replace(path, '#[0-9]+$', '') as file, mtime_ns
        from raw.input_file
        where mtime_ns is not null
          and regexp_replace(path, '#[0-9]+$', '') in (select unnest(?::varchar[]))
        """,
        [paths],
    ).fetchall()
    known: dict[str, set[int]] = {}
    for file, mtime in rows:
        known.setdefault(file, set()).add(mtime)
    return known


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _store(con: duckdb.DuckDBPyConnection, inputs: list[Input], result: LoadResult) -> None:
    """Classify one chunk of inputs against the warehouse and insert it in one transaction."""
    keys = [item.key for item in inputs]
    ids = [item.article_hash[:16] for item in inputs if item.article_hash]
    known_keys = _existing(con, "raw.input_file", "input_key", keys)
    known_ids = _existing(con, "raw.article", "article_id", ids)
    now = _now()
    files, articles = [], []
    for item in inputs:
        if item.key in known_keys:
            result.unchanged += 1
            continue
        result.files_seen += 1
        known_keys.add(item.key)
        outcome, article_id = "rejected", None
        if item.article_hash is not None:
            content_hash = item.article_hash
            article_id = content_hash[:16]
            outcome = "duplicate" if article_id in known_ids else "loaded"
            if outcome == "loaded":
                known_ids.add(article_id)
                articles.append(_article_row(item, article_id, content_hash, now, result.run_id))
        else:
            result.messages.append(_one_line(f"rejected {item.path}: {item.reason}"))
        setattr(result, outcome, getattr(result, outcome) + 1)
        files.append({
            "input_key": item.key, "run_id": result.run_id, "path": item.path,
            "source_file": item.source_file, "content_hash": item.content_hash,
            "size_bytes": item.size_bytes, "outcome": outcome, "article_id": article_id,
            "reason": _one_line(item.reason) if outcome == "rejected" else None, "seen_at": now,
            "mtime_ns": item.mtime_ns, "encoding": item.encoding,
        })
    con.begin()
    try:
        insert_rows(con, "raw.article", articles, ARTICLE_SCHEMA)
        insert_rows(con, "raw.input_file", files, INPUT_FILE_SCHEMA)
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _existing(con: duckdb.DuckDBPyConnection, table: str, column: str, values: list[str]) -> set[str]:
    if not values:
        return set()
    found = con.execute(
        f"select {column} from {table} where {column} in (select unnest(?::varchar[]))", [values]
    ).fetchall()
    return {row[0] for row in found}


def _article_row(item: Input, article_id: str, content_hash: str, now: dt.datetime, run_id: str) -> dict:
    article = item.article
    assert article is not None
    return {
        "article_id": article_id, "content_hash": content_hash,
        "source_file": item.source_file, "source_path": item.path, "title": article.title,
        "published_date": article.published_date, "date_source": article.date_source,
        "source": article.source, "url": article.url, "authors": list(article.authors),
        "body": article.body, "loaded_at": now, "run_id": run_id,
        "language": language_of(article.body, item.language), "encoding": item.encoding,
    }


ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("content_hash", pa.string()), ("source_file", pa.string()),
    ("source_path", pa.string()), ("title", pa.string()), ("published_date", pa.date32()),
    ("date_source", pa.string()), ("source", pa.string()), ("url", pa.string()),
    ("authors", pa.list_(pa.string())), ("body", pa.string()), ("loaded_at", pa.timestamp("us")),
    ("run_id", pa.string()), ("language", pa.string()), ("encoding", pa.string()),
])
INPUT_FILE_SCHEMA = pa.schema([
    ("input_key", pa.string()), ("run_id", pa.string()), ("path", pa.string()),
    ("source_file", pa.string()), ("content_hash", pa.string()), ("size_bytes", pa.int64()),
    ("outcome", pa.string()), ("article_id", pa.string()), ("reason", pa.string()),
    ("seen_at", pa.timestamp("us")), ("mtime_ns", pa.int64()), ("encoding", pa.string()),
])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

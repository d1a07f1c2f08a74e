"""Input formats beyond the house `.txt`: which reader handles a file, and what a reader yields.

A reader turns one file's bytes into `Record`s, one per article-sized input (an HTML page, a
WARC record, a feed item, a crawler-export row, a Reuters story). Each record becomes one
`raw.input_file` row: loaded, duplicate or rejected with its reason; nothing is dropped
silently. Readers never raise for bad content, and never touch the warehouse.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from loader.ingest.parse import ParsedArticle

# A fetcher returns the bytes behind a URL. wirehouse never fetches by default; see feeds.py.
Fetch = Callable[[str], bytes]


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 20_000_000
    field_map: Mapping[str, str] = field(default_factory=dict)  # [load.field_map]: column -> input field
    fetch: Fetch | None = None  # off by default: feed items without content stay unfetched


@dataclass(frozen=True)
class Record:
    """One input inside a file. `where` is its place in the file (a byte offset, an item or row
    number; None for a file that is one article): the input is recorded as `file#where`."""

    where: int | None
    digest: str
    size: int
    article: ParsedArticle | None = None
    reason: str | None = None
    encoding: str | None = None
    language: str | None = None  # from the input's own metadata; detected from the text otherwise


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).hexdigest()


Reader = Callable[[Path, bytes, ReadOptions], Iterator[Record]]

# Longest suffix first: '.warc.wet.gz' before '.gz'.
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".warc.wet.gz", "warc"), (".warc.wat.gz", "warc"), (".warc.gz", "warc"), (".arc.gz", "warc"),
    (".warc", "warc"), (".arc", "warc"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".rss", "feed"), (".atom", "feed"), (".rdf", "feed"), (".xml", "feed"),
    (".json", "json"), (".csv", "csv"), (".tsv", "csv"), (".parquet", "parquet"), (".sgm", "reuters"),
)
DESCRIPTION = ".txt, .jsonl, .json, .html, .htm, .warc[.gz], .arc[.gz], .rss, .atom, .xml, .csv, .tsv, .parquet or .sgm"


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    return next((kind for suffix, kind in SUFFIXES if name.endswith(suffix)), None)


def reader_for(kind: str) -> Reader:
    """The reader of a format (imported on first use: trafilatura and warcio load only when needed)."""
    if kind == "html":
        from loader.ingest.formats.html import read_html as reader
    elif kind == "warc":
        from loader.ingest.formats.warc import read_warc as reader
    elif kind == "feed":
        from loader.ingest.formats.feeds import read_feed as reader
    elif kind == "json":
        from loader.ingest.formats.exports import read_json as reader
    elif kind in ("csv", "parquet"):
        from loader.ingest.formats.tabular import read_tabular as reader
    elif kind == "reuters":
        from loader.ingest.formats.reuters import read_sgml as reader
    else:
        raise ValueError(f"no reader for format {kind!r}")
    return reader

"""Web archives (WARC, ARC, gzipped or not; WET text extracts) with warcio.

Each record is one input, recorded as `archive#offset`. `response` records whose HTTP
Content-Type is HTML become articles (chunked and gzip/deflate/brotli bodies decoded by
warcio); a WET `conversion` record's text is an article as it is. Every other record
(warcinfo, request, metadata, non-HTML responses) is rejected with its type as the reason.
The record's target URI is the article's URL, and its date the published date when the
page carries none. A broken record is rejected with the error; reading stops there only
when the archive cannot be resynchronised (the remainder is then one rejected input).
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from loader.ingest.formats import ReadOptions, Record, digest
from loader.ingest.formats.html import Known, domain, html_record, iso_date
from loader.ingest.parse import ParsedArticle

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    yield from read_stream(io.BytesIO(data), len(data), options)


def read_warc_file(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Stream an archive from disk: a crawl's 1 GB WARC is never held in memory whole, and the
    size limit (WIREHOUSE_MAX_FILE_MB) applies to each record, not to the archive."""
    with path.open("rb") as stream:
        yield from read_stream(stream, path.stat().st_size, options)


def read_stream(stream: BinaryIO, size: int, options: ReadOptions) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, arc2warc=True, ensure_http_headers=False)
    offset = 0
    count = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises many types for a broken archive
            yield _broken(size, min(max(offset, 0), size), exc, count)
            return
        try:
            item = _record(record, options.max_bytes)  # reads the body: warcio knows an offset only once it is read
        except Exception as exc:  # a body that cannot be read (bad chunking, truncated gzip)
            what = f"broken {record.rec_type or 'WARC'} record: {exc.__class__.__name__}: {exc}"
            item = Record(None, digest(f"{record.rec_type}:{exc}"), 0, reason=_one_line(what))
        try:
            offset = records.get_record_offset()
            end = offset + records.get_record_length()
        except Exception as exc:
            yield replace(item, where=offset, reason=_one_line(f"broken record at byte {offset}: {exc}"), article=None)
            return
        yield replace(item, where=offset)
        offset = end
        count += 1
    if count and 0 <= offset < size and _has_data(stream, offset):  # warcio ends quietly at a truncated last record
        yield Record(offset, digest(f"truncated at {offset} of {size}"), size - offset,
                     reason=f"truncated archive: {size - offset} bytes after the last complete record (byte {offset}) "
                            "cannot be read")
    if count == 0:
        yield Record(None, digest(f"empty {size}"), size, reason="no WARC/ARC records found (empty or not an archive)")


def _has_data(stream: BinaryIO, offset: int) -> bool:
    """Whether anything but line ends and padding follows the last record."""
    stream.seek(offset)
    return bool(stream.read(1 << 16).strip(b"\r\n\0"))


def _read_body(record, max_bytes: int) -> bytes:
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ValueError(f"record body over the {max_bytes / 1e6:.0f} MB limit (WIREHOUSE_MAX_FILE_MB)")
    return body


def _broken(size: int, offset: int, exc: Exception, count: int) -> Record:
    what = "archive" if count == 0 else f"archive after {count} records"
    return Record(offset, digest(f"broken at {offset}: {exc}"), size - offset,
                  reason=_one_line(f"broken {what} at byte {offset}: {exc.__class__.__name__}: {exc}"))


def _record(record, max_bytes: int, offset: int | None = None) -> Record:
    kind = record.rec_type or "unknown"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    capture = _warc_date(record.rec_headers.get_header("WARC-Date"))
    if kind == "conversion":
        body = _read_body(record, max_bytes)
        return _text_record(offset, body, uri, capture)
    content_type = ""
    if record.http_headers is not None:
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if kind != "response" or not content_type.startswith(HTML_TYPES):
        detail = kind if kind != "response" else f"response, {content_type.split(';')[0] or 'no content type'}"
        raw = _read_body(record, max_bytes)
        return Record(offset, digest(raw), len(raw), reason=f"not an HTML response ({detail})")
    status = record.http_headers.get_statuscode() if record.http_headers else None
    body = _read_body(record, max_bytes)
    if status and not status.startswith("2"):
        return Record(offset, digest(body), len(body), reason=f"HTTP status {status}, not a page")
    charset = _charset(content_type)
    return html_record(offset, body, Known(url=uri, fallback_date=capture), declared=charset)


def _text_record(offset: int, body: bytes, uri: str | None, capture: dt.date | None) -> Record:
    try:
        text = body.decode("utf-8")  # WET text is UTF-8 by definition
    except UnicodeDecodeError as exc:
        return Record(offset, digest(body), len(body), reason=f"WET text is not valid UTF-8 (offset {exc.start})")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Record(offset, digest(body), len(body), reason="empty text record")
    article = ParsedArticle(body="\n\n".join(lines), title=None, published_date=capture,
                            date_source="archive" if capture else None, source=domain(uri), url=uri, authors=())
    return Record(offset, digest(body), len(body), article=article, encoding="utf-8")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    if value.isdigit() and len(value) >= 8:  # ARC dates: 14 digits
        return iso_date(f"{value[:4]}-{value[4:6]}-{value[6:8]}")
    return iso_date(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]

"""Crawler exports: JSON and JSON Lines records mapped onto article columns by a field map.

The default map (FIELD_MAP) reads the house JSON Lines fields, news-please
(`maintext`, `title`, `date_publish`, `authors`, `url`, `source_domain`, `language`) and
trafilatura's JSON output (`text`, `title`, `date`, `author`, `url`/`source`, `sitename`,
`hostname`, `language`): for each column, the first field present. A `[load.field_map]`
table in wirehouse.toml (column = "field") names the field for a column, ahead of the
defaults. A `.json` file holds one record, a list of records, or a JSON Feed.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from loader.errors import ConfigError
from loader.ingest.decode import DecodeError, decode
from loader.ingest.formats import ReadOptions, Record, digest
from loader.ingest.parse import ParseError, parse_record

COLUMNS = ("body", "title", "published_date", "authors", "url", "source", "language")
FIELD_MAP: dict[str, tuple[str, ...]] = {
    "body": ("body", "text", "maintext", "content", "raw_text"),
    "title": ("title", "headline"),
    "published_date": ("published_date", "date", "date_publish", "published", "date_published"),
    "authors": ("authors", "author"),
    "url": ("url", "source_url", "link"),
    "source": ("source", "sitename", "source_domain", "hostname"),
    "language": ("language", "lang"),
}
_AUTHOR_SEPARATOR_RE = re.compile(r"\s*;\s*")


def check_field_map(field_map: Mapping[str, str]) -> None:
    """Refuse a field map that names a column wirehouse does not have."""
    unknown = sorted(set(field_map) - set(COLUMNS))
    if unknown:
        raise ConfigError(f"[load.field_map]: unknown column(s) {', '.join(unknown)}; "
                          f"the columns are {', '.join(COLUMNS)}")
    bad = sorted(key for key, value in field_map.items() if not isinstance(value, str) or not value)
    if bad:
        raise ConfigError(f"[load.field_map]: {', '.join(bad)} must name a field (a non-empty string)")


# The house JSON Lines fields (loader/ingest/parse.py): a record with one of these is read as it is.
HOUSE_FIELDS = {"body": ("body", "text"), "published_date": ("published_date", "date"), "authors": ("authors",),
                "title": ("title",), "url": ("url",), "source": ("source",), "language": ("language",)}


def map_record(record: dict, field_map: Mapping[str, str]) -> tuple[dict, str | None, dict[str, str]]:
    """The record with its article columns under the house names, its stated language, and
    which input field each column was read from (for reasons that name the input's field)."""
    mapped, origin = dict(record), {}
    for column in COLUMNS:
        if column not in field_map and any(record.get(name) is not None and not _is_url_source(column, record[name])
                                           for name in HOUSE_FIELDS[column]):
            continue
        if column == "source" and _is_url_source(column, mapped.get("source")):
            del mapped["source"]
        for name in ((field_map[column],) if column in field_map else ()) + FIELD_MAP[column]:
            value = record.get(name)
            if value is None or value == "":
                continue
            if _is_url_source(column, value):
                if "url" not in mapped:
                    mapped["url"], origin["url"] = value, name  # trafilatura's `source` is the page's URL
                continue
            mapped[column] = value
            if name != column:
                origin[column] = name
            break
    if "body" in origin:
        mapped.pop("text", None)
    authors = mapped.get("authors")
    if isinstance(authors, str) and ";" in authors:
        mapped["authors"] = [a for a in _AUTHOR_SEPARATOR_RE.split(authors) if a]
    date = mapped.get("published_date")
    if "published_date" in origin and isinstance(date, str) and len(date) > 10 and date[10] in "T ":
        mapped["published_date"] = date[:10]  # a time of day is not kept
    language = mapped.get("language")
    return mapped, (language if isinstance(language, str) and language else None), origin


def _is_url_source(column: str, value: object) -> bool:
    return column == "source" and isinstance(value, str) and "://" in value


def renamed(reason: str, origin: dict[str, str]) -> str:
    """A parse reason about a mapped column, naming the input's own field instead."""
    for column, name in origin.items():
        reason = reason.replace(f"field '{column}'", f"field '{name}'")
    return reason


def record_from(where: int | None, raw: str, value: object, options: ReadOptions, encoding: str | None) -> Record:
    size = len(raw.encode("utf-8", "surrogatepass"))
    if not isinstance(value, dict):
        return Record(where, digest(raw), size, reason=f"expected a JSON object, got {type(value).__name__}")
    mapped, language, origin = map_record(value, options.field_map)
    try:
        article = parse_record(mapped)
    except ParseError as exc:
        return Record(where, digest(raw), size, reason=renamed(str(exc), origin))
    return Record(where, digest(raw), size, article=article, encoding=encoding, language=language)


def read_json(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    try:
        text, encoding = decode(data)
        value = json.loads(text)
    except DecodeError as exc:
        yield Record(None, digest(data), len(data), reason=str(exc))
        return
    except (ValueError, RecursionError) as exc:
        yield Record(None, digest(data), len(data), reason=f"broken JSON: {str(exc).split(':')[0]}")
        return
    if isinstance(value, dict) and str(value.get("version", "")).startswith("https://jsonfeed.org/version/"):
        from loader.ingest.formats.feeds import read_json_feed

        yield from read_json_feed(path, data, value, options)
    elif isinstance(value, list):
        if not value:
            yield Record(None, digest(data), len(data), reason="empty JSON list")
        for number, item in enumerate(value, start=1):
            yield record_from(number, json.dumps(item, sort_keys=True), item, options, encoding)
    else:
        yield record_from(None, text, value, options, encoding)

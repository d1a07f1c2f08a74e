"""Feeds: RSS, Atom (feedparser) and JSON Feed, one input per item (`feed.xml#N`, N from 1).

An item with its full content (`content:encoded`, Atom `<content>`, JSON Feed
`content_html`/`content_text`) is an article; the item's own title, link, date and
authors win over anything read from the content. An item with only a summary is not an
article: it is recorded as rejected with the reason "feed item without content: not
fetched (link …)", so it shows in the accounting and a later run can load the page.

wirehouse does not fetch from the network. The extension point is `ReadOptions.fetch`
(`loader.ingest.loading.load(..., fetch=callable)`): a function from a URL to the page's
bytes; when it is given, such items are fetched and extracted as HTML pages. It is off by
default and the command line never sets it.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from loader.ingest.formats import ReadOptions, Record, digest
from loader.ingest.formats.html import Known, domain, extract, html_record, iso_date
from loader.ingest.parse import ParseError

JSON_FEED_PREFIX = "https://jsonfeed.org/version/"


def read_feed(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a feed: {problem}" if problem and not parsed.get("version") else "feed without items"
        yield Record(None, digest(data), len(data), reason=" ".join(str(reason).split())[:300])
        return
    encoding = parsed.get("encoding")
    for number, entry in enumerate(parsed.entries, start=1):
        contents = [c for c in entry.get("content", []) if c.get("value", "").strip()]
        html = contents[0]["value"] if contents else None
        date = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        authors = tuple(a["name"] for a in entry.get("authors", []) if a.get("name"))
        known = Known(url=entry.get("link"), title=entry.get("title") or None, published_date=date,
                      date_source="metadata" if date else None, authors=authors, source=domain(entry.get("link")))
        raw = json.dumps(entry, default=str, sort_keys=True)
        yield _item(number, raw, html, known, options, encoding, entry.get("language"))


def read_json_feed(path: Path, data: bytes, feed: dict, options: ReadOptions) -> Iterator[Record]:
    items = feed.get("items")
    if not isinstance(items, list) or not items:
        yield Record(None, digest(data), len(data), reason="JSON Feed without items")
        return
    feed_authors = _json_authors(feed)
    for number, item in enumerate(items, start=1):
        raw = json.dumps(item, sort_keys=True)
        if not isinstance(item, dict):
            yield Record(number, digest(raw), len(raw), reason="JSON Feed item is not an object")
            continue
        html = item.get("content_html") or None
        if html is None and isinstance(item.get("content_text"), str) and item["content_text"].strip():
            html = "".join(f"<p>{_escape(p)}</p>" for p in item["content_text"].split("\n\n"))
        date = iso_date(item.get("date_published") or item.get("date_modified"))
        url = item.get("url") or item.get("external_url")
        known = Known(url=url, title=item.get("title") or None, published_date=date,
                      date_source="metadata" if date else None, authors=_json_authors(item) or feed_authors,
                      source=domain(url))
        yield _item(number, raw, html, known, options, "utf-8", item.get("language") or feed.get("language"))


def _item(number: int, raw: str, html: str | None, known: Known, options: ReadOptions,
          encoding: str | None, language: str | None) -> Record:
    size = len(raw.encode())
    if html is None:
        if options.fetch is None or not known.url:
            link = known.url or "none"
            return Record(number, digest(raw), size, reason=f"feed item without content: not fetched (link {link})")
        try:
            page = options.fetch(known.url)
        except Exception as exc:  # a fetcher's failure is this item's reason, never the feed's
            return Record(number, digest(raw), size, reason=f"fetching {known.url} failed: {exc}")
        fetched = html_record(number, page, known)
        return fetched
    try:
        article = extract(_wrap(html), known)
    except ParseError as exc:
        return Record(number, digest(raw), size, reason=f"feed item content: {exc}")
    return Record(number, digest(raw), size, article=article, encoding=encoding,
                  language=(language or "").split("-")[0].lower() or None)


def _wrap(fragment: str) -> str:
    """Feed content is an HTML fragment: a page around it lets the extractor keep all of it."""
    return f"<html><body><article>{fragment}</article></body></html>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _json_authors(obj: dict) -> tuple[str, ...]:
    authors = obj.get("authors") or ([obj["author"]] if isinstance(obj.get("author"), dict) else [])
    return tuple(a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str))


def _struct_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None

"""HTML pages to articles with trafilatura: main text only (no navigation, comments, related
links or footers), and the page's metadata: title, date, authors, site name, canonical URL.

Around the extractor: `boilerplate` marks share/related/author/pop-up/ad blocks, `teasers`
link paragraphs after the running text, `forms` the blocks of form widgets (sign-up,
contact, calculator boxes) and `follow` follow-us and write-to-us lines for it to prune;
`notes` drops one-line editorial notes from its output; a first paragraph repeating the
title is left out (the title has its column) and no-break spaces become spaces; `pagemeta`
(a lead by class) and `summary` (the description the page shows) put back a standfirst it
left out, and `pagemeta` reads the date and URL the page declares (which win over htmldate's
guess; without a declared date, `datesearch` takes a dateline opening the article, or
searches again without the comment sections when the guess is a comment's date). A page
whose default reading is next to empty (SHORT characters) is read again with
`favor_recall`. Measured by
`python -m bench.ingest eval` (docs/benchmarks.md).

Metadata the input carries itself (a WARC record's URI and date, a feed item's fields) is
passed in as `known` and wins over what is read from the page.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from loader.ingest.decode import DecodeError, decode
from loader.ingest.formats import ReadOptions, Record, boilerplate, digest, follow, forms, teasers
from loader.ingest.formats.datesearch import opening_dateline, without_comments
from loader.ingest.formats.notes import without_notes
from loader.ingest.formats.pagemeta import MIN_LEAD, declared_date, declared_modified, declared_url, lead
from loader.ingest.formats.summary import shown_summary
from loader.ingest.parse import ParsedArticle, ParseError

_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_AUTHOR_SPLIT_RE = re.compile(r"\s*;\s*")
# htmldate, for pages that declare no date (pagemeta.declared_date): the original publication
# date (not the last modification) from the page's markup and URL
_DATE_PARAMS = {"extensive_search": True, "original_date": True}
SHORT = 250  # characters: a main text shorter than this is read again with trafilatura's favor_recall


@dataclass(frozen=True)
class Known:
    """Metadata from outside the page; each field set here wins over the page's own."""

    url: str | None = None
    title: str | None = None
    published_date: dt.date | None = None
    date_source: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    fallback_date: dt.date | None = None  # used only when the page has no date (a WARC capture date)


def iso_date(value: str | None) -> dt.date | None:
    m = _ISO_DATE_RE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(*(int(part) for part in m.groups()))
    except ValueError:
        return None


def domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _page_date(declared: tuple[dt.date, bool] | None, searched: dt.date | None,
               modified: set[dt.date] = frozenset()) -> dt.date | None:
    """The page's declared date wins over htmldate's search, except that a UTC timestamp's day
    gives way to a searched date one day off it: that is the publisher's local day (from the
    page's URL or its displayed date), which the UTC day misses for articles near midnight;
    unless the searched day is one the page declares as its modification date."""
    if declared is None:
        return searched
    day, utc = declared
    if utc and searched is not None and abs((searched - day).days) == 1 and searched not in modified:
        return searched
    return day


def _date(tree: HtmlElement, searched: str | None, paragraphs: list[str], known: Known,
          url: str | None) -> tuple[dt.date | None, str | None]:
    """The article's date and where it came from: known from outside the page; the date the
    page declares ("metadata"); without one, a dateline opening the article ("dateline"), else
    htmldate's search (`searched`), searched again when it is a comment's date ("metadata");
    a WARC capture date ("archive")."""
    if known.published_date:
        return known.published_date, known.date_source or "metadata"
    declared = declared_date(tree)
    if declared is None and (dateline := opening_dateline(paragraphs)):
        return dateline, "dateline"
    found = iso_date(searched)
    if declared is None:
        found = without_comments(tree, found, {**_DATE_PARAMS, "url": known.url or url})
    if page_date := _page_date(declared, found, declared_modified(tree)):
        return page_date, "metadata"
    if known.fallback_date:
        return known.fallback_date, "archive"
    return None, None


def extract(html: str, known: Known = Known()) -> ParsedArticle:
    """One page's article; raises ParseError when the page has no main text."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ParseError(f"HTML could not be parsed: {exc}") from None
    if tree is None:
        raise ParseError("HTML could not be parsed: no document tree")
    marked = (boilerplate.mark(tree) + teasers.mark(tree, boilerplate.MARK) + forms.mark(tree, boilerplate.MARK)
              + follow.mark(tree, boilerplate.MARK))
    prune = boilerplate.PRUNE_XPATH if marked else None
    try:
        doc = trafilatura.bare_extraction(tree, url=known.url, with_metadata=True, include_comments=False,
                                          include_tables=True, date_extraction_params=_DATE_PARAMS,
                                          prune_xpath=prune)
        text = (doc.text or "") if doc is not None else ""
        if len(text) < SHORT:  # the default reading found next to nothing: read again, for recall
            again = trafilatura.bare_extraction(tree, url=known.url, with_metadata=True, include_comments=False,
                                                include_tables=True, date_extraction_params=_DATE_PARAMS,
                                                prune_xpath=prune, favor_recall=True)
            if again is not None and len(again.text or "") > len(text):
                doc, text = again, again.text or ""
    except (ValueError, TypeError, RecursionError) as exc:  # malformed markup lxml cannot take
        raise ParseError(f"HTML could not be parsed: {exc}") from None
    paragraphs = without_notes([line.strip() for line in text.replace("\xa0", " ").splitlines() if line.strip()])
    if not paragraphs:
        raise ParseError("no main text found in the HTML page")
    title = known.title or (doc.title or None)
    while title and len(paragraphs) > 1 and " ".join(paragraphs[0].split()) == " ".join(title.split()):
        paragraphs.pop(0)  # the headline is the title, not the body's first paragraph (as in .txt files)
    for first in (lead(tree), shown_summary(tree)):
        if first and first[:MIN_LEAD] not in " ".join(" ".join(paragraphs).split()):
            paragraphs.insert(0, first)
    date, source = _date(tree, doc.date, paragraphs, known, doc.url)
    authors = known.authors or tuple(a for a in _AUTHOR_SPLIT_RE.split(doc.author or "") if a)
    url = known.url or doc.url or declared_url(tree)
    return ParsedArticle(
        body="\n\n".join(paragraphs), title=title, published_date=date,
        date_source=source, source=known.source or doc.sitename or doc.hostname or domain(url), url=url,
        authors=authors)


def html_record(where: int | None, data: bytes, known: Known = Known(), declared: str | None = None) -> Record:
    """A Record from an HTML document's bytes (decoded by BOM, HTTP/meta charset, detection)."""
    try:
        text, encoding = decode(data, declared)
    except DecodeError as exc:
        return Record(where, digest(data), len(data), reason=str(exc))
    try:
        return Record(where, digest(data), len(data), article=extract(text, known), encoding=encoding)
    except ParseError as exc:
        return Record(where, digest(data), len(data), reason=str(exc), encoding=encoding)


def read_html(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    yield html_record(None, data)

"""Reuters-21578 SGML (`.sgm`): each `<REUTERS NEWID=…>` story is one input (`file.sgm#NEWID`).

A story with a `<BODY>` is an article: `<TITLE>` its title, `<DATE>` its published date
(date_source 'metadata'), the body's paragraphs (a line indented by spaces starts one;
wrapped lines are joined) its body, without the closing 'Reuter' sign-off. A story without
a body (many are title-only flashes) is rejected with that reason. Files are decoded like
any other input (they are ASCII with a few Latin-1 bytes).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

from loader.ingest.decode import DecodeError, decode
from loader.ingest.formats import ReadOptions, Record, digest
from loader.ingest.parse import ParsedArticle

_STORY_RE = re.compile(r"<REUTERS\b(?P<attrs>[^>]*)>(?P<story>.*?)</REUTERS>", re.DOTALL)
_NEWID_RE = re.compile(r'NEWID="(\d+)"')
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DATE_RE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})")
_CONTROL_RE = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")  # SGML-escaped control characters
_SIGN_OFF_RE = re.compile(r"\s*\bReuter(?:s)?\s*$")


def _field(story: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", story, re.DOTALL)
    return html.unescape(_CONTROL_RE.sub("", m[1])) if m else None


def _date(value: str | None) -> dt.date | None:
    m = _DATE_RE.search(value or "")
    if not m or m[2] not in _MONTHS:
        return None
    try:
        return dt.date(int(m[3]), _MONTHS.index(m[2]) + 1, int(m[1]))
    except ValueError:
        return None


def _paragraphs(body: str) -> list[str]:
    paragraphs: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if not paragraphs or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return [" ".join(lines) for lines in paragraphs]


def read_sgml(path: Path, data: bytes, options: ReadOptions) -> Iterator[Record]:
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        yield Record(None, digest(data), len(data), reason=str(exc))
        return
    found = False
    for m in _STORY_RE.finditer(text):
        found = True
        story = m["story"]
        newid = _NEWID_RE.search(m["attrs"])
        where = int(newid[1]) if newid else m.start()
        size = len(m[0].encode(encoding, "replace"))
        body = _field(story, "BODY")
        if body is None or not body.strip():
            yield Record(where, digest(m[0]), size, reason="Reuters story without a body", encoding=encoding)
            continue
        paragraphs = _paragraphs(body)
        paragraphs[-1] = _SIGN_OFF_RE.sub("", paragraphs[-1])
        paragraphs = [p for p in paragraphs if p]
        if not paragraphs:
            yield Record(where, digest(m[0]), size, reason="Reuters story without a body", encoding=encoding)
            continue
        title = " ".join((_field(story, "TITLE") or "").split()) or None
        date = _date(_field(story, "DATE"))
        article = ParsedArticle(body="\n\n".join(paragraphs), title=title, published_date=date,
                                date_source="metadata" if date else None, source="Reuters", url=None, authors=())
        yield Record(where, digest(m[0]), size, article=article, encoding=encoding)
    if not found:
        yield Record(None, digest(data), len(data), reason="no <REUTERS> stories in the SGML file")

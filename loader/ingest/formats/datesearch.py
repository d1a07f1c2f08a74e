"""The date of a page that declares none (pagemeta.declared_date): a dateline opening the
article, else htmldate's search over the whole page, but not on a comment's date.

A dateline is a date opening one of the article's first OPENING paragraphs (after a heading
or a standfirst): numeric, "29.11.2022 – ...", "Karlsruhe, (12.11.2021). ...", "10.11.2021"
alone, "19.10.2019 07:49 Uhr", or as the `.txt` reader reads one ("LONDON, February 4, 2022
- ..."). A date further on in the text is never the article's (issue #15).

On a page whose comment section stamps each comment (`<abbr class="date"
title="2018-09-11T10:57:27Z">`, `<span class="comment-date" title="02.12.2022 15:57:32">`),
htmldate's search may take a comment's day, which is not the article's. When the searched day
is written in a comment section (as `YYYY-MM-DD`, `D.M.YYYY`, `DD/MM/YYYY` or `YYYY/MM/DD` in
its text or attributes), the page is searched again with its comment sections removed, and
that date is taken when there is one. A comment section is a block whose class or id has one
of WORDS (whole, or split at hyphens and underscores) and that is not the article itself (it
does not hold the page's `<h1>` or most of its text).
"""
from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy

from lxml.html import HtmlElement

from loader.ingest.parse import _lead_dateline

WORDS = frozenset({"comment", "comments", "commentlist", "disqus", "discussion"})
MOST = 0.5
OPENING = 3


def _words(el: HtmlElement) -> set[str]:
    whole = set(f"{el.get('class') or ''} {el.get('id') or ''}".lower().split())
    return whole | {part for token in whole for part in re.split(r"[-_]+", token) if part}


def _comment_sections(tree: HtmlElement) -> list[HtmlElement]:
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content())
    found: list[HtmlElement] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body") or not WORDS.intersection(_words(el)):
            continue
        if any(up in found for up in el.iterancestors()):
            continue
        if el.find(".//h1") is None and len(el.text_content()) <= MOST * total:
            found.append(el)
    return found


def _written(day: dt.date) -> tuple[str, ...]:
    return (day.isoformat(), f"{day.day}.{day.month}.{day.year}", f"{day.day:02d}.{day.month:02d}.{day.year}",
            f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.year}/{day.month:02d}/{day.day:02d}")


def _holds(section: HtmlElement, day: dt.date) -> bool:
    text = " ".join([section.text_content(), *(value for el in section.iter() if isinstance(el.tag, str)
                                                for value in el.attrib.values())])
    return any(form in text for form in _written(day))


def without_comments(tree: HtmlElement, searched: dt.date | None, params: dict) -> dt.date | None:
    """The searched date, or, when it is written in a comment section, the date htmldate
    finds (with `params`) on a copy of the page without its comment sections."""
    if searched is None:
        return None
    sections = _comment_sections(tree)
    if not any(_holds(section, searched) for section in sections):
        return searched
    from htmldate import find_date

    copy = deepcopy(tree)
    for el in [copy.getroottree().xpath(tree.getroottree().getpath(section))[0] for section in sections]:
        if el.getparent() is not None:
            el.getparent().remove(el)
    again = find_date(copy, **params)
    try:
        return dt.date.fromisoformat(again) if again else searched
    except ValueError:
        return searched


# a numeric dateline: a place may come first; a dash, a full stop, a colon, a time or the end
# of the paragraph must follow the date
_DATELINE_RE = re.compile(
    r"(?:[^\W\d][\w .'/-]{0,40},\s*)?\(?(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\)?"
    r"(?:\s*(?:[-–—|:.]|$)|,?\s+\d{1,2}:\d{2})")


def opening_dateline(paragraphs: list[str]) -> dt.date | None:
    """The date of a dateline opening one of the article's first OPENING paragraphs (a heading
    or a standfirst may come before the text), numeric (`29.11.2022 – `) or as the `.txt` reader
    reads one (`LONDON, February 4, 2022 - `); None without one."""
    for paragraph in paragraphs[:OPENING]:
        if m := _DATELINE_RE.match(paragraph):
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
        if day := _lead_dateline(paragraph):
            return day
    return None

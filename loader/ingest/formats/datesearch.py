"""A searched publication date that is a comment's date, searched again without the comments.

For a page that declares no date (pagemeta.declared_date), the date is htmldate's search over
the whole page. On a page whose comment section stamps each comment (`<abbr class="date"
title="2018-09-11T10:57:27Z">`, `<span class="comment-date" title="02.12.2022 15:57:32">`),
that search may take a comment's day, which is not the article's. When the searched day is
written in a comment section (as `YYYY-MM-DD`, `D.M.YYYY`, `DD/MM/YYYY` or `YYYY/MM/DD` in its
text or attributes), the page is searched again with its comment sections removed, and that
date is taken when there is one. A comment section is a block whose class or id has one of
WORDS (whole, or split at hyphens and underscores) and that is not the article itself (it does
not hold the page's `<h1>` or most of its text).
"""
from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy

from lxml.html import HtmlElement

WORDS = frozenset({"comment", "comments", "commentlist", "disqus", "discussion"})
MOST = 0.5


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

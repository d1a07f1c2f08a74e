"""What a web page says about itself in its markup: its declared publication date and URL.

These are read from the page's own metadata, in a fixed order of trust, before any guess
(htmldate's search over the whole page). Nothing here reads a date from the body text
(issue #15: a date in the text is not the publication date).

Order for the date: Open Graph `article:published_time` (also `og:article:published_time`),
then a JSON-LD article's `datePublished`, then the page's `<time>` elements when they all
name one day (their `datetime`, or a text that is nothing but a date, `31.03.2020`, or a date
and a time, `29.04.2020, 12:01 Uhr`; several days are a list of teasers, not the article's
date, unless one sits in the article's header next to its `<h1>`), then the usual named meta tags
(`DC.date.issued`, `dcterms.date`, `date`, `pubdate`, `publish-date`, `parsely-pub-date`,
`sailthru.date`, `vr:published-time` ...), then microdata `itemprop="datePublished"`. The
first value holding a readable calendar date wins.

A UTC time of 20:00 to 23:00 on the hour (`2022-11-06T23:00:00.000Z`) is a local midnight
east of Greenwich written in UTC (a date-only field stored as midnight, then serialised): its
day is the next one.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

_OG_PUBLISHED = ("article:published_time", "og:article:published_time", "og:published_time")
_NAMED_PUBLISHED = (
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dcterms.date", "dc.date",
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "published_time", "published-date",
    "article.published", "article_date_original", "original-publish-date", "parsely-pub-date",
    "sailthru.date", "cxenseparse:recs:publishtime", "vr:published-time", "citation_publication_date",
    "citation_date", "dc.date.published", "date.published", "release_date",
)
_ARTICLE_TYPES = re.compile(r"article|posting|report|webpage|creativework|review|recipe|event", re.I)
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_DMY_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[\s,])")
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_UTC_RE = re.compile(r"\d[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|GMT|UTC)\b", re.I)
_LOCAL_MIDNIGHT_RE = re.compile(r"\d[T ]2[0-3]:00(?::00(?:\.0+)?)?\s*(?:Z|[+-]00:?00|GMT|UTC)\b", re.I)
_DATE_TEXT_RE = re.compile(r"(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+\d{1,2}:\d{2}(?:\s*Uhr)?)?")
TIME_DEPTH = 4
_TEASER = frozenset({"a", "aside", "nav", "footer"})
_URL_PROPS = ("og:url", "twitter:url")


def calendar_date(value: str | None, today: dt.date | None = None) -> dt.date | None:
    """A date from a machine-readable date string (ISO 8601, YYYYMMDD or DD.MM.YYYY), else None.

    The calendar day is the one written (no time-zone shift). Dates before 1990 or after
    tomorrow are treated as unreadable: they are placeholders or typos, not publication dates.
    """
    if not value:
        return None
    for regex, order in ((_ISO_RE, (0, 1, 2)), (_COMPACT_RE, (0, 1, 2)), (_DMY_RE, (2, 1, 0))):
        if m := regex.match(value):
            parts = m.groups()
            try:
                day = dt.date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                return None
            latest = (today or dt.date.today()) + dt.timedelta(days=1)
            return day if dt.date(1990, 1, 1) <= day <= latest else None
    return None


def _meta(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    for el in tree.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and (content := el.get("content")):
            yield key, content


def _json_ld(tree: HtmlElement) -> Iterator[dict]:
    """Every object in the page's JSON-LD blocks, nested @graph members included."""
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage")
                             and isinstance(v, (list, dict)))


def _ld_types(item: dict) -> str:
    kind = item.get("@type", "")
    return " ".join(kind) if isinstance(kind, list) else str(kind)


def declared_date(tree: HtmlElement) -> tuple[dt.date, bool] | None:
    """The publication date the page declares in its metadata, by the order in the module doc,
    and whether it was written as a UTC time (`Z`, `+00:00`), whose calendar day may be a day
    off the publisher's local one."""
    for value in _declared_values(tree):
        if day := calendar_date(value):
            if _LOCAL_MIDNIGHT_RE.search(value):
                return day + dt.timedelta(days=1), False
            return day, bool(_UTC_RE.search(value))
    return None


_MODIFIED = ("article:modified_time", "og:updated_time", "og:article:modified_time", "dcterms.modified",
             "last-modified", "datemodified")


def declared_modified(tree: HtmlElement) -> set[dt.date]:
    """The days the page declares as its last modification (`article:modified_time`,
    `og:updated_time`, a JSON-LD `dateModified`, microdata `itemprop="dateModified"`)."""
    values = [content for key, content in _meta(tree) if key in _MODIFIED]
    values += [item["dateModified"] for item in _json_ld(tree) if isinstance(item.get("dateModified"), str)]
    values += [el.get("content") or el.get("datetime") or "" for el in tree.iterfind(".//*[@itemprop]")
               if (el.get("itemprop") or "").strip() == "dateModified"]
    return {day for value in values if (day := calendar_date(value))}


def _declared_values(tree: HtmlElement) -> Iterator[str]:
    metas = list(_meta(tree))
    yield from (content for key, content in metas if key in _OG_PUBLISHED)
    for item in _json_ld(tree):
        value = item.get("datePublished")
        if isinstance(value, str) and _ARTICLE_TYPES.search(_ld_types(item)):
            yield value
    yield from _time_values(tree)
    for wanted in _NAMED_PUBLISHED:
        yield from (content for key, content in metas if key == wanted)
    for el in tree.iterfind(".//*[@itemprop]"):
        if (el.get("itemprop") or "").strip() == "datePublished":
            yield el.get("content") or el.get("datetime") or ""


def _time_values(tree: HtmlElement) -> Iterator[str]:
    """The date of the page's `<time>` elements when all that are readable name the same day;
    when they name several (the article's and its teasers'), the first one after the `<h1>`
    and close to it (they share an ancestor, not the body, at most TIME_DEPTH levels up), not
    in a link, an aside, navigation or a footer: the article's header."""
    values = []
    for el in tree.iter("time"):
        text = " ".join(el.text_content().split())
        values.append((el, el.get("datetime") or (text if _DATE_TEXT_RE.fullmatch(text) else "")))
    days = {day: value for _, value in values if (day := calendar_date(value))}
    if len(days) == 1:
        yield next(iter(days.values()))
        return
    heading = next((h for h in tree.iter("h1") if h.text_content().strip()), None)
    if len(days) > 1 and heading is not None:
        near = {up for up in list(heading.iterancestors())[:TIME_DEPTH] if up.tag not in ("body", "html")}
        readable = dict(values)
        after = False
        for el in tree.iter():
            if el is heading:
                after = True
            elif after and el.tag == "time" and calendar_date(readable.get(el, "")):
                ancestors = list(el.iterancestors())
                if near.intersection(ancestors[:TIME_DEPTH]) and not any(up.tag in _TEASER for up in ancestors):
                    yield readable[el]
                    return


def declared_url(tree: HtmlElement) -> str | None:
    """The page's own absolute URL: `<link rel="canonical">`, `og:url`/`twitter:url`, a JSON-LD
    article's `url`, `mainEntityOfPage` or `@id`, `<link rel="shortlink">`, then `<base href>`.
    Relative URLs are not resolved (the page would need its own address for that)."""
    links = [(el.get("rel") or "").lower().split() for el in tree.iterfind(".//link[@rel]")]
    hrefs = [el.get("href") for el in tree.iterfind(".//link[@rel]")]
    candidates = [href for rel, href in zip(links, hrefs, strict=True) if "canonical" in rel]
    candidates += [content for key, content in _meta(tree) if key in _URL_PROPS]
    for item in _json_ld(tree):
        if _ARTICLE_TYPES.search(_ld_types(item)) and "webpage" not in _ld_types(item).lower():
            for key in ("url", "mainEntityOfPage", "@id"):
                value = item.get(key)
                value = value.get("@id") if isinstance(value, dict) else value
                if isinstance(value, str):
                    candidates.append(value.split("#")[0])
    candidates += [href for rel, href in zip(links, hrefs, strict=True) if "shortlink" in rel]
    candidates += [el.get("href") for el in tree.iterfind(".//base[@href]")]
    for url in candidates:
        if url and url.strip().lower().startswith(("http://", "https://")):
            return url.strip()
    return None


_LEAD_WORDS = frozenset({"intro", "lead", "teaser", "abstract", "standfirst", "summary", "description", "dek",
                         "subtitle", "subheadline", "excerpt"})
_LEAD_TAGS = frozenset({"p", "div"})
# nor is anything in (or three levels under) a block whose class has one of these in it
_NOT_LEAD_PARTS = ("newsletter", "comment", "related", "sidebar", "modal", "author", "footer", "cookie",
                   "consent")
# a site's tagline, an author's or a comment section's intro, a teaser's meta line are no leads
_NOT_LEAD_WORDS = frozenset({"site", "author", "comment", "comments", "meta", "modal", "search", "copyright",
                             "sidebar", "widget", "related", "upprev", "footer", "nav", "menu"})
_OUTSIDE = frozenset({"nav", "aside", "footer", "a", "li", "form", "button", "figcaption", "noscript"})
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
MIN_LEAD = 40
LEAD_DEPTH = 8


_CONTAINER_TAGS = ("div", "ul", "ol", "table", "form", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article")


def _is_container(el: HtmlElement) -> bool:
    """Whether the element holds blocks (a box of teasers, a comment section) rather than one paragraph."""
    return any(True for _ in el.iterdescendants(*_CONTAINER_TAGS)) or sum(1 for _ in el.iter("p")) > 1


def _class_key(tag: str, cls: str) -> str:
    """A class attribute without its numbered or hashed tokens (`post-123`, `thema1-teaser`)."""
    return tag + "." + " ".join(sorted(t for t in cls.split() if len(t) <= 30 and not any(c.isdigit() for c in t)))


def lead(tree: HtmlElement) -> str | None:
    """The article's lead (standfirst, teaser, intro, abstract) when the page marks one by class.

    Extractors often drop it because it sits in the header, apart from the body. A lead is an
    element whose class holds one of the words in `_LEAD_WORDS` (`p.lead`, `div.article-teaser`,
    `p.ts-intro`, `div.content__intro`) and no word of `_NOT_LEAD_WORDS`, that is one paragraph
    (no blocks inside), with at least MIN_LEAD characters, mostly not link text,
    outside navigation, asides, footers and lists, whose class (less numbered or hashed tokens)
    and whose tag with lead word no other such element shares (a list of teasers to other
    articles repeats them), after the page's `<h1>` and close to it
    (they share an ancestor at most LEAD_DEPTH levels up). The first one is taken.
    """
    heading = next((h for h in tree.iter("h1") if h.text_content().strip()), None)
    if heading is None:
        return None
    near = set(list(heading.iterancestors())[:LEAD_DEPTH])
    after = False
    seen: dict[str, list[str]] = {}
    for el in tree.iter():
        if el is heading:
            after = True
        if not after or el.tag not in _LEAD_TAGS:
            continue
        cls = (el.get("class") or "").strip().lower()
        tokens = set(_TOKEN_SPLIT.split(cls))
        if not cls or not _LEAD_WORDS.intersection(tokens) or _NOT_LEAD_WORDS.intersection(tokens):
            continue
        ancestors = list(el.iterancestors())
        if any(up.tag in _OUTSIDE for up in ancestors) or not near.intersection(ancestors[:LEAD_DEPTH]):
            continue
        if any(word in (up.get("class") or "").lower() for up in [el, *ancestors[:3]] for word in _NOT_LEAD_PARTS):
            continue
        text = " ".join(el.text_content().split())
        if len(text) < MIN_LEAD or _is_container(el):
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        if linked > 0.3 * len(text):
            continue
        words = " ".join(sorted(_LEAD_WORDS.intersection(_TOKEN_SPLIT.split(cls))))
        seen.setdefault(_class_key(el.tag, cls), []).append(text)
        seen.setdefault(f"{el.tag}:{words}", []).append(text)
    repeated = {text for texts in seen.values() if len(texts) > 1 for text in texts}
    unique = [texts[0] for texts in seen.values() if len(texts) == 1 and texts[0] not in repeated]
    return unique[0] if unique else None

"""Page furniture to leave out of the main text, marked before extraction.

trafilatura drops much boilerplate by itself, but not all the blocks that sit inside or next to
the article's own container: share and like widgets, related-post lists, author boxes, pop-ups,
advertising, reading-time widgets. (Newsletter, consent and caption words were tried on the tune
pages and changed nothing or cost main text; sidebar/widget words cost main text:
"content-sidebar-wrap" holds articles.) Such a block is recognised by a word of its class or id
(whole, or split at hyphens and underscores) in the vocabulary
`loader/ingest/vocabulary/boilerplate_blocks.csv`, which an analyst can edit (`word`; `kind`,
the kind of block it names; `always` for the words of blocks that never hold article text), and
marked with the attribute MARK; `trafilatura.bare_extraction(..., prune_xpath=PRUNE_XPATH)`
removes the marked elements after reading the metadata. A block that holds the page's `<h1>` or
most of its text is the article itself, never boilerplate, and is not marked; nor is one holding
a paragraph of running text (PROSE characters outside links): share bars and teaser lists have
none (pop-ups and author boxes, the `always` words, may have some and are marked all the same).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from lxml.html import HtmlElement

VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary" / "boilerplate_blocks.csv"


def _vocabulary(path: Path = VOCABULARY) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["word"].strip()]


_ROWS = _vocabulary()
WORDS = frozenset(row["word"].strip().lower() for row in _ROWS)
# words of blocks that are never running text of the article: no prose check for these
ALWAYS = frozenset(row["word"].strip().lower() for row in _ROWS if row["always"].strip() == "always")
MARK = "data-wirehouse-boilerplate"
PRUNE_XPATH = f".//*[@{MARK}]"
_BLOCKS = ("div", "section", "aside", "ul", "ol", "p", "span", "figcaption", "form", "header", "footer", "nav")
MOST = 0.5
PROSE = 200


def _words(el: HtmlElement) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    whole = set(raw.split())
    parts = {p for token in whole for p in re.split(r"[-_]+", token) if p}
    return whole | parts


def prose(el: HtmlElement) -> bool:
    """Whether the block holds a paragraph of running text (PROSE characters outside links)."""
    for p in el.iter("p"):
        text = len(" ".join(p.text_content().split()))
        if text >= PROSE and text - sum(len(" ".join(a.text_content().split())) for a in p.iter("a")) >= PROSE:
            return True
    return False


def mark(tree: HtmlElement) -> int:
    """Mark the page's boilerplate blocks in place; the number marked."""
    body = tree.find(".//body")
    total = len((body if body is not None else tree).text_content())
    marked = 0
    for el in tree.iter(*_BLOCKS):
        words = _words(el)
        if not WORDS.intersection(words):
            continue
        if el.find(".//h1") is not None or len(el.text_content()) > MOST * total:
            continue
        if not ALWAYS.intersection(words) and prose(el):
            continue
        el.set(MARK, "1")
        marked += 1
    return marked

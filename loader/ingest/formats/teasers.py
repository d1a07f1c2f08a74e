"""Link paragraphs between an article's paragraphs: teasers to other articles, marked before
extraction.

A teaser set between the paragraphs of an article (">> Wegen Corona: ... <<", "Read more:
...", a headline linking to another story) carries no class to tell it apart, but has a
telling structure: a short paragraph (at most LINK_CHARS characters) that is nothing but a
link, or a label and a link (at least LINKED of its letters and digits are link text), with a
paragraph of running text (PROSE letters and digits outside links) before and after it in the
same container. Such paragraphs are marked with boilerplate.MARK, so that trafilatura prunes
them with the other marked blocks. A link paragraph elsewhere (in a header, a form, a list
of links of its own) is left to the extractor: removing it there changes which container the
extractor takes for the article.
"""
from __future__ import annotations

from lxml.html import HtmlElement

LINK_CHARS = 200
LINKED = 0.75
PROSE = 100
_TAGS = frozenset({"p", "h2", "h3", "h4"})


def _chars(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _linked(p: HtmlElement) -> int:
    return sum(_chars(a.text_content()) for a in p.iter("a"))


def _link_paragraph(p: HtmlElement) -> bool:
    text = p.text_content()
    total = _chars(text)
    if not total or len(" ".join(text.split())) > LINK_CHARS:
        return False
    return _linked(p) >= LINKED * total


def _prose(p: HtmlElement) -> bool:
    return _chars(p.text_content()) - _linked(p) >= PROSE


def mark(tree: HtmlElement, attribute: str) -> int:
    """Mark the link paragraphs between running text in place; the number marked."""
    marked = 0
    containers = {p.getparent() for p in tree.iter("p") if p.getparent() is not None}
    for container in containers:
        paragraphs = [child for child in container if child.tag in _TAGS]
        prose = [i for i, p in enumerate(paragraphs) if _prose(p)]
        if not prose:
            continue
        for i in range(prose[0] + 1, len(paragraphs)):
            if _link_paragraph(paragraphs[i]):
                paragraphs[i].set(attribute, "1")
                marked += 1
    return marked

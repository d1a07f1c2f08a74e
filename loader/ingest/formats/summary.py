"""The page's own summary, when the page also shows it: its standfirst.

A page's `<meta name="description">` (or `og:description`, `twitter:description`) is often the
standfirst printed under the headline (`<p class="subtitle">`, `<h2>` in the article header, a
bold first paragraph). Extractors drop it when it sits in the header, apart from the body.
It is put back only when the page shows it: one block of the body (no paragraphs or headings
inside it), outside navigation, asides, footers, links, list items and forms, that is not the
headline, whose whole text is the description (or, when the description is cut off with an
ellipsis or longer than what is shown, its first SUMMARY_CHARS characters and about its length).
A description the page does not show (an SEO text, a teaser written for search results) is
not the article's and is never added.
"""
from __future__ import annotations

from lxml.html import HtmlElement

SUMMARY_CHARS = 60
_KEYS = ("description", "og:description", "twitter:description")
_OUTSIDE = frozenset({"nav", "aside", "footer", "a", "li", "form", "button", "script", "style", "noscript",
                      "head", "title", "figcaption"})
_BLOCKS = ("h1", "h2", "h3", "p", "div", "header", "section", "article", "ul", "ol", "table")
_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "strong", "b", "span", "header", "section", "em"})


def _normal(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _descriptions(tree: HtmlElement) -> list[str]:
    found = []
    for el in tree.iterfind(".//meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        if key in _KEYS and (text := _normal(el.get("content") or "")) and text not in found:
            found.append(text)
    return found


def shown_summary(tree: HtmlElement) -> str | None:
    """The description as the page shows it in one block of its body, or None."""
    headlines = {_normal(el.text_content()) for el in tree.iter("h1", "title")}
    headlines |= {_normal(el.get("content") or "") for el in tree.iterfind(".//meta[@property='og:title']")}
    descriptions = [d.rstrip(".…").rstrip() if d.endswith(("...", "…")) else d for d in _descriptions(tree)]
    descriptions = [d for d in descriptions if len(d) >= SUMMARY_CHARS and d not in headlines]
    body = tree.find(".//body")
    if not descriptions or body is None:
        return None
    for el in body.iter(*_TAGS):
        if any(True for _ in el.iterdescendants(*_BLOCKS)):  # first: a container's text is long to build
            continue
        text = _normal(el.text_content())
        if len(text) < SUMMARY_CHARS or text in headlines:
            continue
        if any(_shows(text, d) for d in descriptions) and not any(up.tag in _OUTSIDE for up in el.iterancestors()):
            return text
    return None


def _shows(text: str, description: str) -> bool:
    """Whether a block's text is the description: the same, or (a description cut short or
    longer than what is shown) the same first SUMMARY_CHARS characters and about its length."""
    return text == description or (text.startswith(description[:SUMMARY_CHARS])
                                   and 0.8 * len(description) <= len(text) <= len(description) + 20)

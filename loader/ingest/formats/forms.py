"""Form widgets inside an article: text written for a form, marked before extraction.

A newsletter sign-up, a calculator, a contact or donation box sits inside the article's
container with the labels and calls to action of its fields ("Nutzen Sie ... als
Wettbewerbsvorteil", "Jetzt zum Newsletter anmelden"). It carries no class an extractor knows,
but it holds form fields: an `<input>` (not hidden), a `<select>` or a `<textarea>`. The
nearest block around such fields (BLOCKS) is marked with boilerplate.MARK, so that
trafilatura prunes it with the other marked blocks, unless it is the article itself: it holds
the page's `<h1>` or a paragraph of running text (boilerplate.PROSE characters outside links),
as a page wrapped whole in one `<form>` does. Search boxes and fields in the page's header or
navigation are left to the extractor, which drops them by itself (pruning them as well changed
which container it took for the article on a tune page).
"""
from __future__ import annotations

from lxml.html import HtmlElement

from loader.ingest.formats.boilerplate import prose

BLOCKS = frozenset({"div", "section", "aside", "form", "fieldset", "p"})
_FIELDS = ("input", "select", "textarea")


def _block(field: HtmlElement) -> HtmlElement | None:
    return next((up for up in field.iterancestors() if up.tag in BLOCKS), None)


def _search(field: HtmlElement) -> bool:
    """Whether the field is a search box or sits in the page's header or navigation."""
    if (field.get("type") or "").strip().lower() == "search":
        return True
    for up in field.iterancestors():
        if up.tag in ("header", "nav") or (up.get("role") or "").lower() == "search":
            return True
        if up.tag == "form" and "search" in " ".join(up.get(key) or "" for key in ("class", "id", "action")).lower():
            return True
    return False


def mark(tree: HtmlElement, attribute: str) -> int:
    """Mark the blocks holding form fields in place; the number marked."""
    marked = 0
    for field in tree.iter(*_FIELDS):
        if field.tag == "input" and (field.get("type") or "").strip().lower() == "hidden":
            continue
        if _search(field):
            continue
        block = _block(field)
        if block is None or block.get(attribute) or block.tag in ("body", "html"):
            continue
        if block.find(".//h1") is not None or prose(block):
            continue
        block.set(attribute, "1")
        marked += 1
    return marked

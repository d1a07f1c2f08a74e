""""Follow us" and "write to us" lines: a paragraph of links to the publisher's accounts,
marked before extraction.

An article often ends with a line inviting the reader to write to the newsroom or follow it
("Puede escribirnos a ... o seguir a Materia en Facebook, Twitter, Instagram", "Follow us on
X and Instagram"). It sits in the article's container, but its links say what it is: they
lead to at least ACCOUNTS different contact points, an e-mail address (`mailto:`) or a
social network (SOCIAL hosts, each network counted once). A paragraph of at most LINE_CHARS
characters with such links is marked with boilerplate.MARK, so that trafilatura prunes it
with the other marked blocks. A paragraph citing one post or one address keeps its place, and
so does a list of links to one network (videos in a how-to).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement

ACCOUNTS = 2
LINE_CHARS = 300
SOCIAL = frozenset({
    "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "linkedin.com", "youtube.com",
    "tiktok.com", "pinterest.com", "t.me", "telegram.me", "whatsapp.com", "wa.me", "xing.com", "threads.net",
    "flipboard.com", "bsky.app", "vk.com", "snapchat.com", "twitch.tv",
})


def contact_point(href: str | None) -> str | None:
    """The contact point a link leads to: "mail", a social network's host, or None."""
    href = (href or "").strip().lower()
    if href.startswith("mailto:") or "/email-protection" in href:
        return "mail"
    try:
        host = urlsplit(href).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    return next((site for site in SOCIAL if host == site or host.endswith("." + site)), None)


def mark(tree: HtmlElement, attribute: str) -> int:
    """Mark the follow-us and write-to-us paragraphs in place; the number marked."""
    marked = 0
    for p in tree.iter("p"):
        points = {point for a in p.iter("a") if (point := contact_point(a.get("href")))}
        if len(points) >= ACCOUNTS and len(" ".join(p.text_content().split())) <= LINE_CHARS:
            p.set(attribute, "1")
            marked += 1
    return marked

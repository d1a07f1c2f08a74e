""""Follow us" and "write to us" lines: a paragraph of links to the publisher's accounts,
marked before extraction.

An article often ends with a line inviting the reader to write to the newsroom or follow it
("Puede escribirnos a ... o seguir a Materia en Facebook, Twitter, Instagram", "Follow us on
X and Instagram"). It sits in the article's container, but its links say what it is: they
lead to at least ACCOUNTS different contact points, an e-mail address (`mailto:`) or an
account's page on a social network (SOCIAL hosts, each network counted once; a link to a
post, `x.com/name/status/1` or `youtube.com/watch?v=...`, is no contact point). A paragraph
of at most LINE_CHARS characters with such links is marked with boilerplate.MARK, so that
trafilatura prunes it with the other marked blocks. A paragraph citing posts, or one
address, keeps its place, and so does a list of links to one network.
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
# an account's page one level down: youtube.com/c/name, linkedin.com/company/name, bsky.app/profile/name
ACCOUNT_PATHS = frozenset({"c", "channel", "user", "company", "in", "pages", "profile", "s"})


def contact_point(href: str | None) -> str | None:
    """The contact point a link leads to: "mail", a social network's host (for a link to an
    account's page, not to one of its posts), or None."""
    href = (href or "").strip().lower()
    if href.startswith("mailto:") or "/email-protection" in href:
        return "mail"
    try:
        parts = urlsplit(href)
        host = parts.hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    site = next((site for site in SOCIAL if host == site or host.endswith("." + site)), None)
    segments = [part for part in parts.path.split("/") if part]
    account = len(segments) <= 1 or (len(segments) == 2 and segments[0] in ACCOUNT_PATHS)
    return site if site and account and not parts.query else None


def mark(tree: HtmlElement, attribute: str) -> int:
    """Mark the follow-us and write-to-us paragraphs in place; the number marked."""
    marked = 0
    for p in tree.iter("p"):
        points = {point for a in p.iter("a") if (point := contact_point(a.get("href")))}
        if len(points) >= ACCOUNTS and len(" ".join(p.text_content().split())) <= LINE_CHARS:
            p.set(attribute, "1")
            marked += 1
    return marked

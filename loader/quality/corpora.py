"""The shared corpora: where they are, and the Reuters-21578 and BBC readers (texts are never copied)."""
from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from loader.config import REPO_ROOT


def find_shared(explicit: str | Path | None = None, root: Path | None = None) -> Path | None:
    """The shared corpora folder: --shared, else $WIREHOUSE_SHARED, else `shared` beside the repo root."""
    for candidate in (explicit, os.environ.get("WIREHOUSE_SHARED"), (root or REPO_ROOT).parent / "shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    return None



@dataclass(frozen=True)
class ReutersStory:
    newid: str
    title: str
    body: str
    date: dt.date | None = None   # from <DATE>, e.g. 26-FEB-1987 15:01:01.79


_REUTERS_RE = re.compile(r'<REUTERS\b[^>]*\bNEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else ""


def reuters_body(raw: str) -> str:
    text = html.unescape(raw.replace("&#3;", "")).replace("\x03", "")
    text = re.sub(r"\s*\bReuter\s*$", "", text.rstrip())
    return text.strip()


def reuters_date(text: str) -> dt.date | None:
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", text, re.I)
    if not m:
        return None
    try:
        return dt.datetime.strptime(f"{m[1]}-{m[2].title()}-{m[3]}", "%d-%b-%Y").date()
    except ValueError:
        return None


def read_reuters(text: str) -> list[ReutersStory]:
    """Stories with a body from one reut2-NNN.sgm file (already decoded as Latin-1)."""
    stories = []
    for newid, block in _REUTERS_RE.findall(text):
        body = _tag(block, "BODY")
        if body.strip():
            title = " ".join(html.unescape(_tag(block, "TITLE")).split())
            stories.append(ReutersStory(newid, title, reuters_body(body), reuters_date(_tag(block, "DATE"))))
    return stories


def load_reuters(shared: Path, newids: set[str]) -> dict[str, ReutersStory]:
    found = {}
    for path in sorted((shared / "corpora" / "reuters21578").glob("reut2-*.sgm")):
        for story in read_reuters(path.read_text(encoding="latin-1")):
            if story.newid in newids:
                found[story.newid] = story
        if len(found) == len(newids):
            break
    return found


def bbc_path(shared: Path, doc: str) -> Path:
    """`bbc:business/012` is corpora/bbc/business/012.txt."""
    folder, number = doc.split(":", 1)[1].split("/")
    return shared / "corpora" / "bbc" / folder / f"{number}.txt"


def load_bbc(shared: Path, docs: set[str]) -> dict[str, str]:
    """The texts of BBC documents (`bbc:<folder>/<NNN>`), UTF-8 (one file of the corpus is Latin-1)."""
    texts = {}
    for doc in sorted(docs):
        path = bbc_path(shared, doc)
        if path.exists():
            data = path.read_bytes()
            try:
                texts[doc] = data.decode("utf-8")
            except UnicodeDecodeError:
                texts[doc] = data.decode("latin-1")
    return texts

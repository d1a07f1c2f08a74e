"""Benchmark corpora: real Reuters-21578 and BBC stories, resampled with fresh ids.

The stories are read from ../shared at bench time and never copied into the repo; the parts
reserved for acceptance (BBC business 256-510 and politics 209-417, Reuters reut2-010 to 021)
are never read.
Copy 0 of a story is its real text; later copies get a marker line appended, so each
has its own content-derived article id. Files are written in the house format
(` date YYYY-MM-DD Title` header, then the body), 1000 to a folder.
"""
from __future__ import annotations

import datetime as dt
import html
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from loader.quality.corpora import DEVELOPMENT_REUTERS, is_reserved_bbc

PER_FOLDER = 1000
_REUTERS_RE = re.compile(r'<REUTERS\b[^>]*\bNEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
_MONTHS = {m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                                        "NOV", "DEC"), start=1)}


@dataclass(frozen=True)
class Story:
    title: str
    date: dt.date
    body: str


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else ""


def reuters_stories(folder: Path) -> list[Story]:
    """Stories with a body from the reut2-NNN.sgm files (SGML, Latin-1)."""
    stories = []
    for path in (folder / name for name in DEVELOPMENT_REUTERS):  # reut2-010 to 021 are reserved
        if not path.exists():
            continue
        for _, block in _REUTERS_RE.findall(path.read_text(encoding="latin-1")):
            body = html.unescape(_tag(block, "BODY").replace("&#3;", "")).replace("\x03", "")
            body = re.sub(r"\s*\bReuter\s*$", "", body.rstrip()).strip()
            if not body:
                continue
            title = " ".join(html.unescape(_tag(block, "TITLE")).split()).title()
            m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", _tag(block, "DATE"))
            date = dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])) if m else dt.date(1987, 3, 1)
            stories.append(Story(title, date, body))
    return stories


def bbc_title_body(path: Path) -> tuple[str, str] | None:
    """A BBC News file's title (its first line) and body; None when it has no body. One file,
    BBC sport/199, is Latin-1; the others are UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return (title.strip(), body.strip()) if body.strip() else None


def bbc_stories(folder: Path) -> list[Story]:
    """BBC News stories (2004-2005): first line is the title; no dates, so one is drawn per story."""
    rng = random.Random(2005)
    stories = []
    for path in sorted(folder.glob("*/*.txt")):
        if is_reserved_bbc(path):  # business 256-510 and politics 209-417: reserved for acceptance
            continue
        if story := bbc_title_body(path):
            title, body = story
            stories.append(Story(title, dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(730)), body))
    return stories


def real_stories(shared: Path) -> list[Story]:
    """Every distinct real story, in a fixed shuffled order."""
    corpora = shared / "corpora"
    stories = reuters_stories(corpora / "reuters21578") + bbc_stories(corpora / "bbc")
    seen: set[str] = set()
    unique = [s for s in stories if not (s.body in seen or seen.add(s.body))]
    random.Random(21578).shuffle(unique)
    return unique


def house_text(story: Story, marker: str | None = None) -> str:
    body = story.body if marker is None else f"{story.body}\n\n({marker})"
    return f" date {story.date.isoformat()} {story.title}\n{body}\n"


def write_corpus(stories: list[Story], count: int, folder: Path, seed: int = 0) -> Path:
    """`count` articles resampled from `stories` as .txt files; real text first, then marked copies."""
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    for i in range(count):
        copy, index = divmod(i, len(stories))
        marker = None if copy == 0 else f"bench copy {rng.getrandbits(48):012x}"
        sub = folder / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{i:07d}.txt").write_text(house_text(stories[index], marker), encoding="utf-8")
    return folder

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



# reserved for acceptance by others: never read, annotated or tuned on
RESERVED_BBC = {"business": range(256, 511), "politics": range(209, 418)}
DEVELOPMENT_REUTERS = tuple(f"reut2-{n:03d}.sgm" for n in range(10))   # reut2-010 to reut2-021 are reserved


def is_reserved_bbc(path: Path) -> bool:
    """A BBC file of the reserved halves (business 256-510, politics 209-417)."""
    return path.stem.isdigit() and int(path.stem) in RESERVED_BBC.get(path.parent.name, ())


def reuters_files(shared: Path) -> list[Path]:
    """The development Reuters files, reut2-000 to reut2-009 (the others are never opened)."""
    folder = shared / "corpora" / "reuters21578"
    return [folder / name for name in DEVELOPMENT_REUTERS if (folder / name).exists()]


@dataclass(frozen=True)
class ReutersStory:
    newid: str
    title: str
    body: str                     # as a user's load gets it: wrapped lines joined into paragraphs
    date: dt.date | None = None   # from <DATE>, e.g. 26-FEB-1987 15:01:01.79
    raw: str = ""                 # the <BODY> as written (70-column lines), which older gold offsets count in


_REUTERS_RE = re.compile(r'<REUTERS\b[^>]*\bNEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else ""


def reuters_body(raw: str) -> str:
    """A story's <BODY> as written, line breaks kept, without the sign-off (gold texts were read in it)."""
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


def read_reuters(data: bytes | str) -> list[ReutersStory]:
    """Stories with a body from one reut2-NNN.sgm file, read by the product's own `.sgm` reader
    (`loader.ingest.formats.reuters`): the body, title and date a user's `wirehouse run` stores."""
    from loader.ingest.formats import ReadOptions
    from loader.ingest.formats.reuters import read_sgml

    if isinstance(data, str):
        data = data.encode("latin-1")
    raw = {newid: block for newid, block in _REUTERS_RE.findall(data.decode("latin-1"))}
    stories = []
    for record in read_sgml(Path("reuters.sgm"), data, ReadOptions()):
        if record.article is not None:
            newid = str(record.where)
            article = record.article
            stories.append(ReutersStory(newid, article.title or "", article.body, article.published_date,
                                        reuters_body(_tag(raw.get(newid, ""), "BODY"))))
    return stories


def load_reuters(shared: Path, newids: set[str]) -> dict[str, ReutersStory]:
    found = {}
    for path in reuters_files(shared):
        for story in read_reuters(path.read_bytes()):
            if story.newid in newids:
                found[story.newid] = story
        if len(found) == len(newids):
            break
    return found


def span_to_loaded(raw: str, loaded: str, start: int, end: int) -> tuple[int, int]:
    """A span of `raw` as the same span of `loaded`, the same text with only its whitespace
    changed (Reuters' wrapped lines joined into paragraphs): aligned on non-space characters."""
    def nonspace_before(position: int) -> int:
        return sum(1 for c in raw[:position] if not c.isspace())

    first, last = nonspace_before(start), nonspace_before(end) - 1
    starts: dict[int, int] = {}
    seen = 0
    for i, c in enumerate(loaded):
        if not c.isspace():
            if seen in (first, last):
                starts[seen] = i
            seen += 1
    if first not in starts or last not in starts:
        return start, end
    return starts[first], starts[last] + 1


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

"""Entity mentions against our gold (`eval/gold/mentions.jsonl`), per source and split.

The development documents of `eval/gold/splits.json` (BBC stories and Reuters-21578
stories) are loaded with the real pipeline into a temporary warehouse, Reuters stories
with their `<DATE>` as the article date; the published `mention` and `entity` tables are
read back and compared with the gold:

- span recall: gold mentions whose exact span the warehouse has as a mention;
- type accuracy: of those, the share whose entity has the gold type;
- canonical-name accuracy: of those, the share whose entity is named as the gold canonical
  name (compared without case, a leading "the" and punctuation).

A gold mention is `{"doc", "set", "text", "n", "type", "canonical"}`: (text, n) is the
n-th (0-based) occurrence of that exact string in the document text the gold was read in
(BBC: the whole file; Reuters: the `<BODY>` as written, with its 70-column line breaks). Reuters
stories are loaded as a user's `wirehouse run` reads a `.sgm` file (`loader.ingest.formats.reuters`:
wrapped lines joined into paragraphs), and a gold span is carried over to that text by aligning
the two on their non-space characters. Scores are aggregates only: a
held-out document's rows are never printed (`misses` lists tune documents only).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from loader.config import REPO_ROOT, Settings
from loader.ingest.loading import article_id_for
from loader.quality.corpora import load_reuters, span_to_loaded

GOLD_DIR = REPO_ROOT / "eval" / "gold"
SOURCES = ("bbc", "reuters")
SPLITS = ("heldout", "tune")


@dataclass(frozen=True)
class GoldDoc:
    key: str            # bbc:business/176 or reuters:5071
    source: str         # bbc | reuters
    split: str          # tune | heldout
    text: str           # the text as loaded (Reuters: through the product's .sgm reader)
    title: str | None = None
    published: dt.date | None = None
    raw: str | None = None  # the text gold texts were read in, when it differs (Reuters' wrapped lines)

    def locate(self, needle: str, n: int = 0) -> tuple[int, int] | None:
        """The n-th occurrence of a gold text, as a span of the loaded text."""
        source = self.raw if self.raw is not None else self.text
        start = nth(source, needle, n)
        if start is None:
            return None
        if self.raw is None:
            return start, start + len(needle)
        return span_to_loaded(self.raw, self.text, start, start + len(needle))


@dataclass
class Warehouse:
    """What the warehouse made of the gold documents, keyed by gold doc key."""
    offsets: dict[str, int]                                               # doc -> where the body starts in its text
    mentions: dict[str, dict[tuple[int, int], tuple[str, str]]]           # doc -> span -> (type, name)
    meetings: dict[str, list[dict]] = field(default_factory=dict)         # doc -> meeting reports


def load_splits(gold_dir: Path = GOLD_DIR) -> dict:
    return json.loads((gold_dir / "splits.json").read_text(encoding="utf-8"))


def load_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_docs(shared: Path, kinds: tuple[str, ...] = ("mentions", "meetings"),
              gold_dir: Path = GOLD_DIR) -> list[GoldDoc]:
    """The development documents the splits name for these kinds of gold (reserved parts never)."""
    splits = load_splits(gold_dir)
    wanted: dict[str, str] = {}
    for kind in kinds:
        for parts in splits.get(kind, {}).values():
            for split, keys in parts.items():
                for key in keys:
                    wanted[key] = split
    newids = {key.split(":", 1)[1] for key in wanted if key.startswith("reuters:")}
    stories = load_reuters(shared, newids) if newids else {}
    docs = []
    for key, split in sorted(wanted.items()):
        source, name = key.split(":", 1)
        if source == "bbc":
            path = shared / "corpora" / "bbc" / f"{name}.txt"
            if path.exists():
                docs.append(GoldDoc(key, source, split, path.read_bytes().decode("utf-8", errors="replace")))
        elif name in stories:
            story = stories[name]
            docs.append(GoldDoc(key, source, split, story.body, story.title or None, story.date, story.raw))
    return docs


def build_warehouse(workdir: Path, docs: list[GoldDoc], model: str, quiet: bool = True,
                    base: Settings | None = None) -> Path:
    """Load the documents as JSON Lines records (BBC without a date) with `wirehouse run`."""
    from loader.pipeline import execute

    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with (raw / "gold.jsonl").open("w", encoding="utf-8") as fh:
        for doc in docs:
            record = {"body": doc.text, "title": doc.title}
            if doc.published:
                record["published_date"] = doc.published.isoformat()
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    settings = replace(base or Settings(), db=workdir / "warehouse.duckdb", spacy_model=model)
    with contextlib.redirect_stdout(io.StringIO() if quiet else sys.stderr):
        execute(settings, "run", [raw], build=True, quiet=quiet)
    return settings.db


def read_warehouse(db: Path, docs: list[GoldDoc]) -> Warehouse:
    import duckdb

    by_id = {article_id_for(doc.text.strip()): doc for doc in docs}
    offsets: dict[str, int] = {}
    mentions: dict[str, dict] = defaultdict(dict)
    meetings: dict[str, list[dict]] = defaultdict(list)
    with duckdb.connect(str(db), read_only=True) as con:
        for article_id, body in con.execute("select article_id, body from article").fetchall():
            if (doc := by_id.get(article_id)) is not None:
                offsets[doc.key] = max(doc.text.find(body), 0)
        for article_id, start, end, kind, name in con.execute(
                "select m.article_id, m.start_char, m.end_char, e.entity_type, e.name "
                "from mention m join entity e using (entity_id)").fetchall():
            if (doc := by_id.get(article_id)) is not None:
                shift = offsets.get(doc.key, 0)
                mentions[doc.key][(start + shift, end + shift)] = (kind, name)
        for meeting_id, article_id, start, end, meeting_date, precision, participants in con.execute(
                "select r.meeting_id, r.article_id, r.start_char, r.end_char, m.meeting_date, m.date_precision, "
                "list(distinct p.participant_name) "
                "from meeting_report r join meeting m using (meeting_id) "
                "join meeting_participant p using (meeting_id) "
                "group by all").fetchall():
            if (doc := by_id.get(article_id)) is not None:
                shift = offsets.get(doc.key, 0)
                meetings[doc.key].append({"meeting_id": meeting_id, "start": start + shift, "end": end + shift,
                                          "date": meeting_date,
                                          "date_precision": precision, "participants": participants})
    return Warehouse(offsets, dict(mentions), dict(meetings))


def name_key(name: str | None) -> str:
    """A name compared without case, accents, a leading 'the' or punctuation."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^\w\s&]", "", text).replace("&", " and ")
    return re.sub(r"^the\s+", "", " ".join(text.split()))


def nth(text: str, needle: str, n: int) -> int | None:
    position = -1
    for _ in range(n + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return None
    return position


@dataclass
class MentionScore:
    gold: int = 0
    found: int = 0
    type_right: int = 0
    name_right: int = 0

    def add(self, other: MentionScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.type_right += other.type_right
        self.name_right += other.name_right

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def span_recall(self) -> float:
        return self.share(self.found, self.gold)

    @property
    def type_accuracy(self) -> float:
        return self.share(self.type_right, self.found)

    @property
    def name_accuracy(self) -> float:
        return self.share(self.name_right, self.found)


def score_mentions(docs: list[GoldDoc], gold: list[dict], warehouse: Warehouse,
                   misses: list[str] | None = None) -> dict[tuple[str, str], MentionScore]:
    """(source, split) -> score; misses (tune documents only) get one line per wrong mention."""
    texts = {doc.key: doc for doc in docs}
    scores: dict[tuple[str, str], MentionScore] = defaultdict(MentionScore)
    for row in gold:
        doc = texts.get(row["doc"])
        if doc is None:
            continue
        score = scores[(doc.source, doc.split)]
        score.gold += 1
        span = doc.locate(row["text"], row["n"])
        spans = warehouse.mentions.get(doc.key, {})
        found = spans.get(span) if span is not None else None
        if found is None:
            if misses is not None and doc.split == "tune":
                misses.append(f"{doc.key}: span {row['text']!r} not found")
            continue
        score.found += 1
        kind, name = found
        score.type_right += kind == row["type"]
        score.name_right += name_key(name) == name_key(row["canonical"])
        if misses is not None and doc.split == "tune" and (kind != row["type"]
                                                           or name_key(name) != name_key(row["canonical"])):
            misses.append(f"{doc.key}: {row['text']!r} -> {name!r} {kind} (gold {row['canonical']!r} {row['type']})")
    return dict(scores)

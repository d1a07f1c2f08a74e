"""Our figure gold: the files, their sources and splits, and the accuracy of each field.

Gold files are `eval/gold/figures.jsonl` (the seed articles and the first Reuters
stories: source *old*) and `eval/gold/figures_*.jsonl` (BBC and Reuters development
documents, format in `eval/gold/README.md`). Each document is in one split, `heldout` or
`tune` (`"set"` of its rows, as `eval/gold/splits.json` says); the held-out scores are the
honest estimate and are reported first.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from loader.config import REPO_ROOT
from loader.quality.scoring import PRF, same_values, texts_compatible

GOLD_DIR = REPO_ROOT / "eval" / "gold"
SOURCES = ("bbc", "reuters", "old")
SOURCE_NAMES = {"bbc": "BBC", "reuters": "Reuters", "old": "seeds/old"}
SPLITS = ("heldout", "tune")
FIELDS = ("qualifier", "metric", "period", "subjects")


def gold_files(gold_dir: Path = GOLD_DIR) -> list[Path]:
    return sorted(p for p in gold_dir.glob("figures*.jsonl"))


def load_gold(paths: list[Path]) -> dict[str, list[dict]]:
    """doc -> its gold rows, each with `_source` (bbc, reuters or old) and `_split`."""
    gold: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        old = path.name == "figures.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON: {err}") from None
            if "doc" not in row or "value" not in row or "unit" not in row:
                raise ValueError(f"{path}:{number}: a gold row needs doc, value and unit")
            row["_source"] = "old" if old else row["doc"].split(":", 1)[0]
            gold[row["doc"]].append(row)
    for rows in gold.values():
        split = "heldout" if any(r.get("set") == "heldout" for r in rows) else "tune"
        for r in rows:
            r["_split"] = split
    return dict(gold)


def group_of(rows: list[dict]) -> tuple[str, str]:
    return rows[0]["_source"], rows[0]["_split"]


def pair_figures(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one greedy matching in one document on (value, unit) with overlapping texts:
    (pairs, unmatched gold, unmatched predictions)."""
    used: set[int] = set()
    pairs, misses = [], []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and p["unit"] == g["unit"]
                    and same_values(g, p) and texts_compatible(p["text"], g["text"])), None)
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
            pairs.append((g, pred[hit]))
    return pairs, misses, [p for i, p in enumerate(pred) if i not in used]


def _names(values: list[str] | None) -> set[str]:
    """Names compared without case, dots, commas and hyphens ("Henley Group Inc." is "Henley Group
    Inc"; "Co-operation" is "Cooperation": one word spelt two ways, the alias seed's and the text's)."""
    return {" ".join(v.casefold().replace(".", " ").replace(",", " ").replace("-", "").split())
            for v in values or []}


def field_right(name: str, g: dict, p: dict) -> bool:
    if name == "qualifier":
        return (p.get("qualifier") or "exact") == (g.get("qualifier") or "exact")
    if name == "metric":
        return p.get("metric") == g.get("metric")
    if name == "period":
        gold_period = g.get("period")
        pred_period = p.get("period")
        return (gold_period is None and pred_period is None) or (
            gold_period is not None and pred_period is not None and list(gold_period) == list(pred_period))
    if name == "subjects":
        return _names(p.get("subjects")) == _names(g.get("subjects"))
    raise KeyError(name)


@dataclass
class FieldScores:
    docs: int = 0
    figures: PRF = field(default_factory=PRF)
    asked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    all_right: int = 0
    gold_rows: int = 0

    def rate(self, name: str) -> float | None:
        return self.right[name] / self.asked[name] if self.asked[name] else None

    @property
    def every_field(self) -> float | None:
        return self.all_right / self.gold_rows if self.gold_rows else None


def score_document(scores: FieldScores, gold: list[dict], pred: list[dict],
                   misses: list | None = None) -> None:
    """Adds one document: value+unit P/R over all figures; each field over the matched pairs
    whose gold states it (metric: precision, over the pairs the warehouse gave a metric;
    period: over the pairs whose gold has a period); every field right over all gold figures."""
    pairs, missed, extra = pair_figures(gold, pred)
    scores.docs += 1
    scores.figures.add(PRF(len(pairs), len(extra), len(missed)))
    scores.gold_rows += len(gold)
    if misses is not None:
        misses.extend(missed)
    for g, p in pairs:
        ok = True
        for name in FIELDS:
            if name not in g and not (name == "metric" and "metric" in g):
                continue
            right = field_right(name, g, p)
            ok = ok and right
            if name == "metric":
                if p.get("metric") is not None:
                    scores.asked[name] += 1
                    scores.right[name] += right
            elif name == "period":
                if g.get("period") is not None:
                    scores.asked[name] += 1
                    scores.right[name] += right
            else:
                scores.asked[name] += 1
                scores.right[name] += right
        scores.all_right += ok

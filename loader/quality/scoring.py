"""Precision, recall and F1; exact span scoring; one-to-one figure matching."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from loader.quality.conll import CONLL_TYPES, MICRO_TYPES


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


def score_spans(gold: Iterable[tuple], pred: Iterable[tuple], types: Iterable[str] = CONLL_TYPES,
                micro: Iterable[str] = MICRO_TYPES) -> dict[str, PRF]:
    """Exact-match P/R/F1 per type (last element of each span tuple) and micro over `micro` types."""
    gold, pred = set(gold), set(pred)
    result = {kind: PRF() for kind in types}
    for kind in result:
        g = {s for s in gold if s[-1] == kind}
        p = {s for s in pred if s[-1] == kind}
        result[kind] = PRF(len(g & p), len(p - g), len(g - p))
    overall = PRF()
    for kind in micro:
        overall.add(result[kind])
    result["overall"] = overall
    return result


def same_value(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def texts_compatible(a: str, b: str) -> bool:
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return a in b or b in a


def same_values(gold: dict, pred: dict) -> bool:
    """A gold range needs both ends; a predicted range matches a gold figure at either end
    (the gold names one number of a range the warehouse keeps as one figure)."""
    if gold.get("value_high") is not None:
        return same_value(pred["value"], gold["value"]) and same_value(pred.get("value_high"), gold["value_high"])
    return same_value(pred["value"], gold["value"]) or (
        pred.get("value_high") is not None and same_value(pred["value_high"], gold["value"]))


def match_figures(gold: list[dict], pred: list[dict], with_metric: bool = False,
                  misses: list | None = None, extras: list | None = None) -> PRF:
    """One-to-one greedy matching inside one document: same (value, unit) [and metric], texts overlapping.
    Unmatched gold figures are appended to `misses`, unmatched predictions to `extras`, when given."""
    used, tp = set(), 0
    for g in gold:
        found = False
        for i, p in enumerate(pred):
            if i in used or p["unit"] != g["unit"] or not same_values(g, p):
                continue
            if with_metric and p.get("metric") != g.get("metric"):
                continue
            if not texts_compatible(p["text"], g["text"]):
                continue
            used.add(i)
            tp += 1
            found = True
            break
        if not found and misses is not None:
            misses.append(g)
    if extras is not None:
        extras.extend(p for i, p in enumerate(pred) if i not in used)
    return PRF(tp, len(pred) - tp, len(gold) - tp)

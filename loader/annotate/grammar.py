"""The number and unit grammar's vocabularies, read from the dbt seeds in one place.

Every seed the figure rules read is loaded here (units, number words, qualifiers, table
row labels, metric rules, period patterns); the annotator's version carries a hash of
their bytes (`Grammar.digest`), so editing a seed re-annotates every article on the next
run (the figures are computed by the annotator, and dbt only reads them).
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SEED_FILES = ("units.csv", "number_words.csv", "qualifiers.csv", "row_labels.csv", "metric_rules.csv",
              "period_patterns.csv", "calendar_words.csv", "forecast_words.csv", "entity_descriptors.csv")


@dataclass(frozen=True)
class Unit:
    pattern: re.Pattern[str]
    unit: str
    factor: float
    kind: str                      # currency | percent | measure
    context: re.Pattern[str] | None  # the row applies only when its sentence (or article) matches it
    scope: str = "sentence"          # where `context` is looked for: sentence | article


@dataclass(frozen=True)
class MetricRule:
    metric: str
    unit: str                      # a unit, or `currency` for any currency, or `any`
    priority: int
    pattern: re.Pattern[str]
    entity_types: frozenset[str]
    min_entities: int


@dataclass(frozen=True)
class RowLabel:
    pattern: re.Pattern[str]
    kind: str                      # currency | count
    metric: str | None


@dataclass(frozen=True)
class Grammar:
    seeds: Path

    def rows(self, name: str) -> list[dict[str, str]]:
        path = self.seeds / name
        if not path.exists():
            return []
        with path.open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for name in SEED_FILES:
            path = self.seeds / name
            h.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
        return h.hexdigest()[:10]

    @cached_property
    def units(self) -> list[Unit]:
        return [Unit(re.compile(r["pattern"], re.I), r["unit"], float(r["factor"]), r["kind"],
                     re.compile(r["context"], re.I) if r.get("context") else None, r.get("scope") or "sentence")
                for r in self.rows("units.csv")]

    @cached_property
    def words(self) -> dict[str, tuple[float, str]]:
        return {r["word"].lower(): (float(r["value"]), r["kind"]) for r in self.rows("number_words.csv")}

    def alternation(self, *kinds: str) -> str:
        words = [w for w, (_, kind) in self.words.items() if kind in kinds]
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    @cached_property
    def qualifiers(self) -> list[tuple[str, str]]:
        """(phrase, qualifier), longest phrase first."""
        rows = [(r["phrase"].lower(), r["qualifier"]) for r in self.rows("qualifiers.csv")]
        return sorted(rows, key=lambda pq: len(pq[0]), reverse=True)

    @cached_property
    def qualifier_re(self) -> str:
        return "|".join(re.escape(p) for p, _ in self.qualifiers)

    @cached_property
    def row_labels(self) -> list[RowLabel]:
        # a share class after the label counts as the label: 'Shr "A"', 'Final div class B'
        return [RowLabel(re.compile(rf'(?:{r["pattern"]})(?:\s+(?:class\s+)?"?[A-Z]"?)?', re.I), r["kind"],
                         r.get("metric") or None)
                for r in self.rows("row_labels.csv")]

    @cached_property
    def metric_rules(self) -> list[MetricRule]:
        rules = [MetricRule(r["metric"], r["unit"], int(r["priority"]), re.compile(r["pattern"], re.I),
                            frozenset(t for t in (r.get("entity_types") or "").split("|") if t),
                            int(r.get("min_entities") or 0))
                 for r in self.rows("metric_rules.csv")]
        return sorted(rules, key=lambda rule: (rule.priority, rule.metric))

    @cached_property
    def period_patterns(self) -> list[tuple[str, int, re.Pattern[str]]]:
        rows = [(r["kind"], int(r["priority"]), re.compile(r["pattern"], re.I))
                for r in self.rows("period_patterns.csv")]
        return sorted(rows, key=lambda row: row[1])

    @cached_property
    def months(self) -> dict[str, int]:
        out = {}
        for r in self.rows("calendar_words.csv"):
            if r["kind"] == "month":
                out[r["word"].lower()] = int(r["number"])
                out[r["word"].lower()[:3]] = int(r["number"])
        return out

    @cached_property
    def forecast(self) -> re.Pattern[str]:
        words = [r["word"] for r in self.rows("forecast_words.csv")] or ["expected", "forecast", "will"]
        return re.compile(r"\b(" + "|".join(words) + r")\b", re.I)

    @cached_property
    def company_name(self) -> re.Pattern[str]:
        """A name ending in a company word (seed entity_descriptors, kind suffix: "Owens-Illinois Inc")."""
        words = [r["descriptor"] for r in self.rows("entity_descriptors.csv") if r["kind"] == "suffix"] or ["inc"]
        return re.compile(r"\S\s+(?:" + "|".join(map(re.escape, words)) + r")\.?$", re.I)

    @cached_property
    def opener(self) -> re.Pattern[str]:
        """A capitalised adverb or preposition opening a sentence that the tagger took into a name
        (seed entity_descriptors, kind opener: "Eventually Asimo", "Throughout")."""
        words = [r["descriptor"].capitalize() for r in self.rows("entity_descriptors.csv") if r["kind"] == "opener"]
        return re.compile(r"(?:" + "|".join(map(re.escape, words or ["Eventually"])) + r")(?:\s+|$)")

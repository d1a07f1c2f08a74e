"""Rule-based number spans that complement spaCy's NER.

The small English model misses many amounts ("about 3 billion pounds", "15.5 mln
dlrs"). This finder matches a number with a currency, a scale word or a unit, using the
vocabularies of the dbt seeds (`units.csv`, `number_words.csv`, `qualifiers.csv`), so
one edit there serves both the finder and the figure parser. A number with a qualifier
("around 21") counts too; bare numbers are left to the model.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

VERSION = "2"
KIND_LABEL = {"currency": "MONEY", "percent": "PERCENT", "measure": "QUANTITY"}
CURRENCY_PREFIX = r"(?:US\$|HK\$|NZ\$|C\$|A\$|\$|€|£|¥|₹)"
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class NumberFinder:
    seeds: Path

    @cached_property
    def _units(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(row["pattern"], re.IGNORECASE), row["kind"]) for row in self._rows("units.csv")]

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        scales = [row["word"] for row in self._rows("number_words.csv") if row["kind"] == "scale"]
        scale = "|".join(sorted(map(re.escape, scales), key=len, reverse=True))
        qualifier = "|".join(f"(?:{row['phrase']})" for row in self._rows("qualifiers.csv"))
        units = "|".join(f"(?:{pattern.pattern})" for pattern, _ in self._units)
        return re.compile(
            rf"(?<![\w.,$€£¥])(?P<qualifier>\b(?:{qualifier})\s+)?(?P<prefix>{CURRENCY_PREFIX}\s?)?(?P<number>{NUMBER})"
            rf"(?P<scale>\s?(?:{scale})\b)?(?P<unit>\s?(?:{units}))?(?![\w$€£¥])",
            re.IGNORECASE,
        )

    def _rows(self, name: str) -> list[dict[str, str]]:
        with (self.seeds / name).open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def find(self, text: str) -> list[NumberSpan]:
        spans = []
        for match in self._pattern.finditer(text):
            if not (match["qualifier"] or match["prefix"] or match["scale"] or match["unit"]):
                continue
            spans.append(NumberSpan(match.start(), match.end(), self._label(match)))
        return spans

    def _label(self, match: re.Match[str]) -> str:
        if match["prefix"]:
            return "MONEY"
        unit = (match["unit"] or "").strip()
        for pattern, kind in self._units:
            if unit and pattern.fullmatch(unit):
                return KIND_LABEL[kind]
        return "CARDINAL"


def merge(model_spans: list[tuple[int, int, str]], found: list[NumberSpan],
          number_labels: frozenset[str]) -> list[tuple[int, int, str]]:
    """Number spans from the model, widened or added where the finder saw more.

    A found span is kept when it overlaps no model entity, or when it contains every
    model number span it overlaps and overlaps no other entity (a date, a name).
    """
    result = [span for span in model_spans if span[2] in number_labels]
    for span in found:
        overlapping = [m for m in model_spans if m[0] < span.end and span.start < m[1]]
        if any(m[2] not in number_labels for m in overlapping):
            continue
        if all(span.start <= m[0] and m[1] <= span.end for m in overlapping):
            result = [m for m in result if m not in overlapping]
            result.append((span.start, span.end, span.label))
    return sorted(result)

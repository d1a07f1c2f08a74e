"""The Recognizers-Text specs: the news-like cases, their units and values."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path


RT_MODELS = ("CurrencyModel", "PercentModel", "DimensionModel", "NumberModel")
RT_DIMENSION_UNITS = {  # RT unit -> ours; RT units absent here are not news units and the case is skipped
    "Meter": "m", "Kilometer": "km", "Mile": "mi", "Foot": "ft", "Inch": "in", "Millimeter": "mm",
    "Ton": "t", "Metric ton": "t", "Kilogram": "kg", "Pound": "lb", "Ounce": "oz", "Gram": "g",
    "Barrel": "bbl", "Gallon": "gal", "Acre": "acre", "Square meter": "m2", "Square kilometer": "km2",
    "Cubic foot": "ft3", "Kilometer per hour": "km/h", "Mile per hour": "mph",
}
RT_CURRENCY_NO_ISO = {"Dollar": "USD", "Pound": "GBP"}  # RT leaves isoCurrency empty for these
NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                          r"fifty|hundred|thousand|million|billion|dozen)\b", re.I)


def rt_unit(model: str, result: dict) -> str | None:
    res = result.get("Resolution") or {}
    if model == "CurrencyModel":
        return res.get("isoCurrency") or RT_CURRENCY_NO_ISO.get(res.get("unit"))
    if model == "PercentModel":
        return "percent"
    if model == "DimensionModel":
        return RT_DIMENSION_UNITS.get(res.get("unit"))
    return "count"


def rt_value(result: dict) -> float | None:
    try:
        return float(str((result.get("Resolution") or {}).get("value", "")).rstrip("%").replace(",", ""))
    except ValueError:
        return None


RT_MIN_WORDS = 4
# after a number: a unit or currency word (the other specs test those amounts) or a time word
_AMOUNT_AFTER = re.compile(r"^\s*(?:-\s*)?(?:%|percent|per cent|years?|months?|weeks?|days?|hours?|minutes?|"
                           r"dollars?|euros?|pounds?|yuan|yen|cents?|[a-z]*met(?:er|re)s?|miles?|feet|foot|inch(?:es)?|"
                           r"tons?|tonnes?|kilo\w*|kg|km|gallons?|barrels?)\b", re.I)


def running_words(text: str, gold: list[dict]) -> int:
    """Words of two or more letters in the input outside the expected results' texts."""
    for g in gold:
        text = re.sub(re.escape(g["text"]), " ", text, flags=re.I)
    return len(re.findall(r"[A-Za-z]{2,}", text))


def part_of_other_fact(text: str, result: str) -> bool:
    """Whether a NumberModel result is the number of an amount, a duration or a date in the input
    (`$10000`, `3 years`, `in 1988`): those are other facts (or, for durations and dates, no figure)."""
    for m in re.finditer(re.escape(result), text, re.I):
        before, after = text[:m.start()], text[m.end():]
        if re.search(r"[$€£¥]\s*$", before) or _AMOUNT_AFTER.match(after):
            return True
    return False


def load_rt_cases(shared: Path, limit: int | None = None) -> tuple[list[dict], dict[str, int]]:
    """News-like RT cases: [{model, input, gold: [{text, value, unit}]}] and why others were skipped."""
    cases, skipped = [], defaultdict(int)
    for model in RT_MODELS:
        path = shared / "corpora" / "figures" / f"{model}.json"
        taken = 0
        for case in json.loads(path.read_text(encoding="utf-8-sig")):
            if limit is not None and taken >= limit:
                break
            text = case.get("Input", "")
            if case.get("NotSupported") or case.get("NotSupportedByDesign"):
                skipped["marked NotSupported"] += 1
                continue
            if not case.get("Results"):
                skipped["no expected result"] += 1
                continue
            if not (re.search(r"\d", text) or NUMBER_WORDS.search(text)):
                skipped["no digits or number words"] += 1
                continue
            gold = []
            for result in case["Results"]:
                unit, value = rt_unit(model, result), rt_value(result)
                if unit is None or value is None:
                    gold = None
                    break
                gold.append({"text": result["Text"], "value": value, "unit": unit})
            if gold is None:
                skipped["unit or value not news-like"] += 1
                continue
            if running_words(text, gold) < RT_MIN_WORDS:
                skipped["not running text"] += 1
                continue
            if model == "NumberModel" and any(part_of_other_fact(text, g["text"]) for g in gold):
                skipped["number of an amount, duration or date"] += 1
                continue
            cases.append({"model": model, "input": text.strip(), "gold": gold})
            taken += 1
    return cases, dict(skipped)

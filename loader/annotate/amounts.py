"""One number span read as an amount: value, value_high, unit, qualifier (the figure grammar).

This is the only place the grammar of an amount is written (issue #13): the dbt models
read the values the annotator stores in `raw.number_span`. A span reads as

    [qualifier] [between] [currency] number [scale...] [unit]  [(to|-|and) [currency] number [scale...] [unit]]

where the number is digits ("1,234.5"), a fraction ("10 1/2"), number words ("five") or a part
of a written-out scale ("half a million", "a quarter of a million", "a billion");
scale words may be written out or glued ("mln", "bn", "434m", "5tn"; `m` and `k` are a
scale only in an amount of money, else `m` is metres); minor currency units ("325.5p",
"five cts", "50 centimes") carry the factor 0.01 of their major unit. Words before the
figure that are not a qualifier ("only" in "risen only 0.8 pct") are not part of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from loader.annotate.grammar import Grammar, Unit
from loader.annotate.numbers import PART_OF_SCALE, PART_VALUES

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
FRACTION = r"(?P<whole>\d+)[- ](?P<num>\d{1,2})/(?P<den>\d{1,2})|(?P<num2>\d)/(?P<den2>\d{1,2})"
MONEY_ONLY_SCALE = "money_scale"
# after a number with a glued `m`: metres, not a million
LENGTH_CONTEXT = re.compile(r"^\s*(?:-\s*)?(?:tall|high|long|wide|deep|race|sprint|freestyle|hurdles|relay|dash|"
                            r"butterfly|backstroke|breaststroke|medley|run|event|final|swim|jump|throw|drop|radius|"
                            r"above|below|under|away|in (?:height|length|diameter)|x\b|by\b)", re.I)


@dataclass(frozen=True)
class Side:
    number: float
    scale: float
    unit: Unit | None
    has_prefix: bool
    is_ordinal: bool
    words_only: bool      # written in words ("two")
    end: int              # end of the side in the text it was read from


@dataclass(frozen=True)
class Amount:
    start: int            # in the article, a qualifier before the span included
    end: int
    number: float         # unscaled
    scale: float
    value: float | None
    value_high: float | None
    unit: str | None
    unit_kind: str | None
    factor: float
    qualifier: str
    is_ordinal: bool
    is_bare: bool         # no unit, currency or scale word of its own
    words_only: bool


class AmountReader:
    def __init__(self, grammar: Grammar) -> None:
        self.g = grammar
        cardinal = grammar.alternation("number")
        ordinal = grammar.alternation("ordinal")
        scale = grammar.alternation("scale", MONEY_ONLY_SCALE)
        self._number = re.compile(
            rf"(?P<part>{PART_OF_SCALE})|(?P<fraction>{FRACTION})|(?P<digits>{DIGITS})(?P<suffix>st|nd|rd|th)?"
            rf"|(?P<words>\b(?:{cardinal}|{ordinal})(?:[- ](?:{cardinal}|{ordinal}))*\b)", re.I)
        self._scale = re.compile(rf"\s?(?P<scale>{scale})(?![a-z])", re.I)
        self._qualifier = re.compile(rf"^(?P<q>{grammar.qualifier_re})\s+", re.I)
        self._qualifier_before = re.compile(rf"\b(?P<q>{grammar.qualifier_re})\s+$", re.I)
        self._begin = re.compile(rf"\b(?:{grammar.qualifier_re}|between)\s|{PART_OF_SCALE}|"
                                 rf"(?:\b(?:us|hk|nz|c|a|s|r) ?)?[$€£¥₹₩₽]|"
                                 rf"\d|\.\d|\b(?:{cardinal}|{ordinal})\b", re.I)

    # ------------------------------------------------------------------ one side

    def _unit(self, text: str, context: tuple[str, str]) -> Unit | None:
        """The unit written first in `text`, then one its context confirms, then the longest."""
        best, best_key = None, None
        for unit in self.g.units:
            m = unit.pattern.search(text)
            if not m:
                continue
            if unit.context is not None and not unit.context.search(context[unit.scope == "article"]):
                continue
            key = (m.start(), unit.context is None, -len(m.group()))
            if best_key is None or key < best_key:
                best, best_key = unit, key
        return best

    def _side(self, text: str, context: tuple[str, str], after: str = "") -> Side | None:
        """One amount: text is "[currency] number [scale...] [unit...]" (lower case)."""
        m = self._number.search(text)
        if not m:
            return None
        prefix = text[:m.start()].strip()
        words_only = False
        ordinal = False
        if m["part"]:
            words_only = True
            number = next((v for word, v in PART_VALUES if word in m["part"].lower()), 1.0)
        elif m["fraction"]:
            if m["whole"]:
                number = int(m["whole"]) + int(m["num"]) / max(1, int(m["den"]))
            else:
                number = int(m["num2"]) / max(1, int(m["den2"]))
        elif m["digits"]:
            number = float(m["digits"].replace(",", ""))
            ordinal = bool(m["suffix"])
        else:
            words_only = True
            number, ordinal = 0.0, False
            for word in re.split(r"[- ]", m["words"].lower()):
                value, kind = self.g.words.get(word, (0.0, ""))
                number += value
                ordinal = ordinal or kind == "ordinal"
        rest = text[m.end():]
        # scale words ("mln", "billion", glued "434m"); several multiply ("hundred thousand")
        scale, pos, pending_money = 1.0, 0, []
        while sm := self._scale.match(rest, pos):
            word = sm["scale"].lower()
            value, kind = self.g.words[word]
            if kind == MONEY_ONLY_SCALE:
                pending_money.append((value, pos))
            else:
                scale *= value
            pos = sm.end()
        unit_text = rest[pos:]
        unit = self._unit((prefix + " " if prefix else "") + unit_text, context) if (prefix or unit_text.strip()) \
            else None
        if pending_money:
            if unit is not None and unit.kind == "currency":
                for value, _ in pending_money:
                    scale *= value
            elif LENGTH_CONTEXT.match(rest[pos:] or after) or (unit is not None and unit.kind != "measure"):
                # "the 100m race", "2m tall": the glued `m` is metres
                unit = self._unit(rest[pending_money[0][1]:].lstrip(), context)
            else:
                # "about 1m people", "4m tonnes": a million
                for value, _ in pending_money:
                    scale *= value
        if words_only and number == 0 and scale > 1:
            number = 1.0  # "a million"
        return Side(number, scale, unit, bool(prefix), ordinal, words_only, m.end() + pos)

    # ------------------------------------------------------------------ a span

    def read(self, body: str, start: int, end: int, label: str, sentence: str = "") -> Amount | None:
        raw = body[start:end]
        text = re.sub(r"\s+", " ", raw.lower())
        qualifier, q_start = "exact", start
        # words before the figure that are neither a qualifier nor part of the amount ("only")
        begin = self._begin.search(text)
        if begin and begin.start() > 0:
            start, text = start + _raw_offset(raw, begin.start()), text[begin.start():]
        qm = self._qualifier.match(text)
        if qm:
            qualifier = self._qualifier_of(qm["q"])
            text = text[qm.end():]
        else:
            before = re.sub(r"\s+", " ", body[max(0, start - 30):start].lower())
            qb = self._qualifier_before.search(before)
            if qb:
                qualifier = self._qualifier_of(qb["q"])
                q_start = start - _raw_len_back(body, start, len(qb.group()))
        q_start = min(q_start, start)
        # a sign word: "minus 0.8 pct" is -0.8
        sign = 1.0
        if (neg := re.search(r"\bminus\s+$", body[max(0, q_start - 12):q_start], re.I)) or text.startswith("minus "):
            sign = -1.0
            if neg:
                q_start -= len(neg.group())
            else:
                text = text[len("minus "):]
        low, high, is_range = self._split(text, label)
        context = (sentence.lower() or body.lower(), body.lower())
        after = body[end:end + 30]
        a = self._side(low, context, "" if high else after)
        if a is None:
            return None
        b = self._side(high, context, after) if high else None
        unit = a.unit or (b.unit if b else None)
        scale = a.scale if a.scale != 1 or b is None else b.scale
        if b is not None and not is_range:
            b = None
        value_high = None
        kind = unit.kind if unit else None
        factor = unit.factor if unit else 1.0
        if label == "PERCENT" and (unit is None or unit.kind != "percent"):
            kind, unit_name, factor = "percent", "percent", 1.0
        elif unit is not None:
            unit_name = unit.unit
        elif label == "MONEY" and (a.has_prefix or (b and b.has_prefix)):
            unit_name, kind = None, "currency"
        else:
            unit_name, kind = "count", None
        if b is not None:
            high_value = b.number * b.scale * factor
            low_value = a.number * scale * factor
            if high_value > low_value:
                value_high, qualifier = high_value, "range"
        value = sign * a.number * scale * factor
        bare = unit is None and scale == 1 and not a.has_prefix and label not in ("PERCENT",)
        return Amount(start=q_start, end=end, number=sign * a.number, scale=scale, value=value, value_high=value_high,
                      unit=unit_name, unit_kind=kind if unit_name != "count" else None, factor=factor,
                      qualifier=qualifier, is_ordinal=a.is_ordinal or label == "ORDINAL",
                      is_bare=bare and label in ("CARDINAL", "ORDINAL", "MONEY", "QUANTITY"),
                      words_only=a.words_only)

    def _qualifier_of(self, phrase: str) -> str:
        phrase = " ".join(phrase.lower().split())
        return next((q for p, q in self.g.qualifiers if p == phrase), "exact")

    def _split(self, text: str, label: str) -> tuple[str, str | None, bool]:
        """(low side, high side, whether they make a range)."""
        if m := re.match(r"^between\s+(.+?)\s+and\s+(.+)$", text):
            return m[1], m[2], True
        if m := re.match(r"^(.*\d.*?|[a-z]+)\s+to\s+(.*\d.*|.+)$", text):
            return m[1], m[2], True
        if label != "CARDINAL" and (m := re.match(r"^([^\d]*\d[\d,.]*)\s*[-–]\s*(\d.*)$", text)) \
                and not re.match(r"^\d+[- ]\d{1,2}/\d", text):
            return m[1], m[2], True
        return text, None, False


def _raw_offset(raw: str, normalized_chars: int) -> int:
    """The offset in `raw` of the first `normalized_chars` characters of its whitespace-collapsed lower case."""
    count, i = 0, 0
    while i < len(raw) and count < normalized_chars:
        if raw[i].isspace():
            while i < len(raw) and raw[i].isspace():
                i += 1
            count += 1
        else:
            i += 1
            count += 1
    return i


def _raw_len_back(body: str, start: int, normalized_chars: int) -> int:
    """How many raw characters before `start` make up `normalized_chars` collapsed characters."""
    count, i = 0, start
    while i > 0 and count < normalized_chars:
        if body[i - 1].isspace():
            while i > 0 and body[i - 1].isspace():
                i -= 1
            count += 1
        else:
            i -= 1
            count += 1
    return start - i

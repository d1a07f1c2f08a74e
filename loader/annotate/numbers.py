"""Rule-based number spans that complement spaCy's NER.

The small English model misses many amounts ("about 3 billion pounds", "15.5 mln
dlrs"). This finder matches a number with a currency, a scale word or a unit, using the
vocabularies of the dbt seeds (`units.csv`, `number_words.csv`, `qualifiers.csv`), so
one edit there serves both the finder and the figure parser. A number with a qualifier
("around 21") counts too; bare numbers are left to the model.

Numbers may be digits, fractions ("10 1/2") or number words ("nine pct"); a unit may be
glued or hyphenated ("7.62mm", "3-inch") or broken over a line. A range is one span
("5-7 pct", "15 mln to 16 mln bushels", "between 5 and 7 percent", "£30 to £40"); "rose from 5
to 7 pct" and, after a verb of change, "rose 356 mln dlrs to 66.19 billion dlrs" and "adding $1.89
to $48.62" are changes, two spans (a model span of that shape is split too).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

VERSION = "8"  # the figure rules: bump when a rule in loader/annotate changes what it finds
KIND_LABEL = {"currency": "MONEY", "percent": "PERCENT", "measure": "QUANTITY"}
# tokenized text writes "hk $ 10.05"; "a $" with a space is the article, not A$
CURRENCY_PREFIX = r"(?:(?:US|HK|NZ|C) ?\$|(?:A|S|R)\$|\$|€|£|¥|₹|₩|₽|₪|₴|฿|₦|₡|₾|₭)"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
FRACTION = r"\d+[- ]\d{1,2}/\d{1,2}|\d/\d{1,2}"  # "10 1/2", "9-15/16"
CONNECTOR = r"\s*(?:-|–|to|and)\s*"
# a part of a written-out scale: "half a million", "a quarter of a million", "a billion"
PART_OF_SCALE = (r"\b(?:(?:(?:a|one)\s+)?half|(?:a|one|three)\s+quarters?)(?:\s+of)?\s+an?(?=\s+(?:million|billion|"
                 r"trillion|thousand)\b)|\ban?(?=\s+(?:million|billion|trillion|thousand)\b)")
PART_VALUES = (("three", 0.75), ("quarter", 0.25), ("half", 0.5))
# a verb of change right before "X to Y" makes it a change and a level, two figures ("rose 32,000 to
# 1.41 million", "adding $1.89 to $48.62"); without one, "£30 to £40 titles" is a range
CHANGE_BEFORE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|falls?|fallen|falling|drop(?:ped|s|ping)?|gain(?:ed|s|ing)?|add(?:ed|s|ing)?|"
    r"lost|los(?:es|ing)|increas(?:ed|es|ing)|decreas(?:ed|es|ing)|cut(?:s|ting)?|grew|grow(?:s|n|ing)?|"
    r"climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|slipp(?:ed|ing)|slips?|declin(?:ed|es|ing)|plunged?|soar(?:ed|s|ing)?|"
    r"rais(?:ed|es|ing)|reduc(?:ed|es|ing)|lift(?:ed|s|ing)?|boost(?:ed|s|ing)?|widen(?:ed|s|ing)?|"
    r"narrow(?:ed|s|ing)?|eased?|eas(?:es|ing)|slump(?:ed|s|ing)?|surg(?:ed|es|ing)|tumbl(?:ed|es|ing)|"
    r"shed|shedding|sank|sunk|dipp(?:ed|ing)|dips?|up|down)\s+(?:by\s+)?$", re.I)


GLUED_AMOUNTS = re.compile(r"[\d.,]+\s*[a-z]{0,5}(?:\s*(?:to|-|–)\s*[\d.,]+\s*[a-z]{0,5})?", re.I)
NIL_BEFORE = re.compile(r"\b(?:vs\.?|versus)\s+(?:(?:net\s+)?(?:loss|profit)\s+)?$", re.I)
NIL_AFTER = re.compile(r"\s+(?:vs\.?|versus)\s", re.I)


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    label: str
    unit_start: int | None = None  # where the unit words begin ("N.Z. Dlrs" may hold a place name)


@dataclass(frozen=True)
class NumberFinder:
    seeds: Path

    @cached_property
    def _units(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(row["pattern"], re.IGNORECASE), row["kind"]) for row in self._rows("units.csv")]

    def _words(self, *kinds: str) -> str:
        words = [row["word"] for row in self._rows("number_words.csv") if row["kind"] in kinds]
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    def _amount(self, tag: str) -> str:
        """One number with its optional currency prefix, scale words and unit; groups end in `tag`."""
        cardinal = self._words("number")
        number = rf"{PART_OF_SCALE}|{FRACTION}|{DIGITS}|\b(?:{cardinal})(?:[- ](?:{cardinal}))*\b"
        # longer patterns first, so that "miles an hour" is not cut at "miles"
        patterns = sorted((unglued(pattern.pattern) for pattern, _ in self._units), key=len, reverse=True)
        units = "|".join(f"(?:{pattern})" for pattern in patterns)
        return (rf"(?P<prefix{tag}>{CURRENCY_PREFIX}\s?)?(?P<number{tag}>{number})"
                rf"(?P<scale{tag}>(?:\s?(?:{self._words('scale', 'money_scale')})\b)+)?"
                rf"(?P<unit{tag}>(?:\s?|-)(?:{units})(?![\w$€£¥]))?")

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        qualifier = "|".join(f"(?:{row['phrase']})" for row in self._rows("qualifiers.csv"))
        return re.compile(
            rf"(?<![\w.,$€£¥/-])(?P<qualifier>\b(?:{qualifier})\s+)?(?P<between>\bbetween\s+)?{self._amount('')}"
            rf"(?:(?P<connector>{CONNECTOR}){self._amount('2')})?(?![\w$€£¥])",
            re.IGNORECASE,
        )

    def _rows(self, name: str) -> list[dict[str, str]]:
        with (self.seeds / name).open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def find(self, text: str) -> list[NumberSpan]:
        spans = []
        for match in self._pattern.finditer(text):
            for start, end, label in self._spans(text, match):
                if label:
                    units = [match.start(g) for g in ("unit", "unit2") if match[g] and start <= match.start(g) < end]
                    spans.append(NumberSpan(start, end, label, min(units) if units else None))
        # "Shr loss 34 cts vs loss nil", "losses of nil vs 16.1 mln dlrs": a nil compared is an amount of zero
        for match in re.finditer(r"\bnil\b", text, re.I):
            compared = NIL_BEFORE.search(text[max(0, match.start() - 20):match.start()]) \
                or NIL_AFTER.match(text, match.end())
            if compared and not any(s.start <= match.start() < s.end for s in spans):
                spans.append(NumberSpan(match.start(), match.end(), "CARDINAL"))
        return sorted(spans, key=lambda s: s.start)

    def _spans(self, text: str, match: re.Match[str]) -> list[tuple[int, int, str | None]]:
        """The match as one span (a range), or as its first amount and its second."""
        first = self._label(match, "") if match["qualifier"] or match["prefix"] or match["scale"] or match["unit"] \
            else None
        start = match.start("qualifier") if match["qualifier"] else match.start("prefix") if match["prefix"] \
            else match.start("number")
        if not match["connector"]:
            return [(start, match.end(), first)]
        second = self._label(match, "2") if match["prefix2"] or match["scale2"] or match["unit2"] else None
        connector = match["connector"].strip().lower()
        before = text[max(0, match.start() - 30):match.start()].lower()
        if second is None and match["between"] and connector == "and":
            second = first  # "between 4.08 dlrs and 4.72": the second end shares the first's unit
        is_range = (
            second is not None
            and first in (None, "CARDINAL", second)
            and (connector == "and") == bool(match["between"])
            # "rose 356 mln dlrs to 66.19 billion dlrs" is a change and a level
            and not (connector == "to" and not match["between"] and CHANGE_BEFORE.search(before))
            # "rose from 5 to 7 pct" is a change (two figures); "ranged from 5 to 7 pct" a range
            and not (connector == "to" and re.search(r"\bfrom\s+$", before)
                     and not re.search(r"\brang\w*\s+from\s+$", before))
            # "lead the Conservatives by 39% to 34%": a range never descends, so these are two figures
            and not _descending(match)
            # "boost net income by 400m euros to 2.5bn euros": a change by one amount to another of another scale
            and not (connector == "to" and re.search(r"\bby\s+$", before) and match["scale"] and match["scale2"]
                     and match["scale"].strip().lower() != match["scale2"].strip().lower()))
        if is_range:
            label = next((label for label in (first, second) if label and label != "CARDINAL"), second)
            return [(match.start(), match.end(), label)]
        end = match.end("unit") if match["unit"] else match.end("scale") if match["scale"] else match.end("number")
        return [(start, end, first),
                (match.start("prefix2") if match["prefix2"] else match.start("number2"), match.end(), second)]

    def _label(self, match: re.Match[str], tag: str) -> str:
        if match["prefix" + tag]:
            return "MONEY"
        unit = (match["unit" + tag] or "").strip().strip("-").strip()
        for pattern, kind in self._units:
            if unit and re.fullmatch(unglued(pattern.pattern), unit, re.IGNORECASE):
                return KIND_LABEL[kind]
        return "CARDINAL"


def _plain(number: str | None) -> float | None:
    """A number written in digits ("1,981", "39.5") as a float, else None (words, fractions)."""
    return float(number.replace(",", "")) if number and re.fullmatch(DIGITS, number) else None


def _descending(match: re.Match[str]) -> bool:
    """Whether the two ends of "X to Y" have the same scale and the high end is below the low one."""
    low, high = _plain(match["number"]), _plain(match["number2"])
    same_scale = (match["scale"] or "").strip().lower() == (match["scale2"] or "").strip().lower()
    return low is not None and high is not None and same_scale and high < low


def unglued(pattern: str) -> str:
    """A unit pattern without its leading word boundaries, so that a glued unit ("7.62mm") matches,
    and any whitespace where it has a space (a line break in "cubic metres")."""
    return re.sub(r"(^|[|(])\\b", r"\1", pattern).replace(" ?", r"\s*").replace(" ", r"\s+")


def _number_start(text: str, span: tuple[int, int, str]) -> int:
    """Where the number of a model span begins: its first digit, else its start."""
    m = re.search(r"[\d$€£¥]", text[span[0]:span[1]])
    return span[0] + m.start() if m and re.fullmatch(r"(?i)(?:[a-z]+\s+)*", text[span[0]:span[0] + m.start()]) \
        else span[0]


def _line_cut(span: tuple[int, int, str], text: str) -> tuple[int, int, str]:
    """A number span cut at the first line break after its first digit, and without a connector it ends on
    ("20 mln to" of "rose by 20 mln to 25 mln dlrs": the model's span stops before the other end)."""
    chunk = text[span[0]:span[1]]
    if text and (m := re.search(r"\d[\w.,%\s]*?(\s+(?:to|and|or)|\s*[-–])$", chunk)):
        span, chunk = (span[0], span[1] - len(m[1]), span[2]), chunk[:len(chunk) - len(m[1])]
    digit = re.search(r"\d", chunk)
    cut = chunk.find("\n", digit.end()) if digit else -1
    return (span[0], span[0] + len(chunk[:cut].rstrip()), span[2]) if cut > 0 else span


GROUPED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"


def _table_number(span: tuple[int, int, str], text: str) -> tuple[int, int, str]:
    """A model date that is a grouped number and the heading on the line under it ("8,136,160\n\nYear"
    of an earnings table), or a date with a grouped number after it: the number, a cardinal. A date is
    never written "8,136,160"."""
    first_line = text[span[0]:span[1]].split("\n", 1)[0].rstrip()
    if span[2] == "DATE" and "\n" in text[span[0]:span[1]] and re.fullmatch(GROUPED, first_line):
        return (span[0], span[0] + len(first_line), "CARDINAL")
    # "Shr 138.9 cts vs 97.4": the other side of a comparison is no date unless it is a year
    chunk = text[span[0]:span[1]]
    if span[2] == "DATE" and re.fullmatch(r"\d+(?:\.\d+)?", chunk) and not re.fullmatch(r"(?:1[89]|20)\d\d", chunk) \
            and re.search(r"\b(?:vs\.?|versus)\s+$", text[max(0, span[0] - 12):span[0]], re.I):
        return (span[0], span[1], "CARDINAL")
    # "Last year 185,000" (people): the date and a number after it
    if span[2] == "DATE" and (m := re.search(rf"\s({GROUPED})$", text[span[0]:span[1]])):
        return (span[0] + m.start(1), span[1], "CARDINAL")
    return span


SIDES = re.compile(rf"(?P<low>(?:{CURRENCY_PREFIX}\s?)?(?P<a>{DIGITS})[^\d]*?)\s+to\s+"
                   rf"(?P<high>(?:{CURRENCY_PREFIX}\s?)?(?P<b>{DIGITS}).*)", re.I | re.S)


def split_change(span: tuple[int, int, str], text: str) -> list[tuple[int, int, str]]:
    """A model span "X to Y" that is a change and a level, as two spans: after a verb of change
    ("rose 32,000 to 1.41 million", "adding $1.89 to $48.62"), or when a bare low end is above the high
    one, so that no range can be meant ("32,000 to 1.41 million")."""
    m = SIDES.fullmatch(text[span[0]:span[1]])
    if not m:
        return [span]
    low_bare = m["low"].strip() == m["a"] or _same_shape(m["low"].strip(), m["high"].strip(), m["a"], m["b"])
    before = text[max(0, span[0] - 30):span[0]]
    if not (CHANGE_BEFORE.search(before) and not re.search(r"\bbetween\s+$", before)
            or low_bare and float(m["a"].replace(",", "")) > float(m["b"].replace(",", ""))):
        return [span]
    return [(span[0], span[0] + len(m["low"].rstrip()), span[2]), (span[0] + m.start("high"), span[1], span[2])]


def _same_shape(low: str, high: str, a: str, b: str) -> bool:
    """Whether two ends are written alike but for their digits ("39%" and "34%", "£40" and "£30")."""
    return low.replace(a, "#", 1) == high.replace(b, "#", 1)


def merge(model_spans: list[tuple[int, int, str]], found: list[NumberSpan],
          number_labels: frozenset[str], text: str = "") -> list[tuple[int, int, str]]:
    """Number spans from the model, widened or added where the finder saw more.

    A found span is kept when it overlaps no model entity, or when it contains every
    model number span it overlaps and overlaps no other entity (a date, a name) except
    one inside its unit words ("17.18 billion N.Z. Dlrs", "5 mln Canadian dlrs") or a
    "date" before its unit ("between 5" in "between 5 and 7 percent"). A model number span
    that runs past the end of its line is cut there ("334,890\nYear": a table row and the
    heading under it).
    """
    model_spans = [_line_cut(span, text) if span[2] in number_labels else _table_number(span, text)
                   for span in model_spans]
    model_spans = [part for span in model_spans
                   for part in (split_change(span, text) if span[2] in number_labels and text else [span])]
    result = [span for span in model_spans if span[2] in number_labels]
    for span in found:
        overlapping = [m for m in model_spans if m[0] < span.end and span.start < m[1]]
        in_unit = [m for m in overlapping if m[2] not in number_labels and span.unit_start is not None
                   and (span.unit_start <= m[0] and m[1] <= span.end
                        # the model sometimes calls the number part of an amount a date ("between 5" of
                        # "between 5 and 7 percent"); a date never lies between a number and its unit
                        or m[2] == "DATE" and span.start <= m[0] and m[1] <= span.unit_start)]
        # the model sometimes calls a currency symbol an entity ("£" of "£56.4bn" a NORP)
        in_unit += [m for m in overlapping if m[2] not in number_labels and m not in in_unit and text
                    and re.fullmatch(CURRENCY_PREFIX, text[m[0]:m[1]].strip())]
        # and "a quarter of a million" a date
        in_unit += [m for m in overlapping if m[2] == "DATE" and m not in in_unit and text
                    and span.start <= m[0] and m[1] <= span.end
                    and re.search(PART_OF_SCALE, text[span.start:span.end], re.I)
                    and not re.search(r"\d", text[m[0]:m[1]])]
        # and the end of an amount and the words after it a date ("246bn the year before" of "up from A$246bn
        # the year before"): a date never begins inside an amount of money
        in_unit += [m for m in overlapping if m[2] == "DATE" and m not in in_unit and span.label == "MONEY"
                    and span.start < m[0] < span.end < m[1]]
        # and the words before a percentage with its number a date ("half to 10" of "cut its stake in half to
        # 10%"): a date never ends inside a percentage or an amount of money
        in_unit += [m for m in overlapping if m[2] == "DATE" and m not in in_unit and span.label in ("PERCENT", "MONEY")
                    and m[0] < span.start < m[1] < span.end and not re.search(r"\d", text[m[0]:span.start])]
        # and an amount with its unit glued a date ("1130p", "12p to 1985p"): a date holds no unit of money
        in_unit += [m for m in overlapping if m[2] == "DATE" and m not in in_unit and span.label == "MONEY"
                    and span.unit_start is not None and m[0] < span.unit_start < m[1] and text
                    and GLUED_AMOUNTS.fullmatch(text[m[0]:m[1]])]
        if any(m[2] not in number_labels for m in overlapping if m not in in_unit):
            continue
        overlapping = [m for m in overlapping if m not in in_unit]
        # the model may take a word before the number into its span ("only 0.8" of "risen only
        # 0.8 pct"): the found span contains it when it holds the model span's number
        # ("0.8"), or words before a number word ("only" of "only some five" in "only some five pct")
        if all((span.start <= _number_start(text, m) or re.fullmatch(r"(?:[a-z]+\s+)+", text[m[0]:span.start]))
               and m[1] <= span.end for m in overlapping):
            result = [m for m in result if m not in overlapping]
            result.append((span.start, span.end, span.label))
    return sorted(result)

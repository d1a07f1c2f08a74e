"""The periods a results story's notes give their figures, in the story's terms (its title's period).

A note's span after a figure ("in quarter", "for year", "in nine mths"), a note naming two spans for
pairs of figures ("for the qtr and yr 1986, ... 45.0 mln and 55.5 mln"), and a span named by the year it
ends in ("1986 nine months earnings include ..."). `periods.py` applies them.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loader.annotate.period_dates import Period, _back, _ending, _number

if TYPE_CHECKING:
    from loader.annotate.figures import Figure


# the span a note of a results story names for a figure ("nil vs 16.1 mln dlrs in quarter and 227.5 mln
# dlrs vs 42.7 mln dlrs in nine mths", "... for qtr and gain of 581,000 dlrs vs 2,350,000 dlrs for year")
NOTE_SPAN = re.compile(r"\b(?:in|for)\s+(?:the\s+)?(?:(?P<qtr>qtr|quarter)|(?P<year>year|yr)|"
                       r"(?P<n>\d+|three|six|nine|twelve)\s+(?:mths|months))\b(?!\s+(?:19|20)\d\d)", re.I)


# the second side of a note's comparison ("nil vs 16.1 mln dlrs", "726,000 dlrs vs gain of 737,000 dlrs")
VERSUS = re.compile(r"\b(?:vs\.?|versus|against)\s+(?:(?:a\s+)?(?:gain|loss|profit|income)\s+(?:of\s+)?)?$", re.I)


# a results note naming two spans for pairs of figures ("for the qtr and yr 1986, ... 45.0 mln and 55.5
# mln", "year current and prior excludes loss 1,543,000, and 2,859,000, respectively"), or one span of a
# stated year ("qtr 1985, excludes ... 3,354,000")
NOTE_PAIR = re.compile(r"\b(?P<a>qtr|quarter|year|yr)\s+(?:(?:and\s+(?P<b>qtr|quarter|year|yr))(?:\s+current)?|"
                       r"current\s+and\s+(?P<prior>prior))(?:\s+(?P<year>(?:19|20)\d\d))?\b|"
                       r"\b(?P<one>qtr|quarter|year|yr)\s+(?P<oneyear>(?:19|20)\d\d)\b", re.I)


def _span_of(word: str, story: Period, year: int | None) -> Period:
    """A note's "qtr" or "yr" in the story's terms: the title's quarter or the 12 months to its end,
    in the stated year."""
    end = story[1] if year is None else _back((story[1], story[1]), 12 * (story[1].year - year))[1]
    return _ending(end, 3 if word.lower() in ("qtr", "quarter") else 12)


def _note_pair(body: str, s_start: int, f: Figure, figures: list[Figure], story: Period) -> Period | None:
    m = next(reversed(list(NOTE_PAIR.finditer(body, s_start, f.start))), None)
    if m is None:
        return None
    if m["one"]:
        return _span_of(m["one"], story, int(m["oneyear"]))
    i = next(k for k, g in enumerate(figures) if g is f)
    joined = re.compile(r"\s*,?\s*and\s*")
    if i + 1 < len(figures) and joined.fullmatch(body[f.end:figures[i + 1].start]):
        side = 0  # the first of "A and B"
    elif i > 0 and joined.fullmatch(body[figures[i - 1].end:f.start]) and figures[i - 1].start > m.end():
        side = 1
    else:
        return None
    year = int(m["year"]) if m["year"] else None
    if m["prior"]:
        span = _span_of(m["a"], story, year)
        return span if side == 0 else _back(span, 12)
    return _span_of(m["b"] if side else m["a"], story, year)


def _note_span(body: str, start: int, stop: int, story: Period) -> Period | None:
    """The period of the first span a results note names after a figure, in the story's terms."""
    m = NOTE_SPAN.search(body, start, stop)
    if m is None:
        return None
    months = 3 if m["qtr"] else 12 if m["year"] else _number(m["n"])
    return _ending(story[1], months) if months else None


# a results note naming a span by the year it ends in ("1987 quarter and nine month earnings include a gain
# of 406,000 dlrs", "1986 nine months earnings include ... 377,000 dlrs")
NOTE_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?:fiscal\s+)?(?:(?P<qtr>qtr|quarter)|(?P<yr>year|yr)|"
                       r"(?P<n>\d+|three|six|nine|twelve)[- ](?:mths|months?))\b", re.I)


def _note_year(body: str, s_start: int, f: Figure, story: Period) -> Period | None:
    """The span a note names before a figure with the year it ends in, in the story's terms: the
    title's quarter, or that many months to the title's end, that year."""
    m = next(reversed(list(NOTE_YEAR.finditer(body, s_start, f.start))), None)
    if m is None or not 0 <= story[1].year - int(m["year"]) <= 2:
        return None
    months = 3 if m["qtr"] else 12 if m["yr"] else _number(m["n"])
    if not months:
        return None
    end = _back((story[1], story[1]), 12 * (story[1].year - int(m["year"])))[1]
    return _ending(end, months)

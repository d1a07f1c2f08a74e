"""Date arithmetic for figure periods: a period phrase's match resolved to dates.

`resolve` turns one match of a `period_patterns` row (its `kind` and named groups `n`, `year`,
`month`, `month2`, `day`) into a span of days against the article date; the helpers count whole
months back and forth and end spans on a stated day. A story that states a quarter's end ("the third
quarter ended February 22", "2ND QTR JAN 31") fixes its fiscal year: `fiscal_year` reads it and
`fiscal_quarter` places its other quarters. `periods.py` picks the phrase for each figure.
"""
from __future__ import annotations

import datetime as dt
import re

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12}
Period = tuple[dt.date, dt.date]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _last_day(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def _months(year: int, first: int, last: int) -> Period:
    return dt.date(year, first, 1), _last_day(year, last)


def _shift_day(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + d.month - 1 - months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, _last_day(y, m + 1).day))


def _ending(end: dt.date, months: int) -> Period:
    """The `months` months ending on `end`: whole months, or from the day after `end` that
    many months back when `end` is not a month's last day ("Qtr to Dec 27": Sep 28..Dec 27)."""
    if end == _last_day(end.year, end.month):
        return _back((end.replace(day=1), end), months - 1)[0], end
    return _shift_day(end, months) + dt.timedelta(days=1), end


def _back(period: Period, months: int) -> Period:
    (s, e) = period
    if s.day != 1 or e != _last_day(e.year, e.month):  # a span ending on a stated day
        return _shift_day(s, months), _shift_day(e, months)
    def shift(d: dt.date, last: bool) -> dt.date:
        total = d.year * 12 + d.month - 1 - months
        y, m = divmod(total, 12)
        return _last_day(y, m + 1) if last else dt.date(y, m + 1, 1)
    return shift(s, False), shift(e, True)


def _year_of(explicit: str | None, published: dt.date | None, end_month: int, forecast: bool,
             months: int = 0) -> int | None:
    """The year of a period ending in `end_month`: the one named, else the latest that has ended, or
    (for a quarter or half, `months` long) the one under way on the article date ("resulting in a first
    quarter gain", dated March 20: this first quarter, not last year's)."""
    if explicit:
        year = int(explicit)
        return year + 1900 if year < 100 else year
    if published is None:
        return None
    year = published.year
    under_way = months and dt.date(year, end_month - months + 1, 1) <= published
    if not forecast and not under_way and _last_day(year, end_month) > published:
        year -= 1
    return year


def _end_day(year: int, month: int, day: str | None) -> dt.date:
    """The stated day of a period's last month, else its last day."""
    last = _last_day(year, month)
    return last.replace(day=int(day)) if day and 1 <= int(day) < last.day else last


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else ORDINALS.get(word.lower())


def resolve(kind: str, m: re.Match[str], published: dt.date | None, forecast: bool,
            months: dict[str, int]) -> Period | None:
    groups = m.groupdict()
    year_text = groups.get("year")
    n = _number(groups.get("n"))
    if kind == "quarter_last_year" and n and 1 <= n <= 4 and published is not None:
        if "half" in m.group().lower():
            return _months(published.year - 1, 6 * n - 5, 6 * n) if n <= 2 else None
        return _months(published.year - 1, 3 * n - 2, 3 * n)
    if kind in ("quarter", "quarter_q") and n and 1 <= n <= 4:
        year = _year_of(year_text, published, 3 * n, forecast, 3)
        return _months(year, 3 * n - 2, 3 * n) if year else None
    if kind == "half" and n and 1 <= n <= 2:
        year = _year_of(year_text, published, 6 * n, forecast, 6)
        return _months(year, 6 * n - 5, 6 * n) if year else None
    if kind == "first_months" and n and 1 <= n <= 12:
        year = _year_of(year_text, published, n, forecast)
        return _months(year, 1, n) if year else None
    if kind == "months_to" and n and 1 <= n <= 12 and groups.get("month"):
        end_month = months.get(groups["month"].lower()[:3])
        if not end_month:
            return None
        year = _year_of(year_text, published, end_month, forecast)
        return _ending(_end_day(year, end_month, groups.get("day")), n) if year else None
    if kind in ("quarter_to", "year_to") and groups.get("month"):
        end_month = months.get(groups["month"].lower()[:3])
        year = _year_of(year_text, published, end_month, forecast) if end_month else None
        if not year:
            return None
        return _ending(_end_day(year, end_month, groups.get("day")), 3 if kind == "quarter_to" else 12)
    if kind == "month_span" and groups.get("month") and groups.get("month2"):
        first, last = months.get(groups["month"].lower()[:3]), months.get(groups["month2"].lower()[:3])
        if not first or not last or first == last:
            return None
        year = _year_of(year_text, published, last, forecast)
        if not year:
            return None
        return dt.date(year - (first > last), first, 1), _last_day(year, last)
    if kind == "last_quarter_of" and year_text:
        return _months(int(year_text), 10, 12)
    if kind == "fiscal_span" and year_text:
        year = int(year_text)
        if (year + 1) % 100 % (10 ** len(groups["y2"])) != int(groups["y2"]):
            return None
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    if kind == "end_of_year" and (year_text or groups.get("year2")):
        year = int(year_text or groups["year2"])
        return dt.date(year, 12, 31), dt.date(year, 12, 31)
    if kind in ("end_of_month", "week_ended") and groups.get("month"):
        month = months.get(groups["month"].lower()[:3])
        day = int(groups["day"]) if groups.get("day") else None
        if not month or (day is not None and not 1 <= day <= 31):
            return None
        if year_text:
            year = int(year_text)
        elif published is not None:  # the latest such day by the article date
            year = published.year - ((month, day or _last_day(published.year, month).day)
                                     > (published.month, published.day))
        else:
            return None
        last = _last_day(year, month)
        if kind == "end_of_month":
            return last, last
        end = last.replace(day=min(day, last.day))
        weeks = _number(groups.get("n")) or 1  # "the four weeks ended February 28": 28 days to it
        return end - dt.timedelta(days=7 * weeks - 1), end
    if kind == "since_year" and year_text:
        return (dt.date(int(year_text), 1, 1), published) if published else None
    if kind in ("named_year", "year_of_noun", "possessive_year") and year_text:
        year = int(year_text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "day" and groups.get("month") and groups.get("day"):
        month, day = months.get(groups["month"].lower()[:3]), int(groups["day"])
        if not month or not 1 <= day <= 31:
            return None
        # the latest such day up to the article date ("on March 9", dated March 16); with a forecast word
        # the nearer of that and the next one ("will offer ... at its next weekly tender on March 30", dated
        # March 25: this March 30)
        year = int(year_text) if year_text else (
            published.year - ((month, day) > (published.month, published.day)) if published else None)
        if forecast and not year_text and published is not None and year is not None \
                and _near_next(published, year, month, day):
            year += 1
        return (dt.date(year, month, min(day, _last_day(year, month).day)),) * 2 if year else None
    if kind == "weekday" and groups.get("weekday") and published is not None:
        # the latest such weekday up to the article date ("at this week's tender on Monday", dated Wednesday
        # March 25: March 23); with a forecast word or "next", the next one after it
        back = (published.weekday() - WEEKDAYS.index(groups["weekday"].lower()[:3])) % 7
        if forecast or m.group().lower().startswith("next"):
            back = back - 7 if back else -7
        return (published - dt.timedelta(days=back),) * 2
    if kind == "month" and groups.get("month"):
        month = months.get(groups["month"].lower()[:3])
        if not month:
            return None
        # the latest such month up to the article date ("inflation in January", dated in March)
        year = int(year_text) if year_text else (published.year - (month > published.month) if published else None)
        return _months(year, month, month) if year else None
    if published is None:
        return None
    if kind == "last_year":
        return _year_before(published)
    if kind == "next_year":
        return dt.date(published.year + 1, 1, 1), dt.date(published.year + 1, 12, 31)
    if kind == "this_year":
        return dt.date(published.year, 1, 1), dt.date(published.year, 12, 31) if forecast else published
    if kind == "last_quarter":
        q = (published.month - 1) // 3  # the quarter before the current one
        year = published.year if q else published.year - 1
        q = q or 4
        return _months(year, 3 * q - 2, 3 * q)
    if kind == "today":
        return published, published
    if kind == "yesterday":
        return (published - dt.timedelta(days=1),) * 2
    if kind == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), first
    if kind == "last_week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    return None


def _near_next(published: dt.date, year: int, month: int, day: int) -> bool:
    """Whether the next such day after the article date is nearer to it than the latest one before."""
    def on(y: int) -> dt.date:
        return dt.date(y, month, min(day, _last_day(y, month).day))
    return year < published.year and (on(year + 1) - published) < (published - on(year))


def _year_before(published: dt.date | None) -> Period | None:
    """The calendar year before the article's."""
    if published is None:
        return None
    return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31)


# a results story's opening line naming only the day its period ends ("Period ended Jan 31", "period ended
# December 31, 1986", "Jan 31 end"): the title's span ("2ND QTR LOSS": three months) ends that day
END_LINE = re.compile(r"(?:(?:fiscal\s+)?period\s+)?(?:ended|ending|to)?\s*(?P<month>jan|feb|mar|apr|may|jun|jul|aug|"
                      r"sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>(?:19|20)\d\d))?(?:\s+end(?:ed)?)?\.?",
                      re.I)


# a quarter stated with the day it ended ("the third quarter ended February 22", "2ND QTR JAN 31"): the
# company's fiscal year, whose other quarters the story names without their end
MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
FISCAL_QUARTER = re.compile(r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:quarter|qtr)\s+"
                            rf"(?:(?:ended|ending|to|through)\s+(?P<month>{MONTHS})[a-z]*\.?(?:\s+(?P<day>\d{{1,2}})\b)?|"
                            rf"(?P<month2>{MONTHS})[a-z]*\.?\s+(?P<day2>\d{{1,2}})\b)", re.I)
QUARTER_SPAN = re.compile(rf"\b(?:three|3) months (?:to|ended|ending|through) (?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)? "
                          rf"(?:of )?(?P<month>{MONTHS})[a-z]*|"
                          rf"(?P<month2>{MONTHS})[a-z]*\.?(?: (?P<day2>\d{{1,2}})\b)?)", re.I)
YEARLESS_QUARTER = re.compile(r"\b(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:quarter|qtr)\b"
                              r"(?!(?: of|,)?(?: fiscal)? (?:19|20)\d\d| (?:of )?(?:last|the previous|the prior) year)",
                              re.I)
TITLE_QUARTER = re.compile(r"\b(?P<n>1st|2nd|3rd|4th|first|second|third|fourth)[- ](?:quarter|qtr)\b", re.I)


def fiscal_year(months: dict[str, int], body: str, title: str | None) -> tuple[int, dict[int, str]] | None:
    """The month the first quarter of the story's fiscal year ends in, and the day each quarter stated
    ends on; None for a calendar year or when the story states no quarter's end."""
    stated: dict[int, tuple[int, str]] = {}
    for text in (title or "", body):
        for m in FISCAL_QUARTER.finditer(text):
            n, month = _number(m["n"]), months.get((m["month"] or m["month2"]).lower()[:3])
            if n and month and n not in stated:
                stated[n] = (month, m["day"] or m["day2"] or "")
    # "the three months to 31 December 2004" and the story's only yearless quarter, "a third quarter": that
    # quarter ends on that day
    spans = {(months.get((m["month"] or m["month2"]).lower()[:3]), m["day"] or m["day2"] or "")
             for m in QUARTER_SPAN.finditer(body)}
    named = {_number(m["n"]) for m in YEARLESS_QUARTER.finditer(body)
             if not re.search(r"(?:19|20)\d\d(?: fiscal)?\s*$", body[max(0, m.start() - 12):m.start()])}
    if not stated and len(spans) == 1 and len(named) == 1:
        stated[named.pop() or 0] = spans.pop()
    q = TITLE_QUARTER.search(title or "")
    line = END_LINE.fullmatch(next((x.strip() for x in body.split("\n", 3)[:3] if x.strip()), ""))
    if q and line and _number(q["n"]) not in stated:  # "2ND QTR LOSS" over "Period ended Jan 31"
        stated[_number(q["n"]) or 0] = (months.get(line["month"].lower()[:3]) or 0, line["day"])
    firsts = {(month - 3 * (n - 1) - 1) % 12 + 1 for n, (month, _) in stated.items() if month}
    if len(firsts) != 1 or firsts == {3}:
        return None
    return firsts.pop(), {n: day for n, (_, day) in stated.items()}


def fiscal_quarter(n: int, fiscal: tuple[int, dict[int, str]], published: dt.date | None,
                    forecast: bool) -> Period | None:
    """Quarter n of the story's fiscal year, ending in the article's year (as a calendar quarter is) unless
    it has not begun by the article date and no forecast word is there: then the year before."""
    if not 1 <= n <= 4 or published is None:
        return None
    end_month = (fiscal[0] - 1 + 3 * (n - 1)) % 12 + 1
    spans = [_ending(_end_day(year, end_month, fiscal[1].get(n) or None), 3)
             for year in (published.year - 1, published.year, published.year + 1)]
    # as a calendar quarter: this year's when forecast, under way or ended, else last year's
    this = spans[1]
    return this if forecast or this[0] <= published else spans[0]

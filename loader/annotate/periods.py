"""The period a figure covers, resolved against the article date.

Period phrases (`period_patterns` seed) are found in the figure's sentence; a figure
takes the phrase right after it in its clause ("129.1 mln dlrs for the third quarter"),
else the nearest one before it. Then:

* the second side of a comparison ("up from 105.8 mln a year earlier", "vs", "compared
  with", "from") takes the earlier period: the first side's period a year back (or one
  quarter back for "the previous quarter");
* "last year", "next year", "last month", "yesterday", "a year ago", "the previous quarter" or
  "month" resolve against the article date ("last month" and "yesterday" before a figure only
  right after a change verb, "starts rose last month by 5.6 pct", else they date an event), and so
  does a stated day ("on March 9": the latest March 9 by the article date), a stock at the
  end of a month or year ("at the end of February", "at year-end 1986": that day) and "the
  week ended March 4" (the seven days to it);
* a quarter, half or month without a year is the one under way on the article date (a quarter
  or half), else the most recent one that has ended by the
  article date, unless the sentence has a forecast word (`forecast_words` seed:
  "expected", "forecast", "will"), when it is this year's;
* a row of a results table takes the period of the table's heading line ("Qtr to Dec
  31", "Year", "Nine mths", "1st qtr"), the "vs" side the same period a year earlier (ending
  on the day a note states: "1985 period ended December 28"); a
  heading naming only a span ends where the title's period ends, and a figure in the notes
  of such a story whose sentence names no period takes the title's period.
* a month's figure under an annual word ("annual inflation in January") is the 12 months to
  that month, but not a month's level at an annualised rate ("February starts to a seasonally
  adjusted annual rate of 1.851 mln units": February); a results note's span named by the year it
  ends in ("1986 nine months earnings include ...") is that span of the story's title period, that
  year; a results note's "in quarter", "for year", "in nine mths" after a figure is
  that span of the story's title period (its "vs" side a year earlier); a note naming two
  spans ("for the qtr and yr 1986", "year current and prior") gives them, in order, to each
  pair of figures "A and B" after it, and "qtr 1985" is the title's quarter in 1985;
* "for the quarter", "in the period" (no span named after it) is the latest period a figure
  was given by its own phrase, not a comparison's earlier side ("Turnover for the quarter was up 4.3%" after
  "the three months to 31 December 2004"); British day-first dates end a span as the
  American order does ("the year to 31 March 2005");
* a phrase right after a verb that dates an event ("which began in 2001", "founded in 1971")
  gives no figure its period;
* a figure with no period before it takes a named year after it in its clause, past "and"
  but not past a new clause ("plans to invest 100m euros in Europe and the US in 2005");
  the first side of a comparison whose other side is a calendar year, with no period of
  its own, is the year after ("10bn euros, up 8.1% from 9.26bn euros in 2003": 2004).
Articles without a date resolve only periods that name their year ("in 2004"), and a
quarter, half or span to a named month without one ("the year to December") in the year of
the period it refers back to (the latest figure's own period, not a comparison's earlier
side, in its sentence or the one before: "the fourth quarter" after "the last three months
of 2004").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from loader.annotate.grammar import Grammar
from loader.annotate.period_dates import (
    END_LINE,
    Period,
    _back,
    _ending,
    _last_day,
    _number,
    _year_before,
    fiscal_quarter,
    fiscal_year,
    resolve,
)
from loader.annotate.period_notes import VERSUS, _note_pair, _note_span, _note_year

if TYPE_CHECKING:
    from loader.annotate.figures import Figure

COMPARISON = re.compile(r"\b(vs\.?|versus|against|compared (with|to)|from|than|earlier|ago|before)\b", re.I)
CLAUSE_BREAK = re.compile(r"[;]|,\s+\w+ing\b|"
                          r"\b(?:vs\.?|versus|against|compared|from|than|after|before|since|and|but|while|whereas|"
                          r"which|who|when|although)\b", re.I)


# a move against another currency is no comparison ("had lost 7% against the euro in the final
# three months of 2004")
AGAINST_MONEY = (r"\bagainst\s+(?:the\s+)?(?:major\s+currencies|euro|dollar|yen|pound|sterling|marks?|francs?|"
                 r"yuan|won|rupee|(?:U\.?S\.?|US|Japanese|British|Swiss|German)\s+(?:dollar|yen|pound|franc|mark)s?)\b")
# phrases that date an event when they come before the figure ("Brazil last month suspended payments on
# its 68 billion dlrs debt", "yesterday said its bid valued TMOC at ..."), its period only after it
AFTER_ONLY = frozenset({"last_month", "yesterday"})
# ... unless a change verb comes right before them: then they date the change the figure states
# ("single-family starts rose last month from January levels by 5.6 pct")
CHANGE_DATED = re.compile(r"\b(?:rose|fell|grew|increased|decreased|declined|dropped|jumped|climbed|slipped|"
                          r"gained|lost|eased|edged (?:up|down)|was up|were up|was down|were down)\s+$", re.I)
# how far back a relative phrase puts the period it compares with
BACK_MONTHS = {"year_earlier": 12, "previous_quarter": 3, "previous_month": 1}
# a period phrase after these dates an event, not a figure ("which began in 2001", "founded in 1971")
EVENT_DATED = re.compile(r"\b(?:began|begun|started|founded|launched|established|created|set up|built|born|died|"
                         r"formed|introduced|opened|privatised|privatized|floated|listed)\s+$", re.I)
# kinds whose year an undated article takes from the period it refers back to
ANCHORED = frozenset({"quarter", "quarter_q", "half", "year_to", "quarter_to", "months_to", "month_span"})


def _phrases(grammar: Grammar, text: str, offset: int, published: dt.date | None,
             forecast: bool, anchor: int | None = None,
             referred: Period | None = None,
             fiscal: tuple[int, dict[int, str]] | None = None,
             month_anchor: dt.date | None = None) -> list[tuple[int, int, str, Period | None]]:
    found: list[tuple[int, int, str, Period | None]] = []
    for kind, _, pattern in grammar.period_patterns:
        for m in pattern.finditer(text):
            if any(s < m.end() + offset and m.start() + offset < e for s, e, _, _ in found):
                continue
            # "for the quarter", "in the period": the period the latest figure's sentence named
            period = _referred(m.group(), referred) if kind in REFERRING \
                else resolve(kind, m, published, forecast, grammar.months)
            if fiscal is None and kind in ("quarter", "half") and not m.groupdict().get("year") \
                    and re.search(r"\bfiscal\s+$", text[max(0, m.start() - 8):m.start()], re.I):
                period = None  # "its fiscal first quarter" of a fiscal year the story does not state
            if fiscal is not None and kind == "quarter" and not m.groupdict().get("year"):
                # "the fourth quarter" in a story whose "third quarter ended February 22" fixed its fiscal year
                period = fiscal_quarter(_number(m["n"]) or 0, fiscal, published, forecast) or period
            if period is None and published is None and anchor is not None and kind in ANCHORED \
                    and not m.groupdict().get("year"):
                # "the fourth quarter" after "the last three months of 2004", in a story with no date (of
                # its fiscal year when the story fixed one: "a third quarter" after "the three months to 31
                # December 2004")
                if fiscal is not None and kind == "quarter":
                    period = fiscal_quarter(_number(m["n"]) or 0, fiscal, dt.date(anchor, 12, 31), True)
                period = period or resolve(kind, m, dt.date(anchor, 12, 31), True, grammar.months)
            if period is None and published is None and month_anchor is not None \
                    and kind == "month" and not m.groupdict().get("year"):
                # "2.1% in December 2004, up from 1.9% in November": the latest such month up to the end of
                # the period a figure before it in its sentence has, in a story with no date
                period = resolve(kind, m, month_anchor, False, grammar.months)
            found.append((m.start() + offset, m.end() + offset, kind, period))
    found.sort()
    # "about 2005, projecting a 15% rise in net profits for the year": a period the sentence named
    # before it is what "for the year" refers back to, before any figure's
    for i, (start, end, kind, _) in enumerate(found):
        named = [p for p in found[:i] if p[3] is not None and p[2] not in REFERRING]
        if named and kind in REFERRING:
            found[i] = (start, end, kind, _referred(text[start - offset:end - offset], named[-1][3]))
    return found


REFERRING = frozenset({"same_period", "full_year"})


def _referred(words: str, period: Period | None) -> Period | None:
    """The period "for the quarter", "for the year", "full-year" or "in the period" refers back to: only one
    as long as the span it names ("earned 5 mln dlrs in the fourth quarter and 20 mln dlrs for the year": not
    the quarter; "full-year revenue" after "the year to March 2005": that year)."""
    if period is None:
        return None
    days = (period[1] - period[0]).days
    if re.search(r"\byear\b", words, re.I):
        return period if 360 <= days <= 370 else None
    if re.search(r"\b(?:quarter|three months)\b", words, re.I):
        return period if 80 <= days <= 95 else None
    return period


# a month's rate that is a year's: "annual inflation in January", "over the year to January ... 3.3 pct in December"
ANNUAL = re.compile(r"\b(?:annual|year-on-year|year on year|12-month|twelve-month|year to)\b", re.I)
# ... but a month's level at an annualised rate is the month's ("February starts to a seasonally adjusted
# annual rate of 1.851 mln units")
ANNUALISED = re.compile(r"\b(?:seasonally\s+)?adjusted\s+annual(?:ized|ised)?\s+rates?\b|"
                        r"\bannual(?:ized|ised)?\s+rates?\s+of\s*$", re.I)
def _month_span(period: Period | None) -> bool:
    return period is not None and period[0].day == 1 and period[0].month == period[1].month \
        and period[0].year == period[1].year and period[1] == _last_day(period[1].year, period[1].month)


# a new clause or what someone says next ("profits drop 33% and warned that earnings in 2005 ...")
# or a comparison's other side ("rose 5% to £2bn, compared with the same period in 2003": 2003 is not £2bn's)
LATER_BREAK = re.compile(r";|\b(?:that|but|since|while|whereas|which|who|when|although|warned|said|says|added|"
                         r"compared|against|than|versus|vs)\b", re.I)
# phrases that name their year ("in 2005", "2003-4", "2003's"), which an undated story resolves too
YEARS = frozenset({"named_year", "fiscal_span", "possessive_year", "year_of_noun"})


def _first_sides(body: str, out: list[Figure]) -> list[Figure]:
    """The first side of a comparison whose other side is a calendar year and that has no period of
    its own is the year after ("revenue was 10bn euros, up 8.1% from 9.26bn euros in 2003": 2004)."""
    fixed = list(out)
    for i in range(len(fixed) - 1, -1, -1):
        g = fixed[i]
        if g.period_start is not None:
            continue
        for h in fixed[i + 1:]:
            if h.sentence_index != g.sentence_index:
                break
            if h.period_start is None:
                continue
            between = body[g.end:h.start]
            if re.fullmatch(r"\W*(?:up|down|a (?:rise|fall|drop|gain) of)\W*", between, re.I):
                fixed[i] = replace(g, period_start=h.period_start, period_end=h.period_end)  # "10bn, up 8.1% ..."
            elif re.search(r"\b(?:from|than|compared (?:with|to)|against|on)\b", between, re.I) \
                    and h.period_start.month == 1 and h.period_start.day == 1 \
                    and h.period_end == dt.date(h.period_start.year, 12, 31):
                year = h.period_start.year + 1
                fixed[i] = replace(g, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31))
            break
    return fixed


SPAN_HEADING = re.compile(r"(?:fiscal\s+)?(?:(?P<year>year|yr)|(?P<n>\d+|three|six|nine|twelve)\s+(?:mths|months))"
                          r"(?:\s+(?:net|results|ended|shr))?\.?", re.I)


def _table_heading(grammar: Grammar, body: str, start: int, published: dt.date | None,
                   title: str | None = None) -> Period | None:
    """The period of the heading line above a results-table row ("Qtr to Dec 31", "Year"), else
    of the story's title ("ACME CORP 1ST QTR NET"). A heading that names only a span ("Year",
    "Nine mths") is that many months ending where the title's period ends ("4TH QTR JAN 31":
    the year to January 31), else the calendar year before the article's."""
    title_period = _title_period(grammar, title, published, body)
    pos = body.rfind("\n", 0, start)
    for _ in range(12):
        if pos <= 0:
            break
        prev = body.rfind("\n", 0, pos)
        line = body[prev + 1:pos].strip()
        pos = prev
        if not line or re.search(r"\d+(\.\d+)?\s+(vs|dlrs|cts|mln)\b", line, re.I) \
                or (re.search(r"\d", line) and re.search(r"\bvs\b", line, re.I)):
            continue  # a row of the table, not its heading
        if len(line) > 40:
            return None
        span = SPAN_HEADING.fullmatch(line)
        if span:
            n = 12 if span["year"] else _number(span["n"])
            if title_period is not None and n:
                return _ending(title_period[1], n)
            return _year_before(published) if n == 12 else None
        for _, _, _, period in _phrases(grammar, line, 0, published, False):
            if period is not None:
                return period
    if title:
        if re.search(r"\b(?:year|yr)\b", title, re.I) \
                and not re.search(r"\b(?:qtr|quarter|mths|months)\b", title, re.I) and title_period is None:
            return _year_before(published)
        return title_period
    return None


def _title_period(grammar: Grammar, title: str | None, published: dt.date | None,
                  body: str | None = None) -> Period | None:
    """The period a results story's title names ("ACME CORP 1ST QTR NET"), ending on the day the story's
    opening line states when it states one ("Period ended Jan 31" under "2ND QTR LOSS": November to
    January, not the calendar second quarter)."""
    if not title:
        return None
    period = next((period for _, _, _, period in _phrases(grammar, title, 0, published, False) if period), None)
    if body is None or (period is None and not re.search(r"\b(?:year|yr)\b", title, re.I)):
        return period
    first = next((line.strip() for line in body.split("\n", 3)[:3] if line.strip()), "")
    m = END_LINE.fullmatch(first)
    end = resolve("day", m, published, False, grammar.months) if m else None
    if end is None:
        return period
    months = 12 if period is None else \
        (period[1].year - period[0].year) * 12 + period[1].month - period[0].month + int(period[0].day == 1)
    return _ending(end[1], months)


def resolve_periods(grammar: Grammar, body: str, sentence_starts: list[int], figures: list[Figure],
                    published: dt.date | None, title: str | None = None) -> list[Figure]:
    out: list[Figure] = []
    fiscal = fiscal_year(grammar.months, body, title)
    # a results story (a table under a title naming its period): figures of its notes with no
    # period of their own are the story's ("Note - Net excludes gains of 1.38 billion dlrs vs 59.1 mln")
    story = _title_period(grammar, title, published, body) if any(
        _row_of_table(grammar, body, body.rfind("\n", 0, f.start) + 1, figures) for f in figures) else None
    derived: set[int] = set()  # figures whose period is a comparison's earlier side
    for f in figures:
        index = f.sentence_index
        from_comparison = False
        s_start = sentence_starts[index] if sentence_starts else 0
        s_end = sentence_starts[index + 1] if index + 1 < len(sentence_starts) else len(body)
        sentence = body[s_start:s_end]
        forecast = bool(grammar.forecast.search(sentence))
        # the latest period a figure was given by its own phrase (not a comparison's other side):
        # what "for the quarter" and an undated "the fourth quarter" refer back to
        main = next((g for g in reversed(out) if g.period_start is not None and id(g) not in derived), None)
        near = main is not None and main.period_end is not None and index - main.sentence_index <= 1
        phrases = _phrases(grammar, sentence, s_start, published, forecast, main.period_end.year if near else None,
                           (main.period_start, main.period_end) if main is not None and main.period_end else None,
                           fiscal, main.period_end if main is not None and main.sentence_index == index else None)
        earlier = next((g for g in reversed(out) if g.period_start is not None), None)
        # "The outbreak, which began in 2001, led to the slaughter of 6.5 million animals": the
        # year dates an event of the sentence, not the figure
        phrases = [p for p in phrases if not EVENT_DATED.search(body[max(0, p[0] - 30):p[0]])]
        prev = out[-1] if out and out[-1].sentence_index == index else None
        cut = list(re.finditer(r",\s*and\b|;", body[prev.end:f.start])) if prev is not None else []
        if cut and SECOND_SIDE_WORD.search(body[max(s_start, prev.start - 25):prev.start]):
            # "down from 140 mln in 1985, and the dividend is unchanged at eight marks": the second side's
            # phrase says nothing of a figure past ", and"
            phrases = [p for p in phrases if not prev.end <= p[0] < prev.end + cut[-1].start()]
        # the phrase after the figure in its clause: not past a comparison, a new clause or a ";"
        # (a currency's move "against the euro" is no comparison)
        own = [p for p in phrases if f.end <= p[0] and not CLAUSE_BREAK.search(re.sub(
            r"\([^)]*\)|" + (r"\bagainst\s+(?:the\s+)?[\w.]+" if f.metric == "exchange_rate" else AGAINST_MONEY), "",
            body[f.end:p[0]]))]
        since_prev = prev.end if prev is not None else s_start
        phrases = [(s, e, "dated_change" if kind in AFTER_ONLY and CHANGE_DATED.search(body[max(0, s - 20):s])
                    else kind, period) for s, e, kind, period in phrases]
        # a new clause ("..., while earnings from international operations plunged to") starts afresh:
        # neither the phrase nor the comparison of the figure before it reaches past it
        clause = [m.end() for m in NEW_CLAUSE.finditer(body, since_prev, f.start)]
        since_prev = clause[-1] if clause else since_prev
        between = [p for p in phrases if since_prev <= p[0] and p[1] <= f.start and p[2] not in AFTER_ONLY]
        compared = prev is not None and bool((COMPARED_NEXT if clause else COMPARISON).search(
            body[max(prev.end, since_prev):f.start]))
        # "profits rose to 30m in 2004 as a whole, up from 20m": the phrase before the comparison word is
        # the first side's own, not the second's
        sides = list(SECOND_SIDE_WORD.finditer(body, max(prev.end, since_prev), f.start)) if compared else []
        if sides:
            between = [p for p in between if p[0] >= sides[-1].end()
                       or p[2] in ("year_earlier", "previous_quarter", "previous_month")]
        # "down from an earlier estimate of 1.7%" revises the same period (not "3.4% is forecast for 2005, from
        # 2.9% in 2004": the forecast word before the comparison is the first side's)
        revised = compared and prev.period_start is not None and bool(re.search(
            r"\b(?:from|than|vs\.?|versus|against|compared (?:with|to)|on)\b[^.;]*?"
            r"\b(estimate|forecast|expectation|prediction|target|consensus)", body[prev.end:f.start], re.I))
        period: Period | None = None
        line_start = body.rfind("\n", 0, f.start) + 1
        relative = ("year_earlier", "previous_quarter", "previous_month")
        if _row_of_table(grammar, body, line_start, figures):
            period = _table_heading(grammar, body, line_start, published, title)
            on_line = [g for g in figures if line_start <= g.start < f.start]
            # the "vs" side is a year earlier ("Final div 44 cents vs 32.3, making 62 vs 47")
            if period and on_line and re.search(r"\b(?:vs\.?|versus|against)\s*(?:profit|loss)?\s*$",
                                                body[on_line[-1].end:f.start], re.I):
                period = _prior_end(grammar, body, _back(period, 12))
        else:
            pick = own[0] if own else between[-1] if between else None
            paired = _note_pair(body, s_start, f, figures, story) if story is not None else None
            noted = _note_span(body, f.end, s_end, story) if story is not None and paired is None else None
            yeared = _note_year(body, s_start, f, story) if story is not None else None
            if paired is not None:
                period = paired
            elif noted is not None:
                period = _back(noted, 12) if VERSUS.search(body[max(s_start, f.start - 40):f.start]) else noted
            elif yeared is not None:
                period = yeared
            elif not own and prev is not None and prev.period_start is not None and id(prev) not in derived \
                    and re.search(r"\band\s*$", body[prev.end:f.start]) and OWN_COMPARISON.match(body, f.end):
                # "14.27 mln tonnes in 2004, 24% higher than in 2003 and 21% more than the average": a figure
                # opening a comparison of its own is a first side, of the figure before's period
                period = (prev.period_start, prev.period_end)
            elif revised:
                period = (prev.period_start, prev.period_end)
                from_comparison = True
            elif pick is not None and pick[2] in relative and pick[1] <= f.start and prev is not None \
                    and prev.period_start is not None and LEVEL_AFTER.fullmatch(body[pick[1]:f.start]) \
                    and re.search(r"\bfrom\s+$", body[max(s_start, pick[0] - 8):pick[0]], re.I):
                # "exports rose 3.2 pct in February from a year ago to 17.4 billion dlrs": the level reached
                period = (prev.period_start, prev.period_end)
            elif pick is not None and pick[2] in relative:
                base = _compared_base(body, out, prev, f) or earlier
                if base is not None and id(base) in derived and main is not None:
                    # a year back from a figure that is itself a year back is no further back: "earnings
                    # of 56.9 mln, up from 46.4 mln, or 52 cts a share a year ago" (52 cts: 46.4 mln's year)
                    base = main
                if base is not None:
                    period = _back((base.period_start, base.period_end), BACK_MONTHS[pick[2]])
                    from_comparison = True
            elif pick is not None and pick[2] == "last_year" and compared and prev.period_start is not None \
                    and prev.period_end is not None and (prev.period_end - prev.period_start).days < 300 \
                    and SECOND_SIDE.search(body[prev.end:f.start]):
                # "rose to 103 mln dlrs in the first quarter from 98 mln dlrs last year": that quarter a year back
                period = _back((prev.period_start, prev.period_end), 12)
                from_comparison = True
            elif pick is not None:
                period = pick[3]
            elif compared and prev.period_start is not None:
                period = _back((prev.period_start, prev.period_end), 12)
                from_comparison = True
            else:
                before = [p for p in phrases if p[1] <= f.start and p[2] not in relative and p[2] not in AFTER_ONLY]
                period = before[-1][3] if before else None
                # "plans to invest 100m euros in Europe and the US in 2005": the sentence's only
                # period, a named year after the figure with no other figure between
                later = [p for p in phrases if p[0] >= f.end and p[2] in YEARS | {"day"} and p[3] is not None]
                if period is None and not before and later and not LATER_BREAK.search(body[f.end:later[0][0]]) \
                        and not any(f.end <= g.start < later[0][0] for g in figures if g is not f):
                    period = later[0][3]
                if not phrases and story is not None:
                    period = _back(story, 12) if compared and re.search(
                        r"\b(?:vs\.?|versus|against)\b", body[prev.end:f.start], re.I) else story
            if period is None and main is not None and index - main.sentence_index in (0, 1) \
                    and PARTS.match(body, s_start) and not phrases:
                # "The total includes 1.5 billion francs of 13-week bills": the parts of the total just given
                period = (main.period_start, main.period_end)
            if _month_span(period) and ANNUAL.search(ANNUALISED.sub(" ", body[s_start:f.start])):
                period = _ending(period[1], 12)  # "annual inflation in January": the 12 months to January
        out.append(replace(f, period_start=period[0] if period else None, period_end=period[1] if period else None))
        if from_comparison:
            derived.add(id(out[-1]))
    return _first_sides(body, out)


# a figure's own comparison right after it ("21% more than the average", "5% higher than")
OWN_COMPARISON = re.compile(r"\s*(?:more|less|higher|lower|greater|smaller|bigger|above|below)\s+than\b", re.I)
# a sentence that breaks down the total the one before gave ("The total includes ...", "Out of this, ..."),
# or adds to it ("On top of that, 89,000 tonnes ... will be needed")
PARTS = re.compile(r"\s*(?:the\s+(?:total|figure|sum|amount)\s+(?:includes|included|comprises|comprised)|"
                   r"(?:out\s+)?of\s+(?:this|that|these|which|the\s+total)\s*,|on\s+top\s+of\s+(?:this|that)\s*,)",
                   re.I)
# what opens a new clause of a sentence, past which the figure before says nothing of the next one's period
NEW_CLAUSE = re.compile(r";|\b(?:while|whereas|but|although)\b", re.I)
SECOND_SIDE_WORD = re.compile(r"\b(?:from|vs\.?|versus|compared (?:with|to)|against|(?<!rather )than)\b", re.I)
SECOND_SIDE = re.compile(r"\b(?:from|vs\.?|versus|compared (?:with|to)|against)\b", re.I)
COMPARED_NEXT = re.compile(r"\b(?:vs\.?|versus|against|compared (?:with|to)|from|than)\s+(?:the\s+|an?\s+)?$", re.I)
# what joins a change's "from a year ago" to the level it reached ("rose 3.2 pct from a year ago to 17.4 bln")
LEVEL_AFTER = re.compile(r"\s*,?\s*to\s*", re.I)


def _compared_base(body: str, out: list[Figure], prev: Figure | None, f: Figure) -> Figure | None:
    """What a relative phrase ("a year earlier") counts back from: the figure before, unless that is
    itself a comparison's other side that this figure is joined to by "and" ("rose to 8.14 billion in
    February from 5.7 billion in January and 4.9 billion a year earlier": February's, not January's)."""
    if prev is None or prev.period_start is None:
        return None
    first = out[-2] if len(out) > 1 and out[-1] is prev and out[-2].sentence_index == prev.sentence_index else None
    if first is not None and first.period_start is not None \
            and re.search(r"\b(?:from|compared (?:with|to)|against|vs\.?|versus)\b", body[first.end:prev.start], re.I) \
            and re.match(r"[^.;,]{0,30}?,?\s*and\s*$", body[prev.end:f.start], re.I):
        return first
    return prev


# a results note stating where the year-ago period ended ("NOTE: 1985 period ended December 28")
PRIOR_END = re.compile(r"\b(?P<year>(?:19|20)\d\d) (?:fiscal )?(?:period|year|qtr|quarter)s? ended "
                       r"(?P<month>[a-z]+)\.? (?P<day>\d{1,2})\b", re.I)


def _prior_end(grammar: Grammar, body: str, period: Period) -> Period:
    """A table's year-ago period, ending on the day a note states for that year's period when it
    names one in the same month ("4TH QTR DEC 27" with "1985 period ended December 28")."""
    for m in PRIOR_END.finditer(body):
        month = grammar.months.get(m["month"].lower()[:3])
        if month != period[1].month or int(m["year"]) != period[1].year:
            continue
        day = int(m["day"])
        if not 1 <= day <= _last_day(period[1].year, month).day:
            continue
        months = (period[1].year - period[0].year) * 12 + period[1].month - period[0].month + int(period[0].day == 1)
        return _ending(dt.date(period[1].year, month, day), months)
    return period


def _row_of_table(grammar: Grammar, body: str, line_start: int, figures: list[Figure]) -> bool:
    first = next((g for g in figures if g.start >= line_start), None)
    if first is None:
        return False
    prefix = body[line_start:first.start].strip().rstrip(":.-").strip()
    return any(row.pattern.fullmatch(prefix) for row in grammar.row_labels)

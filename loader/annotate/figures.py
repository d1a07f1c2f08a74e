"""An article's number spans read as figures: amounts, the units the reader infers, what is not a figure.

`read_figures` turns the merged number spans of one article into `Figure`s. Each span is
read by `AmountReader`; then, in document order,

* spans that are not figures are dropped (years, numbers in names, ages, durations, a
  capitalized number word inside a sentence, an anaphoric "the two leaders" / "the other
  seven", ratios "two in five", fractions "two thirds", multipliers "four times as fast",
  "two of the world's biggest X");
* a bare number takes the unit the reader understands:
  1. "12 and 13 pct", "5 to 7 mln dlrs": the figure it is joined to by "and", "or", "to"
     or a dash;
  2. a table row: "Revs 535.0 mln vs 496.7 mln", "Net 33,085,000": the kind of its row
     label (`row_labels` seed), in the article's currency;
  3. the other side of a comparison: "12 cts vs 10", "110 mln dlrs from 525 mln": the
     figure it is compared with (its unit and minor-unit factor);
  4. a scaled number with nothing counted after it ("CIF imports were 2.76 billion"):
     the nearest earlier figure with a currency or measure in its sentence or the one before.
Metrics and periods are then given by `loader.annotate.metrics` and `loader.annotate.periods`,
subjects by `loader.annotate.subjects`, all over the sentences of `loader.annotate.sentences`
(the model's, split again where it ran two together).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from loader.annotate.amounts import Amount, AmountReader
from loader.annotate.grammar import Grammar
from loader.annotate.metrics import classify
from loader.annotate.periods import resolve_periods
from loader.annotate.sentences import figure_sentences
from loader.annotate.subjects import attach

COMPARED = re.compile(r"^[\s,]*(?:vs\.?|versus|against|compared (?:with|to)|from|up from|down from|after|"
                      r"rather than|instead of|over)\s*(?:an?\s+)?(?:net\s+)?(?:profit|loss|gain)?\s*$", re.I)
JOINED = re.compile(r"^\s*(?:to|and|or|-|–)\s*$", re.I)
# what may follow a number that counts nothing of its own: punctuation, a bracket ("97.4 (adjusted)", "4.71
# billion (4.90 billion ..."), a preposition, a conjunction or a relative word ("102.3 mln which included")
NOTHING_COUNTED = re.compile(
    r"^\s*($|[,.;:()]|(in|from|to|at|against|a|an|and|or|on|for|by|versus|vs|compared|respectively|the|last|this|"
    r"year|previously|earlier|before|after|ago|which|while|whereas|but)\b)", re.I)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    label: str
    sentence_index: int
    amount: Amount
    unit: str | None
    unit_kind: str | None
    value: float | None
    value_high: float | None
    unit_inferred: bool = False
    metric: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    subject_starts: tuple[int, ...] = ()   # entity spans the figure measures
    source_starts: tuple[int, ...] = ()    # entity spans that say or publish it

    @property
    def qualifier(self) -> str:
        return self.amount.qualifier


def read_figures(grammar: Grammar, reader: AmountReader, body: str, sentence_starts: list[int],
                 number_spans: list[tuple[int, int, str]], entity_spans: list[tuple[int, int, str]],
                 published: dt.date | None, title: str | None = None) -> list[Figure]:
    model_starts = sentence_starts or [0]
    sentence_starts = figure_sentences(body, sentence_starts)
    figures: list[Figure] = []
    for start, end, label in number_spans:
        amount = reader.read(body, start, end, label)
        if amount is None or amount.value is None:
            continue
        index = max(0, bisect.bisect_right(sentence_starts, amount.start) - 1)
        sentence_start = sentence_starts[index] if sentence_starts else 0
        if not _is_figure(body, amount, label, sentence_start):
            continue
        figures.append(Figure(amount.start, amount.end, label, index, amount, amount.unit, amount.unit_kind,
                              amount.value, amount.value_high))
    figures = _infer_units(grammar, body, figures, model_starts)
    figures = classify(grammar, body, sentence_starts, figures, entity_spans)
    figures = [f for f in figures if not f.amount.is_ordinal or f.metric is not None]
    figures = _index_levels(body, figures)
    figures = _conversions(body, resolve_periods(grammar, body, sentence_starts, figures, published, title))
    return attach(body, sentence_starts, figures, _as_named(grammar, body, entity_spans), grammar.row_labels, title)


INDEX_BEFORE = re.compile(r"\b(?:index|indices|(?:industrial|stock|share|market) average)\b"
                          r"(?:,?\s+[^\s.;]+){0,8}?\s+(?:to|at|was|is|stood at)\s+$", re.I)


def _index_levels(body: str, figures: list[Figure]) -> list[Figure]:
    """The level of an index is in points: a stock index's ("the Nikkei closed at 11,500"), another's ("the
    confidence index fell to 95.5 in February"), and the other side of its comparison ("from 97.5")."""
    out: list[Figure] = []
    for f in figures:
        a = f.amount
        prev = out[-1] if out else None
        if f.unit == "count" and a.is_bare and not a.words_only and a.value_high is None and (
                f.metric == "market_index" or INDEX_BEFORE.search(body[max(0, f.start - 60):f.start])
                or (prev is not None and prev.unit == "points" and prev.sentence_index == f.sentence_index
                    and (re.search(r"^[^.;]{0,40}\b(?:from|vs\.?|versus|compared with)\s+$|^\s+to\s+$",
                                   body[prev.end:f.start])
                         # the next level of a list: "was 136.5 in February, 136.3 in January and 139.2 ..."
                         or re.search(r"\d[.,]\d", body[f.start:f.end])
                         and re.search(r"^[^.;\d]{0,30}(?:,|\band)\s+$", body[prev.end:f.start])))):
            f = replace(f, unit="points", unit_kind="measure")
        out.append(f)
    return out


def _as_named(grammar: Grammar, body: str, entity_spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The entity spans as the warehouse names them (int_mentions_cleaned, int_entity_names_resolved): without
    a sentence's opening adverb ("Eventually Asimo" is "Asimo"; "Throughout" alone is nobody), and a name
    ending in a company word a company whatever the tagger said ("Owens-Illinois Inc" as a place)."""
    out = []
    for start, end, label in entity_spans:
        if (opener := grammar.opener.match(body, start, end)) is not None:
            start = opener.end()
        if start >= end:
            continue
        if label in ("GPE", "PERSON", "LOC", "NORP") and grammar.company_name.search(body[start:end]):
            label = "ORG"
        out.append((start, end, label))
    # a name the tagger reads as a nationality once but mostly as something else is that ("BA" an
    # organisation ten times and a nationality once)
    votes: dict[str, Counter[str]] = {}
    for start, end, label in out:
        votes.setdefault(" ".join(body[start:end].split()), Counter())[label] += 1
    return [(start, end, _majority(votes[" ".join(body[start:end].split())], label)) for start, end, label in out]


def _majority(votes: Counter[str], label: str) -> str:
    best, n = votes.most_common(1)[0]
    return best if label == "NORP" and n > votes[label] else label


def _conversions(body: str, figures: list[Figure]) -> list[Figure]:
    """A figure in brackets right after another is the same amount in other money ("86.7bn Swiss
    francs ($74.6bn; £39.1bn)"): it takes that figure's metric and period."""
    out: list[Figure] = []
    anchor: Figure | None = None
    for f in figures:
        prev = out[-1] if out else None
        between = body[prev.end:f.start] if prev else ""
        if prev is not None and f.unit_kind == "currency" and prev.unit_kind == "currency" \
                and (re.fullmatch(r"\s*\(\s*", between)
                     or (anchor is not None and re.fullmatch(r"\s*[;,/]\s*|\s*or\s*", between))):
            anchor = anchor or prev
            f = replace(f, metric=f.metric or anchor.metric, period_start=anchor.period_start,
                        period_end=anchor.period_end)
        else:
            anchor = None
        out.append(f)
    return out


def _is_figure(body: str, a: Amount, label: str, sentence_start: int) -> bool:
    text = " ".join(body[a.start:a.end].lower().split())
    before = body[max(0, a.start - 30):a.start]
    after = body[a.end:a.end + 20].lower()
    counted = a.unit == "count"
    if counted and a.is_bare and re.fullmatch(r"(1[5-9]|20)\d\d(/\d\d)?", text):
        return False  # a year
    if re.search(r"\d\s*Cent\b", body[a.start:a.end]) and a.number != 1:
        return False  # "50 Cent" is a name: a sum of cents is written "cents"
    if counted and _no_count(body, a, before, after):
        return False
    if re.search(r"\bper\s+$", before):
        return False  # the measure of a rate: "45.678 Ecus per 100 kilos"
    if re.match(r"-for-", after) or re.search(r"-for-$", before):
        return False  # a ratio: "a two-for-one bonus issue"
    if counted and a.is_bare and re.search(rf"\b{MONTH}\s+\d{{1,2}}"
                                         r"\s*(?:to|-|–|and)\s*$", before, re.I):
        return False  # the end of a span of days: "April 16 to 24"
    if counted and a.is_bare and re.fullmatch(r"\d{1,2}(?:\s*(?:to|-|–|and)\s*\d{1,2})?", text) \
            and re.search(rf"\b{MONTH}\s+$", before, re.I) and re.search(r"\b[A-Z][A-Za-z]*\.?\s+$", before):
        return False  # a day of a month, or a span of days: "the period March 9 to 20"
    if re.search(r"\w-$", before):
        return False  # a number inside a name: "Covid-19", "G-7"
    if counted and a.start != sentence_start and re.match(r"[A-Z][a-z]", body[a.start:a.end]) \
            and a.words_only and re.search(r"[\w,;:]\s*$", before):
        return False  # "One Belt, One Road"
    if re.search(r"\baged?\s+$", before.lower()) or re.match(r"^\s*-?\s*years?[- ]old", after):
        return False  # an age
    if counted and re.match(r"^[ \t]*-?[ \t]*(years?|months?|weeks?|days?|hours?|minutes?|yrs|mths|mos|wks)\b", after):
        return False  # a duration (not a table's next heading line: "Revs 10.0 mln vs 9.0 mln\n Year")
    if counted and a.is_bare and re.search(r"\b(?:a|an|one)\s+(?:year|month|week|day|hour|minute|decade)\s+or\s+$",
                                           before, re.I):
        return False  # a duration: "within a year or two"
    if counted and (re.fullmatch(r"no[- ]?one", text) or re.search(r"\bno-$", before, re.I)):
        return False  # "no-one" is nobody
    if counted and a.is_bare and re.fullmatch(r"0\d+", text.split()[-1]):
        return False  # a leading zero writes a clock time or a code, never a count: "at about 0200", "03 Bonnie"
    if counted and a.is_bare and re.match(r"\d{1,2}/\d{1,2}(?![\d/])", text):
        return False  # a bare fraction counts nothing: a name or a date ("Fahrenheit 9/11")
    if counted and re.fullmatch(r"[A-Z]{1,4}-?\d{1,4}", body[a.start:a.end]):
        return False  # a model, a name or a grade: "GT4", "PS2", "DP-10"
    if counted and a.words_only and a.number == 1 and a.scale == 1 \
            and not re.match(r"^\s*(?:more|last|single|extra|additional|new|other)\b", after):
        return False  # "one of the", "the only one": a pronoun or an article, not a count ("one more X" is)
    # "the two leaders"
    return not (counted and a.qualifier == "exact" and a.words_only and a.scale == 1
                and re.search(r"\b(the|these|those|both|all)\s+(?:other\s+)?$", before.lower()))


NUMBER_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
               r"thousand)\b")
RATIO_AFTER = re.compile(rf"\s+(?:in|out of)\s+(?:\d{{1,3}}|{NUMBER_WORD})(?![\d,])(?!\s+(?:years?|months?))")
MULTIPLIER_AFTER = re.compile(r"(?:\s*(?:and|or|to|-|–)\s*[\w.]+)?\s*times[\"'”’]?\s+(?:as|the|more|less|higher|"
                              r"lower|larger|bigger|greater|faster|slower|that|its|their|his|her|over)\b")
CHART_ENTRY = re.compile(r"\b(?:came|comes|come|went|goes|go|straight|new|entered|enters|debuted)\s+in\s+at\s+$")
LABEL_BEFORE = re.compile(r"\b(?:band|phase|tier|article|section|chapter|page|channel|platform|gate|flight|route|"
                          r"clause|paragraph|episode|volume|division|radio|terminal|junction|highway|interstate|"
                          r"pier|stand|hall|studio|lane)\s+$")
TITLE_BEFORE = re.compile(r"(?:^|[a-z,.!?]\s+)(?:[A-Z]\w*[’']s\s+)?[A-Z]\w*(?:[’']s)?\s$")
NO_TITLE_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
                             r"june|july|august|september|october|november|december|mr|mrs|ms|dr|\w+day|the|these|those|"
                             r"all|some|only|and|but)\s$", re.I)
TITLE_AFTER = re.compile(r"\s*(?:$|[,.;:)!?]|(?:is|was|has|had|have|fell|rose|went|took|won|will|would|chart|single|"
                         r"album|film|series)\b)")
SCORE_BEFORE = re.compile(r"\b(?:beat(?:en|s)?|won|wins?|winning|lost|los(?:e|es|ing)|dr[ae]w|draws?|victory|defeat\w*|"
                          r"thrash\w*|lead(?:s|ing)?|led|trail\w*|score\w*)\s+(?:\w+\s+){0,3}$")
DURATION_AFTER = re.compile(r"\s*(?:or|to|and|-|–)\s*(?:[\d.]+|[a-z]+)\s+(?:years?|months?|weeks?|days?|hours?|"
                            r"minutes?|decades?)\b(?!\s+(?:ago|earlier|before))")
AGE_BEFORE = re.compile(r"\b(?:people|those|anyone|children|adults|pensioners|men|women|everyone|aged)\s+"
                        r"(?:(?:are|were|is|aged)\s+)?$")
# a month's name or its abbreviation, not any word that begins like one ("three marques", "ten decades")
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")


def _no_count(body: str, a: Amount, before: str, after: str) -> bool:
    """Numbers that count nothing: chart positions ("number eight", "top 40", "from 13 to
    number four"), clock times ("1300 GMT"), versions ("Firefox 1.0", "version 7.60"),
    ratios and fractions ("one in 13", "two thirds"), age ranges ("18 to 24-year-old"),
    compound modifiers ("the 12-nation eurozone"), days of a month ("24-26 June") and an
    apposition ("Heineken and Carlsberg, two of the world's largest brewers")."""
    text = body[a.start:a.end]
    low = before.lower()
    return bool(
        re.search(r"\b(?:number|no\.|top)\s+$", low) or re.match(r"\s*to number\b", after)
        # a label, not a count: "Channel 4", "Article 50", "Section 28", "in band two", "Clause IV"
        or (a.scale == 1 and LABEL_BEFORE.search(low))
        # an age: "died in Germany at 50", "at the age of 12"
        or (a.is_bare and re.search(r"\b(?:age of|died(?:\s+[\w,]+){0,4}\s+at)\s+$", low))
        or re.match(r"\s*(?:gmt|bst|cet|est|edt|pst|utc|hrs)\b", after)
        or re.search(r"\bversion\s+$", low)
        or (a.is_bare and "." in text and re.search(r"[a-z]\s[A-Z][\w.-]*[a-z] $", before))
        # a number in a name: "Service Pack 2, with", "Premier League 20."
        or (a.is_bare and re.fullmatch(r"\d{1,2}", text) and re.search(r"[a-z,]\s[A-Z][a-z]+\s[A-Z][a-z]+\s$", before)
            and re.match(r"\s*(?:[,.;:)]|and\b|or\b|with\b|$)", after))
        or re.search(r"\bone in\s+$", low) or re.match(r"\s*(?:thirds?|fifths?|tenths?|halves)\b", after)
        # "two in five", "three out of ten": a ratio, both of its numbers
        or (a.is_bare and (re.search(rf"(?:\d|\b{NUMBER_WORD})\s+(?:in|out of)\s+$", low)
                           or RATIO_AFTER.match(after)))
        or re.search(r"[- ](?:halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths|tenths)$", text, re.I)
        # a multiplier: "almost four times as fast", "between two and three times the value"
        or MULTIPLIER_AFTER.match(body[a.end:a.end + 40].lower())
        # an age: "people over 60", "children under five"
        or (a.qualifier in ("at_least", "at_most") and AGE_BEFORE.search(low)
            and re.match(r"\s*(?:$|[,.;:)]|or\b|and\b)", after))
        or re.match(r"\s*(?:to|-|–)\s*\d+[- ]years?[- ]olds?\b", after)
        # the same when the model's span holds the "to": "18 to" of "18 to 24-year-old males"
        or (re.search(r"(?:to|-|–)$", text.strip()) and re.match(r"\s*\d+[- ]years?[- ]olds?\b", after))
        # the place a chart move reaches: "dropped only one place to two" (a chart position counts nothing),
        # and where a record enters the chart: "Estelle came in at 39", "straight in at 20"
        or re.search(r"\b(?:places?|notches)\s+to\s+$", low)
        or (a.is_bare and CHART_ENTRY.search(low))
        # a number in a title: "Ocean's 12 fell", "Assault on Precinct 13.", "the Hot 100 chart"
        or (a.is_bare and re.fullmatch(r"\d{1,3}", text) and TITLE_BEFORE.search(before)
            and not NO_TITLE_BEFORE.search(before) and TITLE_AFTER.match(after))
        # a score: "beaten 5-0", "won 3-1" (a score is no count)
        or (a.is_bare and re.fullmatch(r"\d{1,2}", text.strip())
            and re.match(r"\s*[-–]\s*\d{1,2}\b(?![-–/.,]\d)", after) and SCORE_BEFORE.search(low))
        # a duration whose unit follows its other end: "20.5 or 14.5 years", "two to three years"
        or DURATION_AFTER.match(after)
        # a multiplier with a fraction: "oversubscribed 16.2 times" (a count of times is whole)
        or (a.number != int(a.number) and re.match(r"\s*times\b", after))
        or (a.is_bare and re.match(r"-[a-z]", after))
        or (a.is_bare and re.match(rf"(?:\s*(?:-|–|to)\s*\d{{1,2}})?\s+{MONTH}(?:\s|$|[,.])", after))
        # an apposition or a part of a class ranked after it: "Heineken and Carlsberg, two of the world's
        # largest brewers", "news that two of the world's biggest suppliers had agreed" ("five of the eight men" counts)
        or (a.words_only and re.search(r",\s*$", before) and re.match(r"\s+of\s+(?:the|its|their)\b", after))
        or (a.words_only and re.match(r"\s+of\s+(?:the|its|their)\s+(?:[\w.]+'s\s+)?(?:\w+est|most|top|leading)\b",
                                      body[a.end:a.end + 40].lower())))


def _article_currency(figures: list[Figure]) -> str:
    counts = Counter(f.unit for f in figures if f.unit_kind == "currency" and f.unit and not f.unit_inferred)
    return counts.most_common(1)[0][0] if counts else "USD"


def _line_prefix(body: str, start: int) -> str:
    line_start = body.rfind("\n", 0, start) + 1
    return body[line_start:start]


def _with_unit(f: Figure, unit: str | None, kind: str | None, factor: float, scale: float | None = None) -> Figure:
    a = f.amount
    if a.scale > 1 or (scale or 1) > 1:
        factor = 1.0  # "35.0 mln" after "12 cts" is dollars: an amount with a scale word is never in cents
    s = scale if scale is not None else a.scale
    value = a.number * s * factor
    high = a.value_high / a.factor * factor if a.value_high is not None and a.factor else a.value_high
    return replace(f, unit=unit, unit_kind=kind, value=value, value_high=high, unit_inferred=True)


DOLLARS = frozenset({"CAD", "AUD", "HKD", "NZD", "SGD", "TWD"})
US_WRITTEN = re.compile(r"\bu\.?\s?s\.?\s?(?:\$|dlrs?|dollars?|cents?|cts)|\bus\$|\bamerican dollars?", re.I)


def _local_dollars(body: str, figures: list[Figure]) -> list[Figure]:
    """In a story whose first amount of money is in another dollar ("H.K. Dlrs", "Canadian dlrs")
    and that never names the U.S. one, a plain "dlrs", "$" or "cents" is that dollar, as its
    readers understand it."""
    named = {f.unit for f in figures if f.unit in DOLLARS}
    first = next((f for f in figures if f.unit_kind == "currency"), None)
    if len(named) != 1 or first is None or first.unit not in named or US_WRITTEN.search(body):
        return figures
    local = named.pop()
    return [replace(f, unit=local) if f.unit == "USD" and not _converted(body, figures, i) else f
            for i, f in enumerate(figures)]


def _sentence_dollars(body: str, figures: list[Figure]) -> list[Figure]:
    """A plain "dlrs" after an amount in another dollar in its sentence ("exports totalled 800 mln Canadian dlrs
    while imports reached about 700 mln dlrs") is that dollar, unless the U.S. one is written between them."""
    out: list[Figure] = []
    for f in figures:
        named = next((g for g in reversed(out) if g.sentence_index == f.sentence_index and g.unit in DOLLARS), None)
        if f.unit == "USD" and named is not None and not US_WRITTEN.search(body[named.end:f.end]) \
                and not re.search(r"\$", body[f.start:f.end]):
            f = replace(f, unit=named.unit)
        out.append(f)
    return out


def _converted(body: str, figures: list[Figure], i: int) -> bool:
    """A "$" amount in the brackets that convert the amount before it ("1.2bn Australian dollars (£458m;
    $874m)") is in US dollars, the currency a conversion is written in."""
    prev = next((g for g in reversed(figures[:i]) if g.unit_kind == "currency"), None)
    if prev is None:
        return False
    between = body[prev.end:figures[i].start]
    return bool(re.fullmatch(r"\s*\(\s*", between) or re.fullmatch(r"\s*[;,/]\s*", between)
                and re.search(r"\(\s*$", body[max(0, prev.start - 3):prev.start]))


def _infer_units(grammar: Grammar, body: str, figures: list[Figure], model_starts: list[int]) -> list[Figure]:
    """Units for figures that have none. "Its sentence" here is the model's sentence, not the figure
    grammar's re-split one: a unit carries over the paragraph breaks of an agency table and its notes."""
    def sentence(g: Figure) -> int:
        return max(0, bisect.bisect_right(model_starts, g.start) - 1)

    figures = _sentence_dollars(body, _local_dollars(body, figures))
    currency = _article_currency(figures)
    out: list[Figure] = []
    for i, f in enumerate(figures):
        a = f.amount
        needs_unit = f.unit in (None, "count") and f.label != "PERCENT" and not a.is_ordinal
        if not needs_unit:
            out.append(f)
            continue
        nxt = figures[i + 1] if i + 1 < len(figures) else None
        prev = out[-1] if out else None
        def factor_of(g):
            return g.amount.factor if g.unit_kind == "currency" else 1.0
        # 1. joined to the next figure: "12 and 13 pct"
        # (a nil compared with the next one too: "losses of nil vs 16.1 mln dlrs")
        # (and a scaled one before the same scale: "20 mln to 25 mln dlrs")
        if nxt is not None and (a.scale == 1 and a.is_bare or a.scale > 1 and a.scale == nxt.amount.scale
                                and f.unit in (None, "count")) and nxt.unit not in (None, "count") \
                and nxt.start - f.end <= 6 and (JOINED.match(body[f.end:nxt.start])
                                                or a.number == 0 and COMPARED.match(body[f.end:nxt.start])):
            out.append(_with_unit(f, nxt.unit, nxt.unit_kind, factor_of(nxt), nxt.amount.scale))
            continue
        # 2. a table row: its label says what it counts
        line_start = body.rfind("\n", 0, f.start) + 1
        first = next((g for g in out if g.start >= line_start), f)
        prefix = body[line_start:first.start].strip().rstrip(":.-").strip()
        label = next((row for row in grammar.row_labels if row.pattern.fullmatch(prefix)), None)
        if label is not None:
            if label.kind != "currency":
                out.append(f)
            elif first is not f and first.unit_kind == "currency":
                out.append(_with_unit(f, first.unit, "currency", factor_of(first)))
            else:
                out.append(_with_unit(f, currency, "currency", 1.0))
            continue
        # 3. the other side of a comparison: "12 cts vs 10"
        if prev is not None and prev.unit not in (None, "count") and sentence(prev) == sentence(f) \
                and COMPARED.match(body[prev.end:f.start]) and (a.is_bare or a.scale > 1) \
                and NOTHING_COUNTED.match(body[f.end:f.end + 20]):
            out.append(_with_unit(f, prev.unit, prev.unit_kind, factor_of(prev)))
            continue
        # 4. a scaled number with nothing counted after it
        grouped = a.is_bare and a.number >= 10_000 and re.search(r"\d,\d{3}", body[f.start:f.end])
        if (a.scale >= 1_000_000 or grouped) and NOTHING_COUNTED.match(body[f.end:f.end + 20]):
            earlier = next((g for g in reversed(out) if g.unit_kind in ("currency", "measure")
                            and sentence(f) - 1 <= sentence(g) <= sentence(f)), None)
            if earlier is not None:
                out.append(_with_unit(f, earlier.unit, earlier.unit_kind, 1.0))
                continue
        if f.unit is None:  # money whose currency is not written ("the $" of the model's span only)
            out.append(_with_unit(f, currency, "currency", 1.0))
            continue
        out.append(f)
    return out

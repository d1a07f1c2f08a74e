"""A figure's metric: set only when a rule's keyword governs the figure.

A rule (`metric_rules` seed) is a pattern over the figure's sentence written with the
figure as `<num>`, every other figure of the sentence as `§` and the names of
organisations, laws, works and events as `@` (a keyword inside a name says nothing:
"the Investment Company Institute said"). Rules keep the keyword next to the figure with
gaps that cannot cross another figure or a `;` (`[^§;]{0,40}`), so "exports rose 5% to
$10bn" and "a $2bn trade deficit" match, but a keyword elsewhere in the sentence does
not. A table row ("Revs 535.0 mln vs 496.7 mln") takes the metric of its row label
(`row_labels` seed). A period phrase between a keyword and its figure says when, not what,
and is left out before the rules are matched ("sales for the four weeks ended February 28
were up 7.6 pct to 240.8 mln dlrs" reads as "sales were up § to <num>"). The best rule
(lowest priority) wins; no rule, no metric; a rule whose metric is `none` wins to say "no metric"
(a division's results, a per-share offer, an amount knocked off a profit). The other
side of a comparison ("up 8.1% from 9.26bn euros"), the next member of a list ("4.4 pct
in Italy, 3.9 pct in Britain") and an amount converted in brackets ("£546m ($1.04bn)") take
the metric of the figure before them; a change stated before the level it reached ("profits
rose 15% from a year ago to reach £546m") does not stand between the keyword and the level.
Two parallel lists compared ("earned A, or B a share, on revenues of C compared with A' or B' on
sales of C'") pair their figures in order, and a second-side figure with no metric takes its pair's.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from loader.annotate.grammar import Grammar, MetricRule

if TYPE_CHECKING:
    from loader.annotate.figures import Figure

# a rule with this metric keeps what it matches unclassified, ahead of the rules it outranks (a division's
# profit is no company's net profit; a per-share offer is no share price)
NO_METRIC = "none"
NAME_TYPES = frozenset({"ORG", "WORK_OF_ART", "LAW", "EVENT", "FAC", "PRODUCT"})


def _unit_fits(rule: MetricRule, f: Figure) -> bool:
    wanted = rule.unit.split("|")
    return "any" in wanted or f.unit in wanted or (f.unit_kind or "") in wanted


def row_label_metric(grammar: Grammar, body: str, f: Figure, first_on_line: int) -> str | None:
    line_start = body.rfind("\n", 0, first_on_line) + 1
    prefix = body[line_start:first_on_line].strip().rstrip(":.-").strip()
    label = next((row for row in grammar.row_labels if row.pattern.fullmatch(prefix)), None)
    return label.metric if label else None


def classify(grammar: Grammar, body: str, sentence_starts: list[int], figures: list[Figure],
             entity_spans: list[tuple[int, int, str]]) -> list[Figure]:
    out = []
    for f in figures:
        line_start = body.rfind("\n", 0, f.start) + 1
        first_on_line = next((g.start for g in figures if line_start <= g.start <= f.start), f.start)
        metric = row_label_metric(grammar, body, f, first_on_line)
        if metric in ("net_profit", "net_loss") and first_on_line != f.start:
            # "Net loss 170,177 vs profit 105,090": the other side says which it is
            said = body[max(first_on_line, f.start - 20):f.start].lower()
            metric = "net_profit" if re.search(r"\bprofit\b", said) else "net_loss" \
                if re.search(r"\bloss\b", said) else metric
        if metric is None:
            context, entity_types = _context(body, sentence_starts, figures, entity_spans, f)
            for rule in grammar.metric_rules:
                if not _unit_fits(rule, f) or not rule.pattern.search(context):
                    continue
                if rule.min_entities and sum(t in rule.entity_types for t in entity_types) < rule.min_entities:
                    continue
                metric = None if rule.metric == NO_METRIC else rule.metric
                break
        out.append(replace(f, metric=metric))
    return _parallel_sides(body, _compared_sides(body, out))


MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# "for the four weeks ended february 28", "in the first quarter", "for its full fiscal year ended march 1",
# "for the first four months of its fiscal year", "in the 13 weeks to march": when a figure was measured
PERIOD_PHRASE = re.compile(
    r"\b(?:for|in|during|over)\s+(?:the|its|their|this|last)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:weeks?|months?|quarters?|qtr|year|half|period)\b"
    r"(?:\s+of\s+(?:the|its|their)\s+(?:fiscal\s+|financial\s+)?year\b)?"
    r"(?:\s+(?:ended|ending|to|through)\s+" + MONTH + r"(?:\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten)\b)?(?:,?\s+(?:19|20)\d\d\b)?)?,?", re.I)


# a month or a year-ago comparison between a change and its keyword says when ("exports rose 3.2 pct in
# February from a year ago to <num>")
WHEN_PHRASE = re.compile(r"\b(?:in|for|during)\s+" + MONTH + r"(?:\s+(?:19|20)\d\d)?(?=\s)|"
                         r"\bfrom\s+(?:a|one|the)\s+year\s+(?:ago|earlier|before)\b", re.I)
# a change stated before the level it reached ("profits rose 15% from a year ago to reach <num>", "shares
# closed five cents up at <num>"): the keyword governs the level as if the change were not there ("profits
# rose ... to reach <num>"); not after a
# name, whose move says what it is ("Corus fell § to <num>": a share price, rule share_price)
CHANGE_BEFORE_LEVEL = re.compile(
    r"(?<!@ )\b(rose|fell|grew|jumped|climbed|dropped|slipped|slumped|soared|surged|gained|lost|increased|"
    r"decreased|declined|dipped|slid|eased|edged up|edged down|tumbled|plunged|plummeted|rebounded|advanced|"
    r"retreated|shrank|widened|narrowed|added|shed|closed|ended|finished|opened|was up|were up|was down|"
    r"were down|up|down)\s+(?:by\s+)?§\s+(?:(?:up|down|higher|lower)\s+)?(?=(?:[^.;§,]{0,30}\s)?(?:to|at)\s)", re.I)
# a currency figure in brackets right after another one is the same amount converted ("£546m ($1.04bn)",
# "3bn yuan in 2004 ($365m; £190m)")
CONVERSION = re.compile(r"\s*(?:\(|;)\s*")

# what lies between a figure and the other side of its comparison ("10bn euros, up 8.1% from 9.26bn euros")
OTHER_SIDE = re.compile(r"(?:[^.;]{0,40}\b(?:from|vs\.?|versus|compared (?:with|to)|against|after)|"
                        r"[^.;]{0,100}\bcompared (?:with|to))\s+(?:the\s+|an?\s+)?"
                        r"(?:(?:same|year-ago|previous|prior|earlier|revised|reported)\s+)?", re.I)
# the next member of a list of parallel figures ("4.4 pct in Italy, 3.9 pct in Britain and Canada", "23.72 pct
# at end-February 1986 and 21.66 pct")
# (a dot inside a name, "in the U.S., minus 0.8 pct", does not end the list)
LIST_NEXT = re.compile(r"(?:\s+(?:in|at|for)\s+(?:the\s+)?(?:[^,;.§]|\.(?!\s)){1,40}?)?"
                       r"\s*(?:,|\band\b)\s*(?:and\s+)?", re.I)


def _compared_sides(body: str, figures: list[Figure]) -> list[Figure]:
    """The other side of a comparison measures what its first side measures: a figure with no
    metric after "from", "vs", "after" or "compared with" takes the metric of the figure in the
    same unit and of a comparable size before it in its sentence (only changes in another unit, or
    amounts of another size, in between: a per-share amount is no side of a total), and so does
    one whose own rule gave another metric (the first side's keyword governs both); "compared
    with" reaches further back ("the rate still remains one of the lowest in the world, compared
    with 12.1% in Germany"); the next member of a list of figures in that unit (", " or "and"
    between them) with no metric of its own takes it too."""
    out: list[Figure] = []
    for f in figures:
        g = next((g for g in reversed(out) if g.sentence_index == f.sentence_index and g.unit == f.unit
                  and _comparable(g, f)), None)
        between = [h for h in out if g is not None and g.end <= h.start and h.end <= f.start]
        if g is not None and g.metric is not None and g.metric != f.metric \
                and all(h.unit != f.unit or not _comparable(h, f) for h in between):
            gap, pos = [], g.end
            for h in between:
                gap.append(body[pos:h.start] + " ")
                pos = h.end
            gap.append(body[pos:f.start])
            if OTHER_SIDE.fullmatch("".join(gap)):
                # the other side is measured by its first side's keyword, not by a word near it
                # ("the jobless rate rose to 4.7% from 4.6% in the previous quarter, the rate ...")
                f = replace(f, metric=g.metric)
            elif f.metric is None and not between and LIST_NEXT.fullmatch("".join(gap)):
                f = replace(f, metric=g.metric)
        before = out[-1] if out and out[-1].sentence_index == f.sentence_index else None
        if before is not None and before.metric is not None and f.metric is None \
                and before.unit_kind == f.unit_kind == "currency" and before.unit != f.unit \
                and CONVERSION.fullmatch(re.sub(r"\s+in\s+(?:19|20)\d\d\b", "", body[before.end:f.start])):
            f = replace(f, metric=before.metric)
        out.append(f)
    return out


# the two sides of a comparison are amounts of one size: a total is not compared with a per-share amount
# ("earnings of 56.9 mln dlrs, or 64 cts a share, up from 46.4 mln dlrs": 46.4 mln is the other side of 56.9 mln)
COMPARABLE_RATIO = 1000.0


def _comparable(g: Figure, f: Figure) -> bool:
    a, b = abs(g.value or 0.0), abs(f.value or 0.0)
    return not (a and b) or max(a, b) / min(a, b) < COMPARABLE_RATIO


# the word that opens the second side of a comparison between two parallel lists of figures
PARALLEL = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|against)\b", re.I)


def _parallel_sides(body: str, figures: list[Figure]) -> list[Figure]:
    """Two parallel lists compared ("earned 219.2 mln dlrs, or 2.30 dlrs a share, on revenues of 4.55
    billion dlrs compared with income of 142 mln dlrs or 1.46 dlrs on sales of 4.21 billion dlrs"):
    when both sides of one comparison word in a sentence hold as many figures, in the same units in
    the same order, each figure of the second side with no metric takes its counterpart's."""
    out = list(figures)
    for index in sorted({f.sentence_index for f in figures}):
        at = [i for i, f in enumerate(out) if f.sentence_index == index]
        span = body[out[at[0]].end:out[at[-1]].start]
        marks = list(PARALLEL.finditer(span))
        if len(at) < 4 or len(marks) != 1:
            continue
        cut = out[at[0]].end + marks[0].start()
        left = [i for i in at if out[i].end <= cut]
        right = [i for i in at if out[i].start >= cut]
        if len(left) != len(right):
            continue
        pairs = list(zip(left, right, strict=True))
        if any(out[a].unit != out[b].unit for a, b in pairs):
            continue
        for a, b in pairs:
            if out[b].metric is None and out[a].metric is not None:
                out[b] = replace(out[b], metric=out[a].metric)
    return out


def _context(body: str, sentence_starts: list[int], figures: list[Figure],
             entity_spans: list[tuple[int, int, str]], f: Figure) -> tuple[str, list[str]]:
    index = f.sentence_index
    start = sentence_starts[index] if sentence_starts else 0
    end = sentence_starts[index + 1] if index + 1 < len(sentence_starts) else len(body)
    marks: list[tuple[int, int, str]] = []
    for g in figures:
        if start <= g.start and g.end <= end:
            marks.append((g.start, g.end, " <num> " if g is f else " § "))
    entity_types = []
    for s, e, label in entity_spans:
        if start <= s and e <= end:
            entity_types.append(label)
            if label in NAME_TYPES and not any(m[0] < e and s < m[1] for m in marks):
                marks.append((s, e, " @ "))
    marks.sort()
    parts, pos = [], start
    for s, e, text in marks:
        if s < pos:
            continue
        parts.append(body[pos:s])
        parts.append(text)
        pos = e
    parts.append(body[pos:end])
    # distinct entities only: a name repeated is one party
    entities = sorted({(body[s:e].lower(), label) for s, e, label in entity_spans if start <= s and e <= end})
    context = re.sub(r"\s+", " ", WHEN_PHRASE.sub(" ", PERIOD_PHRASE.sub(" ", "".join(parts))).lower())
    return CHANGE_BEFORE_LEVEL.sub(r"\1 ", context), [label for _, label in entities]


__all__ = ["classify", "row_label_metric", "bisect"]

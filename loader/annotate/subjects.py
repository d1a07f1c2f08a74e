"""Who a figure measures (its subjects) and who gives it (its sources), as entity spans.

The annotator stores the start offsets of these entity spans with each figure; the dbt
model `figure_entity` joins them to the canonical entities (roles `subject`, `source`).
The spans come as the warehouse names them (`figures._as_named`): without a sentence's opening
adverb ("Eventually Asimo" is "Asimo"), and a name ending in a company word is a company.

* A **source** says or publishes the number: "X said", "X says", "according to X", "said
  X", "X estimated", a statistics office or ministry by its name, an analyst's bank
  ("an economist at Z"), a speaker's employer ("Greg Mills, program director at AOL, said") whom a
  report comes from ("the joint report from the FAO and the World Food Programme said": not its figures' subject)
  and who compiled or sponsored it ("sponsored by the UK's Royal Bank of Scotland, the survey found 39 nations").
  A company that states its own results ("Nortel said it had made
  $434m", "OII Holdings said it purchased 96 pct of ...") is their subject, not their source. A name
  right after "said" / "says (that)" that a verb follows opens the reported clause and is its subject,
  not a source ("Sir John said Defra had paid 97%", "Qwest said that MCI had rejected a deal worth $8bn",
  "32% said Mr Blair was a good prime minister", a title before the name).
* The **subject** is the entity the figure measures: a speaker whose "its" or "their"
  governs it ("Hyundai expects its sales in India to grow 16%"; not "its figures", "its survey" or
  "its data", which show someone else's numbers), or the speaker's unit named right after "its"
  ("First American said its 88 pct owned AMI subsidiary has sold ... for 2,100,000 dlrs": AMI),
  the owner before it in its clause ("China's exports"; but not an owner whose possession is itself a
  name: "Microsoft's Internet Explorer has dropped to below 90%" measures the browser), else the nearest
  person, organisation or country named before
  it in its sentence that is no source (with the ones joined to it by "and": "trade
  between China and Russia"; not whom it is compared with, "more optimistic than Heineken", a
  company's home, "Avalon Corp of the U.S. has a 17 pct stake", nor what a price buys);
  nationalities and regions ("Japanese", "Asia") are never
  subjects (but for a nationality qualifying what a country has or does: "the Indian market
  will grow 15%" measures India, the demonym's country, which `figure_entity` resolves by the
  `demonyms` seed; and a region whose national statistic it is: "Latin America continued to emerge
  ..., with Gross Domestic Product edging up to nearly four pct"), nor, but for a national statistic, a place
  named as where something happens
  ("Carnival's shares in London", "the Frankfurt stock exchange", a place a sentence opens with:
  "In London, Corus fell 2.2%"), nor a country describing the company named after it ("US phone
  firm MCI", "Japan's biggest steel company Nippon Steel") or ranking it ("the company - India's
  second-largest car manufacturer -"), nor a country naming a currency ("the weakening US dollar
  would knock 125m euros off its profits"), nor a benchmark crude ("Brent crude rose, adding $1.89"),
  nor is whoever is told the number ("told Reuters"). ", with" opens a clause of its own ("Arcelor shed 2.1%, with
  ThyssenKrupp dropping 1.7%"). A speaker joined to the owner by a comma is a source ("Rod
  Eddington, BA's chief executive, said ..."), and an owner right after "says" is no speaker
  ("Mike Powell says BA's surcharge revenues - £160m"). The organisation a speaker speaks for, named
  with their role, is the subject when nobody is named before the figure ('"...3% to 3.5%
  improvement," BA chairman Martin Broughton said', "a Lufthansa spokesman said"; not an analyst's bank).
  A sentence that names only who states the figure ("X
  said"), a company, a body (no statistics office or board) or a country, has it as the subject
  ("Nestle said sales rose 11%", "..., the OECD said", "South Korea, which has about $200bn in
  reserves, said"); a national statistics office's figure with nobody else named measures the
  country the article names most ("Average earnings rose by 4.3%, the Office for National
  Statistics added"; not an international body's), and so does a figure nobody is named to own that
  official figures give, in its sentence or the one before ("..., official figures suggest", "Figures
  show that only eight people per thousand are car owners"; not "its figures").
  A figure whose sentence names none takes the article's country when its clause speaks of the country
  unnamed ("the government said it had identified more than 500 idle farms", "30 projects have been halted
  across the country"; not the government as a party: "the government saw off ... by 297 votes to 203"),
  else the company the article
  names most when its clause refers back to it ("its shares fell") or when it is a company's
  result ("Revenue dipped 1.4%"), else the subject of the
  figure before it (within two sentences, when of a kind the figure can measure, and not one
  whose subjects are the places named right after it: "9.7% in France"); else, for a percent change of a
  result its clause names ("Revenue dipped 1.4%", no metric), the article's company; else it
  measures no named entity. Who the sentence before names is taken only when the clause speaks
  of them ("Bilateral trade reached $115.6 billion", "the two countries"): on the tune gold
  those names were otherwise mostly not what the figure measures.
* A figure that is still without subjects, with nobody named before it in its sentence nor in
  the sentence before, measures the company the article's headline names, if it names one
  (an agency headline `NAME <TICKER> ...`: "TMOC RESOURCES LTD <TMOC.TO> 4TH QTR NET" over
  "Shr 12 cts vs 10 cts"): its subject start is `HEADLINE` (-1, no offset into the body), which
  `figure_entity` resolves to that company (`int_figure_headline_companies`), or to nobody; the
  next figure that takes the subject of the figure before it carries that company too. A national
  statistic (a national metric, or a keyword such as "housing starts", "loan rate") in a story whose
  body names no country, in a sentence naming none, measures the headline's country instead (`HEADLINE_COUNTRY`, -2;
  `int_figure_headline_countries`): "BALDRIGE PREDICTS SOLID U.S. HOUSING GROWTH" over "a 2.6 pct rise".
* A count whose things a name qualifies, with nobody named before it, measures that name ("despite
  rebellion by 34 Labour MPs", "Some 6,500 US stores"; not a nationality, "six Asian men", nor a name before
  no plural noun, "six Airbus A321 aircraft").
* "A lead B by X to Y" (a poll lead, a vote won): X measures A and Y measures B.
* Whom a poll is done for or by is its source ("21% of those polled for the Sunday Times", "the Sunday
  Times poll").
* A poll's share of people holding a view measures whom the view is of, named right after their verb
  of opinion with a verb of its own ("32% said Mr Blair was a good prime minister", "43% thought Mr Blunkett
  had done a good job"); "and 38% disagreed" then takes that name as the nearest before it.
* The amount of a deal also measures the party named right after it ("a $6.75bn buyout by
  Verizon", "a £1.35bn offer for the LSE").
* A percentage held of a company ("a 1% stake in X", "holding 2% of X", "a 30% shareholder in X",
  "its 88 pct owned X", "a 17 pct stake in TMOC" even when the tagger reads TMOC as a place) also
  measures X, beside its holder, and a percentage "owned by" someone ("Santos, which is 15 pct owned by
  Elders Resources") measures the holder too; a price paid for a company ("agreed to buy
  its former parent AT&T for about $16bn") measures the buyer and the company bought.
* A count of a company's shares ("nearly 3.7 mln CPC shares", "58.3 mln shares or 96 pct of
  Owens-Illinois Inc") also measures that company, beside its holder or buyer.
* The same amount in other money, in brackets ("537m euros ($701m; £371m)"), has the subjects
  and sources of the amount it converts.
* A national statistic (GDP, inflation, trade, rates ...) followed by "in" and countries
  measures those ("3.9 pct in Britain and Canada"), and so does the next figure of such a list even
  without a metric ("..., Minus 0.8 pct in West Germany"); else, when its subjects hold no country,
  it (or a figure whose sentence has a national keyword: "the 1987 soybean loan rate") takes the
  country the article names most, in place of the companies and people its sentence names. A trade
  figure with a partner country ("the trade deficit with Japan", "exports to China"; also without a
  trade metric when the trade word names the partner: "The deficit with China, up 30.5% at $162bn")
  measures the partner and the country the article names most (bilateral figures have both parties).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from loader.annotate import holdings
from loader.annotate.holdings import OWNER
from loader.annotate.subject_cues import (
    BOTH,
    CLAUSE,
    CLAUSE_VERB,
    CRUDE_AFTER,
    CURRENCY_AFTER,
    HEADLINE,
    HEADLINE_COUNTRY,
    INTERNATIONAL,
    ITS_UNIT,
    MARKET,
    NATIONAL,
    NATIONAL_WORD,
    OFFICIAL,
    OPINION,
    OWNING_POSSESSIVE,
    PARTNER,
    POLLED_FOR,
    PUBLISHER,
    RANKED,
    REPORT_FROM,
    RESULT_WORD,
    RESULTS,
    SAID_IT,
    SAYS_AFTER,
    SUBJECT_TYPES,
    THE_COUNTRY,
    TOLD,
    TRADE,
    TRADE_PARTNER,
    describes_company,
    names_a_place,
    nation_of,
    referred,
    speaks,
    speaks_for,
)

if TYPE_CHECKING:
    from loader.annotate.figures import Figure

def attach(body: str, sentence_starts: list[int], figures: list[Figure],
           entity_spans: list[tuple[int, int, str]], row_labels: list | None = None,
           title: str | None = None) -> list[Figure]:
    # a results table's row label read as a name ("Revs", "Avg shrs") is nobody
    ents = sorted(span for span in entity_spans if not any(_row_label(body, span, row.pattern)
                                                          for row in row_labels or []))
    index_of = {}
    for s, _, _ in ents:
        index_of[s] = _sentence(sentence_starts, s)
    speaker = {s: speaks(body, s, e, body[s:e]) for s, e, _ in ents}
    counts = _name_counts(body, ents)
    main = _most_named(body, ents, counts, ("ORG",)) or _most_named(body, ents, counts, ("ORG", "PERSON", "GPE"))
    country = _most_named(body, ents, counts, ("GPE",), least=1)
    out: list[Figure] = []
    anchor: Figure | None = None
    placed: set[int] = set()  # figures whose subjects are the places named right after them
    for f in figures:
        placed_here = False
        # the same amount in other money, in brackets ("537m euros ($701m; £371m)"), measures the same
        if (anchor := _converted(body, out, anchor, f)) is not None:
            out.append(replace(f, subject_starts=anchor.subject_starts, source_starts=anchor.source_starts))
            continue
        same = [(s, e, label) for s, e, label in ents if index_of[s] == f.sentence_index]
        sources = [s for s, e, label in same if speaker[s] and label in SUBJECT_TYPES | {"NORP"}]
        # a price of a commodity, a share or a currency measures no country
        types = {"ORG", "FAC"} if f.metric in MARKET else SUBJECT_TYPES
        if f.metric in NATIONAL:
            types = types | {"LOC"}  # a region's statistic ("Latin America's output grew 4%") is the region's
        before = [(s, e, label) for s, e, label in same if e <= f.start and label in types
                  and (f.metric in NATIONAL or not names_a_place(body, s, e, label))
                  and not describes_company(body, same, s, e, label)
                  and not (label == "GPE" and (RANKED.match(body, e) or CURRENCY_AFTER.match(body, e)))
                  and not (label != "GPE" and CRUDE_AFTER.match(body, e))]
        subjects: list[int] = []
        clause_start = _clause_start(body, sentence_starts[f.sentence_index] if sentence_starts else 0, f.start)
        in_clause = [m for m in before if m[0] >= clause_start]
        # (not an owner whose possession is itself a name: "Microsoft's Internet Explorer has dropped to below
        # 90%" measures the browser)
        owners = [m for m in in_clause if OWNER.match(body[m[1]:m[1] + 3]) and not speaker[m[0]]
                  and not any(re.fullmatch(r"(?:'s|’s|')\s+", body[m[1]:n[0]]) and not speaker[n[0]]
                              for n in in_clause if n[0] > m[1])]
        # who is told the number is no subject ("told Reuters")
        candidates = [m for m in in_clause if not speaker[m[0]] and not TOLD.search(body[max(0, m[0] - 20):m[0]])] \
            or [m for m in before if not speaker[m[0]] and not TOLD.search(body[max(0, m[0] - 20):m[0]])]
        lead_in = body[clause_start:f.start]
        # "Hyundai expects its sales in India to grow 16%": the speaker owns what "its" measures
        owning = [m for m in in_clause if speaker[m[0]] and m[2] == "ORG" and not PUBLISHER.search(body[m[0]:m[1]])
                  and (OWNING_POSSESSIVE.search(body, m[1], f.start)
                       or SAID_IT.search(body[m[1]:f.start]))]
        # "First American said its 88 pct owned Associated Mortgage Investors subsidiary has sold ... for
        # 2,100,000 dlrs": the speaker's unit named after "its" is what the figure measures
        unit = [m for m in in_clause if owning and m[0] > owning[0][1] and m[2] == "ORG" and not speaker[m[0]]
                and ITS_UNIT.search(body[owning[0][1]:m[0]])]
        # ... when no other name comes between ("a gain for First American of 1,200,000 dlrs", the tagger
        # reading a nationality in "First American")
        if unit and not [m for m in same if unit[-1][1] <= m[0] < f.start and m[2] in ("ORG", "PERSON", "NORP")]:
            subjects = [unit[-1][0]]
        elif owning:
            subjects = [owning[0][0]]
            sources = [s for s in sources if s != owning[0][0]]
        elif owners:
            # "Rod Eddington, BA's chief executive, said ...": the speaker joined by a comma is a source
            subjects = [s for s in _joined(body, before, owners[-1]) if s == owners[-1][0] or not speaker[s]]
        elif nearest := [m for m in candidates if not _aside(body, same, m)
                         and m[0] != holdings.bought(body, same, f)]:
            # the nearest named before it, with those joined to it by "and" ("trade between China and
            # Russia"); not a comparison ("more optimistic than Heineken"), a company's home ("Avalon
            # Corp of the U.S.") nor what a price buys ("agreed to buy AT&T for about $16bn": its buyer)
            subjects = _joined(body, before, nearest[-1], r"(?:'s)?\s*(?:and|&)\s*(?:the\s+)?")
        elif own := [s for s, e, label in same if s in sources and label in ("ORG", "GPE")
                     and not PUBLISHER.search(body[s:e]) and SAYS_AFTER.match(body[e:e + 120])
                     and not POLLED_FOR.search(body[max(0, s - 60):s])
                     and not REPORT_FROM.search(body, sentence_starts[f.sentence_index] if sentence_starts else 0, s)]:
            # the sentence names only who states the figure: a company or body giving its own
            # figures ("Nestle said sales rose 11%", "..., the OECD said") is what they measure
            subjects = own[:1]
            sources = [s for s in sources if s != own[0]]
        elif employer := [m for m in same if speaks_for(body, same, speaker, m)]:
            # "..., BA chairman Martin Broughton said": the organisation its speaker speaks for
            subjects = [employer[0][0]]
            sources = [s for s in sources if s != employer[0][0]]
        elif f.metric in RESULTS and any(label == "ORG" for s, e, label in before):
            own = [m for m in before if m[2] == "ORG"][-1]
            subjects = [own[0]]
            sources = [s for s in sources if s != own[0]]
        elif country is not None and THE_COUNTRY.search(lead_in + _clause_rest(body, sentence_starts, f)):
            subjects = [country]  # "the government said it had identified 500 idle farms": the article's country
        elif (back := referred(body, ents, lead_in, clause_start, types, main)) is not None:
            subjects = [back]  # "its", "the company": the story's main name; "the latter": the last named
        elif BOTH.search(lead_in) and (earlier := _earlier_sentence(ents, index_of, speaker, f.sentence_index,
                                                                      types)):
            subjects = earlier  # "Bilateral merchandise trade reached $115.6 billion": the parties named before
        elif f.metric in RESULTS and main is not None and _label(ents, main) == "ORG":
            subjects = [main]  # "Revenue dipped 1.4%": a company's results are the article's company's
        elif (named := _named_after(body, same, f)) is not None:
            subjects = [named]  # "rebellion by 34 Labour MPs", "6,500 US stores": whose MPs, whose stores
        elif (prior := next((g for g in reversed(out) if id(g) not in placed), None)) is not None \
                and prior.subject_starts and f.sentence_index - prior.sentence_index <= 2 \
                and all(_label(ents, s) in types or (s == HEADLINE and "ORG" in types) for s in prior.subject_starts):
            # the figure before it, but not one that names its own place ("9.7% in France"); the headline's
            # company too ("excludes loss 3,354,000 ... excludes loss 1,543,000": the company of the table)
            subjects = list(prior.subject_starts)
        elif f.metric is None and f.unit == "percent" and RESULT_WORD.search(lead_in) and main is not None \
                and _label(ents, main) == "ORG":
            subjects = [main]  # "Revenue dipped 1.4%", no figure before it: the article's company's result
        if (opinion := _opinion_of(body, same, f)) is not None:
            subjects = [opinion]  # "32% said Mr Blair was a good prime minister": the view is of Blair
            sources = [s for s in sources if s != opinion]
        if (nation := nation_of(body, same, clause_start, f)) is not None:
            subjects = [nation]  # "the Indian market will grow 15%": India (figure_entity maps the demonym)
        elif (f.metric in NATIONAL or _in_placed_list(out, placed, f)) \
                and (places := _places_after(body, same, f.end)):
            subjects = places  # "4.4 pct in Italy, 3.9 pct in Britain and Canada"
            placed_here = True
        elif (f.metric in NATIONAL or NATIONAL_WORD.search(_sentence_text(body, sentence_starts, f))) \
                and country is not None and not any(label in ("GPE", "LOC") for s, e, label in ents if s in subjects):
            subjects = [s for s in subjects
                        if s not in sources and _label(ents, s) not in ("ORG", "PERSON")] + [country]
        elif not subjects and country is not None and any(
                label == "ORG" and PUBLISHER.search(body[s:e]) and not INTERNATIONAL.search(body[s:e])
                for s, e, label in same if s in sources):
            # a national office's figure measures the article's country ("Average earnings rose by
            # 4.3%, the Office for National Statistics added"); an international body's does not
            subjects = [country]
        elif not subjects and country is not None and _official(body, sentence_starts, f):
            subjects = [country]  # "Almost a quarter of a million US consumers ..., official figures suggest"
        if country is None and title and (f.metric in NATIONAL or NATIONAL_WORD.search(_sentence_text(
                body, sentence_starts, f))) and not any(label == "GPE" for s, e, label in same):
            # a national statistic in a story whose body names no country: the headline's ("U.S. HOUSING ...")
            subjects = [s for s in subjects if s not in sources and _label(ents, s) not in ("ORG", "PERSON")
                        and s != HEADLINE] + [HEADLINE_COUNTRY]
        elif not subjects and title and not any(
                label in SUBJECT_TYPES and (index_of[s] == f.sentence_index - 1
                                            or (index_of[s] == f.sentence_index and s < f.start))
                for s, _, label in ents):
            subjects = [HEADLINE]  # "Shr 12 cts vs 10 cts" under "TMOC RESOURCES LTD <TMOC.TO> 4TH QTR NET"
        if country is not None and country not in subjects and any(
                _label(ents, s) == "GPE" and (PARTNER.search(body[max(0, s - 12):s]) if f.metric in TRADE
                                              else TRADE_PARTNER.search(body[max(0, s - 40):s])) for s in subjects):
            subjects = [country, *subjects]  # "the deficit with China": the article's country and its partner
        if (party := holdings.deal_party(body, ents, f)) is not None and f.unit != "percent" and party not in subjects:
            subjects = [*subjects, party]  # both parties of a deal
        if (bought := holdings.bought(body, same, f)) is not None and bought not in subjects:
            subjects = [*subjects, bought]  # "agreed to buy AT&T for about $16bn": the buyer and what it buys
        if (holder := holdings.holder(body, ents, f)) is not None and holder not in subjects:
            subjects = [holder, *subjects]  # "Santos, which is 15 pct owned by Elders": the holder and Santos
        if (issuer := holdings.shares_of(body, ents, f)) is not None and issuer not in subjects:
            subjects = [*subjects, issuer]  # "3.7 mln CPC shares": the holder and the company whose shares
        if (count := holdings.restated(body, out, f)) is not None:
            subjects = list(count.subject_starts)  # "3.7 mln CPC shares, or 7.6 pct of the company": that holding
        if (held := holdings.held(body, ents, f)) is not None and held not in subjects:
            subjects = [s for s in subjects if s != held] + [held]  # the holder and what it holds
        if (lead := _lead(body, same, out, f)) is not None:
            # "Labour lead the Conservatives by 39% to 34%": the first is the leader's, the second the other's
            out[-1] = replace(out[-1], subject_starts=(lead[0],))
            subjects = [lead[1]]
        out.append(replace(f, subject_starts=tuple(dict.fromkeys(subjects)), source_starts=tuple(sources)))
        if placed_here:
            placed.add(id(out[-1]))
    return out


# a name a comparison is made with ("more optimistic than Heineken")
THAN = re.compile(r"\bthan\s+(?:the\s+)?$", re.I)
# a company's home, right after its name ("<Avalon Corp> of the U.S.")
HOME = re.compile(r">?,?\s+(?:of|from)\s+(?:the\s+)?")


def _aside(body: str, same: list[tuple[int, int, str]], m: tuple[int, int, str]) -> bool:
    """Whether a name before the figure is said in passing: a comparison or a company's home."""
    if THAN.search(body[max(0, m[0] - 12):m[0]]):
        return True
    prev = [p for p in same if p[1] <= m[0]]
    return m[2] == "GPE" and bool(prev) and prev[-1][2] == "ORG" \
        and HOME.fullmatch(body, prev[-1][1], m[0]) is not None


# "A lead B by X to Y": a lead or a win, the two shares of its two sides
LEAD_VERB = re.compile(r"\s+(?:lead|leads|led|leading|trail|trails|trailed|trailing|beat|beats)\s+(?:the\s+)?")


def _lead(body: str, same: list[tuple[int, int, str]], out: list[Figure], f: Figure) -> tuple[int, int] | None:
    """(leader, other side) when the figure is the Y of "A lead B by X to Y", X the figure before it."""
    prev = out[-1] if out else None
    if prev is None or prev.sentence_index != f.sentence_index or not re.fullmatch(r"\s+to\s+",
                                                                                   body[prev.end:f.start]):
        return None
    named = [m for m in same if m[1] <= prev.start and m[2] in ("ORG", "GPE", "PERSON", "NORP")]
    if len(named) < 2 or not re.fullmatch(r"\s+by\s+", body[named[-1][1]:prev.start]) \
            or not LEAD_VERB.fullmatch(body, named[-2][1], named[-1][0]):
        return None
    return named[-2][0], named[-1][0]


# a count whose things a name qualifies, right after the number ("34 Labour MPs", "6,500 US stores")
# (a plural noun: not "six Airbus A321 aircraft", the maker of a fleet, nor "nine UK top 30 singles")
COUNTED_NOUN = re.compile(r"\s+(?:[a-z][a-z-]+|[A-Z]{2,})s\b")


def _named_after(body: str, same: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The organisation or country that qualifies what a count counts, named right after it (not a
    nationality: "six Asian men")."""
    if f.unit != "count":
        return None
    nxt = next((m for m in same if m[0] >= f.end), None)
    if nxt is None or nxt[2] not in ("ORG", "GPE") or not re.fullmatch(r"\s+", body[f.end:nxt[0]]):
        return None
    return nxt[0] if COUNTED_NOUN.match(body, nxt[1]) else None


def _opinion_of(body: str, same: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The person or body that the people a percentage counts hold a view of, named right after their verb
    of opinion and followed by its own verb ("32% said Mr Blair was ...", "43% thought Mr Blunkett had ...")."""
    if f.unit != "percent":
        return None
    after = [m for m in same if m[0] >= f.end and m[2] in ("PERSON", "ORG", "GPE")]
    held = next((m for m in after if OPINION.fullmatch(body, f.end, m[0])), None)
    return held[0] if held is not None and CLAUSE_VERB.match(body, held[1]) else None


def _official(body: str, sentence_starts: list[int], f: Figure) -> bool:
    """Whether official figures give the figure: said in its sentence, or in the sentence before when its
    own names nobody ("The UK's jobless total rose ..., official figures show. The number of people out of
    work rose 32,000")."""
    if not sentence_starts:
        return bool(OFFICIAL.search(body))
    i = f.sentence_index
    end = sentence_starts[i + 1] if i + 1 < len(sentence_starts) else len(body)
    return bool(OFFICIAL.search(body, sentence_starts[i], end)
                or (i > 0 and OFFICIAL.search(body, sentence_starts[i - 1], sentence_starts[i])))


def _in_placed_list(out: list[Figure], placed: set[int], f: Figure) -> bool:
    """Whether the figure before it, in its sentence, measures the places named right after it: the
    next of a list ("4.4 pct in Italy, ..., minus 0.8 pct in West Germany") does too."""
    return bool(out) and id(out[-1]) in placed and out[-1].sentence_index == f.sentence_index


def _row_label(body: str, span: tuple[int, int, str], pattern: re.Pattern[str]) -> bool:
    """Whether an entity span is (the start of) a results table's row label ("Avg" of "Avg shrs")."""
    text = body[span[0]:span[1]].strip()
    line_end = body.find("\n", span[0])
    line = body[span[0]:line_end if line_end >= 0 else len(body)]
    label = pattern.match(line)
    return bool(pattern.fullmatch(text) or pattern.match(text + " ")
                or (label and label.end() >= len(text) and (span[0] == 0 or body[span[0] - 1] in "\n ")
                    and not body[body.rfind("\n", 0, span[0]) + 1:span[0]].strip()))


def _converted(body: str, out: list[Figure], anchor: Figure | None, f: Figure) -> Figure | None:
    """The figure that `f` converts into other money (as figures._conversions reads them), or None."""
    prev = out[-1] if out else None
    if prev is None or f.unit_kind != "currency" or prev.unit_kind != "currency":
        return None
    between = body[prev.end:f.start]
    if re.fullmatch(r"\s*\(\s*", between):
        return anchor or prev
    if anchor is not None and re.fullmatch(r"\s*[;,/]\s*|\s*or\s*", between):
        return anchor
    return None


def _places_after(body: str, same: list[tuple[int, int, str]], end: int) -> list[int]:
    """The countries named right after a figure by "in" ("3.9 pct in Britain and Canada")."""
    places = [m for m in same if m[0] >= end and m[2] == "GPE"]
    if not places or not re.fullmatch(r"\s+in\s+(?:the\s+)?", body[end:places[0][0]]):
        return []
    picked = [places[0][0]]
    for prev, nxt in zip(places, places[1:], strict=False):
        if not re.fullmatch(r"\s*(?:and|,|&)\s*(?:the\s+)?", body[prev[1]:nxt[0]]):
            break
        picked.append(nxt[0])
    return picked


def _earlier_sentence(ents: list[tuple[int, int, str]], index_of: dict[int, int], speaker: dict[int, bool],
                      sentence: int, types: frozenset[str] | set[str]) -> list[int]:
    """Who the sentence before names that is no source."""
    named = [s for s, _, label in ents if index_of[s] == sentence - 1 and label in types and not speaker[s]]
    return list(dict.fromkeys(named))


def _sentence_text(body: str, sentence_starts: list[int], f: Figure) -> str:
    """The figure's sentence."""
    start = sentence_starts[f.sentence_index] if sentence_starts else 0
    nxt = [s for s in sentence_starts if s > f.end]
    return body[start:nxt[0] if nxt else len(body)]


def _clause_rest(body: str, sentence_starts: list[int], f: Figure) -> str:
    """The figure's clause after it, to the sentence's or the clause's end ("... halted across the country")."""
    nxt = [s for s in sentence_starts if s > f.end]
    rest = body[f.end:nxt[0] if nxt else len(body)]
    cut = CLAUSE.search(rest)
    return rest[:cut.start()] if cut else rest


def _clause_start(body: str, sentence_start: int, pos: int) -> int:
    breaks = [m.end() for m in CLAUSE.finditer(body, sentence_start, pos)]
    return breaks[-1] if breaks else sentence_start


def _label(ents: list[tuple[int, int, str]], start: int) -> str | None:
    return next((label for s, _, label in ents if s == start), None)


def _sentence(starts: list[int], pos: int) -> int:
    import bisect
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _joined(body: str, before: list[tuple[int, int, str]], chosen: tuple[int, int, str],
            joint: str = r"(?:'s)?\s*(?:and|,|&)\s*(?:the\s+)?") -> list[int]:
    """The chosen entity and those joined to it by "and" or a comma ("between China and Russia")."""
    picked = [chosen[0]]
    i = before.index(chosen)
    while i > 0 and re.fullmatch(joint, body[before[i - 1][1]:before[i][0]]):
        i -= 1
        picked.insert(0, before[i][0])
    return picked


def _name_counts(body: str, ents: list[tuple[int, int, str]]) -> Counter[str]:
    """How often each name is named, a shorter form counting for the longer names it begins
    ("Mitsubishi" for "Mitsubishi Motors")."""
    plain = Counter(" ".join(body[s:e].split()) for s, e, label in ents if label in SUBJECT_TYPES)
    counts = Counter(plain)
    for short, n in plain.items():
        for name in plain:
            if name != short and name.startswith(short + " "):
                counts[name] += n
    return counts


def _most_named(body: str, ents: list[tuple[int, int, str]], counts: Counter[str],
                labels: tuple[str, ...], least: int = 2) -> int | None:
    """The first mention of the entity the article names most (of these labels), if named `least` times."""
    best = None
    for s, e, label in ents:
        if label not in labels:
            continue
        name = " ".join(body[s:e].split())
        # a dateline city in capitals ("ROME, April 13 -") ranks below a name in the text
        key = (counts[name], not name.isupper())
        if counts[name] >= least and (best is None or key > best[0]):
            best = (key, s)
    return best[1] if best else None

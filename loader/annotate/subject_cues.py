"""The cues `loader.annotate.subjects` reads a figure's subjects and sources by: the metric groups,
the phrases that make a name a speaker, a source, a place or a description rather than what a
figure measures, and the small tests built on them."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from loader.annotate.holdings import OWNER

if TYPE_CHECKING:
    from loader.annotate.figures import Figure

SUBJECT_TYPES = frozenset({"ORG", "GPE", "PERSON", "FAC"})
NATIONAL = frozenset({"gdp_growth", "gdp", "inflation", "unemployment", "interest_rate", "budget_balance",
                      "current_account", "trade_balance", "exports", "imports", "trade_growth", "trade_volume"})
TRADE = frozenset({"trade_balance", "exports", "imports", "trade_volume"})
# a trade figure's partner ("the deficit with China", "exports to Japan", "imports from Japan")
PARTNER = re.compile(r"\b(?:with|to|from)\s+(?:the\s+)?$", re.I)
# a trade figure's partner named with its trade word when the figure has no trade metric ("The deficit with
# China, up 30.5% at $162bn")
TRADE_PARTNER = re.compile(r"\b(?:trade|deficit|surplus|gap|exports?|imports?)\s+(?:with|to|from)\s+(?:the\s+)?$", re.I)
MARKET = frozenset({"price", "exchange_rate", "market_index"})
HEADLINE = -1  # the subject start of "the company the headline names" (not an offset into the body)
HEADLINE_COUNTRY = -2  # the subject start of "the country the headline names" (not an offset into the body)
# a national statistic named by its keyword when the figure has no national metric ("a 2.6 pct rise in February
# housing starts", "Single-family starts rose", "the 1987 soybean loan rate", "the money supply")
NATIONAL_WORD = re.compile(
    r"\b(?:(?:housing|home|single-family|multi-family|unit)\s+starts|building permits|loan rates?|money supply|"
    r"industrial (?:production|output)|(?:consumer|producer|wholesale) prices|gross (?:domestic|national) product|"
    r"gdp|gnp|inflation|unemployment|jobless|trade (?:deficit|surplus|balance)|current account|budget deficit|"
    r"foreign reserves)\b", re.I)
RESULTS = frozenset({"revenue", "net_profit", "net_loss", "operating_profit", "earnings_per_share", "dividend"})
# a company's result named in the figure's clause when the figure itself has no metric (its change: "Revenue
# dipped 1.4%", "pre-tax profits rose 12%")
RESULT_WORD = re.compile(r"\b(?:revenues?|sales|turnover|profits?|earnings|net income|net loss|losses|dividends?)\b",
                         re.I)
SAYS_AFTER = re.compile(
    r"^(?:'s?)?\s*(?:\([^)]{0,40}\)\s*)?(?:,[^,]{0,80},\s*)?(?:also |has |had |have |on \w+ )?"
    r"(?:said|says|say|reported|reports|announced|estimated|estimates|forecast|forecasts|predicted|predicts|"
    r"told|calculated|showed|shows|expects|expected|projected|noted|added)\b", re.I)
SAYS_BEFORE = re.compile(r"(?:according to|said|says|quoted|cited|figures from|data from|statistics from)"
                         r"\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.I)
# a name right after "said" / "says (that)" that a verb follows opens the reported clause ("Sir John said
# Defra had paid 97%", "Qwest said on Wednesday that MCI had rejected a deal"), unlike "..., said Dan Amstutz."
# a title before the name ("said Mr Blair was", "said Chancellor Gordon Brown had")
TITLE = (r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Chancellor|President|Prime Minister|Minister|Secretary|"
         r"Senator|Governor|Mayor|Professor)\.?\s+)?")
REPORTED = re.compile(r"\b(?:said|says|say)\s+(?:on \w+\s+)?(?:that\s+)?(?:the\s+)?" + TITLE + "$", re.I)
# the share of people holding a view of someone, in a poll ("32% said Mr Blair was a good prime minister",
# "Forty-three per cent thought Mr Blunkett had done a good job"): who the view is of
OPINION = re.compile(r",?\s+(?:of\s+[^.;:]{1,60}?\s+)?(?:said|say|says|thought|think|thinks|believed?|believes|"
                     r"felt|feel|feels|agreed|agree|agrees)\s+(?:that\s+)?" + TITLE + "$")
CLAUSE_VERB = re.compile(r"(?:'s?|s')?\s+(?:also\s+|still\s+|now\s+)?(?:had|has|have|was|were|is|are|would|will|could|"
                         r"should|may|might|must|can|did|does|expects?|plans?|[a-z]+ed)\b")
# "X said it received ...": what the speaker reports doing itself
SAID_IT = re.compile(r"\b(?:said|says|reported|announced)\s+(?:on \w+\s+)?(?:that\s+)?(?:it|they)\s+"
                     r"(?!was\b|is\b|expects?\b)",
                     re.I)
ANALYST_OF = re.compile(r"\b(?:economists?|analysts?|strategists?|spokes(?:man|woman|person)|officials?|"
                        r"dealers?|traders?|chief economist)\s+(?:at|with|of|for|from)\s+(?:the\s+)?$"
                        # a speaker's employer by "at" ("Greg Mills, program director at AOL, said")
                        r"|\b(?:director|manager|head|president|chairman|executive|officer|researcher|editor|"
                        r"partner|professor)\s+at\s+(?:the\s+)?$", re.I)
# who a poll is done for or by ("those polled for the Sunday Times", "a poll by YouGov", "the Sunday Times
# poll"): its source, not what its shares measure
POLLED_FOR = re.compile(r"\b(?:poll|polls|polled|survey|surveyed|interviewed)\s+(?:for|by|commissioned by|"
                        r"carried out by|conducted by)\s+(?:the\s+)?$", re.I)
# who a report comes from ("the joint report from the Food and Agriculture Organisation and the World Food
# Programme said"): it states other people's figures, not its own
REPORT_FROM = re.compile(r"\b(?:report|study|survey|research|analysis|review)\s+(?:from|by)\s+(?:the\s+)?"
                         r"[^,;.]{0,80}$", re.I)
# who made or paid for a study or a publication ("Compiled by Central Banking Publications and sponsored by the
# UK's Royal Bank of Scotland, the survey found 39 nations ..."): its source
MADE_BY = re.compile(r"\b(?:compiled|sponsored|commissioned|conducted|carried out)\s+by\s+(?:the\s+)?"
                     r"(?:[\w'’.-]+\s+){0,2}$", re.I)
# (not what a poll rates: "Labour's poll lead", "the Labour poll rating")
POLL_AFTER = re.compile(r"\s+(?:opinion\s+)?(?:poll|survey)\b(?!\s+(?:lead|leads|rating|ratings|numbers|standing|"
                        r"share|showing|position))", re.I)
PUBLISHER = re.compile(r"\b(?:statisti\w*|istat|insee|destatis|census|bureau|office|ministry|institute|agency|"
                       r"commission|department|board)\b", re.I)
INTERNATIONAL = re.compile(r"\b(?:united nations|un|international|world|european|global|oecd|imf|opec)\b", re.I)
TOLD = re.compile(r"\btold\s+(?:the\s+)?$", re.I)
# official figures with nobody named as their owner ("Almost a quarter of a million US consumers complained ...,
# official figures suggest"; "Figures show that only eight people per thousand are car owners"; "according to
# official statistics"), not a speaker's own ("its figures suggested")
OFFICIAL = re.compile(r"\b(?:official|government|latest|provisional|national)\s+(?:figures|statistics|data)\b"
                      r"|(?<!\bits )(?<!\btheir )\b(?:figures|statistics|data)\s+(?:show|showed|shows|suggest|"
                      r"suggests|suggested)\b", re.I)
# a clause starts after these ("BMW-brand sales rose 2.3% while sales of Mini models rose 3.6%", "Arcelor
# shed 2.1%, with ThyssenKrupp dropping 1.7%")
CLAUSE = re.compile(r";|\b(?:while|whereas|but|although)\b|, (?:and|which|who|with)\b", re.I)
# what a speaker's figures come from: "AOL said its figures suggested that ... 90%" is no figure of AOL's own
SURVEY = r"(?:figures|data|survey|surveys|research|study|poll|report|statistics|estimates?|analysis|calculations)\b"
# the speaker's unit, named right after its possessive ("its 88 pct owned X", "its unit X")
# (no preposition between: "its sales to Y" is no unit)
ITS_UNIT = re.compile(r"\b(?:its|their)\s+(?:(?!(?:to|from|with|in|into|for|by|of|at|on|over|against)\s)"
                      r"[\w.-]+\s+){0,4}$", re.I)
# the figure's clause speaks of the parties the sentence before names ("Bilateral trade reached ...")
BOTH = re.compile(r"\b(?:bilateral|two-way|both sides|the two (?:countries|sides|nations|companies|firms))\b", re.I)
# the figure's clause speaks of the article's country without naming it ("the government said it had identified
# more than 500 idle farms", "30 projects have been halted across the country"); not a description ("the
# country's largest steel producer"), nor the government as a party ("the government saw off a backbench
# attempt by 297 votes to 203")
THE_COUNTRY = re.compile(r"\b(?:the (?:country|nation)\b(?!(?:'s|’s)\s+(?:(?:second|third|[\w-]+est)\b|top\b|"
                         r"leading\b|main\b))|nationwide|the government (?:has |had )?(?:said|says|announced)\b)", re.I)
# the figure's clause speaks of the article's company without naming it
# a possessive that owns what follows: not "its figures suggested ...", since what its figures show is someone else's
ITS_OWN = r"(?:its|their)(?!\s+(?:own\s+)?" + SURVEY + r")"
OWNING_POSSESSIVE = re.compile(r"\b" + ITS_OWN, re.I)
# ("its figures suggested ..." does not refer back either)
REFERS_BACK = re.compile(r"\b(?:it|" + ITS_OWN + r"|the (?:company|firm|group|bank|"
                         r"carmaker|car maker|maker|brewer|airline|retailer|giant|operator|insurer|manufacturer|"
                         r"producer|concern|unit|business))\b", re.I)
# "the latter" names the last of those named before it ("... its other major shareholder the Australian Gas
# Light Co. The latter has a 10.5 pct stake in TMOC"), not the story's main company
LATTER = re.compile(r"\bthe latter\b", re.I)


def referred(body: str, ents: list[tuple[int, int, str]], lead_in: str, lead_start: int,
             types: frozenset[str] | set[str], main: int | None) -> int | None:
    """Who the clause's lead-in refers back to: the last name before "the latter", or the story's main name."""
    if (latter := LATTER.search(lead_in)) is not None:
        # (only a name just before it: one named further back is not what "the latter" picks out)
        named = [(s, e) for s, e, label in ents if e <= lead_start + latter.start() and label in types]
        return named[-1][0] if named and lead_start + latter.start() - named[-1][1] <= 40 else None
    return main if REFERS_BACK.search(lead_in) else None


# a place named as where something happens, not what a figure measures: a market's ("Carnival's shares in
# London", "the Frankfurt stock exchange", "London traders"), a building's ("the new Wembley stadium")
IN_PLACE = re.compile(r"\b(?:shares?|stocks?|trading|traded|listed|quoted|closed|opened|ended)\s+(?:[\w-]+\s+)?"
                      r"(?:in|at|on)\s+(?:the\s+)?$", re.I)
PLACE_NOUN = re.compile(r"\s+(?:stock exchange|exchange|stadium|trading|airport|court|plant|factory|express|station|"
                        r"headquarters|office|branch|store|traders?|dealers?|brokers?)s?\b", re.I)


# a place a sentence or clause opens with ("In London, Corus fell 2.2%")
OPENING_PLACE = re.compile(r"(?:^|[.;:]\s+|,\s+|\n\s*)(?:In|in|At|at)\s+(?:the\s+)?$")


# a place in a person's title ("the Prince of Wales did receive over £4m"): the person's, not the place's
TITLE_OF = re.compile(r"\b(?:Prince|Princess|Duke|Duchess|Earl|Countess|Marquess|Archbishop|Bishop)\s+of\s+"
                      r"(?:the\s+)?$")


def names_a_place(body: str, start: int, end: int, label: str) -> bool:
    return label in ("GPE", "FAC", "LOC") and bool(
        IN_PLACE.search(body[max(0, start - 40):start]) or PLACE_NOUN.match(body, end)
        or TITLE_OF.search(body[max(0, start - 25):start])
        or (OPENING_PLACE.search(body[max(0, start - 12):start]) and body[end:end + 1] == ","))


# a nationality before what a country has or does: "the Indian market", "English local authorities",
# "Japanese private sector investment"
NATION_NOUN = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:market|economy|authorities|councils|government|investment|"
                         r"industry|companies|firms|banks|exports|imports|inflation|unemployment|growth|spending|"
                         r"production|output|consumers|households|taxpayers|budget|debt|reserves|population)\b")


def nation_of(body: str, same: list[tuple[int, int, str]], clause_start: int, f: Figure) -> int | None:
    """The nationality that is the last name before the figure in its clause, when it qualifies what
    a country has or does ("the Indian market will grow 15%"), and no one else is named after it."""
    before = [m for m in same if clause_start <= m[0] and m[1] <= f.start]
    if not before or before[-1][2] != "NORP":
        return None
    s, e, _ = before[-1]
    noun = NATION_NOUN.match(body, e)
    return s if noun is not None and not re.search(r"[.;](?!\d)", body[e:f.start]) else None


# a country ranking what is named ("the company - India's second-largest car manufacturer -"): a description
RANKED = re.compile(r"(?:'s|’s)\s+(?:(?:second|third|fourth|fifth|number one|no\.? ?\d)[- ])?"
                    r"(?:largest|biggest|top|leading|oldest|main|dominant)\b", re.I)
# a country naming a currency ("the weakening US dollar would knock 125m euros off its profits")
CURRENCY_AFTER = re.compile(r"\s+(?:dollars?|pounds?|sterling|yen|euros?|francs?|marks?|lire|currency|currencies)\b",
                            re.I)


# a benchmark naming a crude oil ("Brent crude also rose, adding $1.89 to $48.62"): a commodity's price, no subject
# (not a producer's output, "Shell crude output", nor a country's stocks, "stockpiles of US crude")
CRUDE_AFTER = re.compile(r"\s+crude\b(?!\s+(?:output|production|exports?|sales|reserves|supplies)\b)", re.I)


# a country describing a company the story named before ("The US firm is thought to be offering about $2bn")
THE_COUNTRY_S_FIRM = re.compile(r"\s+(?:[a-z][\w-]*\s+)?(?:firm|company|group|carmaker|car maker|maker|bank|airline|"
                                r"retailer|giant|operator|insurer|manufacturer|brewer|producer|conglomerate)\b(?!')")


def describes_company(body: str, same: list[tuple[int, int, str]], start: int, end: int, label: str) -> bool:
    """A country in the description of a company named right after it ("US phone firm MCI",
    "Japan's Nippon Steel", "Japan's biggest steel company Nippon Steel") or before it ("The US firm")."""
    if label != "GPE":
        return False
    if re.search(r"\bthe\s+$", body[max(0, start - 5):start], re.I) and THE_COUNTRY_S_FIRM.match(body, end):
        return True
    nxt = next((m for m in same if m[0] >= end), None)
    return nxt is not None and nxt[2] == "ORG" and bool(
        re.fullmatch(r"(?:\s+[a-z][\w-]*){1,3}\s+|(?:'s|’s)(?:\s+[a-z][\w-]*){0,4}\s+", body[end:nxt[0]]))


# the organisation a speaker speaks for, named with their role ("BA chairman Martin Broughton said", "said
# Tesco's chief executive Terry Leahy", "a Nestle spokesman said"); not an analyst's or an economist's
# employer, who speak of other people's figures
SPEAKS_FOR = re.compile(r"(?:'s|’s)?\s+(?:(?:new|former|acting|group|deputy|joint|global|european|uk|us)\s+)?"
                        r"(?:chief executive|chief operating officer|chief financial officer|chief|chairman|"
                        r"chairwoman|boss|spokes(?:man|woman|person)|president|managing director|finance director|"
                        r"director|head|founder|co-founder|owner)\b\s*,?\s*", re.I)


def speaks_for(body: str, same: list[tuple[int, int, str]], speaker: dict[int, bool],
               m: tuple[int, int, str]) -> bool:
    """Whether an organisation is named as the one its speaker speaks for, right before their role and
    name, or before a role that says ("a Nestle spokesman said")."""
    role = SPEAKS_FOR.match(body, m[1]) if m[2] == "ORG" and not PUBLISHER.search(body[m[0]:m[1]]) else None
    if role is None:
        return False
    if SAYS_AFTER.match(" " + body[role.end():role.end() + 120]):
        return True
    person = next((p for p in same if p[0] >= role.end()), None)
    return person is not None and person[0] == role.end() and person[2] == "PERSON" and speaker[person[0]]


def speaks(body: str, start: int, end: int, text: str) -> bool:
    after = body[end:end + 120]
    before = body[max(0, start - 60):start]
    # "Mike Powell says BA's estimated surcharge revenues - £160m": an owner after "says" is no speaker
    owner = bool(OWNER.match(after[:3]))
    # "Sir John said Defra had paid 97%": who a verb follows is the reported clause's subject
    reported = bool(REPORTED.search(before) and CLAUSE_VERB.match(after))
    return bool(SAYS_AFTER.match(after) or (SAYS_BEFORE.search(before) and not owner and not reported)
                or ANALYST_OF.search(before) or PUBLISHER.search(text)
                or POLLED_FOR.search(before) or POLL_AFTER.match(after) or MADE_BY.search(before))

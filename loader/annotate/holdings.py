"""Who else a figure about a holding or a deal measures: what a stake is held in, its holder "owned by",
the company whose shares are counted, what a price buys and the other party of a deal (used by
`loader.annotate.subjects`)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loader.annotate.figures import Figure

# an owner's possessive right after a name ("China's exports")
OWNER = re.compile(r"^(?:'s?|s')(?:\s|$)")


# a share of something held ("a 1% stake in Deutsche Boerse", "holding 2% of Deutsche Boerse")
HELD = re.compile(r"\s*(?:(?:stake|interest|holding|shareholding|shareholder|owner|holder)s?\s+in|of|(?:-\s*)?owned)"
                  r"\s+(?:the\s+)?",
                  re.I)


# a count of a company's shares, the company named before "shares" ("3.7 mln CPC shares", "2.0 mln Ameritrust
# common shares") or after them ("58.3 mln shares or 96 pct of Owens-Illinois Inc")
SHARES_AFTER_NAME = re.compile(r"(?:'s)?\s+(?:(?:common|preferred|preference|ordinary|class \w)\s+)*"
                               r"(?:shares|stock)\b", re.I)
SHARES_OF = re.compile(r"\s+(?:(?:common|preferred|preference|ordinary)\s+)*(?:shares|stock)(?:\s+or\s+(?:about\s+)?"
                       r"[\d.]+\s+(?:pct|percent|%))?\s+of\s+(?:the\s+)?", re.I)


def shares_of(body: str, ents: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The company whose shares the figure counts, named right before "shares" or right after "shares of"."""
    if f.unit != "count":
        return None
    nxt = next((m for m in ents if m[0] >= f.end), None)
    if nxt is None or nxt[2] != "ORG":
        return None
    if re.fullmatch(r"\s+", body[f.end:nxt[0]]) and SHARES_AFTER_NAME.match(body, nxt[1]):
        return nxt[0]
    of = SHARES_OF.match(body, f.end)
    return nxt[0] if of is not None and of.end() == nxt[0] else None


# the other party of a deal the amount prices ("a $6.75bn (£3.6bn) buyout by telecoms giant Verizon",
# "its planned £1.35bn ($2.5bn) offer for the LSE")
DEAL = re.compile(r"\)?(?:\s*\([^)]{0,40}\))?\s+(?:[\w-]+\s+){0,2}?(?:buyout|bid|offer|takeover|acquisition|"
                  r"purchase|deal|merger)\s+(?:by|for|from|with|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}?", re.I)


# what a price buys ("agreed to buy its former parent AT&T for about $16bn")
BUY = re.compile(r"\b(?:buy|buys|buying|bought|acquire|acquires|acquired|acquiring|purchase|purchases|purchased|"
                 r"purchasing|take over|takes over|took over|taking over)\s+(?:[\w&-]+\s+){0,6}?$", re.I)


def bought(body: str, same: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The company bought for the amount, named right before "for" and the figure."""
    if f.unit_kind != "currency":
        return None
    before = [m for m in same if m[1] <= f.start and m[2] in ("ORG", "PERSON")]
    if not before:
        return None
    s, e, _ = before[-1]
    if re.fullmatch(r"(?:'s)?\s+for\s+", body[e:f.start]) and BUY.search(body[max(0, s - 80):s]):
        return s
    return None


def deal_party(body: str, ents: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The company or person a deal priced by the figure is made by or for, named right after it."""
    for s, _, label in ents:
        if s > f.end and label in ("ORG", "PERSON"):
            m = DEAL.match(body, f.end)
            return s if m is not None and m.end() == s else None
    return None


STAKE_IN = re.compile(r"\s*(?:stake|holding|shareholding)s?\s+in\s", re.I)
# the holder of a percentage, after it ("Santos, which is 15 pct owned by Elders Resources")
OWNED_BY = re.compile(r"\s*(?:-\s*)?owned\s+by\s+(?:the\s+)?", re.I)


def holder(body: str, ents: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The company that holds the percentage, named right after "owned by"."""
    m = OWNED_BY.match(body, f.end)
    if f.unit != "percent" or m is None:
        return None
    return next((s for s, _, label in ents if s == m.end() and label in ("ORG", "PERSON")), None)


def held(body: str, ents: list[tuple[int, int, str]], f: Figure) -> int | None:
    """The company a percentage of it is held in, named right after the figure; past an owner
    ("67.7% of Hexal's US affiliate Eon Labs" is of Eon Labs)."""
    m = HELD.match(body, f.end)
    if f.unit != "percent" or m is None:
        return None
    # a company the tagger read as a place is still what a stake is held in ("a 17 pct stake in TMOC"), but
    # "of" a country is no holding ("5% of Japan's output")
    labels = ("ORG", "GPE") if STAKE_IN.match(body, f.end) else ("ORG",)
    after = [e for e in ents if e[0] >= m.end() and e[0] - m.end() <= 40 and e[2] in labels]
    if not after or after[0][0] != m.end():
        return None
    if OWNER.match(body[after[0][1]:after[0][1] + 3]) and len(after) > 1 \
            and re.fullmatch(r"(?:'s?|s')\s+(?:[\w-]+\s+){0,3}", body[after[0][1]:after[1][0]]):
        return after[1][0]
    return after[0][0]


# a percentage restating the share count before it in its sentence ("Ronald Perelman, who had acquired nearly
# 3.7 mln CPC shares, or 7.6 pct of the company"): the same holding, so the same holder and company
RESTATES = re.compile(r"[^.;()]{0,60}?\b(?:shares|stock)\b[^.;()\d]{0,60}?,?\s+or\s+$", re.I)


def restated(body: str, out: list[Figure], f: Figure) -> Figure | None:
    """The share count of `f`'s sentence that the percentage `f` restates after "or", or None."""
    prev = out[-1] if out else None
    if f.unit != "percent" or prev is None or prev.unit != "count" or prev.sentence_index != f.sentence_index:
        return None
    return prev if RESTATES.fullmatch(body, prev.end, f.start) and prev.subject_starts else None

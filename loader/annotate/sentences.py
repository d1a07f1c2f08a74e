"""The sentences the figure grammar reads: the model's, split again where it ran two together.

The bundled model's sentence splitter joins a BBC story's headline to its first paragraph, and
sometimes runs several sentences of a paragraph together ("... forecasts of £532m. Revenues were
£4.3bn while ..."), so a year named in one would give its period to the figures of the next. The
figure grammar (periods, metrics, subjects) therefore also starts a sentence after a paragraph
break and after a full stop, "!" or "?" followed by a capitalised word, a digit or a currency sign,
unless the word before the stop is an abbreviation or an initial ("U.S.", "Mr.", "Inc.", "J.").
Only the figure grammar reads these; the stored sentences and every `sentence_index` stay the
model's.
"""
from __future__ import annotations

import bisect
import re

BREAK = re.compile(r"\n[ \t]*\n\s*|(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9£$€])")
# the word before a stop that ends no sentence: an initial, a dotted abbreviation, a title or suffix
ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Co|Cos|Inc|Corp|Ltd|Bros|"
                          r"No|Nos|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Prof|Jr|Sr|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                          r"Sep|Sept|Oct|Nov|Dec))[.]$")


def figure_sentences(body: str, sentence_starts: list[int]) -> list[int]:
    """The model's sentence starts and the starts of the sentences it ran together."""
    starts = set(sentence_starts) or {0}
    for m in BREAK.finditer(body):
        if m.end() >= len(body):
            continue
        if body[m.start() - 1:m.start()] in ".!?" or m.group().startswith(("\"", "'", "’", "”", ")")):
            stop = body.rfind(" ", 0, m.start()) + 1
            if ABBREVIATION.search(body[stop:m.start()].strip("\"'’”)")):
                continue
        starts.add(m.end())
    return sorted(starts)


def sentence_of(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)

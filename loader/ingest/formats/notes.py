"""Editorial notes that are no part of an article's text: picture credits, source lines,
advertising disclosures, update stamps and release labels, written as one short line that
starts with its label ("Foto: dpa", "Quelle: ...", "Anzeige", "*Werbung. ...",
"Aktualisiert am 3.2.", "Release Date: ...", "News date : 04/21/2022 Category : Press Releases"),
and agency signatures ("aja/PAP", "(dr/spot)": initials and agency codes joined by slashes).

Also page furniture written as such a line: share and follow prompts ("Teilen mit:", "Share
this"), copyright lines ("© 2022 ...", "All rights reserved"), comment counts ("12 Kommentare"),
"read also" and tag labels, newsletter calls, "Wird geladen ...". And a section label written
as a line of its own ("Related posts", "Das könnte Sie auch interessieren", "Kommentare")
heads a section the article does not go on in: the label and the short lines after it (under
SECTION_LINE characters: teaser headlines, commenters' names and comments' first lines) are
dropped, up to the next paragraph of running text.

Extractors keep them because they sit inside the article's container. A line is a note when
it has at most NOTE_CHARS characters and starts with one of the labels of the vocabulary
`loader/ingest/vocabulary/note_lines.csv` (an analyst can edit it: `pattern` is a
case-insensitive regular expression; `match` is `label`, followed by a colon, a full stop, a
comma, an ellipsis, a bar or the end of the line, or `phrase`, followed by anything; `kind`
groups the rows; `section` marks the section labels).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

NOTE_CHARS = 160
SECTION_LINE = 150  # characters: after a section label, shorter lines are the section's (teasers, comments)
VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary" / "note_lines.csv"


def _vocabulary(path: Path = VOCABULARY) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["pattern"].strip()]


_ROWS = _vocabulary()
_LABELS = [row["pattern"] for row in _ROWS if row["match"] == "label"]
_PHRASES = [row["pattern"] for row in _ROWS if row["match"] == "phrase"]
_NOTE_RE = re.compile(r"^\s*\W?(?:(?:" + "|".join(_LABELS) + r")\s*(?:[:.,…|]|$)|(?:" + "|".join(_PHRASES) + r"))",
                      re.IGNORECASE)
# a section label written as a line of its own ("Related posts", "Das könnte Sie auch interessieren", "3 Kommentare")
_SECTION_RE = re.compile(r"^\W?(?:" + "|".join(row["pattern"] for row in _ROWS if row["section"] == "section")
                         + r")\W*$", re.IGNORECASE)


# an agency signature: initials and agency codes joined by slashes ("aja/PAP", "(dr/spot)")
_SIGNATURE_RE = re.compile(r"^\(?[A-Za-z]{2,6}(?:\s*/\s*[A-Za-z]{2,6})+\)?$")


def is_note(line: str) -> bool:
    return len(line) <= NOTE_CHARS and bool(_NOTE_RE.match(line) or _SIGNATURE_RE.match(line.strip()))


def without_notes(paragraphs: list[str]) -> list[str]:
    """The paragraphs less the editorial notes, and less each section label line with the short
    lines (under SECTION_LINE characters) that follow it; all of them when nothing would be left."""
    kept, section = [], False
    for p in paragraphs:
        if _SECTION_RE.match(p.strip()):
            section = True
            continue
        if section and len(p) < SECTION_LINE:
            continue
        section = False
        if not is_note(p):
            kept.append(p)
    return kept or paragraphs

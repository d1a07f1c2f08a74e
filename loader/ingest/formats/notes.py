"""Editorial notes that are no part of an article's text: picture credits, source lines,
advertising disclosures, update stamps and release labels, written as one short line that
starts with its label ("Foto: dpa", "Quelle: ...", "Anzeige", "*Werbung. ...",
"Aktualisiert am 3.2.", "Release Date: ...", "News date : 04/21/2022 Category : Press Releases"),
and agency signatures ("aja/PAP", "(dr/spot)": initials and agency codes joined by slashes).

Extractors keep them because they sit inside the article's container. A line is a note when
it has at most NOTE_CHARS characters and starts with one of the labels below (any case),
followed by a colon, a full stop, a comma or the end of the line; a label that is a whole
phrase ("aktualisiert am") may be followed by anything.
"""
from __future__ import annotations

import re

NOTE_CHARS = 160
_LABELS = (
    # picture and source credits
    "foto", "fotos", "bild", "bilder", "titelbild", "titelfoto", "beitragsbild", "headerbild", "abbildung \\d+",
    "quelle", "quellen", "quellenangabe", "quellenangaben", "photo", "photos", "image", "images", "picture",
    "credit", "credits", "source", "sources", "fuente", "fuentes", "źródło", "zdjęcie", "fot", "crédit",
    "crédits", "légende",
    # advertising disclosures
    "anzeige", "werbung", "\\*werbung", "advertisement", "sponsored", "publicidad", "reklama",
    # stamps and labels
    "release date", "news date", "date", "category", "kategorie", "tags", "schlagwörter", "zusatzinformationen",
)
_PHRASES = ("aktualisiert am", "zuletzt aktualisiert", "last updated", "updated on", "actualizado el",
            "dieser beitrag enthält werbung", "dieser artikel enthält werbung", "enthält affiliate")
_NOTE_RE = re.compile(r"^\s*\W?(?:(?:" + "|".join(_LABELS) + r")\s*(?:[:.,]|$)|(?:" + "|".join(_PHRASES) + r"))",
                      re.IGNORECASE)


# an agency signature: initials and agency codes joined by slashes ("aja/PAP", "(dr/spot)")
_SIGNATURE_RE = re.compile(r"^\(?[A-Za-z]{2,6}(?:\s*/\s*[A-Za-z]{2,6})+\)?$")


def is_note(line: str) -> bool:
    return len(line) <= NOTE_CHARS and bool(_NOTE_RE.match(line) or _SIGNATURE_RE.match(line.strip()))


def without_notes(paragraphs: list[str]) -> list[str]:
    """The paragraphs less the editorial notes; all of them when every one looks like a note."""
    kept = [p for p in paragraphs if not is_note(p)]
    return kept or paragraphs

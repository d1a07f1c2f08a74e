"""Each article's language (ISO 639-1) with py3langid, whose model ships in its package:
nothing is downloaded at run time. A language the input states itself (a feed's or an
export's `language` field) is kept as given; otherwise it is detected from the body."""
from __future__ import annotations

import re
from functools import lru_cache

SAMPLE_CHARS = 3000  # the start of the body says enough, and keeps detection fast on long pages
MIN_LETTERS = 20     # below this a guess is noise: the language stays unknown
MIN_CONFIDENCE = 0.5  # a less certain guess (a short text that is mostly names) is no language either
_CODE_RE = re.compile(r"[a-z]{2}")
_LETTER_RE = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text or the
    detector is unsure ("Putin met Angela Merkel in Berlin." reads as Dutch at 0.1): unknown
    articles are annotated, so an unsure guess never keeps English text from the model."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER_RE.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return code if _CODE_RE.fullmatch(code) and confidence >= MIN_CONFIDENCE else None


def language_of(body: str, stated: str | None) -> str | None:
    """The stated language when it is a two-letter code (`en-GB` -> `en`), else the detected one."""
    if stated:
        code = stated.strip().lower().replace("_", "-").split("-")[0]
        if _CODE_RE.fullmatch(code):
            return code
    return detect(body)

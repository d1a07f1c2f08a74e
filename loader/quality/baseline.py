"""The plain-spaCy baseline: its NER only, and a deliberately naive parse of its number spans."""
from __future__ import annotations

import re
import sys
from collections import defaultdict

# Labels the warehouse keeps as entities; the baseline keeps the same ones (numeric types are figures).
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                           "LAW", "LANGUAGE"})



_SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9,
           "trillion": 1e12, "dozen": 12, "hundred": 100}
_WORD_VALUES = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                           "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_WORD_VALUES.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90})
_NAIVE_UNITS = [  # (pattern, unit) for the naive baseline parse; first match wins
    (r"\$|\bdlrs?\b|\bdollars?\b", "USD"), (r"\byen\b", "JPY"), (r"\bstg\b|£|\bpounds? sterling\b", "GBP"),
    (r"\beuros?\b|€", "EUR"), (r"\byuan\b", "CNY"), (r"%|\bpct\b|\bper ?cent\b", "percent"),
    (r"\bcubic met", "m3"), (r"\btonnes?\b|\btons?\b", "t"), (r"\bbarrels?\b", "bbl"), (r"\bounces?\b", "oz"),
    (r"\bkilomet|\bkm\b", "km"), (r"\bmiles?\b", "mi"), (r"\bkilo(gram)?s?\b|\bkg\b", "kg"),
    (r"\bacres?\b", "acre"), (r"\bhectares?\b", "ha"), (r"\bmet(er|re)s?\b", "m"), (r"\bfeet\b|\bfoot\b", "ft"),
    (r"\bpounds?\b|\blbs?\b", "lb"), (r"\bbushels?\b", "bu"), (r"\bgallons?\b", "gal"),
]


def naive_figure(text: str, label: str) -> dict | None:
    """Value and unit of a spaCy MONEY/PERCENT/QUANTITY/CARDINAL span by a deliberately naive parse."""
    low = text.lower()
    m = re.search(r"\d[\d,]*(?:\.\d+)?|\.\d+", low)
    if m:
        try:
            value = float(m.group().replace(",", ""))
        except ValueError:
            return None
    else:
        words = [w for w in re.findall(r"[a-z]+", low) if w in _WORD_VALUES]
        if not words and not any(w in _SCALES for w in re.findall(r"[a-z]+", low)):
            return None
        value = float(_WORD_VALUES[words[0]]) if words else 1.0
    for word in re.findall(r"[a-z]+", low[m.end():] if m else low):
        if word in _SCALES:
            value *= _SCALES[word]
    if label == "PERCENT":
        unit = "percent"
    elif label == "CARDINAL":
        unit = "count"
    else:
        unit = next((u for pattern, u in _NAIVE_UNITS if re.search(pattern, low)), None)
        if label == "MONEY" and unit is None:
            unit = "USD"
    return {"text": text, "value": value, "unit": unit, "metric": None}


def baseline(model: str, texts: dict[str, str], quiet: bool) -> tuple[dict[str, list], dict[str, list]]:
    """Plain spaCy over the same bodies: entity spans (its NER only) and naive figures."""
    import spacy
    from tqdm import tqdm

    nlp = spacy.load(model)
    ents, figs = defaultdict(list), defaultdict(list)
    keys = list(texts)
    docs = nlp.pipe((texts[k] for k in keys), batch_size=32)
    for key, doc in tqdm(zip(keys, docs), total=len(keys), desc="baseline spaCy", unit="doc",
                         file=sys.stderr, disable=quiet):
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                ents[key].append((ent.start_char, ent.end_char, ent.label_))
            elif ent.label_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
                fig = naive_figure(ent.text, ent.label_)
                if fig:
                    figs[key].append(fig)
    return ents, figs

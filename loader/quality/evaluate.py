"""`wirehouse eval`: measure extraction quality through the warehouse, beside a plain-spaCy baseline.

Three measurements, all computed by loading texts into a temporary warehouse with the
real pipeline (`wirehouse run`) and reading the published `mention`, `entity` and
`figure` tables back:

1. Entities against CoNLL-2003 `eng.testa` (exact span + type, PER/ORG/LOC/MISC).
2. Figures against the Recognizers-Text specs (value + unit of each expected result).
3. Figures against our own gold (`eval/gold/figures.jsonl`) for the seed articles and
   Reuters-21578 stories: precision and recall of (value, unit) and (metric, value, unit).

The corpora are read from a `shared` folder beside the repository (`../shared`), or from
$WIREHOUSE_SHARED; they are never copied into the repository. Writes docs/quality.md.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from loader.config import BASELINE_MODEL, BUNDLED_MODEL, DEFAULT_MODEL, REPO_ROOT, Settings
from loader.ingest.loading import article_id_for

GOLD_FIGURES = REPO_ROOT / "eval" / "gold" / "figures.jsonl"
QUALITY_MD = REPO_ROOT / "docs" / "quality.md"
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
MICRO_TYPES = ("PER", "ORG", "LOC")
ONTONOTES_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
# Labels the warehouse keeps as entities; the baseline keeps the same ones (numeric types are figures).
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                           "LAW", "LANGUAGE"})


def find_shared(explicit: str | Path | None = None) -> Path | None:
    """The shared corpora folder: --shared, else $WIREHOUSE_SHARED, else `shared` beside the repo root."""
    for candidate in (explicit, os.environ.get("WIREHOUSE_SHARED"), REPO_ROOT.parent / "shared"):
        if candidate and (Path(candidate) / "corpora").is_dir():
            return Path(candidate)
    return None


def to_conll(label: str) -> str:
    return ONTONOTES_TO_CONLL.get(label, "MISC")


# ---------------------------------------------------------------- CoNLL-2003

@dataclass
class ConllDoc:
    sentences: list[list[tuple[str, str]]] = field(default_factory=list)  # (token, IOB1 tag)

    @property
    def tokens(self) -> list[str]:
        return [tok for sent in self.sentences for tok, _ in sent]

    @property
    def tags(self) -> list[str]:
        return [tag for sent in self.sentences for _, tag in sent]


def read_conll(text: str) -> list[ConllDoc]:
    """Documents of a CoNLL-2003 file. In these copies each -DOCSTART- line FOLLOWS its document."""
    docs, doc, sent = [], ConllDoc(), []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            if sent:
                doc.sentences.append(sent)
                sent = []
            continue
        if parts[0] == "-DOCSTART-":
            if sent:
                doc.sentences.append(sent)
                sent = []
            if doc.sentences:
                docs.append(doc)
            doc = ConllDoc()
            continue
        sent.append((parts[0], parts[-1]))
    if sent:
        doc.sentences.append(sent)
    if doc.sentences:
        docs.append(doc)
    return docs


def iob1_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start token, end token exclusive, type) from IOB1 (or IOB2) tags."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.add((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, label
    return spans


def doc_text(doc: ConllDoc) -> tuple[str, list[tuple[int, int]]]:
    """The article text (tokens joined by spaces, sentences by newlines) and each token's char offsets."""
    parts, offsets, pos = [], [], 0
    for s, sent in enumerate(doc.sentences):
        if s:
            parts.append("\n")
            pos += 1
        for t, (tok, _) in enumerate(sent):
            if t:
                parts.append(" ")
                pos += 1
            parts.append(tok)
            offsets.append((pos, pos + len(tok)))
            pos += len(tok)
    return "".join(parts), offsets


def char_to_token_span(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Tokens covered by [start, end): first token containing start .. last token containing end-1."""
    first = next((i for i, (s, e) in enumerate(offsets) if s <= start < e or start < s < end), None)
    last = next((i for i in range(len(offsets) - 1, -1, -1)
                 if offsets[i][0] < end and offsets[i][1] > start), None)
    if first is None or last is None or last < first:
        return None
    return first, last + 1


# ---------------------------------------------------------------- scoring

@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


def score_spans(gold: Iterable[tuple], pred: Iterable[tuple], types: Iterable[str] = CONLL_TYPES,
                micro: Iterable[str] = MICRO_TYPES) -> dict[str, PRF]:
    """Exact-match P/R/F1 per type (last element of each span tuple) and micro over `micro` types."""
    gold, pred = set(gold), set(pred)
    result = {kind: PRF() for kind in types}
    for kind in result:
        g = {s for s in gold if s[-1] == kind}
        p = {s for s in pred if s[-1] == kind}
        result[kind] = PRF(len(g & p), len(p - g), len(g - p))
    overall = PRF()
    for kind in micro:
        overall.add(result[kind])
    result["overall"] = overall
    return result


def same_value(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def texts_compatible(a: str, b: str) -> bool:
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    return a in b or b in a


def same_values(gold: dict, pred: dict) -> bool:
    """A gold range needs both ends; a predicted range matches a gold figure at either end
    (the gold names one number of a range the warehouse keeps as one figure)."""
    if gold.get("value_high") is not None:
        return same_value(pred["value"], gold["value"]) and same_value(pred.get("value_high"), gold["value_high"])
    return same_value(pred["value"], gold["value"]) or (
        pred.get("value_high") is not None and same_value(pred["value_high"], gold["value"]))


def match_figures(gold: list[dict], pred: list[dict], with_metric: bool = False,
                  misses: list | None = None, extras: list | None = None) -> PRF:
    """One-to-one greedy matching inside one document: same (value, unit) [and metric], texts overlapping.
    Unmatched gold figures are appended to `misses`, unmatched predictions to `extras`, when given."""
    used, tp = set(), 0
    for g in gold:
        found = False
        for i, p in enumerate(pred):
            if i in used or p["unit"] != g["unit"] or not same_values(g, p):
                continue
            if with_metric and p.get("metric") != g.get("metric"):
                continue
            if not texts_compatible(p["text"], g["text"]):
                continue
            used.add(i)
            tp += 1
            found = True
            break
        if not found and misses is not None:
            misses.append(g)
    if extras is not None:
        extras.extend(p for i, p in enumerate(pred) if i not in used)
    return PRF(tp, len(pred) - tp, len(gold) - tp)


# ---------------------------------------------------------------- Reuters-21578

@dataclass(frozen=True)
class ReutersStory:
    newid: str
    title: str
    body: str


_REUTERS_RE = re.compile(r'<REUTERS\b[^>]*\bNEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else ""


def reuters_body(raw: str) -> str:
    text = html.unescape(raw.replace("&#3;", "")).replace("\x03", "")
    text = re.sub(r"\s*\bReuter\s*$", "", text.rstrip())
    return text.strip()


def read_reuters(text: str) -> list[ReutersStory]:
    """Stories with a body from one reut2-NNN.sgm file (already decoded as Latin-1)."""
    stories = []
    for newid, block in _REUTERS_RE.findall(text):
        body = _tag(block, "BODY")
        if body.strip():
            title = " ".join(html.unescape(_tag(block, "TITLE")).split())
            stories.append(ReutersStory(newid, title, reuters_body(body)))
    return stories


def load_reuters(shared: Path, newids: set[str]) -> dict[str, ReutersStory]:
    found = {}
    for path in sorted((shared / "corpora" / "reuters21578").glob("reut2-*.sgm")):
        for story in read_reuters(path.read_text(encoding="latin-1")):
            if story.newid in newids:
                found[story.newid] = story
        if len(found) == len(newids):
            break
    return found


# ---------------------------------------------------------------- Recognizers-Text

RT_MODELS = ("CurrencyModel", "PercentModel", "DimensionModel", "NumberModel")
RT_DIMENSION_UNITS = {  # RT unit -> ours; RT units absent here are not news units and the case is skipped
    "Meter": "m", "Kilometer": "km", "Mile": "mi", "Foot": "ft", "Inch": "in", "Millimeter": "mm",
    "Ton": "t", "Metric ton": "t", "Kilogram": "kg", "Pound": "lb", "Ounce": "oz", "Gram": "g",
    "Barrel": "bbl", "Gallon": "gal", "Acre": "acre", "Square meter": "m2", "Square kilometer": "km2",
    "Cubic foot": "ft3", "Kilometer per hour": "km/h", "Mile per hour": "mph",
}
RT_CURRENCY_NO_ISO = {"Dollar": "USD", "Pound": "GBP"}  # RT leaves isoCurrency empty for these
NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                          r"fifty|hundred|thousand|million|billion|dozen)\b", re.I)


def rt_unit(model: str, result: dict) -> str | None:
    res = result.get("Resolution") or {}
    if model == "CurrencyModel":
        return res.get("isoCurrency") or RT_CURRENCY_NO_ISO.get(res.get("unit"))
    if model == "PercentModel":
        return "percent"
    if model == "DimensionModel":
        return RT_DIMENSION_UNITS.get(res.get("unit"))
    return "count"


def rt_value(result: dict) -> float | None:
    try:
        return float(str((result.get("Resolution") or {}).get("value", "")).rstrip("%").replace(",", ""))
    except ValueError:
        return None


RT_MIN_WORDS = 4
# after a number: a unit or currency word (the other specs test those amounts) or a time word
_AMOUNT_AFTER = re.compile(r"^\s*(?:-\s*)?(?:%|percent|per cent|years?|months?|weeks?|days?|hours?|minutes?|"
                           r"dollars?|euros?|pounds?|yuan|yen|cents?|[a-z]*met(?:er|re)s?|miles?|feet|foot|inch(?:es)?|"
                           r"tons?|tonnes?|kilo\w*|kg|km|gallons?|barrels?)\b", re.I)


def running_words(text: str, gold: list[dict]) -> int:
    """Words of two or more letters in the input outside the expected results' texts."""
    for g in gold:
        text = re.sub(re.escape(g["text"]), " ", text, flags=re.I)
    return len(re.findall(r"[A-Za-z]{2,}", text))


def part_of_other_fact(text: str, result: str) -> bool:
    """Whether a NumberModel result is the number of an amount, a duration or a date in the input
    (`$10000`, `3 years`, `in 1988`): those are other facts (or, for durations and dates, no figure)."""
    for m in re.finditer(re.escape(result), text, re.I):
        before, after = text[:m.start()], text[m.end():]
        if re.search(r"[$€£¥]\s*$", before) or _AMOUNT_AFTER.match(after):
            return True
    return False


def load_rt_cases(shared: Path, limit: int | None = None) -> tuple[list[dict], dict[str, int]]:
    """News-like RT cases: [{model, input, gold: [{text, value, unit}]}] and why others were skipped."""
    cases, skipped = [], defaultdict(int)
    for model in RT_MODELS:
        path = shared / "corpora" / "figures" / f"{model}.json"
        taken = 0
        for case in json.loads(path.read_text(encoding="utf-8-sig")):
            if limit is not None and taken >= limit:
                break
            text = case.get("Input", "")
            if case.get("NotSupported") or case.get("NotSupportedByDesign"):
                skipped["marked NotSupported"] += 1
                continue
            if not case.get("Results"):
                skipped["no expected result"] += 1
                continue
            if not (re.search(r"\d", text) or NUMBER_WORDS.search(text)):
                skipped["no digits or number words"] += 1
                continue
            gold = []
            for result in case["Results"]:
                unit, value = rt_unit(model, result), rt_value(result)
                if unit is None or value is None:
                    gold = None
                    break
                gold.append({"text": result["Text"], "value": value, "unit": unit})
            if gold is None:
                skipped["unit or value not news-like"] += 1
                continue
            if running_words(text, gold) < RT_MIN_WORDS:
                skipped["not running text"] += 1
                continue
            if model == "NumberModel" and any(part_of_other_fact(text, g["text"]) for g in gold):
                skipped["number of an amount, duration or date"] += 1
                continue
            cases.append({"model": model, "input": text.strip(), "gold": gold})
            taken += 1
    return cases, dict(skipped)


# ---------------------------------------------------------------- gold figures

GOLD_PARTS = ("seeds", "reuters", "held-out", "all")


def gold_part(key: str, gold: dict[str, list[dict]]) -> str:
    """seeds, reuters (read while the rules were written), or held-out (annotated after; `"set": "heldout"`)."""
    if key.startswith("seed:"):
        return "seeds"
    return "held-out" if any(row.get("set") == "heldout" for row in gold.get(key, [])) else "reuters"


def load_gold_figures(path: Path = GOLD_FIGURES) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["doc"]].append(row)
    return dict(gold)


# ---------------------------------------------------------------- the warehouse

@dataclass
class Article:
    key: str            # conll:N, rt:Model:N, reuters:NEWID, seed:FILE
    text: str | None    # None for seeds (loaded from their .txt file)
    title: str | None = None


def run_warehouse(workdir: Path, articles: list[Article], seed_files: list[Path], model: str,
                  quiet: bool, base: Settings | None = None) -> tuple[Path, dict[str, str]]:
    """Load everything with `wirehouse run` into a warehouse in workdir; returns db and key -> article_id."""
    from loader.pipeline import execute

    raw = workdir / "raw"
    raw.mkdir(parents=True)
    with (raw / "eval.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            if a.text is not None:
                fh.write(json.dumps({"body": a.text, "title": a.title}, ensure_ascii=False) + "\n")
    for path in seed_files:
        (raw / path.name).write_bytes(path.read_bytes())
    settings = replace(base or Settings(), db=workdir / "warehouse.duckdb", spacy_model=model)
    out = io.StringIO()
    with contextlib.redirect_stdout(out if quiet else sys.stderr):
        execute(settings, "run", [raw], build=True, quiet=quiet)
    ids = {a.key: article_id_for(a.text) for a in articles if a.text is not None}
    with _ro(settings.db) as con:
        for name, article_id in con.execute("select source_file, article_id from article").fetchall():
            if name.endswith(".txt"):
                ids[f"seed:{name}"] = article_id
    return settings.db, ids


@contextlib.contextmanager
def _ro(db: Path):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        yield con
    finally:
        con.close()


def warehouse_mentions(db: Path) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list] = defaultdict(list)
    with _ro(db) as con:
        for article_id, start, end, kind in con.execute(
                "select m.article_id, m.start_char, m.end_char, m.mention_type "  # the mention's own type
                "from mention m").fetchall():
            out[article_id].append((start, end, kind))
    return out


def warehouse_figures(db: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    figures: dict[str, list[dict]] = defaultdict(list)
    with _ro(db) as con:
        for article_id, text, value, value_high, unit, metric in con.execute(
                "select article_id, figure_text, value, value_high, unit, metric from figure "
                "order by article_id, start_char"
        ).fetchall():
            figures[article_id].append({"text": text, "value": value, "value_high": value_high, "unit": unit,
                                        "metric": metric})
        bodies = dict(con.execute("select article_id, body from article").fetchall())
    return figures, bodies


# ---------------------------------------------------------------- the plain-spaCy baseline

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


# ---------------------------------------------------------------- the harness

@dataclass
class Results:
    entities: dict[str, dict[str, PRF]] = field(default_factory=dict)     # system -> type -> PRF
    entity_docs: int = 0
    entity_notes: list[str] = field(default_factory=list)
    rt: dict[str, dict[str, PRF]] = field(default_factory=dict)           # system -> model -> PRF
    rt_cases: dict[str, int] = field(default_factory=dict)
    rt_skipped: dict[str, int] = field(default_factory=dict)
    gold: dict[str, dict[str, PRF]] = field(default_factory=dict)         # system -> slice -> PRF
    gold_docs: dict[str, int] = field(default_factory=dict)
    gold_figures: dict[str, int] = field(default_factory=dict)
    gold_misses: list[dict] = field(default_factory=list)   # wirehouse, (value, unit) matching
    gold_extras: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def _entity_spans(spans: list[tuple[int, int, str]], offsets: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    out = set()
    for start, end, label in spans:
        tok = char_to_token_span(offsets, start, end)
        if tok:
            out.add((*tok, to_conll(label)))
    return out


def evaluate(shared: Path, model: str = DEFAULT_MODEL, conll_docs: int | None = None,
             rt_cases: int | None = None, reuters_docs: int | None = None, quiet: bool = False,
             gold_path: Path = GOLD_FIGURES, base: Settings | None = None) -> Results:
    started = time.monotonic()
    say = (lambda *_: None) if quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    results = Results()

    docs = read_conll((shared / "corpora" / "conll2003" / "eng.testa").read_text(encoding="utf-8"))
    docs = docs[:conll_docs] if conll_docs is not None else docs
    conll = []
    for i, doc in enumerate(docs):
        text, offsets = doc_text(doc)
        conll.append((f"conll:{i}", text, offsets, iob1_spans(doc.tags)))
    cases, results.rt_skipped = load_rt_cases(shared, rt_cases)
    gold = load_gold_figures(gold_path)
    newids = sorted((d.split(":", 1)[1] for d in gold if d.startswith("reuters:")), key=int)
    newids = newids[:reuters_docs] if reuters_docs is not None else newids
    stories = load_reuters(shared, set(newids))
    seeds = sorted((REPO_ROOT / "raw").glob("*.txt"))
    say(f"eval: {len(conll)} CoNLL documents, {len(cases)} Recognizers-Text cases, "
        f"{len(stories)} Reuters stories, {len(seeds)} seed articles")

    articles = [Article(key, text) for key, text, _, _ in conll]
    articles += [Article(f"rt:{i}", c["input"]) for i, c in enumerate(cases)]
    articles += [Article(f"reuters:{s.newid}", s.body, s.title or None) for s in stories.values()]
    with tempfile.TemporaryDirectory(prefix="wirehouse-eval-") as tmp:
        say("eval: loading them into a temporary warehouse with `wirehouse run` ...")
        db, ids = run_warehouse(Path(tmp), articles, seeds, model, quiet, base)
        mentions = warehouse_mentions(db)
        figures, bodies = warehouse_figures(db)
    for a in articles:
        if a.text is not None and bodies.get(ids[a.key]) != a.text:
            raise RuntimeError(f"eval: the warehouse changed the body of {a.key}; offsets would not line up")

    say(f"eval: plain spaCy baseline ({BASELINE_MODEL}) over the same bodies ...")
    base_texts = {key: bodies[article_id] for key, article_id in ids.items() if article_id in bodies}
    base_ents, base_figs = baseline(BASELINE_MODEL, base_texts, quiet)

    # 1. entities
    results.entity_docs = len(conll)
    systems = {"wirehouse": lambda key: mentions.get(ids[key], []), "spaCy": lambda key: base_ents.get(key, [])}
    for system, spans_of in systems.items():
        gold_spans, pred_spans = set(), set()
        for key, _, offsets, gspans in conll:
            gold_spans |= {(key, *s) for s in gspans}
            pred_spans |= {(key, *s) for s in _entity_spans(spans_of(key), offsets)}
        results.entities[system] = score_spans(gold_spans, pred_spans)
    caps = sum(1 for _, text, _, _ in conll for line in text.splitlines()
               if sum(c.isalpha() for c in line) > 8 and line.upper() == line)
    lines_total = sum(len(text.splitlines()) for _, text, _, _ in conll)
    results.entity_notes.append(f"{caps} of the {lines_total} sentences are all caps")

    # 2. Recognizers-Text
    for system, figs_of in {"wirehouse": lambda key: figures.get(ids[key], []),
                            "spaCy": lambda key: base_figs.get(key, [])}.items():
        per_model: dict[str, PRF] = defaultdict(PRF)
        for i, case in enumerate(cases):
            per_model[case["model"]].add(match_figures(case["gold"], figs_of(f"rt:{i}")))
        total = PRF()
        for prf in per_model.values():
            total.add(prf)
        results.rt[system] = {**per_model, "all": total}
    results.rt_cases = defaultdict(int)
    for case in cases:
        results.rt_cases[case["model"]] += 1

    # 3. our gold
    keys = [f"reuters:{n}" for n in newids if n in stories] + [f"seed:{p.name}" for p in seeds
                                                               if f"seed:{p.name}" in ids]
    for system, figs_of in {"wirehouse": lambda key: figures.get(ids[key], []),
                            "spaCy": lambda key: base_figs.get(key, [])}.items():
        out = {part + suffix: PRF() for part in GOLD_PARTS for suffix in ("", "+metric")}
        for key in keys:
            part = gold_part(key, gold)
            for suffix, with_metric in (("", False), ("+metric", True)):
                keep = system == "wirehouse" and not with_metric
                prf = match_figures(gold.get(key, []), figs_of(key), with_metric,
                                    results.gold_misses if keep else None, results.gold_extras if keep else None)
                out[part + suffix].add(prf)
                out["all" + suffix].add(prf)
        results.gold[system] = out
    results.gold_docs = {part: sum(gold_part(k, gold) == part for k in keys) for part in GOLD_PARTS[:-1]}
    results.gold_figures = {part: sum(len(gold.get(k, [])) for k in keys if gold_part(k, gold) == part)
                            for part in GOLD_PARTS[:-1]}
    results.seconds = time.monotonic() - started
    return results


# ---------------------------------------------------------------- the report

def _cell(prf: PRF) -> str:
    return f"{prf.precision:.3f} / {prf.recall:.3f} / {prf.f1:.3f}"


def report(results: Results, model: str, partial: bool) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    w, b = results.entities["wirehouse"], results.entities["spaCy"]
    lines = [
        "# Extraction quality",
        "",
        "<!-- Generated by `wirehouse eval` (loader/evaluate.py); do not edit by hand. -->",
        f"Generated by `wirehouse eval` on {now} with `{model}`"
        + (" **on a slice of the corpora (not the full evaluation)**" if partial else "") + ". "
        "Regenerate it after any change to the annotator, the dbt models or seeds, or the gold files "
        "(`eval/gold/`): `wirehouse eval` (needs the shared corpora in `../shared` or `$WIREHOUSE_SHARED`; "
        f"this run took {results.seconds:.0f} s).",
        "",
        "Every score is measured through the warehouse: the texts are loaded with `wirehouse run` into a "
        "temporary warehouse and the published `mention`, `entity` and `figure` tables are read back. "
        f"**Baseline** is the plain spaCy model `{BASELINE_MODEL}` (its NER only, none of the wirehouse rules) "
        "over the same bodies.",
        "",
        "## Entities — CoNLL-2003 English dev set (`eng.testa`)",
        "",
        f"{results.entity_docs} documents; exact span and type; cells are precision / recall / F1. "
        "OntoNotes types map to CoNLL: PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, every other entity type→MISC. "
        "*Overall* is micro-averaged over PER, ORG and LOC (MISC is shown but left out: its definition differs "
        "most between OntoNotes and CoNLL).",
        "",
        "| type | gold spans | wirehouse | baseline (plain spaCy) |",
        "|---|---:|---|---|",
    ]
    for kind in (*CONLL_TYPES, "overall"):
        lines.append(f"| {kind} | {w[kind].tp + w[kind].fn} | {_cell(w[kind])} | {_cell(b[kind])} |")
    lines += [
        "",
        "Notes: documents are written as articles with tokens joined by spaces (so `U.S. ,` and `' s` keep the "
        "CoNLL tokenization) and sentences joined by newlines; predicted character spans are mapped to the tokens "
        "they cover. CoNLL-2003 is 1996 Reuters text with many all-caps headlines, sports result tables and "
        f"lists ({'; '.join(results.entity_notes)}), which the small spaCy model handles poorly; numeric "
        "entity types are not in `mention` and CoNLL has none. Wirehouse differs from the baseline "
        + ("only " if model == BASELINE_MODEL else
           f"in its model (`{model}`"
           + (": the same small pipeline with its NER fine-tuned on CoNLL-2003 `eng.train` by `wirehouse "
              "train-ner`, OntoNotes labels kept; `eng.testa` only picked the epoch, but it is the same 1996 "
              "Reuters source, so expect lower scores on other news" if model == BUNDLED_MODEL else "")
           + ") and ")
        + "through the dbt models: "
        "`int_mentions_cleaned` cuts titles, a leading lower-case `the` and possessives off the spans (CoNLL "
        "leaves them out too), and `int_entities_canonicalized` may change a "
        "mention's type to its canonical entity's (alias seed, or a one-word name resolved to a full name).",
        "",
        "## Figures — Recognizers-Text specs",
        "",
        "Each selected `Input` is one article; an expected result counts as found when the article has a figure "
        "with the same value and unit whose text overlaps it (one contains the other). Cells are precision / "
        "recall / F1 (recall is the accuracy on the expected results; precision counts every other figure the "
        "article produced, e.g. ordinals and stray numbers, as wrong).",
        "",
        "| spec | cases | wirehouse | baseline (plain spaCy, naive parse) |",
        "|---|---:|---|---|",
    ]
    for name in (*RT_MODELS, "all"):
        if name in results.rt["wirehouse"]:
            n = sum(results.rt_cases.values()) if name == "all" else results.rt_cases.get(name, 0)
            lines.append(f"| {name} | {n} | {_cell(results.rt['wirehouse'][name])} | "
                         f"{_cell(results.rt['spaCy'][name])} |")
    skipped = ", ".join(f"{reason}: {n}" for reason, n in sorted(results.rt_skipped.items()))
    lines += [
        "",
        "Selection — the news-like cases, by what the input is (never by whether the warehouse gets it right): the Currency, "
        "Percent, Dimension and Number specs; skipped are (1) cases marked `NotSupported` or "
        "`NotSupportedByDesign` for any platform, cases without an expected result, and inputs with neither a "
        "digit nor a number word; (2) cases with any result whose unit has no news meaning or no unit in our "
        "terms (currencies without an ISO code in RT such as cents, pence, francs, rupees, bitcoin; kitchen, "
        "computing and angle units; values that are not one number); (3) *not running text*: inputs with fewer "
        f"than {RT_MIN_WORDS} words (of two or more letters) outside the expected results — bare number "
        "expressions such as `one hundred and three and two thirds`, `1.1^23`, `100 percentage` or `three "
        "dozens` test number grammar, not news, and no sentence carries them (this removes all 15 PercentModel "
        "cases, which are all such fragments); (4) NumberModel cases whose number is the number of an amount, a "
        "duration or a date in the input (`$10000`, `3 years`): the amount is the Currency/Dimension specs' "
        "case, and durations and dates are not figures in wirehouse (see the gold guidelines). Lower-cased and "
        "tokenized inputs (`hk $ 10.05 billion .`, from the Wall Street Journal) are kept: they are news text, "
        f"only formatted oddly. Skipped: {skipped}. Units map as isoCurrency (or "
        "currency Dollar→USD, Pound→GBP), Percentage→percent, Number→count, Meter→m, Kilometer→km, Mile→mi, "
        "Ton/Metric ton→t, Kilogram→kg, Barrel→bbl, Acre→acre, Square kilometer→km2, Cubic foot→ft3, and "
        "Foot→ft, weight Pound→lb, Gallon→gal, Inch→in, km/h, mph (units the warehouse lacks count as misses). "
        "A predicted range (`eight to 10 feet`) matches an expected value at either end.",
        "",
        "## Figures — our gold (`eval/gold/figures.jsonl`)",
        "",
        f"{results.gold_docs.get('seeds', 0)} seed articles ({results.gold_figures.get('seeds', 0)} gold figures), "
        f"{results.gold_docs.get('reuters', 0)} Reuters-21578 stories "
        f"({results.gold_figures.get('reuters', 0)} gold figures) and {results.gold_docs.get('held-out', 0)} "
        f"held-out Reuters-21578 stories ({results.gold_figures.get('held-out', 0)} gold figures), annotated by "
        "reading the texts (guidelines in `eval/gold/README.md`). The *held-out* stories (from `reut2-004.sgm`, "
        "picked at random among short stories dense in figures) were annotated after the figure rules were "
        "written and were not used to change them: their row is the honest estimate. A predicted figure matches a gold one in the same document with the "
        "same value and unit and overlapping text; *+ metric* also needs the same metric (or both null). "
        "Cells are precision / recall / F1.",
        "",
        "| documents | match on | wirehouse | baseline (plain spaCy, naive parse) |",
        "|---|---|---|---|",
    ]
    for part in GOLD_PARTS:
        for suffix, what in (("", "value, unit"), ("+metric", "metric, value, unit")):
            base = "n/a (spaCy has no metric)" if suffix else _cell(results.gold["spaCy"][part])
            lines.append(f"| {part} | {what} | {_cell(results.gold['wirehouse'][part + suffix])} | {base} |")
    def _kinds(figs: list[dict]) -> str:
        counts: dict[str, int] = defaultdict(int)
        for f in figs:
            counts[str(f["unit"])] += 1
        return ", ".join(f"{unit} {n}" for unit, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "none"

    examples = "; ".join(f"`{' '.join(f['text'].split())}` ({f['unit']})" for f in results.gold_misses[:8])
    lines += [
        "",
        f"Wirehouse misses by gold unit: {_kinds(results.gold_misses)} (e.g. {examples or 'none'}). "
        f"Wirehouse figures matching no gold figure, by predicted unit: {_kinds(results.gold_extras)}.",
        "",
        "What is a figure (the gold guidelines and the warehouse agree): money, percentages, physical quantities "
        "and counts of things; not years and dates, ages, durations, numbers in names, anaphoric `the two X`, "
        "nor ordinals except one a metric counts (`his eighth visit` is visit_count 8, the contract's example). "
        "A range is one figure (`value`..`value_high`); a gold range matches only a prediction with both ends. "
        "**Caveat:** these annotations were read while the figure rules were developed (the misses listed in "
        "earlier versions of this page were fixed by general rules: number words, ranges, inferred units, "
        "`pounds` of goods, currencies with place names), so the *seeds* and *reuters* rows are not a held-out "
        "estimate — the *held-out* row is; "
        "the Recognizers-Text misses led only to general vocabulary (units such as feet, gallons, square metres, "
        "mph; currency symbols; lakh and crore), never to rules for particular cases.",
        "",
    ]
    return "\n".join(lines)


def run(shared_arg: str | None, out: Path, model: str, conll_docs: int | None, rt_cases: int | None,
        reuters_docs: int | None, quiet: bool, base: Settings | None = None) -> int:
    shared = find_shared(shared_arg)
    if shared is None:
        print("eval: skipped: the shared corpora are not here (looked for --shared, $WIREHOUSE_SHARED and "
              f"{REPO_ROOT.parent / 'shared'}); {out} is unchanged", file=sys.stderr)
        return 0
    results = evaluate(shared, model, conll_docs, rt_cases, reuters_docs, quiet, base=base)
    partial = any(v is not None for v in (conll_docs, rt_cases, reuters_docs))
    out.parent.mkdir(parents=True, exist_ok=True)
    from loader.quality.gold_eval import gold_section  # issue 15: mentions and meetings against eval/gold
    out.write_text(report(results, model, partial) + gold_section(shared, model, quiet, base), encoding="utf-8")
    w = results.entities["wirehouse"]["overall"]
    print(f"eval: wrote {out}: entities F1 {w.f1:.3f} (baseline {results.entities['spaCy']['overall'].f1:.3f}); "
          f"RT figures recall {results.rt['wirehouse']['all'].recall:.3f}; gold figures P/R "
          f"{results.gold['wirehouse']['all'].precision:.3f}/{results.gold['wirehouse']['all'].recall:.3f} "
          f"({results.seconds:.0f}s)")
    return 0

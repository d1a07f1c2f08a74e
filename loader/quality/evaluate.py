"""`wirehouse eval`: measure extraction quality through the warehouse, beside a plain-spaCy baseline.

Three measurements, all computed by loading texts into a temporary warehouse with the
real pipeline (`wirehouse run`) and reading the published `mention`, `entity`,
`figure` and `figure_entity` tables back:

1. Entities against CoNLL-2003 `eng.testa` (exact span + type, PER/ORG/LOC/MISC).
2. Figures against the Recognizers-Text specs (value + unit of each expected result).
3. Figures against our own gold (`eval/gold/figures*.jsonl`): BBC and Reuters development
   documents and the seed articles, each source and split (heldout first) on its own, with
   the accuracy of each field (loader/quality/gold.py).

The corpora are read from a `shared` folder beside the repository (`../shared`), or from
$WIREHOUSE_SHARED; they are never copied into the repository. Writes docs/quality.md
(loader/quality/report.py).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from loader.config import BASELINE_MODEL, DEFAULT_MODEL, REPO_ROOT, Settings
from loader.ingest.loading import article_id_for
from loader.quality.baseline import baseline
from loader.quality.conll import (CONLL_TYPES, MICRO_TYPES, ConllDoc, char_to_token_span, doc_text, iob1_spans,
                                  read_conll, to_conll)
from loader.quality.corpora import find_shared, load_bbc, load_reuters, read_reuters
from loader.quality.gold import SOURCES, SPLITS, FieldScores, gold_files, group_of, load_gold, score_document
from loader.quality.rt import load_rt_cases, part_of_other_fact, running_words
from loader.quality.report import report, summary
from loader.quality.scoring import PRF, match_figures, score_spans

QUALITY_MD = REPO_ROOT / "docs" / "quality.md"
__all__ = ["CONLL_TYPES", "MICRO_TYPES", "PRF", "ConllDoc", "char_to_token_span", "doc_text", "evaluate",
           "find_shared", "iob1_spans", "match_figures", "part_of_other_fact", "read_conll", "read_reuters",
           "run", "running_words", "score_spans"]


@dataclass
class Article:
    key: str            # conll:N, rt:Model:N, reuters:NEWID, seed:FILE
    text: str | None    # None for seeds (loaded from their .txt file)
    title: str | None = None
    date: dt.date | None = None


def run_warehouse(workdir: Path, articles: list[Article], seed_files: list[Path], model: str,
                  quiet: bool, base: Settings | None = None) -> tuple[Path, dict[str, str]]:
    """Load everything with `wirehouse run` into a warehouse in workdir; returns db and key -> article_id."""
    from loader.pipeline import execute

    raw = workdir / "raw"
    raw.mkdir(parents=True)
    with (raw / "eval.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            if a.text is not None:
                record = {"body": a.text, "title": a.title}
                if a.date is not None:
                    record["published_date"] = a.date.isoformat()
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
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
    """Each article's figures as a user reads them: value, unit, qualifier, metric, period, and the
    canonical names of their subjects and sources (`figure_entity`)."""
    figures: dict[str, list[dict]] = defaultdict(list)
    with _ro(db) as con:
        roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for figure_id, role, name in con.execute(
                "select fe.figure_id, fe.role, e.name from figure_entity fe join entity e using (entity_id) "
                "order by e.name").fetchall():
            roles[figure_id][role].append(name)
        for figure_id, article_id, text, value, value_high, unit, metric, qualifier, p_start, p_end in con.execute(
                "select figure_id, article_id, figure_text, value, value_high, unit, metric, qualifier, "
                "period_start::varchar, period_end::varchar from figure order by article_id, start_char"
        ).fetchall():
            figures[article_id].append({
                "text": text, "value": value, "value_high": value_high, "unit": unit, "metric": metric,
                "qualifier": qualifier, "period": [p_start, p_end] if p_start else None,
                # the subjects: named in its sentence (subject) or outside it (context)
                "subjects": roles[figure_id]["subject"] + roles[figure_id]["context"],
                "sources": roles[figure_id]["source"]})
        bodies = dict(con.execute("select article_id, body from article").fetchall())
    return figures, bodies


# ---------------------------------------------------------------- the harness

@dataclass
class Results:
    entities: dict[str, dict[str, PRF]] = field(default_factory=dict)     # system -> type -> PRF
    entity_docs: int = 0
    entity_notes: list[str] = field(default_factory=list)
    rt: dict[str, dict[str, PRF]] = field(default_factory=dict)           # system -> model -> PRF
    rt_cases: dict[str, int] = field(default_factory=dict)
    rt_skipped: dict[str, int] = field(default_factory=dict)
    gold: dict[tuple[str, str], FieldScores] = field(default_factory=dict)   # (source, split) -> scores
    gold_baseline: dict[tuple[str, str], PRF] = field(default_factory=dict)
    tune_misses: list[dict] = field(default_factory=list)   # wirehouse misses on tune documents only
    gold_files: list[str] = field(default_factory=list)
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
             gold_paths: list[Path] | None = None, base: Settings | None = None) -> Results:
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
    paths = gold_paths if gold_paths is not None else gold_files()
    results.gold_files = [p.name for p in paths]
    gold = load_gold(paths)
    newids = sorted((d.split(":", 1)[1] for d in gold if d.startswith("reuters:")), key=int)
    newids = newids[:reuters_docs] if reuters_docs is not None else newids
    stories = load_reuters(shared, set(newids))
    bbc = load_bbc(shared, {d for d in gold if d.startswith("bbc:")})
    seeds = sorted((REPO_ROOT / "raw").glob("*.txt"))
    say(f"eval: {len(conll)} CoNLL documents, {len(cases)} Recognizers-Text cases, "
        f"{len(stories)} Reuters stories, {len(bbc)} BBC documents, {len(seeds)} seed articles")

    articles = [Article(key, text) for key, text, _, _ in conll]
    articles += [Article(f"rt:{i}", c["input"]) for i, c in enumerate(cases)]
    # Reuters stories keep their <DATE> as the article date, so relative periods resolve
    articles += [Article(f"reuters:{s.newid}", s.body, s.title or None, s.date) for s in stories.values()]
    articles += [Article(key, text) for key, text in bbc.items()]
    with tempfile.TemporaryDirectory(prefix="wirehouse-eval-") as tmp:
        say("eval: loading them into a temporary warehouse with `wirehouse run` ...")
        db, ids = run_warehouse(Path(tmp), articles, seeds, model, quiet, base)
        mentions = warehouse_mentions(db)
        figures, bodies = warehouse_figures(db)
    for a in articles:
        if a.key.startswith("conll:") and bodies.get(ids[a.key]) != a.text:
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

    # 3. our gold: each source and split on its own; misses are kept for tune documents only
    keys = [k for k in gold if (k.startswith("reuters:") and k.split(":", 1)[1] in stories and k in ids)
            or (k.startswith("bbc:") and k in ids)] + [f"seed:{p.name}" for p in seeds
                                                       if f"seed:{p.name}" in ids and f"seed:{p.name}" in gold]
    for key in keys:
        group = group_of(gold[key])
        scores = results.gold.setdefault(group, FieldScores())
        misses = results.tune_misses if group[1] == "tune" else None
        score_document(scores, gold[key], figures.get(ids[key], []), misses)
        results.gold_baseline.setdefault(group, PRF()).add(match_figures(gold[key], base_figs.get(key, [])))
    results.seconds = time.monotonic() - started
    return results


def run(shared_arg: str | None, out: Path, model: str, conll_docs: int | None, rt_cases: int | None,
        reuters_docs: int | None, quiet: bool, base: Settings | None = None,
        gold_paths: list[Path] | None = None) -> int:
    shared = find_shared(shared_arg, REPO_ROOT)
    if shared is None:
        print("eval: skipped: the shared corpora are not here (looked for --shared, $WIREHOUSE_SHARED and "
              f"{REPO_ROOT.parent / 'shared'}); {out} is unchanged", file=sys.stderr)
        return 0
    results = evaluate(shared, model, conll_docs, rt_cases, reuters_docs, quiet, gold_paths=gold_paths, base=base)
    partial = any(v is not None for v in (conll_docs, rt_cases, reuters_docs))
    out.parent.mkdir(parents=True, exist_ok=True)
    from loader.quality.gold_eval import gold_section  # issue 15: mentions and meetings against eval/gold
    out.write_text(report(results, model, partial) + gold_section(shared, model, quiet, base), encoding="utf-8")
    w = results.entities["wirehouse"]["overall"]
    print(f"eval: wrote {out}: entities F1 {w.f1:.3f} (baseline {results.entities['spaCy']['overall'].f1:.3f}); "
          f"RT figures recall {results.rt['wirehouse']['all'].recall:.3f} ({results.seconds:.0f}s)")
    for line in summary(results):
        print(f"eval: {line}")
    return 0

"""Figure misses of the *tune* documents, field by field, for working on the figure rules.

`python -m loader.quality.figure_misses [--field subjects|period|metric|qualifier|value]`
loads only the tune documents of the figure gold (BBC, Reuters and the seeds) into a
temporary warehouse and prints, for each, the gold figures the warehouse missed, its extra
figures, and each matched figure whose field is wrong (gold vs warehouse). Held-out
documents are never loaded, printed or scored here.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from loader.config import DEFAULT_MODEL, REPO_ROOT
from loader.quality.corpora import find_shared, load_bbc, load_reuters
from loader.quality.gold import (
    FIELDS,
    SOURCE_NAMES,
    FieldScores,
    field_right,
    gold_files,
    load_gold,
    pair_figures,
    score_document,
)


def _short(row: dict, name: str) -> str:
    value = row.get(name) if name != "value" else (row.get("value"), row.get("unit"))
    return repr(value)


def tune_misses(shared: Path, fields: tuple[str, ...], model: str = DEFAULT_MODEL,
                show: tuple[str, ...] = ()) -> list[str]:
    from loader.quality.evaluate import Article, run_warehouse, warehouse_figures

    gold = {doc: rows for doc, rows in load_gold(gold_files()).items() if rows[0]["_split"] == "tune"}
    stories = load_reuters(shared, {d.split(":", 1)[1] for d in gold if d.startswith("reuters:")})
    bbc = load_bbc(shared, {d for d in gold if d.startswith("bbc:")})
    articles = [Article(f"reuters:{s.newid}", s.body, s.title or None, s.date) for s in stories.values()]
    articles += [Article(key, text) for key, text in bbc.items()]
    seeds = sorted((REPO_ROOT / "raw").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="wirehouse-figq-") as tmp:
        db, ids = run_warehouse(Path(tmp), articles, seeds, model, True)
        figures, _ = warehouse_figures(db)
    lines = []
    scores: dict[str, FieldScores] = {}
    for doc in sorted(gold):
        if doc not in ids:
            continue
        score_document(scores.setdefault(gold[doc][0]["_source"], FieldScores()), gold[doc],
                       figures.get(ids[doc], []))
        pairs, missed, extra = pair_figures(gold[doc], figures.get(ids[doc], []))
        out = []
        if "value" in fields:
            out += [f"  missed {g['text']!r} {_short(g, 'value')}" for g in missed]
            out += [f"  extra  {p['text']!r} {_short(p, 'value')}" for p in extra]
        for g, p in pairs:
            for name in fields:
                if name in FIELDS and (name in g) and not field_right(name, g, p):
                    out.append(f"  {name:9} {g['text']!r}: gold {_short(g, name)} / warehouse {_short(p, name)}"
                               + (f" sources {p.get('sources')}" if name == "subjects" else ""))
        if doc in show:
            out += [f"  figure {p['text']!r} {p['value']} {p['unit']} {p.get('metric')} {p.get('period')} "
                    f"{p.get('subjects')}" for p in figures.get(ids[doc], [])]
        if out:
            lines += [doc] + out
    return lines + [_summary(name, score) for name, score in sorted(scores.items())]


def _summary(source: str, score: FieldScores) -> str:
    """One line of tune scores for a source: value+unit P/R, then each field's rate."""
    rates = " ".join(f"{name} {rate:.3f}" if (rate := score.rate(name)) is not None else f"{name} -"
                     for name in FIELDS)
    every = f"{score.every_field:.3f}" if score.every_field is not None else "-"
    return (f"tune {SOURCE_NAMES[source]}: value+unit P/R {score.figures.precision:.3f}/"
            f"{score.figures.recall:.3f} {rates} every field {every}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--field", action="append", choices=("value", *FIELDS),
                        help="fields to list (repeatable; default all)")
    parser.add_argument("--show", action="append", default=[], help="also list every figure of this tune document")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared, REPO_ROOT)
    if shared is None:
        print("figure misses: skipped: no shared corpora", file=sys.stderr)
        return 0
    print("\n".join(tune_misses(shared, tuple(args.field or ("value", *FIELDS)), args.model,
                                tuple(args.show))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

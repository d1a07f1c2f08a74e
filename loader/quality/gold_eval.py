"""Mentions and meetings against the development gold, for `wirehouse eval` and on its own.

`python -m loader.quality.gold_eval [--gold DIR] [--misses]` loads the documents of
`eval/gold/splits.json` into a temporary warehouse and prints the scores per source and
split (held-out first); `--misses` also lists the wrong rows of the *tune* documents.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from loader.config import DEFAULT_MODEL, Settings
from loader.quality.entity_gold import (
    GOLD_DIR,
    SOURCES,
    SPLITS,
    MentionScore,
    build_warehouse,
    load_docs,
    load_rows,
    load_splits,
    read_warehouse,
    score_mentions,
)
from loader.quality.meeting_gold import MeetingScore, score_meetings


def evaluate_gold(shared: Path, model: str = DEFAULT_MODEL, quiet: bool = True, gold_dir: Path = GOLD_DIR,
                  misses: list[str] | None = None, base: Settings | None = None
                  ) -> tuple[dict[tuple[str, str], MentionScore], dict[tuple[str, str], MeetingScore]]:
    docs = load_docs(shared, gold_dir=gold_dir)
    with tempfile.TemporaryDirectory(prefix="wirehouse-gold-") as tmp:
        db = build_warehouse(Path(tmp), docs, model, quiet, base)
        warehouse = read_warehouse(db, docs)
    mentions = score_mentions(docs, load_rows(gold_dir / "mentions.jsonl"), warehouse, misses)
    annotated = frozenset(key for parts in load_splits(gold_dir).get("meetings", {}).values()
                          for keys in parts.values() for key in keys)
    meetings = score_meetings(docs, load_rows(gold_dir / "meetings.jsonl"), warehouse, misses, annotated)
    return mentions, meetings


def _rows(scores: dict, kind: type) -> list[tuple[str, str, object]]:
    """(source, split, score) held-out first, then tune, with an 'all' row per split."""
    rows = []
    for split in SPLITS:
        total = kind()
        for source in SOURCES:
            if (source, split) in scores:
                rows.append((source, split, scores[(source, split)]))
                total.add(scores[(source, split)])
        rows.append(("all", split, total))
    return rows


def report_section(mentions: dict, meetings: dict) -> str:
    lines = [
        "## Entities and meetings — our development gold (`eval/gold/mentions.jsonl`, `meetings.jsonl`)",
        "",
        "BBC stories and Reuters-21578 stories (read by the product's `.sgm` reader, with their `<DATE>` as "
        "article date) named by "
        "`eval/gold/splits.json`, loaded into a temporary warehouse. **held-out** documents were never read "
        "while the rules were written: their rows are the honest estimate. Span recall: gold mentions whose "
        "exact span is a `mention`; type and canonical-name accuracy over those found. A meeting report matches "
        "a gold meeting when their passages overlap; participants are right when each gold participant is "
        "named by one of the meeting's and none is left over.",
        "",
        "| source | split | gold mentions | span recall | type accuracy | canonical-name accuracy |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for source, split, s in _rows(mentions, MentionScore):
        lines.append(f"| {source} | {split} | {s.gold} | {s.span_recall:.3f} | {s.type_accuracy:.3f} | "
                     f"{s.name_accuracy:.3f} |")
    lines += ["", "| source | split | gold meetings | warehouse meetings | recall | precision | participants right |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for source, split, s in _rows(meetings, MeetingScore):
        lines.append(f"| {source} | {split} | {s.gold} | {s.reports} | {s.recall:.3f} | {s.precision:.3f} | "
                     f"{s.participants:.3f} |")
    return "\n".join(lines + [""])


def gold_section(shared: Path, model: str = DEFAULT_MODEL, quiet: bool = True, base: Settings | None = None,
                 gold_dir: Path = GOLD_DIR) -> str:
    """The report section `wirehouse eval` appends; empty when there is no mention or meeting gold."""
    if not any((gold_dir / name).exists() for name in ("mentions.jsonl", "meetings.jsonl")):
        return ""
    mentions, meetings = evaluate_gold(shared, model, quiet, gold_dir, base=base)
    return "\n" + report_section(mentions, meetings)


def main(argv: list[str] | None = None) -> int:
    from loader.quality.evaluate import find_shared

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list wrong rows of tune documents")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("gold eval: skipped: no shared corpora", file=sys.stderr)
        return 0
    misses: list[str] = []
    mentions, meetings = evaluate_gold(shared, args.model, gold_dir=args.gold, misses=misses)
    print(report_section(mentions, meetings))
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

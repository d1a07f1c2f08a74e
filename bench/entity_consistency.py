"""How consistent entity types and published dates are on 1,000 BBC stories (non-reserved).

Loads BBC business 001–255, politics 001–208, then tech and entertainment in file order up
to N distinct stories (default 1,000), as house-format `.txt` files, with `wirehouse run` into a
warehouse (or reads an existing one with --db) and prints two aggregates:

- minority-type mentions: mentions whose entity's type is not the main type of their name
  (the type most of that name's mentions have; names compared in lower case);
- stories with a published date: BBC stories carry none, so each one is a date taken
  from the text.

The held-out documents of eval/gold/splits.json are left out; the reserved acceptance
halves (business 256–510, politics 209–417) are never read.
Usage: python bench/entity_consistency.py [--stories N] [--db PATH] [--shared DIR]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
RANGES = (("business", 255), ("politics", 208), ("tech", None), ("entertainment", None))

MINORITY_SQL = """
with named as (
    select lower(e.name) as name, e.entity_type
    from mention m join entity e using (entity_id)
),
by_type as (select name, entity_type, count(*) as n from named group by all),
main as (select name, max(n) as main_n, sum(n) as total from by_type group by name)
select sum(total - main_n), sum(total),
       count(*) filter (where total > main_n)
from main
"""


def stories(shared: Path, limit: int) -> list[Path]:
    splits = json.loads((REPO / "eval" / "gold" / "splits.json").read_text(encoding="utf-8"))
    heldout = {key for kind in splits.values() for parts in kind.values() for key in parts.get("heldout", [])}
    picked, seen = [], set()
    for folder, last in RANGES:
        for path in sorted((shared / "corpora" / "bbc" / folder).glob("*.txt")):
            number = int(path.stem)
            text = path.read_bytes()
            if (last is None or number <= last) and f"bbc:{folder}/{path.stem}" not in heldout and text not in seen:
                seen.add(text)  # the corpus repeats some stories: N distinct ones
                picked.append(path)
    return picked[:limit]


def measure(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        minority, total, names = con.execute(MINORITY_SQL).fetchone()
        dated, articles = con.execute("select count(published_date), count(*) from article").fetchone()
    return {"mentions": total, "minority_type_mentions": minority, "minority_share": minority / total,
            "names_under_2_types": names, "articles": articles, "articles_dated_from_text": dated}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)
    if args.db is not None:
        print(json.dumps(measure(args.db), indent=1))
        return 0
    from loader.cli import main as wirehouse

    if not (args.shared / "corpora" / "bbc").is_dir():
        print("skipped: no BBC corpus under --shared", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="wirehouse-bbc-") as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for path in stories(args.shared, args.stories):
            shutil.copyfile(path, raw / f"{path.parent.name}_{path.name}")
        db = Path(tmp) / "warehouse.duckdb"
        if wirehouse(["run", str(raw), "--db", str(db), "--quiet"]) != 0:
            return 1
        print(json.dumps(measure(db), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Draw fresh figure-gold stories (issue 14, session 11; seed 20261204), ids only.

The recipe of `select_fresh_figures.py` with a new seed: development parts only (BBC business
001-255, politics 001-208, tech, entertainment; Reuters reut2-005 to reut2-009), stories named by no
split of `splits.json`, no gold file and no earlier fresh draw (`select_fresh_figures.py`'s and
`select_fresh_meetings.py`'s `DRAWN`, which holds `reuters:8608`, a story read and left out), with the
same filters (BBC under 2,600 characters with at least 12 digits; Reuters bodies of 300-2,500
characters, at least four money/percent/tonnage words, no `8-1/4` fractions), and sharing no run of
8 words with any held-out story of the same source (BBC as before; Reuters too, since Reuters
repeats stories nearly word for word, and reading a tune copy of a held-out story would leak it).
It draws BBC 7 (the first 4 `tune`, the last 3 `heldout`) and Reuters 5 (the first 3 `tune`, the
last 2 `heldout`): the split is the draw's, made before any story was read, and keeps the held-out
share of each source's figure stories in `splits.json` at least 40% (BBC 37 of 92, Reuters 23 of
56). Its own picks (OWN, now in `splits.json` and the gold files) are left out of the exclusion, so
a rerun draws the same twelve. Prints the ids; no text. Run it with `../shared` present (or
`$WIREHOUSE_SHARED`).
"""
import ast
import json
import os
import pathlib
import random
import re

S = pathlib.Path(os.environ.get("WIREHOUSE_SHARED", pathlib.Path(__file__).resolve().parents[3] / "shared")) / "corpora"
GOLD = pathlib.Path(__file__).resolve().parent
RESERVED = {"business": range(256, 511), "politics": range(209, 418)}
RANGES = {"business": (1, 255), "politics": (1, 208), "tech": (1, 401), "entertainment": (1, 386)}
SEED = 20261204
OWN = {
    "bbc:business/009", "bbc:entertainment/023", "bbc:entertainment/252", "bbc:tech/130",
    "bbc:business/089", "bbc:business/221", "bbc:entertainment/291",
    "reuters:5760", "reuters:6339", "reuters:9360", "reuters:6561", "reuters:9641",
}


def earlier_draws() -> set:
    """The `DRAWN` and `OWN` sets of the earlier fresh-draw scripts, read from their source."""
    found = set()
    for name in ("select_fresh_figures.py", "select_fresh_meetings.py"):
        for node in ast.walk(ast.parse((GOLD / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("DRAWN", "OWN") for t in node.targets):
                found |= set(ast.literal_eval(node.value))
    return found


splits = json.loads((GOLD / "splits.json").read_text())
named = {d for task in splits.values() for src in task.values() for part in src.values() for d in part}
for f in GOLD.glob("*.jsonl"):
    named |= {json.loads(line)["doc"] for line in f.read_text().splitlines() if line.strip()}
named = (named | earlier_draws()) - OWN
heldout = {d for task in splits.values() for src in task.values() for d in src.get("heldout", [])} - OWN


def bbc_text(doc: str) -> str:
    return (S / "bbc" / (doc.split(":")[1] + ".txt")).read_text(encoding="utf-8", errors="replace")


def reuters_bodies() -> dict:
    """doc -> <BODY> text of every Reuters story of reut2-005 ... reut2-009."""
    bodies = {}
    for i in range(5, 10):
        t = (S / "reuters21578" / f"reut2-{i:03}.sgm").read_text(encoding="latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', t, re.S):
            b = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if b:
                bodies[f"reuters:{m.group(1)}"] = b.group(1)
    return bodies


def shingles(text: str) -> set:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}


rng = random.Random(SEED)
held_bbc = set().union(*(shingles(bbc_text(d)) for d in sorted(heldout) if d.startswith("bbc:")))
bbc_pool = []
for folder, (lo, hi) in RANGES.items():
    for p in sorted((S / "bbc" / folder).glob("*.txt")):
        n = int(p.stem)
        doc = f"bbc:{folder}/{p.stem}"
        if not lo <= n <= hi or n in RESERVED.get(folder, ()) or doc in named:
            continue
        text = bbc_text(doc)
        if len(text) < 2600 and len(re.findall(r"\d", text)) >= 12 and not (shingles(text) & held_bbc):
            bbc_pool.append(doc)
bbc_pick = rng.sample(bbc_pool, 7)

bodies = reuters_bodies()
held_reuters = set().union(*(shingles(bodies[d]) for d in sorted(heldout) if d in bodies))
money = []
for doc, body in bodies.items():
    if doc in named or not 300 <= len(body) <= 2500:
        continue
    if len(re.findall(r"\b(mln|billion|pct|dlrs|cts|francs|marks|yen|lire|tonnes)\b", body)) >= 4 \
            and not re.search(r"\d+-\d+/\d+", body) and not (shingles(body) & held_reuters):
        money.append(doc)
r_pick = rng.sample(money, 5)
draw = {"bbc": {"tune": sorted(bbc_pick[:4]), "heldout": sorted(bbc_pick[4:])},
        "reuters": {"tune": sorted(r_pick[:3]), "heldout": sorted(r_pick[3:])}}
if __name__ == "__main__":
    print(json.dumps(draw, indent=1))

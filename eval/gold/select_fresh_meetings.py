"""Draw fresh meeting-gold tune stories (issue 15, session 10; seed 202612031), ids only.

Development parts only, stories named by no split and no gold file (nor by select_fresh_figures.py's
draw), under 3,000 characters with at least three meeting words (met, meet, meets, meeting, talks,
summit, negotiations), and, for BBC, sharing no run of 8 words with any held-out BBC story. 2 BBC and
3 Reuters, all tune, so the meetings gold stays at least 40% held out (36 of 90 stories).
Run with select_fresh_figures.py beside it: it reuses that script's filters. Prints the ids; no text.
Its own picks (OWN, now in `splits.json`) are left out of the exclusion, so it draws the same five again.
"""
import json
import pathlib
import random
import re
import runpy

HERE = pathlib.Path(__file__).resolve().parent
fig = runpy.run_path(str(HERE / "select_fresh_figures.py"), run_name="select_fresh_figures")
S, RANGES, RESERVED, splits = fig["S"], fig["RANGES"], fig["RESERVED"], fig["splits"]
bbc_text, shingles = fig["bbc_text"], fig["shingles"]
drawn = [d for src in ("bbc_tune", "bbc_held") for d in fig[src]] + list(fig["r_pick"])
OWN = {"bbc:entertainment/340", "bbc:tech/033", "reuters:6128", "reuters:8608", "reuters:9674"}
named = (fig["named"] - OWN) | set(drawn)
held_sh = set().union(*(shingles(bbc_text(d))
                         for task in splits.values() for d in task.get("bbc", {}).get("heldout", [])))
MEET = re.compile(r"\b(met|meet|meets|meeting|talks|summit|negotiations)\b", re.I)
rng = random.Random(202612031)
pool_b = []
for folder, (lo, hi) in RANGES.items():
    for p in sorted((S / "bbc" / folder).glob("*.txt")):
        n, doc = int(p.stem), f"bbc:{folder}/{p.stem}"
        if not lo <= n <= hi or n in RESERVED.get(folder, ()) or doc in named:
            continue
        text = bbc_text(doc)
        if len(text) < 3000 and len(MEET.findall(text)) >= 3 and not (shingles(text) & held_sh):
            pool_b.append(doc)
pool_r = []
for i in range(5, 10):
    t = (S / "reuters21578" / f"reut2-{i:03}.sgm").read_text(encoding="latin-1")
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', t, re.S):
        b, doc = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S), f"reuters:{m.group(1)}"
        if b and doc not in named and len(b.group(1)) < 3000 and len(MEET.findall(b.group(1))) >= 3:
            pool_r.append(doc)
print(json.dumps({"bbc": sorted(rng.sample(pool_b, 2)), "reuters": sorted(rng.sample(pool_r, 3))}))

"""Draw fresh figure-gold stories (issue 14, session 10; seed 20261203), ids only.

Development parts only (BBC business 001-255, politics 001-208, tech, entertainment; Reuters
reut2-005 to reut2-009), stories named by no split of `splits.json`, with the filters of
`select_docs.py` (BBC under 3,500 characters with enough digits; Reuters 300-2,500 characters,
at least four money/percent/tonnage words, no `8-1/4` fractions), and, for BBC, sharing no run of
8 words with any held-out BBC story (a second report of a held-out story would leak it). The tune
and held-out picks are drawn together and split before any rule is changed, so that the held-out
share of each source stays at least 40% once the new tune stories are added:
BBC 2 tune (`politics/112` and `tech/112`, drawn on 2026-12-02 and never read) + 2 more tune + 6 held
out, then 2 more held out; Reuters 4 tune + 3 held out. Prints the ids; no text.
"""
import json
import os
import pathlib
import random
import re

S = pathlib.Path(os.environ.get("WIREHOUSE_SHARED", pathlib.Path(__file__).resolve().parents[3] / "shared")) / "corpora"
GOLD = pathlib.Path(__file__).resolve().parent
RESERVED = {"business": range(256, 511), "politics": range(209, 418)}
RANGES = {"business": (1, 255), "politics": (1, 208), "tech": (1, 401), "entertainment": (1, 386)}
rng = random.Random(20261203)
splits = json.loads((GOLD / "splits.json").read_text())
named = {d for task in splits.values() for src in task.values() for part in src.values() for d in part}
for f in GOLD.glob("*.jsonl"):
    named |= {json.loads(line)["doc"] for line in f.read_text().splitlines() if line.strip()}
# this round's draws (this script's and select_fresh_meetings.py's) and later rounds', left out of the exclusion so
# that a rerun after their gold is written gives the same stories (as select_meetings_heldout.py does)
DRAWN = {
    "bbc:business/125", "bbc:entertainment/381", "bbc:politics/112", "bbc:tech/112",
    "bbc:business/040", "bbc:business/088", "bbc:business/170", "bbc:entertainment/053", "bbc:politics/076",
    "bbc:tech/021", "reuters:5680", "reuters:6000", "reuters:7940", "reuters:9323", "reuters:6181",
    "reuters:8457", "reuters:8606", "bbc:entertainment/340", "bbc:tech/033", "reuters:6128", "reuters:8608",
    "reuters:9674", "bbc:entertainment/260", "bbc:tech/249",
    # session 11's draw (select_fresh_figures_12.py), named in splits.json after this one
    "bbc:business/009", "bbc:entertainment/023", "bbc:entertainment/252", "bbc:tech/130",
    "bbc:business/089", "bbc:business/221", "bbc:entertainment/291",
    "reuters:5760", "reuters:6339", "reuters:9360", "reuters:6561", "reuters:9641",
}
named -= DRAWN
heldout_bbc = [d for task in splits.values() for d in task.get("bbc", {}).get("heldout", []) if d not in DRAWN]


def bbc_text(doc: str) -> str:
    return (S / "bbc" / (doc.split(":")[1] + ".txt")).read_text(encoding="utf-8", errors="replace")


def shingles(text: str) -> set:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}


held_shingles = set().union(*(shingles(bbc_text(d)) for d in heldout_bbc))
bbc_pool = []
for folder, (lo, hi) in RANGES.items():
    for p in sorted((S / "bbc" / folder).glob("*.txt")):
        n = int(p.stem)
        doc = f"bbc:{folder}/{p.stem}"
        if not lo <= n <= hi or n in RESERVED.get(folder, ()) or doc in named:
            continue
        text = bbc_text(doc)
        if len(text) < 2600 and len(re.findall(r"\d", text)) >= 12 and not (shingles(text) & held_shingles):
            bbc_pool.append(doc)
first = ["bbc:politics/112", "bbc:tech/112"]
bbc_pool = [d for d in bbc_pool if d not in first]
bbc_pick = rng.sample(bbc_pool, 8)
bbc_tune, bbc_held = sorted(first + bbc_pick[:2]), sorted(bbc_pick[2:])

money = []
for i in range(5, 10):
    t = (S / "reuters21578" / f"reut2-{i:03}.sgm").read_text(encoding="latin-1")
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', t, re.S):
        b = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        doc = f"reuters:{m.group(1)}"
        if not b or doc in named or not 300 <= len(b.group(1)) <= 2500:
            continue
        body = b.group(1)
        if len(re.findall(r"\b(mln|billion|pct|dlrs|cts|francs|marks|yen|lire|tonnes)\b", body)) >= 4 \
                and not re.search(r"\d+-\d+/\d+", body):
            money.append(doc)
r_pick = rng.sample(money, 7)
# two more held-out BBC stories, drawn after the first picks (the BBC held-out share was 38.6% of the
# stories named without them): the same pool, the same generator, continued
bbc_extra = sorted(rng.sample([d for d in bbc_pool if d not in bbc_pick], 2))
bbc_held = sorted(bbc_held + bbc_extra)
if __name__ == "__main__":
    print(json.dumps({"bbc": {"tune": bbc_tune, "heldout": bbc_held},
                      "reuters": {"tune": sorted(r_pick[:4]), "heldout": sorted(r_pick[4:])}}, indent=1))

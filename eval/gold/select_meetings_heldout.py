"""Pick 11 BBC and 11 Reuters new held-out documents for the meetings gold (issue 15 part 6, seed 1567).

A step of its own beside `select_docs.py` (which it runs, quietly, for its first-round lists), so
that it reproduces its picks whatever else `splits.json` holds: the development pools of
`select_docs.py` (BBC business 001-255, politics 001-208, tech, entertainment; Reuters
`reut2-005` ... `reut2-009` bodies of 300-2,500 characters), stories with at least two meeting
words (its `MEET` pattern), are shuffled with a fixed seed and walked in that order; a story is
taken when

- no list of `splits.json` names it, except `meetings` -> `heldout` beyond the first-round
  held-out stories that `select_docs.py` draws (so the picks, once written there, are drawn
  again), and
- it shares no run of 8 words with any story `splits.json` names (those same picks aside) or
  with a story taken before it (a second report of a story already read is no new text).

Texts are only compared by script, never printed. `python eval/gold/select_meetings_heldout.py`
prints the picks; `--write` adds the missing ones to `splits.json` -> `meetings` -> `heldout`.
Run it with `../shared` present (or `$WIREHOUSE_SHARED`).
"""
import contextlib
import io
import json
import pathlib
import random
import re
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent
SEED = 1567
PER_SOURCE = 11
RUN = 8

with contextlib.redirect_stdout(io.StringIO()):
    first = runpy.run_path(str(HERE / "select_docs.py"))
S, MEET = first["S"], first["MEET"]
BBC_FOLDERS = [("business", 1, 255), ("politics", 1, 208), ("tech", 1, 401), ("entertainment", 1, 386)]


def bbc_text(key):
    return (S / "bbc" / (key.split(":", 1)[1] + ".txt")).read_text(errors="replace")


def reuters_bodies():
    """NEWID -> <BODY> text of every development Reuters story (reut2-000 ... reut2-009)."""
    bodies = {}
    for i in range(10):
        t = (S / "reuters21578" / f"reut2-{i:03}.sgm").read_text(encoding="latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', t, re.S):
            b = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if b:
                bodies[m.group(1)] = b.group(1)
    return bodies


def runs(text):
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def main(write=False):
    path = HERE / "splits.json"
    splits = json.loads(path.read_text(encoding="utf-8"))
    first_heldout = {k for part in first["out"]["meetings"].values() for k in part["heldout"]}
    named, excluded = set(), set(first_heldout)
    for kind, parts in splits.items():
        for part in parts.values():
            for split, keys in part.items():
                named |= set(keys)
                if not (kind == "meetings" and split == "heldout"):
                    excluded |= set(keys)
    bodies = reuters_bodies()

    def text(key):
        return bbc_text(key) if key.startswith("bbc:") else bodies.get(key.split(":", 1)[1], "")

    seen = set()
    for key in excluded:
        seen |= runs(text(key))
    pools = {
        "bbc": sorted(d for f, lo, hi in BBC_FOLDERS for d in first["bbc"](f, lo, hi)
                      if len(MEET.findall(bbc_text(d))) >= 2),
        "reuters": sorted(f"reuters:{i}" for i, b in first["rd"] if len(MEET.findall(b)) >= 2),
    }
    rng = random.Random(SEED)
    picks = {}
    for source, pool in pools.items():
        rng.shuffle(pool)
        picks[source] = []
        for key in pool:
            if len(picks[source]) == PER_SOURCE:
                break
            own = runs(text(key))
            if key in excluded or own & seen:
                continue
            picks[source].append(key)
            seen |= own
    if write:
        for source, keys in picks.items():
            heldout = splits["meetings"][source]["heldout"]
            heldout += sorted(k for k in keys if k not in heldout)
        path.write_text(json.dumps(splits, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({s: sorted(k) for s, k in picks.items()}, indent=1))
    new = [k for keys in picks.values() for k in keys if k not in named]
    print(f"not yet in splits.json: {len(new)}", file=sys.stderr)


if __name__ == "__main__":
    main(write="--write" in sys.argv[1:])

"""Pick the development documents for the new gold and split them (seed 20261201)."""
import json
import os
import pathlib
import random
import re

S = pathlib.Path(os.environ.get("WIREHOUSE_SHARED", pathlib.Path(__file__).resolve().parents[3] / "shared")) / "corpora"
rng = random.Random(20261201)
def bbc(folder, lo, hi):
    out = []
    for p in sorted((S/"bbc"/folder).glob("*.txt")):
        n = int(p.stem)
        if lo <= n <= hi:
            out.append(f"bbc:{folder}/{p.stem}")
    return out
def reuters():
    docs = []
    for i in range(5, 10):
        t = (S/"reuters21578"/f"reut2-{i:03}.sgm").read_text(encoding="latin-1")
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', t, re.S):
            b = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if not b:
                continue
            body = b.group(1)
            if 300 <= len(body) <= 2500:
                docs.append((m.group(1), body))
    return docs
def numeric(text):
    return len(re.findall(r"\d", text))
def split(ids, frac=0.4):
    ids = list(ids)
    rng.shuffle(ids)
    k = max(1, round(len(ids)*frac + 0.499))
    return {"heldout": sorted(ids[:k]), "tune": sorted(ids[k:])}
out = {}
# figures: BBC stories with figures
def with_numbers(ids, n, min_digits):
    pool = [d for d in ids if numeric((S/"bbc"/(d.split(":")[1]+".txt")).read_text(errors="replace")) >= min_digits
            and len((S/"bbc"/(d.split(":")[1]+".txt")).read_text(errors="replace")) < 3500]
    return rng.sample(pool, n)
fb = (with_numbers(bbc("business",1,255),30,15) + with_numbers(bbc("politics",1,208),18,8)
      + with_numbers(bbc("tech",1,401),8,10) + with_numbers(bbc("entertainment",1,386),8,10))
rd = reuters()
money = [(i,b) for i,b in rd if len(re.findall(r"\b(mln|billion|pct|dlrs|cts|francs|marks|yen|lire|tonnes)\b", b)) >= 4
         and not re.search(r"\d+-\d+/\d+", b)]
fr = [f"reuters:{i}" for i,_ in rng.sample(money, 44)]
out["figures"] = {"bbc": split(fb), "reuters": split(fr)}
used = set(fb) | set(fr)
# mentions: 16 BBC + 16 Reuters, short
def short_bbc(folders, n):
    pool = [d for f,lo,hi in folders for d in bbc(f,lo,hi) if d not in used
            and len((S/"bbc"/(d.split(":")[1]+".txt")).read_text(errors="replace")) < 2200]
    return rng.sample(pool, n)
mb = short_bbc([("business",1,255),("politics",1,208),("tech",1,401),("entertainment",1,386)], 16)
rr = [f"reuters:{i}" for i,b in rd if len(b) < 1500 and f"reuters:{i}" not in used]
mr = rng.sample(rr, 16)
out["mentions"] = {"bbc": split(mb), "reuters": split(mr)}
used |= set(mb) | set(mr)
MEET = re.compile(r"\b(met|meet|meets|meeting|talks|summit|negotiations)\b", re.I)
pool_b = [d for f,lo,hi in [("business",1,255),("politics",1,208),("tech",1,401),("entertainment",1,386)]
          for d in bbc(f,lo,hi)
          if d not in used and len(MEET.findall((S/"bbc"/(d.split(":")[1]+".txt")).read_text(errors="replace"))) >= 2]
pool_r = [f"reuters:{i}" for i,b in rd if f"reuters:{i}" not in used and len(MEET.findall(b)) >= 2]
out["meetings"] = {"bbc": split(rng.sample(pool_b, 16)), "reuters": split(rng.sample(pool_r, 16))}
print(json.dumps(out, indent=1))

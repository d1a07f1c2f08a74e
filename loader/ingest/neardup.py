"""Near-duplicate articles (syndicated copies of one story) by MinHash and LSH, at load time.

Each article's body becomes a set of word 5-shingles (lower-cased words; CRC-32 of each
shingle), summarised by a MinHash signature of NUM_PERM values from fixed universal hash
functions (the same in every run, so signatures stored in earlier runs stay comparable).
The signature is cut into BANDS bands of ROWS values; two articles sharing a band's values
are candidates, and a candidate whose estimated Jaccard similarity is at least THRESHOLD
joins that article's story. An article with no such candidate starts a story of its own
(story_id = its article_id). A story never changes once assigned, so later loads only add.

Tables: raw.story_member (article_id, story_id, similarity, signature, run_id) and
raw.story_band (band, bucket, article_id); candidates are found by one join per chunk.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

import duckdb
import numpy as np
import pyarrow as pa

NUM_PERM = 128
BANDS, ROWS = 32, 4  # P(candidate) = 1 - (1 - J^4)^32: 0.87 at J = 0.5, 0.99 at 0.6, 0.02 at 0.2
THRESHOLD = 0.5
SHINGLE_WORDS = 5
CHUNK = 2000
_PRIME = np.uint64(4294967291)  # the largest prime under 2**32: a*x + b stays within 64 bits
_RNG = np.random.default_rng(20261201)
_A = _RNG.integers(1, int(_PRIME), NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, int(_PRIME), NUM_PERM, dtype=np.uint64)
_BAND_MIX = _RNG.integers(1, 2**62, ROWS, dtype=np.uint64) | np.uint64(1)
_WORD_RE = re.compile(r"\w+")

MEMBER_SCHEMA = pa.schema([("article_id", pa.string()), ("story_id", pa.string()), ("similarity", pa.float64()),
                           ("signature", pa.list_(pa.int64())), ("run_id", pa.string())])
BAND_SCHEMA = pa.schema([("band", pa.int16()), ("bucket", pa.int64()), ("article_id", pa.string())])


def shingles(text: str) -> np.ndarray:
    words = _WORD_RE.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words else [""]
    else:
        grams = [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    return np.fromiter({zlib.crc32(g.encode()) for g in grams}, dtype=np.uint64)


def signature(text: str) -> np.ndarray:
    """MinHash signature: for each hash function, the least hash over the shingles."""
    x = shingles(text) % _PRIME
    return ((_A[:, None] * x[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def bands(sig: np.ndarray) -> np.ndarray:
    """One 63-bit bucket per band, from the band's ROWS values."""
    mixed = (sig.reshape(BANDS, ROWS).astype(np.uint64) * _BAND_MIX).sum(axis=1)  # wraps modulo 2**64
    return (mixed >> np.uint64(1)).astype(np.int64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def assign_missing(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Give every article without a story one; returns how many were assigned."""
    missing = con.execute("select a.article_id from raw.article a anti join raw.story_member s using (article_id)"
                          " order by a.loaded_at, a.article_id").fetchall()
    ids = [row[0] for row in missing]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        bodies = dict(con.execute("select article_id, body from raw.article where article_id in"
                                  " (select unnest(?::varchar[]))", [chunk]).fetchall())
        assign(con, [(article_id, bodies[article_id]) for article_id in chunk], run_id)
    return len(ids)


def assign(con: duckdb.DuckDBPyConnection, articles: Iterable[tuple[str, str]], run_id: str) -> None:
    """Assign stories to new articles (in order: an earlier article is the one a copy joins)."""
    items = [(article_id, signature(body)) for article_id, body in articles]
    if not items:
        return
    keys = [(article_id, band, int(bucket)) for article_id, sig in items for band, bucket in enumerate(bands(sig))]
    con.register("_wirehouse_keys", pa.table({"band": [k[1] for k in keys], "bucket": [k[2] for k in keys]},
                                             schema=pa.schema([("band", pa.int16()), ("bucket", pa.int64())])))
    try:
        found = con.execute("""
            select distinct b.band, b.bucket, m.article_id, m.story_id, m.signature
            from (select distinct band, bucket from _wirehouse_keys) k
            join raw.story_band b using (band, bucket)
            join raw.story_member m using (article_id)""").fetchall()
    finally:
        con.unregister("_wirehouse_keys")
    buckets: dict[tuple[int, int], list[str]] = {}
    known: dict[str, tuple[str, np.ndarray]] = {}
    for band, bucket, article_id, story_id, sig in found:
        buckets.setdefault((band, bucket), []).append(article_id)
        known[article_id] = (story_id, np.array(sig, dtype=np.uint64))
    members, band_rows = [], []
    for article_id, sig in items:
        own = bands(sig)
        candidates = {other for band, bucket in enumerate(own) for other in buckets.get((band, int(bucket)), ())}
        best, story = 0.0, article_id
        for other in sorted(candidates):
            score = similarity(sig, known[other][1])
            if score >= THRESHOLD and score > best:
                best, story = score, known[other][0]
        members.append({"article_id": article_id, "story_id": story,
                        "similarity": best if story != article_id else None,
                        "signature": sig.astype(np.int64).tolist(), "run_id": run_id})
        known[article_id] = (story, sig)
        for band, bucket in enumerate(own):
            buckets.setdefault((band, int(bucket)), []).append(article_id)
            band_rows.append({"band": band, "bucket": int(bucket), "article_id": article_id})
    _insert(con, "raw.story_member", members, MEMBER_SCHEMA)
    _insert(con, "raw.story_band", band_rows, BAND_SCHEMA)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], schema: pa.Schema) -> None:
    batch = pa.Table.from_pylist(rows, schema=schema)
    con.register("_wirehouse_story_batch", batch)
    try:
        con.execute(f"insert into {table} ({', '.join(schema.names)}) select * from _wirehouse_story_batch")
    finally:
        con.unregister("_wirehouse_story_batch")

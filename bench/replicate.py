"""Grow a warehouse's work file to N articles by replicating really annotated ones.

Each copy gets a fresh article id (and a marker appended to its body, so ids stay
content-derived and distinct); its sentence, entity and number spans are copied with
the new id, so no annotation runs. Used to measure build and publish at sizes where
annotating real text would take hours; annotation throughput is measured on real text
only. Usage: python bench/replicate.py WORK_DB TARGET_ARTICLES [RUN_ID]
"""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import duckdb


def replicate(work_db: Path, target: int, run_id: str | None = None) -> int:
    run_id = run_id or f"replica-{uuid.uuid4().hex[:8]}"
    with duckdb.connect(str(work_db)) as con:
        have = con.execute("select count(*) from raw.article").fetchone()[0]
        base = con.execute("select count(*) from raw.article where run_id not like 'replica-%'").fetchone()[0]
        copies = target - have
        if copies <= 0:
            return 0
        con.begin()
        con.execute("""
            create temp table mapping as
            select a.article_id as old_id, n.i as copy_no,
                   substr(sha256(a.article_id || ':' || n.i || ':' || ?), 1, 16) as new_id
            from (select article_id, row_number() over (order by article_id) as r
                  from raw.article where run_id not like 'replica-%') as a
            cross join range(0, ? // ? + 1) as n(i)
            qualify row_number() over (order by n.i, a.r) <= ?
        """, [run_id, copies, base, copies])
        con.execute("""
            insert into raw.article (article_id, content_hash, source_file, source_path, title, published_date,
                                     date_source, source, url, authors, body, loaded_at, run_id, language, encoding)
            select m.new_id, sha256(m.new_id), 'replica/' || m.new_id || '.txt', 'replica/' || m.new_id || '.txt',
                   a.title, a.published_date, a.date_source, a.source, a.url, a.authors,
                   a.body, now()::timestamp, ?, a.language, a.encoding
            from mapping m join raw.article a on a.article_id = m.old_id
        """, [run_id])
        # a copy of a text is in its story (loader/ingest/neardup.py): the next load need not sign it again
        con.execute("""
            insert into raw.story_member (article_id, story_id, similarity, signature, run_id)
            select m.new_id, s.story_id, 1.0, s.signature, ?
            from mapping m join raw.story_member s on s.article_id = m.old_id
        """, [run_id])
        for table in ("sentence", "entity_span", "number_span", "annotation"):
            columns = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_schema='raw' and table_name=? "
                "order by ordinal_position", [table]).fetchall()]
            select = ", ".join("m.new_id" if c == "article_id" else f"t.{c}" for c in columns)
            con.execute(f"insert into raw.{table} select {select} from mapping m join raw.{table} t "
                        f"on t.article_id = m.old_id")
        con.execute("""
            insert into raw.input_file (input_key, run_id, path, source_file, content_hash, size_bytes, outcome,
                                        article_id, reason, seen_at, mtime_ns, encoding)
            select m.new_id, ?, 'replica/' || m.new_id || '.txt', m.new_id || '.txt', sha256(m.new_id),
                   0, 'loaded', m.new_id, null, now()::timestamp, 0, 'utf-8'
            from mapping m
        """, [run_id])
        con.commit()
        return copies


if __name__ == "__main__":
    added = replicate(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    print(f"replicated {added} articles")

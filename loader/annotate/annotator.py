"""Annotate articles that have no annotation yet: sentences, entity spans, number spans.

spaCy runs with only the components it needs (senter, ner, and tok2vec when one of them
listens to it) on every core. The default model is the bundled `wirehouse_ner`
(loader/models/, see loader/train_ner.py); any installed spaCy pipeline can be named instead.
Each chunk of articles is written in one transaction, so an interrupted run resumes
where it stopped and never leaves an article half-annotated.
"""
from __future__ import annotations

import bisect
import datetime as dt
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import duckdb
import pyarrow as pa
from tqdm import tqdm

from loader.annotate.numbers import VERSION as NUMBERS_VERSION
from loader.annotate.numbers import NumberFinder, merge
from loader.config import model_location, project_folder
from loader.errors import InputError
from loader.warehouse.connect import insert_rows

ENTITY_LABELS = frozenset({
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
})
NUMBER_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Components a spaCy pipeline may have that entity and sentence spans do not need.
UNNEEDED = ("tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer",
            "trainable_lemmatizer", "entity_linker", "textcat", "textcat_multilabel", "spancat")
CHUNK = 1000
MULTIPROCESS_MIN_ARTICLES = 200


@dataclass(frozen=True)
class Annotator:
    nlp: object
    name: str
    version: str
    numbers: NumberFinder


def load_annotator(model: str, seeds: Path | None = None) -> Annotator:
    """Load a spaCy pipeline without the components entity and sentence spans do not need."""
    import spacy

    try:
        nlp = spacy.load(model_location(model), exclude=list(UNNEEDED))
    except OSError:
        raise InputError(
            f"spaCy model '{model}' is not installed; install it, or name an installed "
            "one with WIREHOUSE_SPACY_MODEL or [annotate] model in wirehouse.toml"
        ) from None
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")  # it fed only the excluded tagger and parser
    if not any(name in nlp.pipe_names for name in ("senter", "parser", "sentencizer")):
        nlp.add_pipe("sentencizer")
    version = f"{nlp.meta.get('version', '0')}+numbers{NUMBERS_VERSION}"
    return Annotator(nlp=nlp, name=f"spacy:{model}", version=version,
                     numbers=NumberFinder(seeds or project_folder("dbt_project") / "seeds"))


def pending(con: duckdb.DuckDBPyConnection, annotator: Annotator) -> list[str]:
    """Articles with no annotation by this annotator and version."""
    rows = con.execute(
        """
        select a.article_id
        from raw.article as a
        left join raw.annotation as n
          on n.article_id = a.article_id and n.annotator = ? and n.annotator_version = ?
        where n.article_id is null
        order by a.article_id
        """,
        [annotator.name, annotator.version],
    ).fetchall()
    return [row[0] for row in rows]


def annotate(con: duckdb.DuckDBPyConnection, annotator: Annotator, processes: int, quiet: bool = False) -> int:
    """Annotate every pending article; returns how many were annotated.

    One `nlp.pipe` runs over all pending articles (its worker processes start once, not
    per chunk); bodies are read and results stored a chunk at a time."""
    ids = pending(con, annotator)
    if not ids:
        return 0
    n_process = max(1, processes) if len(ids) >= MULTIPROCESS_MIN_ARTICLES else 1
    progress = tqdm(total=len(ids), desc="annotating", unit="article", file=sys.stderr,
                    disable=quiet or len(ids) < 20)

    order: deque[str] = deque()  # ids of the bodies handed to spaCy, in order; nlp.pipe keeps order

    def bodies() -> Iterator[str]:
        for start in range(0, len(ids), CHUNK):
            for body, article_id in con.execute(
                "select body, article_id from raw.article where article_id in (select unnest(?::varchar[]))",
                [ids[start:start + CHUNK]],
            ).fetchall():
                order.append(article_id)
                yield body

    # Plain texts, not as_tuples: with as_tuples spaCy tokenizes every text in this
    # process and sends the workers serialized Docs, which costs the workers' cores.
    docs = ((doc, order.popleft()) for doc in annotator.nlp.pipe(bodies(), n_process=n_process, batch_size=64))
    while chunk := list(islice(docs, CHUNK)):
        _store(con, annotator, [article_id for _, article_id in chunk], _rows(annotator, chunk))
        progress.update(len(chunk))
    progress.close()
    return len(ids)


def _rows(annotator: Annotator, docs: list[tuple[object, str]]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"sentence": [], "entity_span": [], "number_span": [], "annotation": []}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamp = {"annotator": annotator.name, "annotator_version": annotator.version}
    for doc, article_id in docs:
        text = doc.text  # Doc.text joins every token on each call: read it once per article
        starts = []
        for index, sent in enumerate(doc.sents):
            starts.append(sent.start_char)
            rows["sentence"].append({"article_id": article_id, "sentence_index": index,
                                     "start_char": sent.start_char, "end_char": sent.end_char, **stamp})
        counts = {"entity_span": 0, "number_span": 0}
        for table, (start, end, label) in _spans(doc, text, annotator.numbers):
            counts[table] += 1
            rows[table].append({
                "article_id": article_id, "start_char": start, "end_char": end,
                "span_text": text[start:end], "label": label,
                "sentence_index": max(0, bisect.bisect_right(starts, start) - 1), **stamp,
            })
        rows["annotation"].append({"article_id": article_id, "annotated_at": now, "sentences": len(starts),
                                   "entity_spans": counts["entity_span"],
                                   "number_spans": counts["number_span"], **stamp})
    return rows


def _spans(doc, text: str, numbers: NumberFinder) -> Iterator[tuple[str, tuple[int, int, str]]]:
    """Entity spans from the model; number spans from the model and the number finder."""
    ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    for span in ents:
        if span[2] in ENTITY_LABELS:
            yield "entity_span", span
    for span in merge(ents, numbers.find(text), NUMBER_LABELS):
        yield "number_span", span


def _store(con: duckdb.DuckDBPyConnection, annotator: Annotator, article_ids: list[str],
           rows: dict[str, list[dict]]) -> None:
    con.begin()
    try:
        for table in ("sentence", "entity_span", "number_span", "annotation"):
            con.execute(f"delete from raw.{table} where article_id in (select unnest(?::varchar[]))", [article_ids])
            insert_rows(con, f"raw.{table}", rows[table], SCHEMAS[table])
        con.commit()
    except BaseException:
        con.rollback()
        raise


_STAMP = [("annotator", pa.string()), ("annotator_version", pa.string())]
_SPAN = pa.schema([
    ("article_id", pa.string()), ("start_char", pa.int32()), ("end_char", pa.int32()),
    ("span_text", pa.string()), ("label", pa.string()), ("sentence_index", pa.int32()), *_STAMP,
])
SCHEMAS = {
    "sentence": pa.schema([("article_id", pa.string()), ("sentence_index", pa.int32()),
                           ("start_char", pa.int32()), ("end_char", pa.int32()), *_STAMP]),
    "entity_span": _SPAN,
    "number_span": _SPAN,
    "annotation": pa.schema([("article_id", pa.string()), *_STAMP, ("annotated_at", pa.timestamp("us")),
                             ("sentences", pa.int32()), ("entity_spans", pa.int32()),
                             ("number_spans", pa.int32())]),
}

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
import re
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import duckdb
import pyarrow as pa
from tqdm import tqdm

from loader.annotate.amounts import AmountReader
from loader.annotate.figures import read_figures
from loader.annotate.grammar import Grammar
from loader.annotate.numbers import CURRENCY_PREFIX, NumberFinder, merge
from loader.annotate.numbers import VERSION as NUMBERS_VERSION
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
    grammar: Grammar
    amounts: AmountReader


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
    seeds = seeds or project_folder("dbt_project") / "seeds"
    grammar = Grammar(seeds)
    name, version = _stamp(model, nlp.meta.get("version", "0"), grammar)
    return Annotator(nlp=nlp, name=name, version=version,
                     numbers=NumberFinder(seeds), grammar=grammar, amounts=AmountReader(grammar))


def _stamp(model: str, model_version: str, grammar: Grammar) -> tuple[str, str]:
    # the figures are computed here from the seeds: a seed edit changes the version, and
    # every article is annotated again on the next run
    return f"spacy:{model}", f"{model_version}+numbers{NUMBERS_VERSION}+seeds{grammar.digest}"


def identity(model: str, seeds: Path) -> tuple[str, str] | None:
    """The (annotator, annotator_version) that load_annotator would stamp, read from the model's
    meta.json without loading the pipeline; None when the model cannot be found that way."""
    import spacy.util

    location = model_location(model)
    try:
        path = Path(location) if Path(location).exists() else spacy.util.get_package_path(str(location))
        model_version = spacy.util.get_model_meta(path).get("version", "0")
    except (OSError, ImportError, ValueError):
        return None
    return _stamp(model, model_version, Grammar(seeds))


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
    ids = _skip_other_languages(con, annotator, pending(con, annotator))
    if not ids:
        return 0
    n_process = max(1, processes) if len(ids) >= MULTIPROCESS_MIN_ARTICLES else 1
    progress = tqdm(total=len(ids), desc="annotating", unit="article", file=sys.stderr,
                    disable=quiet or len(ids) < 20)

    order: deque[tuple[str, dt.date | None, str | None]] = deque()  # (id, date, title) of the bodies, in order

    def bodies() -> Iterator[str]:
        for start in range(0, len(ids), CHUNK):
            # a date guessed from somewhere in the text is not the article's date: periods
            # resolve against a date the input states (header, field, dateline) only
            for body, article_id, published, title in con.execute(
                "select body, article_id, case when date_source = 'text' then null else published_date end, title "
                "from raw.article "
                "where article_id in (select unnest(?::varchar[]))",
                [ids[start:start + CHUNK]],
            ).fetchall():
                order.append((article_id, published, title))
                yield body

    # Plain texts, not as_tuples: with as_tuples spaCy tokenizes every text in this
    # process and sends the workers serialized Docs, which costs the workers' cores.
    docs = ((doc, *order.popleft()) for doc in annotator.nlp.pipe(bodies(), n_process=n_process, batch_size=64))
    while chunk := list(islice(docs, CHUNK)):
        _store(con, annotator, [item[1] for item in chunk], _rows(annotator, chunk))
        progress.update(len(chunk))
    progress.close()
    return len(ids)


def _skip_other_languages(con: duckdb.DuckDBPyConnection, annotator: Annotator, ids: list[str]) -> list[str]:
    """The ids in the model's language (or of unknown language); the others are recorded as
    annotated with no spans, so the model's English rules never run on German text."""
    lang = getattr(annotator.nlp, "lang", None)
    if not ids or not lang or lang == "xx":  # a multi-language pipeline annotates everything
        return ids
    other = [row[0] for row in con.execute(
        "select article_id from raw.article where article_id in (select unnest(?::varchar[]))"
        " and language is not null and language <> ? order by article_id", [ids, lang]).fetchall()]
    if other:
        _store(con, annotator, other, _rows(annotator, []) | {"annotation": [
            {"article_id": article_id, "annotated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "sentences": 0,
             "entity_spans": 0, "number_spans": 0, "annotator": annotator.name,
             "annotator_version": annotator.version} for article_id in other]})
    skipped = set(other)
    return [article_id for article_id in ids if article_id not in skipped]


def _rows(annotator: Annotator, docs: list[tuple[object, str, dt.date | None, str | None]]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"sentence": [], "entity_span": [], "number_span": [], "annotation": []}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamp = {"annotator": annotator.name, "annotator_version": annotator.version}
    for doc, article_id, published, title in docs:
        text = doc.text  # Doc.text joins every token on each call: read it once per article
        starts = []
        for index, sent in enumerate(doc.sents):
            starts.append(sent.start_char)
            rows["sentence"].append({"article_id": article_id, "sentence_index": index,
                                     "start_char": sent.start_char, "end_char": sent.end_char, **stamp})
        counts = {"entity_span": 0, "number_span": 0}
        for table, span in _spans(doc, text, starts, published, title, annotator):
            counts[table] += 1
            start, end, label = span[:3]
            rows[table].append({
                "article_id": article_id, "start_char": start, "end_char": end,
                "span_text": text[start:end], "label": label,
                "sentence_index": max(0, bisect.bisect_right(starts, start) - 1), **stamp,
                **(span[3] if len(span) > 3 else {}),
            })
        rows["annotation"].append({"article_id": article_id, "annotated_at": now, "sentences": len(starts),
                                   "entity_spans": counts["entity_span"],
                                   "number_spans": counts["number_span"], **stamp})
    return rows


def _spans(doc, text: str, sentence_starts: list[int], published: dt.date | None, title: str | None,
           annotator: Annotator) -> Iterator[tuple[str, tuple]]:
    """Entity spans from the model; number spans from the model and the number finder, each
    with the figure read from it (value, unit, qualifier, metric, period; None when it is no figure)."""
    ents = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    # a currency symbol alone is no entity ("£" of "£56.4bn")
    entity_spans = [span for span in ents if span[2] in ENTITY_LABELS
                    and not re.fullmatch(CURRENCY_PREFIX, text[span[0]:span[1]].strip())]
    for span in entity_spans:
        yield "entity_span", span
    number_spans = merge(ents, annotator.numbers.find(text), NUMBER_LABELS, text)
    figures = read_figures(annotator.grammar, annotator.amounts, text, sentence_starts, number_spans,
                           entity_spans, published, title)
    covered = [(f.start, f.end) for f in figures]
    for f in figures:
        yield "number_span", (f.start, f.end, f.label, {
            "value": f.value, "value_high": f.value_high, "unit": f.unit, "unit_kind": f.unit_kind,
            "qualifier": f.qualifier, "unit_inferred": f.unit_inferred, "metric": f.metric,
            "period_start": f.period_start, "period_end": f.period_end,
            "subject_starts": list(f.subject_starts), "source_starts": list(f.source_starts)})
    for start, end, label in number_spans:
        if not any(s < end and start < e for s, e in covered):
            yield "number_span", (start, end, label)


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
    "number_span": pa.schema([*_SPAN, ("value", pa.float64()), ("value_high", pa.float64()),
                              ("unit", pa.string()), ("unit_kind", pa.string()), ("qualifier", pa.string()),
                              ("unit_inferred", pa.bool_()), ("metric", pa.string()),
                              ("period_start", pa.date32()), ("period_end", pa.date32()),
                              ("subject_starts", pa.list_(pa.int32())), ("source_starts", pa.list_(pa.int32()))]),
    "annotation": pa.schema([("article_id", pa.string()), *_STAMP, ("annotated_at", pa.timestamp("us")),
                             ("sentences", pa.int32()), ("entity_spans", pa.int32()),
                             ("number_spans", pa.int32())]),
}

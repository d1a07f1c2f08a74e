"""The bundled NER model (loader/models/wirehouse_ner) and the CoNLL→OntoNotes mapping it was trained with."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from loader.annotate.annotator import ENTITY_LABELS, NUMBER_LABELS, load_annotator
from loader.config import BASELINE_MODEL, BUNDLED_MODEL, BUNDLED_MODEL_DIR, DEFAULT_MODEL, load_settings
from loader.quality.evaluate import read_conll
from loader.quality.train_ner import gold_char_spans, ontonotes_spans, upper_sentences

CONLL = """\
EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
on IN I-PP O
Friday NNP I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
in IN I-PP O
Paris NNP I-NP I-LOC
, , O O
the DT O O
Rhine NNP I-NP I-LOC
and CC O O
Euro NNP I-NP I-MISC
96 CD I-NP I-MISC

-DOCSTART- -X- O O
"""


def test_conll_spans_get_ontonotes_labels_and_rehearsed_numbers():
    text, gold = gold_char_spans(read_conll(CONLL)[0])
    assert text.splitlines()[0] == "EU rejects German call on Friday ."
    at = {text[s:e]: (s, e) for s, e, _ in gold}
    assert set(at) == {"EU", "German", "Peter Blackburn", "Paris", "Rhine", "Euro 96"}
    friday = (text.index("Friday"), text.index("Friday") + 6)
    predicted = [(*at["Rhine"], "LOC"), (*at["German"], "NORP"), (*at["Euro 96"], "ORG"),
                 (*friday, "DATE"),                                  # no gold span here: rehearsed
                 (text.index("96"), text.index("96") + 2, "CARDINAL"),  # inside a gold span: dropped
                 (*at["Peter Blackburn"], "ORG")]                    # gold wins
    labels = {text[s:e]: label for s, e, label in ontonotes_spans(gold, predicted)}
    assert labels == {"EU": "ORG", "German": "NORP", "Peter Blackburn": "PERSON",
                      "Paris": "GPE",      # LOC with no base label → GPE
                      "Rhine": "LOC",      # LOC keeps the base model's LOC
                      "Euro 96": "NORP",   # MISC whose base label is not a MISC-like type → NORP
                      "Friday": "DATE"}


def test_upper_casing_sentences_keeps_offsets():
    text = "Peter Blackburn in Paris .\nEU rejects German call .\nStraße"
    out = upper_sentences(text, random.Random(0), share=1.0)
    assert out.splitlines()[:2] == ["PETER BLACKBURN IN PARIS .", "EU REJECTS GERMAN CALL ."]
    assert out.splitlines()[2] == "Straße"  # upper-casing would change its length
    assert len(out) == len(text)
    assert upper_sentences(text, random.Random(0), share=0.0) == text


def test_the_bundled_model_is_the_default_and_ships_in_the_repository(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("WIREHOUSE_SPACY_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_settings().spacy_model == DEFAULT_MODEL == BUNDLED_MODEL
    assert (BUNDLED_MODEL_DIR / "meta.json").is_file() and (BUNDLED_MODEL_DIR / "ner").is_dir()
    size = sum(p.stat().st_size for p in BUNDLED_MODEL_DIR.rglob("*") if p.is_file())
    assert size < 15 * 2**20
    annotator = load_annotator(DEFAULT_MODEL)
    assert annotator.name == f"spacy:{BUNDLED_MODEL}"
    assert set(annotator.nlp.pipe_names) == {"senter", "ner"}
    labels = set(annotator.nlp.get_pipe("ner").labels)
    assert labels >= ENTITY_LABELS | NUMBER_LABELS  # OntoNotes labels kept


def test_the_plain_model_can_still_be_named(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("WIREHOUSE_SPACY_MODEL", BASELINE_MODEL)
    monkeypatch.chdir(tmp_path)
    assert load_settings().spacy_model == BASELINE_MODEL
    plain, bundled = load_annotator(BASELINE_MODEL), load_annotator(BUNDLED_MODEL)
    assert plain.name != bundled.name  # so switching models re-annotates
    assert "tok2vec" not in plain.nlp.pipe_names  # nothing left listens to it


@pytest.mark.parametrize("text, expected", [
    ("ARSENAL BEAT MANCHESTER UNITED IN LONDON .", {("MANCHESTER UNITED", "ORG"), ("LONDON", "GPE")}),
    ("Shares of Volkswagen rose 3 percent on Tuesday in Frankfurt , Reuters reported .",
     {("Volkswagen", "ORG"), ("Frankfurt", "GPE"), ("Reuters", "ORG"), ("3 percent", "PERCENT"),
      ("Tuesday", "DATE")}),
])
def test_the_bundled_model_finds_names_in_caps_and_keeps_number_types(text, expected):
    doc = load_annotator(DEFAULT_MODEL).nlp(text)
    assert expected <= {(ent.text, ent.label_) for ent in doc.ents}

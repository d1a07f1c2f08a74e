"""Near-duplicate stories: syndicated copies with different boilerplate form one story;
different stories on the same topic do not (MinHash + LSH, loader/ingest/neardup.py)."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from loader.ingest import neardup
from loader.ingest.loading import load
from loader.warehouse.migrate import upgrade

AGENCY = (
    "Central bank raises interest rates for the third time this year. The central bank of Norland raised its main "
    "interest rate by a quarter of a percentage point on Thursday, to 4.25 percent, citing inflation that has stayed "
    "above its target for eighteen months. Governor Ilse Brandt told reporters in the capital that further increases "
    "could not be ruled out if wage growth continued at its current pace, and that the bank would watch energy prices "
    "closely over the winter. Economists had expected the move after consumer prices rose 5.1 percent in the year to "
    "September. The decision was taken by a vote of five to two, with two members of the board preferring to keep "
    "rates unchanged until the effect of earlier increases on mortgage holders becomes clearer. The currency rose "
    "against the euro after the announcement, and shares of the largest banks gained in afternoon trading."
)
SAME_TOPIC = (
    "Mortgage holders brace for higher payments as Norland's central bank tightens policy again. Families across "
    "Norland are preparing for larger monthly bills after the central bank's latest decision, with brokers reporting "
    "a rush of customers trying to fix their loans before lenders pass on the change. A survey by the consumer "
    "association found that one household in four already spends more than a third of its income on housing. "
    "Estate agents in the capital said fewer first-time buyers were viewing homes this autumn, and builders warned "
    "that new projects could be delayed. Opposition politicians called on the government to extend a support scheme "
    "for low-income borrowers that is due to expire in March, while ministers said the budget had no room for it."
)
OUTLETS = ["Daily Ledger", "Morning Post", "Evening Star", "City Times", "Valley Herald", "Coast News",
           "Metro Daily", "The Observer Online", "Northern Echo", "Capital Wire"]


def copy(outlet: str, number: int) -> str:
    """The agency text with an outlet's own boilerplate before and after it."""
    return (f"{outlet} | Business | Markets section, updated {number} minutes ago. Share this story on social media.\n\n"
            f"{AGENCY}\n\n"
            f"Subscribe to {outlet} for more news. Read next: local elections, weather for the weekend {number}.")


def test_ten_copies_with_different_boilerplate_are_one_story_and_another_story_is_not(tmp_path: Path) -> None:
    records = [{"body": copy(outlet, i), "title": f"Rates up ({outlet})", "source": outlet} for i, outlet in enumerate(OUTLETS)]
    records.append({"body": SAME_TOPIC, "title": "Mortgage holders brace", "source": "Daily Ledger"})
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    db = tmp_path / "w.duckdb"
    upgrade(db)
    with duckdb.connect(str(db)) as con:
        result = load(con, [raw], quiet=True)
        assert result.loaded == 11  # the copies differ, so none is an exact duplicate
        stories = dict(con.execute("select a.source_file, s.story_id from raw.article a join raw.story_member s"
                                   " using (article_id)").fetchall())
    copies = {stories[f"wire.jsonl#{i}"] for i in range(1, 11)}
    assert len(copies) == 1
    assert stories["wire.jsonl#11"] not in copies


def test_a_later_load_adds_copies_to_the_existing_story(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    upgrade(db)
    with duckdb.connect(str(db)) as con:
        for i, outlet in enumerate(OUTLETS[:3]):
            raw = tmp_path / f"raw{i}"
            raw.mkdir()
            (raw / f"{i}.txt").write_text(f"Rates up\n\n{copy(outlet, i)}\n")
            load(con, [raw], quiet=True)
        rows = con.execute("select story_id, similarity from raw.story_member order by run_id").fetchall()
        first = con.execute("select article_id from raw.article where source_file = '0.txt'").fetchone()[0]
    assert {story for story, _ in rows} == {first}
    assert sorted(s is None for _, s in rows) == [False, False, True]  # the first article starts the story


def test_signature_estimates_jaccard_similarity() -> None:
    a = neardup.signature(AGENCY)
    assert neardup.similarity(a, neardup.signature(AGENCY)) == 1.0
    assert neardup.similarity(a, neardup.signature(copy("Daily Ledger", 1))) >= neardup.THRESHOLD
    assert neardup.similarity(a, neardup.signature(SAME_TOPIC)) < 0.1

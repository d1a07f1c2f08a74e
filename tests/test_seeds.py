"""Acceptance on the five seed articles: what an analyst reads by eye, asserted in SQL."""
from pathlib import Path

import pytest

from tests.conftest import query, work_db

EXPECTED_DATES = {
    "000_d736471e15292cc2.txt": "2021-12-15",
    "001_0dddd304c9819041.txt": "2021-12-14",
    "002_83ee76fa5dfcaf86.txt": "2021-12-15",
    "003_9885ec25a921d0bd.txt": "2022-02-04",
    "004_e7a4710bbe1cdd90.txt": "2022-02-04",  # no header: from the dateline under the byline
}


def test_all_five_articles_load_with_their_dates(seed_warehouse: Path) -> None:
    rows = query(seed_warehouse, "select source_file, published_date::varchar from article order by source_file")
    assert dict(rows) == EXPECTED_DATES


def test_last_article_metadata(seed_warehouse: Path) -> None:
    [(title, authors, source, url, body)] = query(
        seed_warehouse,
        "select title, authors, source, url, body from article where source_file = '004_e7a4710bbe1cdd90.txt'")
    assert title == "Xi Meets Putin as Tensions Rise With West"
    assert authors == ["Jing Xuan Teng", "Matthew Walsh"]
    assert source == "themoscowtimes.com"
    assert url == "https://www.themoscowtimes.com/2022/02/04/xi-meets-putin-as-tensions-rise-with-west-a76257"
    for noise in ("Embed:", "Путин", "pic.twitter.com", "Original url", "Related article"):
        assert noise not in body


@pytest.mark.parametrize("name", ["Xi Jinping", "Vladimir Putin"])
def test_leaders_are_people_mentioned_in_every_article(seed_warehouse: Path, name: str) -> None:
    [(entity_type, articles)] = query(seed_warehouse, """
        select e.entity_type, count(distinct m.article_id)
        from entity e join mention m using (entity_id)
        where e.name = ? group by e.entity_type""", [name])
    assert entity_type == "PERSON"
    assert articles == 5


def test_wang_wenbin_is_a_person(seed_warehouse: Path) -> None:
    assert query(seed_warehouse, "select entity_type from entity where name = 'Wang Wenbin'") == [("PERSON",)]


def test_short_forms_and_titles_resolve_to_full_names(seed_warehouse: Path) -> None:
    names = {row[0] for row in query(seed_warehouse, "select name from entity where entity_type = 'PERSON'")}
    assert not names & {"Xi", "Putin", "Wang", "President Xi", "Xi's"}
    # "Xi" on its own is a mention of Xi Jinping
    [(short_mentions,)] = query(seed_warehouse, """
        select count(*) from mention m join entity e using (entity_id)
        where e.name = 'Xi Jinping' and m.mention_text = 'Xi'""")
    assert short_mentions > 10


FIGURES = [
    # (figure_text, metric, value, unit, qualifier)
    ("$ 115.6 billion", "trade_volume", 115_600_000_000, "USD", "exact"),
    ("39.1 percent", "investment_growth", 39.1, "percent", "exact"),
    ("10 billion cubic meters", "gas_supply", 1e10, "m3", "exact"),
    ("100,000", "troop_count", 100_000, "count", "exact"),
    ("more than 20", None, 20, "count", "at_least"),
    ("Around 21", None, 21, "count", "approx"),
    ("36", "meeting_count", 36, "count", "exact"),
    ("eighth", "visit_count", 8, "count", "exact"),
]


@pytest.mark.parametrize(("text", "metric", "value", "unit", "qualifier"), FIGURES)
def test_seed_figures(seed_warehouse: Path, text: str, metric: str | None, value: float, unit: str,
                      qualifier: str) -> None:
    rows = query(seed_warehouse, "select metric, value, unit, qualifier from figure where figure_text = ?", [text])
    assert rows == [(metric, value, unit, qualifier)]


def test_no_year_is_a_figure(seed_warehouse: Path) -> None:
    years = query(seed_warehouse, """
        select figure_text from figure
        where regexp_matches(figure_text, '(^|\\D)(19|20)\\d\\d(\\D|$)') or value between 1900 and 2100""")
    assert years == []


def test_every_offset_is_an_exact_slice_of_the_body(seed_warehouse: Path) -> None:
    bodies = dict(query(seed_warehouse, "select article_id, body from article"))
    spans = query(seed_warehouse, """
        select article_id, mention_text, start_char, end_char from mention
        union all
        select article_id, figure_text, start_char, end_char from figure""")
    assert len(spans) > 100
    for article_id, text, start, end in spans:
        assert bodies[article_id][start:end] == text


def test_sentence_index_points_at_the_sentence(seed_warehouse: Path) -> None:
    """A mention's sentence_index is the raw sentence whose bounds contain it."""
    outside = query(work_db(seed_warehouse), """
        select m.mention_id from mention m
        join raw.sentence s on s.article_id = m.article_id and s.sentence_index = m.sentence_index
        where m.start_char < s.start_char or m.end_char > s.end_char""")
    assert outside == []


def test_co_mentions(seed_warehouse: Path) -> None:
    [(articles, same_sentence, sentences, first, last)] = query(seed_warehouse, """
        select articles, articles_same_sentence, sentences, first_seen::varchar, last_seen::varchar
        from entity_pair
        where 'Xi Jinping' in (name_a, name_b) and 'Vladimir Putin' in (name_a, name_b)""")
    assert articles == 5 and same_sentence == 5
    assert sentences >= 10
    assert (first, last) == ("2021-12-14", "2022-02-04")
    # a pair never seen together in one sentence is still an article co-mention
    assert query(seed_warehouse, "select count(*) from entity_pair where articles_same_sentence = 0")[0][0] > 0


@pytest.mark.parametrize(("text", "start", "end"), [
    ("$ 115.6 billion", "2021-01-01", "2021-10-31"),   # "in the first 10 months of this year", article of 2021-12-14
    ("39.1 percent", "2021-01-01", "2021-10-31"),
    ("36", "2013-01-01", "2021-12-14"),                # "have met 36 times since 2013"
])
def test_figure_periods(seed_warehouse: Path, text: str, start: str, end: str) -> None:
    assert query(seed_warehouse, "select period_start::varchar, period_end::varchar from figure where figure_text = ?",
                 [text]) == [(start, end)]


@pytest.mark.parametrize(("text", "subjects"), [
    # "Bilateral merchandise trade reached $ 115.6 billion": China and Russia from the sentence before
    ("$ 115.6 billion", {"China", "Russia"}),
    ("39.1 percent", {"China", "Russia"}),             # "China's direct investment in Russia grew 39.1 percent"
    ("eighth", {"Xi Jinping", "Russia"}),               # "Xi made his eighth visit to Russia"
    ("36", {"Xi Jinping", "Vladimir Putin"}),           # "Xi and Putin have met 36 times since 2013"
])
def test_figure_subjects(seed_warehouse: Path, text: str, subjects: set[str]) -> None:
    names = {name for (name,) in query(seed_warehouse, """
        select e.name from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
        where f.figure_text = ?""", [text])}
    assert subjects <= names

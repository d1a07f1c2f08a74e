"""Figures on short texts: Reuters units, ranges, units the reader infers, metrics from
keywords and entities, periods, and the entities a figure is about (figure_entity)."""
from pathlib import Path

import pytest

from tests.conftest import query, run_cli, write_texts

SHORT = {
    "reuters.txt": (
        " date 1987-03-02 Results\n\n"
        "Net profit was 15.5 mln dlrs. Sales rose 3.2 pct. The group earned 1.5 billion stg. "
        "It shipped 200,000 tonnes of wheat. Revenue was up 12 pct from 1985.\n\n"
        "Total deposits rose to 17.18 billion N.Z. Dlrs in January compared with 16.74 billion in December.\n\n"
        "The ASCS bought 2.3 mln pounds of flour for 2.1 mln dlrs.\n"
    ),
    "ranges.txt": (
        " date 2021-06-01 Outlook\n\n"
        "Economists expect growth of between 5 and 7 percent. Prices may rise 5-7 pct. "
        "Corn guesses ranged from 20 mln to 25 mln bushels. Output rose from 5 to 7 pct. "
        "Traffic rose 18 pct versus 12 and 13 pct respectively in January.\n"
    ),
    "trade.txt": (
        " date 2021-12-14 Trade\n\n"
        "Trade between China and Russia reached $ 140 billion last year. "
        "Russia deployed 100,000 troops near its border with Ukraine. "
        "Xi Jinping and Vladimir Putin have met 36 times since 2013. They have met 12 times in 2019.\n"
    ),
    "not_figures.txt": (
        " date 2022-02-04 Leaders\n\n"
        "The two leaders met for the first time in two years. It is the 20th anniversary of the One Belt, "
        "One Road plan. He made his eighth visit to Russia.\n"
    ),
}

FIGURES = """
    select a.source_file, f.figure_text, f.metric, f.value, f.value_high, f.unit, f.qualifier,
           f.period_start::varchar, f.period_end::varchar
    from figure f join article a using (article_id)
    order by a.source_file, f.start_char"""


@pytest.fixture(scope="module")
def short_figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], tuple]]:
    folder = tmp_path_factory.mktemp("figures")
    raw = write_texts(folder / "raw", SHORT)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    figures = {}
    for source, text, *rest in query(db, FIGURES):
        figures[(source, " ".join(text.split()))] = tuple(rest)
    return db, figures


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("15.5 mln dlrs", 15_500_000, "USD"),
    ("3.2 pct", 3.2, "percent"),
    ("1.5 billion stg", 1_500_000_000, "GBP"),
    ("200,000 tonnes", 200_000, "t"),
    ("12 pct", 12, "percent"),
    ("17.18 billion N.Z. Dlrs", 17_180_000_000, "NZD"),
    ("16.74 billion", 16_740_000_000, "NZD"),  # the unit the reader understands
    ("2.3 mln pounds", 2_300_000, "lb"),       # goods priced in dollars: pounds are weight
    ("2.1 mln dlrs", 2_100_000, "USD"),
])
def test_reuters_style_parses(short_figures, text: str, value: float, unit: str) -> None:
    _, figures = short_figures
    _, got_value, value_high, got_unit, qualifier, _, _ = figures[("reuters.txt", text)]
    assert (got_value, got_unit, value_high, qualifier) == (pytest.approx(value), unit, None, "exact")


def test_a_year_after_from_is_not_a_figure(short_figures) -> None:
    _, figures = short_figures
    assert not [text for source, text in figures if source == "reuters.txt" and "1985" in text]


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("between 5 and 7 percent", 5, 7, "percent"),
    ("5-7 pct", 5, 7, "percent"),
    ("20 mln to 25 mln bushels", 20_000_000, 25_000_000, "bu"),
])
def test_a_range_is_one_figure_with_both_ends(short_figures, text: str, low: float, high: float, unit: str) -> None:
    _, figures = short_figures
    _, value, value_high, got_unit, qualifier, _, _ = figures[("ranges.txt", text)]
    assert (value, value_high, got_unit, qualifier) == (low, high, unit, "range")


def test_a_change_from_one_value_to_another_is_two_figures(short_figures) -> None:
    _, figures = short_figures
    assert ("ranges.txt", "5 to 7 pct") not in figures
    assert figures[("ranges.txt", "7 pct")][:4] == (None, 7, None, "percent")
    # "versus 12 and 13 pct respectively": 12 is a percentage too
    assert figures[("ranges.txt", "12")][1:4] == (12, None, "percent")


def test_metric_needs_the_keywords_and_the_entities(short_figures) -> None:
    _, figures = short_figures
    assert figures[("trade.txt", "$ 140 billion")][:4] == ("trade_volume", 140_000_000_000, None, "USD")
    assert figures[("trade.txt", "100,000")][0] == "troop_count"
    assert figures[("trade.txt", "36")][0] == "meeting_count"  # Xi Jinping and Vladimir Putin named
    assert figures[("trade.txt", "12")][0] is None               # "They": no parties named


def test_periods_resolve_against_the_article_date(short_figures) -> None:
    _, figures = short_figures
    assert figures[("trade.txt", "$ 140 billion")][-2:] == ("2020-01-01", "2020-12-31")  # last year
    assert figures[("trade.txt", "36")][-2:] == ("2013-01-01", "2021-12-14")             # since 2013
    assert figures[("trade.txt", "12")][-2:] == ("2019-01-01", "2019-12-31")             # in 2019


def test_ordinals_names_and_references_are_not_figures_but_a_counted_visit_is(short_figures) -> None:
    _, figures = short_figures
    texts = {text for source, text in figures if source == "not_figures.txt"}
    assert texts == {"eighth"}
    assert figures[("not_figures.txt", "eighth")][:4] == ("visit_count", 8, None, "count")


def test_figure_entity_gives_the_subjects(short_figures) -> None:
    db, _ = short_figures
    rows = query(db, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = 'trade.txt'
        order by f.figure_text, e.name""")
    by_figure: dict[str, set] = {}
    for text, name, role in rows:
        by_figure.setdefault(text, set()).add((name, role))
    # trade between China and Russia: both are subjects
    assert by_figure["$ 140 billion"] == {("China", "subject"), ("Russia", "subject")}
    # the country that deployed the troops is the subject; the one at the border is related
    assert by_figure["100,000"] == {("Russia", "subject"), ("Ukraine", "related")}
    assert {("Xi Jinping", "subject"), ("Vladimir Putin", "subject")} <= by_figure["36"]
    # "They have met 12 times": its sentence names no one; the sentence before gives the context
    assert by_figure["12"] == {("Xi Jinping", "context"), ("Vladimir Putin", "context")}


def test_figure_entity_is_published_and_consistent(short_figures) -> None:
    db, _ = short_figures
    [(kind,)] = query(db, "select table_type from information_schema.tables where table_name = 'figure_entity'")
    assert kind == "VIEW"  # over published Parquet parts, like figure
    [(orphans,)] = query(db, """
        select count(*) from figure_entity fe
        left join figure f using (figure_id) left join entity e using (entity_id)
        where f.figure_id is null or e.entity_id is null or f.article_id <> fe.article_id""")
    assert orphans == 0

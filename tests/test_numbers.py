"""The rule-based number finder, and how its spans merge with the model's."""
import pytest

from loader.annotate.numbers import NumberFinder, merge
from loader.config import REPO_ROOT

SEEDS = REPO_ROOT / "dbt_project" / "seeds"
FINDER = NumberFinder(SEEDS)
NUMBER_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


@pytest.mark.parametrize(("text", "expected"), [
    ("about 3 billion pounds of trade", [("about 3 billion pounds", "MONEY")]),
    ("profit of 15.5 mln dlrs", [("15.5 mln dlrs", "MONEY")]),
    ("up 3.2 pct from 1985", [("3.2 pct", "PERCENT")]),
    ("1.5 billion stg", [("1.5 billion stg", "MONEY")]),
    ("200,000 tonnes of wheat", [("200,000 tonnes", "QUANTITY")]),
    ("reached $ 115.6 billion", [("$ 115.6 billion", "MONEY")]),
    ("10 billion cubic meters of gas", [("10 billion cubic meters", "QUANTITY")]),
    ("Around 21 world leaders", [("Around 21", "CARDINAL")]),
    ("some 5 mln dlrs", [("some 5 mln dlrs", "MONEY")]),
    ("since 2013, 36 times, 2,000 men", []),  # bare numbers are the model's business
])
def test_finder(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start:s.end], s.label) for s in FINDER.find(text)] == expected


def test_merge_widens_a_model_number_but_never_eats_a_date_or_name() -> None:
    text = "In 1987 it sold 3 billion pounds and 5 pct."
    model = [(3, 7, "DATE"), (16, 25, "CARDINAL")]  # "1987", "3 billion"
    merged = merge(model, FINDER.find(text), NUMBER_LABELS)
    assert [(text[s:e], label) for s, e, label in merged] == [("3 billion pounds", "MONEY"), ("5 pct", "PERCENT")]
    dated = [(16, 32, "DATE")]
    assert merge(dated, FINDER.find(text), NUMBER_LABELS) == [(37, 42, "PERCENT")]


def test_merge_takes_a_place_in_a_currency_and_a_false_date_before_a_unit() -> None:
    text = "Deposits were 17.18 billion N.Z. Dlrs, growth between 5 and 7 percent."
    nz = text.index("N.Z.")
    between = text.index("between")
    model = [(14, 27, "CARDINAL"), (nz, nz + 4, "GPE"), (between, between + 9, "DATE"),
             (text.index("7 percent"), text.index("7 percent") + 9, "PERCENT")]
    merged = merge(model, FINDER.find(text), NUMBER_LABELS)
    assert [(text[s:e], label) for s, e, label in merged] == [
        ("17.18 billion N.Z. Dlrs", "MONEY"), ("between 5 and 7 percent", "PERCENT")]


@pytest.mark.parametrize(("text", "expected"), [
    ("rose 5-7 pct", [("5-7 pct", "PERCENT")]),
    ("ranged from 20 mln to 25 mln bushels", [("20 mln to 25 mln bushels", "QUANTITY")]),
    ("rose from 5 to 7 pct", [("7 pct", "PERCENT")]),                   # a change, not a range
    ("rose 356 mln dlrs to 66.19 billion dlrs", [("356 mln dlrs", "MONEY"), ("66.19 billion dlrs", "MONEY")]),
    ("up nine pct", [("nine pct", "PERCENT")]),
    ("a 3-inch screen and 10 1/2 miles of cable", [("3-inch", "QUANTITY"), ("10 1/2 miles", "QUANTITY")]),
    ("1.15 billion cubic\nmetres", [("1.15 billion cubic\nmetres", "QUANTITY")]),
    ("to hk $ 10.05 billion", [("hk $ 10.05 billion", "MONEY")]),
    ("April 1-15", []),
])
def test_finder_ranges_words_and_glued_units(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start:s.end], s.label) for s in FINDER.find(text)] == expected


# ------------------------------------------------------------ the one figure grammar (loader/annotate/amounts.py)

def _read(text: str, label: str = "MONEY"):
    from loader.annotate.amounts import AmountReader
    from loader.annotate.grammar import Grammar

    reader = AmountReader(Grammar(SEEDS))
    span = FINDER.find(text)[0]
    return reader.read(text, span.start, span.end, label)


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("It made $434m last year", 434_000_000, "USD", "exact"),
    ("worth about £1.2bn", 1_200_000_000, "GBP", "approx"),
    ("shares closed at 325.5p", 3.255, "GBP", "exact"),
    ("Shr profit five cts", 0.05, "USD", "exact"),
    ("a deficit of 336.5 billion escudos", 336_500_000_000, "PTE", "exact"),
    ("up to 50 centimes", 0.5, "FRF", "at_most"),
])
def test_amounts_are_read_fully_scaled_in_their_major_unit(text: str, value: float, unit: str, qualifier: str) -> None:
    amount = _read(text)
    assert (amount.value, amount.unit, amount.qualifier) == (pytest.approx(value), unit, qualifier)


def test_a_seed_edit_changes_the_grammar_digest(tmp_path) -> None:
    import shutil

    from loader.annotate.grammar import Grammar

    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    before = Grammar(copy).digest
    with (copy / "units.csv").open("a", encoding="utf-8") as fh:
        fh.write('"\\bquatloos?\\b",XQT,1,currency,,\n')
    assert Grammar(copy).digest != before  # the annotator's version changes: articles are annotated again


# ------------------------------------------------------------ what is a figure, on given number spans

def _figures(text: str, spans: list[tuple[str, str]]) -> dict[str, tuple]:
    """The figures read from `text` given the number spans a model would tag (substring, label):
    figure text -> (value, unit)."""
    from loader.annotate.amounts import AmountReader
    from loader.annotate.figures import read_figures
    from loader.annotate.grammar import Grammar

    grammar = Grammar(SEEDS)
    model, pos = [], 0
    for part, label in spans:
        start = text.index(part, pos)
        model.append((start, start + len(part), label))
        pos = start + len(part)
    merged = merge(model, FINDER.find(text), NUMBER_LABELS, text)
    starts = [0] + [m.end() for m in __import__("re").finditer(r"(?<=[.!?])\s+(?=[A-Z])|\n\n", text)]
    figures = read_figures(grammar, AmountReader(grammar), text, starts, merged, [], None)
    return {text[f.start:f.end]: (f.value, f.unit) for f in figures}


@pytest.mark.parametrize(("text", "spans"), [
    ("Bids were accepted for the period March 9 to 20 at 5.3 pct.", [("9 to 20", "CARDINAL")]),  # days of a month
    ("It attracted 90% of 18 to 24-year-old males.", [("18 to", "CARDINAL")]),              # an age range
    ("Konami's game dropped only one place to two.", [("two", "CARDINAL")]),               # a chart position
    ("Ocean's 12 fell to number two.", [("12", "CARDINAL")]),                               # a number in a title
    ("It starred in Assault on Precinct 13.", [("13", "CARDINAL")]),
    ("The film Fahrenheit 9/11 won the best documentary award.", []),                       # no Korean won
    ("Borussia Dortmund was beaten 5-0 by Bayern Munich.", [("5", "CARDINAL")]),            # a score
    ("The bonds have average lives of 20.5 or 14.5 years.", [("20.5", "CARDINAL")]),        # a duration
    ("The issue was oversubscribed 16.2 times.", [("16.2", "CARDINAL")]),                    # a multiplier
    ("It bought 38 mln stg in band two.", [("two", "CARDINAL")]),                          # a label
    ("It was shown on Channel 4 and under Article 50.", [("4", "CARDINAL"), ("50", "CARDINAL")]),
    ("The conductor has died in Germany at 50.", [("50", "CARDINAL")]),                      # an age
    ("I can think of no-one more relevant.", [("no-one", "CARDINAL")]),                      # nobody
    ("A fight broke out at about 0200 local time.", [("about 0200", "CARDINAL")]),           # a clock time
    ("Estelle came in at 39 in the chart.", [("39", "CARDINAL")]),                           # a chart entry
])
def test_numbers_that_are_no_amounts_are_no_figures(text: str, spans: list[tuple[str, str]]) -> None:
    assert not {t: v for t, v in _figures(text, spans).items() if v[1] == "count" or "won" in t}


def test_counts_near_those_rules_stay_figures() -> None:
    figures = _figures("Sony's 40 staff left. Jet has 42 aircraft. Sales rose 5 pct to 24 stores in March.",
                       [("40", "CARDINAL"), ("42", "CARDINAL"), ("24", "CARDINAL")])
    assert figures["40"] == (40, "count") and figures["42"] == (42, "count") and figures["24"] == (24, "count")


def test_units_the_reader_carries_over_a_bracket_a_relative_word_and_a_sentence() -> None:
    figures = _figures("Exports totalled roughly 800 mln Canadian dlrs while imports reached about 700 mln dlrs. "
                       "Its profit was three mln U.S. dlrs.", [])
    assert figures["about 700 mln dlrs"][1] == "CAD"           # the other dollar of its sentence
    assert figures["three mln U.S. dlrs"][1] == "USD"
    text = ("The pretax losses were 23.9 mln dlrs and 102.3 mln which included a writedown. "
            "Reserves fell by 1.24 billion dlrs to 12.60 billion after falling in January.")
    figures = _figures(text, [("102.3", "CARDINAL"), ("12.60 billion", "CARDINAL")])
    assert figures["102.3 mln"] == (pytest.approx(102_300_000), "USD")
    assert figures["12.60 billion"] == (pytest.approx(12_600_000_000), "USD")


def test_nil_a_bracket_and_a_false_date_in_a_results_table() -> None:
    text = "Shr loss 34 cts vs loss nil\n\nShr 138.9 cts vs 97.4 (adjusted)\n\nLosses of nil vs 16.1 mln dlrs."
    figures = _figures(text, [("97.4", "DATE")])
    assert figures["nil"] == (0, "USD")
    assert figures["97.4"] == (pytest.approx(0.974), "USD")   # "vs 97.4" is no date
    assert len([t for t in figures if t == "nil"]) == 1 and text.count("nil") == 2


def test_basis_points_and_a_percentage_after_a_false_date() -> None:
    text = "The notes yield 120 basis points over Treasuries. It cut GM's stake in half to 10%."
    figures = _figures(text, [("120", "CARDINAL"), ("half to 10", "DATE")])
    assert figures["120 basis points"] == (pytest.approx(1.2), "percent")
    assert figures["10%"] == (10, "percent")


def test_sixteenths_a_grade_and_index_levels() -> None:
    figures = _figures("It bought bills at 9-13/16 pct. The rating went to DP-10 from DP-9. The Dow fell 50 points. "
                       "The confidence index fell to 95.5 in February from 97.5 in January. Jet has 42 aircraft.",
                       [("DP-10", "CARDINAL"), ("95.5", "CARDINAL"), ("97.5", "CARDINAL"), ("42", "CARDINAL")])
    assert figures["9-13/16 pct"] == (pytest.approx(9.8125), "percent")
    assert "DP-10" not in figures
    assert figures["50 points"] == (50, "points")
    assert figures["95.5"] == (95.5, "points") and figures["97.5"] == (97.5, "points")   # an index level is in points
    assert figures["42"] == (42, "count")


def test_an_index_list_and_the_shilling() -> None:
    figures = _figures("The wholesale price index, base 1980, was 136.5 in February, 136.3 in January and 139.2 a year "
                       "earlier. The average family size was 2.5. Kenya had a two billion shilling surplus.",
                       [("136.5", "CARDINAL"), ("136.3", "CARDINAL"), ("139.2", "CARDINAL"), ("2.5", "CARDINAL")])
    assert [figures[t][1] for t in ("136.5", "136.3", "139.2")] == ["points"] * 3
    assert figures["2.5"] == (2.5, "count")
    assert figures["two billion shilling"] == (2_000_000_000, "KES")


def test_an_amount_in_pence_is_no_date() -> None:
    text = "Cairn's shares closed at 1130p on Thursday. Shares fell 12p to 1985p. It rose in 1985 to 12 dlrs."
    figures = _figures(text, [("1130p", "DATE"), ("12p to 1985p", "DATE"), ("1985", "DATE")])
    assert figures["1130p"] == (pytest.approx(11.3), "GBP")
    assert figures["12p"] == (pytest.approx(0.12), "GBP") and figures["1985p"] == (pytest.approx(19.85), "GBP")
    assert "1985" not in figures


def test_malaysian_dollars_and_an_index_level_after_its_points() -> None:
    figures = _figures("The ringgit will stay at between 2.60 and 2.70 Malaysian dlrs. The ISEQ index of leading "
                       "shares closed up 23 points to 6661.89 on Thursday.", [("6661.89", "CARDINAL")])
    assert figures["between 2.60 and 2.70 Malaysian dlrs"] == (2.6, "MYR")
    assert figures["6661.89"] == (6661.89, "points")


def test_a_change_by_one_amount_to_another_and_a_span_ending_on_its_connector() -> None:
    figures = _figures("It helped boost net income by 400m euros to 2.5bn euros. Prices rose by 20 mln to 25 mln dlrs.",
                       [("20 mln to", "MONEY")])
    assert figures["400m euros"] == (400_000_000, "EUR") and figures["2.5bn euros"] == (2_500_000_000, "EUR")
    assert figures["20 mln"] == (20_000_000, "USD")

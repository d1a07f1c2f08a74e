"""Figures on short texts: Reuters units, ranges, units the reader infers, metrics from
keywords and entities, periods, and the entities a figure is about (figure_entity)."""
from pathlib import Path

import pytest

from tests.conftest import build_warehouse, query

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
    db = build_warehouse(tmp_path_factory.mktemp("figures"), SHORT)
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


# ------------------------------------------------------------ how newsrooms write figures (issue #14)

NEWSROOMS = {
    # an agency results table, one row a paragraph, and its note: the note's amounts are the table's money
    "table_note.txt": (
        " date 1987-03-05 Acme Corp 4th qtr loss\n\n"
        "Shr loss 1.28 dlrs vs loss 59 cts\n\n"
        "Net loss 46.0 mln vs loss 21.1 mln\n\n"
        "Revs 63.9 mln vs 77.8 mln\n\n"
        "NOTE: for the qtr and yr 1986, loss reflects pretax loss of 45.0 mln and 55.5 mln, and a tax "
        "gain of 940,000 and 3,094,000.\n"
    ),
    # a BBC-style story: no date, glued scales, symbols and pence
    "bbc.txt": (
        "Nortel cuts its profit\n\n"
        "Nortel said it had made $434m (£231m), compared to the previously reported $732m. "
        "Shares in the firm fell 5% to 325.5p. The duty rose by 7p on 20 cigarettes. "
        "About 1m people ran the 100m race.\n"
    ),
    # a Reuters results table: row labels give the bare numbers their unit and metric
    "table.txt": (
        " date 1987-04-13 ACME CORP 1ST QTR NET\n\n"
        "Qtr to March 31\n"
        "Shr profit five cts vs loss 12 cts\n"
        "Revs 535.0 mln vs 496.7 mln\n"
        "Net 33,085,000 vs 29,000,000\n"
    ),
    # Reuters prose: named currencies, qualifier words, comparisons, relative and future periods
    "prose.txt": (
        " date 1987-04-13 Results\n\n"
        "The Swiss group earned 41 billion francs in 1986. Portugal's budget deficit was 336.5 billion escudos. "
        "Consumer prices have risen only 0.8 pct this year. "
        "The company earned 129.1 mln dlrs for the third quarter, up from 105.8 mln a year earlier. "
        "Its sales were 20 mln dlrs in the fourth quarter. "
        "Its sales are expected to reach 30 mln dlrs in the fourth quarter. "
        "Its sales fell to 5 mln dlrs for the first quarter last year.\n"
    ),
    # metrics only where their keyword governs the figure
    "markets.txt": (
        " date 2005-01-20 Markets\n\n"
        "EBay stock fell to $92.9 in after-hours trade. "
        "That pushed the dollar as low as 144.75 yen. "
        "India's mobile market is likely to grow by about 40%. "
        "China's exports rose 5% to $10bn, and Japan ran a $2bn trade deficit.\n"
    ),
    # who says a number is its source, not its subject
    "source.txt": (
        " date 1987-04-13 Italian trade\n\n"
        "ROME, April 13 - Italy's trade picture improved last month.\n\n"
        "The national statistics institute Istat said exports totalled 23,190 billion lire in 1986.\n"
    ),
    # a results table under a title ending on a stated day, a span heading, and notes
    "results.txt": (
        " date 1987-03-18 CROWN AUTO INC 4TH QTR DEC 27 LOSS\n\n"
        "Shr loss 14 cts vs loss 31 cts\n"
        "Revs 10,019,828 vs 9,021,835\n"
        "Year\n"
        'Shr "A" 16 cts vs 10 cts\n'
        "Revs 36.8 mln vs 36.1 mln\n"
        "Note - Net excludes gains of 1.38 mln dlrs vs 59.1 mln.\n"
    ),
    # comparisons and lists keep their metric; days, rates and ratios
    "sides.txt": (
        " date 1987-03-25 Sales\n\n"
        "Circuit City Stores Inc said sales for February were up 33 pct to 67.4 mln dlrs from 50.5 mln dlrs "
        "a year before. Unadjusted annual inflation in January was running at 4.4 pct in Italy, 3.9 pct in "
        "Britain and Canada. TMOC shares today closed five cents up at 4.15 dlrs. Its 88 pct owned unit sold its "
        "stores. Sugar received rebates of a maximum 45.678 European Currency Units per 100 kilos last week. "
        "It made a two-for-one bonus issue. Books close April 16 to 24.\n"
    ),
    # a results story's notes name their spans ("in quarter", "in nine mths"); the vs side a year earlier
    "fednotes.txt": (
        " date 1987-03-18 ACME EXPRESS CORP 3RD QTR FEB 28 NET\n\n"
        "Oper net 35.9 mln vs 42.4 mln\n"
        "Avg shrs 52.0 mln vs 50.9 mln\n"
        "Nine mths\n"
        "Oper net 123.3 mln vs 135.6 mln\n"
        "NOTE: Net excludes losses of nil vs 16.1 mln dlrs in quarter and 227.5 mln dlrs vs 42.7 mln "
        "dlrs in nine mths.\n"
    ),
    # an undated story: a named year after the figure, and the first side of a comparison with a year
    "brewers.txt": (
        "Brewers report\n\n"
        "Total revenue for the year was 10bn euros, up 8.1% from 9.26bn euros in 2003. "
        "Heineken plans to invest 100m euros in marketing in Europe and the US in 2005. "
        "Heineken saw its profits drop 33% and warned that earnings in 2005 may also slide. "
        "Carlsberg's net income fell to 537m euros ($701m; £371m) in 2004. "
        "The dollar had lost 7% against the euro in the final three months of 2004.\n"
    ),
    # a figure whose sentence names nobody does not measure who the sentence before names
    "charged.txt": (
        " date 2005-01-20 Hunt\n\n"
        "Otis Ferry and Luke Tomlinson were charged by police in London. "
        "Five of the eight men held a news conference.\n"
    ),
    # a note naming two spans for pairs of figures ("for the qtr and yr 1986, ... A and B")
    "pairs.txt": (
        " date 1987-03-18 ACME INC 4TH QTR LOSS\n\n"
        "Oper net loss 46.0 mln vs loss 21.1 mln\n"
        "12 mths\n"
        "Oper net loss 59.3 mln vs loss 75.0 mln\n"
        "NOTE: for the qtr and yr 1986, loss reflects pretax loss of 45.0 mln and 55.5 mln. For the qtr "
        "and yr 1985, loss consisted of a pretax loss of 23.9 mln and 102.3 mln. year current and prior "
        "excludes loss 1,543,000, and 2,859,000, respectively.\n"
    ),
    # a stated day is the period of what was bought on it
    "bought.txt": (
        " date 1987-03-16 Stake\n\n"
        "The group bought one mln shares from Bear, Stearns and Co Inc on March 9 at 41 dlrs a share. "
        "It sold 20,000 shares on December 30 at 38 dlrs.\n"
    ),
    # last month, the month before it, yesterday; "last month" before the figure dates an event
    "monthly.txt": (
        " date 1987-03-06 Money\n\n"
        "M-1 rose 5 mln dlrs last month, up from 3 mln dlrs the previous month. "
        "Brazil last month suspended payments on its 68 billion dlrs debt. "
        "Reserves fell 7 mln dlrs yesterday. Gold reserves stood at 20 billion dlrs at the end of February. "
        "M-1 fell 2 billion dlrs in the week ended March 2. The company had 82.6 mln shares at year-end 1986.\n"
    ),
    # "last month" right after a change verb dates the change; a month's level at an annualised rate
    "starts.txt": (
        " date 1987-03-17 Housing starts\n\n"
        "Housing starts rose 2.6 pct in February to a seasonally adjusted annual rate of 1.851 mln units. "
        "Single-family starts fell last month by 5.6 pct to 1.317 mln units. "
        "Annual inflation in January was 4.6 pct.\n"
    ),
    # a results note naming its span by the year it ends in; a gain's per-share amount is no EPS
    "note_years.txt": (
        " date 1987-03-16 ACME HOMES CORP <ACH> 3RD QTR FEB 28\n\n"
        "Shr 13 cts vs seven cts\n\n"
        "Net 1,487,000 vs 778,000\n\n"
        "Nine mths\n\n"
        "Shr 66 cts vs 55 cts\n\n"
        "NOTE: 1987 quarter net includes a gain on sale of land of 406,000 dlrs, or four cts a share\n\n"
        "1986 nine months earnings include a gain from a lawsuit of 377,000 dlrs, or three cts a share\n"
    ),
    # a quarter without a year: the one under way on the article date, else the latest ended
    "under_way.txt": (
        " date 1987-03-20 Acme sale\n\n"
        "The sale will result in a first quarter gain for Acme of about 1.2 mln dlrs. "
        "Acme earned 4.1 mln dlrs in the fourth quarter. Its second quarter profit was 2.2 mln dlrs.\n"
    ),
    # two parallel lists compared pair their figures in order
    "parallel.txt": (
        " date 1987-03-05 Acme annual report\n\n"
        "In 1986, Acme earned 219.2 mln dlrs, or 2.30 dlrs a share, on revenues of 4.55 billion dlrs compared "
        "with income of 142 mln dlrs or 1.46 dlrs on sales of 4.21 billion dlrs in 1985. "
        "Acme has 900 mln dlrs in cash and 12 plants, against 700 mln dlrs and 9 plants.\n"
    ),
    # "a year earlier" joined by "and" to a comparison's other side counts back from its first side; the
    # level a change "from a year ago" reached is the change's period, and its keyword still governs it
    "surplus.txt": (
        " date 1987-03-12 Trade\n\n"
        "The trade surplus rose to 8.14 billion dlrs in February from 5.7 billion in January and 4.9 billion a "
        "year earlier. Exports rose 3.2 pct in February from a year ago to 17.4 billion dlrs.\n"
    ),
    # "in the year-ago quarter" is a year back, not "in the year"; an annualised growth rate is no interest
    # rate; sales "expected to reach" a level are revenue
    "year_ago.txt": (
        " date 1987-04-08 Acme results\n\n"
        "Its third quarter profit was 2.1 mln dlrs, against 1.8 mln dlrs in the year-ago quarter. "
        "GNP grew at a 1.1 pct annual rate in the fourth quarter, down from 2.8 pct in the third quarter. "
        "Acme sales are expected to reach 500 mln dlrs.\n"
    ),
    # money set aside for acquisitions is no deal's value; a price paid is
    "war_chest.txt": (
        " date 1987-03-20 Acme war chest\n\n"
        "Acme Corp has nearly two billion dlrs available for acquisitions, its chairman said. "
        "Beta Corp agreed to buy Gamma Inc for 150 mln dlrs.\n"
    ),
    # a company's results in a sentence that names nobody are the article's company's
    "unilever.txt": (
        " date 2005-02-10 Unilever sales\n\n"
        "Unilever Plc said wet weather hit its ice cream sales. Unilever Plc expects a better year. "
        "Rival Nestle SA cut 2,000 jobs. Revenue dipped 1.4% to 40bn euros in 2004.\n"
    ),
    # a result's change in percent, with no metric and no figure before it, is the article's company's
    "results_change.txt": (
        " date 2005-02-10 Heinz sales\n\n"
        "Heinz Corp said wet weather hit its soup business. Heinz Corp expects a better year. "
        "Revenue dipped 1.4% in 2004.\n"
    ),
    # "the government said", "across the country": the article's country, named in another sentence
    "the_country.txt": (
        " date 2005-01-20 Land reform\n\n"
        "Venezuela wants to seize idle land. Last month, the government said it had identified more than 500 "
        "idle farms. A total of 30 projects have been halted across the country.\n"
    ),
    # who a report comes from gives other people's figures, not its own
    "report_from.txt": (
        " date 2005-01-20 Crops\n\n"
        "Kenya produced 14 million tonnes of crops in 2004. In 2003, crop production totalled 11 million "
        "tonnes, the joint report from the Food and Agriculture Organisation and the World Food Programme said.\n"
    ),
    # who compiled or sponsored a survey is its source, not what its counts measure
    "sponsored.txt": (
        " date 2005-01-20 Reserves\n\n"
        "Sponsored by Barclays Bank, the survey found 39 nations out of 65 were buying euros.\n"
    ),
    # a benchmark crude's price measures no one
    "benchmark_crude.txt": (
        " date 2005-01-20 Oil\n\n"
        "Oil prices jumped on Tuesday. Brent crude also rose in London trading, adding $1.89 to $48.62 at the "
        "close.\n"
    ),
    # stakes measure what is held, deals the other party, and a company forecasting its own growth
    "stakes.txt": (
        " date 2005-01-20 Holdings\n\n"
        "Standard Life, which owns a 1% stake in Deutsche Boerse, may seek a vote. "
        "Deutsche Boerse made a £1.35bn offer for the London Stock Exchange. "
        "Nestle forecasts earnings growth of about 5% in 2005.\n"
    ),
    # who the figure measures: a name after "said" that a verb follows, a list of places, a holder "in" what
    # it holds, what a price buys, a trade partner without a trade metric, a country naming a currency
    "reported.txt": (
        " date 2005-03-01 Audit\n\n"
        "Sir John Bourn said Defra had paid 97% of the invoices. "
        "Annual inflation was running at 4.4 pct in Italy, 3.9 pct in Canada, minus 0.8 pct in Japan. "
        "Standard Life, a 3% shareholder in Deutsche Boerse, may seek a vote. "
        "Earlier this month, SBC Communications agreed to buy its former parent AT&T for about $16bn. "
        "The weakening US dollar would knock 125m euros off the profits of Heineken. "
        "The deficit with China, up 30.5% at $162bn, was the largest ever recorded by the United States. "
        "The United States said its exports rose. "
        "Santos Ltd, which is 15 pct owned by Elders Resources Ltd, rose 2 pct.\n"
    ),
    # the nearest name before the figure, not a comparison's, a company's home or what a price buys
    "nearest.txt": (
        " date 2005-03-01 Brewers\n\n"
        "Since the attacks in the United States, British Airways has cut 13,000 jobs. "
        "Carlsberg is more optimistic than Heineken, projecting a 15% rise in profits. "
        "Avalon Corp of the U.S. has a 17 pct stake in Santos Ltd.\n"
    ),
    # a count of a company's shares measures that company beside its holder
    "shares.txt": (
        " date 1987-03-01 Stakes\n\n"
        "Ronald Perelman had acquired nearly 3.7 mln CPC shares last year. "
        "OII Holdings Corp said it purchased about 58.3 mln shares or 96 pct of Owens-Illinois Inc stock. "
        "Salomon Brothers bought the block from Carl Icahn, who had acquired 2.1 mln Acme Corp shares, "
        "or 5.2 pct of the company, last year.\n"
    ),
    # a results story that names its company only in the agency headline ("NAME <TICKER>"), with a
    # note on where the year-ago period ended
    "headline.txt": (
        " date 1987-03-18 ACME WIDGETS INC <ACWI> 4TH QTR DEC 27 LOSS\n\n"
        "Shr loss 14 cts vs loss 31 cts\n"
        "Net loss 144,522 vs loss 334,890\n"
        "Year\n"
        "Net loss 170,177 vs profit 105,090\n"
        "NOTE: 1985 period ended December 28\n"
    ),
    # a national statistic in a story whose body names no country: the headline names it
    "headline_country.txt": (
        " date 1987-06-30 JAPAN HOUSING STARTS RISE IN MAY\n\n"
        "Housing starts rose 4.2 pct in May from April to an annual rate of 1.35 mln units, the ministry said.\n\n"
        "Acme Builders said its profit rose 12 pct in the year.\n"
    ),
    # a national statistic named by its keyword, in a story whose body names its country elsewhere
    "loan_rate.txt": (
        " date 1987-03-23 SOYBEAN LOAN RATE SHOULD STAY SAME\n\n"
        "Farm exports from Japan fell last year, officials said.\n\n"
        "Under the plan of Mr Tanaka, the 1987 soybean loan rate would stay at 4.56 dlrs per bushel.\n\n"
        "Mr Tanaka put the loan rate for 1988 at 4.77 dlrs.\n"
    ),
    # the body gives the headline's company its full name; a headline verb is no name
    "fullname.txt": (
        " date 1987-03-19 WESTERN GADGETS <WGAD> 4TH QTR NET\n\n"
        "Oper shr 31 cts vs 34 cts\n"
        "Revs 13.1 mln vs 9,478,000\n"
        "Note: Full name is Western Gadgets Inc.\n"
    ),
    "downgrade.txt": (
        " date 1987-03-19 MOODY'S MAY DOWNGRADE ACME <ACM>\n\n"
        "The rating covers 250 mln dlrs of debt.\n"
    ),
    # a market's or a building's place is not what a figure measures
    "places.txt": (
        " date 2005-01-20 Builders\n\n"
        "Shares in Laing Construction, which is building the new Wembley stadium, fell 19%. "
        "Later, Carnival said its shares in London were down 3%.\n"
    ),
    # a trade figure with a partner measures both countries
    "partner.txt": (
        " date 1987-03-20 Korean trade\n\n"
        "South Korea's exports rose in February, South Korea's trade ministry said. "
        "The trade deficit with Japan widened to 400 mln dlrs.\n"
    ),
    # a nationality qualifying what a country has is that country
    "nations.txt": (
        " date 2005-01-20 Cars\n\n"
        "Toyota Motor estimates that the Indian market will grow 15% this year. India has few cars.\n"
    ),
    # an undated story whose headline and sentences the model may run together: a year named in one
    # sentence is not the period of the next; a country describing a company is not its subject
    "runon.txt": (
        "Results\n\nAd firm profits surge 15%\n\n"
        "The UK firm said it will outperform the market in 2005.\n\n"
        "Pre-tax profits rose to £546m, ahead of forecasts of £532m. Revenues were £4.3bn while its margins "
        "could reach 14.8% by 2006. A shareholder in US phone firm Verizon Wireless Corp sued to halt a $6.75bn buyout.\n"
    ),
    # fiscal years and quarters named with "fiscal", a month's level
    "fiscal.txt": (
        " date 1987-03-20 Bank profit\n\n"
        "Profit will rise this year from the three mln dlrs reported for fiscal 1986 ended September 30. "
        "It had net income of 4,572,000 dlrs for its first quarter fiscal 1986, on revenues of 35.0 mln. "
        "The January level of retail energy prices was still 11.6 pct lower than a year earlier.\n"
    ),
    # an undated story: a year the sentence is about
    "bmw.txt": "BMW results\n\n2004 was generally a good year for BMW, which saw revenues rise 11%.\n",
    # British newsrooms (fig5): day-first spans, "for the quarter", a month with its year, a span of
    # months, and a year that dates an event of the sentence, not its figure (no date: BBC-style)
    "british_periods.txt": (
        "Grocer results\n\n"
        "For the three months to 31 December 2004, Tesco made a pre-tax profit of £75m, compared with "
        "£125m a year earlier. Turnover for the quarter was up 4% to £1.9bn. Sales in December 2004 rose 3%. "
        "The outbreak, which began in 2001, led to the loss of 6,000 jobs. "
        "Profits in the October-December quarter of 2004 were £50m.\n"
    ),
    # a month before what it measures, a year to the end of a month, next year, a year before "net"
    "agency_periods.txt": (
        " date 1987-03-20 Trade\n\n"
        "January exports rose 5 pct. Sales in the year to end-February 1987 were 40 mln dlrs. "
        "Output will rise 3 pct next year. Its 1986 net income was 9 mln dlrs. "
        "Reserves were 12 billion dlrs as of March 1.\n"
    ),
    # a period phrase between the keyword and its figure says when, not what
    "weekly_sales.txt": (
        " date 1987-03-05 Store sales\n\n"
        "Acme Stores Inc said sales for the four weeks ended February 28 were up 7.6 pct to 240.8 mln dlrs "
        "from 223.8 mln dlrs a year before. Revenues for its full fiscal year ended March One were up 12 pct "
        "to 1.01 billion dlrs.\n"
    ),
    # a commodity's move is its price; what a commodity earns or is held in is not
    "crude.txt": (
        "Oil markets\n\n"
        "A barrel of US light crude closed up $3.10 to $52.40 in New York on Monday. "
        "Brent crude also rose in London, adding $2.05 to $49.90 at the close. "
        "Oil company profits reached $40bn.\n"
    ),
    # an offer raised to a new amount is the deal's value; an offer raised per share is not
    "raised_bids.txt": (
        "Bids raised\n\n"
        "The miner is fighting an offer from Xstrata, which the firm raised to A$8.4bn last week. "
        "Rio Tinto raised its bid for Alcan to $38.1bn on Monday. Carlyle raised its offer to 530 pence a share.\n"
    ),
    # a commodity price's change in percent, and an economy's growth after a relative clause
    "metals.txt": (
        "Metals boom\n\n"
        "Demand was driven by China's booming economy, which expanded more than 9% in each of the past two "
        "years. Analysts had hoped for a 0.4% expansion in the fourth quarter in the region's biggest economy. "
        "Nickel prices rose 43% during the year, with copper up 36%. Copper output rose 5% and the miner "
        "expanded its workforce by 7%. Zinc output grew 4% backed by new mines.\n"
    ),
    # a currency's rate and move, also "the British pound" and "N euros per US dollar"
    "currencies.txt": (
        "Currency markets\n\n"
        "The euro was trading at 1.2950 euros per US dollar in Frankfurt. The British pound had gained 0.6% "
        "to pass the $1.88 mark, while the dollar had fallen by 1.1% against the yen.\n"
    ),
    # lists go on past a dotted name and past "at <date>"
    "price_lists.txt": (
        " date 1987-03-17 Inflation\n\n"
        "Annual inflation in January was 4.6 pct in Spain, 1.2 pct in the U.S., minus 0.6 pct in West Germany "
        "and minus 1.1 pct in Japan. Inflation fell to 18.5 pct compared with 22.4 pct at end-February 1986 "
        "and 20.9 pct for the year before.\n"
    ),
    # shares counted with the percentage they make, and a holding at the end of its clause
    "holdings.txt": (
        "Stakes\n\n"
        "Bell Holdings Inc said it had bought nearly 2.4 mln Vantage Corp shares, or 6.2 pct of the company. "
        "Northline Corp and Peterson Inc jointly hold 11 pct. "
        "Vantage Corp said it had not heard from its other big shareholder, Kestrel Holdings Inc, on the bid. "
        "The latter has a 9.5 pct stake in Vantage Corp. "
        "On Monday shares in Kestrel Holdings Inc rose 3%. The US firm is thought to be offering about $90m. "
        "However, the Duke of Cornwall did receive over £7m from government departments.\n"
    ),
    # growth of investment, forecast with "expected to grow" and "will decline"
    "capex.txt": (
        " date 1987-03-24 Capital spending\n\n"
        "Korean private investment in plant and equipment is expected to grow a real 2.3 pct in 1987. "
        "Manufacturing investment will decline six pct this year.\n"
    ),
    # levels of unemployment and employment, not the changes that reached them
    "labour_market.txt": (
        "Jobs market\n\n"
        "The number of people out of work fell 21,000 to 1.38 million in the quarter. "
        "The claimant total rose 6,000 to 842,100 last month. "
        "The number of people in work increased by 180,000 to 28.7 million.\n"
    ),
    # a change before the level it reached; an amount converted in brackets
    "converted.txt": (
        "Brewer results\n\n"
        "Acme Brewing said pre-tax profits rose 15% from a year ago to reach £546m ($1.04bn). "
        "Net income jumped to 3bn yuan in 2004 ($365m; £190m).\n"
    ),
    # the other side of a comparison keeps its first side's metric, also past "the rate ...", and
    # the list after it; "average earnings" are no stock index; "N workers axed" are job cuts
    "jobless.txt": (
        "Jobless total\n\n"
        "The UK's jobless rate rose to 4.7% from 4.6% in the previous quarter, though the rate remains one of "
        "the lowest in Europe, compared with 12.1% in Germany, 10.4% in Spain and 9.7% in France. "
        "Average earnings rose by 4.3%. Factories saw 104,000 workers axed. "
        "Average pay rose by 4.1%, the Office for National Statistics said. The top tax rate rose to 45%.\n"
    ),
    # subjects: a possessive country describing the company after it, ", with" starts a clause, a
    # place a sentence opens with, a speaker joined to the owner, an owner after "says"
    "steel.txt": (
        "Steel shares\n\n"
        "Japan's Nippon Steel lost 2.5% to 270 yen. In London, Corus fell 2.2% to 55.57 pence. "
        "Arcelor shed 2.1% to 17.58 euros, with ThyssenKrupp dropping 1.7% to 16.87 euros. "
        "Terry Leahy, Tesco's chief executive, said fuel costs rose by £106m. "
        "Mike Powell of Dresdner Kleinwort says Tesco's delivery revenues will reach £160m.\n"
    ),
    # a speaker's employer after "director at", and what "its figures" show is not the speaker's own
    "survey.txt": (
        " date 2005-01-20 Gamers\n\n"
        "Jane Pike, research director at Webco, said its figures suggested that 70% of young males played "
        "sports games, while puzzle games were played by 60% of females.\n"
    ),
    # the speaker's unit named after "its" is what the amounts measure
    "subsidiary.txt": (
        " date 1987-04-13 FIRST FIDELITY <FFID> SEES GAIN FROM SALE\n\n"
        "First Fidelity Bank Co said its 80 pct owned Harbor Loan Investors subsidiary has sold its Texas "
        "operations for about 3,100,000 dlrs in cash and 1,700,000 dlrs in stock.\n"
    ),
    # the headline's company is carried by the next figure of a note that names another company before it
    "carried.txt": (
        " date 1987-03-18 ZENO SYSTEMS INC <ZNO> 4TH QTR LOSS\n\n"
        "Net loss 4.1 mln vs loss 2.2 mln\n\n"
        "qtr 1985, excludes loss 1,250,000 for disposal of Brix Leasing Corp sold in July 1986.\n\n"
        "year current and prior excludes loss 1,640,000, and 2,310,000, respectively, for loss on disposal "
        "of its Vela Finance unit.\n"
    ),
    # official figures with nobody named as their owner are the article's country's
    "official.txt": (
        "Card fraud rises in Canada\n\n"
        "Card fraud rose again in Canada in December, official figures show. Nearly 40,000 shoppers reported a "
        "stolen card in the last three months of 2004. Figures show that only nine people per thousand use a "
        "chip card.\n"
    ),
    "unofficial.txt": "Shops close\n\nThe new mall opened in Canada. Nearly 300 shops closed last year.\n",
    # who owns what "its" measures, a company stating its own figure, and who is only told it
    "owners.txt": (
        " date 2005-01-20 Carmakers\n\n"
        "Hyundai Motor expects its sales in India to grow 16% to 250,000 in 2005. "
        "Profits rose 11% last year, Unilever said. Volvo shares fell 2%, an analyst told Reuters.\n"
    ),
    # a keyword governs only the figure next to it (no other figure between), and what is no metric at all
    "governed.txt": (
        " date 1987-06-10 Acme Corp results\n\n"
        "Acme earned 2.1 mln dlrs on sales of 18.4 mln dlrs, compared with earnings of 1.9 mln dlrs on "
        "sales of 16.4 mln dlrs a year earlier. Revenue dipped 1.4 pct to 86.7 mln dlrs in May. Acme shares "
        "closed five cents up at 4.15 dlrs. Its construction division reported profits of 3.5 mln dlrs. "
        "Beta Corp put an offer of 530 pence per Acme share on the table. The weak dollar would knock 12 mln "
        "dlrs off its operating profits. Net profits excluded extraordinary gains of 1.38 billion dlrs.\n"
    ),
    # a poll: whom the respondents hold a view of, a lead "by X to Y" (two figures), a duration
    "polls.txt": (
        "Poll\n\n"
        "In a new poll, 41% said Mr Howard was a strong leader and 35% disagreed. Some 28% thought "
        "Mr Kennedy had run a good campaign. Labour lead the Conservatives by 38% to 33%. Most voters expect "
        "a change within a year or two. The bill passed despite a rebellion by 21 Labour MPs. Police saw six "
        "Asian men. Some 19% of those polled for the Daily Mail said he should resign.\n"
    ),
    # the organisation a speaker speaks for, named with their role, is what their figure measures
    "speaks_for.txt": (
        "Airline outlook\n\n"
        "Ticket sales rose strongly in the spring. \"For the year to March, we expect a 3% to 3.5% improvement "
        "in revenue,\" Qantas chairman Peter Lowe said. \"Fuel costs will rise by 2%,\" a Lufthansa spokesman "
        "said. \"Sales will rise 5%,\" said Unilever chief executive Paul Polman.\n"
    ),
    # a region's national statistic is the region's, not the country the article names most
    "region.txt": (
        " date 1987-03-20 Regional growth\n\n"
        "The U.S. economy grew 2.5 pct last year, the U.S. Commerce Department said. The report said Latin "
        "America continued to recover, with Gross Domestic Product edging up to nearly four pct from 3.5 pct in "
        "1985. Imports to the U.S. rose.\n"
    ),
    # an owner whose possession is itself a name: the figure measures the possession
    "browser.txt": (
        "Browser war\n\n"
        "The proportion of surfers using Microsoft's Internet Explorer (IE) has dropped to below 90%. "
        "Microsoft's profits rose 8%.\n"
    ),
    # a model name is no count; an amount the tagger runs into a date ("246m the year before")
    "launch.txt": (
        "Results\n\n"
        "The PAL version of GT4 will be late. Acme Mining said it made net profits of A$1.3bn in 2004, up "
        "from A$246m the year before.\n"
    ),
    # keywords that are too broad when they govern nothing: a keyword governs only in its sense (issue #14)
    "broad_keywords.txt": (
        "Keywords\n\n"
        "Savers once faced 15% interest rates. Women hold less than 10% of the top posts in the police. "
        "The Ifo confidence index fell to 95.5. Japan's share in the deal is about $14m. Calls are growing at "
        "a rate of 20% a year. Imports were 6.0bn francs against exports of 5.4bn francs. White sugar received "
        "export rebates of 45.6 euros per 100 kilos. The US trade gap narrowed by 4.9% in December. Asset sales "
        "amounted to about $2bn. A sale in this price range would net between $1.5bn and $1.7bn. Quarterly "
        "profits at US media giant Acme Corp jumped 76% to $1.13bn. The firm will cut the wholesale prices of "
        "its broadband product by about 8%. The console will sell for £99 in the UK. Analysts say the unit "
        "could sell for up to £350m. Shareholders lost about $180bn when the company collapsed. The employment "
        "index fell to 48.3. The film cost $42m to make. Output across the euro zone is forecast to fall from "
        "1.9%. Retail sales rose to $6.2bn. Piracy runs at the rate of 40%.\n"
    ),
    # a fiscal year: a table under "2ND QTR" whose opening line states the day it ends, a quarter stated with
    # its end fixing the story's other quarters, a new clause, weeks to a day, a year before its quarter
    "fiscal_table.txt": (
        " date 1987-03-17 GENETIC LABS INC 2ND QTR LOSS\n\n"
        "Period ended Jan 31\n\nNet loss 89,255 vs loss 277,536\n\nSix mths\n\nSales 1,845,532 vs 1,754,076\n"
    ),
    "fiscal_prose.txt": (
        " date 1987-03-03 Royal Bank results\n\n"
        "The bank said profit for the first quarter ended January 31 fell to 114 mln dlrs from 140 mln dlrs. "
        "Earnings from domestic operations rose to 103 mln dlrs in the first quarter from 98 mln dlrs a year "
        "ago while earnings from international operations plunged to 11 mln dlrs from 42 mln dlrs last year. "
        "In the 1986 first quarter, Brunswick reported earnings of 23.8 mln dlrs. Acme reported sales of 424.8 "
        "mln dlrs for the four-week period ended Feb 28, 1987, up from 396.4 mln dlrs for the comparable "
        "period last year.\n"
    ),
    # a span "throughout" a year (BBC-style, no date)
    "throughout.txt": "Jobs report\n\nThroughout 2004, the number of people in work increased by 296,000.\n",
    # a day after the article date with a forecast word, and the parts of the total the sentence before gave
    "tender_day.txt": (
        " date 1987-03-25 Bill tender\n\n"
        "The central bank said it will offer four billion francs of bills at its next tender on March 30. "
        "The total includes 1.5 billion francs of 13-week bills and 2.5 billion francs of 26-week bills. "
        "It had bought 300 mln francs of bills on March 9. A total 59,000 tonnes of sugar received rebates at "
        "today's tender. Out of this, traders in Germany received 34,750 tonnes.\n"
    ),
    # a stated three-month span and the story's only yearless quarter: its fiscal quarter (no date: BBC-style)
    "fiscal_span.txt": (
        "Airline results\n\nFor the three months to 31 December 2004, the airline made a profit of £75m. "
        "It said the results were respectable in a third quarter when fuel costs rose by £106m.\n"
    ),
    # two comparisons of one figure joined by "and": the second opens its own (no date: BBC-style)
    "two_comparisons.txt": (
        "Harvest\n\nThe country produced 14.27 million tonnes of crops in 2004, 24% higher than in 2003 and 21% "
        "more than the average of the past five years.\n"
    ),
    # "full-year" refers back to a year-long period the story named (no date: BBC-style)
    "full_year.txt": (
        "Airline outlook\n\nFor the year to March 2005, the revenue outlook is better, with a 3% to 3.5% "
        "improvement anticipated. It had previously forecast a 2% to 3% rise in full-year revenue.\n"
    ),
    # a stated weekday, the next one, and one that dates what someone said (dated Wednesday)
    "weekday.txt": (
        " date 1987-03-25 Bill tender\n\n"
        "At this week's tender on Monday the bank sold 2.98 billion francs of bills. It said on Monday it had "
        "reserves of 40 billion francs. It will sell 500 mln francs of bills next Monday.\n"
    ),
    # "for the year" refers back only to a year-long period
    "for_the_year.txt": (
        " date 1987-03-20 Acme results\n\nAcme earned 5 mln dlrs in the fourth quarter and 20 mln dlrs for the "
        "year.\n"
    ),
    # the first side's own period phrase before "up from" is not the second side's (no date: BBC-style)
    "first_side_phrase.txt": (
        "Profits\n\nProfits rose to £30m in 2004 as a whole, up from £20m. It will leave the rate at 4.56 dlrs "
        "in crop year 1987 rather than increase it to 4.77 dlrs.\n"
    ),
    # a month without its year after a figure of its sentence that has one; a possessive month before its
    # figure (no date: BBC-style)
    "undated_months.txt": (
        "Earnings\n\nAverage earnings rose by 4.3% in the year to December 2004, up from November's 4.2%. "
        "Inflation was 2.1% in December 2004, up from 1.9% in November. Passenger numbers rose 8.1% in "
        "January.\n"
    ),
    # a forecast word before the comparison is the first side's, not a revised estimate
    "forecast_from.txt": " date 1987-03-20 Outlook\n\nGrowth of 3.4 pct is forecast for 1987, from 2.9 pct in 1986.\n",
    # a half of a fiscal year named by its year
    "fiscal_half.txt": " date 1987-03-20 Acme\n\nProfit for the first half of fiscal 1987 was 50 mln dlrs.\n",
    # a year after a comparison word is the other side's, not the figure's (no date: BBC-style)
    "compared_year.txt": (
        "Retailer\n\nSales during the Christmas period rose to £2bn, compared with the same period in 2003.\n"
    ),
    # a fiscal quarter of a fiscal year the story does not state
    "fiscal_unknown.txt": " date 1987-03-20 Acme\n\nAcme posted a loss of 3 mln dlrs in its fiscal first quarter.\n",
    # the second side's year says nothing of a figure past ", and"
    "second_side_and.txt": (
        " date 1987-03-20 Bank results\n\nGroup net profit for 1986 was 120 mln marks, down from 140 mln in 1985, "
        "and the dividend is unchanged at eight marks.\n"
    ),
    # a sentence adding to the figure before (no date: BBC-style)
    "on_top.txt": (
        "Food aid\n\nThe report put food requirements for 2005 at 387,500 tonnes. On top of that, 89,000 tonnes "
        "of blended food will be needed.\n"
    ),
    "broad_reuters.txt": (
        " date 1987-03-13 Acme Corp\n\n"
        "It will redeem its 8.9 pct preferred at 101 dlrs a share. Acme sold its natural gas for an average "
        "price of 2.17 dlrs per mcf. Gold and foreign assets rose by 700 mln rand. Beta previously offered "
        "eight pct interest. The programme would reduce the outstanding shares by about seven pct. The company "
        "reported quarterly earnings of 56.9 mln dlrs, or 64 cts a share, up from 46.4 mln dlrs, or 52 cts a "
        "share a year ago. Holders of its class A shares would receive 15 dlrs a share in cash.\n"
    ),
}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("newsroom"), NEWSROOMS)


def figure_rows(db: Path, source: str) -> dict[str, tuple]:
    """figure_text -> (value, unit, qualifier, metric, period_start, period_end), as a user queries them."""
    rows = query(db, """
        select f.figure_text, f.value, f.unit, f.qualifier, f.metric, f.period_start::varchar, f.period_end::varchar
        from figure f join article a using (article_id)
        where a.source_file = ? order by f.start_char""", [source])
    return {" ".join(text.split()): tuple(rest) for text, *rest in rows}


def figure_subjects(db: Path, source: str, roles: tuple[str, ...] = ("subject", "context")) -> dict[str, set[str]]:
    """figure_text -> the names of its entities in these roles (default subject and context)."""
    rows = query(db, f"""
        select f.figure_text, e.name
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = ? and fe.role in ({", ".join("?" for _ in roles)})""", [source, *roles])
    subjects: dict[str, set[str]] = {}
    for text, name in rows:
        subjects.setdefault(text, set()).add(name)
    return subjects


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("$434m", 434_000_000, "USD"),       # a glued scale keeps its currency
    ("£231m", 231_000_000, "GBP"),
    ("$732m", 732_000_000, "USD"),
    ("325.5p", 3.255, "GBP"),            # pence are hundredths of a pound
    ("7p", 0.07, "GBP"),
    ("About 1m", 1_000_000, "count"),    # a glued m without money is a million ...
    ("100m", 100, "m"),                  # ... except before a race, a height, a length
])
def test_glued_scales_and_pence(newsroom: Path, text: str, value: float, unit: str) -> None:
    figures = figure_rows(newsroom, "bbc.txt")
    assert figures[text][:2] == (pytest.approx(value), unit)


def test_cents_and_table_rows_take_their_row_label(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "table.txt")
    assert figures["five cts"][:2] == (pytest.approx(0.05), "USD")
    assert figures["12 cts"][:2] == (pytest.approx(0.12), "USD")
    assert {figures[t][1:4:2] for t in ("five cts", "12 cts")} == {("USD", "earnings_per_share")}
    assert figures["535.0 mln"][:2] == (535_000_000, "USD") and figures["496.7 mln"][:2] == (496_700_000, "USD")
    assert figures["535.0 mln"][3] == figures["496.7 mln"][3] == "revenue"
    assert figures["33,085,000"][:2] == (33_085_000, "USD") and figures["33,085,000"][3] == "net_profit"


def test_a_table_row_takes_the_tables_period_and_its_other_side_a_year_earlier(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "table.txt")
    assert figures["535.0 mln"][-2:] == ("1987-01-01", "1987-03-31")
    assert figures["496.7 mln"][-2:] == ("1986-01-01", "1986-03-31")


def test_named_currencies_and_qualifier_words(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "prose.txt")
    assert figures["41 billion francs"][:2] == (41_000_000_000, "CHF")  # a Swiss article's francs
    assert figures["336.5 billion escudos"][:2] == (336_500_000_000, "PTE")
    # "only" is not part of the figure, and does not make it a count
    assert figures["0.8 pct"][:3] == (0.8, "percent", "exact")
    assert not [text for text in figures if "only" in text]


def test_comparison_last_year_and_future_periods(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "prose.txt")
    # the article is dated 1987-04-13: the third quarter that has ended is 1986's ...
    assert figures["129.1 mln dlrs"][-2:] == ("1986-07-01", "1986-09-30")
    # ... and the other side of the comparison is a year earlier
    assert figures["105.8 mln"][-2:] == ("1985-07-01", "1985-09-30")
    assert figures["20 mln dlrs"][-2:] == ("1986-10-01", "1986-12-31")   # no forecast word: the last Q4
    assert figures["30 mln dlrs"][-2:] == ("1987-10-01", "1987-12-31")   # "expected": this year's Q4
    assert figures["5 mln dlrs"][-2:] == ("1986-01-01", "1986-03-31")    # "the first quarter last year"
    assert figures["41 billion francs"][-2:] == ("1986-01-01", "1986-12-31")


def test_a_metric_only_where_its_keyword_governs_the_figure(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "markets.txt")
    assert figures["$92.9"][3] == "share_price"          # a share price, not trade
    assert figures["144.75 yen"][3] == "exchange_rate"   # a currency's rate, not investment
    assert figures["about 40%"][2:4] == ("approx", None)  # "market ... grow" names no metric
    assert figures["5%"][3] == "trade_growth"
    assert figures["$10bn"][3] == "exports"
    assert figures["$2bn"][3] == "trade_balance"


def test_the_owner_is_the_subject_and_who_says_it_the_source(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file in ('markets.txt', 'source.txt')""")
    roles: dict[str, set] = {}
    for text, name, role in rows:
        roles.setdefault(text, set()).add((name, role))
    assert ("China", "subject") in roles["$10bn"]
    assert ("Istat", "source") in roles["23,190 billion lire"]
    assert ("Italy", "context") in roles["23,190 billion lire"]     # the country of a national statistic
    assert not [name for name, role in roles["23,190 billion lire"] if name == "Istat" and role == "subject"]


def test_a_table_ending_on_a_stated_day_and_a_span_heading(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "results.txt")
    # "4TH QTR DEC 27": the three months ending that day; the vs side a year earlier
    assert figures["14 cts"][-2:] == ("1986-09-28", "1986-12-27")
    assert figures["31 cts"][-2:] == ("1985-09-28", "1985-12-27")
    # the row before the "Year" heading is a figure (not a duration "9,021,835 Year")
    assert figures["9,021,835"][:2] == (9_021_835, "USD")
    # "Year": the twelve months ending where the title's quarter ends
    assert figures["36.8 mln"][-2:] == ("1985-12-28", "1986-12-27")
    assert figures["36.1 mln"][-2:] == ("1984-12-28", "1985-12-27")
    # a share class after the row label: 'Shr "A"' is a per-share row
    assert figures["16 cts"][1:4:2] == ("USD", "earnings_per_share")
    # the notes of a results story take the title's period
    assert figures["1.38 mln dlrs"][-2:] == ("1986-09-28", "1986-12-27")
    assert figures["59.1 mln"][-2:] == ("1985-09-28", "1985-12-27")


def test_the_other_side_and_the_next_in_a_list_keep_the_metric(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "sides.txt")
    assert figures["67.4 mln dlrs"][3] == figures["50.5 mln dlrs"][3] == "revenue"
    assert figures["33 pct"][3] is None                         # a percent change of sales: no metric
    assert figures["4.4 pct"][3] == figures["3.9 pct"][3] == "inflation"
    assert figures["88 pct"][3] == "stake"                      # "its 88 pct owned unit"


def test_a_period_phrase_after_the_keyword_keeps_the_metric(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "weekly_sales.txt")
    assert figures["240.8 mln dlrs"][3] == figures["223.8 mln dlrs"][3] == "revenue"
    assert figures["1.01 billion dlrs"][3] == "revenue"
    assert figures["7.6 pct"][3] is None                        # the change of sales: no metric


def test_a_change_before_the_level_and_a_converted_amount_keep_the_metric(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "converted.txt")
    assert figures["£546m"][3] == figures["$1.04bn"][3] == "operating_profit"
    assert figures["15%"][3] is None
    assert figures["3bn yuan"][3] == figures["$365m"][3] == figures["£190m"][3] == "net_profit"


def test_a_commodity_s_move_is_its_price(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "crude.txt")
    for text in ("$3.10", "$52.40", "$2.05", "$49.90"):
        assert figures[text][3] == "price", text
    assert figures["$40bn"][3] != "price"


def test_an_offer_raised_to_an_amount_is_the_deal_s_value(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "raised_bids.txt")
    assert figures["A$8.4bn"][3] == figures["$38.1bn"][3] == "deal_value"
    assert figures["530 pence"][3] != "deal_value"   # a price per share


def test_a_commodity_price_s_change_in_percent_is_its_price_and_an_economy_s_growth_is_gdp_growth(
        newsroom: Path) -> None:
    figures = figure_rows(newsroom, "metals.txt")
    assert figures["43%"][3] == figures["36%"][3] == "price"
    assert figures["more than 9%"][3] == figures["0.4%"][3] == "gdp_growth"
    assert figures["5%"][3] != "price" and figures["7%"][3] != "gdp_growth"   # output and a workforce
    assert figures["4%"][3] != "poll_share"   # "backed by": no share of people backing a view


def test_a_currency_s_rate_and_move_are_its_exchange_rate(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "currencies.txt")
    for text in ("1.2950 euros", "0.6%", "$1.88", "1.1%"):
        assert figures[text][3] == "exchange_rate", text


def test_a_list_keeps_its_metric_past_a_dotted_name_and_a_date(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "price_lists.txt")
    for text in ("4.6 pct", "1.2 pct", "minus 0.6 pct", "minus 1.1 pct", "18.5 pct", "22.4 pct", "20.9 pct"):
        assert figures[text][3] == "inflation", text


def test_shares_counted_with_their_percentage_and_a_holding_are_a_stake(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "holdings.txt")
    for text in ("nearly 2.4 mln", "6.2 pct", "11 pct"):
        assert figures[text][3] == "stake", text


def test_the_latter_is_the_last_named_before_it(newsroom: Path) -> None:
    # "... its other big shareholder, Kestrel Holdings Inc, on the bid. The latter has a 9.5 pct stake in Vantage Corp"
    assert figure_subjects(newsroom, "holdings.txt")["9.5 pct"] == {"Kestrel Holdings Inc", "Vantage Corp"}


def test_a_country_describing_a_company_named_before_is_no_subject(newsroom: Path) -> None:
    # "The US firm is thought to be offering about $90m": the firm's offer, not the United States'
    assert "United States" not in figure_subjects(newsroom, "holdings.txt").get("about $90m", set())


def test_a_place_in_a_person_s_title_is_no_subject(newsroom: Path) -> None:
    # "the Duke of Cornwall did receive over £7m": not Cornwall's money
    assert "Cornwall" not in figure_subjects(newsroom, "holdings.txt").get("over £7m", set())


def test_investment_expected_to_grow_is_investment_growth(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "capex.txt")
    assert figures["2.3 pct"][3] == figures["six pct"][3] == "investment_growth"


def test_levels_out_of_work_and_in_work_are_unemployment_and_jobs(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "labour_market.txt")
    assert figures["1.38 million"][3] == figures["842,100"][3] == "unemployment"
    assert figures["28.7 million"][3] == "jobs"
    assert figures["21,000"][3] is None and figures["6,000"][3] is None


def test_a_company_s_own_move_is_its_share_price(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "steel.txt")
    assert figures["2.5%"][3] == figures["270 yen"][3] == "share_price"      # "Nippon Steel lost 2.5% to 270 yen"
    assert figures["2.2%"][3] == figures["55.57 pence"][3] == "share_price"
    assert figures["£106m"][3] is None                                       # "fuel costs rose by £106m"


def test_today_last_week_units_and_what_is_no_figure(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "sides.txt")
    assert figures["4.15 dlrs"][-2:] == ("1987-03-25", "1987-03-25")          # "today closed"
    assert figures["a maximum 45.678 European Currency Units"][:3] == (45.678, "XEU", "at_most")
    assert figures["a maximum 45.678 European Currency Units"][-2:] == ("1987-03-16", "1987-03-22")  # last week
    assert "100 kilos" not in figures   # the measure of a rate
    assert "two" not in figures         # a ratio
    assert "24" not in figures          # the end of a span of days


def test_a_national_statistic_measures_the_countries_after_in(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "sides.txt")
    assert subjects["4.4 pct"] == {"Italy"}
    assert subjects["3.9 pct"] == {"United Kingdom", "Canada"}


def test_subjects_owners_speakers_and_who_is_told(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = 'owners.txt'""")
    subjects: dict[str, set] = {}
    for text, name, role in rows:
        if role in ("subject", "context"):
            subjects.setdefault(text, set()).add(name)
    assert subjects["16%"] == {"Hyundai Motor"}      # "expects its sales": not India, where they are sold
    assert subjects["11%"] == {"Unilever"}           # the only one named states its own figure
    assert "Reuters" not in subjects.get("2%", set())  # told the number: no subject


def test_a_months_rate_under_an_annual_word_is_the_twelve_months_to_it(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "sides.txt")
    # "annual inflation in January", dated March 1987: the year to January 1987
    assert figures["4.4 pct"][-2:] == figures["3.9 pct"][-2:] == ("1986-02-01", "1987-01-31")


def test_the_notes_of_a_results_story_name_their_span(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "fednotes.txt")
    assert figures["16.1 mln dlrs"][-2:] == ("1985-12-01", "1986-02-28")    # vs side of "in quarter"
    assert figures["227.5 mln dlrs"][-2:] == ("1986-06-01", "1987-02-28")   # "in nine mths"
    assert figures["42.7 mln dlrs"][-2:] == ("1985-06-01", "1986-02-28")
    # a row label read as a name ("Avg" of "Avg shrs") is what no figure measures
    assert not query(newsroom, """
        select e.name from figure_entity fe join entity e using (entity_id) join article a using (article_id)
        where a.source_file = 'fednotes.txt' and e.name = 'Avg' and fe.role in ('subject', 'context')""")


def test_stakes_deals_and_a_company_forecasting_its_own_growth(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = 'stakes.txt'""")
    roles: dict[str, set] = {}
    for text, name, role in rows:
        roles.setdefault(text, set()).add((name, role))
    assert {("Standard Life", "subject"), ("Deutsche Boerse", "subject")} <= roles["1%"]
    assert {("Deutsche Boerse", "subject"), ("London Stock Exchange", "subject")} <= roles["£1.35bn"]
    assert ("Nestle", "subject") in roles["about 5%"] and ("Nestle", "source") not in roles["about 5%"]


def test_an_undated_story_takes_a_named_year_after_the_figure_and_the_year_after_the_other_side(
        newsroom: Path) -> None:
    figures = figure_rows(newsroom, "brewers.txt")
    assert figures["9.26bn euros"][-2:] == ("2003-01-01", "2003-12-31")
    # "10bn euros, up 8.1% from 9.26bn euros in 2003": the year after the other side's
    assert figures["10bn euros"][-2:] == figures["8.1%"][-2:] == ("2004-01-01", "2004-12-31")
    assert figures["100m euros"][-2:] == ("2005-01-01", "2005-12-31")  # "... in Europe and the US in 2005"
    assert figures["33%"][-2:] == (None, None)  # "and warned that earnings in 2005": another clause's year
    assert figures["7%"][-2:] == ("2004-10-01", "2004-12-31")  # a move "against the euro" is no comparison


def test_who_the_sentence_before_names_is_not_the_subject(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, fe.role
        from figure f join article a using (article_id) left join figure_entity fe using (figure_id)
        where a.source_file = 'charged.txt'""")
    assert rows and "Five" in {text for text, _ in rows}
    assert not [text for text, role in rows if role in ("subject", "context")]


def test_the_same_amount_in_other_money_measures_the_same(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "brewers.txt")
    assert subjects["537m euros"] == subjects["$701m"] == subjects["£371m"] == {"Carlsberg"}


def test_a_note_naming_two_spans_gives_them_to_pairs_of_figures_in_order(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "pairs.txt")
    assert figures["45.0 mln"][-2:] == ("1986-10-01", "1986-12-31")    # "qtr and yr 1986": the quarter ...
    assert figures["55.5 mln"][-2:] == ("1986-01-01", "1986-12-31")    # ... and the year
    assert figures["23.9 mln"][-2:] == ("1985-10-01", "1985-12-31")
    assert figures["102.3 mln"][-2:] == ("1985-01-01", "1985-12-31")
    assert figures["1,543,000"][-2:] == ("1986-01-01", "1986-12-31")   # "year current and prior"
    assert figures["2,859,000"][-2:] == ("1985-01-01", "1985-12-31")


def test_a_stated_day_is_the_period_of_a_purchase_on_it(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "bought.txt")
    assert figures["one mln"][-2:] == figures["41 dlrs"][-2:] == ("1987-03-09", "1987-03-09")
    assert figures["38 dlrs"][-2:] == ("1986-12-30", "1986-12-30")  # the latest December 30 by the article date


def test_last_month_the_month_before_and_yesterday(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "monthly.txt")
    assert figures["5 mln dlrs"][-2:] == ("1987-02-01", "1987-02-28")
    assert figures["3 mln dlrs"][-2:] == ("1987-01-01", "1987-01-31")   # "the previous month"
    assert figures["68 billion dlrs"][-2:] == (None, None)              # when Brazil acted, not the debt's period
    assert figures["7 mln dlrs"][-2:] == ("1987-03-05", "1987-03-05")


def test_a_stock_at_the_end_of_a_month_or_year_and_a_week_ended(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "monthly.txt")
    assert figures["20 billion dlrs"][-2:] == ("1987-02-28", "1987-02-28")
    assert figures["2 billion dlrs"][-2:] == ("1987-02-24", "1987-03-02")
    assert figures["82.6 mln"][-2:] == ("1986-12-31", "1986-12-31")


def test_a_companys_results_with_no_one_named_are_the_articles_company(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "unilever.txt")
    assert subjects["40bn euros"] == {"Unilever Plc"}


def test_a_results_change_with_no_figure_before_it_is_the_articles_company(newsroom: Path) -> None:
    assert figure_subjects(newsroom, "results_change.txt")["1.4%"] == {"Heinz Corp"}


def test_the_government_or_the_country_unnamed_is_the_articles_country(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "the_country.txt")
    assert subjects["more than 500"] == subjects["30"] == {"Venezuela"}


def test_who_a_report_comes_from_is_its_source_not_its_subject(newsroom: Path) -> None:
    assert figure_subjects(newsroom, "report_from.txt")["11 million tonnes"] == {"Kenya"}
    assert "World Food Programme" in figure_subjects(newsroom, "report_from.txt", ("source",))["11 million tonnes"]


def test_who_compiled_or_sponsored_a_survey_is_its_source(newsroom: Path) -> None:
    assert "39" not in figure_subjects(newsroom, "sponsored.txt")
    assert figure_subjects(newsroom, "sponsored.txt", ("source",))["39"] == {"Barclays Bank"}


def test_a_benchmark_crude_is_no_subject(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "benchmark_crude.txt")
    assert "$1.89" not in subjects and "$48.62" not in subjects


def test_an_agency_headline_names_the_company_of_figures_nobody_is_named_near(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "headline.txt")
    for text in ("14 cts", "31 cts", "144,522", "334,890", "170,177", "105,090"):
        assert {name.casefold() for name in subjects[text]} == {"acme widgets inc"}, text
    # the company is an organisation of its own, named as the headline spells it; no mention is made
    # up for it, and every mention's offsets still point into the body
    assert query(newsroom, "select entity_type from entity where name = 'ACME WIDGETS INC'") == [("ORG",)]
    assert query(newsroom, """
        select count(*) from mention m join article a using (article_id)
        where substring(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.mention_text""") == [(0,)]
    assert query(newsroom, "select count(*) from mention join entity using (entity_id) "
                           "where entity.name = 'ACME WIDGETS INC'") == [(0,)]
    # the body's full name of the headline's company is the one taken
    assert figure_subjects(newsroom, "fullname.txt").get("13.1 mln") == {"Western Gadgets Inc."}
    # no ticker, or a headline verb before it: no company from the headline
    assert "14 cts" not in figure_subjects(newsroom, "results.txt")
    assert not figure_subjects(newsroom, "downgrade.txt")
    assert not query(newsroom, "select name from entity where name like '%MOODY%'")


def test_a_national_statistic_takes_the_headline_country_when_the_body_names_none(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "headline_country.txt")
    assert subjects.get("4.2 pct") == {"Japan"}
    assert subjects.get("1.35 mln") == {"Japan"}
    # a company's result is no national statistic: no country from the headline
    assert "Japan" not in subjects.get("12 pct", set())
    assert query(newsroom, "select entity_type from entity where name = 'Japan'") == [("GPE",)]


def test_a_national_keyword_makes_a_figure_the_article_country_s(newsroom: Path) -> None:
    # "the 1987 soybean loan rate" is a national statistic: the country, not the person its sentence names
    subjects = figure_subjects(newsroom, "loan_rate.txt")
    assert subjects.get("4.56 dlrs") == {"Japan"}
    assert subjects.get("4.77 dlrs") == {"Japan"}   # not Mr Tanaka, named before it


def test_a_note_says_where_the_year_ago_period_ended(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "headline.txt")
    assert figures["14 cts"][-2:] == ("1986-09-28", "1986-12-27")
    assert figures["31 cts"][-2:] == ("1985-09-29", "1985-12-28")   # "1985 period ended December 28"
    assert figures["105,090"][-2:] == ("1984-12-29", "1985-12-28")
    # an undated story: "2004 was generally a good year for BMW, which saw revenues rise 11%"
    assert figure_rows(newsroom, "bmw.txt")["11%"][-2:] == ("2004-01-01", "2004-12-31")


def test_a_markets_or_a_buildings_place_is_no_subject(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "places.txt")
    assert subjects.get("19%") == {"Laing Construction"}
    assert "London" not in subjects.get("3%", set())


def test_a_trade_figure_with_a_partner_measures_both_countries(newsroom: Path) -> None:
    assert figure_subjects(newsroom, "partner.txt").get("400 mln dlrs") == {"South Korea", "Japan"}


def test_a_nationality_qualifying_what_a_country_has_is_that_country(newsroom: Path) -> None:
    assert figure_subjects(newsroom, "nations.txt").get("15%") == {"India"}


def test_the_figure_grammar_splits_sentences_the_model_ran_together(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "runon.txt")
    assert figures["15%"][-2:] == (None, None)          # the headline's figure: not "in 2005"
    assert figures["£546m"][-2:] == figures["£4.3bn"][-2:] == (None, None)
    assert figures["14.8%"][-2:] == ("2006-01-01", "2006-12-31")
    assert figure_subjects(newsroom, "runon.txt").get("$6.75bn") == {"Verizon Wireless Corp"}


def test_a_tables_note_keeps_the_tables_money_across_paragraph_breaks(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "table_note.txt")
    for text, value in (("45.0 mln", 45_000_000), ("55.5 mln", 55_500_000), ("940,000", 940_000)):
        assert figures[text][:2] == (value, "USD")


def test_fiscal_years_and_quarters_and_a_months_level(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "fiscal.txt")
    assert figures["three mln dlrs"][-2:] == ("1985-10-01", "1986-09-30")   # fiscal 1986 ended September 30
    assert figures["35.0 mln"][-2:] == ("1986-01-01", "1986-03-31")         # first quarter fiscal 1986
    assert figures["11.6 pct"][-2:] == ("1987-01-01", "1987-01-31")         # the January level


def test_british_day_first_spans_the_quarter_referred_back_and_months_with_their_year(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "british_periods.txt")
    q4 = ("2004-10-01", "2004-12-31")
    assert figures["£75m"][-2:] == q4                               # "the three months to 31 December 2004"
    assert figures["£125m"][-2:] == ("2003-10-01", "2003-12-31")    # "a year earlier"
    assert figures["4%"][-2:] == figures["£1.9bn"][-2:] == q4        # "for the quarter": the quarter above
    assert figures["3%"][-2:] == ("2004-12-01", "2004-12-31")       # "in December 2004"
    assert figures["6,000"][-2:] == (None, None)                    # "which began in 2001" dates the outbreak
    assert figures["£50m"][-2:] == q4                               # "the October-December quarter of 2004"


def test_the_other_side_of_a_comparison_keeps_the_first_sides_metric(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "jobless.txt")
    for text in ("4.7%", "4.6%", "12.1%", "10.4%", "9.7%"):
        assert figures[text][3] == "unemployment", text
    assert figures["4.3%"][3] is None                # "average earnings" are no stock index
    assert figures["104,000"][3] == "job_cuts"        # "104,000 workers axed"
    assert figures["45%"][3] is None                 # a tax rate is no interest rate
    subjects = figure_subjects(newsroom, "jobless.txt")
    assert subjects.get("12.1%") == {"Germany"} and subjects.get("9.7%") == {"France"}
    assert "France" not in subjects.get("104,000", set())  # a figure naming its own place passes it on to none
    assert subjects.get("4.1%") == {"United Kingdom"}      # a national office's figure: the article's country


def test_subjects_past_a_describing_country_a_new_clause_and_an_opening_place(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "steel.txt")
    assert subjects.get("2.5%") == subjects.get("270 yen") == {"Nippon Steel"}   # not Japan
    assert subjects.get("2.2%") == {"Corus"}                                      # not London
    assert subjects.get("1.7%") == {"ThyssenKrupp"}                               # ", with ThyssenKrupp dropping"
    assert "Terry Leahy" not in subjects.get("£106m", set())                     # who says it is its source
    assert "Mike Powell" not in subjects.get("£160m", set())
    assert "Tesco" in subjects.get("£160m", set())                               # "says Tesco's ... revenues"


def test_a_months_figure_a_year_to_end_february_next_year_and_a_years_net(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "agency_periods.txt")
    assert figures["5 pct"][-2:] == ("1987-01-01", "1987-01-31")        # "January exports"
    assert figures["40 mln dlrs"][-2:] == ("1986-03-01", "1987-02-28")  # "the year to end-February 1987"
    assert figures["3 pct"][-2:] == ("1988-01-01", "1988-12-31")        # "next year"
    assert figures["9 mln dlrs"][-2:] == ("1986-01-01", "1986-12-31")   # "1986 net income"
    assert figures["12 billion dlrs"][-2:] == ("1987-03-01", "1987-03-01")  # "as of March 1"


def test_who_a_figure_measures_in_reported_clauses_lists_stakes_deals_and_trade(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = 'reported.txt'""")
    roles: dict[str, set] = {}
    for text, name, role in rows:
        roles.setdefault(text, set()).add((name, role))
    # "Sir John Bourn said Defra had paid 97%": Defra is the reported clause's subject, not a source
    assert ("Defra", "subject") in roles["97%"] and ("John Bourn", "source") in roles["97%"]
    assert ("Defra", "source") not in roles["97%"]
    # each figure of a list takes the place named right after it
    assert ("Japan", "subject") in roles["minus 0.8 pct"] and ("Italy", "subject") not in roles["minus 0.8 pct"]
    assert {("Standard Life", "subject"), ("Deutsche Boerse", "subject")} <= roles["3%"]
    assert {("SBC Communications", "subject"), ("AT&T", "subject")} <= roles["about $16bn"]
    # "the weakening US dollar" names a currency, not what the amount measures
    assert ("United States", "subject") not in roles["125m euros"]
    # the deficit with a partner is the partner's and the article's country's
    assert {("China", "subject"), ("United States", "subject")} <= roles["$162bn"]
    # "Santos, which is 15 pct owned by Elders Resources": the holder and what it holds
    assert {("Santos Ltd", "subject"), ("Elders Resources Ltd", "subject")} <= roles["15 pct"]


# value and unit (fig7)

VALUE_AND_UNIT = {
    "changes.txt": (
        " date 2005-01-19 Jobs and prices\n\n"
        "The number of people out of work rose 32,000 to 1.41 million in the quarter. "
        "Brent crude rose, adding $1.89 to $48.62 at the close. Console games cost £30 to £40 each.\n\n"
        "Nearly half a million people signed the petition and almost a quarter of a million complained. "
        "Over a million people marched.\n"
    ),
    "not_counts.txt": (
        " date 2005-01-19 Counts\n\n"
        "The commission said two in five of the 635,173 reports concerned fraud. "
        "The robot is almost four times as fast as its rival. Nearly two thirds of the members voted. "
        "The government gives £200 to households with people over 60. Five of the eight men were charged. "
        "News that two of the world's biggest miners had agreed lifted shares. "
        "He and the other seven protesters will plead not guilty. There are over 80 stations.\n\n"
        "Last year 185,000 people were tested. The carmaker sold its three marques - BMW, Mini and Rolls-Royce.\n\n"
        "The Australian firm will break even on the 1.2bn Australian dollars (£458m; $874m) project and cut "
        "A$68m from its targets.\n"
    ),
    "table.txt": (
        " date 1987-03-02 Results\n\n"
        "Shr loss 14 cts vs loss one ct\n\nNet loss 836,327 vs loss 34,926\n\nRevs 8,939,390 vs 8,136,160\n\n"
        "Year\n\nShr loss 34 cts vs loss 31 cts\n\nNine mths\n\nRevs 30.1 mln vs 28.0 mln\n\n"
        "Even the largest shareholders could own only some five pct .\n"
    ),
}


@pytest.fixture(scope="module")
def value_and_unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("value_and_unit"), VALUE_AND_UNIT)


def test_a_change_to_a_level_is_two_figures_and_a_range_without_a_verb_is_one(value_and_unit: Path) -> None:
    figures = figure_rows(value_and_unit, "changes.txt")
    assert figures["32,000"][:2] == (32_000, "count")           # "rose 32,000 to 1.41 million"
    assert figures["1.41 million"][:2] == (1_410_000, "count")
    assert figures["$1.89"][:2] == (1.89, "USD") and figures["$48.62"][:2] == (48.62, "USD")
    assert figures["£30 to £40"][:3] == (30, "GBP", "range")
    high = query(value_and_unit, "select value_high from figure where figure_text = '£30 to £40'")
    assert high == [(40,)]


def test_written_out_parts_of_a_million(value_and_unit: Path) -> None:
    figures = figure_rows(value_and_unit, "changes.txt")
    assert figures["Nearly half a million"][:3] == (500_000, "count", "approx")
    assert figures["almost a quarter of a million"][:3] == (250_000, "count", "approx")
    assert figures["Over a million"][:3] == (1_000_000, "count", "at_least")


def test_ratios_fractions_multipliers_ages_and_partitives_are_not_counts(value_and_unit: Path) -> None:
    figures = figure_rows(value_and_unit, "not_counts.txt")
    for text in ("two", "five", "almost four", "Nearly two thirds", "over 60", "seven"):
        assert text not in figures, text
    assert figures["635,173"][:2] == (635_173, "count")
    assert figures["Five"][:2] == (5, "count")                  # "Five of the eight men" counts men
    assert figures["over 80"][:3] == (80, "count", "at_least")  # "over 80 stations": no age
    assert figures["$874m"][:2] == (874_000_000, "USD")         # a conversion in brackets is in US dollars
    assert figures["A$68m"][:2] == (68_000_000, "AUD")
    assert figures["185,000"][:2] == (185_000, "count")         # the model's date "Last year 185,000"
    assert figures["three"][:2] == (3, "count")                 # "marques" is no month


def test_table_numbers_by_a_heading_durations_and_a_word_before_a_figure(value_and_unit: Path) -> None:
    figures = figure_rows(value_and_unit, "table.txt")
    assert figures["8,136,160"][:2] == (8_136_160, "USD")       # the model saw "8,136,160\n\nYear" as a date
    assert "Nine" not in figures                                 # "Nine mths" is a duration
    assert figures["some five pct"][:3] == (5, "percent", "approx")
    assert not any(text.startswith("only") for text in figures)


def test_subjects_read_names_as_the_warehouse_does() -> None:
    # a sentence's opening adverb is no part of a name, a span of nothing else is nobody, and a name
    # ending in a company word is a company whatever the tagger said
    from loader.annotate.figures import _as_named
    from loader.annotate.grammar import Grammar
    from loader.config import project_folder

    body = "Eventually Asimo will walk at 3km/h. Throughout 2004, OII bought 96 pct of Owens-Illinois Inc."
    spans = [(0, 16, "PERSON"), (37, 47, "ORG"), (54, 57, "ORG"), (75, 93, "GPE")]
    named = _as_named(Grammar(project_folder("dbt_project") / "seeds"), body, spans)
    assert [(body[s:e], label) for s, e, label in named] == [
        ("Asimo", "PERSON"), ("OII", "ORG"), ("Owens-Illinois Inc", "ORG")]


def test_the_organisation_a_speaker_speaks_for_is_the_subject(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "speaks_for.txt")
    assert subjects.get("3% to 3.5%") == {"Qantas"}     # "..., Qantas chairman Peter Lowe said"
    assert subjects.get("2%") == {"Lufthansa"}          # "..., a Lufthansa spokesman said"
    assert subjects.get("5%") == {"Unilever"}           # "..., said Unilever chief executive Paul Polman"
    sources = figure_subjects(newsroom, "speaks_for.txt", roles=("source",))
    assert sources.get("5%") == {"Paul Polman"}


def test_a_regions_national_statistic_is_the_regions(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "region.txt")
    assert subjects.get("2.5 pct") == {"United States"}
    assert subjects.get("nearly four pct") == subjects.get("3.5 pct") == {"Latin America"}


def test_an_owner_whose_possession_is_a_name_is_not_the_subject(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "browser.txt")
    assert subjects.get("below 90%") == {"Internet Explorer"}   # "Microsoft's Internet Explorer (IE)"
    assert subjects.get("8%") == {"Microsoft"}                  # "Microsoft's profits"


def test_a_name_read_once_as_a_nationality_takes_its_usual_type() -> None:
    # "BA" an organisation twice and a nationality once is an organisation; a real nationality stays one
    from loader.annotate.figures import _as_named
    from loader.annotate.grammar import Grammar
    from loader.config import project_folder

    body = "BA flies. BA grew. BA chairman Ian Lee said. Japanese firms grew."
    spans = [(0, 2, "ORG"), (10, 12, "ORG"), (19, 21, "NORP"), (45, 53, "NORP")]
    named = _as_named(Grammar(project_folder("dbt_project") / "seeds"), body, spans)
    assert [label for _, _, label in named] == ["ORG", "ORG", "ORG", "NORP"]


def test_the_nearest_name_before_is_the_subject_but_a_comparison_or_a_home_is_not(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "nearest.txt", roles=("subject",))
    assert subjects["13,000"] == {"British Airways"}          # not the place of an opening phrase
    assert subjects["15%"] == {"Carlsberg"}                   # not whom it is compared with
    assert subjects["17 pct"] == {"Avalon Corp", "Santos Ltd"}  # not the holder's home country


def test_a_count_of_a_company_s_shares_measures_the_company(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "shares.txt", roles=("subject",))
    assert subjects["nearly 3.7 mln"] == {"Ronald Perelman", "CPC"}
    assert subjects["about 58.3 mln"] == {"OII Holdings Corp", "Owens-Illinois Inc"}
    # a percentage restating the share count before it ("..., or 5.2 pct of the company") is that holding
    assert subjects["5.2 pct"] == subjects["2.1 mln"] == {"Carl Icahn", "Acme Corp"}


def test_a_keyword_governs_only_the_figure_next_to_it(newsroom: Path) -> None:
    """No rule's gap crosses another figure: "earnings of 1.9 mln dlrs on sales of 16.4 mln dlrs" gives the
    earnings to 1.9 mln and the sales to 16.4 mln; a change stated before a level ("dipped 1.4 pct to",
    "closed five cents up at") does not stand between the keyword and the level."""
    figures = figure_rows(newsroom, "governed.txt")
    assert figures["2.1 mln dlrs"][3] == figures["1.9 mln dlrs"][3] == "net_profit"
    assert figures["18.4 mln dlrs"][3] == figures["16.4 mln dlrs"][3] == "revenue"
    assert figures["86.7 mln dlrs"][3] == "revenue"
    assert figures["4.15 dlrs"][3] == "share_price"


def test_no_metric_rules_keep_divisions_offers_and_changes_unclassified(newsroom: Path) -> None:
    """Rows of metric_rules whose metric is `none`: a division's profit is not the company's net profit,
    a price offered per share is neither a share price nor a deal's value, an amount knocked off a profit
    is a change, and an extraordinary gain is not the net profit it is excluded from."""
    figures = figure_rows(newsroom, "governed.txt")
    for text in ("3.5 mln dlrs", "530 pence", "12 mln dlrs", "1.38 billion dlrs"):
        assert figures[text][3] is None, text
    assert "none" not in {row[3] for row in figures.values()}


def test_a_speakers_employer_survey_figures_and_unit_and_the_headline_company_carried(newsroom: Path) -> None:
    rows = query(newsroom, """
        select f.figure_text, e.name, fe.role
        from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file in ('survey.txt', 'subsidiary.txt', 'carried.txt')""")
    roles: dict[str, set] = {}
    for text, name, role in rows:
        roles.setdefault(text, set()).add((name, role))
    # "Jane Pike, research director at Webco, said its figures suggested that 70% ...": Webco says it
    assert {("Webco", "source"), ("Jane Pike", "source")} <= roles["70%"]
    assert not {name for name, role in roles["70%"] | roles["60%"] if role in ("subject", "context")}
    # "First Fidelity said its 80 pct owned Harbor Loan Investors subsidiary has sold ... for ... dlrs"
    for text in ("about 3,100,000 dlrs", "1,700,000 dlrs"):
        assert {name for name, role in roles[text] if role == "subject"} == {"Harbor Loan Investors"}, text
        assert ("First Fidelity Bank Co", "source") in roles[text]
    # the note's next figures keep the headline's company though the sentence before names another
    for text in ("1,250,000", "1,640,000", "2,310,000"):
        assert {name for name, role in roles[text] if role in ("subject", "context")} == {"ZENO SYSTEMS INC"}, text


def test_official_figures_with_no_owner_named_are_the_articles_countrys(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "official.txt")
    assert subjects.get("Nearly 40,000") == {"Canada"}   # "official figures show" in the sentence before
    assert subjects.get("only nine") == {"Canada"}       # "Figures show that ..."
    assert "Nearly 300" not in figure_subjects(newsroom, "unofficial.txt")  # no figures say so: nobody


def test_a_poll_share_measures_whom_the_view_is_of(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "polls.txt")
    for text in ("41%", "35%"):  # "41% said Mr Howard was ...", "and 35% disagreed"
        assert subjects.get(text) and all("Howard" in name for name in subjects[text]), text
    assert subjects.get("Some 28%") and all("Kennedy" in name for name in subjects["Some 28%"])


def test_the_share_of_those_polled_holding_a_view_and_a_lead_are_poll_shares(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "polls.txt")
    for text in ("41%", "35%", "Some 28%", "Some 19%", "38%", "33%"):
        assert figures[text][3] == "poll_share", text
    assert figures["21"][3] is None   # a count of MPs is no share


def test_a_lead_s_two_shares_and_a_count_of_a_named_body_s_members(newsroom: Path) -> None:
    subjects = figure_subjects(newsroom, "polls.txt", ("subject",))
    assert subjects["38%"] == {"Labour Party"} and subjects["33%"] == {"Conservative Party"}
    assert subjects["21"] == {"Labour Party"}   # "a rebellion by 21 Labour MPs"
    assert not subjects.get("six")              # a nationality describing people names no country


def test_a_descending_to_is_two_figures_and_a_year_or_two_is_a_duration(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "polls.txt")
    assert figures["38%"][:2] == (38, "percent") and figures["33%"][:2] == (33, "percent")
    assert "38% to 33%" not in figures
    assert "two" not in figures


def test_a_model_name_is_no_count_and_an_amount_is_no_date(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "launch.txt")
    assert "GT4" not in figures
    assert figures["A$246m"][:2] == (pytest.approx(246_000_000), "AUD")


def test_whom_a_poll_is_done_for_is_its_source(newsroom: Path) -> None:
    rows = query(newsroom, """
        select e.name, fe.role from figure_entity fe join figure f using (figure_id) join entity e using (entity_id)
            join article a on a.article_id = f.article_id
        where a.source_file = 'polls.txt' and f.figure_text = 'Some 19%'""")
    assert ("Daily Mail", "source") in rows and ("Daily Mail", "subject") not in rows


def test_last_month_after_a_change_verb_and_an_annualised_rate_are_the_month(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "starts.txt")
    assert figures["2.6 pct"][-2:] == figures["1.851 mln"][-2:] == ("1987-02-01", "1987-02-28")
    assert figures["5.6 pct"][-2:] == figures["1.317 mln"][-2:] == ("1987-02-01", "1987-02-28")
    assert figures["4.6 pct"][-2:] == ("1986-02-01", "1987-01-31")   # "annual inflation in January"
    # "Brazil last month suspended payments": an event dated, not the debt's period
    assert figure_rows(newsroom, "monthly.txt")["68 billion dlrs"][-2:] == (None, None)


def test_a_note_names_its_span_by_the_year_it_ends_in_and_a_gain_per_share_is_no_eps(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "note_years.txt")
    assert figures["406,000 dlrs"][-2:] == figures["four cts"][-2:] == ("1986-12-01", "1987-02-28")
    assert figures["377,000 dlrs"][-2:] == figures["three cts"][-2:] == ("1985-06-01", "1986-02-28")
    assert figures["four cts"][3] is None and figures["three cts"][3] is None
    assert figures["13 cts"][3] == figures["66 cts"][3] == "earnings_per_share"


def test_money_available_for_acquisitions_is_no_deal_value(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "war_chest.txt")
    assert figures["nearly two billion dlrs"][3] is None
    assert figures["150 mln dlrs"][3] == "deal_value"


def test_a_quarter_without_a_year_is_the_one_under_way_else_the_latest_ended(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "under_way.txt")
    assert figures["about 1.2 mln dlrs"][-2:] == ("1987-01-01", "1987-03-31")
    assert figures["4.1 mln dlrs"][-2:] == ("1986-10-01", "1986-12-31")
    assert figures["2.2 mln dlrs"][-2:] == ("1986-04-01", "1986-06-30")


def test_two_parallel_lists_compared_pair_their_metrics_in_order(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "parallel.txt")
    assert figures["142 mln dlrs"][3] == "net_profit"
    assert figures["1.46 dlrs"][3] == "earnings_per_share"
    assert figures["4.21 billion dlrs"][3] == "revenue"
    assert figures["700 mln dlrs"][3] is None   # no metric on the first side, none given


def test_a_year_earlier_after_and_counts_from_the_first_side_and_a_level_after_a_year_ago(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "surplus.txt")
    assert figures["5.7 billion"][-2:] == ("1987-01-01", "1987-01-31")
    assert figures["4.9 billion"][-2:] == ("1986-02-01", "1986-02-28")
    assert figures["17.4 billion dlrs"][3:] == ("exports", "1987-02-01", "1987-02-28")


def test_the_year_ago_quarter_an_annual_growth_rate_and_sales_expected_to_reach(newsroom: Path) -> None:
    figures = figure_rows(newsroom, "year_ago.txt")
    assert figures["2.1 mln dlrs"][-2:] == ("1986-07-01", "1986-09-30")
    assert figures["1.8 mln dlrs"][-2:] == ("1985-07-01", "1985-09-30")
    assert figures["2.8 pct"][3] != "interest_rate"
    assert figures["500 mln dlrs"][3] == "revenue"


def test_a_keyword_governs_only_in_its_own_sense(newsroom: Path) -> None:
    """Keywords too broad on new text (issue #14): "interest" is a stake only as a holding ("a 20 pct
    interest in", not "15% interest rates", "offered eight pct interest"), "hold 10% of" only of a company
    or its shares, a bare "index" no stock index when it measures confidence or employment, a lone
    "share" a portion, "at a rate of" a pace, a figure "against exports" the other side, export rebates,
    a trade gap and asset or retail sales no trade or revenue, "price" needs its verb, a company's profit
    named before it is no share price, a seller's price cut no inflation, a product "sells for" its price
    (a unit a deal's value), people who lose money no net loss, a film's cost to make no price, the euro
    zone no currency, preferred stock no poll, a price per mcf no deal, gold assets no gold price, a
    total's other side is the total before it and not the per-share amount between them, and what holders
    receive a share in a bid no share price."""
    figures = figure_rows(newsroom, "broad_keywords.txt")
    unclassified = ("15%", "less than 10%", "95.5", "about $14m", "20%", "45.6 euros", "4.9%", "about $2bn",
                    "between $1.5bn and $1.7bn", "76%", "about 8%", "about $180bn", "48.3", "$42m", "1.9%",
                    "$6.2bn", "40%")
    for text in unclassified:
        assert figures[text][3] is None, text
    assert figures["6.0bn francs"][3] == "imports"
    assert figures["5.4bn francs"][3] == "exports"
    assert figures["$1.13bn"][3] == "net_profit"
    assert figures["£99"][3] == "price"
    assert figures["up to £350m"][3] == "deal_value"
    figures = figure_rows(newsroom, "broad_reuters.txt")
    for text in ("8.9 pct", "700 mln rand", "eight pct", "about seven pct", "15 dlrs"):
        assert figures[text][3] is None, text
    assert figures["2.17 dlrs"][3] == "price"
    assert figures["46.4 mln dlrs"][3] == "net_profit"
    assert figures["52 cts"][3] == "earnings_per_share"


def test_a_fiscal_year_stated_once_places_the_storys_quarters(newsroom: Path) -> None:
    """Fiscal periods (issue #14): "Period ended Jan 31" under a "2ND QTR" title is the three months to
    January 31 (and "Six mths" the six), not the calendar second quarter; "the first quarter ended January
    31" makes the story's later "first quarter" November to January; past "while" the figure before says
    nothing of the next one's period, and "from X last year" is that quarter a year back; "the 1986 first
    quarter" names its year before it; "the four-week period ended Feb 28" is the 28 days to it and "the
    comparable period last year" a year back from it (not from a figure that is itself a year back)."""
    table = figure_rows(newsroom, "fiscal_table.txt")
    assert table["89,255"][4:] == ("1986-11-01", "1987-01-31")
    assert table["277,536"][4:] == ("1985-11-01", "1986-01-31")
    assert table["1,845,532"][4:] == ("1986-08-01", "1987-01-31")
    prose = figure_rows(newsroom, "fiscal_prose.txt")
    for text in ("114 mln dlrs", "103 mln dlrs", "11 mln dlrs"):
        assert prose[text][4:] == ("1986-11-01", "1987-01-31"), text
    for text in ("98 mln dlrs", "42 mln dlrs"):
        assert prose[text][4:] == ("1985-11-01", "1986-01-31"), text
    assert prose["23.8 mln dlrs"][4:] == ("1986-01-01", "1986-03-31")
    assert prose["424.8 mln dlrs"][4:] == ("1987-02-01", "1987-02-28")
    assert prose["396.4 mln dlrs"][4:] == ("1986-02-01", "1986-02-28")


def test_a_year_throughout_which_a_figure_moved_is_its_period(newsroom: Path) -> None:
    assert figure_rows(newsroom, "throughout.txt")["296,000"][-2:] == ("2004-01-01", "2004-12-31")


def test_a_day_with_a_forecast_word_is_the_nearer_one(newsroom: Path) -> None:
    """A stated day is the latest one up to the article date, unless a forecast word is there and the next
    one is nearer ("will offer ... at its next tender on March 30", dated March 25: this March 30)."""
    figures = figure_rows(newsroom, "tender_day.txt")
    assert figures["four billion francs"][-2:] == ("1987-03-30", "1987-03-30")
    assert figures["300 mln francs"][-2:] == ("1987-03-09", "1987-03-09")


def test_the_parts_of_a_total_take_its_period(newsroom: Path) -> None:
    """A sentence breaking down the total the one before gave ("The total includes ...", "Out of this,
    ...") gives its figures the total's period."""
    figures = figure_rows(newsroom, "tender_day.txt")
    for text in ("1.5 billion francs", "2.5 billion francs"):
        assert figures[text][-2:] == ("1987-03-30", "1987-03-30"), text
    assert figures["59,000 tonnes"][-2:] == ("1987-03-25", "1987-03-25")
    assert figures["34,750 tonnes"][-2:] == ("1987-03-25", "1987-03-25")


def test_a_stated_three_month_span_fixes_the_storys_quarter(newsroom: Path) -> None:
    """"The three months to 31 December 2004" and the story's only quarter named without a year, "a third
    quarter": that quarter is those three months (a fiscal year from April), not the calendar third."""
    figures = figure_rows(newsroom, "fiscal_span.txt")
    assert figures["£106m"][-2:] == ("2004-10-01", "2004-12-31")


def test_a_figure_opening_its_own_comparison_after_and_keeps_the_first_sides_period(newsroom: Path) -> None:
    """"24% higher than in 2003 and 21% more than the average": 21% is not the other side of 2003 but a
    first side of its own, of the period of the figure before (2004)."""
    figures = figure_rows(newsroom, "two_comparisons.txt")
    assert figures["24%"][-2:] == ("2004-01-01", "2004-12-31")
    assert figures["21%"][-2:] == ("2004-01-01", "2004-12-31")


def test_full_year_is_the_year_long_period_referred_back_to(newsroom: Path) -> None:
    """"A 2% to 3% rise in full-year revenue" after "For the year to March 2005": that year."""
    figures = figure_rows(newsroom, "full_year.txt")
    assert figures["3% to 3.5%"][-2:] == ("2004-04-01", "2005-03-31")
    assert figures["2% to 3%"][-2:] == ("2004-04-01", "2005-03-31")


def test_a_stated_weekday_is_a_stated_day(newsroom: Path) -> None:
    """"At this week's tender on Monday" in a Wednesday story is that Monday, "will ... next Monday" the
    next one, and "said on Monday" dates what was said, not the figure."""
    figures = figure_rows(newsroom, "weekday.txt")
    assert figures["2.98 billion francs"][-2:] == ("1987-03-23", "1987-03-23")
    assert figures["500 mln francs"][-2:] == ("1987-03-30", "1987-03-30")
    assert figures["40 billion francs"][-2:] == (None, None)


def test_for_the_year_refers_back_only_to_a_year(newsroom: Path) -> None:
    """"5 mln dlrs in the fourth quarter and 20 mln dlrs for the year": the year is not the quarter (no
    period rather than a wrong one)."""
    figures = figure_rows(newsroom, "for_the_year.txt")
    assert figures["5 mln dlrs"][-2:] == ("1986-10-01", "1986-12-31")
    assert figures["20 mln dlrs"][-2:] == (None, None)


def test_the_first_sides_own_phrase_is_not_the_second_sides(newsroom: Path) -> None:
    """"Profits rose to £30m in 2004 as a whole, up from £20m": 2004 is £30m's; £20m, the comparison's
    other side, is the year before. "Rather than" compares no periods."""
    figures = figure_rows(newsroom, "first_side_phrase.txt")
    assert figures["£30m"][-2:] == ("2004-01-01", "2004-12-31")
    assert figures["£20m"][-2:] == ("2003-01-01", "2003-12-31")
    assert figures["4.77 dlrs"][-2:] == ("1987-01-01", "1987-12-31")


def test_an_undated_storys_month_takes_the_year_of_its_sentences_figure(newsroom: Path) -> None:
    """In a story with no date, "up from 1.9% in November" after "2.1% in December 2004" is November 2004
    (the latest November up to the period of the figure before it in its sentence), and "up from November's
    4.2%" an annual rate's month, the 12 months to it; a month alone in its sentence stays undated."""
    figures = figure_rows(newsroom, "undated_months.txt")
    assert figures["4.2%"][-2:] == ("2003-12-01", "2004-11-30")
    assert figures["1.9%"][-2:] == ("2004-11-01", "2004-11-30")
    assert figures["8.1%"][-2:] == (None, None)


def test_a_forecast_word_before_the_comparison_is_no_revision(newsroom: Path) -> None:
    """"Growth of 3.4 pct is forecast for 1987, from 2.9 pct in 1986": 2.9 pct is 1986's, not a revised
    estimate for 1987 ("down from an earlier estimate of" still revises)."""
    figures = figure_rows(newsroom, "forecast_from.txt")
    assert figures["3.4 pct"][-2:] == ("1987-01-01", "1987-12-31")
    assert figures["2.9 pct"][-2:] == ("1986-01-01", "1986-12-31")


def test_a_half_of_a_fiscal_year_is_a_half(newsroom: Path) -> None:
    """"The first half of fiscal 1987" is a half of 1987 (as "first quarter fiscal 1986" is a quarter), not
    the whole year."""
    assert figure_rows(newsroom, "fiscal_half.txt")["50 mln dlrs"][-2:] == ("1987-01-01", "1987-06-30")


def test_a_year_past_a_comparison_word_is_not_the_figures(newsroom: Path) -> None:
    """"Sales ... rose to £2bn, compared with the same period in 2003": 2003 is the other side's year, so
    £2bn takes no period rather than the wrong one."""
    assert figure_rows(newsroom, "compared_year.txt")["£2bn"][-2:] == (None, None)


def test_a_fiscal_quarter_of_an_unstated_fiscal_year_has_no_period(newsroom: Path) -> None:
    """"Its fiscal first quarter", in a story that states no quarter's end, is not the calendar quarter: no
    period rather than a wrong one."""
    assert figure_rows(newsroom, "fiscal_unknown.txt")["3 mln dlrs"][-2:] == (None, None)


def test_a_second_sides_year_does_not_reach_past_and(newsroom: Path) -> None:
    """"120 mln marks, down from 140 mln in 1985, and the dividend is unchanged at eight marks": 1985 is the
    comparison's other side; the dividend past ", and" takes the sentence's own period (1986)."""
    figures = figure_rows(newsroom, "second_side_and.txt")
    assert figures["140 mln"][-2:] == ("1985-01-01", "1985-12-31")
    assert figures["eight marks"][-2:] == ("1986-01-01", "1986-12-31")


def test_what_adds_to_the_figure_before_takes_its_period(newsroom: Path) -> None:
    """"On top of that, 89,000 tonnes ... will be needed" after requirements "for 2005": 2005."""
    assert figure_rows(newsroom, "on_top.txt")["89,000 tonnes"][-2:] == ("2005-01-01", "2005-12-31")

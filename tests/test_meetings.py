"""Meetings: one row per real meeting, however many articles report or announce it."""
from pathlib import Path

import pytest

from tests.conftest import build_warehouse, query, run_cli, write_texts

XI_PUTIN = """
    select m.meeting_id, m.meeting_date::varchar, m.date_precision, m.format,
           (select count(distinct r.article_id) from meeting_report r where r.meeting_id = m.meeting_id)
    from meeting m
    where m.meeting_id in (select p.meeting_id from meeting_participant p join entity e using (entity_id)
                           where e.name = 'Xi Jinping')
      and m.meeting_id in (select p.meeting_id from meeting_participant p join entity e using (entity_id)
                           where e.name = 'Vladimir Putin')
    order by m.meeting_date"""

MEETINGS = """
    select m.meeting_date::varchar, m.date_precision, m.format,
           (select name from entity where entity_id = m.location_entity_id),
           (select list(p.participant_name order by p.participant_name) from meeting_participant p
            where p.meeting_id = m.meeting_id),
           (select list(a.source_file order by a.source_file) from meeting_report r join article a using (article_id)
            where r.meeting_id = m.meeting_id)
    from meeting m order by m.meeting_date, m.meeting_id"""


def test_xi_and_putin_met_twice_in_the_reported_weeks(seed_warehouse: Path) -> None:
    meetings = {date: (precision, fmt, reports)
                for _, date, precision, fmt, reports in query(seed_warehouse, XI_PUTIN)}
    assert meetings["2021-12-15"][:2] == ("day", "virtual")
    assert meetings["2022-02-04"][:2] == ("day", "in_person")
    assert meetings["2021-12-15"][2] >= 2
    assert meetings["2022-02-04"][2] >= 2


def test_the_video_call_is_xi_and_putin_alone(seed_warehouse: Path) -> None:
    # "The video conference took place just days after G7 foreign ministers reviewed Russia's
    # threats against Ukraine": another event's places are not the call's participants
    assert query(seed_warehouse, """
        select list(p.participant_name order by p.participant_name)
        from meeting m join meeting_participant p using (meeting_id)
        where m.meeting_date = '2021-12-15' group by m.meeting_id""") == [(["Vladimir Putin", "Xi Jinping"],)]


def test_the_announcement_the_day_before_links_to_the_meeting(seed_warehouse: Path) -> None:
    [(date,)] = query(seed_warehouse, """
        select distinct m.meeting_date::varchar
        from meeting m join meeting_report r using (meeting_id) join article a using (article_id)
        where a.source_file = '001_0dddd304c9819041.txt' and m.date_precision = 'day'""")
    assert date == "2021-12-15"


def test_reports_of_one_meeting_are_one_row(seed_warehouse: Path) -> None:
    rows = query(seed_warehouse, XI_PUTIN)
    day_dated = [date for _, date, precision, _, _ in rows if precision == "day"]
    assert day_dated == ["2021-12-15", "2022-02-04"]
    [(reports,)] = query(seed_warehouse, """
        select count(*) from meeting_report r join meeting m using (meeting_id)
        where m.meeting_date = '2022-02-04'""")
    assert reports >= 2  # several articles, one meeting


def test_past_meetings_mentioned_in_passing_carry_a_coarse_date(seed_warehouse: Path) -> None:
    rows = query(seed_warehouse, MEETINGS)
    past = {(date, precision, tuple(who)) for date, precision, _, _, who, _ in rows if precision == "month"}
    assert ("2019-06-01", "month", ("Russia", "Xi Jinping")) in past  # "In June 2019, Xi made his eighth visit to Russia"
    assert ("2013-03-01", "month", ("Russia", "Xi Jinping")) in past  # "In March 2013, Xi paid a state visit to Russia"
    # "their last meeting, which was held by video link in June" (article of 2021-12-14)
    [(fmt,)] = query(seed_warehouse, """
        select m.format from meeting m where m.meeting_date = '2021-06-01' and m.date_precision = 'month'""")
    assert fmt == "virtual"


def test_meeting_count_counts_meetings_not_reports_nor_stated_totals(seed_warehouse: Path) -> None:
    counts = dict(query(seed_warehouse, """
        select year, meetings from meeting_count
        where entity_a_name = 'Vladimir Putin' and entity_b_name = 'Xi Jinping'"""))
    # 2021: the June video-link meeting and the 15 December virtual meeting (reported by
    # three articles, announced by one of them); 2022: the 4 February meeting in Beijing.
    # (meetings no text dates count under a null year)
    assert {year: n for year, n in counts.items() if year is not None} == {2021: 2, 2022: 1}
    # "have met 36 times since 2013" stays a figure
    assert query(seed_warehouse, "select count(*) from meeting_count where meetings = 36") == [(0,)]
    assert query(seed_warehouse, "select value from figure where metric = 'meeting_count'") == [(36,)]


def test_meeting_tables_are_published(seed_warehouse: Path) -> None:
    for table in ("meeting", "meeting_participant", "meeting_report", "meeting_count"):
        [(kind,)] = query(seed_warehouse, "select table_type from information_schema.tables where table_name = ?",
                          [table])
        assert kind == "VIEW"  # over a published Parquet snapshot
    [(bad,)] = query(seed_warehouse, """
        select count(*) from meeting_participant p left join entity e using (entity_id)
        where p.entity_id is not null and (e.entity_id is null or e.name <> p.participant_name)""")
    assert bad == 0


SHORT = {
    # 2021-12-15 is a Wednesday
    "past_weekday.txt": " date 2021-12-15 Talks\n\nAngela Merkel and Boris Johnson met on Monday in London to discuss trade.\n",
    # 2021-12-14 is a Tuesday
    "future_weekday.txt": " date 2021-12-14 Plans\n\nNarendra Modi will meet Shinzo Abe on Wednesday in Tokyo, officials said.\n",
    "future_month.txt": " date 2021-12-15 Plans\n\nJustin Trudeau and Jacinda Ardern will meet in person in February, their offices said.\n",
    "past_month.txt": " date 2022-03-10 Review\n\nJoe Biden and Angela Merkel met in February to discuss energy.\n",
    "report_a.txt": " date 2021-11-05 Paris\n\nJoe Biden and Emmanuel Macron held talks in Paris on Friday.\n",
    "report_b.txt": " date 2021-11-06 Paris talks\n\nOn Friday, Joe Biden and Emmanuel Macron met in Paris to mend ties after the row.\n",
    "announce.txt": " date 2021-12-14 Announcement\n\nXi Jinping will hold a phone call with Vladimir Putin on Wednesday, the ministry said on Monday.\n",
    "held.txt": " date 2021-12-15 Call held\n\nXi Jinping and Vladimir Putin held a phone call on Wednesday and praised their ties.\n",
    "total.txt": " date 2021-12-14 Totals\n\nXi Jinping and Vladimir Putin have met 36 times since 2013.\n",
}


@pytest.fixture(scope="module")
def short_meetings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    folder = tmp_path_factory.mktemp("meetings")
    raw = write_texts(folder / "raw", SHORT)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return {tuple(files): (date, precision, fmt, place, tuple(who))
            for date, precision, fmt, place, who, files in query(db, MEETINGS)}


def test_weekday_in_the_past_tense_is_the_last_such_day(short_meetings: dict) -> None:
    assert short_meetings[("past_weekday.txt",)] == (
        "2021-12-13", "day", None, "London", ("Angela Merkel", "Boris Johnson"))


def test_weekday_after_will_is_the_next_such_day(short_meetings: dict) -> None:
    assert short_meetings[("future_weekday.txt",)][:2] == ("2021-12-15", "day")
    assert short_meetings[("future_weekday.txt",)][3] == "Tokyo"


def test_a_month_is_the_first_of_the_month_on_the_side_of_the_tense(short_meetings: dict) -> None:
    assert short_meetings[("future_month.txt",)][:3] == ("2022-02-01", "month", "in_person")
    assert short_meetings[("past_month.txt",)][:2] == ("2022-02-01", "month")


def test_two_articles_reporting_one_meeting_make_one_meeting(short_meetings: dict) -> None:
    # "held talks in Paris" places the meeting: in person
    assert short_meetings[("report_a.txt", "report_b.txt")] == (
        "2021-11-05", "day", "in_person", "Paris", ("Emmanuel Macron", "Joe Biden"))


def test_an_announced_meeting_links_to_the_meeting_held(short_meetings: dict) -> None:
    # "said on Monday" dates the statement, not the call
    assert short_meetings[("announce.txt", "held.txt")][:3] == ("2021-12-15", "day", "phone")


def test_a_stated_total_is_not_a_meeting(short_meetings: dict) -> None:
    assert not any("total.txt" in files for files in short_meetings)


# --- issue 15: meetings on any news ----------------------------------------------------------

ANY_NEWS = {
    # BBC-style stories: a headline and paragraphs, no date
    "undated.txt": "Brown and Blair talks\n\nTony Blair held talks with Gordon Brown in Downing Street.\n",
    "clause.txt": ("Summit\n\nAngela Merkel met Nicolas Sarkozy in Paris to discuss the budget, "
                   "officials in Berlin said.\n"),
    "in_text.txt": "Memories\n\nVeterans met on September 11, 2001 and again in 2003 in New York.\n",
    # 2021-12-14 is a Tuesday
    "tomorrow.txt": " date 2021-12-14 Plans\n\nXi Jinping will meet Vladimir Putin tomorrow, officials said.\n",
    "next_week.txt": " date 2021-12-14 Plans\n\nJoe Biden is to meet Emmanuel Macron next week.\n",
    "met_with.txt": " date 2021-12-14 Visit\n\nShinzo Abe met with Barack Obama at the White House today.\n",
    "resume.txt": (" date 2021-12-14 Strike\n\nTalks between British Airways and Unite will resume tomorrow, "
                   "the union said.\n"),
    "target.txt": " date 2021-12-14 Oil\n\nSaudi Arabia and Kuwait will meet demand from China this winter.\n",
    "group.txt": "Protests\n\nDavid Warcup has liaised with several protest groups in Newcastle.\n",
    "subject_group.txt": (" date 1987-03-24 Trade\n\nClayton Yeutter said trade ministers meeting here have "
                          "reached a consensus.\n"),
    "team.txt": " date 1987-03-24 Visit\n\nMikhail Gorbachev met a U.S. Senate team in Moscow.\n",
    "topic.txt": (" date 1987-03-13 Debt\n\nJose Machinea held talks with Citibank on Argentina's foreign debt "
                  "in New York.\n"),
    "own.txt": " date 1987-03-25 Cocoa\n\nInternational Cocoa Organization (ICCO) talks on quotas have slowed.\n",
    "hard.txt": " date 1987-03-18 Ships\n\nTom Kay told John Block the rule has been difficult to meet.\n",
    "day_first.txt": "Tobacco\n\nPhilip Morris met Brown and Williamson in New York on 15 December, 1953.\n",
    "two_groups.txt": (" date 1987-03-03 Port\n\nEmployers and the port union, FNV, are to meet again this "
                       "afternoon.\n"),
    "group_of.txt": (" date 1987-03-25 Cocoa\n\nThe buffer stock working group of consumers and producers was "
                     "set to meet later today.\n"),
    "pronoun.txt": ("Russia\n\nGeorge W Bush backed the Russian bid. His comments came three days before he is "
                    "due to meet President Vladimir Putin.\n"),
    "lone.txt": ("China\n\nJack Straw, who will hold talks in Beijing on Thursday, said the code works.\n\n"
                 "Human rights groups were not convinced.\n\n"
                 "He will meet Chinese counterpart Li Zhaoxing to discuss relations.\n"),
    "lead.txt": ("Pensions\n\nTalks aimed at averting a strike will take place this weekend. Five public sector "
                 "unions will hold private talks with John Prescott in Gateshead.\n"),
    "acronym.txt": "Trade\n\nIndia, which attends the G7 meeting on Friday, wants fair trade rules.\n",
    "place_before.txt": (" date 1987-03-16 Iran\n\nThe Geneva talks between Iran and the United States "
                         "resumed today.\n"),
    "sold_to.txt": (" date 1987-03-17 Stores\n\nK Mart Corp said talks to sell its stores to F.W. Woolworth Co "
                    "have ended.\n"),
    "when.txt": (" date 1987-03-16 Trade\n\nFarmers were worried when Japan and China held talks in "
                 "January.\n"),
    "it_said.txt": (" date 1987-03-12 Realty\n\nSouthwest Realty Ltd reported a loss. It said talks are under way "
                    "with lenders on other properties.\n"),
    "officials.txt": ("Rules\n\nThe latest delegation from the Confederation of British Industry met SEC officials "
                      "on Wednesday.\n"),
    "own_group.txt": ("Games\n\nPatricia Hewitt will speak at a games industry meeting on Sunday.\n"),
    "postponed.txt": (" date 1987-03-13 Oil\n\nSubroto said a meeting of the OPEC Differentials Committee had "
                      "been postponed.\n"),
    "met_by.txt": (" date 1987-03-04 Debt\n\nArgentina's efforts should be met by a reduction in interest "
                   "rates, Daniel Marx said.\n"),
    "argued_for.txt": ("Turkey\n\nTony Blair is an enthusiastic proponent of talks to bring Turkey into the EU. "
                       "Jacques Chirac will miss an address to the summit from Iyad Allawi.\n"),
    # the people who act for a country are the country
    "delegation.txt": (" date 1987-03-24 Trade\n\nClayton Yeutter arrived in Taupo on Monday. He said he will meet "
                       "the Japanese delegation tomorrow.\n"),
    "government.txt": ("Rail\n\nFrance faces a rail strike. The government will hold talks with the rail unions "
                       "in Paris, officials in France said.\n"),
    "want_government.txt": ("Pensions\n\nFive unions in Britain will hold talks with John Prescott in Gateshead.\n\n"
                            "The five unions meeting Mr Prescott want the government to withdraw the rules.\n"),
    "two_countries.txt": (" date 1987-03-24 Chips\n\nJapan and the United States are at odds over chips. "
                          "Officials said the two countries will hold trade talks in April.\n"),
    "two_bodies.txt": (" date 1987-03-24 Ships\n\nAcme Corp and Zenith Inc disagree on the price. Acme Corp said "
                       "it is ready. Jim Smith said the two companies are negotiating a merger.\n"),
    "venue.txt": "Oil\n\nExxon Corp held talks with Royal Dutch Shell at the Savoy Hotel, London, last week.\n",
    "annual.txt": (" date 1987-03-17 Greenmail\n\nGAMCO Investors Inc plans to propose a provision at the "
                   "GenCorp Inc annual meeting, GAMCO Investors said.\n"),
    "party_meeting.txt": "Hunt\n\nA Labour Party meeting in Gateshead drew a large crowd on Sunday.\n",
    "said_name.txt": (" date 1987-03-24 Moscow\n\nTass said Mikhail Gorbachev met George Shultz in Moscow.\n"),
    "he_and.txt": (" date 1987-03-13 Debt\n\nJose Machinea said Argentina had support. He said he and Juan "
                   "Sourrouille had discussed the loan with David Knox.\n"),
    # a country's officials in any case are the country; a group word that ends a name is the name's
    "us_officials.txt": (" date 1987-03-02 Debt\n\nDilson Funaro said on Friday that his talks with U.S. Officials had "
                         "brought no new arrangement.\n"),
    "board_name.txt": ("Debt\n\nDilson Funaro had met Federal Reserve Board Chairman Paul Volcker and Treasury "
                       "Secretary James Baker.\n"),
    "meeting_of.txt": ("Trade\n\nClayton Yeutter is in Taupo for a two-day informal meeting of trade "
                       "ministers.\n"),
    "building.txt": ("Rock\n\nJack Straw held talks with Miguel Moratinos at the foreign secretary's official "
                     "Kent house, Chevening.\n"),
    "noted.txt": ("Wheat\n\nJim Miller noted Secretary George Shultz is scheduled to meet Eduard "
                  "Shevardnadze.\n"),
    "g8.txt": "Africa\n\nJuly's G8 summit in Gleneagles will use the report as its basis.\n",
    "led_by.txt": (" date 1987-03-15 Zambia\n\nThe IMF mission, led by assistant director for Africa Paul Acquah, "
                   "is due to conclude its talks with Kenneth Kaunda.\n"),
    "departments.txt": (" date 1987-03-18 Cargo\n\nThe Agriculture Department and the Transportation "
                        "Department are negotiating a memorandum.\n"),
    "topic_with.txt": (" date 1987-03-16 Debt\n\nAn Argentine mission is in Washington concluding negotiations "
                       "on the debt of Brazil with 11 creditor banks.\n"),
    "week_day.txt": (" date 1987-03-02 Loans\n\nGhanaian officials will meet with Swiss creditor banks in "
                     "Zurich later this week.\n\nSwiss banks will ask Ghana to publish its budget at the meeting on "
                     "Wednesday.\n"),
    # no meeting reported: a hoped-for visit, a regular meeting described, a fronted meeting phrase
    "hope_visit.txt": ("Debt\n\nDilson Funaro hopes to visit Canada and Japan next week before starting "
                       "negotiations with banks.\n"),
    "annual_held.txt": ("Wheat\n\nThe annual spring board of directors meeting is held in Washington to allow "
                        "farmers to meet with their congressional delegations.\n"),
    "fronted.txt": "Cocoa\n\nAt the January meeting, France sided with producers on the buffer stock.\n",
    "one_body.txt": "Steel\n\nThe European Commission met in Brussels on Friday to review steel quotas.\n",
    "and_the.txt": ("Wheat\n\nGeorge Shultz will meet Eduard Shevardnadze next month, and the National "
                    "Association of Wheat Growers wants him to raise grain sales.\n"),
    "firms_met.txt": ("Smoking\n\nCentral to the case was a meeting in a New York hotel in 1953. Executives "
                      "from the big cigarette firms met and agreed a common line.\n"),
    "leaders_meet.txt": "Leaders meet over trade\n\nTony Blair has met Gerhard Schroeder to talk about trade.\n",
    "pointed_out.txt": ("Stores\n\nAcme Corp is holding talks with the Soviet Union. But the spokeswoman pointed "
                        "out that many companies are holding talks with the Soviets.\n"),
}


@pytest.fixture(scope="module")
def any_news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("any_news")
    raw = write_texts(folder / "raw", ANY_NEWS)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return db


def meetings_of(db: Path, source_file: str) -> list[tuple]:
    return [(date, precision, tuple(who)) for date, precision, _, _, who, files in query(db, MEETINGS)
            if source_file in files]


def test_an_undated_meeting_is_kept_and_counted(any_news: Path) -> None:
    assert meetings_of(any_news, "undated.txt") == [(None, "unknown", ("Gordon Brown", "Tony Blair"))]
    assert query(any_news, """
        select year, meetings from meeting_count
        where entity_a_name = 'Gordon Brown' and entity_b_name = 'Tony Blair'""") == [(None, 1)]


def test_participants_are_the_parties_of_the_meeting_clause(any_news: Path) -> None:
    # not the place it is held in, not the city of the officials who speak of it
    assert meetings_of(any_news, "clause.txt") == [(None, "unknown", ("Angela Merkel", "Nicolas Sarkozy"))]


def test_a_group_the_clause_names_is_a_participant(any_news: Path) -> None:
    # written as in the text, without its quantifier; no entity, so entity_id is null
    assert meetings_of(any_news, "group.txt") == [(None, "unknown", ("David Warcup", "protest groups"))]
    assert meetings_of(any_news, "subject_group.txt") == [("1987-03-24", "day", ("Clayton Yeutter", "trade ministers"))]
    assert query(any_news, """
        select count(*) from meeting_participant p
        where p.participant_name = 'protest groups' and p.entity_id is null""") == [(1,)]


def test_a_name_inside_a_group_is_not_a_party_of_its_own(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "team.txt")
    assert who == ("Mikhail Gorbachev", "U.S. Senate team")


def test_the_town_of_the_venue_is_not_a_party(any_news: Path) -> None:
    assert meetings_of(any_news, "venue.txt") == [(None, "unknown", ("Exxon Corp", "Royal Dutch Shell"))]


def test_the_topic_of_the_talks_is_not_a_party(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "topic.txt")
    assert "Argentina" not in who and "New York" not in who and len(who) == 2


def test_relative_days_resolve_against_the_article_date(any_news: Path) -> None:
    assert meetings_of(any_news, "tomorrow.txt") == [("2021-12-15", "day", ("Vladimir Putin", "Xi Jinping"))]
    assert meetings_of(any_news, "next_week.txt") == [("2021-12-20", "week", ("Emmanuel Macron", "Joe Biden"))]


def test_talks_resume_and_met_with_are_meetings(any_news: Path) -> None:
    assert meetings_of(any_news, "met_with.txt") == [("2021-12-14", "day", ("Barack Obama", "Shinzo Abe"))]
    [(date, precision, who)] = meetings_of(any_news, "resume.txt")
    assert (date, precision) == ("2021-12-15", "day")
    assert "British Airways" in who and len(who) == 2


def test_meeting_a_demand_is_not_a_meeting(any_news: Path) -> None:
    assert meetings_of(any_news, "target.txt") == []


def test_a_date_written_in_the_text_is_not_the_published_date(any_news: Path) -> None:
    assert query(any_news, "select published_date from article where source_file = 'in_text.txt'") == [(None,)]
    assert query(any_news, "select published_date from article where source_file = 'undated.txt'") == [(None,)]


def test_an_organisation_named_before_its_talks_meets_alone(any_news: Path) -> None:
    [(date, _, who)] = meetings_of(any_news, "own.txt")
    assert who == ("International Cocoa Organization",)


def test_a_rule_difficult_to_meet_is_not_a_meeting(any_news: Path) -> None:
    assert meetings_of(any_news, "hard.txt") == []


def test_an_undated_article_dates_a_meeting_by_a_day_first_date_with_its_year(any_news: Path) -> None:
    [(date, precision, _)] = meetings_of(any_news, "day_first.txt")
    assert (date, precision) == ("1953-12-15", "day")


def test_two_groups_meet_without_a_named_party(any_news: Path) -> None:
    # the second group is named in apposition ("the port union, FNV,"): its name is the party
    assert meetings_of(any_news, "two_groups.txt") == [("1987-03-03", "day", ("Employers", "FNV"))]
    assert query(any_news, """
        select count(*) from meeting_participant p
        join meeting_report r using (meeting_id) join article a using (article_id)
        where a.source_file = 'two_groups.txt' and p.entity_id is null""") == [(2,)]


def test_a_group_of_others_is_those_others(any_news: Path) -> None:
    assert meetings_of(any_news, "group_of.txt") == [("1987-03-25", "day", ("consumers", "producers"))]


def test_he_is_the_person_named_last_before(any_news: Path) -> None:
    assert meetings_of(any_news, "pronoun.txt") == [(None, "unknown", ("George W Bush", "Vladimir Putin"))]


def test_a_passage_naming_one_party_reports_that_party_s_meeting(any_news: Path) -> None:
    # "Jack Straw, who will hold talks in Beijing" and "He will meet ... Li Zhaoxing": one
    # meeting, reported twice, without Beijing
    assert meetings_of(any_news, "lone.txt") == [(None, "unknown", ("Jack Straw", "Li Zhaoxing"))]
    assert query(any_news, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'lone.txt'""") == [(2,)]


def test_talks_that_take_place_are_the_talks_of_the_next_sentence(any_news: Path) -> None:
    # the group without its number; the lead sentence names no party but reports the talks
    assert meetings_of(any_news, "lead.txt") == [(None, "unknown", ("John Prescott", "public sector unions"))]
    [(first_report,)] = query(any_news, """
        select min(r.start_char) from meeting_report r join article a using (article_id)
        where a.source_file = 'lead.txt'""")
    assert first_report == query(any_news, """
        select position('Talks aimed' in body) - 1 from article where source_file = 'lead.txt'""")[0][0]


def test_an_acronym_before_the_meeting_word_is_a_party(any_news: Path) -> None:
    assert meetings_of(any_news, "acronym.txt") == [(None, "unknown", ("G7", "India"))]


def test_a_place_named_before_the_talks_is_not_a_party(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "place_before.txt")
    assert "Geneva" not in who and "Iran" in who and len(who) == 2


def test_a_company_sold_to_is_a_party(any_news: Path) -> None:
    assert meetings_of(any_news, "sold_to.txt") == [(None, "unknown", ("F.W. Woolworth Co", "K Mart Corp"))]


def test_a_meeting_in_a_when_clause_is_that_clause_s(any_news: Path) -> None:
    [(date, precision, who)] = meetings_of(any_news, "when.txt")
    assert (date, precision, who) == ("1987-01-01", "month", ("China", "Japan"))


def test_talks_argued_for_and_an_address_to_a_summit_are_not_meetings(any_news: Path) -> None:
    assert meetings_of(any_news, "argued_for.txt") == []


def test_it_before_talks_with_a_group_is_the_company_named_before(any_news: Path) -> None:
    assert meetings_of(any_news, "it_said.txt") == [("1987-03-12", "day", ("Southwest Realty Ltd", "lenders"))]


def test_a_delegation_from_a_body_and_its_officials_are_the_bodies(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "officials.txt")
    assert "Confederation of British Industry" in who and len(who) == 2
    assert not any("officials" in name for name in who)


def test_a_group_s_own_meeting_is_a_party(any_news: Path) -> None:
    assert meetings_of(any_news, "own_group.txt") == [(None, "unknown", ("Patricia Hewitt", "games industry"))]


def test_a_postponed_meeting_and_a_hope_met_by_a_cut_are_not_meetings(any_news: Path) -> None:
    assert meetings_of(any_news, "postponed.txt") == []
    assert meetings_of(any_news, "met_by.txt") == []


def test_a_country_s_delegation_is_the_country(any_news: Path) -> None:
    # "he" after "He said" is the person named before; the delegation is Japan's, no group
    assert meetings_of(any_news, "delegation.txt") == [("1987-03-25", "day", ("Clayton Yeutter", "Japan"))]


def test_the_government_is_the_country_the_article_names(any_news: Path) -> None:
    assert meetings_of(any_news, "government.txt") == [(None, "unknown", ("France", "rail unions"))]
    # a government that is the object of another verb ("want the government to") is no party
    assert not [who for _, _, who in meetings_of(any_news, "want_government.txt") if "United Kingdom" in who]


def test_the_two_countries_are_the_two_the_article_names(any_news: Path) -> None:
    assert meetings_of(any_news, "two_countries.txt") == [("1987-04-01", "month", ("Japan", "United States"))]


def test_he_as_the_subject_is_the_person_named_before_and_the_speaker_is_no_party(any_news: Path) -> None:
    assert meetings_of(any_news, "he_and.txt") == [(None, "unknown", ("David Knox", "Jose Machinea", "Juan Sourrouille"))]


def test_the_two_companies_are_the_two_the_article_names_most(any_news: Path) -> None:
    # the speaker before "said" is no party: the clause is the one "said" reports
    assert meetings_of(any_news, "two_bodies.txt") == [("1987-03-24", "day", ("Acme Corp", "Zenith Inc"))]
    assert meetings_of(any_news, "said_name.txt") == [(None, "unknown", ("George Shultz", "Mikhail Gorbachev"))]


def test_the_body_whose_meeting_it_is_is_a_party_but_a_party_s_meeting_alone_is_none(any_news: Path) -> None:
    # "at the GenCorp Inc annual meeting": GenCorp's meeting, no place; GAMCO is named once
    assert meetings_of(any_news, "annual.txt") == [(None, "unknown", ("GAMCO Investors Inc", "GenCorp Inc"))]
    assert meetings_of(any_news, "party_meeting.txt") == []


def test_a_country_s_officials_in_any_case_and_a_department_s_short_name(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "us_officials.txt")
    assert who == ("Dilson Funaro", "United States")
    [(_, _, who)] = meetings_of(any_news, "departments.txt")
    assert who == ("United States Department of Agriculture", "United States Department of Transportation")


def test_a_name_ending_in_a_group_word_describes_the_person_after_it(any_news: Path) -> None:
    # "Federal Reserve Board Chairman Paul Volcker": no group "Federal Reserve Board"
    assert meetings_of(any_news, "board_name.txt") == [(None, "unknown", ("Dilson Funaro", "James Baker", "Paul Volcker"))]


def test_a_meeting_of_a_group_names_the_group(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "meeting_of.txt")
    assert who == ("Clayton Yeutter", "trade ministers")


def test_the_building_and_its_name_are_no_parties(any_news: Path) -> None:
    assert meetings_of(any_news, "building.txt") == [(None, "unknown", ("Jack Straw", "Miguel Moratinos"))]


def test_the_speaker_of_noted_is_no_party(any_news: Path) -> None:
    assert meetings_of(any_news, "noted.txt") == [(None, "unknown", ("Eduard Shevardnadze", "George Shultz"))]


def test_an_acronym_s_own_summit_is_a_meeting(any_news: Path) -> None:
    assert [who for _, _, who in meetings_of(any_news, "g8.txt")] == [("G8",)]


def test_the_leader_of_a_team_in_apposition_is_no_party(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "led_by.txt")
    assert "International Monetary Fund" in who and not any("Acquah" in name for name in who)


def test_a_hoped_for_visit_a_regular_meeting_and_a_fronted_meeting_phrase_are_no_meetings(any_news: Path) -> None:
    assert meetings_of(any_news, "hope_visit.txt") == []
    assert meetings_of(any_news, "annual_held.txt") == []
    assert meetings_of(any_news, "fronted.txt") == []


def test_one_body_s_own_session_is_no_meeting(any_news: Path) -> None:
    # "The European Commission met": one body alone, unlike an intergovernmental body's meeting
    assert meetings_of(any_news, "one_body.txt") == []
    assert [who for _, _, who in meetings_of(any_news, "own.txt")] == [("International Cocoa Organization",)]


def test_the_party_named_after_the_topic_is_a_party_and_the_topic_is_not(any_news: Path) -> None:
    # "negotiations on the debt of Brazil with 11 creditor banks": the banks, not Brazil
    [(_, _, who)] = meetings_of(any_news, "topic_with.txt")
    assert who == ("Argentina", "creditor banks")


def test_a_week_dated_report_joins_the_day_of_that_week_and_a_group_is_its_last_word(any_news: Path) -> None:
    # "Swiss creditor banks" later this week, "Swiss banks" on Wednesday: one meeting
    assert meetings_of(any_news, "week_day.txt") == [("1987-03-04", "day", ("Ghana", "Swiss banks"))]


def test_talks_others_hold_that_a_speaker_points_out_are_no_meeting_of_hers(any_news: Path) -> None:
    # "the spokeswoman pointed out that many companies are holding talks": the clause after "that"
    assert [who for _, _, who in meetings_of(any_news, "pointed_out.txt")] == [("Acme Corp", "Soviet Union")]


def test_a_main_clause_after_and_the_is_no_part_of_the_meeting_clause(any_news: Path) -> None:
    [(_, _, who)] = meetings_of(any_news, "and_the.txt")
    assert who == ("Eduard Shevardnadze", "George Shultz")


def test_a_named_group_that_meets_alone_is_a_meeting_of_its_members(any_news: Path) -> None:
    # the passage naming no party reports the meeting of the next sentence
    assert [who for _, _, who in meetings_of(any_news, "firms_met.txt")] == [("big cigarette firms",)]
    # a headline's bare "Leaders meet" is no meeting of its own
    assert [who for _, _, who in meetings_of(any_news, "leaders_meet.txt")] == [("Gerhard Schroeder", "Tony Blair")]


NOT_PARTIES_OR_NOT_HELD = {
    # a speaker named after the quote that reports a meeting is no party of it
    "speaker.txt": (" date 1987-03-10 Visit\n\n\"When the Chancellor meets Prime Minister Francois Mitterrand "
                    "next month, trade will come up -- ,\" Karl Weber said.\n"),
    # a quoted demand met is no meeting
    "quoted_demand.txt": (" date 1987-03-10 Oil\n\nSaudi Arabia and Kuwait met \"rising demand\" from China "
                          "last winter.\n"),
    # a summit only hoped for, negotiations only sought
    "hoped_summit.txt": ("Water\n\nHosni Mubarak and King Hussein hoped the next summit would tackle water "
                         "shortages.\n"),
    "seek.txt": (" date 1987-03-10 Trade\n\nThe cabinet of Japan approved a plan to seek negotiations with "
                 "South Korea and Taiwan.\n"),
}


@pytest.fixture(scope="module")
def not_parties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("not_parties"), NOT_PARTIES_OR_NOT_HELD)


def test_a_speaker_after_the_quote_is_no_party_of_the_meeting_it_reports(not_parties: Path) -> None:
    # the people named are Mitterrand alone: too few for a meeting of their own, and never Weber
    assert not any("Karl Weber" in who for _, _, who in meetings_of(not_parties, "speaker.txt"))
    assert query(not_parties, """
        select count(*) from meeting_participant where participant_name = 'Karl Weber'""") == [(0,)]


def test_a_quoted_demand_met_is_no_meeting(not_parties: Path) -> None:
    assert meetings_of(not_parties, "quoted_demand.txt") == []


def test_a_summit_hoped_for_is_no_meeting(not_parties: Path) -> None:
    assert meetings_of(not_parties, "hoped_summit.txt") == []


def test_negotiations_sought_are_no_meeting(not_parties: Path) -> None:
    assert meetings_of(not_parties, "seek.txt") == []


TITLES_AND_REFERRING_BACK = {
    # a capitalised "Meet" before a name is a title, no meeting; a real meeting beside it stays
    "titles.txt": ("Films\n\nRobert De Niro stars with Ben Stiller in Meet the Fockers, which topped the chart. "
                   "Senator Bob Dole told Meet the Press that taxes would rise.\n"),
    "title_and_meeting.txt": ("Visit\n\nTony Blair met Gerhard Schroeder in Berlin, a day after Blair appeared "
                              "on Meet the Press.\n"),
    # a later report that refers back to the talks ("its talks") names fewer parties and another date
    "its_talks.txt": (" date 1987-03-15 Zambia\n\nZambia's talks with the World Bank and the International "
                      "Monetary Fund on a rescue package have run into difficulties, officials said.\n\n"
                      "The IMF mission arrived in Lusaka on February 26 and its talks with Zambia have taken "
                      "longer than expected.\n"),
    # a rule met, an invitation to talks, an official chairing a meeting are no meetings
    "golden_rule.txt": ("Budget\n\nVincent Cable called on Gordon Brown to open the books to the National Audit "
                        "Office, to see if he had met his \"golden rule\".\n"),
    "invited.txt": (" date 1987-03-25 Oil\n\nIn February, Canadian Energy Minister Marcel Masse was invited to "
                    "Caracas for talks with Arturo Hernandez Grisanti.\n"),
    "chaired.txt": ("Visas\n\nDavid Blunkett chaired a meeting to discuss delays in the visa system after he "
                    "learned of Leoncia Casalme's wait.\n"),
    "chaired_with.txt": "Talks\n\nTony Blair chaired a meeting with Gerhard Schroeder in Berlin.\n",
    # an organisation whose members gather for a summit or meet is that organisation's meeting
    "members_gather.txt": ("Trade\n\nTalks must be finished by December, when the World Trade Organization's 148 "
                           "current members gather for a summit in Hong Kong.\n"),
    "members_met.txt": " date 1987-03-10 Oil\n\nOPEC members met in Vienna on Monday.\n",
    # "the next talks" are another meeting
    "next_talks.txt": (" date 1987-03-15 Zambia\n\nZambia's talks with the World Bank and the International "
                       "Monetary Fund ended on Monday.\n\nThe next talks between Zambia and the International "
                       "Monetary Fund will open in Washington in May.\n"),
    # the talks whose end someone predicts: the one who predicts is no party
    "predicted_end.txt": ("Gulf\n\nJean Raimond predicted a successful end to negotiations between the European "
                          "Community and the Gulf Cooperation Council.\n"),
    "predicted_one.txt": ("Gulf\n\nJean Raimond predicted a successful end to negotiations to admit Gulf exports "
                          "into the European Community.\n\nNegotiations have been under way between the European "
                          "Community and the Gulf Cooperation Council for three years.\n"),
    # talks that ended, or last night's talks, named by no party: the talks of the sentence before
    "talks_ended.txt": (" date 1987-03-10 Jets\n\nAcme Corp said recent talks with Zenith Inc about a new "
                        "jetliner had failed.\n\nTalks ended when neither side wanted to drop its own plans.\n"),
    "last_night.txt": (" date 1987-03-03 Port\n\nAcme Corp and Zenith Inc are to meet again this afternoon.\n\n"
                       "Little progress was made in last night's three hours of talks.\n"),
    "next_ended.txt": (" date 1987-03-10 Jets\n\nAcme Corp said recent talks with Zenith Inc had failed.\n\n"
                       "The next talks ended before they began.\n"),
}


@pytest.fixture(scope="module")
def titles_and_referring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("titles"), TITLES_AND_REFERRING_BACK)


def test_a_title_with_meet_is_no_meeting(titles_and_referring: Path) -> None:
    assert meetings_of(titles_and_referring, "titles.txt") == []
    assert [who for _, _, who in meetings_of(titles_and_referring, "title_and_meeting.txt")] == [
        ("Gerhard Schroeder", "Tony Blair")]


def test_talks_referred_back_to_are_the_meeting_reported_before(titles_and_referring: Path) -> None:
    [(_, _, who)] = meetings_of(titles_and_referring, "its_talks.txt")  # one meeting, not two
    assert {"Zambia", "International Monetary Fund", "World Bank"} <= set(who)
    [(reports,)] = query(titles_and_referring, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'its_talks.txt'""")
    assert reports == 2


def test_the_next_talks_are_another_meeting(titles_and_referring: Path) -> None:
    assert len(meetings_of(titles_and_referring, "next_talks.txt")) == 2


def test_a_rule_met_an_invitation_and_a_meeting_chaired_alone_are_no_meetings(titles_and_referring: Path) -> None:
    for name in ("golden_rule.txt", "invited.txt", "chaired.txt"):
        assert meetings_of(titles_and_referring, name) == [], name
    assert [who for _, _, who in meetings_of(titles_and_referring, "chaired_with.txt")] == [
        ("Gerhard Schroeder", "Tony Blair")]


def test_an_organisation_whose_members_gather_or_meet_is_the_meeting_s_party(titles_and_referring: Path) -> None:
    [(_, _, who)] = meetings_of(titles_and_referring, "members_gather.txt")
    assert len(who) == 1 and "World Trade Organization" in who[0]
    [(date, _, who)] = meetings_of(titles_and_referring, "members_met.txt")
    assert (date, len(who)) == ("1987-03-09", 1)


def test_talks_that_ended_with_no_party_named_are_the_talks_before(titles_and_referring: Path) -> None:
    [(_, _, who)] = meetings_of(titles_and_referring, "talks_ended.txt")
    assert who == ("Acme Corp", "Zenith Inc")
    [(reports,)] = query(titles_and_referring, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'talks_ended.txt'""")
    assert reports == 2
    # "the next talks" are other talks: not joined to those before
    [(reports,)] = query(titles_and_referring, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'next_ended.txt'""")
    assert reports == 1


def test_last_night_s_talks_are_reported_with_the_parties_before(titles_and_referring: Path) -> None:
    assert [who for _, _, who in meetings_of(titles_and_referring, "last_night.txt")] == [("Acme Corp", "Zenith Inc")]
    [(reports,)] = query(titles_and_referring, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'last_night.txt'""")
    assert reports == 2


def test_the_one_who_predicts_an_end_to_talks_is_no_party(titles_and_referring: Path) -> None:
    [(_, _, who)] = meetings_of(titles_and_referring, "predicted_end.txt")
    assert who == ("European Community", "Gulf Cooperation Council")
    # naming one organisation, the talks are the meeting of that organisation reported next to them
    [(_, _, who)] = meetings_of(titles_and_referring, "predicted_one.txt")
    assert who == ("European Community", "Gulf Cooperation Council")
    [(reports,)] = query(titles_and_referring, """
        select count(*) from meeting_report r join article a using (article_id)
        where a.source_file = 'predicted_one.txt'""")
    assert reports == 2

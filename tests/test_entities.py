"""Canonical entities across the corpus: each rule on a few short texts, asserted in the SQL a user runs."""
import datetime as dt
from pathlib import Path

import pytest

from loader.config import load_settings
from loader.warehouse.dbt import build as dbt_build
from tests.conftest import query, run_cli, write_texts

TEXTS = {
    # short forms: resolved within an article, never across articles
    "putin_full.txt": "Russian President Vladimir Putin spoke at the Kremlin on Monday. Putin said the talks went well.",
    "putin_short.txt": "Putin told the Kremlin on Tuesday that gas supplies to Germany would continue.",
    "horse.txt": "Putin, a horse owned by Sheikh Mohammed, won the big race at Ascot on Saturday.",
    # two people called Bush
    "george.txt": "Former President George Bush met Dick Cheney in Texas. Bush spoke to farmers.",
    "laura.txt": "Laura Bush opened a library in Dallas. Bush praised the teachers.",
    "bush.txt": "Bush and Dick Cheney spoke to reporters on Monday.",
    # acronyms
    "wto_full.txt": "The World Trade Organization (WTO) ruled against the tariffs on Monday, said Pascal Lamy.",
    "wto_short.txt": "The WTO will meet in Geneva next week to discuss farm subsidies, said Pascal Lamy.",
    "wto_british.txt": "Farm ministers met at the World Trade Organisation in Geneva on Friday.",
    "adb_full.txt": "The Asian Development Bank cut its growth forecast on Monday. The ADB said exports fell.",
    "adb_short.txt": "The ADB will lend more to Vietnam, its president said in Manila.",
    # demonyms
    "russia.txt": "Russian troops massed near the border. Russia denied any plan to invade Ukraine.",
    # spelling variants
    "qaeda_a.txt": "Officials said al-Qaeda was behind the attack in Kabul.",
    "qaeda_b.txt": "Officials said Al Qaeda was behind the attack in Baghdad.",
    "mourinho_a.txt": "Chelsea manager José Mourinho praised his players on Saturday.",
    "mourinho_b.txt": "Chelsea manager Jose Mourinho criticised the referee on Sunday.",
    "us_a.txt": "The U.S. imposed sanctions on Iran on Friday.",
    "us_b.txt": "The US imposed sanctions on Syria on Friday.",
    # aliases
    "britain.txt": "Britain and France signed the deal in London.",
}

ENTITY_OF = """
    select e.name, e.entity_type
    from mention m join entity e using (entity_id) join article a using (article_id)
    where a.source_file = ? and m.mention_text = ?"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entities")
    raw = write_texts(folder / "raw", TEXTS)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return db


def entity_of(db: Path, source_file: str, text: str) -> set[tuple[str, str]]:
    return set(query(db, ENTITY_OF, [source_file, text]))


def names(db: Path, entity_type: str) -> set[str]:
    return {name for (name,) in query(db, "select name from entity where entity_type = ?", [entity_type])}


def test_a_short_form_joins_the_full_name_its_own_article_names(db: Path) -> None:
    assert entity_of(db, "putin_full.txt", "Putin") == {("Vladimir Putin", "PERSON")}


def test_a_lone_short_form_is_not_resolved_across_articles(db: Path) -> None:
    # other articles say "Vladimir Putin ... Putin", but these never name him in full
    assert entity_of(db, "putin_short.txt", "Putin") == {("Putin", "PERSON")}
    assert entity_of(db, "horse.txt", "Putin") == {("Putin", "PERSON")}
    assert {"Putin", "Vladimir Putin"} <= names(db, "PERSON")


def test_a_surname_two_people_share_stays_as_it_is(db: Path) -> None:
    assert entity_of(db, "george.txt", "Bush") == {("George Bush", "PERSON")}
    assert entity_of(db, "laura.txt", "Bush") == {("Laura Bush", "PERSON")}
    assert entity_of(db, "bush.txt", "Bush") == {("Bush", "PERSON")}


def test_an_acronym_joins_the_name_its_article_spells_it_out_as(db: Path) -> None:
    [(name, entity_type)] = entity_of(db, "wto_full.txt", "WTO")
    assert name.removeprefix("The ") in ("World Trade Organization", "World Trade Organisation")
    assert entity_type == "ORG"
    # WTO is in the alias seed too, so it resolves where it is not spelled out
    assert entity_of(db, "wto_short.txt", "WTO") == {("World Trade Organization", "ORG")}
    # an acronym the seed does not know resolves only where its article spells it out
    assert entity_of(db, "adb_full.txt", "ADB") == {("Asian Development Bank", "ORG")}
    assert {name for name, _ in entity_of(db, "adb_short.txt", "ADB")} == {"ADB"}


def test_demonyms_stay_apart_from_countries(db: Path) -> None:
    [(russian,)] = query(db, "select entity_id from entity where name = 'Russian' and entity_type = 'NORP'")
    [(russia,)] = query(db, "select entity_id from entity where name = 'Russia' and entity_type = 'GPE'")
    assert russian != russia
    assert entity_of(db, "russia.txt", "Russian") == {("Russian", "NORP")}
    assert entity_of(db, "russia.txt", "Russia") == {("Russia", "GPE")}


@pytest.mark.parametrize(("first", "second"), [
    (("qaeda_a.txt", "al-Qaeda"), ("qaeda_b.txt", "Al Qaeda")),
    (("mourinho_a.txt", "José Mourinho"), ("mourinho_b.txt", "Jose Mourinho")),
    (("us_a.txt", "U.S."), ("us_b.txt", "US")),
    (("wto_full.txt", "World Trade Organization"), ("wto_british.txt", "World Trade Organisation")),
])
def test_spelling_variants_are_one_entity(db: Path, first: tuple[str, str], second: tuple[str, str]) -> None:
    entity = entity_of(db, *first)
    assert len(entity) == 1
    assert entity_of(db, *second) == entity


def test_aliases_keep_the_kremlin_an_organisation_of_its_own(db: Path) -> None:
    assert entity_of(db, "putin_full.txt", "Kremlin") == {("Kremlin", "ORG")}
    assert entity_of(db, "putin_short.txt", "Kremlin") == {("Kremlin", "ORG")}
    assert entity_of(db, "us_a.txt", "U.S.") == {("United States", "GPE")}
    assert entity_of(db, "britain.txt", "Britain") == {("United Kingdom", "GPE")}


ROWS = {table: f"select * from {table} order by all"
        for table in ("entity", "mention", "entity_pair", "figure_entity", "entity_summary")}


def test_a_new_article_leaves_old_mentions_as_they_are_and_incremental_equals_full_refresh(tmp_path: Path) -> None:
    first = {
        "putin_short.txt": "Putin told the Kremlin on Tuesday that gas supplies to Germany would rise 5 percent.",
        "qaeda_a.txt": TEXTS["qaeda_a.txt"],
    }
    raw = write_texts(tmp_path / "raw", first)
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert entity_of(db, "putin_short.txt", "Putin") == {("Putin", "PERSON")}
    assert entity_of(db, "qaeda_a.txt", "al-Qaeda") == {("al-Qaeda", "ORG")}
    [(qaeda,)] = query(db, "select entity_id from entity where name = 'al-Qaeda'")
    old = "select m.* from mention m join article a using (article_id) where a.source_file = any(?) order by all"
    before = query(db, old, [list(first)])

    write_texts(raw, {
        "putin_full.txt": TEXTS["putin_full.txt"],
        "qaeda_b.txt": TEXTS["qaeda_b.txt"],
        "qaeda_c.txt": "Al Qaeda claimed the attack, officials in Baghdad said.",
    })
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    assert query(db, old, [list(first)]) == before  # old mentions are not rewritten
    assert entity_of(db, "putin_short.txt", "Putin") == {("Putin", "PERSON")}
    assert entity_of(db, "putin_full.txt", "Putin") == {("Vladimir Putin", "PERSON")}
    # the most used spelling renames the entity; its id, and so the old mention, stays
    assert entity_of(db, "qaeda_a.txt", "al-Qaeda") == {("Al Qaeda", "ORG")}
    assert query(db, "select entity_id from entity where name = 'Al Qaeda'") == [(qaeda,)]
    incremental = {table: query(db, sql) for table, sql in ROWS.items()}
    assert all(incremental.values())

    assert query(db, SUMMARY) == query(db, SUMMARY_FROM_MENTIONS)

    assert run_cli("build", "--full-refresh", "--db", str(db), "--quiet") == 0
    assert {table: query(db, sql) for table, sql in ROWS.items()} == incremental


SUMMARY = "select entity_id, mentions, articles, first_seen, last_seen from entity_summary order by all"
SUMMARY_FROM_MENTIONS = """
    select m.entity_id, count(*), count(distinct m.article_id), min(a.published_date), max(a.published_date)
    from mention m join article a using (article_id)
    group by all order by all"""


def test_entity_summary_adds_new_articles_once_even_after_a_build_that_was_not_published(tmp_path: Path) -> None:
    raw = write_texts(tmp_path / "raw", {
        "a.txt": " date 2021-03-01 \nPutin met Angela Merkel in Berlin. Putin spoke first.",
        "b.txt": " date 2021-05-02 \nAngela Merkel visited Paris.",
    })
    db = tmp_path / "w.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    write_texts(raw, {
        "c.txt": " date 2020-12-24 \nAngela Merkel and Putin spoke by phone about Berlin.",
        "d.txt": "Merkel was not mentioned by name here, but Putin was.",
    })
    assert run_cli("load", str(raw), "--db", str(db), "--quiet") == 0
    # a dbt build whose publish never happened (as when a later step fails): the next
    # build sees the same new articles again, and must not count them twice
    settings = load_settings(str(db))
    assert dbt_build(settings).failures == []
    assert run_cli("build", "--db", str(db), "--quiet") == 0

    summary = query(db, SUMMARY)
    assert summary == query(db, SUMMARY_FROM_MENTIONS)
    merkel = query(db, """select s.mentions, s.articles, s.first_seen, s.last_seen
                          from entity_summary s join entity e using (entity_id) where e.name = 'Angela Merkel'""")
    assert merkel == [(3, 3, dt.date(2020, 12, 24), dt.date(2021, 5, 2))]
    assert run_cli("build", "--full-refresh", "--db", str(db), "--quiet") == 0
    assert query(db, SUMMARY) == summary


# --- issue 15: one entity per name, clean spans, short forms and variants -----------------

RULES = {
    "party_a.txt": "Labour won the vote in Leeds. Labour said the result was a good one.",
    "party_b.txt": "The Labour Party chose a new candidate in Bristol on Friday.",
    "club.txt": "Chelsea beat Arsenal 2-0 on Saturday. Chelsea manager Jose Mourinho was pleased.",
    "place.txt": "He lives in Chelsea, London.",
    "descriptors.txt": "Tory Liam Fox and Lib Dem Norman Baker both spoke. MEP Robert Kilroy-Silk said no.",
    "dash.txt": "Michael Howard - the Tory leader - spoke in Kent. Mr Howard - again - spoke.",
    "knight.txt": ("Sir Ian Blair, the Metropolitan Police commissioner, spoke in London. "
                   "Michael Howard has accused Mr Blair of failing the country."),
    "eu.txt": "The EU agreed new rules for banks. Nato and the IMF said nothing.",
    "european_union.txt": "The European Union agreed new rules for farms.",
    # continents and regions are places whatever the tagger said (alias seed rows without a type)
    "regions.txt": ("Europe's biggest banks lent more in Asia. Sales in Latin America and the Middle East fell, "
                    "and Europe remained weak."),
    "sec_amp.txt": "The Securities & Exchange Commission opened an inquiry.",
    "sec_and.txt": "The Securities and Exchange Commission closed an inquiry.",
    "de_vido.txt": "Planning Minister Julio De Vido met the bankers. De Vido said talks went well.",
    # Reuters writes an unlisted company in angle brackets
    "brackets.txt": ("Dome Petroleum Ltd said it sold its unit to <TMOC Resources Ltd>, of Calgary, for 40 mln "
                     "dlrs. The company said it would buy <Hughes Tool Co>'s shares."),
    # the words around a name type it: an org_cue, a work_cue, a role after "as"
    "band.txt": "Fans cheered the rock band Korn in Leeds. Korn will tour Ohio next year.",
    "film.txt": "The political thriller Hotel Rwanda won praise. Hotel Rwanda opens in Paris in May.",
    "named_as.txt": "Acme Corp named Arden Smithers as vice chairman. Smithers starts in June.",
    "award.txt": "She won an Oscar in 2004 and two Golden Globes. The Oscars are held in Los Angeles.",
    # an acronym in commas right after its name; a US department by its short name
    "apposition.txt": ("The National Association of Wheat Growers, NAWG, board will meet in Washington. "
                       "NAWG President Jim Miller spoke to the Agriculture Department."),
    # a name, a comma and the acronym that starts the next clause: no short form
    "next_clause.txt": ("Since the attacks in the United States, BA has cut 13,000 jobs. "
                        "BA said its profit rose."),
    # an organisation's last word alone, after its full name
    "community.txt": ("The European Community set new steel quotas on Monday. Officials at the Community said "
                      "the quotas would last a year."),
    # a first name in brackets before a surname
    "bracketed.txt": ("President Reagan will visit Prime Minister (Brian) Mulroney in April. Mulroney said trade "
                      "would come first."),
    # an acronym in brackets after a name the tagger read as a person, whose initials it is, is that name,
    # not the last word of a longer "person"
    "browser.txt": ("The proportion of surfers using Microsoft's Internet Explorer (IE) has dropped to below 90%. "
                    "While IE's share fell, Firefox grew. Microsoft IE has dominated the market for years."),
    # a blend of the starts of a company's first two words
    "blend.txt": ("Consolidated Rail Corp filed to sell its shares on Monday. Conrail said the shares would sell "
                  "for 26 dlrs each, and Consort Holdings Inc said it would buy some."),
}


@pytest.fixture(scope="module")
def rules_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entity_rules")
    raw = write_texts(folder / "raw", RULES)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return db


def test_one_name_is_one_entity_with_one_type(rules_db: Path) -> None:
    assert query(rules_db, "select lower(name) from entity group by 1 having count(*) > 1") == []
    # a party name the alias seed knows is an organisation, whatever the tagger said
    assert entity_of(rules_db, "party_a.txt", "Labour") == {("Labour Party", "ORG")}
    assert entity_of(rules_db, "party_b.txt", "Labour Party") == {("Labour Party", "ORG")}


def test_a_homonym_is_told_apart_by_the_alias_seed(rules_db: Path) -> None:
    # the tagger's type picks the alias row: the club is "Chelsea FC", the place "Chelsea"
    assert entity_of(rules_db, "club.txt", "Chelsea") == {("Chelsea FC", "ORG")}
    assert entity_of(rules_db, "place.txt", "Chelsea") == {("Chelsea", "GPE")}


def test_descriptors_are_cut_from_names(rules_db: Path) -> None:
    names = {name for (name,) in query(rules_db, "select name from entity")}
    assert {"Liam Fox", "Norman Baker", "Robert Kilroy-Silk"} <= names
    assert not [n for n in names if n.split()[0] in ("Tory", "Lib", "MEP")]


def test_trailing_punctuation_is_cut(rules_db: Path) -> None:
    assert query(rules_db, "select name from entity where regexp_matches(name, '[-–—:;,(]$')") == []
    assert entity_of(rules_db, "dash.txt", "Howard") == {("Michael Howard", "PERSON")}


def test_angle_brackets_are_no_part_of_a_name(rules_db: Path) -> None:
    assert query(rules_db, "select mention_text from mention where regexp_matches(mention_text, '[<>]')") == []
    # the span moves with the cut: the mention is exactly the text it points at
    assert query(rules_db, """
        select m.mention_text from mention m join article a using (article_id)
        where substring(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.mention_text""") == []
    assert entity_of(rules_db, "brackets.txt", "TMOC Resources Ltd") == {("TMOC Resources Ltd", "ORG")}
    assert entity_of(rules_db, "brackets.txt", "Hughes Tool Co") == {("Hughes Tool Co", "ORG")}


def test_a_short_form_the_article_does_not_support_stays_short(rules_db: Path) -> None:
    # the article's Blair is a knight; "Mr Blair" is somebody else
    assert entity_of(rules_db, "knight.txt", "Blair") == {("Blair", "PERSON")}


def test_acronyms_and_short_forms_resolve_through_the_alias_seed(rules_db: Path) -> None:
    assert entity_of(rules_db, "eu.txt", "EU") == {("European Union", "ORG")}
    assert entity_of(rules_db, "european_union.txt", "European Union") == {("European Union", "ORG")}
    assert entity_of(rules_db, "eu.txt", "IMF") == {("International Monetary Fund", "ORG")}
    assert entity_of(rules_db, "eu.txt", "Nato") == {("North Atlantic Treaty Organization", "ORG")}


def test_continents_and_regions_are_places(rules_db: Path) -> None:
    assert entity_of(rules_db, "regions.txt", "Europe") == {("Europe", "LOC")}
    for region in ("Asia", "Latin America", "Middle East"):
        assert entity_of(rules_db, "regions.txt", region) == {(region, "LOC")}


def test_ampersand_and_and_are_one_spelling(rules_db: Path) -> None:
    amp = entity_of(rules_db, "sec_amp.txt", "Securities & Exchange Commission")
    assert len(amp) == 1
    assert entity_of(rules_db, "sec_and.txt", "Securities and Exchange Commission") == amp


def test_a_surname_of_several_words_joins_the_full_name(rules_db: Path) -> None:
    assert entity_of(rules_db, "de_vido.txt", "De Vido") == {("Julio De Vido", "PERSON")}


def test_the_words_around_a_name_give_its_type(rules_db: Path) -> None:
    assert entity_of(rules_db, "band.txt", "Korn") == {("Korn", "ORG")}
    assert entity_of(rules_db, "film.txt", "Hotel Rwanda") == {("Hotel Rwanda", "WORK_OF_ART")}
    assert entity_of(rules_db, "named_as.txt", "Arden Smithers") == {("Arden Smithers", "PERSON")}


def test_awards_are_named_by_the_alias_seed(rules_db: Path) -> None:
    assert entity_of(rules_db, "award.txt", "Oscars") == {("Oscar", "WORK_OF_ART")}
    assert entity_of(rules_db, "award.txt", "Oscar") == {("Oscar", "WORK_OF_ART")}



def test_an_acronym_in_commas_is_its_name_and_a_department_has_its_full_name(rules_db: Path) -> None:
    assert entity_of(rules_db, "apposition.txt", "NAWG") == {("National Association of Wheat Growers", "ORG")}
    # the commas must close after the acronym: "the United States, BA has cut" names two things
    found = entity_of(rules_db, "next_clause.txt", "BA")
    assert found and all(name != "United States" for name, _ in found)
    assert entity_of(rules_db, "apposition.txt", "Agriculture Department") == {
        ("United States Department of Agriculture", "ORG")}


def test_an_organisation_s_last_word_after_its_full_name_is_that_organisation(rules_db: Path) -> None:
    assert entity_of(rules_db, "community.txt", "Community") == {("European Community", "ORG")}


def test_an_acronym_in_brackets_is_the_name_it_follows_even_one_read_as_a_person(rules_db: Path) -> None:
    assert {name for name, _ in entity_of(rules_db, "browser.txt", "IE")} == {"Internet Explorer"}


def test_a_first_name_in_brackets_makes_the_full_name(rules_db: Path) -> None:
    assert entity_of(rules_db, "bracketed.txt", "Mulroney") == {("Brian Mulroney", "PERSON")}


def test_a_blend_of_a_company_s_first_words_is_that_company(rules_db: Path) -> None:
    assert entity_of(rules_db, "blend.txt", "Conrail") == {("Consolidated Rail Corp", "ORG")}
    assert entity_of(rules_db, "blend.txt", "Consort Holdings Inc") == {("Consort Holdings Inc", "ORG")}

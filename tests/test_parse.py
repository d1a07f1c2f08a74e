"""Tests for loader.ingest.parse: the house .txt format (real files in raw/), JSON Lines records, hashing."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from loader.ingest.parse import ParsedArticle, ParseError, normalize_for_hash, parse_record, parse_txt

RAW = Path(__file__).resolve().parent.parent / "raw"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def seed(prefix: str) -> ParsedArticle:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return parse_txt(path.read_text(encoding="utf-8"))


# --- the real files in raw/ -------------------------------------------------------------

@pytest.mark.parametrize("prefix, date, source", [
    ("000", dt.date(2021, 12, 15), "header"),
    ("001", dt.date(2021, 12, 14), "header"),
    ("002", dt.date(2021, 12, 15), "header"),
    ("003", dt.date(2022, 2, 4), "header"),
    ("004", dt.date(2022, 2, 4), "dateline"),
])
def test_seed_dates(prefix: str, date: dt.date, source: str) -> None:
    article = seed(prefix)
    assert article.published_date == date
    assert article.date_source == source


def test_seed_bodies_are_clean_paragraphs() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        body = seed(prefix).body
        assert body == body.strip()
        assert "\n\n\n" not in body
        assert not body.lstrip().lower().startswith("date ")
        assert all(p == p.strip() and p for p in body.split("\n\n"))


def test_seed_004_metadata() -> None:
    article = seed("004")
    assert article.title == "Xi Meets Putin as Tensions Rise With West"
    assert article.authors == ("Jing Xuan Teng", "Matthew Walsh")
    assert article.source == "themoscowtimes.com"
    assert article.url == "https://www.themoscowtimes.com/2022/02/04/xi-meets-putin-as-tensions-rise-with-west-a76257"


def test_seed_004_body_drops_non_article_text() -> None:
    body = seed("004").body
    for unwanted in ("Embed:", "Original url", "Alexei Druzhinin / TASS", "Related article", "pic.twitter.com",
                     "@ntvru", "Xi Meets Putin as Tensions Rise", "By Jing Xuan Teng", "February 04, 2022",
                     "themoscowtimes"):
        assert unwanted not in body
    assert not CYRILLIC.search(body)
    assert body.startswith("China's President Xi Jinping held his first face-to-face talks")
    assert body.endswith("according to the Economist Intelligence Unit's Democracy Index.")
    assert "\n\nOlympic host\n\n" in body
    assert "Putin Slams Doping Sanctions" not in body


def test_seed_001_caption_removed() -> None:
    article = seed("001")
    assert "[Photo/IC]" not in article.body
    assert article.body.startswith("President Xi Jinping will have a virtual meeting in Beijing with Russian "
                                   "President Vladimir Putin on Wednesday with the aim")
    assert article.title is None
    assert article.body.endswith("according to the ministry.")


def test_seed_000_tweet_removed_and_header_title() -> None:
    article = seed("000")
    assert "t.co" not in article.body
    assert "@aristotle52" not in article.body
    assert "tom demetrion" not in article.body
    assert article.title == ("After today's virtual dialogue, it was confirmed that Vladimir Putin will attend "
                             "the opening ceremony of the 2022 Winter Olympic Games in China.")
    assert article.body.startswith("During a virtual meeting held on Wednesday")
    assert "Putin and Xi Jinping also discussed economic issues" in article.body
    assert article.url is None and article.source is None and article.authors == ()


def test_seed_002_keeps_characters() -> None:
    article = seed("002")
    assert article.title == "In a phone call with Xi, Putin praises\u2019model\u2019 Russia-China relations."
    assert "Russia\u2019s \u201cmodel\u201d relations" in article.body
    assert article.body.endswith("Russian President Vladimir Putin stated.")


# --- synthetic .txt: header -------------------------------------------------------------

def test_header_date_and_title() -> None:
    article = parse_txt(" date 2020-05-06 A lead line\n\nFirst paragraph.\n\nSecond paragraph.")
    assert article.published_date == dt.date(2020, 5, 6)
    assert article.date_source == "header"
    assert article.title == "A lead line"
    assert article.body == "First paragraph.\n\nSecond paragraph."


def test_header_without_title() -> None:
    article = parse_txt("date 2020-05-06   \n\nText only.")
    assert article.title is None
    assert article.body == "Text only."


def test_header_wins_over_dateline_and_text_dates() -> None:
    article = parse_txt(" date 2020-05-06\nMarch 3, 2019\n\nWritten on January 1, 2018.")
    assert article.published_date == dt.date(2020, 5, 6)
    assert article.date_source == "header"
    assert article.body == "Written on January 1, 2018."


@pytest.mark.parametrize("bad", ["2021-13-45", "2021-02-30", "15.12.2021"])
def test_invalid_header_date(bad: str) -> None:
    with pytest.raises(ParseError, match=re.escape(f"header date '{bad}' is not a valid date")):
        parse_txt(f" date {bad} Title\n\nBody text.")


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(ParseError, ValueError)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n", "\ufeff \n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_txt(text)


def test_body_empty_after_cleaning() -> None:
    with pytest.raises(ParseError, match="no article text"):
        parse_txt(" date 2021-01-02 Only a title\n\nAlexei Druzhinin / TASS\n\nOriginal url: https://a.com/x")


# --- synthetic .txt: title, byline, dateline ----------------------------------------------

def test_title_byline_dateline() -> None:
    text = "Big News Today\n\nBy Ann Lee for AFP\n\nFeb. 4, 2022\n\nThe body. It mentions March 1, 2020."
    article = parse_txt(text)
    assert article.title == "Big News Today"
    assert article.authors == ("Ann Lee",)
    assert article.source == "AFP"
    assert article.published_date == dt.date(2022, 2, 4)
    assert article.date_source == "dateline"
    assert article.body == "The body. It mentions March 1, 2020."


def test_title_followed_directly_by_byline_line() -> None:
    article = parse_txt("Big News Today\nBy Ann Lee, Bo Chen and Cy Dee\nText starts here.")
    assert article.title == "Big News Today"
    assert article.authors == ("Ann Lee", "Bo Chen", "Cy Dee")
    assert article.source is None
    assert article.body == "Text starts here."


def test_byline_with_comma_agency() -> None:
    article = parse_txt("By Ann Lee, Reuters\n\nText here.")
    assert article.authors == ("Ann Lee",)
    assert article.source == "Reuters"
    assert article.title is None


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    article = parse_txt("By the end of 2021, prices had doubled.\n\nMore text.")
    assert article.authors == ()
    assert article.body.startswith("By the end of 2021")


def test_dateline_after_photo_credit() -> None:
    article = parse_txt("Big News Today\n\nJane Roe / Reuters\n\nFebruary 4, 2022\n\nText.")
    assert article.title == "Big News Today"
    assert (article.published_date, article.date_source) == (dt.date(2022, 2, 4), "dateline")
    assert article.body == "Text."


@pytest.mark.parametrize("line, date", [
    ("February 04, 2022", dt.date(2022, 2, 4)),
    ("Feb. 4, 2022", dt.date(2022, 2, 4)),
    ("4 February 2022", dt.date(2022, 2, 4)),
    ("2022-02-04", dt.date(2022, 2, 4)),
    ("Friday, Sept. 9, 2022", dt.date(2022, 9, 9)),
])
def test_dateline_formats(line: str, date: dt.date) -> None:
    article = parse_txt(f"{line}\n\nSome text.")
    assert (article.published_date, article.date_source) == (date, "dateline")
    assert article.body == "Some text."


def test_long_or_punctuated_first_line_is_not_a_title() -> None:
    assert parse_txt("This is a sentence.\n\nMore.").title is None
    assert parse_txt("Is it?\n\nMore.").title is None
    long_line = "Word " * 40
    assert parse_txt(f"{long_line}\n\nMore.").title is None


def test_title_followed_by_blank_line_only() -> None:
    article = parse_txt("\n\nOlympic Talks Begin\n\nThe leaders met on Friday.\n\nMore text.")
    assert article.title == "Olympic Talks Begin"
    assert article.body == "The leaders met on Friday.\n\nMore text."
    assert article.authors == () and article.source is None


def test_single_line_text_is_body_not_title() -> None:
    article = parse_txt("Just one line")
    assert article.title is None
    assert article.body == "Just one line"


def test_first_line_without_blank_after_is_not_title() -> None:
    article = parse_txt("Short first line\nsecond line of the same paragraph.")
    assert article.title is None
    assert article.body == "Short first line\nsecond line of the same paragraph."


def test_date_written_in_the_text_is_not_the_published_date() -> None:
    article = parse_txt("Talks were held.\n\nOn December 15, 2021 and on 1 March 2020 they met.")
    assert article.published_date is None and article.date_source is None


def test_anniversary_in_the_first_sentence_is_not_the_published_date() -> None:
    article = parse_txt("Sixty years after September 1, 1939 - the day war began - veterans met.")
    assert article.published_date is None


def test_dateline_opening_the_text_is_the_published_date() -> None:
    article = parse_txt("LONDON, Feb 4, 2022 (Reuters) - Ministers met.\n\nOn 1 March 2020 they had met.")
    assert (article.published_date, article.date_source) == (dt.date(2022, 2, 4), "dateline")
    assert parse_txt("4 February 2022 - Ministers met.").published_date == dt.date(2022, 2, 4)


def test_no_date_anywhere() -> None:
    article = parse_txt("Talks were held on Friday.")
    assert article.published_date is None and article.date_source is None


# --- synthetic .txt: trailer and non-article text -------------------------------------------

def test_original_url_on_next_line() -> None:
    article = parse_txt("Text.\n\nOriginal url:\n\nhttps://www.example.org/a/b?c=1")
    assert article.url == "https://www.example.org/a/b?c=1"
    assert article.source == "example.org"
    assert article.body == "Text."


def test_original_url_on_same_line_and_url_beats_agency() -> None:
    article = parse_txt("By Ann Lee for AFP\n\nText.\n\nOriginal url: https://news.example.com/x")
    assert article.url == "https://news.example.com/x"
    assert article.source == "news.example.com"
    assert article.body == "Text."


@pytest.mark.parametrize("caption", [
    "Leaders meet in Beijing. [Photo/Xinhua]",
    "[Photo/IC]",
    "Putin speaks. (Photo: Reuters)",
    "A crowd gathers (Photo by Jane Roe/Getty Images)",
])
def test_photo_captions_removed(caption: str) -> None:
    article = parse_txt(f" date 2021-01-01\n\n{caption}\n\nReal text.")
    assert article.body == "Real text."


def test_photo_credit_line_removed() -> None:
    article = parse_txt(" date 2021-01-01\n\nReal text.\n\nIvan Petrov / RIA Novosti\n\nMore text.")
    assert article.body == "Real text.\n\nMore text."


def test_slash_in_sentence_is_kept() -> None:
    article = parse_txt(" date 2021-01-01\n\nThe 24/7 news cycle and/or the press.")
    assert article.body == "The 24/7 news cycle and/or the press."


def test_embed_block_removed_through_signature() -> None:
    text = ("First.\n\nEmbed:\n\nSome post text\n\nmore post\n\n\u2014 Name (@handle) March 4, 2022\n\nLast.")
    assert parse_txt(text).body == "First.\n\nLast."


def test_embed_without_signature_drops_only_the_marker() -> None:
    assert parse_txt("First.\n\nEmbed:\n\nSecond.").body == "First.\n\nSecond."


@pytest.mark.parametrize("post", [
    "Look at this https://t.co/AbC123",
    "A picture pic.twitter.com/xyz",
    "Hello world \u2014 Some One (@someone) June 1, 2021",
])
def test_social_posts_removed(post: str) -> None:
    assert parse_txt(f"First.\n\n{post}\n\nLast.").body == "First.\n\nLast."


def test_related_article_line_removed() -> None:
    article = parse_txt("First.\n\nRelated article: Something Else Happened\n\nLast.\nRead more: elsewhere")
    assert article.body == "First.\n\nLast."


def test_paragraphs_stripped_inner_newlines_kept() -> None:
    article = parse_txt(" date 2021-01-01\n\n  one\ntwo  \n\n \n\n\r\nthree\r\n")
    assert article.body == "one\ntwo\n\nthree"


def test_characters_not_altered() -> None:
    text = " date 2021-01-01\n\n\u201cQuoted\u201d \u2014 \u041f\u0443\u0442\u0438\u043d said.\u00a0Done."
    assert parse_txt(text).body == "\u201cQuoted\u201d \u2014 \u041f\u0443\u0442\u0438\u043d said.\u00a0Done."


def test_parsed_article_is_frozen() -> None:
    article = parse_txt("Text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.body = "other"  # type: ignore[misc]


# --- JSON Lines records ---------------------------------------------------------------------

def test_record_full() -> None:
    article = parse_record({
        "title": " T ", "body": "  Hello world.  ", "published_date": "2021-12-15",
        "url": "https://www.themoscowtimes.com/x", "authors": ["A B", "C D"],
    })
    assert article == ParsedArticle("Hello world.", "T", dt.date(2021, 12, 15), "field",
                                    "themoscowtimes.com", "https://www.themoscowtimes.com/x", ("A B", "C D"))


def test_record_minimal_text_field() -> None:
    article = parse_record({"text": "Body [Photo/IC]"})
    assert article.body == "Body [Photo/IC]"  # records are not cleaned
    assert (article.title, article.published_date, article.date_source) == (None, None, None)
    assert (article.source, article.url, article.authors) == (None, None, ())


def test_record_timestamp_source_and_string_authors() -> None:
    article = parse_record({"body": "x", "date": "2022-02-04T23:10:00+03:00", "source": "AFP",
                            "url": "https://example.com/a", "authors": "Ann Lee and Bo Chen, Cy Dee"})
    assert article.published_date == dt.date(2022, 2, 4)
    assert article.date_source == "field"
    assert article.source == "AFP"
    assert article.authors == ("Ann Lee", "Bo Chen", "Cy Dee")


def test_record_timestamp_with_z() -> None:
    assert parse_record({"body": "x", "date": "2021-01-02T03:04:05Z"}).published_date == dt.date(2021, 1, 2)


@pytest.mark.parametrize("value, message", [
    ([1, 2], "expected a JSON object, got list"),
    ("text", "expected a JSON object, got string"),
    (None, "expected a JSON object, got null"),
    ({}, "missing 'body' (or 'text')"),
    ({"title": "x"}, "missing 'body' (or 'text')"),
    ({"body": 5}, "field 'body' must be a string, got int"),
    ({"text": ["a"]}, "field 'text' must be a string, got list"),
    ({"body": "   "}, "field 'body' is empty"),
    ({"body": "x", "title": 3}, "field 'title' must be a string, got int"),
    ({"body": "x", "url": {}}, "field 'url' must be a string, got object"),
    ({"body": "x", "source": True}, "field 'source' must be a string, got bool"),
    ({"body": "x", "date": 20211215}, "field 'date' must be a string, got int"),
    ({"body": "x", "published_date": "2021-13-45"}, "field 'published_date' is not a valid ISO date: '2021-13-45'"),
    ({"body": "x", "date": "yesterday"}, "field 'date' is not a valid ISO date: 'yesterday'"),
    ({"body": "x", "date": "2021-01-01Tnonsense"}, "field 'date' is not a valid ISO date"),
    ({"body": "x", "authors": 7}, "field 'authors' must be a list of strings or a string, got int"),
    ({"body": "x", "authors": ["a", 1]}, "field 'authors' must contain only strings, got int at position 1"),
])
def test_record_errors(value: object, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_record(value)


# --- normalize_for_hash ---------------------------------------------------------------------

def test_normalize_for_hash_equalities() -> None:
    assert normalize_for_hash("  a\n\n b\t c  ") == "a b c"
    assert normalize_for_hash("a\u00a0b") == normalize_for_hash("a b") == "a b"
    assert normalize_for_hash("\uff21\uff22") == "AB"  # fullwidth letters fold under NFKC
    assert normalize_for_hash("\ufb01le") == "file"
    assert normalize_for_hash("One.\n\nTwo.") == normalize_for_hash("One. Two.")
    assert normalize_for_hash("a b") != normalize_for_hash("ab")
    assert normalize_for_hash("Caf\u00e9") == normalize_for_hash("Cafe\u0301")


def test_normalize_for_hash_matches_across_formats() -> None:
    text_article = parse_txt(" date 2021-01-01\n\nSame   words\nhere.")
    record_article = parse_record({"body": "Same words here."})
    assert normalize_for_hash(text_article.body) == normalize_for_hash(record_article.body)

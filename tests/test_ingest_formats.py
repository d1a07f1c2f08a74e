"""Web input formats end in raw.article / raw.input_file through the real loader and a real
DuckDB file: HTML pages, WARC archives, feeds, crawler exports, CSV/Parquet, Reuters SGML,
and text in other encodings. The inputs are small documents written here."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from loader.config import load_settings
from loader.errors import ConfigError
from loader.ingest.loading import load
from loader.warehouse.migrate import upgrade

PARAGRAPHS = [
    "The city council of Springfield voted on Tuesday to expand the tram network by twelve kilometres, "
    "a plan that has been debated for more than a decade and that critics say will cost far more than promised.",
    "Mayor Joan Rivers said the first new line would open in 2027 and that the project would be financed "
    "by a mix of regional funds, a new parking levy and a loan from the national infrastructure bank.",
    "Opposition councillors argued that the bus network should have been improved first, and they asked "
    "for an independent review of the cost estimates before construction begins next spring.",
]


def page(title: str = "Council backs tram expansion", paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8",
         lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">
<title>{title} | Springfield Herald</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Springfield Herald">
<meta name="author" content="Ann Reporter"><meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://herald.example/news/tram-expansion">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport section navigation</a></li></ul></nav>
<article><h1>{title}</h1>{body}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Bridge closure announced for summer</a></li></ul></aside>
<div id="comments" class="comments"><p>Comment by Bob: this tram plan is a waste of money entirely.</p></div>
<footer><p>Copyright Springfield Herald Media Group, all rights reserved.</p></footer>
</body></html>"""


def loaded(tmp_path: Path, files: dict[str, bytes | str], **kwargs) -> duckdb.DuckDBPyConnection:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content.encode() if isinstance(content, str) else content)
    db = tmp_path / "w.duckdb"
    upgrade(db)
    con = duckdb.connect(str(db))
    result = load(con, [raw], quiet=True, **kwargs)
    assert result.files_seen == result.loaded + result.duplicate + result.rejected
    return con


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_an_html_page_keeps_its_text_and_metadata_and_drops_the_boilerplate(tmp_path: Path) -> None:
    con = loaded(tmp_path, {"tram.html": page()})
    [(body, title, date, source, url, authors, language, encoding)] = rows(
        con, "select body, title, published_date, source, url, authors, language, encoding from raw.article")
    assert all(p in body for p in PARAGRAPHS)
    for boilerplate in ("Sport section navigation", "Bridge closure", "waste of money", "all rights reserved"):
        assert boilerplate not in body
    assert title == "Council backs tram expansion"
    assert str(date) == "2024-03-05" and source == "Springfield Herald"
    assert url == "https://herald.example/news/tram-expansion" and authors == ["Ann Reporter"]
    assert (language, encoding) == ("en", "utf-8")


def test_a_page_in_a_declared_legacy_charset_is_decoded_by_its_meta_tag(tmp_path: Path) -> None:
    german = ["Der Gemeinderat hat am Dienstag beschlossen, das Straßenbahnnetz um zwölf Kilometer zu erweitern; "
              "über den Plan wird seit mehr als zehn Jahren gestritten, und Kritiker befürchten höhere Kosten.",
              "Die Bürgermeisterin sagte, die erste neue Linie solle 2027 eröffnet werden und aus Mitteln des Landes, "
              "einer neuen Parkgebühr und einem Darlehen der Förderbank finanziert werden."]
    con = loaded(tmp_path, {"bahn.html": page("Straßenbahn wird größer", german, "iso-8859-1", "de").encode("latin-1")})
    [(body, title, language, encoding)] = rows(con, "select body, title, language, encoding from raw.article")
    assert "Straßenbahnnetz um zwölf Kilometer" in body and title == "Straßenbahn wird größer"
    assert (language, encoding) == ("de", "iso8859-1")


def test_a_page_declaring_latin_1_with_windows_1252_quotes_is_read_as_windows_1252(tmp_path: Path) -> None:
    german = ["Der Gemeinderat hat am Dienstag beschlossen, das Straßenbahnnetz um zwölf Kilometer zu erweitern; "
              "die Bürgermeisterin nannte es QUOTEeinen großen SchrittUNQUOTE für die Stadt und ihre Pendler.",
              "Die erste neue Linie soll 2027 eröffnet werden und kostet nach der Planung DASH rund 40 Millionen EURO "
              "DASH etwa ein Drittel mehr als der erste Entwurf, über den seit Jahren gestritten wird."]
    data = page("Straßenbahn wird größer", german, "iso-8859-1", "de").encode("latin-1")
    for word, byte in ((b"UNQUOTE", b"\x93"), (b"QUOTE", b"\x84"), (b"DASH", b"\x96"), (b"EURO", b"\x80")):
        data = data.replace(word, byte)
    con = loaded(tmp_path, {"bahn.html": data})
    [(body, encoding)] = rows(con, "select body, encoding from raw.article")
    assert "„einen großen Schritt“ für die Stadt" in body and "Planung – rund 40 Millionen € –" in body
    assert encoding == "cp1252"


def test_a_utf8_page_with_a_few_stray_windows_1252_bytes_keeps_its_umlauts(tmp_path: Path) -> None:
    german = ["Der Gemeinderat hat am Dienstag beschlossen, das Straßenbahnnetz um zwölf Kilometer zu erweitern; "
              "über den Plan wird seit mehr als zehn Jahren gestritten, und Kritiker befürchten höhere Kosten.",
              "Die Bürgermeisterin sagte, die erste neue Linie sei QUOTEein großer SchrittQUOTE für die Stadt "
              "und werde aus Mitteln des Landes finanziert."]
    data = page("Straßenbahn wird größer", german, "utf-8", "de").encode("utf-8")
    data = data.replace(b"QUOTE", b"\x93", 1).replace(b"QUOTE", b"\x94", 1)   # pasted from a windows-1252 text
    con = loaded(tmp_path, {"bahn.html": data})
    [(body, encoding)] = rows(con, "select body, encoding from raw.article")
    assert "Straßenbahnnetz um zwölf Kilometer" in body and "“ein großer Schritt” für" in body
    assert encoding == "utf-8+cp1252"


def _warc(records: list[tuple[str, str, bytes, dict]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))
    for uri, content_type, payload, headers in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type), *headers.items()], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                           warc_headers_dict={"WARC-Date": "2023-07-01T12:00:00Z"})
        writer.write_record(record)
    return out.getvalue()


def test_a_warc_loads_its_html_responses_and_accounts_for_every_record(tmp_path: Path) -> None:
    undated = page().replace('<meta property="article:published_time" content="2024-03-05T10:00:00Z">', "")
    undated = undated.replace('<link rel="canonical" href="https://herald.example/news/tram-expansion">', "")
    zipped = gzip.compress(page("Second story", [p.replace("tram", "bus") for p in PARAGRAPHS]).encode())
    archive = _warc([
        ("https://herald.example/a", "text/html; charset=utf-8", undated.encode(), {}),
        ("https://herald.example/b", "text/html", zipped, {"Content-Encoding": "gzip"}),
        ("https://herald.example/logo.png", "image/png", b"\x89PNG\r\n", {}),
    ])
    con = loaded(tmp_path, {"crawl.warc.gz": archive, "cut.warc.gz": archive[: len(archive) - 40]})
    outcomes = sorted(rows(con, "select source_file, outcome, reason from raw.input_file"),
                      key=lambda row: (row[0].split("#")[0], int(row[0].split("#")[1])))
    whole = [row for row in outcomes if row[0].startswith("crawl.warc.gz#")]
    assert [o for _, o, _ in whole] == ["rejected", "loaded", "loaded", "rejected"]
    assert whole[0][2] == "not an HTML response (warcinfo)" and "image/png" in whole[3][2]
    assert whole[0][0] == "crawl.warc.gz#0" and all(int(name.split("#")[1]) > 0 for name, _, _ in whole[1:])
    articles = dict(rows(con, "select url, published_date from raw.article"))
    # the record's URI is the URL; its date stands in for a page without one
    assert str(articles["https://herald.example/a"]) == "2023-07-01"
    assert "https://herald.example/b" in articles
    # a truncated copy loses only its broken record: the others are duplicates of the whole file's
    cut = [row for row in outcomes if row[0].startswith("cut.warc.gz")]
    assert [o for _, o, _ in cut[:3]] == ["rejected", "duplicate", "duplicate"] and cut[-1][1] == "rejected"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Herald</title>
<item><title>Council backs tram expansion</title><link>https://herald.example/tram</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><author>ann@herald.example (Ann Reporter)</author>
<content:encoded><![CDATA[{html}]]></content:encoded></item>
<item><title>Only a teaser</title><link>https://herald.example/teaser</link><description>Short.</description></item>
</channel></rss>"""


def test_feed_items_with_content_are_articles_and_the_others_are_recorded_unfetched(tmp_path: Path) -> None:
    html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Herald", "items": [
        {"id": "1", "url": "https://herald.example/json", "title": "JSON item", "date_published": "2024-03-06T08:00:00Z",
         "content_text": "\n\n".join(p.replace("tram", "ferry") for p in PARAGRAPHS), "authors": [{"name": "Bo Writer"}]},
        {"id": "2", "url": "https://herald.example/json-teaser", "title": "No content"}]}
    con = loaded(tmp_path, {"news.rss": RSS.format(html=html), "feed.json": json.dumps(feed)})
    got = {name: (outcome, reason) for name, outcome, reason in
           rows(con, "select source_file, outcome, reason from raw.input_file")}
    assert got["news.rss#1"] == ("loaded", None) and got["feed.json#1"] == ("loaded", None)
    assert got["news.rss#2"] == ("rejected", "feed item without content: not fetched (link https://herald.example/teaser)")
    assert got["feed.json#2"][1].startswith("feed item without content: not fetched")
    meta = {row[0]: row[1:] for row in rows(con, "select url, title, published_date, authors from raw.article")}
    assert meta["https://herald.example/tram"][:2] == ("Council backs tram expansion", __import__("datetime").date(2024, 3, 5))
    assert meta["https://herald.example/json"][2:] == (["Bo Writer"],)


def test_a_fetch_hook_loads_feed_items_without_content(tmp_path: Path) -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return page("Fetched page").encode()

    con = loaded(tmp_path, {"news.rss": RSS.format(html="<p>" + PARAGRAPHS[0] + "</p>")}, fetch=fetch)
    assert fetched == ["https://herald.example/teaser"]
    assert rows(con, "select title from raw.article where url = 'https://herald.example/teaser'") == [("Only a teaser",)]


def test_crawler_exports_map_news_please_trafilatura_and_a_custom_field_map(tmp_path: Path) -> None:
    news_please = {"maintext": PARAGRAPHS[0], "title": "NP", "date_publish": "2024-01-02 09:30:00",
                   "authors": ["Ann Reporter"], "url": "https://np.example/a", "source_domain": "np.example", "language": "en"}
    trafilatura_json = {"text": PARAGRAPHS[1], "title": "TF", "date": "2024-01-03", "author": "Ann Reporter; Bo Writer",
                        "source": "https://tf.example/b", "hostname": "tf.example", "language": "en"}
    custom = {"story": PARAGRAPHS[2], "headline": "Custom", "when": "2024-01-04"}
    con = loaded(tmp_path, {"np.jsonl": json.dumps(news_please) + "\n", "tf.json": json.dumps([trafilatura_json]),
                            "custom.jsonl": json.dumps(custom) + "\n"},
                 field_map={"body": "story", "published_date": "when"})
    got = {row[0]: row[1:] for row in rows(con, "select title, published_date::varchar, authors, url, source, language"
                                                " from raw.article")}
    assert got["NP"] == ("2024-01-02", ["Ann Reporter"], "https://np.example/a", "np.example", "en")
    assert got["TF"] == ("2024-01-03", ["Ann Reporter", "Bo Writer"], "https://tf.example/b", "tf.example", "en")
    assert got["Custom"][0] == "2024-01-04"


def test_the_field_map_is_read_from_wirehouse_toml_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "wirehouse.toml"
    config.write_text('[load.field_map]\nbody = "maintext"\ntitle = "headline"\n')
    assert load_settings(config_file=config).field_map == {"body": "maintext", "title": "headline"}
    db = tmp_path / "w.duckdb"
    upgrade(db)
    with duckdb.connect(str(db)) as con, pytest.raises(ConfigError, match="unknown column"):
        load(con, [tmp_path], quiet=True, field_map={"bdy": "maintext"})


def test_csv_and_parquet_rows_are_articles(tmp_path: Path) -> None:
    table = pa.table({"maintext": PARAGRAPHS, "title": ["A", "B", "C"], "date_publish": ["2024-02-01"] * 3,
                      "url": [f"https://t.example/{i}" for i in range(3)]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    csv = "title,text,date\nCSV one,\"" + PARAGRAPHS[0].replace("tram", "cable car") + "\",2024-02-02\nCSV two,,2024-02-03\n"
    con = loaded(tmp_path, {"export.parquet": buffer.getvalue(), "export.csv": csv})
    got = dict(rows(con, "select source_file, outcome from raw.input_file"))
    assert got == {"export.parquet#1": "loaded", "export.parquet#2": "loaded", "export.parquet#3": "loaded",
                   "export.csv#1": "loaded", "export.csv#2": "rejected"}
    assert rows(con, "select published_date::varchar from raw.article where title = 'CSV one'") == [("2024-02-02",)]


SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="7">
<DATE> 3-MAR-1987 09:15:02.11</DATE>
<TEXT>&#2;
<TITLE>COCOA EXPORTS RISE &lt;ACME&gt;</TITLE>
<DATELINE>    ACCRA, March 3 - </DATELINE><BODY>Cocoa exports rose five pct in February,
the board said, citing strong demand
from European grinders.
    Prices were steady at 1,850 stg a tonne.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE> 3-MAR-1987 09:16:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>FLASH ONLY</TITLE>
&#3;</TEXT>
</REUTERS>
"""


def test_reuters_sgml_stories_are_articles_and_stories_without_a_body_are_rejected(tmp_path: Path) -> None:
    con = loaded(tmp_path, {"reut2-x.sgm": SGML.replace("steady", "st\xe9ady").encode("latin-1")})
    assert dict(rows(con, "select source_file, outcome from raw.input_file")) == {
        "reut2-x.sgm#7": "loaded", "reut2-x.sgm#8": "rejected"}
    [(title, date, body, source)] = rows(con, "select title, published_date::varchar, body, source from raw.article")
    assert (title, date, source) == ("COCOA EXPORTS RISE <ACME>", "1987-03-03", "Reuters")
    assert body == ("Cocoa exports rose five pct in February, the board said, citing strong demand from European "
                    "grinders.\n\nPrices were st\xe9ady at 1,850 stg a tonne.")


def test_a_language_is_set_only_when_the_detector_is_sure() -> None:
    from loader.ingest.language import detect

    assert detect("Die Bundesregierung hat am Montag in Berlin neue Regeln für Banken beschlossen.") == "de"
    assert detect("Le gouvernement a annoncé lundi de nouvelles mesures pour les banques.") == "fr"
    # mostly names: the detector's best guess (Dutch, Afrikaans) is unsure, so the language
    # stays unknown and the article is annotated like any other
    assert detect("Putin met Angela Merkel in Berlin. Putin spoke first.") is None
    assert detect("Angela Merkel visited Paris.") is None


BLOG = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour ferry returns | Bay Post</title>
<meta property="og:updated_time" content="2024-06-20T08:00:00+02:00"><meta name="date" content="2024-06-19">
<meta property="article:published_time" content="2024-06-11T09:30:00+02:00">
<link rel="canonical" href="https://baypost.example/2024/ferry">
</head><body><main><article class="post">
<header><h1>Harbour ferry returns</h1><p class="entry-lead">The old harbour ferry will carry passengers again from
July, after three years in dry dock and a refit paid for by the port authority.</p></header>
<div class="entry-content">{body}
<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a href="/s">Share on Mastodon</a></li></ul></div>
<div class="related-posts"><h3>Read also</h3><p><a href="/x">Lighthouse keeper retires after forty years</a></p></div>
</div></article>
<section id="comments"><p>Comment by Eve: about time, the bridge queues are endless on weekdays.</p></section>
</main></body></html>"""


def test_a_blog_page_keeps_its_lead_drops_share_related_and_comments_and_takes_the_published_time(
        tmp_path: Path) -> None:
    con = loaded(tmp_path, {"ferry.html": BLOG.format(body="".join(f"<p>{p}</p>" for p in PARAGRAPHS))})
    [(body, date, url)] = rows(con, "select body, published_date, url from raw.article")
    assert body.count("The old harbour ferry will carry passengers again") == 1  # the lead, once
    assert all(p in body for p in PARAGRAPHS)
    for boilerplate in ("Share on Mastodon", "Lighthouse keeper", "bridge queues"):
        assert boilerplate not in body
    # article:published_time wins over the page's other dates (modified, a bare "date" tag)
    assert str(date) == "2024-06-11"
    assert url == "https://baypost.example/2024/ferry"


def test_a_utc_timestamp_near_midnight_gives_way_to_the_local_day_in_the_url(tmp_path: Path) -> None:
    late = BLOG.replace("2024-06-11T09:30:00+02:00", "2024-06-10T23:10:00Z").replace(
        "/2024/ferry", "/2024/06/11/ferry").replace('<meta property="og:updated_time" content="2024-06-20T08:00:00+02:00">'
                                                    '<meta name="date" content="2024-06-19">', "")
    con = loaded(tmp_path, {"late.html": late.format(body="".join(f"<p>{p}</p>" for p in PARAGRAPHS))})
    assert [str(d) for (d,) in rows(con, "select published_date from raw.article")] == ["2024-06-11"]


NEWS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council backs tram expansion</title>
{meta}</head><body><article><h1>Council backs tram expansion</h1>{dates}{body}</article></body></html>"""


def test_a_time_element_naming_one_day_wins_over_a_named_date_tag_but_not_several_days(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    meta = '<meta name="date" content="2024-03-01">'
    one = NEWS.format(meta=meta, dates='<p><time datetime="2024-03-05T08:00:00+01:00">5 March 2024</time></p>',
                      body=body)
    text_only = NEWS.format(meta="", dates="<p>Published <time>05.03.2024, 12:01 Uhr</time></p>", body=body)
    teasers = ('<aside><ul><li><a href="/a"><time datetime="2024-02-26">26 February</time> Bridge closure</a></li>'
               '<li><a href="/b"><time datetime="2023-11-20">20 November</time> Bus fares</a></li></ul></aside>')
    several = NEWS.format(meta=meta, dates=teasers, body=body)
    # in the article's header, next to its headline, the first of several days is the article's
    header = NEWS.format(meta=meta, dates='<div class="byline"><p><time datetime="2024-03-05">5 March</time>, '
                                          'updated <time datetime="2024-03-07">7 March</time></p></div>' + teasers,
                         body=body)
    con = loaded(tmp_path, {"one.html": one, "text.html": text_only.replace("tram", "tram line"),
                            "several.html": several.replace("Opposition", "The opposition"),
                            "header.html": header.replace("Opposition", "Some opposition")})
    dates = dict(rows(con, "select source_file, published_date::varchar from raw.article"))
    assert dates == {"one.html": "2024-03-05", "text.html": "2024-03-05", "several.html": "2024-03-01",
                     "header.html": "2024-03-05"}


def test_a_local_midnight_written_in_utc_is_the_next_day(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    midnight = NEWS.format(meta='<meta property="article:published_time" content="2024-11-06T23:00:00.000Z">',
                           dates="", body=body)
    evening = NEWS.format(meta='<meta property="article:published_time" content="2024-11-06T23:17:00Z">',
                          dates="", body=body.replace("Opposition", "The opposition"))
    con = loaded(tmp_path, {"midnight.html": midnight, "evening.html": evening})
    dates = dict(rows(con, "select source_file, published_date::varchar from raw.article"))
    assert dates == {"midnight.html": "2024-11-07", "evening.html": "2024-11-06"}

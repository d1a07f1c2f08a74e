"""What the HTML reader keeps of a page and what it leaves out, beyond the extractor's own
choices: the standfirst the page shows from its description, teasers between paragraphs,
the headline, editorial signatures, no-break spaces; and which of a page's dates wins.
Each page is written here and loaded with the real loader into a real DuckDB file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from loader.ingest.formats.html import _page_date
from tests.test_ingest_formats import PARAGRAPHS, loaded, rows

STANDFIRST = "Twelve kilometres of new track, three new lines and a parking levy to pay for them: the plan in brief."
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="description" content="{description}">{meta}</head><body>
<nav><ul><li><a href="/">Home</a></li></ul></nav>
<main><header class="article-head"><h1>{title}</h1><p class="font-big">{shown}</p></header>
<article><div class="article-body">{body}</div></article></main>
<footer><p>Springfield Herald, all rights reserved.</p></footer></body></html>"""


def html(body: str, title: str = "Council backs tram expansion", description: str = STANDFIRST,
         shown: str = STANDFIRST, meta: str = "") -> str:
    return PAGE.format(title=title, description=description, shown=shown, body=body, meta=meta)


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def bodies(tmp_path: Path, pages: dict[str, str]) -> dict[str, str]:
    con = loaded(tmp_path, pages)
    return dict(rows(con, "select source_file, body from raw.article"))


def test_the_description_the_page_shows_under_its_headline_is_the_standfirst_and_an_unshown_one_is_not(
        tmp_path: Path) -> None:
    seo = "Tram news Springfield: all about trams, buses, parking and council decisions in our city today."
    got = bodies(tmp_path, {
        "shown.html": html(paragraphs(PARAGRAPHS)),
        "unshown.html": html(paragraphs(PARAGRAPHS[1:]), description=seo, shown="Pictures: Ann Reporter")})
    assert got["shown.html"].startswith(STANDFIRST + "\n\n") and got["shown.html"].count(STANDFIRST) == 1
    assert all(p in got["shown.html"] for p in PARAGRAPHS)
    assert seo not in got["unshown.html"] and PARAGRAPHS[1] in got["unshown.html"]


def test_the_headline_is_the_title_not_the_bodys_first_paragraph(tmp_path: Path) -> None:
    con = loaded(tmp_path, {"tram.html": html("<h2>Council backs tram expansion</h2>" + paragraphs(PARAGRAPHS),
                                              shown="")})
    [(title, body)] = rows(con, "select title, body from raw.article")
    assert title == "Council backs tram expansion"
    assert "Council backs tram expansion" not in body and body.startswith(PARAGRAPHS[0][:40])


def test_link_paragraphs_between_the_articles_paragraphs_are_teasers_and_are_left_out(tmp_path: Path) -> None:
    teaser = '<p>&gt;&gt; <a href="/bridge">Read also: Bridge closure announced for the summer</a> &lt;&lt;</p>'
    label = '<p>More: <a href="/fares">Bus fares to rise by ten percent in May after the vote</a></p>'
    cited = ('<p>The full report is <a href="/report">on the council website</a>, with the cost estimates and the '
             'route maps that the opposition asked for, and the minutes of the vote on Tuesday evening.</p>')
    body = paragraphs(PARAGRAPHS[:1]) + teaser + paragraphs(PARAGRAPHS[1:2]) + cited + label
    [got] = bodies(tmp_path, {"tram.html": html(body)}).values()
    assert "Bridge closure" not in got and "Bus fares" not in got
    assert all(p in got for p in PARAGRAPHS[:2])
    assert "on the council website, with the cost estimates" in got  # a link inside running text stays


def test_agency_signatures_and_stamp_lines_are_notes_and_no_break_spaces_are_spaces(tmp_path: Path) -> None:
    text = PARAGRAPHS[:2] + ["aja/PAP", "News date : 03/05/2024 Category : Press Releases"]
    # a no-break space after a line break is kept by the extractor, and read as a space
    nbsp = PARAGRAPHS[2].replace("an independent review", "an<br/>independent\xa0review")
    [got] = bodies(tmp_path, {"tram.html": html(paragraphs(text) + f"<p>{nbsp}</p>")}).values()
    assert "aja/PAP" not in got and "News date" not in got
    assert "independent review" in got and "\xa0" not in got


def test_a_searched_date_that_is_a_comments_date_gives_way_to_the_date_found_without_the_comments(
        tmp_path: Path) -> None:
    comments = ('<section id="comments"><h3>1 comment</h3><ol class="commentlist"><li class="comment">'
                '<span class="comment-author">Ann</span> <abbr class="date" title="2024-09-11T10:57:27Z">'
                '11 Sep 2024</abbr><p>Finally, the tram!</p></li></ol></section>')
    byline = '<p class="byline">By Joan Smith | 30 September 2024</p>'
    page = html(byline + paragraphs(PARAGRAPHS)).replace("</article>", "</article>" + comments)
    con = loaded(tmp_path, {"tram.html": page})
    assert rows(con, "select published_date from raw.article") == [(dt.date(2024, 9, 30),)]


def test_a_dateline_opening_the_article_dates_a_page_that_declares_no_date(tmp_path: Path) -> None:
    opening = "<h2>Tram plan passes</h2><p>29.11.2024 – " + PARAGRAPHS[0] + "</p>"
    later = "<p>The next session, on 04.12.2024 – a Wednesday – will set the fares for the new lines.</p>"
    con = loaded(tmp_path, {"dateline.html": html(opening + paragraphs(PARAGRAPHS[1:]) + later),
                            "text.html": html(paragraphs(PARAGRAPHS) + later)})
    got = dict((name, (date, source)) for name, date, source in rows(
        con, "select source_file, published_date, date_source from raw.article"))
    assert got["dateline.html"] == (dt.date(2024, 11, 29), "dateline")
    assert got["text.html"][1] != "dateline"  # a date further on is no dateline


def test_a_searched_day_one_off_a_utc_date_wins_unless_the_page_declares_it_as_its_modification() -> None:
    # htmldate's search (original_date) can return a JSON-LD dateModified that is earlier than
    # the declared publication, a day off it: that day is no local publication day
    declared, day_before = dt.date(2024, 6, 11), dt.date(2024, 6, 10)
    assert _page_date((declared, True), day_before) == day_before
    assert _page_date((declared, True), day_before, {day_before}) == declared
    assert _page_date((declared, False), day_before) == declared


def test_a_form_widget_in_the_article_is_left_out_and_a_page_wrapped_in_a_form_is_not(tmp_path: Path) -> None:
    box = ('<div class="box"><p>Get the Springfield Herald briefing every morning</p>'
           '<label for="mail">Your e-mail address</label><input type="email" id="mail" name="mail">'
           '<input type="submit" value="Sign up"></div>')
    wrapped = html(paragraphs(PARAGRAPHS)).replace("<main>", '<form action="/page.aspx"><main>').replace(
        "</main>", '<input type="text" name="q"></main></form>')
    got = bodies(tmp_path, {"box.html": html(paragraphs(PARAGRAPHS[:2]) + box + paragraphs(PARAGRAPHS[2:])),
                            "wrapped.html": wrapped})
    assert "briefing every morning" not in got["box.html"] and "e-mail address" not in got["box.html"]
    assert all(p in got["box.html"] for p in PARAGRAPHS)
    assert all(p in got["wrapped.html"] for p in PARAGRAPHS)


def test_a_follow_us_line_is_left_out_and_a_paragraph_citing_one_post_is_not(tmp_path: Path) -> None:
    follow = ('<p>Write to us at <a href="mailto:desk@herald.example">desk@herald.example</a> or follow the Herald '
              'on <a href="https://twitter.com/herald">Twitter</a> and <a href="https://www.instagram.com/herald">'
              'Instagram</a>.</p>')
    cited = ('<p>The mayor announced the vote <a href="https://twitter.com/mayor/status/1">on Twitter</a> and '
             '<a href="https://www.facebook.com/mayor/posts/2">on Facebook</a> an hour before the session.</p>')
    [got] = bodies(tmp_path, {"tram.html": html(paragraphs(PARAGRAPHS) + cited + follow)}).values()
    assert "Write to us" not in got and all(p in got for p in PARAGRAPHS)
    assert "announced the vote on Twitter and on Facebook an hour" in got


def test_share_copyright_and_comment_count_lines_are_notes_and_left_out(tmp_path: Path) -> None:
    furniture = ["Teilen mit:", "© 2024 Springfield Herald Media", "12 Kommentare", "Wird geladen …",
                 "All rights reserved. This material may not be redistributed."]
    kept = "Share prices of the tram builder rose on the news, and the copyright of the route maps stays with the city."
    got = bodies(tmp_path, {"tram.html": html(paragraphs(PARAGRAPHS[:1] + furniture[:2] + PARAGRAPHS[1:] + [kept]
                                                         + furniture[2:]))})
    body = got["tram.html"]
    assert all(p in body for p in PARAGRAPHS) and kept in body
    assert not any(line in body for line in furniture)


def test_a_section_label_line_drops_the_short_lines_after_it_up_to_running_text(tmp_path: Path) -> None:
    related = ["Bridge closure announced for the summer", "Bus fares to rise in May"]
    after = ("Der Gemeinderat hat außerdem beschlossen, die Haltestellen barrierefrei umzubauen; die Arbeiten sollen "
             "im Herbst beginnen, zwei Jahre dauern und rund acht Millionen Euro kosten.")
    page = (paragraphs(PARAGRAPHS[:2]) + "<h3>Das könnte Sie auch interessieren</h3>" + paragraphs(related)
            + paragraphs([after]))
    inline = paragraphs(PARAGRAPHS[:1] + ["Comments"] + PARAGRAPHS[1:2] + ["Comments from residents were mixed."])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    got = {**bodies(tmp_path / "a", {"label.html": html(page)}), **bodies(tmp_path / "b", {"inline.html": html(inline)})}
    assert all(p in got["label.html"] for p in PARAGRAPHS[:2]) and after in got["label.html"]
    assert "Das könnte Sie auch interessieren" not in got["label.html"]
    assert not any(r in got["label.html"] for r in related)
    assert "Comments\n" not in got["inline.html"] and PARAGRAPHS[1] in got["inline.html"]
    assert "Comments from residents were mixed." in got["inline.html"]

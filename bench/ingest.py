"""Web ingest: extraction quality on the trafilatura benchmark half, and ingest speed.

    python -m bench.ingest eval  [--shared ../shared]   # web/eval: with/without snippets, dates, titles, URLs
    python -m bench.ingest speed [--shared ../shared]   # pages/s (HTML), records/s (WARC), vs. trafilatura alone

Both store their numbers in bench/results/ingest.json and rewrite the "## Ingest" section of
docs/benchmarks.md in place (the other sections are left as they are; `python -m bench report`
renders this section from the same file).

`eval` loads web/eval into a scratch warehouse with wirehouse's loader (the same code
`wirehouse run` uses) and scores `raw.article` against `evaldata.json`. `speed` times the
loader's read+parse+store on web/eval (HTML) and web/warc (WARC), and
`trafilatura.bare_extraction` alone on the same HTML files. Scratch files go to a temp folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from loader.config import REPO_ROOT
from loader.ingest.loading import load
from loader.warehouse import migrate

ACCEPT_WITH, ACCEPT_WITHOUT, ACCEPT_DATE = 0.90, 0.10, 0.90
RESULTS = REPO_ROOT / "bench" / "results" / "ingest.json"
DOC = REPO_ROOT / "docs" / "benchmarks.md"
HEADING = "## Ingest (web pages and archives)"
SPLIT = REPO_ROOT / "bench" / "web_eval_split.json"


def _stamp() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=REPO_ROOT).stdout.strip()
    return {"commit": commit or "unknown", "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "loadavg": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version()}


def section(data: dict) -> list[str]:
    """The benchmark document's ingest section, from bench/results/ingest.json."""
    lines = [HEADING, ""]
    if speed := data.get("speed"):
        ms = {key: 1000 / speed[key] for key in
              ("trafilatura_pages_per_s", "reading_pages_per_s", "wirehouse_html_pages_per_s") if key in speed}
        lines += [
            f"Measured at commit `{speed['commit']}` ({speed['when']}, load average {speed['loadavg']}) by "
            "`python -m bench.ingest speed`: one process, warm page cache, annotation excluded, every measure "
            "after a warm-up (trafilatura, htmldate and dateparser build caches on first use). *load* is "
            "`loader.ingest.load` (read, decode, extract, detect the language, hash, dedup, near-duplicate "
            "stories, accounting, Arrow insert) into a fresh migrated file; *reading* is wirehouse's per-page "
            "work alone (decode and `formats.html.extract`: trafilatura with wirehouse's settings, the "
            "boilerplate marking, the date search); *trafilatura alone* is "
            "`trafilatura.bare_extraction(html, with_metadata=True)` with its defaults, nothing else. Reading and "
            "trafilatura alone are the faster of a run before and one after the load. The machine is shared: "
            "compare the columns, measured minutes apart, rather than the absolute rates.", "",
            "| input | items | wirehouse load items/s | wirehouse reading items/s | trafilatura alone items/s | "
            "load / alone |", "|---|---|---|---|---|---|",
            f"| HTML pages (`web/eval`, {speed['html_pages']} `.html`) | {speed['html_pages']} | "
            f"{speed['wirehouse_html_pages_per_s']:.1f} pages/s | "
            + (f"{speed['reading_pages_per_s']:.1f} pages/s" if "reading_pages_per_s" in speed else "")
            + f" | {speed['trafilatura_pages_per_s']:.1f} pages/s | "
            f"{speed['wirehouse_html_pages_per_s'] / speed['trafilatura_pages_per_s']:.2f}× |",
            f"| WARC/ARC records (`web/warc`, every record) | {speed['warc_records']} | "
            f"{speed['wirehouse_warc_records_per_s']:.1f} records/s | | | |", ""]
        if len(ms) == 3:
            lines += [
                f"Per page: trafilatura alone {ms['trafilatura_pages_per_s']:.1f} ms, wirehouse's reading "
                f"{ms['reading_pages_per_s']:.1f} ms, the whole load {ms['wirehouse_html_pages_per_s']:.1f} ms. "
                "The reading's extra time is wirehouse's extraction settings (htmldate's extensive original-date "
                "search, tables kept, the boilerplate, teaser, form and follow-us marking with its pruning, a "
                "second `favor_recall` reading of pages whose main text is short, the lead and summary put "
                "back); the load's extra time over the reading is language detection, hashing, MinHash "
                "signatures, dedup, accounting and the Arrow inserts. WARC records/s counts every record "
                "(warcinfo, requests, non-HTML responses are cheap; the HTML responses cost what a page costs).",
                ""]
    if quality := data.get("eval"):
        cols = ("heldout", "tune", "all")

        def row(label: str, key: str, accept: str = "") -> str:
            return f"| {label} | " + " | ".join(f"{quality[c][key]:.1%}" for c in cols) + f" | {accept} |"

        unmet = [name for name, ok in (
            ("with", quality["all"]["with_all"] >= ACCEPT_WITH),
            ("without", quality["all"]["without_any"] <= ACCEPT_WITHOUT),
            ("date", quality["all"]["date_correct"] >= ACCEPT_DATE)) if not ok]
        lines += [
            f"Extraction on `web/eval` (half of trafilatura's benchmark, `evaldata.json`), commit "
            f"`{quality['commit']}` ({quality['when']}), by `python -m bench.ingest eval`: a page passes when "
            "`article.body` contains every `with` snippet, and fails the boilerplate check when it contains any "
            "`without` snippet (exact substring match). A page counts for the date when `evaldata.json` gives "
            "it a gold `date` (the benchmark's annotators read it off the page); it is right when "
            "`published_date` is that day (two gold dates are no calendar dates, `2022-25-10` and `2022-01.26`: "
            "those pages are not scored for the date). The pages are split once, before any tuning, by the SHA-1 "
            "of the "
            "file name (`bench/web_eval_split.json`): rules were tuned on *tune* pages only; *held-out* pages "
            "were never opened and their per-page results never printed (`--misses` lists tune pages only).", "",
            "| measure | held-out | tune | all | acceptance |", "|---|---|---|---|---|",
            "| pages | " + " | ".join(str(quality[c]["pages"]) for c in cols) + " | |",
            row("all `with` snippets in the body", "with_all", "≥ 90%"),
            row("any `without` snippet in the body", "without_any", "≤ 10%"),
            "| pages with a gold date | " + " | ".join(str(quality[c]["pages_with_metadata_date"]) for c in cols)
            + " | |",
            row("gold date found as `published_date`", "date_correct", "≥ 90%"),
            row("title set", "title_set"),
            row("URL set (as the page declares it: canonical, og:url, JSON-LD, shortlink, base)", "url_set"), "",
            ("**Met** on all pages." if not unmet else f"**Not met** on all pages: {', '.join(unmet)}."), "",
            *NOTES, ""]
    return lines


# what was tried and why, kept with the numbers it explains (rewritten when the measures change)
NOTES: list[str] = [
    "Before the first pass (commit `9b780d7`, trafilatura 2.3 with `include_comments=False, include_tables=True` "
    "and htmldate's original-date search), held-out / tune / all: `with` 82.7% / 87.5% / 85.3%, `without` "
    "21.8% / 17.5% / 19.5%, date 88.3% / 84.2% / 86.0% (then counting the two unreadable gold dates), URL "
    "93.1% / 94.2% / 93.7%, titles 100%. After the first pass (commit `68b351d`): `with` 86.6% / 91.7% / "
    "89.4%, `without` 21.8% / 11.7% / 16.3%, date 88.3% / 86.5% / 87.3%, URL 93.6% / 94.6% / 94.1%.",
    "",
    "First pass, each kept only when it helped the tune pages and cost nothing there: the article's "
    "lead put back when the extractor drops it (`pagemeta.lead`: `with` +4 points on tune, the main gain); "
    "share, related-post, author-box, pop-up and ad blocks pruned by class/id word "
    "(`formats/boilerplate.py`: `without` −3 points on tune); one-line editorial notes dropped "
    "(`formats/notes.py`: `without` −3 points on tune); the page's declared date before htmldate's guess "
    "(`pagemeta.declared_date`); a JSON-LD/shortlink/base URL when there is no canonical or og:url. Its "
    "`without` gains did not carry over to the held-out pages (held-out stayed at 21.8%): they were fitted "
    "to tune pages.",
    "",
    "Second pass (dates kept): the page's `<time>` elements, when all readable ones name one day, come "
    "after `article:published_time` and JSON-LD and before the named meta tags (a list of teasers names "
    "several days and is skipped); a UTC time of 20:00–23:00 on the hour is a local midnight east of "
    "Greenwich written in UTC, so the next day (tune date +2.0 points, none lost).",
    "",
    "Second pass, tried and not kept: reading every page twice, by trafilatura's default and its precise "
    "reading (`favor_precision`), taking the precise one unless it kept less than half the default's "
    "characters. On tune `with` 91.7% → 90.4% and `without` 11.7% → 8.8%, at about 1.5× the extraction time "
    "(0.57× trafilatura's speed instead of 0.82×); held-out, looked at once as an aggregate: `with` 86.6% → "
    "83.2%, `without` 21.8% → 19.8%. Not kept because it loses article text (`with` fell on tune too) and "
    "costs a third of the speed; the held-out result was known when this was decided. Also tried on tune "
    "and not kept: `favor_precision` alone (`with` 88.8%, `without` 7.9%); the broad class/id vocabulary "
    "for pruning (comment, newsletter, subscribe, cookie, consent, breadcrumb, nav, tags, byline, footer, "
    "links, cta, paywall: `with` −1.7 points for `without` −0.4, it cuts articles whose containers carry "
    "such words); a third, recall-oriented reading as a fallback; htmldate without its extensive search "
    "(date −2.5 points).",
    "",
    "Third pass (from `8ec6192`), each kept only when it helped the tune pages and lost none there "
    "(tune counts out of 240 pages, 200 dated): the page's `description` put back as its standfirst where the "
    "page shows it as a block of its own, not its headline (`formats/summary.py`: `with` +4 pages); no-break "
    "spaces read as spaces (`with` +2); a page whose default reading is next to empty (under 250 characters) "
    "read again with trafilatura's `favor_recall` (`with` +1); short paragraphs and headings that are nothing "
    "but a link (75% of their letters), after the first paragraph of running text in their container, pruned "
    "as teasers (`formats/teasers.py`: `without` −5 pages; restricted to after running text because pruning a "
    "link paragraph in a header or form changed which container trafilatura took and lost an article); "
    "reading-time widgets pruned by class, agency signatures (`aja/PAP`) and `News date :`/`Date:` stamp "
    "lines dropped as notes (`without` −3); a first paragraph repeating the title left out, as the `.txt` "
    "reader does (`without` −1; 40 tune bodies began with their headline, no gold snippet wanted it); dates: "
    "a `<time>` text with a time (`29.04.2020, 12:01 Uhr`), the first `<time>` in the article's header next "
    "to the `<h1>` when the page's times name several days, and a searched day one off a UTC date does not "
    "win when the page declares it as its modification day (date +2). On tune: `with` 91.7% → 95.0%, "
    "`without` 11.7% → 7.9%, date 88.5% → 89.5%. Held-out, looked at once as an aggregate after these "
    "were fixed: `with` 86.6% → 90.1%, `without` 21.8% → 22.3% (one page more), date 89.0% → 88.3% (one "
    "page fewer); all pages: `with` 89.4% → 92.8%, `without` 16.3% → 14.5%, date 88.7% → 89.0%. Nothing "
    "was changed after that look.",
    "",
    "Third pass, tried on tune and not kept: the headline put into the body (`with` +2 pages but `without` "
    "+1, and the `.txt` reader keeps the title out of the body); a trailing run of italic paragraphs as "
    "author notes (one bio out, one closing quotation lost); domain-only lines (`BVINEWS.COM`) as "
    "signatures (they are the addresses in a restaurant guide too); `sidebar`/`widget` as whole class "
    "words (no change); link `div`s as teasers (no change); `include_tables=False` (`with` −3 pages); "
    "htmldate with `original_date=False` (no change); the modification date as the published one (the gold "
    "date is the modification day on 3 tune pages whose dates differ, the publication day on 26).",
    "",
    "Fourth pass (from `7ab17e9`), rules chosen for being structural and explainable on any site, each kept "
    "only when it helped the tune pages and lost none there: blocks around form fields (`<input>` not hidden, "
    "`<select>`, `<textarea>`) with no `<h1>` and no running text pruned as form widgets, sign-up, contact and "
    "calculator boxes (`formats/forms.py`; search boxes and fields in the header or navigation are left to the "
    "extractor: pruning them too changed which container it took and lost an article; `without` −1 page, and it "
    "takes newsletter and consent-dialog lines out of two more bodies where gold names none); a paragraph "
    "linking to two or more contact points (a mail address, accounts' pages on social networks, not their "
    "posts, each network counted once) pruned as a "
    "follow-us or write-to-us line (`formats/follow.py`: `without` −1); dates, for a page that declares none: "
    "a numeric dateline opening one of the article's first three paragraphs (`29.11.2022 – `, or the `.txt` "
    "reader's English one) before htmldate's guess (`date_source` `dateline`; on tune such datelines open 10 "
    "dated pages and agree with 9 gold dates, the tenth gold date is a month off its own dateline), and an "
    "htmldate day written in a comment section (a comment's timestamp) searched again without the comment "
    "sections (`formats/datesearch.py`; date +1 each). On tune: `with` 95.4% → 95.4%, `without` 7.9% → 7.1% "
    "(19 → 17 pages), date 89.5% → 90.5% (179 → 181 of 200). Held-out, as printed by the eval after these were "
    "fixed: `with` 90.1% → 90.1%, `without` 22.3% → 22.3%, date 88.3% → 89.0% (one page more); all pages: "
    "`with` 93.0% → 93.0%, `without` 14.5% → 14.0%, date 89.0% → 89.8%.",
    "",
    "Fourth pass, tried on tune and not kept: comment sections removed before every htmldate search (date +1 "
    "and −1: without them a blog's archive widget won); the widest block around a form field that still has no "
    "running text (the widget's heading with it: `without` +1, the extractor took another container); a last "
    "paragraph ending with a colon as the caption of a widget the text leaves out (2 of them are gold `with`); "
    "a short paragraph linking to a licence (a gold `with` stamp line carries one too); `<figcaption>` and "
    "caption classes (1 gold `with`, 2 `without`); embedded posts (`blockquote.twitter-tweet`: gold wants "
    "them on 2 pages); a paragraph repeated in the body (lists and code repeat lines). Copyright, byline, "
    "comment-count and \"read also\" label lines were looked at and left: none of those lines on tune is a gold "
    "snippet, so tune gives no evidence either way.",
    "",
    "Fifth pass (from `9c7f37b`), general rules only, each with no loss on the tune pages: the note labels moved "
    "to a vocabulary file an analyst can edit (`loader/ingest/vocabulary/note_lines.csv`) and gained one-line page "
    "furniture in several languages (share and follow prompts, copyright lines, comment counts, read-also and tag "
    "labels, newsletter calls, `Wird geladen …`); a section label on a line of its own (related posts, comments) "
    "drops the short lines after it up to the next paragraph of running text; a page declaring ISO 8859-1 with "
    "bytes 0x80–0x9F is decoded as windows-1252 (the WHATWG mapping of the latin-1 labels; no tune page has such "
    "bytes). On tune these take 9 furniture lines and one comment section out of bodies, none a gold snippet: tune "
    "unchanged (`with` 95.4%, `without` 7.1%, date 90.5%). Held-out, read once as an aggregate after they were "
    "fixed: `with` 90.1% → 90.1%, `without` 22.3% → 21.3%, date 89.0% → 89.0%; all pages: `with` 93.0%, "
    "`without` 14.0% → 13.6%, date 89.8%. Tried on tune and not kept: trimming the default reading's lines before "
    "the first or after the last line of the `favor_precision` reading (`with` −2 to −4 pages, `without` −1 to −2); "
    "dropping the default reading's short lines the precise reading leaves out (`with` −2, `without` −2); pruning "
    "blocks made mostly of links (≥ 3 links, 75% of the letters, no running text) before extraction (`with` −1, "
    "`without` +1: it changes the container trafilatura takes); dropping, after extraction, the lines found only "
    "inside such blocks (`with` −3, `without` ±0) or only inside blocks whose class/id carries a broad boilerplate "
    "word (comment, newsletter, nav, tags, footer, …: `comment` cost a live ticker's text, the others removed "
    "one real paragraph and no gold snippet); trafilatura's precision `header` pruning (`with` −1, `without` +1).",
    "",
    "Sixth pass (from `f216bd3`): agreement between independent extractors, tried on the tune pages (branch "
    "`web9`, not merged). Four other main-content readings were run on the 240 tune pages: resiliparse "
    "`extract_plain_text(main_content=True)` (5 ms a page), trafilatura's readability port (15 ms), "
    "boilerpy3's `ArticleExtractor` (33 ms) and jusText with English and German stop lists (46 ms), against "
    "~70 ms for wirehouse's reading; a line counts as kept by a reading when its casefolded words occur there "
    "in a row, or (tried at 30% and 60%) that share of its word trigrams does. Alone they cannot clean "
    "trafilatura's body: on 16 of the 17 tune pages still failing `without`, two or more of them keep the "
    "boilerplate snippet too (resiliparse on 16, boilerpy3 15, jusText 11, readability 10), and by themselves "
    "they are far less precise (`without` on 146, 97, 65 and 49 of the 240 pages, words matched). Tune `with` "
    "/ `without` pages, from 229 / 17, not kept: a line none of the four keeps dropped, up to 120 characters "
    "228 / 17, any length 224–226 / 17 (resiliparse with none, one or two of the others: 222–228 / 17; one of "
    "the slower three alone: 180–214 / 10–16); dropped when at least two others leave it out, 199–219 / 15; "
    "when fewer than half keep it, 210–221 / 15–16; the body's first and last lines trimmed while fewer than "
    "k others keep them, 226–227 / 17 (k = 2) down to 202–218 / 13–16 (k = 4); on trafilatura's reading "
    "without the five passes' rules (block marking and note filter off: 229 / 42, a stand-in for pages the "
    "rules were not fitted to) these do no better (222–228 / 38–41 with none keeping the line, 202–212 / "
    "31–32 with two of four leaving it out). Best variant: trafilatura's own `favor_precision` reading as the "
    "first judge (224 / 14 alone): a line of the default reading that it leaves out is dropped unless both "
    "resiliparse and readability keep it, for lines up to 300 characters, and only when both judges read the "
    "same block (each keeps half the body's characters: one that took another block, a shop's listing instead "
    "of its text, has no vote, and nothing is dropped): 229 / 16, no article page lost (without the vote "
    "guard 227 / 13, under the 95% `with` floor: a references list and a shop page's wine notes lost; with "
    "the precise reading guarded instead, 228 / 15; with all four judges, 228 / 16 or 228 / 17). Its 40 "
    "dropped lines on tune are mostly furniture (bookmark, read-aloud, comment-count and reading-time "
    "widgets, log-in prompts, report-an-error boxes, section labels, bylines, headline repeats), but two are "
    "article paragraphs of a news page. On the stand-in reading without the five passes' rules it gives 229 / "
    "39, and 229 / 36 with boilerpy3 as a third judge (left out: it gives the same 229 / 16 on the real "
    "pipeline, costs 33 ms a page and prints its parser's warnings). One more general idea, link density on "
    "the DOM, not kept: a body line whose own element's text is half or more link text, up to 200 characters, "
    "dropped: 226 / 16 (stand-in 225 / 36); on the stand-in, 7 of 54 lines holding a gold `without` snippet "
    "are link-dense and 5 of 626 holding a `with` one. The tune pages' date misses were looked at again: the "
    "one-day-off ones are gold days other than the day the page's own tags and displayed dates name (its "
    "modification day, the day after an evening timestamp given with its offset); no general date rule was "
    "found. On tune: `with` 95.4% → 95.4%, `without` 7.1% → 6.7% (17 → 16 pages), date 90.5% → 90.5%. "
    "Held-out: its aggregate was printed once before this choice, for unchanged code (the fifth pass's "
    "numbers, already known), and once after it was fixed: `with` 90.1% → 88.6% (182 → 179 of 202 pages), "
    "`without` 21.3% → 19.8% (43 → 40), date 89.0% → 89.0%; on held-out pages the rule cleared as many "
    "boilerplate pages as it cost article pages, which the tune pages did not show; all pages: `with` 93.0% → "
    "92.3%, `without` 13.6% → 12.7%, date 89.8% → 89.8%. Nothing was changed after that look. Not merged: one "
    "tune page fewer failing `without` for about 1.5× the reading time (the speed below), and held-out "
    "`with`, a met target, fell under 90% (that result was known when this was decided). Speed, `python -m "
    "bench.ingest speed` once on this commit on a machine at load average ~8: wirehouse's reading at 0.51× "
    "trafilatura alone (3.7 against 7.2 pages/s), against 0.79× before (18.6 against 23.5 pages/s at commit "
    "`027c18d`, machine idle): the second trafilatura reading and the two judges cost about 1.5× the "
    "reading's time.",
    "",
    "**The `without` and date targets are not met.** `without` on held-out pages did not follow the tune "
    "pages down (the same happened to the first and fourth passes' `without` rules, structural ones "
    "included): what is left on tune pages is "
    "inside the article's own container with no structure or class to tell it apart (calls to action and "
    "to comment, a support-us box under an `<h1>`, a licence line, a caption repeating the text, and gold "
    "snippets that are common words of the article itself, `Wohnen`, `Start-ups`). The remaining date "
    "misses on tune pages are gold dates no date tag carries (a displayed date differing from every meta "
    "tag, a print-edition day, an evening time a day before the gold day), a modification date, or an "
    "htmldate guess on a page that declares none (a stylesheet's version date, a caption's); none are taken "
    "from the text beyond a dateline opening the article (issue #15). One page's `with` miss is a decoding "
    "fault outside the "
    "HTML reader: a page declaring UTF-8 with a few cp1252 bytes is read by charset-normalizer's guess "
    "instead, mangling every umlaut (`loader/ingest/decode.py`; 3 of the 442 pages declare an encoding "
    "that is not the one used). URLs: the pages without one declare none in absolute form; the URL under "
    "which the benchmark saved them is not in the file and is not invented.",
    "",
    "Speed: the added steps (one lxml parse handed to trafilatura instead of its own, the block and teaser "
    "marking, the lead, standfirst and date look-ups, the note filter) cost a few milliseconds a page against "
    "~50–100 ms of extraction. Third pass, `extract()` of `8ec6192` and of this commit timed in one process, "
    "alternating page by page over the 442 pages twice: 19.3 → 18.6 pages/s (+4% time; the `favor_recall` "
    "re-reading runs on a handful of pages). Fourth pass: the form and follow-us marking and the comment scan (on "
    "pages declaring no date) add about 2 ms a page (0.2, 0.3 and 1.3 ms over the 442 pages) against ~70 ms of "
    "extraction, plus one more htmldate search on the few pages whose searched date is a comment's.",
]


def _write(key: str, values: dict) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    data[key] = {**values, **_stamp()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
    text = DOC.read_text() if DOC.is_file() else "# Benchmarks\n"
    new = "\n".join(section(data))
    if HEADING in text:
        head, rest = text.split(HEADING, 1)
        after = rest.find("\n## ")
        text = head + new + ("\n" + rest[after:] if after >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + new
    DOC.write_text(text.rstrip("\n") + "\n")


def _load(paths: list[Path], scratch: Path) -> tuple[duckdb.DuckDBPyConnection, float]:
    db = scratch / "ingest.duckdb"
    migrate.upgrade(db)
    con = duckdb.connect(str(db))
    started = time.perf_counter()
    load(con, paths, quiet=True)
    return con, time.perf_counter() - started


def evaluate(shared: Path, misses: bool = False) -> dict:
    folder = shared / "corpora" / "web" / "eval"
    gold = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        con, _ = _load([folder], Path(scratch))
        rows = {name: (body, title, url, date) for name, body, title, url, date in con.execute(
            "select source_file, body, title, url, published_date from raw.article").fetchall()}
        # a page whose text equals an earlier page's is a duplicate: score it with that article
        for name, article_id in con.execute("select source_file, article_id from raw.input_file"
                                            " where outcome = 'duplicate'").fetchall():
            rows[name] = con.execute("select body, title, url, published_date from raw.article where article_id = ?",
                                     [article_id]).fetchone()
        con.close()
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    parts = {"heldout": set(split["heldout"]), "tune": set(split["tune"])}
    scores: dict[str, list[dict]] = {"heldout": [], "tune": [], "all": []}
    for entry in gold.values():
        if not (folder / entry["file"]).is_file():
            continue
        body, title, url, date = rows.get(entry["file"], ("", None, None, None))
        page = {"file": entry["file"], "with_all": all(snippet in body for snippet in entry.get("with", [])),
                "without_any": any(snippet in body for snippet in entry.get("without", [])),
                "title": bool(title), "url": bool(url), "dated": _gold_date(entry) is not None,
                "date_right": _gold_date(entry) is not None and date == _gold_date(entry)}
        if misses and entry["file"] in parts["tune"]:  # tune pages only: held-out failures stay unseen
            _print_miss(entry, page, body, date)
        scores["all"].append(page)
        for name, files in parts.items():
            if entry["file"] in files:
                scores[name].append(page)
    return {name: _aggregate(pages) for name, pages in scores.items()}


def _gold_date(entry: dict) -> dt.date | None:
    """The page's gold date; None when it has none or it is no calendar date ("2022-25-10"):
    such a page cannot be scored for its date (2 of the 442 pages)."""
    try:
        return dt.date.fromisoformat(entry.get("date", "")[:10])
    except ValueError:
        return None


def _aggregate(pages: list[dict]) -> dict:
    n, dated = len(pages), sum(p["dated"] for p in pages)
    return {"pages": n, "with_all": sum(p["with_all"] for p in pages) / max(n, 1),
            "without_any": sum(p["without_any"] for p in pages) / max(n, 1),
            "pages_with_metadata_date": dated, "date_correct": sum(p["date_right"] for p in pages) / max(dated, 1),
            "title_set": sum(p["title"] for p in pages) / max(n, 1),
            "url_set": sum(p["url"] for p in pages) / max(n, 1)}


def _print_miss(entry: dict, page: dict, body: str, date: object) -> None:
    problems = []
    if not page["with_all"]:
        problems += [f"  missing with: {s!r}" for s in entry.get("with", []) if s not in body]
    if page["without_any"]:
        problems += [f"  present without: {s!r}" for s in entry.get("without", []) if s in body]
    if page["dated"] and not page["date_right"]:
        problems.append(f"  date: gold {entry['date'][:10]}, ours {date}")
    if not page["url"]:
        problems.append("  no URL")
    if problems:
        print(entry["file"], *problems, sep="\n")


def speed(shared: Path) -> dict:
    """Pages/s three ways over the same files, each after a warm-up (trafilatura, htmldate and
    dateparser build caches on first use): trafilatura alone with its defaults; wirehouse's
    per-page reading (decode and `formats.html.extract`: trafilatura with wirehouse's settings,
    the boilerplate marking, the date search); and the whole `load` (plus language, hashes,
    MinHash, dedup, accounting, Arrow insert). Each is the faster of a run before and one after
    the load, so a burst of load from another job on the machine weighs less."""
    import trafilatura

    from loader.ingest.formats.html import html_record

    web = shared / "corpora" / "web"
    html_files = sorted(web.glob("eval/*.htm*"))
    pages = [path.read_bytes() for path in html_files]

    def timed(read) -> float:
        started = time.perf_counter()
        for data in pages:
            read(data)
        return time.perf_counter() - started

    def extractor_alone(data: bytes) -> None:
        trafilatura.bare_extraction(data, with_metadata=True)

    def reading(data: bytes) -> None:
        html_record(None, data)

    for data in pages[:20]:  # warm-up
        extractor_alone(data)
        reading(data)
    alone, read = timed(extractor_alone), timed(reading)
    with tempfile.TemporaryDirectory() as scratch:
        con, html_seconds = _load([web / "eval"], Path(scratch) / "a")
        con.close()
    alone, read = min(alone, timed(extractor_alone)), min(read, timed(reading))
    with tempfile.TemporaryDirectory() as scratch:
        con, warc_seconds = _load([web / "warc"], Path(scratch) / "b")
        records = con.execute("select count(*) from raw.input_file").fetchall()[0][0]
        con.close()
    return {"html_pages": len(html_files), "trafilatura_pages_per_s": len(pages) / alone,
            "reading_pages_per_s": len(pages) / read,
            "wirehouse_html_pages_per_s": len(html_files) / html_seconds,
            "warc_records": records, "wirehouse_warc_records_per_s": records / warc_seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("eval", "speed"))
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("WIREHOUSE_SHARED", REPO_ROOT.parent / "shared")))
    parser.add_argument("--misses", action="store_true",
                        help="eval: list the tune pages' failures (never held-out ones) and write nothing")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "web").is_dir():
        print(f"error: no corpora at {args.shared}/corpora/web (give --shared or WIREHOUSE_SHARED)", file=sys.stderr)
        return 1
    if args.what == "eval":
        result = evaluate(args.shared, misses=args.misses)
        if args.misses:  # a look at tune failures is not a measurement: nothing is written
            return 0
        _write("eval", result)
        print(json.dumps(result, indent=2))
        every = result["all"]
        ok = (every["with_all"] >= ACCEPT_WITH and every["without_any"] <= ACCEPT_WITHOUT
              and every["date_correct"] >= ACCEPT_DATE)
        print("acceptance: " + ("pass" if ok else "FAIL"))
        return 0 if ok else 1
    result = speed(args.shared)
    _write("speed", result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

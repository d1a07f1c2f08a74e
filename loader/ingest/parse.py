"""Turn raw inputs into articles: house-format `.txt` files and JSON Lines records.

The house format (see raw/*.txt) is free text with optional structure:

* a first-line header `` date YYYY-MM-DD`` whose remainder on that line is the title;
* without a header: a short first line as title, a byline ("By A and B for AFP") and a
  standalone dateline ("February 04, 2022"), or a dateline opening the text ("LONDON,
  Feb 4, 2022 (Reuters) - ..."); a date mentioned further on is never the article's date;
* an "Original url:" trailer;
* non-article text that is dropped: photo captions and credits, "Embed:" blocks, pasted
  social-media posts and "Related article:" lines.

`ParsedArticle.body` is the kept paragraphs joined by a blank line; every later character
offset indexes into it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ParsedArticle:
    body: str
    title: str | None
    published_date: dt.date | None
    date_source: str | None  # 'header' | 'dateline' | 'field' | None
    source: str | None
    url: str | None
    authors: tuple[str, ...]


class ParseError(ValueError):
    """The input cannot become an article; the message is a one-line reason."""


# --- dates ---------------------------------------------------------------------------

_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ORDINAL = r"(?:st|nd|rd|th)?"


def _month(group: str) -> str:
    return (rf"(?P<{group}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
            rf"|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")


_DATE_RE = re.compile(
    rf"\b(?:{_month('m1')}\s+(?P<d1>\d{{1,2}}){_ORDINAL},?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}}){_ORDINAL}\s+{_month('m2')},?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _match_date(m: re.Match[str]) -> dt.date | None:
    if m["y1"]:
        year, month, day = m["y1"], _MONTH_ABBREVIATIONS.index(m["m1"][:3].lower()) + 1, m["d1"]
    elif m["y2"]:
        year, month, day = m["y2"], _MONTH_ABBREVIATIONS.index(m["m2"][:3].lower()) + 1, m["d2"]
    else:
        year, month, day = m["y3"], m["m3"], m["d3"]
    return _make_date(int(year), int(month), int(day))


def _parse_dateline(line: str) -> dt.date | None:
    """A line that is nothing but a date, e.g. 'February 04, 2022' or 'Friday, 4 Feb. 2022'."""
    m = _DATE_RE.fullmatch(_WEEKDAY_RE.sub("", line, count=1).rstrip(" ."))
    return _match_date(m) if m else None


# a dateline that opens the first paragraph: "LONDON, February 4, 2022 (Reuters) - ...",
# "4 Feb 2022 — ..."; a place in capitals may come first, a dash or an agency must follow
_LEAD_DATELINE_RE = re.compile(
    rf"(?:(?-i:[A-Z][A-Z .'-]{{1,40}}),\s+)?(?:{_WEEKDAY_RE.pattern})?(?P<date>{_DATE_RE.pattern})"
    r"\s*(?:\([A-Za-z .]{1,30}\)\s*)?(?:[-–—:]|\([A-Za-z .]{1,30}\))", re.IGNORECASE)


def _lead_dateline(body: str) -> dt.date | None:
    """The date of a dateline that opens the body; a date later in the text is never the article's."""
    m = _LEAD_DATELINE_RE.match(body)
    return _match_date(_DATE_RE.fullmatch(m["date"])) if m else None


# --- line and paragraph patterns -----------------------------------------------------

_HEADER_RE = re.compile(r"[ \t]*date[ \t]+(?P<date>\d+[-/.]\d+[-/.]\d+)(?:[ \t]+(?P<rest>.*))?", re.IGNORECASE)
_ORIGINAL_URL_RE = re.compile(r"original\s+url\s*:\s*(?P<rest>.*)", re.IGNORECASE)
_URL_RE = re.compile(r"<?(?P<url>(?:https?://|www\.)\S+?)>?")
_RELATED_RE = re.compile(
    r"(?:related\s+(?:articles?|stor(?:y|ies)|content|reading)|read\s+(?:more|also)|see\s+also)\s*:", re.IGNORECASE)
_EMBED_RE = re.compile(r"embed\s*:", re.IGNORECASE)
_CAPTION_RE = re.compile(
    r"[\[(]\s*(?:photos?|photograph|image|picture|pic|file\s+photo)\b[^\[\]()]*[\])]\s*$", re.IGNORECASE)
_SOCIAL_LINK_RE = re.compile(r"(?:https?://)?(?:t\.co|pic\.twitter\.com)/\w+", re.IGNORECASE)
_SIGNATURE_RE = re.compile(  # "— name (@handle) Month D, YYYY"
    rf"(?:^|\s)[—–-]{{1,2}}\s*[^\n()]{{1,80}}\(@\w{{1,30}}\)\s+{_month('sm')}\s+\d{{1,2}},\s*\d{{4}}", re.IGNORECASE)
_BYLINE_RE = re.compile(r"(?:By|BY):?\s+(?P<rest>.+)")
_NAME_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "van", "von", "da", "di", "dos", "du", "la", "le", "bin", "ibn", "al", "el"})
_AGENCIES = frozenset({"afp", "ap", "reuters", "xinhua", "tass", "bloomberg", "associated press",
                       "the associated press",
                       "interfax", "ria novosti", "sputnik", "kyodo", "yonhap", "dpa", "efe", "ansa", "upi", "pti",
                       "ians", "anadolu", "agence france-presse"})
_TERMINAL = tuple(".!?:;,…")
_CLOSING_QUOTES = "\"'”’)»"
_TITLE_MAX = 150
_EMBED_MAX_PARAGRAPHS = 6


def _capitalized_words(text: str, max_words: int) -> bool:
    words = text.split()
    return (0 < len(words) <= max_words and words[0][0].isupper() and not any(c.isdigit() for c in text)
            and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words))


def _parse_byline(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """'By A and B for AFP' -> (('A', 'B'), 'AFP'); None when the line is not a byline."""
    m = _BYLINE_RE.fullmatch(line)
    if not m or len(line) > _TITLE_MAX:
        return None
    names, agency = m["rest"].strip(), None
    if found := re.fullmatch(r"(.+?)\s+for\s+(.+)", names):
        names, agency = found[1], found[2].strip()
    elif "," in names:
        head, last = (part.strip() for part in names.rsplit(",", 1))
        if last.lower() in _AGENCIES or (last.isupper() and last.isalpha() and len(last) <= 6):
            names, agency = head, last
    authors = tuple(name.strip() for name in _NAME_SPLIT_RE.split(names))
    if not all(_capitalized_words(name, 5) for name in authors):
        return None
    if agency is not None and not _capitalized_words(agency, 5):
        return None
    return authors, agency


def _is_credit_line(line: str) -> bool:
    """A photo credit such as 'Alexei Druzhinin / TASS'."""
    if len(line) > 80 or line.count("/") != 1 or line.endswith(_TERMINAL):
        return False
    name, agency = (part.strip() for part in line.split("/"))
    return _capitalized_words(name, 4) and _capitalized_words(agency, 4)


def _is_noise_line(line: str) -> bool:
    return bool(_RELATED_RE.match(line)) or _is_credit_line(line)


def _is_noise_paragraph(paragraph: str) -> bool:
    # each regex runs only when a substring it cannot match without is there (most paragraphs have none)
    lowered = paragraph.lower()
    return bool((paragraph.rstrip()[-1:] in (")", "]") and _CAPTION_RE.search(paragraph))
                or (("t.co/" in lowered or "pic.twitter.com/" in lowered) and _SOCIAL_LINK_RE.search(paragraph))
                or ("(@" in paragraph and _SIGNATURE_RE.search(paragraph)))


# --- .txt structure ------------------------------------------------------------------

@dataclass(frozen=True)
class _Front:
    title: str | None = None
    authors: tuple[str, ...] = ()
    agency: str | None = None
    dateline: dt.date | None = None


def _next_nonblank(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _split_header(lines: list[str]) -> tuple[dt.date | None, str | None, list[str]]:
    first = _next_nonblank(lines, 0)
    m = _HEADER_RE.fullmatch(lines[first]) if first is not None else None
    if m is None:
        return None, None, lines
    iso = _ISO_DATE_RE.fullmatch(m["date"])
    date = _make_date(*(int(part) for part in iso.groups())) if iso else None
    if date is None:
        raise ParseError(f"header date '{m['date']}' is not a valid date")
    return date, (m["rest"] or "").strip() or None, lines[first + 1:]


def _is_title(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if (len(line) > _TITLE_MAX or line.rstrip(_CLOSING_QUOTES).endswith(_TERMINAL) or _is_noise_line(line)
            or _is_noise_paragraph(line) or _EMBED_RE.match(line) or _ORIGINAL_URL_RE.match(line)
            or _parse_byline(line) or _parse_dateline(line)):
        return False
    after = _next_nonblank(lines, index + 1)
    if after is None:
        return False
    return after > index + 1 or bool(_parse_byline(lines[after].strip()) or _parse_dateline(lines[after].strip()))


def _split_front_matter(lines: list[str], want_title: bool) -> tuple[_Front, list[str]]:
    """Title (only without a header), byline, dateline and photo credits before the text."""
    index = _next_nonblank(lines, 0)
    title, authors, agency, dateline = None, (), None, None
    if want_title and index is not None and _is_title(lines, index):
        title = lines[index].strip()
        index = _next_nonblank(lines, index + 1)
    while index is not None:
        line = lines[index].strip()
        if not authors and (byline := _parse_byline(line)):
            authors, agency = byline
        elif dateline is None and (date := _parse_dateline(line)):
            dateline = date
        elif not _is_credit_line(line):
            break
        index = _next_nonblank(lines, index + 1)
    rest = lines[index:] if index is not None else []
    return _Front(title, authors, agency, dateline), rest


def _split_url_trailer(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find 'Original url:' and its URL (same or next non-empty line); drop both lines."""
    for index, line in enumerate(lines):
        if not (m := _ORIGINAL_URL_RE.fullmatch(line.strip())):
            continue
        drop, url = {index}, _URL_RE.fullmatch(m["rest"].strip())
        after = _next_nonblank(lines, index + 1)
        if not m["rest"].strip() and after is not None and (url := _URL_RE.fullmatch(lines[after].strip())):
            drop.add(after)
        return (url["url"] if url else None), [kept for i, kept in enumerate(lines) if i not in drop]
    return None, lines


def _paragraphs(lines: list[str]) -> list[str]:
    chunks = re.split(r"\n\s*\n", "\n".join(lines))
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _embed_end(paragraphs: list[str], start: int) -> int:
    """Index of the last paragraph of an 'Embed:' block: its signature, else the 'Embed:' line alone."""
    for index in range(start, min(start + _EMBED_MAX_PARAGRAPHS, len(paragraphs))):
        if _SIGNATURE_RE.search(paragraphs[index]):
            return index
    return start


def _article_paragraphs(paragraphs: list[str]) -> list[str]:
    kept, index = [], 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _EMBED_RE.match(paragraph):
            index = _embed_end(paragraphs, index)
        elif not _is_noise_paragraph(paragraph):
            kept.append(paragraph)
        index += 1
    return kept


def _domain(url: str) -> str | None:
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def parse_txt(text: str) -> ParsedArticle:
    """Parse one house-format text; raises ParseError with a one-line reason."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ParseError("empty text (nothing but whitespace)")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_date, header_title, lines = _split_header(lines)
    front, lines = _split_front_matter(lines, want_title=header_date is None)
    url, lines = _split_url_trailer(lines)
    lines = [line for line in lines if not _is_noise_line(line.strip())]
    body = "\n\n".join(_article_paragraphs(_paragraphs(lines)))
    if not body:
        raise ParseError("no article text left after removing header, byline and non-article lines")
    if header_date is not None:
        date, date_source = header_date, "header"
    elif front.dateline is not None:
        date, date_source = front.dateline, "dateline"
    elif (lead := _lead_dateline(body)) is not None:
        date, date_source = lead, "dateline"
    else:  # a date written in the text (a quote, an anniversary) is not the article's date
        date, date_source = None, None
    source = (_domain(url) if url else None) or front.agency
    return ParsedArticle(body, header_title or front.title, date, date_source, source, url, front.authors)


# --- JSON Lines records --------------------------------------------------------------

def _type_name(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "bool", int: "int", float: "float"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ParseError(f"field '{key}' must be a string, got {_type_name(value)}")
    return value.strip() or None


def _record_date(record: dict) -> dt.date | None:
    key = next((k for k in ("published_date", "date") if record.get(k) is not None), None)
    value = _optional_str(record, key) if key else None
    if value is None:
        return None
    if iso := _ISO_DATE_RE.fullmatch(value):
        date = _make_date(*(int(part) for part in iso.groups()))
    elif _ISO_DATE_RE.match(value) and value[10] in "T ":
        try:
            date = dt.datetime.fromisoformat(value).date()
        except ValueError:
            date = None
    else:
        date = None
    if date is None:
        raise ParseError(f"field '{key}' is not a valid ISO date: '{value}'")
    return date


def _record_authors(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(name.strip() for name in re.split(r",|\s+and\s+", value) if name.strip())
    if not isinstance(value, list):
        raise ParseError(f"field 'authors' must be a list of strings or a string, got {_type_name(value)}")
    for position, name in enumerate(value):
        if not isinstance(name, str):
            raise ParseError(
                f"field 'authors' must contain only strings, got {_type_name(name)} at position {position}")
    return tuple(name.strip() for name in value if name.strip())


def parse_record(obj: object) -> ParsedArticle:
    """Parse one decoded JSON Lines value; the body is used as given (stripped only)."""
    if not isinstance(obj, dict):
        raise ParseError(f"expected a JSON object, got {_type_name(obj)}")
    body_key = next((k for k in ("body", "text") if obj.get(k) is not None), None)
    if body_key is None:
        raise ParseError("missing 'body' (or 'text')")
    body = _optional_str(obj, body_key)
    if body is None:
        raise ParseError(f"field '{body_key}' is empty")
    date = _record_date(obj)
    url = _optional_str(obj, "url")
    source = _optional_str(obj, "source") or (_domain(url) if url else None)
    return ParsedArticle(body, _optional_str(obj, "title"), date, "field" if date else None, source, url,
                         _record_authors(obj.get("authors")))


def normalize_for_hash(body: str) -> str:
    """NFKC, every whitespace run collapsed to one space, stripped: the text that dedup hashes."""
    return " ".join(unicodedata.normalize("NFKC", body).split())

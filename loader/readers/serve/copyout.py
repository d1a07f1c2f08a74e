"""COPY ... TO STDOUT: the options (text or CSV format) and the lines of CopyData.

psql's `\\copy (select ...) to 'file'` sends `COPY (select ...) TO STDOUT [WITH ...]` and writes the
CopyData it receives to the local file. Both option spellings are read: `WITH (FORMAT csv, HEADER)`
and the older `WITH CSV HEADER DELIMITER ',' NULL AS ''`. Binary COPY is not supported.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from loader.readers.serve.errors import PgError
from loader.readers.serve.values import value_text

_TOKEN = re.compile(r"\s*(?:E?'((?:[^']|'')*)'|([(),])|([^\s(),']+))", re.S)
_TRUE, _FALSE = {"true", "on", "1", "yes"}, {"false", "off", "0", "no"}


@dataclass
class CopyFormat:
    csv: bool = False
    delimiter: str = "\t"
    null: str = "\\N"
    header: bool = False
    quote: str = '"'
    escape: str = '"'
    force_quote: bool = False  # FORCE_QUOTE *: every non-null value quoted


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, value): kind 's' a quoted string, 'p' punctuation, 'w' a word (lower-cased)."""
    out, pos = [], 0
    while text[pos:].strip():
        match = _TOKEN.match(text, pos)
        if match is None:
            raise PgError("42601", f"syntax error in COPY options at {text[pos:].strip()!r}")
        string, punct, word = match.groups()
        out.append(("s", string.replace("''", "'")) if string is not None else ("p", punct) if punct
                   else ("w", word.lower()))
        pos = match.end()
    return out


def _options(tokens: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(name, value) pairs from `(name value, ...)` or from the older `name [AS] value ...` spelling."""
    if tokens and tokens[0] == ("w", "with"):
        tokens = tokens[1:]
    pairs: list[tuple[str, str | None]] = []
    if tokens and tokens[0] == ("p", "("):
        if tokens[-1] != ("p", ")"):
            raise PgError("42601", "syntax error in COPY options: missing ')'")
        item: list[tuple[str, str]] = []
        for token in tokens[1:-1] + [("p", ",")]:
            if token == ("p", ","):
                if not item or item[0][0] != "w":
                    raise PgError("42601", "syntax error in COPY options")
                pairs.append((item[0][1], " ".join(v for _, v in item[1:]) if len(item) > 1 else None))
                item = []
            else:
                item.append(token)
        return pairs
    words = {"csv": ("format", "csv"), "binary": ("format", "binary"), "header": ("header", "true")}
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "w" and value in words:
            pairs.append(words[value])
            i += 1
        elif kind == "w" and value in ("delimiter", "null", "quote", "escape", "encoding"):
            i += 2 if i + 1 < len(tokens) and tokens[i + 1] == ("w", "as") else 1
            if i >= len(tokens) or tokens[i][0] != "s":
                raise PgError("42601", f"COPY option {value.upper()} needs a quoted string")
            pairs.append((value, tokens[i][1]))
            i += 1
        elif kind == "w" and value == "force" and i + 2 < len(tokens) and tokens[i + 1] == ("w", "quote"):
            pairs.append(("force_quote", tokens[i + 2][1]))
            i += 3
        else:
            raise PgError("42601", f"syntax error in COPY options at {value!r}")
    return pairs


def parse_copy_options(text: str) -> CopyFormat:
    """The CopyFormat for the text after `TO STDOUT`."""
    fmt = CopyFormat()
    pairs = _options(_tokens(text))
    kind = next((v for n, v in pairs if n == "format"), "text")
    if kind == "binary":
        raise PgError("0A000", "COPY TO STDOUT in binary format is not supported; use text or csv")
    if kind not in ("text", "csv"):
        raise PgError("22023", f'COPY format "{kind}" not recognized')
    if kind == "csv":
        fmt.csv, fmt.delimiter, fmt.null = True, ",", ""
    for name, value in pairs:
        if name == "format":
            continue
        if name == "header":
            if value is not None and value.lower() not in _TRUE | _FALSE | {"match"}:
                raise PgError("22023", f"header requires a Boolean value, not {value!r}")
            fmt.header = value is None or value.lower() in _TRUE
        elif name in ("delimiter", "quote", "escape"):
            if value is None or len(value) != 1:
                raise PgError("22023", f"COPY {name} must be a single one-byte character")
            setattr(fmt, name, value)
        elif name == "null":
            fmt.null = value or ""
        elif name == "force_quote":
            fmt.force_quote = True
        elif name != "encoding":  # the server always sends UTF-8
            raise PgError("42601", f'option "{name}" not recognized')
    if fmt.csv and fmt.delimiter == fmt.quote:
        raise PgError("22023", "COPY delimiter and quote must be different")
    return fmt


def _text_field(text: str, fmt: CopyFormat) -> str:
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return out.replace(fmt.delimiter, "\\" + fmt.delimiter) if fmt.delimiter != "\t" else out


def _csv_field(text: str, fmt: CopyFormat) -> str:
    if (fmt.force_quote or text == fmt.null or text == "" or any(c in text for c in (fmt.delimiter, fmt.quote,
                                                                                     "\n", "\r"))
            or text.startswith("\\.")):
        escaped = text.replace(fmt.escape, fmt.escape * 2) if fmt.escape == fmt.quote else (
            text.replace(fmt.escape, fmt.escape * 2).replace(fmt.quote, fmt.escape + fmt.quote))
        return fmt.quote + escaped + fmt.quote
    return text


def copy_line(values: Sequence[Any], oids: Sequence[int], fmt: CopyFormat) -> bytes:
    """One row as a line of COPY output (with its newline)."""
    fields = []
    for value, oid in zip(values, oids, strict=False):
        if value is None:
            fields.append(fmt.null)
        else:
            text = value_text(value, oid)
            fields.append(_csv_field(text, fmt) if fmt.csv else _text_field(text, fmt))
    return (fmt.delimiter.join(fields) + "\n").encode()


def header_line(names: Sequence[str], fmt: CopyFormat) -> bytes:
    return copy_line(list(names), [25] * len(names), fmt)

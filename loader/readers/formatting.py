"""Render a query result as an aligned text table, CSV or JSON (`wirehouse sql --format`)."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import unicodedata
import uuid
from typing import Any

FORMATS = ("table", "csv", "json")
MAX_CELL_CHARS = 60
ELLIPSIS = "…"
NEWLINE_MARK = "↵"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _blob_text(value: bytes | bytearray | memoryview) -> str:
    return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}" for b in bytes(value))


def _scalar_text(value: Any) -> str:
    """Text of a non-NULL, non-nested value (shared by the table and CSV formats)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _blob_text(value)
    return str(value)


def _nested_text(value: Any) -> str:
    """Human text of a value inside a table cell: lists as [a, b], structs/maps as {k: v}."""
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_nested_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_nested_text(k)}: {_nested_text(v)}" for k, v in value.items()) + "}"
    return _scalar_text(value)


def _json_value(value: Any) -> Any:
    """A value json.dumps can write: ISO dates, decimals as numbers, lists as arrays."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None
        return int(value) if value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {_json_key(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _blob_text(value)
    if isinstance(value, (uuid.UUID, dt.timedelta)):
        return str(value)
    return str(value)


def _json_key(key: Any) -> str:
    return key if isinstance(key, str) else _nested_text(key)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_json_value(value), ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return _scalar_text(value)


# --------------------------------------------------------------------------- table format


def _one_line(text: str) -> str:
    text = text.replace("\r\n", NEWLINE_MARK).replace("\n", NEWLINE_MARK).replace("\r", NEWLINE_MARK)
    return text.replace("\t", " ")


def _truncate(text: str, limit: int = MAX_CELL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _table_cell(value: Any) -> str:
    return _truncate(_one_line(_nested_text(value)))


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _display_width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _display_width(text))
    return fill + text if right else text + fill


def _numeric_columns(rows: list[tuple], ncols: int) -> list[bool]:
    """A column is right-aligned when it holds at least one number and nothing but numbers and NULLs."""
    numeric = []
    for index in range(ncols):
        values = [row[index] for row in rows if row[index] is not None]
        numeric.append(bool(values) and all(_number(value) for value in values))
    return numeric


def _table_line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    return " | ".join(_pad(cell, width, r) for cell, width, r in zip(cells, widths, right, strict=False)).rstrip()


def _row_count(n: int) -> str:
    return f"({n} row)" if n == 1 else f"({n} rows)"


def _format_table(columns: list[str], rows: list[tuple]) -> str:
    header = [_truncate(_one_line(str(name))) for name in columns]
    body = [[_table_cell(value) for value in row] for row in rows]
    widths = [max([_display_width(cell) for cell in column]) for column in zip(header, *body, strict=False)]
    right = _numeric_columns(rows, len(columns))
    lines = [_table_line(header, widths, right), "-+-".join("-" * width for width in widths)]
    lines.extend(_table_line(cells, widths, right) for cells in body)
    lines.append(_row_count(len(rows)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- csv / json


def _format_csv(columns: list[str], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # excel dialect: RFC 4180, CRLF line endings
    writer.writerow(columns)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    return buffer.getvalue()


def _unique_names(columns: list[str]) -> list[str]:
    """JSON object keys must be distinct: `select 1 a, 2 a` gives keys a and a_2."""
    seen: set[str] = set()
    names = []
    for name in columns:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        names.append(candidate)
    return names


def _format_json(columns: list[str], rows: list[tuple]) -> str:
    keys = _unique_names(columns)
    records = [{key: _json_value(value) for key, value in zip(keys, row, strict=False)} for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False)


def format_result(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """Render a result set as an aligned text table, CSV (RFC 4180) or a JSON array of objects."""
    formatters = {"table": _format_table, "csv": _format_csv, "json": _format_json}
    if fmt not in formatters:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return formatters[fmt](list(columns), list(rows))


# --------------------------------------------------------------------------- execution

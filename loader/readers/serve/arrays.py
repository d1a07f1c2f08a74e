"""Postgres arrays: DuckDB LIST values as real array types (text `{a,b}` and binary), and array parameters.

A one-level LIST of a type with a Postgres oid travels as that type's array (VARCHAR[] as _varchar
1015, INTEGER[] as _int4 1007 ...); nested lists and lists of other types travel as text (oid 25).
"""
from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

# element oid -> array oid, as in Postgres' pg_type (typarray)
ARRAY_OF = {
    16: 1000, 17: 1001, 20: 1016, 21: 1005, 23: 1007, 25: 1009, 114: 199, 700: 1021, 701: 1022, 1043: 1015,
    1082: 1182, 1083: 1183, 1114: 1115, 1184: 1185, 1186: 1187, 1700: 1231, 2950: 2951, 26: 1028, 19: 1003,
    1042: 1014, 3802: 3807,
}
ELEMENT_OF = {array: element for element, array in ARRAY_OF.items()}


def array_text(values: list | tuple, item_text: Callable[[Any], str]) -> str:
    """`{a,"b c",NULL}`: Postgres' array text; item_text writes one non-null element."""
    return "{" + ",".join(_item(v, item_text) for v in values) + "}"


def _item(value: Any, item_text: Callable[[Any], str]) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)):
        return array_text(value, item_text)
    text = item_text(value)
    if text == "" or text.upper() == "NULL" or any(c in text for c in '{},"\\ \t\n\r\v\f'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def array_binary(values: list | tuple, element: int, item_binary: Callable[[Any, int], bytes]) -> bytes:
    """Postgres' binary array (array_send): one dimension, lower bound 1."""
    if not values:
        return struct.pack("!iiI", 0, 0, element)
    parts = [struct.pack("!iiIii", 1, int(any(v is None for v in values)), element, len(values), 1)]
    for value in values:
        if value is None:
            parts.append(b"\xff\xff\xff\xff")
        else:
            data = item_binary(value, element)
            parts.append(struct.pack("!i", len(data)) + data)
    return b"".join(parts)


def array_from_binary(data: bytes, item: Callable[[bytes, int], Any]) -> list:
    """A binary array parameter (array_recv) as a (nested) Python list; item decodes one element."""
    ndim, _, element = struct.unpack_from("!iiI", data)
    if ndim == 0:
        return []
    dims = [struct.unpack_from("!ii", data, 12 + 8 * i)[0] for i in range(ndim)]
    pos = 12 + 8 * ndim

    def read(level: int) -> list:
        nonlocal pos
        out = []
        for _ in range(dims[level]):
            if level + 1 < ndim:
                out.append(read(level + 1))
                continue
            (size,) = struct.unpack_from("!i", data, pos)
            pos += 4
            out.append(None if size < 0 else item(data[pos:pos + size], element))
            pos += max(size, 0)
        return out

    return read(0)


def parse_array(text: str) -> list:
    """A Postgres array literal (`{1,2}`, `{"a b",NULL}`, `{{1},{2}}`) as nested lists of strings and None.

    Raises ValueError when text is not a well-formed array literal."""
    text = text.strip()
    if text.startswith("["):  # an explicit lower bound: [0:1]={a,b}
        text = text.split("=", 1)[1] if "=" in text else text
    pos = 0

    def parse_list() -> list:
        nonlocal pos
        if text[pos:pos + 1] != "{":
            raise ValueError(f"array literal must start with '{{': {text!r}")
        pos += 1
        out: list = []
        if text[pos:pos + 1] == "}":
            pos += 1
            return out
        while True:
            while text[pos:pos + 1].isspace():
                pos += 1
            if text[pos:pos + 1] == "{":
                out.append(parse_list())
            elif text[pos:pos + 1] == '"':
                pos += 1
                chars = []
                while pos < len(text) and text[pos] != '"':
                    if text[pos] == "\\":
                        pos += 1
                    chars.append(text[pos:pos + 1])
                    pos += 1
                if pos >= len(text):
                    raise ValueError(f"unterminated quoted element in {text!r}")
                pos += 1
                out.append("".join(chars))
            else:
                start = pos
                while pos < len(text) and text[pos] not in ',}"{':
                    pos += 2 if text[pos] == "\\" else 1
                raw = text[start:pos].strip()
                if not raw:
                    raise ValueError(f"empty element in {text!r}")
                out.append(None if raw.upper() == "NULL" else raw.replace("\\", ""))
            while text[pos:pos + 1].isspace():
                pos += 1
            if text[pos:pos + 1] == ",":
                pos += 1
            elif text[pos:pos + 1] == "}":
                pos += 1
                return out
            else:
                raise ValueError(f"expected ',' or '}}' in array literal {text!r}")

    result = parse_list()
    if text[pos:].strip():
        raise ValueError(f"junk after array literal {text!r}")
    return result


def convert_items(values: list, convert: Callable[[str], Any]) -> list:
    return [None if v is None else convert_items(v, convert) if isinstance(v, list) else convert(v) for v in values]


class ArrayText(str):
    """A text parameter of unspecified type (oid 0) that is also a well-formed array literal.

    node-postgres sends every array that way; it is tried as text first, and as a list when
    DuckDB cannot bind the text (`x = ANY($1)`)."""

    items: list

    @classmethod
    def maybe(cls, text: str) -> str:
        if not text.lstrip().startswith(("{", "[")):
            return text
        try:
            items = parse_array(text)
        except (ValueError, IndexError):
            return text
        out = cls(text)
        out.items = items
        return out


def as_lists(params: list) -> list:
    """The parameters with every ArrayText replaced by its list (the second try)."""
    return [p.items if isinstance(p, ArrayText) else p for p in params]


def has_array_text(params: list) -> bool:
    return any(isinstance(p, ArrayText) for p in params)

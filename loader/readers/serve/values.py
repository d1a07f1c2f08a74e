"""Values in Postgres text and binary formats: type oids, result values, Bind parameters."""
from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
import struct
import uuid
from typing import Any

from loader.readers.serve.arrays import (
    ARRAY_OF,
    ELEMENT_OF,
    ArrayText,
    array_binary,
    array_from_binary,
    array_text,
    convert_items,
    parse_array,
)
from loader.readers.serve.errors import PgError

EPOCH_DATE = dt.date(2000, 1, 1)
EPOCH = dt.datetime(2000, 1, 1)
EPOCH_TZ = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

BOOL, BYTEA, INT8, INT2, INT4, TEXT, JSON, FLOAT4, FLOAT8 = 16, 17, 20, 21, 23, 25, 114, 700, 701
VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC, UUID = 1043, 1082, 1083, 1114, 1184, 1186, 1700, 2950

_TYPE_OIDS = {
    "boolean": BOOL, "tinyint": INT2, "utinyint": INT2, "smallint": INT2, "usmallint": INT4, "integer": INT4,
    "uinteger": INT8, "bigint": INT8, "ubigint": NUMERIC, "hugeint": NUMERIC, "uhugeint": NUMERIC,
    "decimal": NUMERIC, "float": FLOAT4, "double": FLOAT8, "varchar": VARCHAR, "enum": VARCHAR, "blob": BYTEA,
    "date": DATE, "time": TIME, "timestamp": TIMESTAMP, "timestamp_s": TIMESTAMP, "timestamp_ms": TIMESTAMP,
    "timestamp_ns": TIMESTAMP, "timestamp with time zone": TIMESTAMPTZ, "interval": INTERVAL, "uuid": UUID,
}  # a one-level list of these is sent as its array type; anything else (nested lists, structs, maps, unions,
# bit, time with time zone, NULL) is sent as text


def type_oid(duck_type: Any) -> int:
    if str(duck_type) == "JSON":
        return JSON
    if getattr(duck_type, "id", "") == "list":
        element = type_oid(duck_type.child)
        return ARRAY_OF.get(element, TEXT) if element not in ELEMENT_OF else TEXT
    return _TYPE_OIDS.get(getattr(duck_type, "id", ""), TEXT)


INT2VECTOR, OIDVECTOR = 22, 30
# Postgres' int2vector and oidvector catalog columns (pg_index.indkey ...): lists in SQL, "1 2" in text.
VECTOR_COLUMNS = {"indkey": INT2VECTOR, "indoption": INT2VECTOR, "indclass": OIDVECTOR, "indcollation": OIDVECTOR,
                  "proargtypes": OIDVECTOR, "tgattr": INT2VECTOR, "partattrs": INT2VECTOR, "stxkeys": INT2VECTOR}
_VECTOR_ELEMENT = {INT2VECTOR: INT2, OIDVECTOR: 26}


def column_oid(name: str, duck_type: Any) -> int:
    """The oid of a result column: its type's, but a catalog vector column's list is an int2vector/oidvector."""
    oid = type_oid(duck_type)
    if name in VECTOR_COLUMNS and getattr(duck_type, "id", "") == "list" and oid != TEXT:
        return VECTOR_COLUMNS[name]
    return oid


def pg_column_name(name: str) -> str:
    """Postgres names an unnamed function call column after the function: count(*) is "count"."""
    call = re.fullmatch(r'"?([A-Za-z_]\w*)"?\(.*\)', name, re.S)
    return name if call is None else {"count_star": "count"}.get(call.group(1), call.group(1))


def _float_text(value: float, oid: int) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(value)
    if oid == FLOAT4:  # the shortest text that reads back as the same float32
        single = struct.unpack("!f", struct.pack("!f", value))[0]
        text = next(t for t in (f"{value:.{p}g}" for p in range(1, 10))
                    if struct.unpack("!f", struct.pack("!f", float(t)))[0] == single)
    return text[:-2] if text.endswith(".0") else text


def _interval_text(value: dt.timedelta) -> str:
    micros = value // dt.timedelta(microseconds=1)
    sign = "-" if micros < 0 else ""
    days, rest = divmod(abs(micros), 86_400_000_000)
    seconds, fraction = divmod(rest, 1_000_000)
    clock = f"{sign}{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
    clock += f".{fraction:06}" if fraction else ""
    return (f"{sign}{days} day{'s' if days != 1 else ''} " if days else "") + clock


def value_text(value: Any, oid: int) -> str:
    """A value as Postgres writes it in text format."""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return _float_text(value, oid)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _interval_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, (list, tuple)) and oid in _VECTOR_ELEMENT:
        return " ".join("0" if v is None else str(v) for v in value)
    if isinstance(value, (list, tuple)):
        element = ELEMENT_OF.get(oid, TEXT)
        return array_text(value, lambda item: value_text(item, element))
    if isinstance(value, dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _numeric_binary(value: decimal.Decimal) -> bytes:
    if value.is_nan():
        return struct.pack("!hhHh", 0, 0, 0xC000, 0)
    if value.is_infinite():
        return struct.pack("!hhHh", 0, 0, 0xF000 if value < 0 else 0xD000, 0)
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits)) + "0" * max(exponent, 0)
    exponent = min(exponent, 0)
    text = text.rjust(-exponent + 1, "0")
    whole, fraction = text[:len(text) + exponent], text[len(text) + exponent:]
    whole = whole.zfill(-(-len(whole) // 4) * 4)
    fraction = fraction.ljust(-(-len(fraction) // 4) * 4, "0")
    groups = [int(whole[i:i + 4]) for i in range(0, len(whole), 4)]
    weight = len(groups) - 1
    groups += [int(fraction[i:i + 4]) for i in range(0, len(fraction), 4)]
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    while groups and groups[-1] == 0:
        groups.pop()
    return struct.pack(f"!hhHH{len(groups)}H", len(groups), weight if groups else 0, 0x4000 if sign else 0,
                       -exponent, *groups)


def value_binary(value: Any, oid: int) -> bytes:
    """A value in Postgres binary format for oid (only for oids in BINARY_OIDS)."""
    if oid == BOOL:
        return b"\x01" if value else b"\x00"
    if oid in (INT2, INT4, INT8):
        return struct.pack({INT2: "!h", INT4: "!i", INT8: "!q"}[oid], value)
    if oid in (FLOAT4, FLOAT8):
        return struct.pack("!f" if oid == FLOAT4 else "!d", value)
    if oid == NUMERIC:
        return _numeric_binary(decimal.Decimal(value))
    if oid == BYTEA:
        return bytes(value)
    if oid == DATE:
        return struct.pack("!i", (value - EPOCH_DATE).days)
    if oid == TIMESTAMP:
        return struct.pack("!q", (value - EPOCH) // dt.timedelta(microseconds=1))
    if oid == TIMESTAMPTZ:
        return struct.pack("!q", (value - EPOCH_TZ) // dt.timedelta(microseconds=1))
    if oid == TIME:
        return struct.pack("!q", ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond)
    if oid == INTERVAL:
        return struct.pack("!qii", value.seconds * 1_000_000 + value.microseconds, value.days, 0)
    if oid == UUID:
        return value.bytes
    if oid in ELEMENT_OF:
        return array_binary(value, ELEMENT_OF[oid], value_binary)
    if oid in _VECTOR_ELEMENT:
        pack = "!h" if oid == INT2VECTOR else "!I"
        return array_binary(value, _VECTOR_ELEMENT[oid], lambda v, _: struct.pack(pack, v))
    return value_text(value, oid).encode()  # text, varchar, json: the text itself


_SCALAR_BINARY = {BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, BYTEA, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, INTERVAL,
                  UUID, TEXT, VARCHAR, JSON}
BINARY_OIDS = frozenset(_SCALAR_BINARY | {ARRAY_OF[oid] for oid in _SCALAR_BINARY} | {INT2VECTOR, OIDVECTOR})


def _numeric_from_binary(data: bytes) -> decimal.Decimal:
    ndigits, weight, sign, dscale = struct.unpack("!hhHH", data[:8])
    if sign == 0xC000:
        return decimal.Decimal("NaN")
    digits = struct.unpack(f"!{ndigits}H", data[8:8 + 2 * ndigits])
    value = sum(decimal.Decimal(d) * decimal.Decimal(10000) ** (weight - i) for i, d in enumerate(digits))
    value = value.quantize(decimal.Decimal(1).scaleb(-dscale)) if dscale else value
    return -value if sign == 0x4000 else value


_BINARY_PARAMS = {
    BOOL: lambda b: b != b"\x00", INT2: lambda b: struct.unpack("!h", b)[0], INT4: lambda b: struct.unpack("!i", b)[0],
    INT8: lambda b: struct.unpack("!q", b)[0], FLOAT4: lambda b: struct.unpack("!f", b)[0],
    FLOAT8: lambda b: struct.unpack("!d", b)[0], NUMERIC: _numeric_from_binary, BYTEA: bytes,
    DATE: lambda b: EPOCH_DATE + dt.timedelta(days=struct.unpack("!i", b)[0]),
    TIMESTAMP: lambda b: EPOCH + dt.timedelta(microseconds=struct.unpack("!q", b)[0]),
    TIMESTAMPTZ: lambda b: EPOCH_TZ + dt.timedelta(microseconds=struct.unpack("!q", b)[0]),
    UUID: lambda b: uuid.UUID(bytes=b), 0: lambda b: b.decode(), TEXT: lambda b: b.decode(),
    VARCHAR: lambda b: b.decode(), 19: lambda b: b.decode(), 1042: lambda b: b.decode(), JSON: lambda b: b.decode(),
}
_TEXT_PARAMS = {
    BOOL: lambda s: s.strip().lower() in ("t", "true", "y", "yes", "on", "1"), INT2: int, INT4: int, INT8: int, 26: int,
    FLOAT4: float, FLOAT8: float, NUMERIC: decimal.Decimal, DATE: dt.date.fromisoformat,
    TIMESTAMP: dt.datetime.fromisoformat, BYTEA: lambda s: bytes.fromhex(s[2:]) if s.startswith("\\x") else s.encode(),
}


# pgjdbc's setDate sends a date with the client's zone ('2000-01-01 +02') and no type: the date is the value.
_DATE_WITH_ZONE = re.compile(r"(\d{4}-\d{2}-\d{2}) [+-]\d{2}(?::\d{2}){0,2}")


def _binary_param(data: bytes, oid: int) -> Any:
    if oid in ELEMENT_OF:
        return array_from_binary(data, _binary_param)
    if oid not in _BINARY_PARAMS:
        raise PgError("0A000", f"binary format for parameters of type {oid} is not supported; send text")
    return _BINARY_PARAMS[oid](data)


def _text_param(text: str, oid: int) -> Any:
    try:
        return _TEXT_PARAMS[oid](text) if oid in _TEXT_PARAMS else text
    except ValueError:
        return text


def param_value(data: bytes | None, oid: int, binary: bool) -> Any:
    """A Bind parameter as a Python value for DuckDB; unknown text types stay strings DuckDB casts.

    Arrays (`{a,b}` in text, array_send in binary) become lists; a text of unspecified type that is
    an array literal becomes an ArrayText, tried as a list when DuckDB cannot bind it as text."""
    if data is None:
        return None
    if binary:
        return _binary_param(data, oid)
    text = data.decode()
    if oid in ELEMENT_OF:
        try:
            return convert_items(parse_array(text), lambda item: _text_param(item, ELEMENT_OF[oid]))
        except (ValueError, IndexError):
            raise PgError("22P02", f"malformed array literal: {text!r}") from None
    if oid == 0:
        zoned = _DATE_WITH_ZONE.fullmatch(text)
        if zoned:
            return dt.date.fromisoformat(zoned.group(1))
        return ArrayText.maybe(text)
    return _text_param(text, oid)


r"""`wirehouse serve`: the published warehouse over the PostgreSQL wire protocol.

Tools that only speak Postgres (psql, Metabase, Grafana, Tableau, Power BI, psycopg)
connect to it and query the same tables `wirehouse sql` sees. It is a small server
written here (protocol version 3): startup (SSL and GSS requests are declined), md5
password authentication, the simple query protocol, the extended query protocol
(Parse/Bind/Describe/Execute/Sync/Close/Flush, parameters and results in text or
binary format), DECLARE/FETCH/CLOSE cursors and cancel requests; a thread per client.

- Read-only. Statements are classified with DuckDB's own parser: anything that would
  write (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, COPY, ATTACH, INSTALL, LOAD,
  EXPORT, setting PRAGMAs ...) is refused with SQLSTATE 25006. The warehouse file is
  attached READ_ONLY, the configuration is locked and file access is limited to the
  Parquet parts, so `read_csv('/etc/passwd')` is refused too.
- New builds without a restart. A build replaces the file (`os.replace`); before each
  statement outside a transaction block a session checks the file and moves to the
  newest build. Sessions share one DuckDB instance per build.
- Postgres dialect. `SET` is accepted and ignored, `SHOW` answers the usual settings,
  `BEGIN`/`COMMIT`/`ROLLBACK` mark a block in which the session keeps its snapshot,
  `version()` says 'PostgreSQL 14.0 (wirehouse ...)', and the pg_catalog and
  information_schema views of DuckDB answer catalog queries. What psql (\dt, \d TABLE),
  JDBC and Metabase ask for beyond them comes from per-session macros and from views in
  a small in-memory catalog beside the warehouse (wirehouse_pg.pg_shim), which the SQL
  is rewritten to use, along with a few Postgres-only spellings (OPERATOR(pg_catalog.~),
  COLLATE pg_catalog.default, ::regclass).
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import itertools
import ipaddress
import json
import logging
import math
import os
import re
import secrets
import signal
import socket
import socketserver
import struct
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from loader.errors import error_text

log = logging.getLogger("wirehouse.serve")

PG_VERSION = "14.0"
PROTOCOL_3 = 196608
SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
BATCH = 1000
EPOCH_DATE = dt.date(2000, 1, 1)
EPOCH = dt.datetime(2000, 1, 1)
EPOCH_TZ = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

# --------------------------------------------------------------------------- errors


class PgError(Exception):
    def __init__(self, sqlstate: str, message: str, fatal: bool = False):
        super().__init__(message)
        self.sqlstate, self.message, self.fatal = sqlstate, message, fatal


_DUCKDB_STATES = [  # most specific first
    (duckdb.ParserException, "42601"), (duckdb.CatalogException, "42P01"), (duckdb.BinderException, "42703"),
    (duckdb.ConversionException, "22P02"), (duckdb.OutOfRangeException, "22003"),
    (duckdb.PermissionException, "42501"), (duckdb.InterruptException, "57014"),
    (duckdb.OutOfMemoryException, "53200"), (duckdb.NotImplementedException, "0A000"),
    (duckdb.InvalidInputException, "22023"), (duckdb.IOException, "58030"),
]


def _from_duckdb(exc: duckdb.Error) -> PgError:
    message = error_text(exc)
    state = next((code for cls, code in _DUCKDB_STATES if isinstance(exc, cls)), "XX000")
    if state == "42703" and "function" in message.lower():
        state = "42883"
    return PgError(state, message)


# --------------------------------------------------------------------------- types and values

BOOL, BYTEA, INT8, INT2, INT4, TEXT, JSON, FLOAT4, FLOAT8 = 16, 17, 20, 21, 23, 25, 114, 700, 701
VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC, UUID = 1043, 1082, 1083, 1114, 1184, 1186, 1700, 2950

_TYPE_OIDS = {
    "boolean": BOOL, "tinyint": INT2, "utinyint": INT2, "smallint": INT2, "usmallint": INT4, "integer": INT4,
    "uinteger": INT8, "bigint": INT8, "ubigint": NUMERIC, "hugeint": NUMERIC, "uhugeint": NUMERIC,
    "decimal": NUMERIC, "float": FLOAT4, "double": FLOAT8, "varchar": VARCHAR, "enum": VARCHAR, "blob": BYTEA,
    "date": DATE, "time": TIME, "timestamp": TIMESTAMP, "timestamp_s": TIMESTAMP, "timestamp_ms": TIMESTAMP,
    "timestamp_ns": TIMESTAMP, "timestamp with time zone": TIMESTAMPTZ, "interval": INTERVAL, "uuid": UUID,
}  # anything else (lists, structs, maps, unions, bit, time with time zone, NULL) is sent as text


def type_oid(duck_type: Any) -> int:
    if str(duck_type) == "JSON":
        return JSON
    return _TYPE_OIDS.get(getattr(duck_type, "id", ""), TEXT)


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


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)):
        return _array_text(value)
    text = value_text(value, TEXT)
    if text == "" or text.upper() == "NULL" or any(c in text for c in '{},"\\ \t\n'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _array_text(values: list | tuple) -> str:
    return "{" + ",".join(_array_item(v) for v in values) + "}"


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
    if isinstance(value, (list, tuple)):
        return _array_text(value)
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
    return value_text(value, oid).encode()  # text, varchar, json: the text itself


BINARY_OIDS = frozenset({BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, BYTEA, DATE, TIMESTAMP, TIMESTAMPTZ,
                         TIME, INTERVAL, UUID, TEXT, VARCHAR, JSON})


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


def param_value(data: bytes | None, oid: int, binary: bool) -> Any:
    """A Bind parameter as a Python value for DuckDB; unknown text types stay strings DuckDB casts."""
    if data is None:
        return None
    if binary:
        if oid not in _BINARY_PARAMS:
            raise PgError("0A000", f"binary format for parameters of type {oid} is not supported; send text")
        return _BINARY_PARAMS[oid](data)
    text = data.decode()
    try:
        return _TEXT_PARAMS[oid](text) if oid in _TEXT_PARAMS else text
    except ValueError:
        return text


# --------------------------------------------------------------------------- SQL text

_TOKEN = re.compile(r"""--[^\n]*|/\*.*?(?:\*/|\Z)|[Ee]'(?:[^'\\]|\\.|'')*(?:'|\Z)|'(?:[^']|'')*(?:'|\Z)"""
                    r'''|"(?:[^"]|"")*(?:"|\Z)|(\$[A-Za-z_]?\w*\$)''', re.S)


def segments(sql: str) -> list[tuple[bool, str]]:
    """Split SQL into (is_code, text) runs; strings, quoted names and comments are not code."""
    out, pos = [], 0
    while True:
        match = _TOKEN.search(sql, pos)
        if match is None:
            break
        start, end = match.span()
        if match.group(1):  # dollar quoting: up to the same tag
            close = sql.find(match.group(1), end)
            end = len(sql) if close < 0 else close + len(match.group(1))
        out += [(True, sql[pos:start]), (False, sql[start:end])]
        pos = end
    out.append((True, sql[pos:]))
    return [(code, text) for code, text in out if text]


def split_statements(sql: str) -> list[str]:
    """The statements of sql (quote- and comment-aware), without their ';' and blank ones."""
    statements, current = [], ""
    for code, text in segments(sql):
        if code:
            *complete, text = text.split(";")
            for piece in complete:
                statements.append(current + piece)
                current = ""
        current += text
    statements.append(current)
    return [s.strip() for s in statements if "".join(t for c, t in segments(s) if c).strip()]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _code_only(sql: str) -> str:
    return " ".join(text if code else " " for code, text in segments(sql))


SHIM_CATALOG, SHIM_SCHEMA = "wirehouse_pg", "pg_shim"  # in-memory, beside the warehouse: the views below
_OID, _NONE = "CAST(0 AS BIGINT)", "CAST(NULL AS VARCHAR)"
_PG_CATALOG_OID = "SELECT oid FROM duckdb_schemas() WHERE database_name = 'system' AND schema_name = 'pg_catalog'"
SHIM_VIEWS = {  # DuckDB's catalog views completed, and the ones it lacks (empty), with the columns clients use
    "pg_class": "* REPLACE (CAST(NULL AS VARCHAR[]) AS reloptions, 'd' AS relreplident, CAST(NULL AS BIGINT) AS relam),"
                " false AS relforcerowsecurity "
                f"FROM system.pg_catalog.pg_class WHERE oid NOT IN (SELECT view_oid FROM duckdb_views() "
                f"WHERE database_name = '{SHIM_CATALOG}')",
    "pg_namespace": "* FROM system.pg_catalog.pg_namespace UNION ALL SELECT oid, schema_name, 0, NULL "
                    "FROM duckdb_schemas() WHERE database_name = 'system' AND schema_name <> 'main'",
    "pg_type": f"* REPLACE (({_PG_CATALOG_OID}) AS typnamespace) FROM system.pg_catalog.pg_type",
    "pg_database": f"*, {_OID} AS datdba, 6 AS encoding, 'C' AS datcollate, 'C' AS datctype, 'c' AS datlocprovider, "
                   f"{_NONE} AS daticulocale, -1 AS datconnlimit, {_OID} AS dattablespace, "
                   "CAST(NULL AS VARCHAR[]) AS datacl FROM system.pg_catalog.pg_database "
                   f"WHERE datname NOT IN ('system', 'temp', '{SHIM_CATALOG}')",
    "pg_collation": f"*, {_OID} AS collnamespace, 'c' AS collprovider, 'C' AS collcollate, 'C' AS collctype "
                    "FROM system.pg_catalog.pg_collation",
    "pg_tables": "schema_name AS schemaname, table_name AS tablename, current_user AS tableowner, NULL AS "
                 "tablespace, index_count > 0 AS hasindexes, false AS hasrules, false AS hastriggers "
                 "FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal",
    "pg_views": "schema_name AS schemaname, view_name AS viewname, current_user AS viewowner, sql AS definition "
                "FROM duckdb_views() WHERE database_name = current_database() AND NOT internal",
    "pg_attribute": "* REPLACE ('x' AS attstorage) FROM system.pg_catalog.pg_attribute",
    "pg_roles": "CAST(10 AS BIGINT) AS oid, current_user AS rolname, false AS rolsuper, true AS rolinherit, "
                "false AS rolcreaterole, false AS rolcreatedb, true AS rolcanlogin, false AS rolreplication, "
                "false AS rolbypassrls, -1 AS rolconnlimit, CAST(NULL AS TIMESTAMP) AS rolvaliduntil, "
                "CAST(NULL AS VARCHAR[]) AS rolconfig",
    "pg_auth_members": f"{_OID} AS oid, {_OID} AS roleid, {_OID} AS member, {_OID} AS grantor, false AS admin_option "
                       "WHERE false",
    "pg_inherits": f"{_OID} AS inhrelid, {_OID} AS inhparent, 0 AS inhseqno, false AS inhdetachpending WHERE false",
    "pg_policy": f"{_OID} AS oid, {_NONE} AS polname, {_OID} AS polrelid, 'r' AS polcmd, true AS polpermissive, "
                 f"CAST(NULL AS BIGINT[]) AS polroles, {_NONE} AS polqual, {_NONE} AS polwithcheck WHERE false",
    "pg_trigger": f"{_OID} AS oid, {_OID} AS tgrelid, {_NONE} AS tgname, {_OID} AS tgfoid, 0 AS tgtype, "
                  f"'O' AS tgenabled, false AS tgisinternal, {_OID} AS tgconstraint, {_OID} AS tgparentid WHERE false",
    "pg_rewrite": f"{_OID} AS oid, {_NONE} AS rulename, {_OID} AS ev_class, 'O' AS ev_enabled, '1' AS ev_type "
                  "WHERE false",
    "pg_statistic_ext": f"{_OID} AS oid, {_OID} AS stxrelid, {_NONE} AS stxname, {_OID} AS stxnamespace, -1 AS "
                        "stxstattarget, CAST(NULL AS INTEGER[]) AS stxkeys, CAST(NULL AS VARCHAR[]) AS stxkind "
                        "WHERE false",
    "pg_publication": f"{_OID} AS oid, {_NONE} AS pubname, false AS puballtables WHERE false",
    "pg_publication_rel": f"{_OID} AS oid, {_OID} AS prpubid, {_OID} AS prrelid WHERE false",
    "pg_publication_namespace": f"{_OID} AS oid, {_OID} AS pnpubid, {_OID} AS pnnspid WHERE false",
    "pg_foreign_table": f"{_OID} AS ftrelid, {_OID} AS ftserver, CAST(NULL AS VARCHAR[]) AS ftoptions WHERE false",
    "pg_partitioned_table": f"{_OID} AS partrelid, 'l' AS partstrat WHERE false",
    "pg_matviews": f"{_NONE} AS schemaname, {_NONE} AS matviewname, {_NONE} AS matviewowner, {_NONE} AS definition "
                   "WHERE false",
    "pg_stat_user_tables": f"{_OID} AS relid, {_NONE} AS schemaname, {_NONE} AS relname, {_OID} AS n_live_tup "
                           "WHERE false",
}
# Per-session temp macros for functions DuckDB lacks or answers differently ({user}, {pid}, {version}).
MACROS = {
    "version": "() AS '{version}'", "current_user": "() AS '{user}'", "pg_get_userbyid": "(id) AS '{user}'",
    "pg_encoding_to_char": "(id) AS 'UTF8'", "pg_backend_pid": "() AS {pid}", "pg_is_in_recovery": "() AS false",
    "pg_total_relation_size": "(id) AS 0", "pg_relation_size": "(id) AS 0", "pg_table_size": "(id) AS 0",
    "pg_get_function_result": "(id) AS NULL", "pg_get_function_arguments": "(id) AS NULL",
    "pg_get_function_identity_arguments": "(id) AS NULL", "pg_get_indexdef": "(id, n := 0, p := false) AS NULL",
    "pg_get_triggerdef": "(id, p := false) AS NULL", "pg_get_statisticsobjdef_columns": "(id) AS NULL",
    "pg_get_partkeydef": "(id) AS NULL", "pg_get_serial_sequence": "(t, c) AS NULL",
    "pg_relation_is_publishable": "(id) AS false", "pg_get_expr": "(expr, rel) AS expr, (expr, rel, pretty) AS expr",
    "pg_get_viewdef": "(id) AS (SELECT sql FROM duckdb_views() WHERE view_oid = id), "
                      "(id, pretty) AS (SELECT sql FROM duckdb_views() WHERE view_oid = id)",
    "quote_ident": "(name) AS '\"' || replace(name, '\"', '\"\"') || '\"'",
    "array_upper": "(arr, dim) AS len(arr)", "array_lower": "(arr, dim) AS CASE WHEN len(arr) > 0 THEN 1 END",
    "to_regclass": "(name) AS (SELECT min(oid) FROM pg_class WHERE relname = split_part(name, '.', -1))",
}


def macro_sql(user: str, pid: int, version: str, settings: dict[str, str]) -> list[str]:
    """CREATE TEMP MACRO statements for one session's cursor."""
    values = {"user": user.replace("'", "''"), "pid": pid, "version": version.replace("'", "''")}
    out = [f"CREATE TEMP MACRO {name}{body.format(**values)}" for name, body in MACROS.items()]
    cases = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in settings.items())
    return out + [f"CREATE TEMP MACRO current_setting(name) AS CASE lower(name) {cases} END, "
                  f"(name, missing_ok) AS CASE lower(name) {cases} END"]


_REWRITES = [  # applied to code only, not to strings or quoted names
    (re.compile(r"\bOPERATOR\s*\(\s*(?:pg_catalog\s*\.\s*)?([^\s\w)]+)\s*\)", re.I), r"\1"),
    (re.compile(r"\s+COLLATE\s+pg_catalog\s*\.\s*default\b", re.I), ""),
    (re.compile(r"(?<![\w.])(?:pg_catalog\s*\.\s*)?(" + "|".join(SHIM_VIEWS) + r")\b(?!\s*[(.])", re.I),
     f"{SHIM_CATALOG}.{SHIM_SCHEMA}." + r"\1"),
    # Unqualified, a function is found in the session's macros first, then in DuckDB's pg_catalog.
    (re.compile(r"(?<![\w.])pg_catalog\s*\.\s*(?=\w+\s*\()", re.I), ""),
    (re.compile(r"::\s*(?:pg_catalog\s*\.\s*)?(?:regclass|regproc|regprocedure|regtype|regnamespace|regrole|oid)\b",
                re.I), "::BIGINT"),
    (re.compile(r"::\s*(?:pg_catalog\s*\.\s*)?(?:name|text|bpchar|char)\b(?!\s*\[)", re.I), "::VARCHAR"),
]
_REG_LITERAL = re.compile(r"'((?:[^']|'')*)'\s*::\s*(?:pg_catalog\s*\.\s*)?(reg\w+)\b", re.I)
# psql's \dt asks for relkind 'r' only; the published article, mention and figure are views over Parquet.
_PSQL_TABLE_KINDS = re.compile(r"(relkind\s+IN\s+\()('r'(?:\s*,\s*'[a-z]*')*\))", re.I)


def _reg_lookup(match: re.Match) -> str:
    """'schema.name'::regclass becomes a lookup of name's oid (NULL for Postgres' own catalogs); other reg* NULL."""
    if match.group(2).lower() != "regclass":
        return "CAST(NULL AS BIGINT)"
    name = match.group(1).replace("''", "'").split(".")[-1].strip('"')
    return f"(SELECT min(oid) FROM pg_class WHERE relname = {_literal(name)})"


def rewrite(sql: str) -> str:
    """Postgres-only spellings (OPERATOR(pg_catalog.~), COLLATE pg_catalog.default, ::regclass, ...) for DuckDB."""
    sql = _REG_LITERAL.sub(_reg_lookup, sql)
    out = []
    for code, text in segments(sql):
        if code:
            for pattern, replacement in _REWRITES:
                text = pattern.sub(replacement, text)
        out.append(text)
    sql = "".join(out)
    return _PSQL_TABLE_KINDS.sub(lambda m: m.group(0) if "'v'" in m.group(2) else m.group(1) + "'v'," + m.group(2), sql)


def _param_count(sql: str) -> int:
    return max([int(n) for n in re.findall(r"\$(\d+)", _code_only(sql))], default=0)


# --------------------------------------------------------------------------- classification

_ALLOWED = {"SELECT", "EXPLAIN", "CALL", "PRAGMA", "PREPARE", "EXECUTE"}
_READ_PRAGMAS = {"table_info", "show", "show_tables", "show_tables_expanded", "database_list", "database_size",
                 "storage_info", "version", "platform", "functions", "collations", "metadata_info", "user_agent"}
_CONTROL = re.compile(r"^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET|RESET|SHOW"
                      r"|DISCARD|DEALLOCATE|UNLISTEN|LISTEN|CLOSE|DECLARE|FETCH|MOVE)\b", re.I)
_TAGS = {"START TRANSACTION": "BEGIN", "END": "COMMIT", "ABORT": "ROLLBACK"}
_DECLARE = re.compile(r"DECLARE\s+(\w+|\"(?:[^\"]|\"\")+\")\s+.*?\bCURSOR\b.*?\bFOR\s+(.*)$", re.I | re.S)
_FETCH = re.compile(r"(?:FETCH|MOVE)\s+(?:(NEXT|ALL|FORWARD\s+ALL|FORWARD\s+\d+|FORWARD|\d+)\s+)?(?:FROM\s+|IN\s+)?"
                    r"(\w+|\"(?:[^\"]|\"\")+\")\s*$", re.I | re.S)


@dataclass
class Plan:
    """One statement, classified: `command` is BEGIN/SET/SHOW/... for those answered here, else None."""
    text: str
    sql: str = ""
    command: str | None = None
    statement_type: str = ""
    nparams: int = 0
    cursor: str = ""  # DECLARE: the cursor's name and its query
    inner: Plan | None = None


def show_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text.split(None, 1)[1].strip().lower()) if len(text.split()) > 1 else ""
    return {"transaction isolation level": "transaction_isolation", "time zone": "timezone"}.get(name, name)


def plan(con: duckdb.DuckDBPyConnection, text: str, settings: dict[str, str]) -> Plan:
    """Classify one statement: answered here (BEGIN, SET, SHOW setting ...), refused, or run by DuckDB."""
    match = _CONTROL.match(text)
    if match and (match.group(1).upper() != "SHOW" or show_name(text) in settings or show_name(text) == "all"):
        word = re.sub(r"\s+", " ", match.group(1).upper())
        if word == "DECLARE":  # DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query
            declare = _DECLARE.match(text)
            if declare is None:
                raise PgError("42601", "syntax error in DECLARE; expected DECLARE name CURSOR FOR query")
            return Plan(text, command=word, cursor=declare.group(1).strip('"'),
                        inner=plan(con, declare.group(2), settings))
        return Plan(text, command=_TAGS.get(word, word))
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise _from_duckdb(exc) from None
    except ValueError:  # a statement type the Python API does not name
        statements = None
    if statements is not None and len(statements) != 1:
        raise PgError("42601", "cannot insert multiple commands into a prepared statement")
    kind = statements[0].type.name if statements else "UNKNOWN"
    if kind == "TRANSACTION":
        return Plan(text, command={"START": "BEGIN"}.get(text.split()[0].upper(), text.split()[0].upper()))
    if kind == "SET":  # SET x = y, RESET x, USE schema: accepted and ignored
        return Plan(text, command="SET")
    pragma = re.match(r"\s*PRAGMA\s+(\w+)", _code_only(text), re.I)
    if (kind not in _ALLOWED or (kind == "PRAGMA" and (pragma is None or pragma.group(1).lower() not in _READ_PRAGMAS))
            or re.match(r"\s*(CHECKPOINT|FORCE)\b", _code_only(text), re.I)):
        word = (_code_only(text).split() or ["?"])[0].upper()
        word = kind.split("_")[0] if kind in ("PRAGMA", "MERGE_INTO") or not word.isalpha() or word == "WITH" else word
        raise PgError("25006", f"wirehouse serve is read-only: {word} is not allowed")
    return Plan(text, sql=rewrite(text), statement_type=kind, nparams=_param_count(text))


# --------------------------------------------------------------------------- the published file


class Snapshot:
    """One build of the warehouse: an in-memory DuckDB with the published file attached read-only.

    (Not duckdb.connect(path): DuckDB caches instances by path, so a second connect after
    os.replace would still see the old build while a session holds it.)"""

    def __init__(self, path: Path, key: tuple, allowed: list[Path]):
        self.key, self.refs, self.retired = key, 0, False
        name = path.stem if re.fullmatch(r"[A-Za-z_]\w*", path.stem) and path.stem.lower() not in (
            "memory", "system", "temp", "main", SHIM_CATALOG) else "warehouse"
        self.con = duckdb.connect(":memory:")
        try:
            dirs = ", ".join(_literal(str(p) + os.sep) for p in allowed)
            self.con.execute(f"SET allowed_directories = [{dirs}]")
            self.con.execute(f'ATTACH {_literal(str(path))} AS "{name}" (READ_ONLY)')
            self.con.execute(f'USE "{name}"')
            self.con.execute("DETACH memory")
            self.con.execute(f"ATTACH ':memory:' AS {SHIM_CATALOG}")
            self.con.execute(f"CREATE SCHEMA {SHIM_CATALOG}.{SHIM_SCHEMA}")
            for view, body in SHIM_VIEWS.items():
                self.con.execute(f"CREATE VIEW {SHIM_CATALOG}.{SHIM_SCHEMA}.{view} AS SELECT {body}")
            self.con.execute("SET enable_external_access = false")
            self.con.execute("SET lock_configuration = true")
            self.timezone = self.con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
        except BaseException:
            self.con.close()
            raise

    def close(self) -> None:
        self.con.close()


class Warehouse:
    """The published file, opened once per build and shared by sessions (each with its own cursor)."""

    def __init__(self, path: Path, allowed: list[Path]):
        self.path, self.allowed = path, allowed
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    def _key(self) -> tuple:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise PgError("3D000", f"no warehouse at {self.path}; run `wirehouse run` first") from None
        return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size

    def is_current(self, snapshot: Snapshot) -> bool:
        try:
            return snapshot.key == self._key()
        except PgError:
            return True  # the file is gone for a moment: keep what we have

    def acquire(self) -> tuple[Snapshot, duckdb.DuckDBPyConnection]:
        """The newest build, counted as in use until release(), and a cursor of its own on it."""
        key = self._key()
        with self._lock:
            if self._current is None or self._current.key != key:
                try:
                    fresh = Snapshot(self.path, key, self.allowed)
                except duckdb.Error as exc:
                    raise PgError("58030", f"cannot open {self.path}: {_from_duckdb(exc).message}") from None
                old, self._current = self._current, fresh
                if old is not None:
                    old.retired = True
                    if old.refs == 0:
                        old.close()
            self._current.refs += 1
            return self._current, self._current.con.cursor()

    def release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.refs -= 1
            if snapshot.retired and snapshot.refs == 0:
                snapshot.close()

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.retired = True
                if self._current.refs == 0:
                    self._current.close()


# --------------------------------------------------------------------------- one client connection


def _message(tag: bytes, payload: bytes = b"") -> bytes:
    return tag + struct.pack("!i", len(payload) + 4) + payload


def _cstr(text: str) -> bytes:
    return text.encode() + b"\0"


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def int(self, fmt: str) -> int:
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return value

    def cstr(self) -> str:
        end = self.data.index(b"\0", self.pos)
        text, self.pos = self.data[self.pos:end].decode(), end + 1
        return text

    def bytes(self, n: int) -> bytes:
        chunk, self.pos = self.data[self.pos:self.pos + n], self.pos + n
        return chunk


@dataclass
class Portal:
    plan: Plan
    params: list = field(default_factory=list)
    formats: list[int] = field(default_factory=list)
    columns: list[tuple[str, int]] | None = None  # after running: None for no rows
    rows: Iterator[tuple] | None = None
    tag: str = ""
    count: int = 0
    ran: bool = False
    held: bool = False  # a DECLAREd cursor: lives until CLOSE, not until Sync


@dataclass
class Prepared:
    plan: Plan
    oids: list[int]


class Session(socketserver.StreamRequestHandler):
    """One client connection: startup and authentication, then messages until Terminate."""

    server: Server
    snapshot: Snapshot | None = None
    cursor: duckdb.DuckDBPyConnection | None = None

    def setup(self) -> None:
        super().setup()
        self.out = bytearray()
        self.txn = "I"
        self.user = ""
        self.settings = dict(self.server.pg_settings)
        self.prepared: dict[str, Prepared] = {}
        self.portals: dict[str, Portal] = {}
        self.streaming: Portal | None = None
        self.pid, self.secret = self.server.register(self)

    def finish(self) -> None:
        self.server.unregister(self.pid)
        self._close_snapshot()
        try:
            super().finish()
        except OSError:
            pass

    # ----------------------------------------------------------------- wire

    def send(self, tag: bytes, payload: bytes = b"") -> None:
        self.out += _message(tag, payload)
        if len(self.out) > 65536:
            self.flush()

    def flush(self) -> None:
        if self.out:
            self.wfile.write(bytes(self.out))
            self.wfile.flush()
            self.out.clear()

    def read_exact(self, n: int) -> bytes:
        data = self.rfile.read(n)
        if len(data) < n:
            raise EOFError
        return data

    def send_error(self, error: PgError) -> None:
        severity = "FATAL" if error.fatal else "ERROR"
        self.send(b"E", b"".join([b"S" + _cstr(severity), b"V" + _cstr(severity), b"C" + _cstr(error.sqlstate),
                                  b"M" + _cstr(error.message)]) + b"\0")

    def ready(self) -> None:
        self.send(b"Z", self.txn.encode())
        self.flush()

    # ----------------------------------------------------------------- startup

    def handle(self) -> None:
        peer = "%s:%s" % self.client_address[:2]
        try:
            params = self.startup()
            if params is None:
                return
            self.user = params.get("user", "")
            self.settings["application_name"] = params.get("application_name", "")
            if not self.authenticate(peer):
                return
            try:
                self._open_snapshot()
            except PgError as exc:
                exc.fatal = True
                self.send_error(exc)
                self.flush()
                log.warning("%s user=%s: %s", peer, self.user, exc.message)
                return
            log.info("connection from %s user=%s database=%s application=%s", peer, self.user,
                     params.get("database", ""), self.settings["application_name"] or "-")
            self.send(b"R", struct.pack("!i", 0))
            for name in ("server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle",
                         "TimeZone", "integer_datetimes", "standard_conforming_strings", "is_superuser",
                         "application_name", "default_transaction_read_only", "in_hot_standby"):
                self.send(b"S", _cstr(name) + _cstr(self.settings[name.lower()]))
            self.send(b"S", _cstr("session_authorization") + _cstr(self.user))
            self.send(b"K", struct.pack("!ii", self.pid, self.secret))
            self.ready()
            self.loop()
        except (EOFError, ConnectionError, OSError):
            pass

    def startup(self) -> dict[str, str] | None:
        while True:
            length = struct.unpack("!i", self.read_exact(4))[0]
            if not 8 <= length <= 65536:
                return None
            body = _Reader(self.read_exact(length - 4))
            code = body.int("!i")
            if code in (SSL_REQUEST, GSS_REQUEST):
                self.wfile.write(b"N")
                continue
            if code == CANCEL_REQUEST:
                self.server.cancel(body.int("!i"), body.int("!i"))
                return None
            if code != PROTOCOL_3:
                self.send_error(PgError("0A000", f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}", True))
                self.flush()
                return None
            params = {}
            while body.pos < len(body.data) and body.data[body.pos] != 0:
                key = body.cstr()
                params[key] = body.cstr()
            return params

    def authenticate(self, peer: str) -> bool:
        password, wanted_user = self.server.password, self.server.user
        if password is None:
            if not wanted_user or self.user == wanted_user:
                return True
            self.send_error(PgError("28000", f'role "{self.user}" is not allowed; connect as "{wanted_user}"', True))
            self.flush()
            log.warning("rejected %s user=%s: not the --user", peer, self.user)
            return False
        salt = secrets.token_bytes(4)
        self.send(b"R", struct.pack("!i", 5) + salt)
        self.flush()
        tag = self.read_exact(1)
        length = struct.unpack("!i", self.read_exact(4))[0]
        answer = self.read_exact(length - 4).rstrip(b"\0").decode(errors="replace")
        inner = hashlib.md5((password + self.user).encode()).hexdigest()
        expected = "md5" + hashlib.md5(inner.encode() + salt).hexdigest()
        if tag != b"p" or not secrets.compare_digest(answer, expected) or (wanted_user and self.user != wanted_user):
            self.send_error(PgError("28P01", f'password authentication failed for user "{self.user}"', True))
            self.flush()
            log.warning("rejected %s user=%s: wrong password or user", peer, self.user)
            return False
        return True

    # ----------------------------------------------------------------- the snapshot

    def _open_snapshot(self) -> None:
        snapshot, cursor = self.server.warehouse.acquire()
        try:
            for sql in macro_sql(self.user, self.pid, self.server.version_text, self.server.pg_settings):
                cursor.execute(sql)
        except BaseException:
            self.server.warehouse.release(snapshot)
            raise
        self._close_snapshot()
        self.snapshot, self.cursor = snapshot, cursor
        self.settings["timezone"] = snapshot.timezone

    def _close_snapshot(self) -> None:
        if self.cursor is not None:
            self.cursor.close()
        if self.snapshot is not None:
            self.server.warehouse.release(self.snapshot)
        self.snapshot = self.cursor = None

    def con(self) -> duckdb.DuckDBPyConnection:
        """The session's cursor, moved to the newest build at a statement boundary outside a block."""
        if self.txn == "I" and self.streaming is None and not self.server.warehouse.is_current(self.snapshot):
            self._open_snapshot()
        return self.cursor

    def cancel(self) -> None:
        if self.cursor is not None:
            self.cursor.interrupt()

    # ----------------------------------------------------------------- message loop

    def loop(self) -> None:
        skipping = False  # after an error in the extended protocol: until Sync
        while True:
            tag = self.read_exact(1)
            length = struct.unpack("!i", self.read_exact(4))[0]
            body = _Reader(self.read_exact(length - 4))
            if tag == b"X":
                return
            if tag == b"S":
                skipping = False
                if self.txn == "I":  # portals end with their transaction (cursors: at CLOSE)
                    self.portals = {k: v for k, v in self.portals.items() if v.held}
                    if self.streaming is not None and not self.streaming.held:
                        self.streaming = None
                self.ready()
                continue
            if tag == b"H":
                self.flush()
                continue
            if skipping:
                continue
            try:
                if tag == b"Q":
                    self.simple_query(body.cstr())
                elif tag in self.EXTENDED:
                    self.EXTENDED[tag](self, body)
                elif tag in (b"d", b"c", b"f"):
                    pass  # copy-in data: there is no COPY FROM here
                else:
                    raise PgError("08P01", f"unexpected message {tag!r}")
            except PgError as exc:
                self.fail(exc)
                skipping = True
            except duckdb.Error as exc:
                self.fail(_from_duckdb(exc))
                skipping = True

    def fail(self, error: PgError) -> None:
        self.send_error(error)
        if self.txn == "T":
            self.txn = "E"

    def simple_query(self, sql: str) -> None:
        statements = split_statements(sql)
        if not statements:
            self.send(b"I")
        for text in statements:
            try:
                portal = Portal(plan(self.con(), text, self.settings))
                self.run(portal)
                self.send_description(portal)
                self.send_rows(portal, 0)
            except PgError as exc:
                self.fail(exc)
                break
            except duckdb.Error as exc:
                self.fail(_from_duckdb(exc))
                break
        self.ready()

    def parse(self, body: _Reader) -> None:
        name, sql = body.cstr(), body.cstr()
        oids = [body.int("!I") for _ in range(body.int("!h"))]
        statements = split_statements(sql)
        if len(statements) > 1:
            raise PgError("42601", "cannot insert multiple commands into a prepared statement")
        self.prepared[name] = Prepared(plan(self.con(), statements[0], self.settings) if statements else Plan(""),
                                       oids)
        self.send(b"1")

    def bind(self, body: _Reader) -> None:
        portal_name, name = body.cstr(), body.cstr()
        if name not in self.prepared:
            raise PgError("26000", f'prepared statement "{name}" does not exist')
        prepared = self.prepared[name]
        formats = [body.int("!h") for _ in range(body.int("!h"))]
        params = []
        for i in range(body.int("!h")):
            size = body.int("!i")
            data = None if size < 0 else body.bytes(size)
            oid = prepared.oids[i] if i < len(prepared.oids) else 0
            params.append(param_value(data, oid, bool(formats[0 if len(formats) == 1 else i]) if formats else False))
        result_formats = [body.int("!h") for _ in range(body.int("!h"))]
        expected = max(prepared.plan.nparams, len(prepared.oids))
        if len(params) != expected:
            raise PgError("08P01", f"bind message supplies {len(params)} parameters, "
                                   f"but prepared statement \"{name}\" requires {expected}")
        if self.portals.get(portal_name) is self.streaming:
            self.streaming = None
        self.portals[portal_name] = Portal(prepared.plan, params[:prepared.plan.nparams], result_formats)
        self.send(b"2")

    def describe(self, body: _Reader) -> None:
        kind, name = body.bytes(1), body.cstr()
        if kind == b"S":
            if name not in self.prepared:
                raise PgError("26000", f'prepared statement "{name}" does not exist')
            prepared = self.prepared[name]
            oids = [(prepared.oids[i] if i < len(prepared.oids) else 0) or TEXT for i in range(prepared.plan.nparams)]
            self.send(b"t", struct.pack(f"!h{len(oids)}I", len(oids), *oids))
            columns = self.statement_columns(prepared.plan)
            if columns is None:
                self.send(b"n")
            else:
                self.send(b"T", self.row_description(columns, []))
            return
        portal = self.portal(name)
        self.run(portal)
        self.send_description(portal)

    def execute(self, body: _Reader) -> None:
        portal = self.portal(body.cstr())
        max_rows = body.int("!i")
        self.run(portal)
        self.send_rows(portal, max_rows)

    def close(self, body: _Reader) -> None:
        kind, name = body.bytes(1), body.cstr()
        closed = (self.prepared if kind == b"S" else self.portals).pop(name, None)
        if closed is not None and closed is self.streaming:
            self.streaming = None
        self.send(b"3")

    EXTENDED = {b"P": parse, b"B": bind, b"D": describe, b"E": execute, b"C": close}

    def portal(self, name: str) -> Portal:
        if name not in self.portals:
            raise PgError("34000", f'portal "{name}" does not exist')
        return self.portals[name]

    # ----------------------------------------------------------------- running statements

    def statement_columns(self, p: Plan) -> list[tuple[str, int]] | None:
        """The result columns of a prepared statement (Describe), without running it."""
        if p.command in ("SHOW", "FETCH"):
            return self.run_command(Portal(p), describe_only=True).columns
        if not p.sql:
            return None
        self._park_streaming(None)
        relation = self.con().sql(p.sql, params=[None] * p.nparams if p.nparams else None)
        if relation is None:
            return None
        return [(pg_column_name(name), type_oid(t)) for name, t in zip(relation.columns, relation.types)]

    def run(self, portal: Portal) -> None:
        """Run the portal's statement once (at Describe or at the first Execute)."""
        if portal.ran:
            return
        portal.ran = True
        p = portal.plan
        if self.txn == "E" and p.command not in ("ROLLBACK", "COMMIT"):
            raise PgError("25P02", "current transaction is aborted, commands ignored until end of transaction block")
        if p.command is not None:
            self.run_command(portal)
            return
        if not p.sql:
            portal.tag = "EMPTY"
            return
        self._park_streaming(portal)
        con = self.con()
        result = con.execute(p.sql, portal.params) if portal.params else con.execute(p.sql)
        portal.tag = {"EXPLAIN": "EXPLAIN", "PREPARE": "PREPARE"}.get(p.statement_type, "SELECT")
        if result.description is not None:
            portal.columns = [(pg_column_name(c[0]), type_oid(c[1])) for c in result.description]
            portal.rows = self._batches(result)
            self.streaming = portal

    def cursor_portal(self, fetch: str) -> tuple[Portal, int | None]:
        """The DECLAREd cursor a FETCH or MOVE reads, and how many rows (None: all)."""
        match = _FETCH.match(fetch)
        name = match.group(2).strip('"') if match else ""
        if not match or name not in self.portals or not self.portals[name].held:
            raise PgError("34000", f'cursor "{name}" does not exist')
        how = (match.group(1) or "NEXT").upper()
        digits = re.findall(r"\d+", how)
        return self.portals[name], int(digits[0]) if digits else (None if "ALL" in how else 1)

    def _park_streaming(self, portal: Portal | None) -> None:
        """Fetch the rest of a portal still reading from the cursor, which is about to run something else."""
        if self.streaming is not None and self.streaming is not portal:
            self.streaming.rows = iter(list(self.streaming.rows))
            self.streaming = None

    @staticmethod
    def _batches(result: duckdb.DuckDBPyConnection) -> Iterator[tuple]:
        while True:
            rows = result.fetchmany(BATCH)
            if not rows:
                return
            yield from rows

    def _formats(self, portal: Portal) -> list[int]:
        n, f = len(portal.columns or []), portal.formats
        formats = [f[0]] * n if len(f) == 1 else (f if len(f) == n else [0] * n)
        if any(fmt not in (0, 1) for fmt in formats):
            raise PgError("08P01", f"unsupported format code in {formats}")
        return formats

    def row_description(self, columns: list[tuple[str, int]], formats: list[int]) -> bytes:
        parts = [struct.pack("!h", len(columns))]
        for i, (name, oid) in enumerate(columns):
            fmt = formats[i] if formats else 0
            size = {BOOL: 1, INT2: 2, INT4: 4, INT8: 8, FLOAT4: 4, FLOAT8: 8, DATE: 4, TIMESTAMP: 8,
                    TIMESTAMPTZ: 8, TIME: 8, UUID: 16}.get(oid, -1)
            parts.append(_cstr(name) + struct.pack("!IhIhih", 0, 0, oid, size, -1, fmt))
        return b"".join(parts)

    def send_description(self, portal: Portal) -> None:
        if portal.columns is None:
            self.send(b"n")
            return
        formats = self._formats(portal)
        # A type without a binary encoder is declared text when binary is asked for: its text is its binary.
        portal.columns = [(name, oid if not fmt or oid in BINARY_OIDS else TEXT)
                          for (name, oid), fmt in zip(portal.columns, formats)]
        self.send(b"T", self.row_description(portal.columns, formats))

    def send_rows(self, portal: Portal, max_rows: int) -> None:
        if portal.tag == "EMPTY":
            self.send(b"I")
            return
        if portal.rows is not None:
            formats = self._formats(portal)
            oids = [oid for _, oid in portal.columns]
            sent = 0
            for row in portal.rows:
                parts = [struct.pack("!h", len(row))]
                for value, oid, fmt in zip(row, oids, formats):
                    if value is None:
                        parts.append(b"\xff\xff\xff\xff")
                    else:
                        data = value_binary(value, oid) if fmt else value_text(value, oid).encode()
                        parts.append(struct.pack("!i", len(data)) + data)
                self.send(b"D", b"".join(parts))
                sent += 1
                if max_rows and sent >= max_rows:
                    break
            portal.count += sent
            if max_rows and sent >= max_rows:
                rest = list(portal.rows)
                if rest:
                    portal.rows = iter(rest)
                    self.send(b"s")
                    return
            if self.streaming is portal:
                self.streaming = None
            portal.rows = iter(())
        tag = f"{portal.tag} {portal.count}" if portal.tag in ("SELECT", "FETCH", "MOVE") else portal.tag
        self.send(b"C", _cstr(tag))

    # ----------------------------------------------------------------- commands answered here

    def run_command(self, portal: Portal, describe_only: bool = False) -> Portal:
        """The statements answered here: transaction control, SET/SHOW, cursors, DEALLOCATE, DISCARD."""
        p, word = portal.plan, portal.plan.command
        portal.tag = word
        if word == "SHOW":
            name = show_name(p.text)
            portal.columns = [("name", TEXT), ("setting", TEXT)] if name == "all" else [(name, TEXT)]
            if not describe_only:
                portal.rows = iter(sorted(self.settings.items()) if name == "all" else [(self.show(name),)])
        elif word in ("FETCH", "MOVE"):
            source, count = self.cursor_portal(p.text)
            portal.columns = source.columns if word == "FETCH" else None
            if not describe_only:
                rows = list(itertools.islice(source.rows or iter(()), count))
                portal.rows, portal.count = (iter(rows), 0) if word == "FETCH" else (None, len(rows))
        elif word == "DECLARE":
            cursor = Portal(p.inner, portal.params, held=True)
            self.run(cursor)
            self.portals[p.cursor] = cursor
            portal.tag = "DECLARE CURSOR"
        elif word == "CLOSE":
            name = p.text.split()[-1].strip('"')
            closed = [self.portals.pop(k) for k, v in list(self.portals.items()) if v.held and name in (k, "ALL")]
            if self.streaming in closed:
                self.streaming = None
            portal.tag = "CLOSE CURSOR"
        elif word == "BEGIN":
            self.txn = "T" if self.txn == "I" else self.txn
        elif word in ("COMMIT", "ROLLBACK"):
            portal.tag = "ROLLBACK" if self.txn == "E" else word
            self.txn = "I"
        elif word == "SET":
            self._set(p.text)
        elif word == "RESET":
            name = p.text.split()[1].lower() if len(p.text.split()) > 1 else ""
            if name in self.server.pg_settings:
                self.settings[name] = self.server.pg_settings[name]
        elif word in ("DEALLOCATE", "DISCARD"):
            target = p.text.split()[-1].strip('"')
            everything = word == "DISCARD" or target.upper() == "ALL"
            self.prepared = {} if everything else {k: v for k, v in self.prepared.items() if k != target}
            portal.tag = f"{word} ALL" if everything else word
        return portal

    def _set(self, text: str) -> None:
        """SET [SESSION|LOCAL] name {TO|=} value: remembered for SHOW, otherwise ignored."""
        m = re.match(r"SET\s+(?:SESSION\s+|LOCAL\s+)?(TIME\s+ZONE|[\w.]+)\s*(?:TO|=)?\s*(.*)$", text, re.I | re.S)
        if not m or m.group(1).upper() in ("TRANSACTION", "CHARACTERISTICS"):
            return
        name = re.sub(r"\s+", "", m.group(1).lower())
        value = m.group(2).strip().strip("'\"")
        if name in ("client_encoding", "server_encoding", "timezone", "integer_datetimes", "server_version"):
            return  # values are always sent in UTF-8 and in the server's time zone
        self.settings[name] = value
        if name == "application_name":
            self.send(b"S", _cstr("application_name") + _cstr(value))

    def show(self, name: str) -> str:
        if name not in self.settings:
            raise PgError("42704", f'unrecognized configuration parameter "{name}"')
        return self.settings[name]


# --------------------------------------------------------------------------- the server


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple, warehouse: Warehouse, password: str | None, user: str | None):
        self.address_family = socket.getaddrinfo(address[0], address[1], type=socket.SOCK_STREAM)[0][0]
        self.request_queue_size = 64
        super().__init__(address, Session)
        self.warehouse, self.password, self.user = warehouse, password, user
        self.version_text = (f"PostgreSQL {PG_VERSION} (wirehouse serve, DuckDB {duckdb.__version__}) "
                             f"on {os.uname().machine}")
        self.pg_settings = {
            "server_version": PG_VERSION, "server_version_num": "140000", "server_encoding": "UTF8",
            "client_encoding": "UTF8", "datestyle": "ISO, MDY", "intervalstyle": "postgres", "timezone": "UTC",
            "integer_datetimes": "on", "standard_conforming_strings": "on", "is_superuser": "off",
            "application_name": "", "default_transaction_read_only": "on", "transaction_read_only": "on",
            "in_hot_standby": "off", "transaction_isolation": "read committed",
            "default_transaction_isolation": "read committed", "max_identifier_length": "63",
            "search_path": "main", "extra_float_digits": "1", "lc_collate": "C", "lc_ctype": "C",
            "statement_timeout": "0", "max_index_keys": "32", "block_size": "8192",
        }
        self._sessions: dict[int, Session] = {}
        self._next_pid = 1000
        self._lock = threading.Lock()

    def register(self, session: Session) -> tuple[int, int]:
        with self._lock:
            self._next_pid += 1
            self._sessions[self._next_pid] = session
            return self._next_pid, secrets.randbits(31)

    def unregister(self, pid: int) -> None:
        with self._lock:
            self._sessions.pop(pid, None)

    def cancel(self, pid: int, secret: int) -> None:
        with self._lock:
            session = self._sessions.get(pid)
        if session is not None and secrets.compare_digest(str(session.secret), str(secret)):
            session.cancel()


def is_loopback(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host or None, 0, type=socket.SOCK_STREAM)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def read_password(password_file: Path | None) -> str | None:
    """The password from --password-file (its first line), else $WIREHOUSE_SERVE_PASSWORD; None if neither."""
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0]:
            raise ValueError(f"password file {password_file} is empty")
        return lines[0]
    return os.environ.get("WIREHOUSE_SERVE_PASSWORD") or None


def serve(db: Path, parts_dir: Path, host: str = "127.0.0.1", port: int = 5433, password: str | None = None,
          user: str | None = None) -> int:
    """Serve until SIGINT or SIGTERM; 0 when stopped, 2 when it cannot start."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    if password is None and not is_loopback(host):
        log.error("error: refusing to listen on %s without a password; set WIREHOUSE_SERVE_PASSWORD "
                  "or --password-file (or use --host 127.0.0.1)", host)
        return 2
    if not db.exists():
        log.warning("warning: no warehouse at %s yet; connections fail until `wirehouse run` publishes one", db)
    warehouse = Warehouse(db, [parts_dir])
    try:
        server = Server((host, port), warehouse, password, user)
    except OSError as exc:
        log.error("error: cannot listen on %s:%s: %s", host, port, exc.strerror or exc)
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    log.info("wirehouse serve: listening on %s:%s for %s (%s); Ctrl-C stops", bound_host, bound_port, db,
             "password required" if password is not None else "no password, loopback only")
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.shutdown()
        server.server_close()
        warehouse.close()
        log.info("wirehouse serve: stopped")
    return 0

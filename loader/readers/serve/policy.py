"""The read-only policy: each statement classified with DuckDB's parser, answered here, refused or run.

Only what reads is allowed, and the check is made on the statement that actually runs: EXPLAIN
[ANALYZE] (which runs its statement), PREPARE (whose statement EXECUTE runs) and DECLARE ... CURSOR
FOR are unwrapped and their inner statement classified again by DuckDB's parser. A plain read is a
SELECT-type statement (SELECT, VALUES, WITH ... SELECT, TABLE, FROM, SHOW/DESCRIBE/SUMMARIZE), a read
PRAGMA, a CALL of a table function, or `COPY <query or table> TO STDOUT [options]`, which is run as
its query. Everything else (INSERT ... COPY to a file, CREATE/ALTER/DROP, ATTACH, INSTALL, LOAD,
EXPORT, UPDATE EXTENSIONS, CHECKPOINT ...) is refused with SQLSTATE 25006. Underneath, the snapshot
makes writing impossible where DuckDB allows it (loader.readers.serve.snapshots).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from loader.readers.serve.catalog import _code_only, _param_count, rewrite, segments
from loader.readers.serve.errors import PgError, _from_duckdb

_READ_PRAGMAS = {"table_info", "show", "show_tables", "show_tables_expanded", "database_list", "database_size",
                 "storage_info", "version", "platform", "functions", "collations", "metadata_info", "user_agent"}
_WRITING_CALLS = {"checkpoint", "force_checkpoint"}
_CONTROL = re.compile(r"^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET|RESET|SHOW"
                      r"|DISCARD|DEALLOCATE|UNLISTEN|LISTEN|CLOSE|DECLARE|FETCH|MOVE)\b", re.I)
_TAGS = {"START TRANSACTION": "BEGIN", "END": "COMMIT", "ABORT": "ROLLBACK"}
_DECLARE = re.compile(r"DECLARE\s+(\w+|\"(?:[^\"]|\"\")+\")\s+.*?\bCURSOR\b.*?\bFOR\s+(.*)$", re.I | re.S)
_FETCH = re.compile(r"(?:FETCH|MOVE)\s+(?:(NEXT|ALL|FORWARD\s+ALL|FORWARD\s+\d+|FORWARD|\d+)\s+)?(?:FROM\s+|IN\s+)?"
                    r"(\w+|\"(?:[^\"]|\"\")+\")\s*$", re.I | re.S)
# Patterns over the masked text (strings, quoted names and comments blanked, offsets kept).
_NAME = r'(?:\w+|"(?:[^"]|"")*")'
# Over the text from its first word on (leading comments skipped):
_EXPLAIN = re.compile(r"EXPLAIN\b(?:\s+ANALY[SZ]E\b)?(?:\s+VERBOSE\b)?\s*", re.I)
_PREPARE = re.compile(rf"PREPARE\s+{_NAME}\s*(?:\([^)]*\)\s*)?AS\b", re.I)
_COPY = re.compile(r"COPY\s+", re.I)
_COPY_TABLE = re.compile(rf"{_NAME}(?:\s*\.\s*{_NAME}){{0,2}}(?:\s*\((?:{_NAME}|[\s,])*\))?", re.S)  # name [(cols)]
_TO_STDOUT = re.compile(r"\s*TO\s+STDOUT(?=\s|\(|$)(.*)$", re.I | re.S)


@dataclass
class Plan:
    """One statement, classified: `command` is BEGIN/SET/SHOW/COPY/... for those answered here, else None.

    For COPY ... TO STDOUT, `sql` is the query whose rows are copied out and `copy_options` the
    options' text (after STDOUT)."""
    text: str
    sql: str = ""
    command: str | None = None
    statement_type: str = ""
    nparams: int = 0
    cursor: str = ""  # DECLARE: the cursor's name and its query
    inner: Plan | None = None
    copy_options: str = ""


def show_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text.split(None, 1)[1].strip().lower()) if len(text.split()) > 1 else ""
    return {"transaction isolation level": "transaction_isolation", "time zone": "timezone"}.get(name, name)


def mask(sql: str) -> str:
    """sql with strings, quoted names and comments blanked out, each character kept in its place."""
    return "".join(text if code else " " * len(text) for code, text in segments(sql))


def _keyword(pattern: re.Pattern, text: str) -> int:
    """Where the statement's text continues after pattern, matched at its first word; -1 if it does not match."""
    masked = mask(text)
    match = pattern.match(text, len(masked) - len(masked.lstrip()))
    return -1 if match is None else match.end()


def _closing_paren(masked: str, start: int) -> int:
    """The index of the ')' closing the '(' at start, or -1."""
    depth = 0
    for i in range(start, len(masked)):
        depth += {"(": 1, ")": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return -1


def _refuse(text: str, kind: str) -> PgError:
    word = (_code_only(text).split() or ["?"])[0].upper()
    word = kind.split("_")[0] if kind in ("PRAGMA", "MERGE_INTO") or not word.isalpha() or word == "WITH" else word
    return PgError("25006", f"wirehouse serve is read-only: {word} is not allowed")


def statement_type(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """DuckDB's type of the one statement in text (UNKNOWN for types its Python API does not name)."""
    try:
        statements = con.extract_statements(text)
        if len(statements) != 1:
            raise PgError("42601", "cannot insert multiple commands into a prepared statement")
        return statements[0].type.name
    except duckdb.Error as exc:
        raise _from_duckdb(exc) from None
    except ValueError:  # e.g. UPDATE EXTENSIONS
        return "UNKNOWN"


def _explained(text: str) -> str:
    """The statement EXPLAIN [ANALYZE] [(options)] runs."""
    masked, pos = mask(text), _keyword(_EXPLAIN, text)
    if pos < 0:
        return ""
    if masked[pos:pos + 1] == "(":  # options, unless the parentheses are all there is: EXPLAIN (SELECT 1)
        end = _closing_paren(masked, pos)
        if end > 0 and masked[end + 1:].strip():
            pos = end + 1
    return text[pos:].strip()


def _copy_out(con: duckdb.DuckDBPyConnection, text: str) -> Plan:
    """COPY (query) TO STDOUT [options] or COPY table [(columns)] TO STDOUT [options]; any other COPY is refused."""
    masked, pos = mask(text), _keyword(_COPY, text)
    if pos < 0:
        raise _refuse(text, "COPY")
    if masked[pos:pos + 1] == "(":
        end = _closing_paren(masked, pos)
        query = text[pos + 1:end] if end > 0 else ""
        rest = end + 1
    else:
        table = _COPY_TABLE.match(text, pos)
        if table is None:
            raise _refuse(text, "COPY")
        name = text[pos:table.end()].strip()
        columns = re.search(r"\((.*)\)\s*$", name, re.S)
        if columns:
            name = name[:columns.start()].strip()
        query = f"SELECT {columns.group(1) if columns else '*'} FROM {name}" if name else ""
        rest = table.end()
    target = _TO_STDOUT.match(masked, rest)
    if not query.strip() or target is None:
        raise _refuse(text, "COPY")
    inner = plan(con, query, {})
    if inner.command is not None or inner.statement_type != "SELECT":
        raise _refuse(text, "COPY")
    return Plan(text, sql=inner.sql, command="COPY", statement_type="COPY", nparams=inner.nparams,
                copy_options=text[target.start(1):].strip())


def _read(con: duckdb.DuckDBPyConnection, text: str, kind: str) -> bool:
    """Whether the statement (of DuckDB type kind) only reads, looking inside EXPLAIN and PREPARE."""
    if kind == "SELECT":
        return True
    if kind == "PRAGMA":
        pragma = re.match(r"\s*PRAGMA\s+(\w+)", _code_only(text), re.I)
        return pragma is not None and pragma.group(1).lower() in _READ_PRAGMAS
    if kind == "CALL":
        call = re.match(r"\s*(?:CALL\s+)?(\w+)", _code_only(text), re.I)  # CHECKPOINT parses as a CALL
        return call is not None and call.group(1).lower() not in _WRITING_CALLS | {"force"}
    if kind == "EXECUTE":  # runs a statement of this session's that PREPARE let through
        return True
    if kind in ("EXPLAIN", "PREPARE"):
        start = _keyword(_PREPARE, text)
        inner = _explained(text) if kind == "EXPLAIN" else text[start:].strip() if start >= 0 else ""
        inner_kind = statement_type(con, inner) if inner else "UNKNOWN"
        return inner_kind not in ("EXPLAIN", "PREPARE", "COPY") and _read(con, inner, inner_kind)
    return False


def plan(con: duckdb.DuckDBPyConnection, text: str, settings: dict[str, str]) -> Plan:
    """Classify one statement: answered here (BEGIN, SET, SHOW setting ...), refused, or run by DuckDB."""
    match = _CONTROL.match(text)
    if match and (match.group(1).upper() != "SHOW" or show_name(text) in settings or show_name(text) == "all"):
        word = re.sub(r"\s+", " ", match.group(1).upper())
        if word == "DECLARE":  # DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query
            declare = _DECLARE.match(text)
            if declare is None:
                raise PgError("42601", "syntax error in DECLARE; expected DECLARE name CURSOR FOR query")
            inner = plan(con, declare.group(2), settings)
            if inner.command is not None or inner.statement_type == "PREPARE":
                raise PgError("42601", "DECLARE CURSOR needs a query")
            return Plan(text, command=word, cursor=declare.group(1).strip('"'), inner=inner)
        return Plan(text, command=_TAGS.get(word, word))
    kind = statement_type(con, text)
    if kind == "TRANSACTION":
        return Plan(text, command={"START": "BEGIN"}.get(text.split()[0].upper(), text.split()[0].upper()))
    if kind == "SET":  # SET x = y, RESET x, USE schema: accepted and ignored
        return Plan(text, command="SET")
    if kind == "COPY":
        return _copy_out(con, text)
    if not _read(con, text, kind):
        raise _refuse(text, kind)
    return Plan(text, sql=rewrite(text), statement_type=kind, nparams=_param_count(text))

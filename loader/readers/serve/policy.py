"""The read-only policy: each statement classified with DuckDB's parser, answered here, refused or run."""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from loader.readers.serve.catalog import _code_only, _param_count, rewrite
from loader.readers.serve.errors import PgError, _from_duckdb

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


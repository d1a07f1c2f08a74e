"""`wirehouse sql`: ad-hoc SQL on the published warehouse file, opened read-only.

The DuckDB Python package ships no command-line shell, so this module is a small
one: `run_query` runs a query and prints the result once, and `repl` is an interactive
prompt (or a scripted one, when stdin is piped). Results are rendered by
loader/readers/formatting.py (an aligned text table, CSV or JSON).
"""
from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import duckdb

from loader.errors import error_text
from loader.readers.formatting import FORMATS, format_result

__all__ = ["FORMATS", "format_result", "error_text", "repl", "run_query"]


PROMPT = "wirehouse> "
CONTINUATION_PROMPT = "      ...> "
HISTORY_LENGTH = 2000

# Statement types whose result is always data, even when it looks like a status.
_QUERY_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL", "MULTI"})
# The one-column results DuckDB returns for statements that produce no data.
_STATUS_COLUMNS = (["Success"], ["Count"])
_HIDDEN_SCHEMAS = ("information_schema", "pg_catalog")
_TABLE_TYPES = {"BASE TABLE": "table", "VIEW": "view", "LOCAL TEMPORARY": "temp table"}

HELP_TEXT = """\
Enter SQL terminated by ';' (a statement may span several lines).
.tables            list tables and views
.schema [TABLE]    columns and types of TABLE (of every table if omitted)
.format [FMT]      show or set the output format: table, csv or json
.help              show this help
.quit / .exit      leave (Ctrl-D works too; Ctrl-C clears the current input)
The warehouse is opened read-only."""


# --------------------------------------------------------------------------- values


def _print_error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _write(out: TextIO, text: str) -> None:
    out.write(text if text.endswith("\n") else text + "\n")


def _missing_message(db_path: Path) -> str:
    return f"no warehouse at {db_path}; run `wirehouse run` first"


def _open(db_path: Path) -> duckdb.DuckDBPyConnection | None:
    """The warehouse, read-only; None (after printing why) when it cannot be opened."""
    if not db_path.exists():
        _print_error(_missing_message(db_path))
        return None
    try:
        return duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        _print_error(f"cannot open {db_path}: {error_text(exc)}")
        return None


def _is_status(statement_type: str, columns: list[str]) -> bool:
    return statement_type not in _QUERY_STATEMENTS and columns in _STATUS_COLUMNS


def _run_statement(con: duckdb.DuckDBPyConnection, statement: Any, fmt: str, out: TextIO) -> None:
    result = con.execute(statement)
    description = result.description if result is not None else None
    columns = [column[0] for column in description or []]
    if description is None or _is_status(statement.type.name, columns):
        _write(out, "OK")
        return
    rows = result.fetchall()
    if statement.type.name == "EXPLAIN" and fmt == "table":
        # A plan is a multi-line drawing: print it as is rather than squeezed into one cell.
        _write(out, "\n".join(str(row[-1]).rstrip("\n") for row in rows))
        return
    _write(out, format_result(columns, rows, fmt))


def _execute(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, out: TextIO) -> int:
    """Run every statement in sql, printing each result; stop at the first error."""
    try:
        statements = duckdb.extract_statements(sql)
        if not statements:
            _write(out, "OK")
        for statement in statements:
            _run_statement(con, statement, fmt, out)
    except duckdb.Error as exc:
        _print_error(error_text(exc))
        return 1
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 1
    return 0


def run_query(db_path: Path, query: str, fmt: str = "table", out: TextIO = sys.stdout) -> int:
    """Run one query read-only and print it in fmt; 0 on success, 1 after printing 'error: ...'."""
    if fmt not in FORMATS:
        _print_error(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        return 1
    con = _open(Path(db_path))
    if con is None:
        return 1
    try:
        return _execute(con, query, fmt, out)
    finally:
        con.close()


# --------------------------------------------------------------------------- statement boundaries

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def _skip_quoted(text: str, start: int, quote: str) -> int:
    """Index just past the quoted run opening at start ('' or "" inside are escapes); len(text) if open."""
    i = start + 1
    while i < len(text):
        if text[i] == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return len(text) + 1


def _skip_token(text: str, i: int) -> tuple[int, bool]:
    """(index past the string, comment or character at i, whether it is significant SQL)."""
    char, pair = text[i], text[i : i + 2]
    if pair == "--":
        end = text.find("\n", i)
        return (len(text) if end < 0 else end + 1), False
    if pair == "/*":
        end = text.find("*/", i + 2)
        return (len(text) + 1 if end < 0 else end + 2), False
    if char in "'\"":
        return _skip_quoted(text, i, char), True
    tag = _DOLLAR_TAG.match(text, i) if char == "$" else None
    if tag:
        end = text.find(tag.group(0), tag.end())
        return (len(text) + 1 if end < 0 else end + len(tag.group(0))), True
    return i + 1, not char.isspace()


def _input_state(text: str) -> tuple[bool, bool]:
    """(complete, blank): complete when the last significant token is a ';' outside quotes and
    comments (an unterminated quote or comment is never complete); blank when there is no SQL."""
    i, last, blank = 0, "", True
    while i < len(text):
        end, significant = _skip_token(text, i)
        if end > len(text):
            return False, False
        if significant:
            last, blank = text[i], False
        i = end
    return last == ";", blank


# --------------------------------------------------------------------------- dot-commands


@dataclass
class _Session:
    con: duckdb.DuckDBPyConnection
    out: TextIO
    fmt: str = "table"
    done: bool = False


def _show(session: _Session, columns: list[str], rows: list[tuple]) -> None:
    _write(session.out, format_result(columns, rows, session.fmt))


def _cmd_tables(session: _Session, arg: str) -> None:
    rows = session.con.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema not in (?, ?) order by table_schema, table_name",
        list(_HIDDEN_SCHEMAS),
    ).fetchall()
    _show(session, ["schema", "name", "type"], [(s, n, _TABLE_TYPES.get(t, t.lower())) for s, n, t in rows])


def _split_name(name: str) -> tuple[str | None, str]:
    parts = [part.strip().strip('"') for part in name.strip().rstrip(";").split(".")]
    return (parts[-2] if len(parts) > 1 else None), parts[-1]


def _resolve_schema(con: duckdb.DuckDBPyConnection, schema: str | None, table: str) -> str | None:
    """The schema holding table ('main' preferred when the name is unqualified), or None."""
    schemas = [row[0] for row in con.execute(
        "select distinct table_schema from information_schema.tables "
        "where lower(table_name) = lower(?) and table_schema not in (?, ?)",
        [table, *_HIDDEN_SCHEMAS],
    ).fetchall()]
    if schema is not None:
        schemas = [s for s in schemas if s.lower() == schema.lower()]
    schemas.sort(key=lambda s: (s != "main", s))
    return schemas[0] if schemas else None


def _cmd_schema(session: _Session, arg: str) -> None:
    if not arg:
        rows = session.con.execute(
            "select table_schema || '.' || table_name, column_name, data_type from information_schema.columns "
            "where table_schema not in (?, ?) order by table_schema, table_name, ordinal_position",
            list(_HIDDEN_SCHEMAS),
        ).fetchall()
        _show(session, ["table", "column", "type"], rows)
        return
    schema, table = _split_name(arg)
    found = _resolve_schema(session.con, schema, table)
    if found is None:
        _print_error(f"no table or view named {arg.strip()}")
        return
    rows = session.con.execute(
        "select column_name, data_type, is_nullable = 'YES' from information_schema.columns "
        "where table_schema = ? and lower(table_name) = lower(?) order by ordinal_position",
        [found, table],
    ).fetchall()
    _show(session, ["column", "type", "nullable"], rows)


def _cmd_format(session: _Session, arg: str) -> None:
    if not arg:
        _write(session.out, session.fmt)
    elif arg in FORMATS:
        session.fmt = arg
    else:
        _print_error(f"unknown format {arg!r}; expected one of {', '.join(FORMATS)}")


def _cmd_help(session: _Session, arg: str) -> None:
    _write(session.out, HELP_TEXT)


def _cmd_quit(session: _Session, arg: str) -> None:
    session.done = True


_DOT_COMMANDS: dict[str, Callable[[_Session, str], None]] = {
    ".tables": _cmd_tables,
    ".schema": _cmd_schema,
    ".format": _cmd_format,
    ".help": _cmd_help,
    ".quit": _cmd_quit,
    ".exit": _cmd_quit,
}


def _dot_command(session: _Session, line: str) -> None:
    name, _, arg = line.strip().partition(" ")
    command = _DOT_COMMANDS.get(name.lower())
    if command is None:
        _print_error(f"unknown command {name}; try .help")
        return
    try:
        command(session, arg.strip())
    except duckdb.Error as exc:
        _print_error(error_text(exc))


# --------------------------------------------------------------------------- input


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _load_history(history_file: Path) -> Any:
    """Set up readline with the persistent history; the readline module, or None without one."""
    try:
        import readline
    except ImportError:
        return None
    readline.clear_history()
    readline.set_history_length(HISTORY_LENGTH)
    try:
        history_file.touch(exist_ok=True)
        readline.read_history_file(str(history_file))
    except OSError:
        pass
    return readline


def _save_history(readline: Any, history_file: Path) -> None:
    if readline is None:
        return
    with contextlib.suppress(OSError):
        readline.write_history_file(str(history_file))


def _readline_reader(prompt: str) -> str | None:
    try:
        return input(prompt) + "\n"
    except EOFError:
        return None


def _stream_reader(stdin: TextIO, out: TextIO | None) -> Callable[[str], str | None]:
    """Read lines from stdin; prompts go to out when it is given (a TTY that is not sys.stdin)."""

    def read(prompt: str) -> str | None:
        if out is not None:
            out.write(prompt)
            out.flush()
        return stdin.readline() or None

    return read


# --------------------------------------------------------------------------- the prompt


def _feed(session: _Session, buffer: str, line: str) -> str:
    """Add a line to the pending input, run it when it is complete; the new pending input."""
    if not buffer and line.lstrip().startswith("."):
        _dot_command(session, line)
        return ""
    buffer += line if line.endswith("\n") else line + "\n"
    complete, blank = _input_state(buffer)
    if blank:
        return ""
    if complete:
        _execute(session.con, buffer, session.fmt, session.out)
        return ""
    return buffer


def _loop(session: _Session, read: Callable[[str], str | None], interactive: bool) -> None:
    buffer = ""
    while not session.done:
        try:
            line = read(CONTINUATION_PROMPT if buffer else PROMPT)
            if line is None:
                break
            buffer = _feed(session, buffer, line)
        except KeyboardInterrupt:  # Ctrl-C: drop the pending input, keep the session
            buffer = ""
            if interactive:
                session.out.write("\n")
    if buffer and not interactive:
        # A script's last statement may lack its ';'.
        _execute(session.con, buffer, session.fmt, session.out)
    if interactive and not session.done:
        session.out.write("\n")


def _banner(db_path: Path) -> str:
    return f"wirehouse sql: {db_path} (read-only). Statements end with ';'. Type .help for help."


def repl(db_path: Path, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
         history_file: Path | None = None) -> int:
    """Interactive prompt on the warehouse, or a scripted one when stdin is not a TTY."""
    con = _open(Path(db_path))
    if con is None:
        return 1
    session = _Session(con=con, out=out)
    interactive = _is_tty(stdin)
    readline = None
    history = history_file if history_file is not None else Path.home() / ".wirehouse_history"
    try:
        if interactive and stdin is sys.stdin:
            readline = _load_history(history)
            read = _readline_reader
        else:
            read = _stream_reader(stdin, out if interactive else None)
        if interactive:
            _write(out, _banner(Path(db_path)))
        _loop(session, read, interactive)
    finally:
        _save_history(readline, history)
        con.close()
    return 0

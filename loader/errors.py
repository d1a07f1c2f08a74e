"""What can go wrong, as users read it: one base class, and one line of text per error.

`wirehouse` (loader/cli.py) catches WirehouseError, and DuckDB and Alembic errors, and
prints `error: <message>` with a non-zero exit code; `-v` shows the traceback too.
Library code raises these, never SystemExit. Readers (loader/readers/) may import this
module: it imports nothing else of wirehouse.
"""
from __future__ import annotations


class WirehouseError(Exception):
    """A failure the user can act on; its message says what and, when known, what to do."""

    exit_code = 1


class ConfigError(WirehouseError):
    """A bad setting: wirehouse.toml, an environment variable or a flag."""

    exit_code = 2


class InputError(WirehouseError):
    """Bad input: a path that cannot be read, a model that cannot be loaded."""

    exit_code = 2


class MigrationError(WirehouseError):
    """The raw schema could not be brought to the asked revision."""


class BuildError(WirehouseError):
    """dbt could not build the warehouse, or its data tests failed."""


class Busy(WirehouseError):
    """Another wirehouse run holds the warehouse's lock."""


def error_text(exc: BaseException) -> str:
    """DuckDB messages span lines (hints, a caret under the query): keep the message part on one line."""
    kept = []
    for line in str(exc).splitlines():
        if line.startswith("LINE "):
            break
        if line.strip():
            kept.append(line.strip())
    return " ".join(kept) or type(exc).__name__

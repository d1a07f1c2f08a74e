"""Errors sent to the client as ErrorResponse, and DuckDB's errors as SQLSTATEs."""
from __future__ import annotations

import duckdb

from loader.errors import error_text

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


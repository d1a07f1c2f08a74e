"""What a session runs: its snapshot and cursor, portals and prepared statements, commands answered here."""
from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from loader.readers.serve.arrays import as_lists, has_array_text
from loader.readers.serve.catalog import macro_sql
from loader.readers.serve.copyout import CopyFormat, parse_copy_options
from loader.readers.serve.errors import PgError
from loader.readers.serve.limits import milliseconds
from loader.readers.serve.policy import _FETCH, Plan, show_name
from loader.readers.serve.snapshots import Snapshot
from loader.readers.serve.values import TEXT, column_oid, pg_column_name

if TYPE_CHECKING:
    from loader.readers.serve.server import Server

BATCH = 1000


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
    copy: CopyFormat | None = None  # COPY ... TO STDOUT: its rows go out as CopyData
    cursor: duckdb.DuckDBPyConnection | None = None  # its own, once another statement ran while it was reading

    def close(self) -> None:
        if self.cursor is not None:
            self.cursor.close()
            self.cursor = None
        self.rows = iter(())


@dataclass
class Prepared:
    plan: Plan
    oids: list[int]



class Statements:
    """The statement side of a Session (the wire side is loader.readers.serve.protocol.Session)."""

    server: Server
    snapshot: Snapshot | None = None
    cursor: duckdb.DuckDBPyConnection | None = None
    txn: str
    user: str
    pid: int
    settings: dict[str, str]
    prepared: dict[str, Prepared]
    portals: dict[str, Portal]
    streaming: Portal | None
    interrupted: str | None = None  # why the running statement was interrupted: timeout, client, cancel
    open_results_limit: int = 16

    def parameter_status(self, name: str, value: str) -> None:  # the wire side sends it
        raise NotImplementedError

    def _with_macros(self, cursor: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        for sql in macro_sql(self.user, self.pid, self.server.version_text, self.server.pg_settings):
            cursor.execute(sql)
        return cursor

    def _open_snapshot(self) -> None:
        snapshot, cursor = self.server.warehouse.acquire()
        try:
            self._with_macros(cursor)
        except BaseException:
            self.server.warehouse.release(snapshot)
            raise
        self._close_snapshot()
        self.snapshot, self.cursor = snapshot, cursor
        self.settings["timezone"] = snapshot.timezone

    def drop_portals(self, which: list[str]) -> None:
        """Forget the named portals, closing the cursors of their own they read from."""
        for name in which:
            portal = self.portals.pop(name, None)
            if portal is not None:
                if portal is self.streaming:
                    self.streaming = None
                portal.close()

    def _close_snapshot(self) -> None:
        """(con() moves to a new build only when no portal reads from a cursor of its own.)"""
        if self.cursor is not None:
            self.cursor.close()
        if self.snapshot is not None:
            self.server.warehouse.release(self.snapshot)
        self.snapshot = self.cursor = None

    def con(self) -> duckdb.DuckDBPyConnection:
        """The session's cursor, moved to the newest build at a statement boundary outside a block."""
        if (self.txn == "I" and self.streaming is None and not any(p.cursor for p in self.portals.values())
                and not self.server.warehouse.is_current(self.snapshot)):
            self._open_snapshot()
        return self.cursor

    def statement_timeout_ms(self) -> float:
        """SET statement_timeout, at most the server's --statement-timeout (0: none)."""
        own, cap = milliseconds(self.settings.get("statement_timeout", "0")), self.server.limits.statement_timeout_ms
        return min(own, cap) if own and cap else own or cap

    def interrupt(self, reason: str) -> None:
        """Stop what the session runs (from another thread): a cancel request, a timeout, a client gone."""
        self.interrupted = reason
        for cursor in [self.cursor] + [p.cursor for p in list(self.portals.values())]:
            if cursor is not None:
                with contextlib.suppress(duckdb.Error):  # closed meanwhile: nothing runs on it
                    cursor.interrupt()

    def cancel(self) -> None:
        self.interrupt("cancel")

    def statement_columns(self, p: Plan) -> list[tuple[str, int]] | None:
        """The result columns of a prepared statement (Describe), without running it."""
        if p.command in ("SHOW", "FETCH"):
            return self.run_command(Portal(p), describe_only=True).columns
        if p.command is not None or not p.sql:
            return None
        if p.statement_type == "EXPLAIN":  # known without running it (EXPLAIN ANALYZE runs its statement)
            return [("explain_key", TEXT), ("explain_value", TEXT)]
        self._park_streaming(None)
        relation = self.con().sql(p.sql, params=[None] * p.nparams if p.nparams else None)
        if relation is None:
            return None
        return [(pg_column_name(name), column_oid(name, t))
                for name, t in zip(relation.columns, relation.types, strict=True)]

    def run(self, portal: Portal) -> None:
        """Run the portal's statement once (at Describe or at the first Execute)."""
        if portal.ran:
            return
        portal.ran = True
        p = portal.plan
        if self.txn == "E" and p.command not in ("ROLLBACK", "COMMIT"):
            raise PgError("25P02", "current transaction is aborted, commands ignored until end of transaction block")
        if p.command == "COPY":  # COPY (query) TO STDOUT: the query's rows, as CopyData
            portal.copy = parse_copy_options(p.copy_options)
            self._execute(portal)
            portal.tag = "COPY"
            return
        if p.command is not None:
            self.run_command(portal)
            return
        if not p.sql:
            portal.tag = "EMPTY"
            return
        self._execute(portal)
        portal.tag = {"EXPLAIN": "EXPLAIN", "PREPARE": "PREPARE"}.get(p.statement_type, "SELECT")

    def _execute(self, portal: Portal) -> None:
        """Run the portal's SQL on the session's cursor: its columns, and its rows as they are read."""
        p = portal.plan
        self._park_streaming(portal)
        con = self.con()
        try:
            result = con.execute(p.sql, portal.params) if portal.params else con.execute(p.sql)
        except (duckdb.BinderException, duckdb.ConversionException) as exc:
            if not has_array_text(portal.params):
                raise
            try:  # untyped array literals (node-postgres): as lists
                result = con.execute(p.sql, as_lists(portal.params))
            except duckdb.Error:
                raise exc from None
        if result.description is not None:
            portal.columns = [(pg_column_name(c[0]), column_oid(c[0], c[1])) for c in result.description]
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
        """A portal still reading from the cursor, which is about to run something else, keeps that cursor
        (its result is not fetched: memory stays bounded); the session goes on with a new one."""
        if self.streaming is None or self.streaming is portal:
            return
        if sum(p.cursor is not None for p in self.portals.values()) >= self.open_results_limit:
            raise PgError("53000", f"too many open results in this session (the limit is {self.open_results_limit});"
                                   " close some portals or cursors")
        fresh = self._with_macros(self.snapshot.con.cursor())
        self.streaming.cursor, self.cursor, self.streaming = self.cursor, fresh, None

    @staticmethod
    def _batches(result: duckdb.DuckDBPyConnection) -> Iterator[tuple]:
        while True:
            rows = result.fetchmany(BATCH)
            if not rows:
                return
            yield from rows

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
            if not describe_only:  # read as they are sent, never more than asked for
                rows = itertools.islice(source.rows or iter(()), count)
                portal.rows, portal.count = (rows, 0) if word == "FETCH" else (None, sum(1 for _ in rows))
        elif word == "DECLARE":
            cursor = Portal(p.inner, portal.params, held=True)
            self.drop_portals([p.cursor])
            self.run(cursor)
            self.portals[p.cursor] = cursor
            portal.tag = "DECLARE CURSOR"
        elif word == "CLOSE":
            name = p.text.split()[-1].strip('"')
            self.drop_portals([k for k, v in self.portals.items() if v.held and (name == k or name.upper() == "ALL")])
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
        if name == "statement_timeout":
            try:
                milliseconds(value)
            except ValueError as exc:
                raise PgError("22023", f'invalid value for parameter "statement_timeout": {exc}') from None
        self.settings[name] = value
        if name == "application_name":
            self.parameter_status("application_name", value)

    def show(self, name: str) -> str:
        if name not in self.settings:
            raise PgError("42704", f'unrecognized configuration parameter "{name}"')
        return self.settings[name]

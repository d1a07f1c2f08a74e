"""The PostgreSQL wire protocol (version 3): framing, message writers, startup, authentication and the
message loop of one client connection. Statements are run by loader.readers.serve.session."""
from __future__ import annotations

import contextlib
import itertools
import logging
import socketserver
import ssl
import struct
import time
from typing import TYPE_CHECKING

import duckdb

from loader.readers.serve.auth import AUTH_OK, authenticate
from loader.readers.serve.catalog import split_statements
from loader.readers.serve.copyout import copy_line, header_line
from loader.readers.serve.errors import PgError, _from_duckdb
from loader.readers.serve.policy import Plan, plan
from loader.readers.serve.session import Portal, Prepared, Statements
from loader.readers.serve.values import (
    BINARY_OIDS,
    BOOL,
    DATE,
    FLOAT4,
    FLOAT8,
    INT2,
    INT4,
    INT8,
    TEXT,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    UUID,
    param_value,
    value_binary,
    value_text,
)

if TYPE_CHECKING:
    from loader.readers.serve.server import Server

log = logging.getLogger("wirehouse.serve")

PROTOCOL_3 = 196608
SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102


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




class Session(Statements, socketserver.StreamRequestHandler):
    """One client connection: startup and authentication, then messages until Terminate."""

    server: Server

    def setup(self) -> None:
        super().setup()
        self.out = bytearray()
        self.txn = "I"
        self.user = ""
        self.settings = dict(self.server.pg_settings)
        self.prepared: dict[str, Prepared] = {}
        self.portals: dict[str, Portal] = {}
        self.streaming: Portal | None = None
        self.open_results_limit = self.server.limits.max_open_results
        self.deadline: float | None = None  # until authenticated: when the client's time is up
        self.pid, self.secret = self.server.register(self)

    def finish(self) -> None:
        self.server.unregister(self.pid)
        self.drop_portals(list(self.portals))
        self._close_snapshot()
        with contextlib.suppress(OSError):
            super().finish()

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
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.connection.settimeout(left)
        data = self.rfile.read(n)
        if len(data) < n:
            raise EOFError
        return data

    def read_message(self, limit: int) -> tuple[bytes, _Reader]:
        """The next message (tag and body) of at most limit bytes; a longer one ends the connection."""
        tag = self.read_exact(1)
        length = struct.unpack("!i", self.read_exact(4))[0]
        if length < 4:
            raise PgError("08P01", f"invalid message length {length}", fatal=True)
        if length - 4 > limit:
            raise PgError("54000", f"message of {length - 4} bytes exceeds the limit of {limit} bytes", fatal=True)
        return tag, _Reader(self.read_exact(length - 4))

    def send_error(self, error: PgError) -> None:
        severity = "FATAL" if error.fatal else "ERROR"
        self.send(b"E", b"".join([b"S" + _cstr(severity), b"V" + _cstr(severity), b"C" + _cstr(error.sqlstate),
                                  b"M" + _cstr(error.message)]) + b"\0")

    def parameter_status(self, name: str, value: str) -> None:
        self.send(b"S", _cstr(name) + _cstr(value))

    def ready(self) -> None:
        self.send(b"Z", self.txn.encode())
        self.flush()

    def fatal(self, error: PgError, peer: str) -> None:
        """Send error as FATAL (the connection ends), if the client still listens."""
        error.fatal = True
        log.warning("%s user=%s: %s", peer, self.user or "-", error.message)
        try:
            self.send_error(error)
            self.flush()
        except OSError:
            pass

    # ----------------------------------------------------------------- startup

    def handle(self) -> None:
        peer = "{}:{}".format(*self.client_address[:2])
        limits = self.server.limits
        self.deadline = time.monotonic() + limits.auth_timeout if limits.auth_timeout else None
        try:
            params = self.startup()
            if params is None:
                return
            self.user = params.get("user", "")
            self.settings["application_name"] = params.get("application_name", "")
            if not authenticate(self, peer):
                return
            self.deadline = None
            self.connection.settimeout(limits.idle_timeout or None)
            self._open_snapshot()
            log.info("connection from %s user=%s database=%s application=%s%s", peer, self.user,
                     params.get("database", ""), self.settings["application_name"] or "-",
                     " tls" if isinstance(self.connection, ssl.SSLSocket) else "")
            self.send(b"R", struct.pack("!i", AUTH_OK))
            for name in ("server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle",
                         "TimeZone", "integer_datetimes", "standard_conforming_strings", "is_superuser",
                         "application_name", "default_transaction_read_only", "in_hot_standby"):
                self.send(b"S", _cstr(name) + _cstr(self.settings[name.lower()]))
            self.send(b"S", _cstr("session_authorization") + _cstr(self.user))
            self.send(b"K", struct.pack("!ii", self.pid, self.secret))
            self.ready()
            self.loop()
        except TimeoutError:
            self.fatal(PgError("57P05", "terminating connection due to idle-session timeout") if self.deadline is None
                       else PgError("08006", "canceling authentication due to timeout"), peer)
        except PgError as exc:
            self.fatal(exc, peer)
        except (EOFError, ConnectionError, ssl.SSLError):
            pass
        except OSError:
            pass
        except (struct.error, ValueError) as exc:  # a malformed startup or authentication message
            self.fatal(PgError("08P01", f"invalid message from the client: {exc}"), peer)
        except Exception as exc:  # noqa: BLE001 - an error reply and the server log, never a traceback to the client
            log.exception("%s: internal error", peer)
            self.fatal(PgError("XX000", f"internal error: {type(exc).__name__}"), peer)

    def startup(self) -> dict[str, str] | None:
        limit = self.server.limits.max_startup_message
        while True:
            length = struct.unpack("!i", self.read_exact(4))[0]
            if not 8 <= length <= limit:
                raise PgError("08P01", f"invalid startup packet length {length}")
            body = _Reader(self.read_exact(length - 4))
            code = body.int("!i")
            if code == SSL_REQUEST and self.server.tls is not None and not isinstance(self.connection, ssl.SSLSocket):
                self.wfile.write(b"S")
                self.wfile.flush()
                self._start_tls(self.server.tls)
                continue
            if code in (SSL_REQUEST, GSS_REQUEST):
                self.wfile.write(b"N")
                self.wfile.flush()
                continue
            if code == CANCEL_REQUEST:
                self.server.cancel(body.int("!i"), body.int("!i"))
                return None
            if code != PROTOCOL_3:
                raise PgError("0A000", f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}")
            if self.server.tls is not None and not isinstance(self.connection, ssl.SSLSocket):
                raise PgError("28000", "this server accepts TLS connections only; connect with sslmode=require")
            params = {}
            while body.pos < len(body.data) and body.data[body.pos] != 0:
                key = body.cstr()
                params[key] = body.cstr()
            return params

    def _start_tls(self, context: ssl.SSLContext) -> None:
        """Go on over TLS (the handshake is bounded by the authentication timeout)."""
        self.connection = self.request = context.wrap_socket(self.connection, server_side=True)
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        self.wfile = socketserver._SocketWriter(self.connection)  # as StreamRequestHandler.setup makes it

    # ----------------------------------------------------------------- message loop

    def loop(self) -> None:
        skipping = False  # after an error in the extended protocol: until Sync
        limit, monitor = self.server.limits.max_message, self.server.monitor
        while True:
            tag, body = self.read_message(limit)
            if tag == b"X":
                return
            if tag == b"S":
                skipping = False
                if self.txn == "I":  # portals end with their transaction (cursors: at CLOSE)
                    self.drop_portals([k for k, v in self.portals.items() if not v.held])
                    if self.streaming is not None and not self.streaming.held:
                        self.streaming = None
                self.ready()
                continue
            if tag == b"H":
                self.flush()
                continue
            if skipping:
                continue
            self.interrupted = None
            try:
                with monitor.watch(self.connection.fileno(), self.statement_timeout_ms(), self.interrupt):
                    if tag == b"Q":
                        self.simple_query(body.cstr())
                    elif tag in self.EXTENDED:
                        self.EXTENDED[tag](self, body)
                    elif tag in (b"d", b"c", b"f"):
                        pass  # copy-in data: there is no COPY FROM here
                    else:
                        raise PgError("08P01", f"unexpected message type {tag!r}")
            except PgError as exc:
                skipping = self.fail_message(tag, exc)
            except duckdb.Error as exc:
                skipping = self.fail_message(tag, self.duckdb_error(exc))
            except (struct.error, ValueError) as exc:
                skipping = self.fail_message(tag, PgError("08P01", f"malformed {tag!r} message: {exc}"))

    def fail_message(self, tag: bytes, error: PgError) -> bool:
        """Answer a message that failed; whether to skip messages until Sync (the extended protocol)."""
        self.fail(error)
        if tag == b"Q":
            self.ready()
            return False
        return True

    def duckdb_error(self, exc: duckdb.Error) -> PgError:
        error = _from_duckdb(exc)
        if isinstance(exc, duckdb.InterruptException) and self.interrupted:
            error.message = {"timeout": "canceling statement due to statement timeout",
                             "client": "canceling statement: the client went away",
                             "cancel": "canceling statement due to user request"}[self.interrupted]
            log.info("%s:%s user=%s: %s", *self.client_address[:2], self.user, error.message)
        return error

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
                if portal.copy is None:  # COPY's CopyOutResponse takes the place of RowDescription
                    self.send_description(portal)
                self.send_rows(portal, 0)
            except PgError as exc:
                self.fail(exc)
                break
            except duckdb.Error as exc:
                self.fail(self.duckdb_error(exc))
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
        self.drop_portals([portal_name])
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
        max_rows = max(body.int("!i"), 0)  # 0 or less: all rows
        self.run(portal)
        self.send_rows(portal, max_rows)

    def close(self, body: _Reader) -> None:
        kind, name = body.bytes(1), body.cstr()
        if kind == b"S":
            self.prepared.pop(name, None)
        else:
            self.drop_portals([name])
        self.send(b"3")

    EXTENDED = {b"P": parse, b"B": bind, b"D": describe, b"E": execute, b"C": close}

    def portal(self, name: str) -> Portal:
        if name not in self.portals:
            raise PgError("34000", f'portal "{name}" does not exist')
        return self.portals[name]

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
        if portal.columns is None or portal.copy is not None:
            self.send(b"n")
            return
        formats = self._formats(portal)
        # A type without a binary encoder is declared text when binary is asked for: its text is its binary.
        portal.columns = [(name, oid if not fmt or oid in BINARY_OIDS else TEXT)
                          for (name, oid), fmt in zip(portal.columns, formats, strict=True)]
        self.send(b"T", self.row_description(portal.columns, formats))

    def send_rows(self, portal: Portal, max_rows: int) -> None:
        if portal.tag == "EMPTY":
            self.send(b"I")
            return
        if portal.copy is not None:
            self.send_copy(portal)
            return
        if portal.rows is not None:
            formats = self._formats(portal)
            oids = [oid for _, oid in portal.columns]
            sent = 0
            for row in portal.rows:
                parts = [struct.pack("!h", len(row))]
                for value, oid, fmt in zip(row, oids, formats, strict=False):
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
                following = next(portal.rows, None)  # one row ahead, not the rest: it may be millions
                if following is not None:
                    portal.rows = itertools.chain([following], portal.rows)
                    self.send(b"s")
                    return
            if self.streaming is portal:
                self.streaming = None
            portal.rows = iter(())
        tag = f"{portal.tag} {portal.count}" if portal.tag in ("SELECT", "FETCH", "MOVE") else portal.tag
        self.send(b"C", _cstr(tag))

    def send_copy(self, portal: Portal) -> None:
        """COPY ... TO STDOUT: CopyOutResponse ('H', text format), a CopyData ('d') per line, CopyDone ('c'),
        then CommandComplete `COPY n`."""
        columns, fmt = portal.columns or [], portal.copy
        self.send(b"H", struct.pack(f"!bh{len(columns)}h", 0, len(columns), *([0] * len(columns))))
        if fmt.header:
            self.send(b"d", header_line([name for name, _ in columns], fmt))
        oids = [oid for _, oid in columns]
        for row in portal.rows or ():
            self.send(b"d", copy_line(row, oids, fmt))
            portal.count += 1
        if self.streaming is portal:
            self.streaming = None
        portal.rows = iter(())
        self.send(b"c")
        self.send(b"C", _cstr(f"COPY {portal.count}"))


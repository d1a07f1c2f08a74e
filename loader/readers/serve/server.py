"""The TCP server: a thread per client up to --max-connections, cancel requests, TLS and the password,
and the `serve()` entry point."""
from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import signal
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loader.readers.serve.auth import ScramVerifier
from loader.readers.serve.limits import FailureDelay, Limits, Monitor, Rejecter
from loader.readers.serve.protocol import Session, _cstr, _message
from loader.readers.serve.snapshots import Warehouse

log = logging.getLogger("wirehouse.serve")

PG_VERSION = "14.0"


@dataclass
class Options:
    """How `wirehouse serve` listens and whom it lets in (the CLI's flags)."""
    password: str | None = None
    user: str | None = None
    auth: str = "scram-sha-256"  # or md5
    tls_cert: Path | None = None
    tls_key: Path | None = None
    allow_plaintext: bool = False  # a non-loopback address without TLS
    limits: Limits = field(default_factory=Limits)


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple, warehouse: Warehouse, options: Options):
        self.address_family = socket.getaddrinfo(address[0], address[1], type=socket.SOCK_STREAM)[0][0]
        self.tls = tls_context(options.tls_cert, options.tls_key) if options.tls_cert and options.tls_key else None
        super().__init__(address, Session)
        self.warehouse, self.password, self.user, self.auth = warehouse, options.password, options.user, options.auth
        self.limits = options.limits
        self.scram = ScramVerifier.from_password(options.password) if options.password is not None else None
        self.failures = FailureDelay(options.limits.auth_failure_delay)
        self.monitor, self.rejecter = Monitor(), Rejecter(self.cancel)
        self._active = 0
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
            "statement_timeout": f"{int(options.limits.statement_timeout_ms)}", "max_index_keys": "32",
            "block_size": "8192",
            "idle_session_timeout": f"{int(options.limits.idle_timeout * 1000)}",
        }
        self._sessions: dict[int, Session] = {}
        self._next_pid = 1000
        self._lock = threading.Lock()

    def process_request(self, request: socket.socket, client_address: tuple) -> None:
        """A thread for the connection, or, past --max-connections, an error reply and no thread."""
        with self._lock:
            full = self._active >= self.limits.max_connections
            self._active += not full
        if not full:
            super().process_request(request, client_address)
            return
        log.warning("rejected %s:%s: too many connections (%d)", *client_address[:2], self.limits.max_connections)
        error = (b"SFATAL\0VFATAL\0C53300\0" + b"M" +
                 _cstr(f"too many connections (the limit is {self.limits.max_connections}); try again later") + b"\0")
        self.rejecter.reject(request, _message(b"E", error))

    def process_request_thread(self, request: socket.socket, client_address: tuple) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._active -= 1

    def server_close(self) -> None:
        super().server_close()
        self.monitor.stop()
        self.rejecter.stop()

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


def serve(db: Path, parts_dir: Path, host: str = "127.0.0.1", port: int = 5433,
          options: Options | None = None) -> int:
    """Serve until SIGINT or SIGTERM; 0 when stopped, 2 when it cannot start."""
    options = options or Options()
    password = options.password
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
    if not is_loopback(host) and not (options.tls_cert and options.tls_key) and not options.allow_plaintext:
        log.error("error: refusing to listen on %s without TLS; give --tls-cert and --tls-key "
                  "(or --allow-plaintext on a network you trust)", host)
        return 2
    if bool(options.tls_cert) != bool(options.tls_key):
        log.error("error: --tls-cert and --tls-key go together")
        return 2
    if not db.exists():
        log.warning("warning: no warehouse at %s yet; connections fail until `wirehouse run` publishes one", db)
    warehouse = Warehouse(db, [parts_dir], options.limits.memory_limit)
    try:
        server = Server((host, port), warehouse, options)
    except ssl.SSLError as exc:
        log.error("error: cannot use the TLS certificate %s and key %s: %s", options.tls_cert, options.tls_key, exc)
        return 2
    except OSError as exc:
        log.error("error: cannot listen on %s:%s: %s", host, port, exc.strerror or exc)
        return 2
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    log.info("wirehouse serve: listening on %s:%s for %s (%s, %s); Ctrl-C stops", bound_host, bound_port, db,
             f"{options.auth} password required" if password is not None else "no password, loopback only",
             "TLS required" if server.tls is not None else "no TLS")
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

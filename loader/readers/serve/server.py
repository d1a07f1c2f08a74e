"""The TCP server: a thread per client, cancel requests, the password, and the `serve()` entry point."""
from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import signal
import socket
import socketserver
import threading
from pathlib import Path

import duckdb

from loader.readers.serve.protocol import Session
from loader.readers.serve.snapshots import Warehouse

log = logging.getLogger("wirehouse.serve")

PG_VERSION = "14.0"


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

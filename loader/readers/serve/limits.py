"""Bounds on what one client can cost: sizes, times, connections, and a delay after failed passwords.

A single watchdog thread (Monitor) interrupts the DuckDB query of a session whose statement
timeout has passed or whose client has gone away (its socket reports the peer's hang-up), so a
query never outlives its client or its timeout, and no thread is spent per running query.
"""
from __future__ import annotations

import logging
import re
import select
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger("wirehouse.serve")

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "min": 60_000.0, "h": 3_600_000.0, "d": 86_400_000.0}


def milliseconds(text: str | float | int, default_unit: str = "ms") -> float:
    """A Postgres duration ('200', '200ms', '2s', '1min', '1h') in milliseconds; 0 means no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", str(text).lower())
    if match is None or (match.group(2) or default_unit) not in _UNITS:
        raise ValueError(f"invalid duration {text!r}; expected a number with a unit such as 200ms, 30s, 5min or 1h")
    return float(match.group(1)) * _UNITS[match.group(2) or default_unit]


def seconds(text: str) -> float:
    """A duration flag ('10s', '1h', '500ms'; a bare number is seconds) in seconds."""
    return milliseconds(text, default_unit="s") / 1000


def size_bytes(text: str) -> int:
    """A size flag ('64MB', '1GB', '8kB'; a bare number is bytes) in bytes."""
    units = {"": 1, "b": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3}
    match = re.fullmatch(r"\s*(\d+)\s*([a-z]*)\s*", str(text).lower())
    if match is None or match.group(2) not in units:
        raise ValueError(f"invalid size {text!r}; expected a number of bytes or one with kB, MB or GB")
    return int(match.group(1)) * units[match.group(2)]


@dataclass(frozen=True)
class Limits:
    """The server's bounds (0 for a time means none)."""
    max_connections: int = 100
    auth_timeout: float = 10.0  # seconds from connect to the end of authentication
    idle_timeout: float = 3600.0  # seconds a session may wait for its next message
    statement_timeout_ms: float = 3_600_000.0  # the default of SET statement_timeout, and its maximum
    max_message: int = 64 * 1024 * 1024  # bytes, after authentication
    max_startup_message: int = 10_000  # bytes, before it (startup packet, password and SASL messages)
    auth_failure_delay: float = 0.5  # seconds before answering a wrong password, times the recent failures
    max_open_results: int = 16  # portals and cursors of one session still reading a result at once
    memory_limit: int = 4 * 1024 ** 3  # bytes DuckDB may use for the queries of one build (all sessions)


class FailureDelay:
    """How long to wait before answering a wrong password: growing with the address's recent failures."""

    MAX_STEPS = 20  # the delay grows to 20 x the base, then stays
    FORGET_AFTER = 300.0  # seconds without a failure

    def __init__(self, base: float):
        self.base = base
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def failed(self, address: str) -> float:
        """Record a failure from address; the seconds to wait before answering it."""
        now = time.monotonic()
        with self._lock:
            count, last = self._failures.get(address, (0, now))
            count = 1 if now - last > self.FORGET_AFTER else count + 1
            self._failures[address] = (count, now)
            if len(self._failures) > 10_000:  # forget the oldest addresses
                for old in sorted(self._failures, key=lambda a: self._failures[a][1])[:5_000]:
                    del self._failures[old]
        return self.base * min(count, self.MAX_STEPS)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


@dataclass
class _Watch:
    fileno: int
    deadline: float | None
    interrupt: Callable[[str], None]
    fired: bool = False


class Monitor:
    """One thread that interrupts running statements past their deadline or whose client hung up."""

    INTERVAL = 0.05

    def __init__(self) -> None:
        self._watches: dict[int, _Watch] = {}
        self._lock = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="wirehouse-serve-monitor", daemon=True)
        self._thread.start()

    @contextmanager
    def watch(self, fileno: int, timeout_ms: float, interrupt: Callable[[str], None]) -> Iterator[None]:
        """While the block runs: interrupt(reason) once, if timeout_ms (0: none) passes or the client hangs up."""
        key = id(interrupt)
        deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms > 0 else None
        with self._lock:
            self._watches[key] = _Watch(fileno, deadline, interrupt)
            self._lock.notify()
        try:
            yield
        finally:
            with self._lock:
                self._watches.pop(key, None)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._lock.notify()
        self._thread.join(5)

    def _run(self) -> None:
        hangup = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)
        while True:
            with self._lock:
                while not self._watches and not self._stopped:
                    self._lock.wait()
                if self._stopped:
                    return
                watches = [w for w in self._watches.values() if not w.fired]
            poller = select.poll()
            for w in watches:
                poller.register(w.fileno, hangup)
            gone = {fd for fd, events in poller.poll(self.INTERVAL * 1000) if events & hangup}
            now = time.monotonic()
            for w in watches:
                reason = ("client" if w.fileno in gone else
                          "timeout" if w.deadline is not None and now >= w.deadline else None)
                with self._lock:  # still running? (the statement may have ended during poll())
                    if reason is None or self._watches.get(id(w.interrupt)) is not w:
                        continue
                    w.fired = True
                    try:
                        w.interrupt(reason)
                    except Exception:  # noqa: BLE001 - the monitor serves every session: it must not stop
                        log.exception("interrupting a statement (%s)", reason)
            if gone:
                time.sleep(self.INTERVAL)  # poll() returns at once for a hung-up socket


class Rejecter:
    """One thread that tells connections past --max-connections so, without a thread each.

    libpq first asks for TLS (SSLRequest) and shows an error reply to that only as "server sent an
    error response during SSL exchange", so a request for TLS or GSS is declined ('N') first; the
    error goes with the startup packet, or after a second without one. A cancel request is still
    passed on (it comes on a connection of its own, and must work when the server is full)."""

    WAIT = 1.0
    MAX_PENDING = 512
    _REQUESTS = {struct.pack("!ii", 8, code) for code in (80877103, 80877104)}  # SSLRequest, GSSENCRequest

    def __init__(self, cancel: Callable[[int, int], None]) -> None:
        self._cancel = cancel
        self._selector = selectors.DefaultSelector()
        self._pending: dict[socket.socket, tuple[float, bytes]] = {}
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="wirehouse-serve-rejecter", daemon=True)
        self._thread.start()

    def reject(self, sock: socket.socket, error: bytes) -> None:
        """Answer sock with the ErrorResponse error (a whole message) and close it."""
        with self._lock:
            if len(self._pending) >= self.MAX_PENDING or self._stopped:
                self._finish(sock, error)
                return
            sock.setblocking(False)
            self._pending[sock] = (time.monotonic() + self.WAIT, error)
            self._selector.register(sock, selectors.EVENT_READ)
        self._wake_w.send(b"x")

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._wake_w.send(b"x")
        self._thread.join(5)

    @staticmethod
    def _finish(sock: socket.socket, error: bytes) -> None:
        try:
            sock.setblocking(True)
            sock.settimeout(1)
            sock.sendall(error)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        sock.close()

    def _run(self) -> None:
        while True:
            events = self._selector.select(0.2)
            now = time.monotonic()
            with self._lock:
                if self._stopped:
                    for sock, (_, error) in list(self._pending.items()):
                        self._selector.unregister(sock)
                        self._finish(sock, error)
                    self._pending.clear()
                    return
                ready = {key.fileobj for key, _ in events}
                if self._wake_r in ready:
                    self._wake_r.recv(4096)
                for sock, (deadline, error) in list(self._pending.items()):
                    if sock not in ready and now < deadline:
                        continue
                    if sock in ready:
                        try:
                            data = sock.recv(65536)
                        except OSError:
                            data = b""
                        if data in self._REQUESTS:  # decline TLS/GSS; the startup packet follows
                            try:
                                sock.send(b"N")
                                continue
                            except OSError:
                                pass
                        if len(data) == 16 and data[:8] == struct.pack("!ii", 16, 80877102):  # CancelRequest
                            self._selector.unregister(sock)
                            del self._pending[sock]
                            sock.close()
                            self._cancel(*struct.unpack("!ii", data[8:]))
                            continue
                    self._selector.unregister(sock)
                    del self._pending[sock]
                    self._finish(sock, error)

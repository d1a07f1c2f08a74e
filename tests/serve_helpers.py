"""A raw PostgreSQL protocol client for the `wirehouse serve` tests (to send what real clients never do),
and what the tests read of the server process (/proc)."""
from __future__ import annotations

import os
import socket
import struct
import time
from pathlib import Path

PROTOCOL_3 = 196608


class Raw:
    """One TCP connection speaking the wire protocol message by message."""

    def __init__(self, port: int, timeout: float = 30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def startup(self, user: str = "wirehouse", **params: str) -> None:
        fields = {"user": user, "database": "warehouse", **params}
        body = struct.pack("!i", PROTOCOL_3) + b"".join(k.encode() + b"\0" + v.encode() + b"\0"
                                                         for k, v in fields.items()) + b"\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)

    def send(self, tag: bytes, payload: bytes = b"", length: int | None = None) -> None:
        """A message; length overrides the length field (to claim more or less than is sent)."""
        self.sock.sendall(tag + struct.pack("!i", len(payload) + 4 if length is None else length) + payload)

    def _exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"connection closed after {self.buffer!r}")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read(self) -> tuple[bytes, bytes]:
        tag = self._exactly(1)
        (length,) = struct.unpack("!i", self._exactly(4))
        return tag, self._exactly(length - 4)

    def until(self, *tags: bytes) -> list[tuple[bytes, bytes]]:
        """Messages up to and including the first whose tag is one of tags."""
        out = []
        while True:
            message = self.read()
            out.append(message)
            if message[0] in tags:
                return out

    def closed(self, seconds: float = 10) -> bool:
        """Whether the server closes the connection within seconds (reading what it still sends)."""
        self.sock.settimeout(seconds)
        try:
            while self.sock.recv(65536):
                pass
        except TimeoutError:
            return False
        except OSError:
            pass
        return True

    # the extended query protocol
    def parse(self, sql: str, name: str = "") -> None:
        self.send(b"P", name.encode() + b"\0" + sql.encode() + b"\0" + struct.pack("!h", 0))

    def bind(self, portal: str = "", statement: str = "") -> None:
        self.send(b"B", portal.encode() + b"\0" + statement.encode() + b"\0" + struct.pack("!hhh", 0, 0, 0))

    def describe(self, kind: bytes, name: str = "") -> None:
        self.send(b"D", kind + name.encode() + b"\0")

    def execute(self, portal: str = "", max_rows: int = 0) -> None:
        self.send(b"E", portal.encode() + b"\0" + struct.pack("!i", max_rows))

    def sync(self) -> None:
        self.send(b"S")

    def query(self, sql: str) -> list[tuple[bytes, bytes]]:
        self.send(b"Q", sql.encode() + b"\0")
        return self.until(b"Z")


def error_fields(payload: bytes) -> dict[str, str]:
    """An ErrorResponse's fields by their one-letter code (C: SQLSTATE, M: message, S: severity)."""
    return {part[:1].decode(): part[1:].decode(errors="replace") for part in payload.split(b"\0") if part}


def errors_in(messages: list[tuple[bytes, bytes]]) -> list[dict[str, str]]:
    return [error_fields(payload) for tag, payload in messages if tag == b"E"]


def connect_ok(port: int) -> Raw:
    """A raw connection to a server without a password, authenticated and ready for queries."""
    raw = Raw(port)
    raw.startup()
    messages = raw.until(b"Z", b"E")
    assert messages[-1][0] == b"Z", errors_in(messages)
    return raw


def proc_status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {k: v.strip() for k, _, v in (line.partition(":") for line in lines)}


def rss_mb(pid: int) -> float:
    return int(proc_status(pid)["VmRSS"].split()[0]) / 1024


def threads(pid: int) -> int:
    return int(proc_status(pid)["Threads"])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_share(pid: int, seconds: float = 1.0) -> float:
    """The server's CPU time over the next `seconds`, as a share of one core."""
    before, started = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.monotonic() - started)


def libpq_dsn(port: int, default_password: str, **extra: str) -> str:
    """A libpq connection string for a local `wirehouse serve` (values quoted as libpq wants);
    `extra` adds parameters or overrides the defaults (`password="wrong"`)."""
    params = {"host": "127.0.0.1", "port": str(port), "user": "wirehouse", "dbname": "warehouse",
              "password": default_password, "connect_timeout": "10", **extra}
    return " ".join(f"{k}='{v}'" for k, v in ((k, v.replace("\\", "\\\\").replace("'", "\\'"))
                                             for k, v in params.items()))

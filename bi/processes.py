"""Child processes for the BI checks: started in their own process group with a log file,
always stopped (SIGTERM, then SIGKILL), and every wait bounded by a timeout."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class CheckError(RuntimeError):
    """A step of the check failed; the message says which and why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(cmd: Sequence[str], env: dict[str, str], log: Path, timeout: float, cwd: Path | None = None) -> None:
    """Run a command to its end within `timeout` seconds; its output is appended to `log`."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        try:
            proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=timeout, check=False, start_new_session=True)
        except subprocess.TimeoutExpired as exc:
            raise CheckError(f"{cmd[0]} {cmd[1] if len(cmd) > 1 else ''} took over {timeout:.0f} s"
                             f" (log: {log})") from exc
    if proc.returncode != 0:
        raise CheckError(f"`{' '.join(cmd[:3])} …` exited {proc.returncode}; last lines of {log}:\n{tail(log)}")


@contextmanager
def started(cmd: Sequence[str], env: dict[str, str], log: Path, cwd: Path | None = None,
            stop_timeout: float = 15.0) -> Iterator[subprocess.Popen[bytes]]:
    """Start a long-running command; on leaving the block stop it and its children."""
    out = log.open("wb")
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        stop(proc, stop_timeout)
        out.close()


def stop(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM the process group, wait up to `timeout` seconds, then SIGKILL it."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def wait_for(ready: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen[bytes] | None = None,
             log: Path | None = None) -> float:
    """Poll `ready` until it is true; return the seconds it took. Fails when `proc` exits first
    or `timeout` passes."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise CheckError(f"{what}: the process exited {proc.returncode}"
                             + (f"; last lines of {log}:\n{tail(log)}" if log else ""))
        if ready():
            return time.monotonic() - start
        time.sleep(0.5)
    raise CheckError(f"{what}: not ready after {timeout:.0f} s"
                     + (f"; last lines of {log}:\n{tail(log)}" if log else ""))


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def tail(log: Path, lines: int = 25) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"

"""One writer at a time: an exclusive lock on a file in the warehouse's state folder."""
from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from loader.errors import Busy

__all__ = ["Busy", "exclusive"]




@contextmanager
def exclusive(lock_file: Path, wait: bool = True) -> Iterator[None]:
    """Hold the lock for the block. Another holder makes us wait (saying so) or raise Busy."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise Busy(f"another wirehouse run ({holder}) is using {lock_file.parent}; try again later") from None
            print(f"waiting for another wirehouse run ({holder}) to finish…", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)

"""The published warehouse file: one DuckDB instance per build, shared by the sessions reading it."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

import duckdb

from loader.readers.serve.catalog import SHIM_CATALOG, SHIM_SCHEMA, SHIM_VIEWS, _literal
from loader.readers.serve.errors import PgError, _from_duckdb
from loader.readers.serve.limits import Limits


class Snapshot:
    """One build of the warehouse: an in-memory DuckDB with the published file attached read-only.

    Writing is made impossible where DuckDB allows it: the file is attached READ_ONLY, the
    instance's own in-memory database is detached, the catalog views (SHIM_VIEWS) are written to
    a private file of this snapshot's, then attached READ_ONLY too (so no session can change what
    another one sees; each session's macros are temp macros of its own connection), external
    access is off except for the Parquet files that exist under the parts folders when the build
    is opened (files, not directories: no new file can be created, and DuckDB's COPY writes a
    temporary file beside its target), extensions are neither installed nor loaded, and the
    configuration is locked. Memory is bounded: DuckDB's memory limit for the instance (all its
    sessions' queries together) is memory_limit bytes, and it spills nothing to disk (no temporary
    directory), so a query that needs more fails with SQLSTATE 53200 and the server goes on.
    (Not duckdb.connect(path): DuckDB caches instances by path, so a
    second connect after os.replace would still see the old build while a session holds it.)"""

    def __init__(self, path: Path, key: tuple, allowed: list[Path], memory_limit: int = Limits.memory_limit):
        self.key, self.refs, self.retired = key, 0, False
        self.shim_dir: Path | None = None
        name = path.stem if re.fullmatch(r"[A-Za-z_]\w*", path.stem) and path.stem.lower() not in (
            "memory", "system", "temp", "main", SHIM_CATALOG) else "warehouse"
        self.con = duckdb.connect(":memory:")
        try:
            files = ", ".join(_literal(str(f)) for f in readable_files(allowed))
            self.con.execute(f"SET memory_limit = '{max(memory_limit // 1024 ** 2, 1)}MiB'")
            self.con.execute("SET temp_directory = ''")
            self.con.execute(f"SET allowed_paths = [{files}]")
            self.con.execute(f'ATTACH {_literal(str(path))} AS "{name}" (READ_ONLY)')
            self.con.execute(f'USE "{name}"')
            self.con.execute("DETACH memory")
            self._attach_shim()
            for setting in ("autoinstall_known_extensions", "autoload_known_extensions", "allow_community_extensions",
                            "allow_persistent_secrets", "enable_external_access"):
                self.con.execute(f"SET {setting} = false")
            self.con.execute("SET lock_configuration = true")
            self.timezone = self.con.execute("SELECT current_setting('TimeZone')").fetchone()[0]
        except BaseException:
            self.close()
            raise

    def _attach_shim(self) -> None:
        """The catalog views, in a file of their own attached read-only as SHIM_CATALOG."""
        self.shim_dir = Path(tempfile.mkdtemp(prefix="wirehouse-serve-"))
        shim = _literal(str(self.shim_dir / "pg_shim.duckdb"))
        self.con.execute(f"ATTACH {shim} AS {SHIM_CATALOG}")
        self.con.execute(f"CREATE SCHEMA {SHIM_CATALOG}.{SHIM_SCHEMA}")
        for view, body in SHIM_VIEWS.items():
            self.con.execute(f"CREATE VIEW {SHIM_CATALOG}.{SHIM_SCHEMA}.{view} AS SELECT {body}")
        self.con.execute(f"DETACH {SHIM_CATALOG}")
        self.con.execute(f"ATTACH {shim} AS {SHIM_CATALOG} (READ_ONLY)")

    def close(self) -> None:
        self.con.close()
        if self.shim_dir is not None:
            shutil.rmtree(self.shim_dir, ignore_errors=True)


def readable_files(folders: list[Path]) -> list[Path]:
    """The Parquet files under folders (parts are immutable: a build adds new ones), by absolute path."""
    found: set[Path] = set()
    for folder in folders:
        for root in {folder.absolute(), folder.resolve()}:
            found.update(p for p in root.rglob("*.parquet") if p.is_file())
    return sorted(found)


class Warehouse:
    """The published file, opened once per build and shared by sessions (each with its own cursor)."""

    def __init__(self, path: Path, allowed: list[Path], memory_limit: int = Limits.memory_limit):
        self.path, self.allowed, self.memory_limit = path, allowed, memory_limit
        self._lock = threading.Lock()
        self._current: Snapshot | None = None

    def _key(self) -> tuple:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise PgError("3D000", f"no warehouse at {self.path}; run `wirehouse run` first") from None
        return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size

    def is_current(self, snapshot: Snapshot) -> bool:
        try:
            return snapshot.key == self._key()
        except PgError:
            return True  # the file is gone for a moment: keep what we have

    def acquire(self) -> tuple[Snapshot, duckdb.DuckDBPyConnection]:
        """The newest build, counted as in use until release(), and a cursor of its own on it."""
        key = self._key()
        with self._lock:
            if self._current is None or self._current.key != key:
                try:
                    fresh = Snapshot(self.path, key, self.allowed, self.memory_limit)
                except duckdb.Error as exc:
                    raise PgError("58030", f"cannot open {self.path}: {_from_duckdb(exc).message}") from None
                old, self._current = self._current, fresh
                if old is not None:
                    old.retired = True
                    if old.refs == 0:
                        old.close()
            self._current.refs += 1
            return self._current, self._current.con.cursor()

    def release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.refs -= 1
            if snapshot.retired and snapshot.refs == 0:
                snapshot.close()

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.retired = True
                if self._current.refs == 0:
                    self._current.close()


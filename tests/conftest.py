"""Shared fixtures: real warehouses built end to end by the `wirehouse` command."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from loader.cli import main

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "raw"


def run_cli(*args: str) -> int:
    return main(list(args))


def work_db(db: Path) -> Path:
    """The file loads and builds write (raw tables), beside the published one."""
    return db.parent / ".wirehouse" / db.name / "work.duckdb"


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def write_texts(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_warehouse(folder: Path, texts: dict[str, str]) -> Path:
    """`wirehouse run` over a few short texts written to folder/raw -> the warehouse file."""
    raw = write_texts(folder / "raw", texts)
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return db


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse `make run` builds: the five seed articles of raw/."""
    folder = tmp_path_factory.mktemp("seeds")
    shutil.copytree(RAW, folder / "raw")
    db = folder / "warehouse.duckdb"
    assert run_cli("run", str(folder / "raw"), "--db", str(db), "--quiet") == 0
    return db


@pytest.fixture
def build(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Build a warehouse from a few short texts: build({"a.txt": "..."}) -> db path."""

    def _build(texts: dict[str, str]) -> Path:
        return build_warehouse(tmp_path, texts)

    return _build

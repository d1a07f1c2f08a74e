"""The seeds analysts edit: each is well-formed CSV, declared in dbt, documented, and loadable on Spark too."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from loader.config import REPO_ROOT

SEEDS = REPO_ROOT / "dbt_project" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.csv"))


def test_there_are_seeds() -> None:
    assert len(SEED_FILES) >= 10


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_row_has_the_header_columns(path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    assert body, f"{path.name} has no rows"
    bad = [n for n, row in enumerate(body, start=2) if row and len(row) != len(header)]
    assert not bad, f"{path.name}: lines {bad} do not have {len(header)} fields"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_no_literal_holds_both_quote_kinds(path: Path) -> None:
    """Spark's seed loader refuses a value with both ' and " in it; write such a class as [\\x22\\x27]."""
    with path.open(newline="", encoding="utf-8") as handle:
        both = [(n, value) for n, row in enumerate(csv.reader(handle), start=1)
                for value in row if "'" in value and '"' in value]
    assert not both, f"{path.name}: {both}"


def test_every_seed_is_declared_and_documented() -> None:
    declared = {seed["name"] for seed in yaml.safe_load((SEEDS / "_seeds.yml").read_text())["seeds"]}
    rules = (REPO_ROOT / "docs" / "rules.md").read_text()
    names = {path.stem for path in SEED_FILES}
    assert names == declared
    assert not [name for name in sorted(names) if f"{name}" not in rules]

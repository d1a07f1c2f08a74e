"""Bring the raw schema of a warehouse file to a revision with Alembic."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from loader.config import REPO_ROOT


def alembic_config(db: Path, migrations: Path = REPO_ROOT / "migrations") -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", f"duckdb:///{db}")
    return config


def upgrade(db: Path, revision: str = "head") -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(db), revision)


def downgrade(db: Path, revision: str) -> None:
    command.downgrade(alembic_config(db), revision)

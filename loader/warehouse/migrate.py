"""Bring the raw schema of the work file to a revision with Alembic."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from loader.config import project_folder
from loader.errors import MigrationError, error_text


def alembic_config(db: Path, migrations: Path | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations or project_folder("migrations")))
    config.set_main_option("sqlalchemy.url", f"duckdb:///{db}")
    return config


def upgrade(db: Path, revision: str = "head", migrations: Path | None = None) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    _run(command.upgrade, db, revision, migrations)


def downgrade(db: Path, revision: str, migrations: Path | None = None) -> None:
    _run(command.downgrade, db, revision, migrations)


def _run(step, db: Path, revision: str, migrations: Path | None) -> None:
    """Alembic's and DuckDB's errors (a corrupt file, an unknown revision) as a MigrationError."""
    try:
        step(alembic_config(db, migrations), revision)
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in ("alembic", "sqlalchemy", "duckdb", "_duckdb"):
            raise
        cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the DuckDB error
        raise MigrationError(f"cannot migrate {db} to {revision}: {error_text(cause)}") from exc

"""Alembic environment for the wirehouse raw schema (DuckDB through duckdb-engine).

The raw schema lives in the `raw` schema of the warehouse file, and so does
Alembic's own version table. They live in the work file (.wirehouse/<name>/work.duckdb
beside the published warehouse), never in the published file readers open.
`wirehouse run` upgrades to head; to run Alembic by hand:
`WIREHOUSE_WORK_DB=.wirehouse/warehouse.duckdb/work.duckdb alembic -c migrations/alembic.ini upgrade head`.
"""
from __future__ import annotations

import os

from alembic import context
from alembic.ddl.impl import DefaultImpl
from sqlalchemy import create_engine, text


class AlembicDuckDBImpl(DefaultImpl):
    """duckdb-engine ships no Alembic impl; DuckDB speaks the PostgreSQL dialect closely enough."""

    __dialect__ = "duckdb"


def _url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if url:
        return url
    work_db = os.environ.get("WIREHOUSE_WORK_DB")
    if not work_db:
        raise SystemExit("set WIREHOUSE_WORK_DB to the work file, e.g. .wirehouse/warehouse.duckdb/work.duckdb")
    return f"duckdb:///{work_db}"


def run_migrations_online() -> None:
    engine = create_engine(_url())
    try:
        with engine.connect() as connection:
            connection.execute(text("create schema if not exists raw"))
            connection.commit()
            context.configure(
                connection=connection,
                target_metadata=None,
                version_table_schema="raw",
                # DuckDB refuses DROP COLUMN after dropping an index on it in the
                # same transaction: every migration gets a transaction of its own.
                transaction_per_migration=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("wirehouse migrations run online only (they need the DuckDB file)")
run_migrations_online()

"""run history; file mtime, so unchanged files are not read again; publish manifest

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("input_file", sa.Column("mtime_ns", sa.BigInteger), schema="raw")
    op.add_column("load_run", sa.Column("skipped", sa.Integer, nullable=False, server_default="0"), schema="raw")
    op.create_table(
        "run_history",
        sa.Column("run_id", sa.String, primary_key=True),
        sa.Column("command", sa.String, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("files_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_loaded", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_duplicate", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_rejected", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles_added", sa.Integer, nullable=False, server_default="0"),
        sa.Column("articles_annotated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dbt_models", sa.Integer),
        sa.Column("dbt_tests", sa.Integer),
        sa.Column("dbt_failures", sa.Integer),
        sa.Column("source_freshness", sa.String),
        sa.Column("load_seconds", sa.Float),
        sa.Column("annotate_seconds", sa.Float),
        sa.Column("build_seconds", sa.Float),
        sa.Column("publish_seconds", sa.Float),
        sa.Column("message", sa.String),
        schema="raw",
    )
    # Which Parquet parts the published warehouse is made of (see loader/publish.py).
    op.create_table(
        "published_part",
        sa.Column("path", sa.String, primary_key=True),
        sa.Column("table_name", sa.String, nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("run_ids", sa.ARRAY(sa.String), nullable=False),
        sa.Column("row_count", sa.BigInteger, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime),
        schema="raw",
    )
    op.create_table(
        "publish_state",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("publish_state", schema="raw")
    op.drop_table("published_part", schema="raw")
    op.drop_table("run_history", schema="raw")
    op.drop_column("load_run", "skipped", schema="raw")
    op.drop_column("input_file", "mtime_ns", schema="raw")

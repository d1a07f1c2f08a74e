"""raw schema: articles, load runs, input-file accounting, NLP annotations

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "raw"


def _span_columns() -> list[sa.Column]:
    return [
        sa.Column("article_id", sa.String, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("span_text", sa.String, nullable=False),
        sa.Column("label", sa.String, nullable=False),
        sa.Column("sentence_index", sa.Integer, nullable=False),
        sa.Column("annotator", sa.String, nullable=False),
        sa.Column("annotator_version", sa.String, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "load_run",
        sa.Column("run_id", sa.String, primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("files_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("loaded", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duplicate", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rejected", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer, nullable=False, server_default="0"),
        schema=SCHEMA,
    )
    op.create_table(
        "input_file",
        sa.Column("input_key", sa.String, primary_key=True),
        sa.Column("run_id", sa.String, nullable=False),
        sa.Column("path", sa.String, nullable=False),
        sa.Column("source_file", sa.String, nullable=False),
        sa.Column("content_hash", sa.String),
        sa.Column("size_bytes", sa.BigInteger),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("article_id", sa.String),
        sa.Column("reason", sa.String),
        sa.Column("seen_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("outcome in ('loaded', 'duplicate', 'rejected')", name="ck_input_file_outcome"),
        schema=SCHEMA,
    )
    op.create_table(
        "article",
        sa.Column("article_id", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("source_file", sa.String, nullable=False),
        sa.Column("source_path", sa.String, nullable=False),
        sa.Column("title", sa.String),
        sa.Column("published_date", sa.Date),
        sa.Column("date_source", sa.String),
        sa.Column("source", sa.String),
        sa.Column("url", sa.String),
        sa.Column("authors", sa.ARRAY(sa.String), nullable=False),
        sa.Column("body", sa.String, nullable=False),
        sa.Column("loaded_at", sa.DateTime, nullable=False),
        sa.Column("run_id", sa.String, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "annotation",
        sa.Column("article_id", sa.String, primary_key=True),
        sa.Column("annotator", sa.String, nullable=False),
        sa.Column("annotator_version", sa.String, nullable=False),
        sa.Column("annotated_at", sa.DateTime, nullable=False),
        sa.Column("sentences", sa.Integer, nullable=False),
        sa.Column("entity_spans", sa.Integer, nullable=False),
        sa.Column("number_spans", sa.Integer, nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "sentence",
        sa.Column("article_id", sa.String, nullable=False),
        sa.Column("sentence_index", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("annotator", sa.String, nullable=False),
        sa.Column("annotator_version", sa.String, nullable=False),
        schema=SCHEMA,
    )
    op.create_table("entity_span", *_span_columns(), schema=SCHEMA)
    op.create_table("number_span", *_span_columns(), schema=SCHEMA)


def downgrade() -> None:
    for table in ("number_span", "entity_span", "sentence", "annotation", "article", "input_file", "load_run"):
        op.drop_table(table, schema=SCHEMA)

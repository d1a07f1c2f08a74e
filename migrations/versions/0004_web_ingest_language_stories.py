"""web ingest: each input's encoding, each article's language and encoding, near-duplicate stories

Revision ID: 0004_web_ingest
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_web_ingest"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("input_file", sa.Column("encoding", sa.String), schema="raw")
    op.add_column("article", sa.Column("language", sa.String), schema="raw")
    op.add_column("article", sa.Column("encoding", sa.String), schema="raw")
    # near-duplicate clusters (loader/ingest/neardup.py): one row per article, assigned at load time
    op.create_table(
        "story_member",
        sa.Column("article_id", sa.String, primary_key=True),
        sa.Column("story_id", sa.String, nullable=False),
        sa.Column("similarity", sa.Float),
        sa.Column("signature", sa.ARRAY(sa.BigInteger), nullable=False),
        sa.Column("run_id", sa.String, nullable=False),
        schema="raw",
    )
    op.create_table(
        "story_band",
        sa.Column("band", sa.SmallInteger, nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.String, nullable=False),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("story_band", schema="raw")
    op.drop_table("story_member", schema="raw")
    op.drop_column("article", "encoding", schema="raw")
    op.drop_column("article", "language", schema="raw")
    op.drop_column("input_file", "encoding", schema="raw")

"""number spans carry the parsed figure: value, unit, qualifier, metric, period (one grammar, issue #13)

The annotator reads each number span with the figure grammar (loader/annotate/amounts.py)
and stores the result; the dbt figure models only read these columns.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("value", sa.Double), ("value_high", sa.Double), ("unit", sa.String), ("unit_kind", sa.String),
    ("qualifier", sa.String), ("unit_inferred", sa.Boolean), ("metric", sa.String),
    ("period_start", sa.Date), ("period_end", sa.Date),
    # start offsets of the entity spans the figure measures / that say or publish it
    ("subject_starts", sa.ARRAY(sa.Integer)), ("source_starts", sa.ARRAY(sa.Integer)),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("number_span", sa.Column(name, kind), schema="raw")


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column("number_span", name, schema="raw")

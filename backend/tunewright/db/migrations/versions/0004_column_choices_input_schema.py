"""Column choices on dataset versions; the input schema of each model version.

A dataset version keeps what the user decided about its columns (kept, left out, missing-value
markers switched off); a model version keeps the columns it reads, which the testing form, the
batch CSV check and the endpoint describe.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("column_choices", sa.JSON(), nullable=True))
    with op.batch_alter_table("model_versions") as batch:
        batch.add_column(sa.Column("input_schema", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("model_versions") as batch:
        batch.drop_column("input_schema")
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("column_choices")

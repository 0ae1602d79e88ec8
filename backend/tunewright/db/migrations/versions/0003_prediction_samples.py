"""A rolling sample of what each deployment was asked and answered, for drift monitoring.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "prediction_samples",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("deployment_id", sa.Integer(), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=True),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deployment_id"],
            ["deployments.id"],
            name=op.f("fk_prediction_samples_deployment_id_deployments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_samples")),
    )
    op.create_index(
        "ix_prediction_samples_deployment_id",
        "prediction_samples",
        ["deployment_id", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_prediction_samples_deployment_id", table_name="prediction_samples")
    op.drop_table("prediction_samples")

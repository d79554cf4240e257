"""quarantine dedupe key

Two collects that fetch the same page (a run and `testigo collect` at once, or a
page fetched again after a crash) stored its bad items twice. Each item now
carries the SHA-256 of its reason and content, unique per source. Rows kept
before this revision have no key and stay as they are.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quarantined_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            "uq_quarantined_items_source_key", ["source_id", "dedupe_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("quarantined_items", schema=None) as batch_op:
        batch_op.drop_constraint("uq_quarantined_items_source_key", type_="unique")
        batch_op.drop_column("dedupe_key")

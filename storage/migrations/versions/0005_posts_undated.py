"""posts.undated: a feed item that carried no date of its own

Its created_at is then its feed's date or the time it was first fetched, and
this flag says so. Existing rows had a date (undated items were refused).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 23:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch (copy-and-rename) on SQLite would drop the FTS triggers.
    op.add_column(
        "posts", sa.Column("undated", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("posts", "undated")

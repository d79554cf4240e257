"""posts engagement index

Top posts, the digest's most engaged and order=engagement read posts most engaged
first; without this index SQLite sorted every match (seconds on a million posts).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:58:20.277360
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index("ix_posts_engagement", ["engagement"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_engagement")

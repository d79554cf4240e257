"""posts.score and collection_runs.quarantine_causes

A vote balance (Reddit's score, negative when voted down) gets its own column:
it was stored as likes, so likes and engagement went below zero. Reddit rows
move their likes to score and their engagement is counted again with nothing
below zero added; `updated_at` moves so the daily rollups of those days are
refreshed. A run's quarantined items are counted per cause, the counts behind
its "degraded" status.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 23:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from storage.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Right-hand sides read the row as it was: there, likes is the score.
REDDIT_SCORE = """
UPDATE posts SET score = likes, likes = NULL, updated_at = :now,
  engagement = CASE WHEN likes > 0 THEN likes ELSE 0 END
    + CASE WHEN reposts > 0 THEN reposts ELSE 0 END
    + CASE WHEN replies > 0 THEN replies ELSE 0 END
    + CASE WHEN quotes > 0 THEN quotes ELSE 0 END
WHERE platform = 'reddit' AND likes IS NOT NULL
"""
REDDIT_LIKES = """
UPDATE posts SET likes = score, score = NULL, updated_at = :now,
  engagement = coalesce(score, 0) + coalesce(reposts, 0) + coalesce(replies, 0)
    + coalesce(quotes, 0)
WHERE platform = 'reddit' AND score IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("collection_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "quarantine_causes",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="{}",
            )
        )
    op.execute(sa.text(REDDIT_SCORE).bindparams(_now()))


def downgrade() -> None:
    op.execute(sa.text(REDDIT_LIKES).bindparams(_now()))
    with op.batch_alter_table("collection_runs", schema=None) as batch_op:
        batch_op.drop_column("quarantine_causes")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("score")


def _now() -> sa.BindParameter[datetime]:
    return sa.bindparam("now", datetime.now(UTC), type_=UTCDateTime())

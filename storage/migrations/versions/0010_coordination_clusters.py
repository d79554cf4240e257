"""coordination clusters

Clusters of coordinated amplification (many accounts sharing one text, link or repost
within minutes) and their member posts, written by testigo.coordination (issue 18).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:45:48.826473
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coordination_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kinds", sa.String(length=32), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("repost_of", sa.String(length=512), nullable=True),
        sa.Column("sample_post_id", sa.Integer(), nullable=False),
        sa.Column("first_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("last_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("platforms", sa.String(length=200), nullable=False),
        sa.Column("detected_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sample_post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coordination_clusters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coordination_clusters_first_at"), ["first_at"], unique=False
        )

    op.create_table(
        "coordination_members",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["authors.id"],
        ),
        sa.ForeignKeyConstraint(["cluster_id"], ["coordination_clusters.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cluster_id", "post_id"),
    )
    with op.batch_alter_table("coordination_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coordination_members_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_coordination_members_post_id"), ["post_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("coordination_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coordination_members_post_id"))
        batch_op.drop_index(batch_op.f("ix_coordination_members_author_id"))

    op.drop_table("coordination_members")
    with op.batch_alter_table("coordination_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coordination_clusters_first_at"))

    op.drop_table("coordination_clusters")

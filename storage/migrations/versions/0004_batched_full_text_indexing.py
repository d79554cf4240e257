"""batched full-text indexing on SQLite

The FTS5 insert trigger goes: posts are indexed in batches by
storage.search_index.index_new_posts, and search matches the not-yet-indexed
tail itself. The update and delete triggers stay, limited to posts that are in
the index (FTS5 must never be told to delete what it does not hold).
PostgreSQL's GIN index is unchanged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 02:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("posts_fts_insert", "posts_fts_update", "posts_fts_delete")
INDEXED = "EXISTS (SELECT 1 FROM posts_fts_docsize WHERE id = old.id)"
DELETE_OLD = "INSERT INTO posts_fts(posts_fts, rowid, text) VALUES ('delete', old.id, old.text);"
INSERT_NEW = "INSERT INTO posts_fts(rowid, text) VALUES (new.id, new.text);"
BATCHED = (
    f"CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts WHEN {INDEXED} BEGIN {DELETE_OLD} END",
    f"CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts WHEN {INDEXED} "
    f"BEGIN {DELETE_OLD} {INSERT_NEW} END",
)
PER_ROW = (
    f"CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN {INSERT_NEW} END",
    f"CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN {DELETE_OLD} END",
    f"CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts "
    f"BEGIN {DELETE_OLD} {INSERT_NEW} END",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    for statement in BATCHED:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    op.execute(
        "INSERT INTO posts_fts(rowid, text) SELECT id, text FROM posts "
        "WHERE id > (SELECT coalesce(max(id), 0) FROM posts_fts_docsize) ORDER BY id"
    )
    for statement in PER_ROW:
        op.execute(statement)


def _drop_triggers() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")

"""accent-folded text search on PostgreSQL

PostgreSQL's index read the text as written, so "Alban" found no post that said "Albán"
while SQLite's (unicode61, remove_diacritics) did. The index now reads the text with its
accented letters folded, the expression storage.backends.postgresql searches with.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 13:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As storage.backends.postgresql.ACCENTED / PLAIN were when this revision was written.
ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçýÿÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇÝ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuncyyAAAAAAEEEEIIIIOOOOOUUUUNCY"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS posts_fts_text")
    op.execute(
        "CREATE INDEX posts_fts_folded ON posts USING gin "
        f"(to_tsvector('simple', translate(text, '{ACCENTED}', '{PLAIN}')))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS posts_fts_folded")
    op.execute("CREATE INDEX posts_fts_text ON posts USING gin (to_tsvector('simple', text))")

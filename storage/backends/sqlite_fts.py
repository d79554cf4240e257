"""SQLite's full-text index, filled in batches instead of by a trigger on every insert.

The per-row FTS5 insert trigger was about two thirds of SQLite's work per stored post.
`index_new_posts` indexes every post above the index's highest row id in one statement
(after each collect run, each import and each rollup refresh). Posts stored since are
matched by `unindexed_matches`, which tokenises only that tail, with the same tokenizer,
in a temporary table of the searching connection: a search finds what it would find had
every post been indexed on insert. Updates and deletes of indexed posts keep their own
triggers (migration 0004). PostgreSQL's GIN index needs none of this.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    SQLColumnExpression,
    column,
    exists,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TextualSelect

from storage.backends.base import count_upto

# The highest indexed post: FTS5 keeps one posts_fts_docsize row per indexed row id, and
# posts are always indexed in id order, so every post up to it is in the index.
INDEXED_UP_TO = "(SELECT coalesce(max(id), 0) FROM posts_fts_docsize)"
# Matches from which a search walks posts in order instead of listing them; a full-text
# check of one post costs some 30 times a mention-index lookup.
COMMON_WORD = 50_000
_FTS = table("posts_fts", column("rowid", Integer), column("posts_fts"))


def fts_phrase(words: str) -> str:
    """Every word as a quoted FTS5 phrase: all must appear, and no word is FTS5 syntax."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words.split())


def index_new_posts(connection: Connection) -> int:
    """Index the posts stored since the last call; returns how many. The caller commits."""
    return connection.exec_driver_sql(
        "INSERT INTO posts_fts(rowid, text) "  # noqa: S608 - constants only
        f"SELECT id, text FROM posts WHERE id > {INDEXED_UP_TO} ORDER BY id"
    ).rowcount


def unindexed_matches(connection: Connection, phrase: str) -> TextualSelect | None:
    """Ids of posts not yet indexed whose text matches the FTS5 `phrase` (SQLite only).

    None when every post is indexed, so the usual search stays a plain index lookup.
    """
    unindexed = connection.exec_driver_sql(
        f"SELECT EXISTS (SELECT 1 FROM posts WHERE id > {INDEXED_UP_TO})"  # noqa: S608
    ).scalar_one()
    if not unindexed:
        return None
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.posts_fts_tail USING fts5("
        "text, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    connection.exec_driver_sql("INSERT INTO posts_fts_tail(posts_fts_tail) VALUES ('delete-all')")
    connection.exec_driver_sql(
        "INSERT INTO posts_fts_tail(rowid, text) "  # noqa: S608 - constants only
        f"SELECT id, text FROM posts WHERE id > {INDEXED_UP_TO}"
    )
    return (
        text("SELECT rowid FROM temp.posts_fts_tail WHERE posts_fts_tail MATCH :tail_phrase")
        .bindparams(tail_phrase=phrase)
        .columns(column("rowid", Integer))
    )


def text_matches(
    session: Session, words: str, post_id: SQLColumnExpression[int]
) -> ColumnElement[bool]:
    """Indexed posts whose text has every word, and the posts stored since the last indexing."""
    phrase = fts_phrase(words)
    matches = _FTS.c.posts_fts.op("MATCH")(phrase)
    found = select(_FTS.c.rowid).where(matches)
    if count_upto(session, found, COMMON_WORD) >= COMMON_WORD:
        indexed: ColumnElement[bool] = exists().where(matches, _FTS.c.rowid == post_id)
    else:
        indexed = post_id.in_(found)
    unindexed = unindexed_matches(session.connection(), phrase)
    return indexed if unindexed is None else or_(indexed, post_id.in_(unindexed))

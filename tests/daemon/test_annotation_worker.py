"""The annotation worker: new posts first, old versions re-annotated, no post annotated twice."""

from __future__ import annotations

import threading

import pytest
from daemon_fakes import FakePipeline, post
from sqlalchemy import event, func, select, update

from storage.annotation_queue import claim_batch
from storage.engine import create_database_engine, queue_writers, read_transaction, transaction
from storage.migrate import upgrade
from storage.models import Annotation, Post
from storage.writes import upsert_posts
from testigo.annotation_worker import AnnotationWorker


def store(engine, numbers) -> None:
    with transaction(engine) as session:
        upsert_posts(session, [post(n) for n in numbers])


def versions(engine) -> dict[str, str | None]:
    with transaction(engine) as session:
        return dict(session.execute(select(Post.external_id, Post.annotated_version)).all())


def test_every_new_post_is_annotated_once_by_the_current_version(engine):
    store(engine, range(1, 8))
    pipeline = FakePipeline("v1")
    result = AnnotationWorker(engine, pipeline, batch_size=3).run_until_idle()
    assert (result.new, result.reannotated) == (7, 0)
    assert set(versions(engine).values()) == {"v1"}
    assert sum(pipeline.calls) == 7
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Annotation)) == 7


def test_a_new_pipeline_version_reannotates_history_without_holding_back_new_posts(engine):
    store(engine, range(1, 4))
    AnnotationWorker(engine, FakePipeline("v1"), batch_size=10).run_until_idle()
    store(engine, [10])
    worker = AnnotationWorker(engine, FakePipeline("v2"), batch_size=2)
    first = worker.annotate_batch()
    assert (first.new, first.reannotated) == (1, 1)
    assert versions(engine)["post-10"] == "v2"
    assert versions(engine)["post-3"] == "v2", "re-annotation goes newest first"
    worker.run_until_idle()
    assert set(versions(engine).values()) == {"v2"}
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Annotation)) == 3 + 4


def test_texts_emptied_by_retention_are_not_reannotated(engine):
    store(engine, [1])
    AnnotationWorker(engine, FakePipeline("v1"), batch_size=10).run_until_idle()
    with transaction(engine) as session:
        session.execute(update(Post).values(text=""))
    result = AnnotationWorker(engine, FakePipeline("v2"), batch_size=10).run_until_idle()
    assert result.total == 0
    assert versions(engine) == {"post-1": "v1"}


def test_a_post_the_pipeline_cannot_handle_does_not_block_the_others(engine):
    store(engine, range(1, 5))

    class Fussy(FakePipeline):
        def annotate_many(self, items):
            if any("número 2" in text for text, _ in items):
                raise ValueError("cannot read this")
            return super().annotate_many(items)

    result = AnnotationWorker(engine, Fussy("v1"), batch_size=10).run_until_idle()
    assert result.new == 3
    assert versions(engine)["post-2"] is None
    assert [v for k, v in versions(engine).items() if k != "post-2"] == ["v1"] * 3


def test_posts_another_worker_saved_during_a_batch_are_not_saved_again(engine, database_url):
    """SQLite annotates outside any transaction, so a second worker can finish first."""
    store(engine, range(1, 6))
    other_engine = create_database_engine(database_url)
    other = AnnotationWorker(other_engine, FakePipeline("v1"), batch_size=10)
    others_turn: list[int] = []

    class Slow(FakePipeline):
        def annotate_many(self, items):
            others_turn.append(other.run_until_idle().new)
            return super().annotate_many(items)

    first = AnnotationWorker(engine, Slow("v1"), batch_size=10).annotate_batch()
    other_engine.dispose()
    assert first.new + others_turn[0] == 5, "every post counted by exactly one worker"
    assert set(versions(engine).values()) == {"v1"}
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Annotation)) == 5


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_on_postgresql_never_annotate_the_same_post_twice(database_url):
    engines = [create_database_engine(database_url) for _ in range(2)]
    store(engines[0], range(1, 601))
    seen: list[list[str]] = [[], []]

    class Recording(FakePipeline):
        def __init__(self, index: int) -> None:
            super().__init__("v1")
            self.index = index

        def annotate_many(self, items):
            seen[self.index].extend(text for text, _ in items)
            return super().annotate_many(items)

    workers = [AnnotationWorker(engines[i], Recording(i), batch_size=25) for i in range(2)]
    threads = [threading.Thread(target=w.run_until_idle) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert seen[0] and seen[1], "both workers took a share"
    assert len(seen[0]) + len(seen[1]) == 600
    assert not set(seen[0]) & set(seen[1])
    assert set(versions(engines[0]).values()) == {"v1"}
    for engine in engines:
        engine.dispose()


def test_worker_command_until_idle_annotates_the_backlog_and_exits(
    engine, database_url, tmp_path, monkeypatch
):
    from click.testing import CliRunner

    import testigo.cli.worker as worker_cli
    from testigo.cli import cli

    store(engine, range(1, 4))
    monkeypatch.setattr(worker_cli, "load_configured_pipeline", lambda config: FakePipeline("v9"))
    monkeypatch.setattr(worker_cli.StopSignal, "install", lambda self: self)
    config = tmp_path / "testigo.toml"
    config.write_text(f'[database]\nurl = "{database_url}"\n', "utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "worker", "--until-idle"])
    assert result.exit_code == 0, result.output
    assert set(versions(engine).values()) == {"v9"}


def test_on_sqlite_a_claim_does_not_wait_for_the_collectors_write(tmp_path):
    """Claiming only reads: it must neither wait for nor hold up a write in progress."""
    engine = queue_writers(create_database_engine(f"sqlite:///{tmp_path}/w.db"))
    upgrade(engine)

    @event.listens_for(engine, "connect")
    def _impatient(dbapi_connection, _record):  # fail at once rather than wait 30 s
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    store(engine, range(1, 4))
    with transaction(engine) as writer:  # holds SQLite's write lock, like a collect commit
        upsert_posts(writer, [post(4)])
        with read_transaction(engine) as session:
            fresh, stale = claim_batch(session, "v1", 10)
    engine.dispose()
    assert (len(fresh), stale) == (3, [])

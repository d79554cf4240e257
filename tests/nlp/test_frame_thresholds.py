"""Out-of-fold comparison of how the frame classifier's votes are used (nlp.frame_thresholds)."""

from __future__ import annotations

from pathlib import Path

from nlp.evaluate import FRAMES, evaluate
from nlp.frame_thresholds import HeldOut, choose, counts, read_held_out, set_threshold, tagged
from nlp.train_frames import cleaned_texts, train, training_lines, with_classifier

DUE = "due_process"


def test_readings_of_a_fold_model_give_what_the_pipeline_tags(tmp_path: Path) -> None:
    """Recomputing the pipeline's frames from one pass over the held-out part is exact, so one
    trained model per fold serves every threshold policy."""
    lines = training_lines()
    model = train(lines[:40], tmp_path / "fold", overrides={"training.max_epochs": 2}, quiet=True)
    held_out = lines[40:70]
    pipeline = with_classifier(model, 0.5)
    support = pipeline.nlp.get_pipe_config("testigo_frames")["weak_cue_support"]
    cats = [doc.cats for doc in pipeline.nlp.pipe(cleaned_texts(held_out))]
    readings = read_held_out(pipeline, held_out, 0, cats, support)
    scores = sorted(score for passage in cats for score in passage.values())
    for threshold in (scores[len(scores) // 2], scores[-3], 1.01):
        set_threshold(pipeline.nlp, threshold, support)
        expected = evaluate(pipeline, held_out).totals[FRAMES]
        assert counts(readings, {}, threshold)[""] == expected
    assert counts(readings, {}, scores[len(scores) // 2]) != counts(readings, {}, 1.01)


def _passage(gold: set[str], rules: set[str], due_score: float) -> HeldOut:
    return HeldOut(0, frozenset(gold), frozenset(rules), frozenset(rules), {DUE: due_score})


def test_a_frame_gets_its_own_threshold_only_when_it_wins_clearly() -> None:
    """Twenty posts the rules read right; then posts that only mention "charges" in passing,
    which the classifier alone scores 0.9 for due process."""
    framed = [_passage({DUE}, {DUE}, 0.99) for _ in range(20)]
    passing = _passage(set(), set(), 0.9)
    assert DUE in tagged(passing, {}, 0.85)
    assert choose([*framed, passing], 0.85) == {}
    chosen = choose([*framed, passing, passing, passing], 0.85)
    assert chosen == {DUE: 0.95}
    assert DUE not in tagged(passing, chosen, 0.85)


def test_a_rare_frame_keeps_the_global_threshold() -> None:
    framed = [_passage({DUE}, {DUE}, 0.99) for _ in range(5)]
    passing = [_passage(set(), set(), 0.9) for _ in range(5)]
    assert choose([*framed, *passing], 0.85) == {}

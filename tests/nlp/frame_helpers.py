"""What the frame tests ask of an annotation."""

from __future__ import annotations

from nlp.pipeline import Pipeline


def frame_ids(pipeline: Pipeline, text: str) -> set[str]:
    """The ids of the frames the pipeline reads in the text."""
    return {f.frame_id for f in pipeline.annotate(text).frames}

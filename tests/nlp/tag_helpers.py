"""What the NLP tests ask of an annotation: the ids and names a user would see tagged."""

from __future__ import annotations

from nlp.pipeline import Pipeline


def actor_ids(pipeline: Pipeline, text: str) -> set[str]:
    """The ids of the actors the pipeline reads in the text."""
    return {a.actor_id for a in pipeline.annotate(text).actors}


def frame_ids(pipeline: Pipeline, text: str) -> set[str]:
    """The ids of the frames the pipeline reads in the text."""
    return {f.frame_id for f in pipeline.annotate(text).frames}


def individual_names(pipeline: Pipeline, text: str) -> list[str]:
    """The names of the individuals the pipeline finds in the text, as written."""
    return [person.name for person in pipeline.annotate(text).individuals]

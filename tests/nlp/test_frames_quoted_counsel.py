"""A lawyer quoted as a source ("El abogado negó que...", "dijo el abogado X", "El abogado de X
afirmó", "los abogados aclaran que") is the voice news quotes, not the detainees' right to
counsel: the weak cue "abogado" no longer counts for due process there, while a lawyer denied,
sought or acting in court still does."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


# Each has a second generic legal word ("audiencia", "juicio"): with "abogado" counted, two
# different weak cues would make the frame without the classifier.
@pytest.mark.parametrize(
    "text",
    [
        "El abogado negó que la audiencia hubiera sido pública.",
        "«Nadie lo esperaba», dijo el abogado Ramón Tovar tras la audiencia.",
        "La abogada de Luisa Mendoza-Rey afirmó que el juicio le preocupa a toda la comunidad.",
        "Los abogados aclaran que cada audiencia de asilo se decide por separado.",
    ],
)
def test_a_lawyer_quoted_as_a_source_is_not_due_process(rules_only: Pipeline, text: str) -> None:
    assert "due_process" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        # the lawyer is someone else's subject, or the verb is said of another
        "La familia contrató a un abogado y espera la audiencia desde marzo.",
        "El abogado tampoco pudo asistir a la audiencia, denunció la madre del detenido.",
        # the right to counsel itself, said by a lawyer
        "El abogado dijo que su cliente sigue sin acceso a un abogado de confianza.",
        "El abogado afirmó que presentó un recurso de hábeas corpus.",
    ],
)
def test_a_lawyer_sought_denied_or_in_court_is_still_due_process(
    rules_only: Pipeline, text: str
) -> None:
    assert "due_process" in frame_ids(rules_only, text)


def test_a_lawyers_explanation_is_reported_speech(rules_only: Pipeline) -> None:
    """A quoted cue after "explicó" is the speaker's words, so it invokes the frame."""
    text = "La abogada explicó que los hombres fueron “secuestrados” en la frontera."
    frames = rules_only.annotate(text).frames
    assert [f.polarity for f in frames if f.frame_id == "sovereignty_kidnapping"] == ["affirmed"]

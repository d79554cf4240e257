"""Spanish official prose names officials, counterparts, broadcasts and companies that are
no individuals at risk; the detainees named beside them still are."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "El subsecretario de Estado para Asuntos del Hemisferio Occidental, Brian Nolan, "
        "habló con periodistas.",
        "Sobre el caso, el canciller Yván Gil decidió cruzar a su par argentino, Gerardo "
        'Montiel. "Usted, señor Montiel, no tiene moral", manifestó Gil.',
        "Ayer el ministro Yván Gil criticó a su homólogo Gerardo Montiel por sus declaraciones.",
        "Lo dijo en el programa Vladimir a la Carta, conducido por el periodista Vladimir Ortiz.",
    ],
)
def test_officials_counterparts_and_broadcasts_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_company_before_its_detained_employees_is_not_one_of_them(pipeline: Pipeline) -> None:
    text = "Liberaron a cinco exempleados de la petrolera Citgo, Tomeu Vidal y José Luis Zamora."
    assert individual_names(pipeline, text) == ["Tomeu Vidal", "José Luis Zamora"]


def test_a_detained_journalist_stays_an_individual(pipeline: Pipeline) -> None:
    text = "El periodista Roland Carreño fue detenido por el SEBIN en agosto."
    assert individual_names(pipeline, text) == ["Roland Carreño"]


def test_a_former_attorney_general_is_a_public_figure(pipeline: Pipeline) -> None:
    text = "Luisa Ortega Díaz denunció la represión desde el exilio."
    assert individual_names(pipeline, text) == []

"""News wording of two frames that the rules alone missed: a relative's last contact with one
of the men (humanitarian) and an official posing at a packed cell (spectacle)."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "The last time Rosa Méndez spoke with her son, Julio, was in February.",
        "La última vez que su esposa habló con él fue desde un centro de detención en Texas.",
        "His sister said she had last seen him in a video from the prison.",
        "Carmen guarda la última foto que su hijo le envió desde Houston.",
        "Ella conserva el último mensaje que su hermano le mandó antes del vuelo.",
    ],
)
def test_a_relatives_last_contact_is_humanitarian(rules_only: Pipeline, text: str) -> None:
    assert "humanitarian" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister recorded a warning in front of a packed cell of shirtless inmates.",
        "The senator spoke to reporters outside a cell where dozens of men sat in silence.",
        "El funcionario habló frente a una celda repleta de reos rapados.",
    ],
)
def test_an_official_at_a_packed_cell_is_spectacle(rules_only: Pipeline, text: str) -> None:
    assert "spectacle_propaganda" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The last time the court ruled on the statute was in 1948.",
        "The agency last updated its figures in May.",
        "Guards moved him to another cell in March.",
    ],
)
def test_other_last_times_and_cells_are_neither(rules_only: Pipeline, text: str) -> None:
    assert not {"humanitarian", "spectacle_propaganda"} & frame_ids(rules_only, text)

"""Court and rights-body prose read in actors25: US judges named without an article or by an
unlisted name ("Judge Justin Walker", "las juezas Sotomayor, Kagan y Jackson", "varios
tribunales en EE.UU.", "domestic courts"), a judge's order about a man sent to El Salvador
(still a US judge), and the US capital as a dateline or a city ("Washington, D.C. -"), which
is no state acting."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Judge Justin Walker seemed receptive to the administration's arguments.",
        "Las juezas Sotomayor, Kagan y Jackson criticaron la postura del Ejecutivo.",
        "Varios tribunales en EE.UU. han detenido temporalmente las expulsiones.",
        "Its legality is being tested in domestic courts.",
        "A judge ordered the administration to facilitate his return from El Salvador.",
        "This week, judges in Texas and New York barred the deportations.",
    ],
)
def test_us_judges_named_without_article(pipeline: Pipeline, text: str) -> None:
    assert "us_courts" in actor_ids(pipeline, text)


def test_a_court_date_is_no_court(pipeline: Pipeline) -> None:
    text = "ICE took my neighbor in Houston, now he is in El Salvador. He had a court date in June."
    assert "us_courts" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Washington, D.C. - The Inter-American Commission on Human Rights condemns the detentions.",
        "WASHINGTON (AP) — Relatives of the men held in El Salvador rallied on Sunday.",
        "WASHINGTON, 10 abr (Reuters) – Familiares de los venezolanos marcharon el domingo.",
        "The families rallied in Washington, D.C. on Sunday.",
    ],
)
def test_the_capital_as_a_place(pipeline: Pipeline, text: str) -> None:
    assert "us_government" not in actor_ids(pipeline, text)


def test_washington_acting_stays_the_state(pipeline: Pipeline) -> None:
    assert "us_government" in actor_ids(pipeline, "Washington pagó por las celdas en El Salvador.")

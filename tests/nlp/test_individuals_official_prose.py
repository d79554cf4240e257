"""Official prose names officials by an office's full title and bills list their sponsors:
none of them is an individual at risk; the detainees named beside them still are."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        # A bill's sponsor and co-sponsors, with states and hyphenated surnames.
        "Mr. Halvorsen (for himself, Ms. Quintana-Brandt, Mr. Oduya of South Carolina, and "
        "Mr. Pellegrini) submitted the following resolution; which was referred to the "
        "Committee on Foreign Affairs",
        "  Ms. Trevino-Marsh (for herself and Mr. Kowalczyk) introduced the following bill.",
        # A title whose complement is a body's or a region's capitalised name.
        "The committee heard Assistant Secretary of State for Western Hemisphere Affairs "
        "Daniel Whitcombe and Assistant Administrator for Latin America and the Caribbean "
        "Laura Benedetti.",
        "Five defendants were charged, U.S. Attorney for Nebraska Peter Langford told reporters.",
        "Lo anunció el secretario del Tesoro Steven Albright en un comunicado.",
        "Los sancionados son el jefe del Servicio Bolivariano de Inteligencia Nacional (SEBIN), "
        "Manuel Ricardo Torrealba, y el director de las Fuerzas de Acciones Especiales (FAES) "
        "de la Policía Nacional, Rafael Enrique Bastidas.",
        # A capitalised title in apposition after the name.
        "Bradley T. Whitcombe, Acting Under Secretary for Terrorism and Financial "
        "Intelligence, said the sanctions would stand.",
        "The request was filed by Ms. Carla Montiel, Executive Director of the Instituto "
        "Casla, on behalf of the families.",
    ],
)
def test_sponsors_and_fully_titled_officials_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_lawyers_client_stays_an_individual(pipeline: Pipeline) -> None:
    text = "The attorney for Jhonny Marcano Rivas said he was deported to CECOT."
    assert individual_names(pipeline, text) == ["Jhonny Marcano Rivas"]


def test_a_detainee_named_beside_an_official_stays_an_individual(pipeline: Pipeline) -> None:
    text = (
        "Assistant Secretary of State for Western Hemisphere Affairs Daniel Whitcombe "
        "called for the release of Jorge Toledano, detained in Caracas since 2017."
    )
    assert individual_names(pipeline, text) == ["Jorge Toledano"]


def test_a_parenthesis_that_lists_no_sponsors_hides_no_one(pipeline: Pipeline) -> None:
    text = "The case of Lorenzo Díaz Pérez (for himself a barber) shows the regime's cruelty."
    assert individual_names(pipeline, text) == ["Lorenzo Díaz Pérez"]

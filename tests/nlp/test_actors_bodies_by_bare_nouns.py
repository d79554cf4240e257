"""Report prose names a body once, in a title or a paragraph before, then calls it "the
Mission", "the experts" or "the organization". The codebook counts an actor the passage
plainly means ("Actors"): the UN fact-finding mission, UN experts who speak on rights, a rights
group that speaks. A bare noun that may be something else is left alone."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "The Mission has received credible testimonies that the results were changed.",
        "La Misión exhorta a las autoridades a informar sobre nuevas liberaciones.",
        "«La represión continúa», afirmó la Misión en un comunicado.",
        "Una experta de la Misión habló de la extorsión que sufren las familias.",
        "The High Commissioner urged the authorities to release everyone detained arbitrarily.",
        "La Alta Comisionada no había dejado el país cuando los detuvieron.",
        "The Human Rights Council renewed its mandate for two more years.",
    ],
)
def test_the_un_bodies_by_their_bare_titles(pipeline: Pipeline, text: str) -> None:
    assert "un_human_rights" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The experts said the men were sent away without due process.",
        "Los expertos han comunicado sus preocupaciones sobre el paradero de los detenidos.",
        "«Las detenciones arbitrarias continúan», señalaron los expertos.",
    ],
)
def test_experts_who_speak_on_rights_are_the_un_experts(pipeline: Pipeline, text: str) -> None:
    assert "un_human_rights" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # A mission named by what follows, or one of observers.
        "La Misión Vivienda entregó casas nuevas, dijo el ministro.",
        "The Mission to the OAS said the vote was peaceful.",
        "The Mission of electoral observers said the count was slow.",
        # Experts in general, or of a kind the passage names.
        "Los expertos advierten que la detención prolongada viola el debido proceso.",
        "Legal experts doubt the law applies. The experts said the men had no hearing.",
        "The experts said the hurricane would reach the coast on Monday.",
    ],
)
def test_other_missions_and_experts_are_not_the_un(pipeline: Pipeline, text: str) -> None:
    assert "un_human_rights" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The organization urged the authorities to reveal where the detainees are held.",
        "Según la organización, 800 personas siguen presas por razones políticas.",
        "«No hay pruebas de que sean pandilleros», dice la organización.",
        "The groups say they interviewed 40 of the men after their release.",
        "The NGO sent a letter asking for the legal basis of the detentions.",
    ],
)
def test_a_group_that_speaks_is_a_rights_group(pipeline: Pipeline, text: str) -> None:
    assert "human_rights_ngos" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        # Named without speaking: it may be anyone.
        "Tocorón prison functioned as the organization's headquarters.",
        "Miembros de la organización criminal fueron enviados al penal.",
        # The passage names what it is: a union, lawmakers, the UN.
        "El Sindicato de la Prensa denunció la detención. La organización citó fuentes oficiales.",
        "A group of lawmakers visited the prison. The group said the cells were crowded.",
        "La ONU pidió acceso a la cárcel. La organización dijo que sigue preocupada.",
    ],
)
def test_other_organizations_are_not_rights_groups(pipeline: Pipeline, text: str) -> None:
    assert "human_rights_ngos" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "Los grupos defensores de los derechos de los inmigrantes pidieron una audiencia.",
            "human_rights_ngos",
        ),
        ("Los grupos de derechos civiles alegaron que se violó la orden.", "human_rights_ngos"),
        ("«Nadie fue notificado», escribió Hellerstein en su opinión.", "us_courts"),
        ("Millett dijo que los nazis tuvieron más garantías.", "us_courts"),
        (
            "«Muchos no tuvieron abogado», dijo Liz Throssell a la prensa en Ginebra.",
            "un_human_rights",
        ),
    ],
)
def test_names_and_phrases_as_the_other_language_writes_them(
    pipeline: Pipeline, text: str, actor: str
) -> None:
    assert actor in actor_ids(pipeline, text)

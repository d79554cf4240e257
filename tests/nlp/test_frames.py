"""Frames and their polarity: negation, distancing, quotes and rebuttals contest a frame."""

from __future__ import annotations

import pytest

from nlp.pipeline import Pipeline


def frames(pipeline: Pipeline, text: str) -> dict[str, str]:
    return {f.frame_id: f.polarity for f in pipeline.annotate(text).frames}


@pytest.mark.parametrize(
    "text",
    [
        "They are not terrorists, they are migrants.",
        "No son terroristas, son migrantes.",
        "Los supuestos pandilleros eran barberos.",
        "These so-called terrorists had jobs and families.",
        'Rubio calls them "terrorists".',
        "Terroristas sin pruebas, como siempre.",
        "He was flagged as a gang member because of a rose tattoo.",
        "Now they are calling my brother a terrorist.",
        "El ministro los llama terroristas sin conocerlos.",
        "Terrorists my ass, he fixes bikes.",
        "My neighbour was picked up for looking like a gang member.",
        "Se lo llevaron por tener pinta de pandillero.",
        "If they were really terrorists, why was there never a trial?",
        "Si son tan peligrosos, que muestren las pruebas.",
        "Nobody tested the government's claim that they are gang members.",
        "Officials call him an MS-13 member, a claim his lawyers deny.",
    ],
)
def test_negated_or_distanced_terrorism_frame_is_contested(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text)["criminality_terrorism"] == "contested"


@pytest.mark.parametrize(
    "text",
    [
        "Send every Tren de Aragua gang member to CECOT.",
        "Son terroristas y deben pagar.",
        "No son migrantes, son terroristas.",  # the negation belongs to another clause
    ],
)
def test_plain_terrorism_frame_is_affirmed(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text)["criminality_terrorism"] == "affirmed"


def test_calling_a_detention_by_a_name_is_not_a_label_held_at_arms_length(
    pipeline: Pipeline,
) -> None:
    text = "Buenos Aires calls his detention a forced disappearance."
    assert frames(pipeline, text)["sovereignty_kidnapping"] == "affirmed"


def test_no_criminal_record_contests_criminality(pipeline: Pipeline) -> None:
    assert frames(pipeline, "90% had no criminal record.")["criminality_terrorism"] == "contested"
    assert (
        frames(pipeline, "No tenían antecedentes penales.")["criminality_terrorism"] == "contested"
    )


def test_lack_of_due_process_affirms_the_due_process_frame(pipeline: Pipeline) -> None:
    assert frames(pipeline, "They got no due process and no lawyer.")["due_process"] == "affirmed"
    assert frames(pipeline, "Sin juicio y sin abogado.")["due_process"] == "affirmed"


def test_inflected_spanish_cues_match(pipeline: Pipeline) -> None:
    found = frames(pipeline, "Las presas políticas y los secuestrados del régimen")
    assert {"political_repression", "sovereignty_kidnapping"} <= set(found)


def test_humanitarian_deal_denied_is_contested(pipeline: Pipeline) -> None:
    found = frames(pipeline, "Eso no es un acuerdo humanitario, es un canje de rehenes.")
    assert found["humanitarian"] == "contested"
    assert found["exchange_bargaining"] == "affirmed"


def test_camel_case_hashtag_is_segmented_into_cues(pipeline: Pipeline) -> None:
    assert "political_repression" in frames(pipeline, "#LiberenALosPresosPoliticos ya")


def test_frame_words_inside_names_are_not_frames(pipeline: Pipeline) -> None:
    text = "The Alien Enemies Act was used to send them to the Terrorism Confinement Center."
    assert "criminality_terrorism" not in frames(pipeline, text)


def test_naming_a_listed_political_prisoner_invokes_repression(pipeline: Pipeline) -> None:
    assert frames(pipeline, "Free Roland Carreño. Free them all.") == {
        "political_repression": "affirmed"
    }


@pytest.mark.parametrize(
    "text",
    [
        "His family has not been told where he is held.",
        "La familia desconoce en qué centro de reclusión se encuentra.",
        "Nos llaman, pero nadie nos dice dónde está.",
    ],
)
def test_not_saying_where_someone_is_held_is_disappearance(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text).get("sovereignty_kidnapping") == "affirmed"


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        (
            "the assertion that they are members of a foreign terrorist organization",
            "criminality_terrorism",
        ),
        (
            "Si vienes a nuestro país ilegalmente, esta es una de las consecuencias",
            "criminality_terrorism",
        ),
        ("Those held are there for taking part in violent plots", "criminality_terrorism"),
        ("Lo mandaron al CECOT solo por un tatuaje de corona", "criminality_terrorism"),
        ("No han tenido contacto con sus familiares desde su traslado", "humanitarian"),
        ("Su madre no ha sabido de él desde marzo", "humanitarian"),
        ("The UN expressed concern about their wellbeing", "humanitarian"),
        ("guards forcing them to kneel", "humanitarian"),
        ("if Caracas frees an equal number of political prisoners", "exchange_bargaining"),
        ("A cambio, el régimen liberó a diez estadounidenses", "exchange_bargaining"),
        ("la liberación de los estadounidenses como condición previa", "exchange_bargaining"),
        ("sin acceso consular", "due_process"),
        ("the Government has cited no basis in law for his arrest", "due_process"),
        ("ni siquiera saben de qué los acusan", "due_process"),
        ("a cambio de igual número de opositores encarcelados", "political_repression"),
        ("ten US citizens jailed in Venezuela were freed", "political_repression"),
        ("la detuvieron por publicar un tuit", "political_repression"),
        ("Doña Corina está en su casa, acosada", "political_repression"),
        ("Returning them could put their lives at risk", "asylum_protection"),
        ("Huyó de la dictadura en 2019", "asylum_protection"),
        ("Es desinformación difundida por activistas y medios", "spectacle_propaganda"),
        ("The CNE never published the results", "election_legitimacy"),
    ],
)
def test_a_paraphrase_invokes_its_frame(pipeline: Pipeline, text: str, frame_id: str) -> None:
    assert frame_id in frames(pipeline, text)


def test_a_title_that_claims_the_election_is_the_election_frame(pipeline: Pipeline) -> None:
    annotation = pipeline.annotate("El presidente electo es Edmundo González")
    assert "gonzalez_urrutia" in {a.actor_id for a in annotation.actors}
    assert "election_legitimacy" in {f.frame_id for f in annotation.frames}


def test_the_state_of_exception_is_due_process_in_either_language(pipeline: Pipeline) -> None:
    # named alone it is a policy (frames24); with the guarantees it suspends it is due process
    es = "el régimen de excepción cumple tres años y suspende garantías constitucionales"
    assert "due_process" in frames(pipeline, es)
    en = "the state of exception, which allows arrests without warrant, was extended again"
    assert "due_process" in frames(pipeline, en)


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the deportations are not open to second-guessing.",
        "The Attorney General argued that the court lacks authority to order the men's return.",
        "The spokesman said the president will not be lectured by a judge in Boston.",
        "El tribunal declaró que la detención del dirigente se ajusta a derecho.",
        "Los detenidos están a la orden de los tribunales, con pleno respeto a sus garantías.",
    ],
)
def test_courts_waved_away_or_a_detention_declared_lawful_contests_due_process(
    pipeline: Pipeline, text: str
) -> None:
    assert frames(pipeline, text)["due_process"] == "contested"

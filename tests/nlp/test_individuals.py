"""Named individuals: watchlist, heuristic name finder, and a trained NER pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from nlp.pipeline import Pipeline, load_pipeline


def test_watchlisted_person_has_canonical_name_and_kind(pipeline: Pipeline) -> None:
    (person,) = pipeline.annotate("Libertad para rocio san miguel").individuals
    assert (person.canonical, person.kind, person.source) == (
        "Rocío San Miguel",
        "political_prisoner",
        "watchlist",
    )
    assert person.name == "rocio san miguel"


def test_unlisted_name_goes_to_review_with_no_canonical(pipeline: Pipeline) -> None:
    (person,) = pipeline.annotate("Mi hermano Luis Alberto Mendoza está preso").individuals
    assert (person.name, person.canonical, person.kind, person.source) == (
        "Luis Alberto Mendoza",
        None,
        None,
        "heuristic",
    )


def test_unusual_given_name_is_found_after_a_person_cue(pipeline: Pipeline) -> None:
    names = [i.name for i in pipeline.annotate("my cousin Yohandry Salazar is there").individuals]
    assert names == ["Yohandry Salazar"]


def test_actors_public_figures_and_hashtags_are_not_individuals(pipeline: Pipeline) -> None:
    text = "Nicolás Maduro, Kristi Noem, Hugo Chávez y #LiberenALosPresosPoliticos"
    assert pipeline.annotate(text).individuals == ()


def test_headline_case_is_not_read_as_names(pipeline: Pipeline) -> None:
    text = "Venezuelan Mother Says Tattoos Were Used Against Her Son In Court Filing"
    assert pipeline.annotate(text).individuals == ()


def test_identifying_details_are_found(pipeline: Pipeline) -> None:
    text = "Su madre dice que es vecino de Maracay y trabajaba en Barbería Central. Foto de él."
    kinds = [d.kind for d in pipeline.annotate(text).details]
    assert kinds == ["relative", "hometown", "workplace", "photo"]


def _train_tiny_ner(path: Path) -> None:
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PERSON")
    data = [
        ("Tomasz Wojcik was deported last week.", [(0, 13, "PERSON")]),
        ("They sent Tomasz Wojcik to the prison.", [(10, 23, "PERSON")]),
        ("Bukele met Ingrid Halvorsen today.", [(0, 6, "PERSON"), (11, 27, "PERSON")]),
        ("Ingrid Halvorsen has no lawyer.", [(0, 16, "PERSON")]),
        ("Nobody was named in the report.", []),
    ]
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in data]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(path)


def test_trained_ner_persons_replace_the_heuristic(tmp_path: Path) -> None:
    _train_tiny_ner(tmp_path / "ner")
    pipeline = load_pipeline(models={"en": str(tmp_path / "ner")})
    annotation = pipeline.annotate("Bukele met Ingrid Halvorsen today.", lang="en")
    assert [(i.name, i.source, i.canonical) for i in annotation.individuals] == [
        ("Ingrid Halvorsen", "ner", None)
    ]  # Bukele is an actor, never an individual
    assert [a.actor_id for a in annotation.actors] == ["bukele"]
    assert "+ner.en." in pipeline.version
    spanish = pipeline.annotate("Mi hermano Luis Alberto Mendoza está preso", lang="es")
    assert [i.source for i in spanish.individuals] == ["heuristic"]
    english = pipeline.annotate("My brother Luis Alberto Mendoza is held in CECOT", lang="en")
    assert {i.source for i in english.individuals} <= {"ner"}  # never the heuristic's


def names(pipeline: Pipeline, text: str) -> list[str]:
    return [i.name for i in pipeline.annotate(text).individuals]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mi primo Wuilmer volvió ayer en el vuelo.", ["Wuilmer"]),
        ("His brother Yohandry has not called since March.", ["Yohandry"]),
        ("Lo vi en la foto de Deivis, 23, rapado.", ["Deivis"]),
        ("Yeferson, de 24 años, pidió asilo en El Paso.", ["Yeferson"]),
        ("Update on Carlos R. (22, from Valencia): no contact yet.", ["Carlos R."]),
        ("El peticionario, J.A.M.R., fue trasladado sin audiencia.", ["J.A.M.R."]),
        ("el ciudadano FRANCISCO JAVIER LEDEZMA sigue preso", ["FRANCISCO JAVIER LEDEZMA"]),
        ("Petitioner, who identifies himself as Wuilker D., submits", ["Wuilker D."]),
        ("Doña Yumaira está en su casa, acosada", ["Yumaira"]),
    ],
)
def test_every_way_of_naming_a_person_is_found(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert names(pipeline, text) == expected


def test_names_listed_beside_a_found_one_are_all_found(pipeline: Pipeline) -> None:
    text = (
        "Mi hermano Jhonder, mi cuñado Eliécer y los primos Wuilkerman y Josué Ramón están presos."
    )
    assert names(pipeline, text) == ["Jhonder", "Eliécer", "Wuilkerman", "Josué Ramón"]


def test_a_surname_after_the_full_name_is_the_same_person(pipeline: Pipeline) -> None:
    text = "Lisbeth Carolina Mujica Ortega, 44, viajó nueve horas. «Es barbero», dijo Mujica."
    assert names(pipeline, text) == ["Lisbeth Carolina Mujica Ortega", "Mujica"]


def test_officials_and_quoted_lawyers_are_not_individuals(pipeline: Pipeline) -> None:
    text = "El abogado Ernesto Villamizar dijo que el director del CECOT, Belarmino García, calla."
    assert names(pipeline, text) == []


def test_a_relative_named_before_the_relation_is_an_individual(pipeline: Pipeline) -> None:
    text = "«Que vuelvan», dijo Yusmary Colmenárez, madre de Deiber, de 23 años."
    assert [m.name for m in pipeline.annotate(text).individuals] == ["Yusmary Colmenárez", "Deiber"]
    assert names(pipeline, "La ministra, madre de dos hijos, habló.") == []


def test_a_shouting_post_has_no_names_in_its_capitals(pipeline: Pipeline) -> None:
    assert names(pipeline, "ME DA ASCO Q USEN A LOS PRESOS COMO FICHAS D CAMBIO!!!") == []

"""Named individuals: watchlist, heuristic name finder, and a trained NER pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.training import Example
from tag_helpers import individual_names

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mi primo Wuilmer volvió ayer en el vuelo.", ["Wuilmer"]),
        ("His brother Yohandry has not called since March.", ["Yohandry"]),
        ("Lo vi en la foto de Deivis, 23, rapado.", ["Deivis"]),
        ("Yeferson, de 24 años, pidió asilo en El Paso.", ["Yeferson"]),
        ("Update on Carlos R. (22, from Valencia): no contact yet.", ["Carlos R."]),
        ("La madre de Wilmer J. Castañeda pide verlo.", ["Wilmer J. Castañeda"]),
        ("El peticionario, J.A.M.R., fue trasladado sin audiencia.", ["J.A.M.R."]),
        ("el ciudadano FRANCISCO JAVIER LEDEZMA sigue preso", ["FRANCISCO JAVIER LEDEZMA"]),
    ],
)
def test_every_way_of_naming_a_person_is_found(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


def test_names_listed_beside_a_found_one_are_all_found(pipeline: Pipeline) -> None:
    text = (
        "Mi hermano Jhonder, mi cuñado Eliécer y los primos Wuilkerman y Josué Ramón están presos."
    )
    assert individual_names(pipeline, text) == ["Jhonder", "Eliécer", "Wuilkerman", "Josué Ramón"]


def test_a_surname_after_the_full_name_is_the_same_person(pipeline: Pipeline) -> None:
    text = "Lisbeth Carolina Mujica Ortega, 44, viajó nueve horas. «Es barbero», dijo Mujica."
    assert individual_names(pipeline, text) == ["Lisbeth Carolina Mujica Ortega", "Mujica"]


def test_officials_and_quoted_lawyers_are_not_individuals(pipeline: Pipeline) -> None:
    text = "El abogado Ernesto Villamizar dijo que el director del CECOT, Belarmino García, calla."
    assert individual_names(pipeline, text) == []


def test_a_relative_named_before_the_relation_is_an_individual(pipeline: Pipeline) -> None:
    text = "«Que vuelvan», dijo Yusmary Colmenárez, madre de Deiber, de 23 años."
    assert [m.name for m in pipeline.annotate(text).individuals] == ["Yusmary Colmenárez", "Deiber"]
    assert individual_names(pipeline, "La ministra, madre de dos hijos, habló.") == []


def listed(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    return [(i.name, i.canonical) for i in pipeline.annotate(text).individuals]


def test_a_distinctive_part_of_a_listed_name_names_that_detainee(pipeline: Pipeline) -> None:
    assert listed(pipeline, "Urruchurtu lleva un año preso.") == [
        ("Urruchurtu", "Pedro Urruchurtu")
    ]
    assert listed(pipeline, "Andry was deported for his tattoos.") == [
        ("Andry", "Andry José Hernández Romero")
    ]
    assert listed(pipeline, "free andry!!! nobody asked him anything") == [
        ("andry", "Andry José Hernández Romero")
    ]


def test_a_common_part_of_a_listed_name_alone_names_nobody(pipeline: Pipeline) -> None:
    assert listed(pipeline, "Hernández dijo que Rafael no vino.") == []


def test_a_married_name_does_not_claim_the_husbands_surname(pipeline: Pipeline) -> None:
    assert listed(pipeline, "Libertad para Tudares.") == [("Tudares", "Rafael Tudares")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Free Andri Hernandez now", ("Andri Hernandez", "Andry José Hernández Romero")),
        ("Free Americo De Grasia", ("Americo De Grasia", "Américo De Grazia")),
        ("Pedro Uruchurtu sigue preso", ("Pedro Uruchurtu", "Pedro Urruchurtu")),
    ],
)
def test_a_misspelt_listed_name_is_still_that_person(
    pipeline: Pipeline, text: str, expected: tuple[str, str]
) -> None:
    assert listed(pipeline, text) == [expected]


def test_a_listed_name_inside_a_hashtag_is_the_whole_hashtag(pipeline: Pipeline) -> None:
    assert listed(pipeline, "#LiberenAUrruchurtu ya") == [
        ("#LiberenAUrruchurtu", "Pedro Urruchurtu")
    ]


def test_a_surname_or_first_name_after_a_full_mention_is_the_same_detainee(
    pipeline: Pipeline,
) -> None:
    text = "Rafael Tudares sigue preso. Tudares no ha visto a un abogado; Rafael tampoco."
    assert {canonical for _, canonical in listed(pipeline, text)} == {"Rafael Tudares"}
    assert len(listed(pipeline, text)) == 3
    lower = "rafael tudares sigue preso, tudares no ve a nadie"
    assert listed(pipeline, lower) == [
        ("rafael tudares", "Rafael Tudares"),
        ("tudares", "Rafael Tudares"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alguien sabe algo de Yusneidy Rojas? la detuvieron el martes", ["Yusneidy Rojas"]),
        ("Deiber's mother has not heard from him since March.", ["Deiber"]),
        ("mi hermano jesus eduardo esta en el cecot", ["jesus eduardo"]),
        ("el pana Wuilmer salió en la lista", ["Wuilmer"]),
        ("my primo Wilmer is on the list", ["Wilmer"]),
        ("Luis Pérez-Rangel fue deportado", ["Luis Pérez-Rangel"]),
        ("the 27-year-old barber, José, was sent to CECOT", ["José"]),
        ("Deivis (23) fue enviado al CECOT.", ["Deivis"]),
        ("Petitioner, who identifies himself as Keiber D., denies it.", ["Keiber D."]),
        ("la privación de libertad del ciudadano ENDERSON JOSÉ PIÑA", ["ENDERSON JOSÉ PIÑA"]),
        (
            "Wuilkerman Rondón, Yeison Parra y Dixon Lira son tres de los deportados.",
            ["Wuilkerman Rondón", "Yeison Parra", "Dixon Lira"],
        ),
    ],
)
def test_more_ways_of_naming_a_private_person_are_found(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Alberto Díaz, a lawyer for the family, said the men had no hearing.",
        "«No hay audiencias», dijo Alberto Díaz, abogado de la familia.",
        '"They have no lawyers," said Juan Pappier, of Human Rights Watch.',
        '"None had notice," said Marta Quiroga, an HRW researcher.',
        "Tarek William Zaab exigió pruebas de vida.",
        "ME DA ASCO Q USEN A LOS PRESOS COMO FICHAS D CAMBIO",
        "the Justice Department's lawyers said the order was moot",
    ],
)
def test_sources_officials_and_shouting_are_not_private_people(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_comma_after_a_name_opens_an_apposition_not_a_list(pipeline: Pipeline) -> None:
    text = "Rubén Darío Mijares, periodista de Barinas, sigue preso; Keiber Pérez, an Argentine"
    assert individual_names(pipeline, text) == ["Rubén Darío Mijares", "Keiber Pérez"]


def test_a_lower_case_word_after_a_cue_is_a_name_only_in_a_lower_case_post(
    pipeline: Pipeline,
) -> None:
    assert individual_names(pipeline, "Jhonny Pacheco, 31, was held, his wife said.") == [
        "Jhonny Pacheco"
    ]


def test_names_listed_before_a_detention_predicate_are_all_detainees(pipeline: Pipeline) -> None:
    text = "Jhoan, Wilker y Yorman fueron trasladados el mismo día."
    assert individual_names(pipeline, text) == ["Jhoan", "Wilker", "Yorman"]
    assert individual_names(pipeline, "Migrantes fueron deportados ayer.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dijo Yusbelis Párraga, madre del detenido.", ["Yusbelis Párraga"]),
        ('"Nada", said Yusbelis Párraga, the detainee\'s mother.', ["Yusbelis Párraga"]),
        ("Yusbelis Párraga, whose son was deported, waits.", ["Yusbelis Párraga"]),
        ("El caso de Keiber muestra que no hubo juicio.", ["Keiber"]),
    ],
)
def test_a_relative_or_a_case_named_by_its_relation_is_an_individual(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "En la Avenida Francisco de Miranda hubo una marcha.",
        "Secretary Rubio said every wrongfully detained American was now free.",
    ],
)
def test_places_named_after_people_and_nationalities_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_name_written_in_capitals_in_a_court_record_is_found(pipeline: Pipeline) -> None:
    text = "Se acuerda la privación de libertad de PEDRO JOSÉ PÉREZ RIVAS por incitación al odio."
    assert individual_names(pipeline, text) == ["PEDRO JOSÉ PÉREZ RIVAS"]
    assert individual_names(pipeline, "LIBEREN A MARIA Y A TODOS LOS PRESOS") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yorvis Parraga, barbero de 24 años, fue deportado.", ["Yorvis Parraga"]),
        ("Among those deported were Jhoan, Wilker and Yorman.", ["Jhoan", "Wilker", "Yorman"]),
        ("Caracas, con 24 presos, protestó.", []),
        ("He was detained by Border Patrol agents in Texas.", []),
    ],
)
def test_a_name_described_with_an_age_or_listed_after_a_predicate_is_found(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


def test_a_relative_named_by_relation_keeps_the_public_figure_named_too(
    pipeline: Pipeline,
) -> None:
    annotation = pipeline.annotate("Bukele puso en su lista a la mamá de María Corina.")
    assert [i.canonical for i in annotation.individuals] == ["Corina Parisca de Machado"]
    assert {a.actor_id for a in annotation.actors} == {"bukele", "machado"}


def test_a_listed_surname_inside_another_name_names_nobody(pipeline: Pipeline) -> None:
    """ "Hospital Pérez Carreño" is a hospital in Caracas, not the jailed journalist."""
    assert listed(pipeline, "Lo trasladaron al Hospital Pérez Carreño en Caracas.") == []
    assert listed(pipeline, "Lo trasladaron al hospital. Carreño sigue preso.") == [
        ("Carreño", "Roland Carreño")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quintana's son, Eliezer, said the family was never told.", ["Quintana", "Eliezer"]),
        ("Arteaga's grandmother, Nelly, keeps his room as it was.", ["Arteaga", "Nelly"]),
        ("Arteaga's sister Nelly flew to Miami.", ["Arteaga", "Nelly"]),
        ("Yusbeidy Paredes dijo que su hermano no tiene antecedentes.", ["Yusbeidy Paredes"]),
        ("La Sra. Nelly Aranguren declaró ante el tribunal.", ["Nelly Aranguren"]),
        ("Mr. Zerpa worked at a tire shop in Houston for six years.", ["Zerpa"]),
        ("While watching the news, Mrs Zerpa saw her son.", ["Zerpa"]),
        ("Rezamos por Tudares, por Yonaiker y por todos los presos.", ["Tudares", "Yonaiker"]),
        ("Nobody has heard from Yonaiker since the flight.", ["Yonaiker"]),
        ("Ni una llamada de Wuilker en tres semanas.", ["Wuilker"]),
        ("Su madre supo que Alejandro estaba en El Salvador por un video.", ["Alejandro"]),
        ("A Wuilker lo sacaron de su casa de madrugada.", ["Wuilker"]),
        ("She recognized Yonaiker in a photo from the prison.", ["Yonaiker"]),
        ("My name is Yusbeidy and my husband is in CECOT.", ["Yusbeidy"]),
    ],
)
def test_a_person_named_in_a_context_only_a_person_fits_is_found(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tamara Taraciuk, of Human Rights Watch, spoke first. Ms. Taraciuk said the court erred.",
        "Orlando is where the flight left from.",
        "Ni una llamada de Migración ni del consulado.",
        "Rezamos por Caracas, por Venezuela.",
        "The court recognized Venezuela's claim.",
    ],
)
def test_the_same_contexts_around_a_source_place_or_office_name_nobody(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_lawyer_named_after_the_client_is_a_source(pipeline: Pipeline) -> None:
    text = "Kevin's lawyer, Ana Díaz, said the transfer broke the order."
    assert individual_names(pipeline, text) == ["Kevin"]


@pytest.mark.parametrize(
    "text",
    [
        "La portavoz del consejo de seguridad nacional, Ana Beltrán, dijo que no habría canje.",
        "Julián Ortega, secretario general del sindicato, denunció la detención.",
        "Las abogadas Teresa Lugo Díaz, Marta Ibáñez y otras colegas fundaron la organización.",
        "The agency's acting administrator, Paul Hendricks, said the aid would continue.",
        "Mr. HENDRICKS. Madam Speaker, I rise to condemn the regime in Caracas.",
        "Federal law (8 U.S.C. 1231) governs removal.",
    ],
)
def test_officials_named_in_apposition_or_listed_with_one_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_the_person_a_lawyer_acts_for_is_an_individual(pipeline: Pipeline) -> None:
    text = "Lawyers for Andrés Pérez and Luis Gómez say the men were never gang members."
    assert individual_names(pipeline, text) == ["Andrés Pérez", "Luis Gómez"]
    assert individual_names(pipeline, "El abogado de José Pérez pidió su liberación.") == [
        "José Pérez"
    ]


def test_a_brand_split_at_its_capitals_is_not_a_name(pipeline: Pipeline) -> None:
    text = "La vio en un video de TikTok que mostraba a los deportados."
    assert individual_names(pipeline, text) == []


def test_a_sentence_opening_adverb_is_not_listed_with_a_name(pipeline: Pipeline) -> None:
    text = "Additionally, Alirio Belloso, 30, left Venezuela to support his family."
    assert individual_names(pipeline, text) == ["Alirio Belloso"]
    assert individual_names(pipeline, "Beverly, Kimberly y Donnelly fueron deportados.") == [
        "Beverly",
        "Kimberly",
        "Donnelly",
    ]


def test_a_photo_credit_names_a_photographer_not_an_individual(pipeline: Pipeline) -> None:
    text = "Deportees arrive in Maiquetía, July 18, 2025. (AP Photo/Mariela Quintana)"
    assert individual_names(pipeline, text) == []
    assert individual_names(pipeline, "Una foto de Yorbis Pérez circuló en redes.") == [
        "Yorbis Pérez"
    ]


def test_a_jailed_lawyer_named_by_his_release_is_an_individual(pipeline: Pipeline) -> None:
    text = (
        "La ONG celebró la libertad de Omar Lugo Pineda, abogado voluntario de la organización, "
        "detenido desde agosto."
    )
    assert individual_names(pipeline, text) == ["Omar Lugo Pineda"]


def test_a_cue_word_capitalised_in_an_organisations_name_introduces_nobody(
    pipeline: Pipeline,
) -> None:
    text = "El Comité por la Libertad de los Presos Políticos denunció la muerte de Edwin Rojas."
    assert individual_names(pipeline, text) == ["Edwin Rojas"]
    assert individual_names(pipeline, "the Venezuelan Yorman was deported") == ["Yorman"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A lawyer for Andry, Lindsay Toczylowski, said the men had no hearing.", ["Andry"]),
        ("El abogado de Yorbis Pérez, Omar Mora Tosta, pidió verlo.", ["Yorbis Pérez"]),
        ("Dijo el asesor de USAID, Paul Hendricks, en un comunicado.", []),
        ("He quoted the Mexican historian Enrique Krauze.", []),
    ],
)
def test_a_title_holder_is_told_from_the_person_the_title_is_of(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


def test_a_brand_written_in_camel_case_is_no_name_but_a_glued_surname_is(
    pipeline: Pipeline,
) -> None:
    text = "Por: Perla Trevizo, ProPublica; Melisa Sánchez, ProPublica."
    assert individual_names(pipeline, text) == ["Perla Trevizo", "Melisa Sánchez"]
    assert individual_names(pipeline, "Su hermano Robert McDonald sigue preso.") == [
        "Robert McDonald"
    ]


def test_a_surname_that_starts_like_a_saint_is_a_name_after_a_person_cue(
    pipeline: Pipeline,
) -> None:
    text = "Washington lamentó la detención de Santa María, defensora de derechos humanos."
    assert individual_names(pipeline, "Protestaron por el arresto de San Martín ayer.") == [
        "San Martín"
    ]
    assert individual_names(pipeline, "Viajó a San Miguel para ver a su hijo.") == []
    assert "Santa María" in individual_names(pipeline, text)

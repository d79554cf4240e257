"""Frames shown by paraphrase, by the actors a post names, and polarity read from the clause:
the codebook counts a frame invoked in other words, in reported speech, affirmed or contested."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.doc_state import doc_state
from nlp.frame_rules import supported
from nlp.lexicon import LexiconError, load_lexicon
from nlp.matching import FRAME_WEAK
from nlp.pipeline import Pipeline


def frames(pipeline: Pipeline, text: str) -> dict[str, str]:
    polarities: dict[str, str] = {}
    for frame in pipeline.annotate(text).frames:
        if polarities.get(frame.frame_id) != "contested":
            polarities[frame.frame_id] = frame.polarity
    return polarities


@pytest.mark.parametrize(
    "text",
    [
        "Hoy entregamos a los venezolanos. A cambio, el régimen liberó a diez estadounidenses.",
        "Bukele ofreció devolver a los 252 si Caracas libera a un número igual de presos.",
        "Bukele offered to return the men if Maduro frees an equal number of political prisoners.",
        "Cuántos presos políticos vale un venezolano en el CECOT?",
        "Washington exigió la liberación de los estadounidenses como condición previa a "
        "cualquier repatriación.",
        "Bukele ofreciendo presos como quien ofrece cromos del mundial. Y Maduro regateando.",
    ],
)
def test_prices_and_conditions_for_people_are_the_exchange_frame(
    pipeline: Pipeline, text: str
) -> None:
    assert frames(pipeline, text).get("exchange_bargaining") == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "Venezuela and Colombia signed a trade deal on tariffs and oil.",
        "El Gobierno firmó un acuerdo comercial con Brasil.",
    ],
)
def test_trade_between_countries_is_not_the_exchange_frame(pipeline: Pipeline, text: str) -> None:
    assert "exchange_bargaining" not in frames(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Caracas sostiene que sus solicitudes de acceso consular han sido ignoradas.",
        "He has not been allowed a single consular visit.",
        "None were told why they were there.",
        "His wife had to find out from the news.",
        "Sus familiares recorrieron la sede del Sebin sin obtener respuesta.",
        "His lawyers have not been allowed to see the file against him.",
    ],
)
def test_no_notice_no_access_no_answer_is_due_process(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text).get("due_process") == "affirmed"


def test_a_court_named_puts_due_process_at_stake(pipeline: Pipeline) -> None:
    text = "La Corte Suprema de los Estados Unidos avaló temporalmente las deportaciones."
    assert frames(pipeline, text).get("due_process") == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "Su hija pequeña pregunta todos los días por su papá.",
        "Armas, según su familia, no ha recibido visitas en ocho meses.",
        "No han tenido contacto con sus familiares desde su traslado.",
        "Lisbengerth found out from the news, not from any authority.",
    ],
)
def test_families_kept_in_the_dark_are_the_humanitarian_frame_affirmed(
    pipeline: Pipeline, text: str
) -> None:
    assert frames(pipeline, text).get("humanitarian") == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "The President invoked a wartime statute to whisk people away to a foreign prison.",
        "Su mamá no la encuentra en ningún comando.",
        "252 chamos que nadie ha visto en 40 días.",
        "His family spent days without knowing where he was being held.",
    ],
)
def test_people_taken_without_a_trace_is_kidnapping(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text).get("sovereignty_kidnapping") == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "Lo mandaron al CECOT por una corona tatuada. Es maquillador.",
        "A tattoo of your daughter's name doesn't make you a member.",
        "Agents pointed to a tattoo honoring his younger brother, who has autism.",
        "mi hermano nunca fue tren de aragua, arreglaba aires acondicionados",
    ],
)
def test_a_tattoo_or_a_gang_denied_contests_criminality(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text).get("criminality_terrorism") == "contested"


def test_recognising_a_son_by_his_tattoo_is_not_criminality(pipeline: Pipeline) -> None:
    text = "She recognised her son from his tattoos in the prison video."
    assert "criminality_terrorism" not in frames(pipeline, text)


def test_naming_the_gang_raises_the_gang_accusation(pipeline: Pipeline) -> None:
    text = "Tren de Aragua extorts shopkeepers from Maracay to Santiago."
    assert frames(pipeline, text).get("criminality_terrorism") == "affirmed"


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("The judge found probable cause for criminal contempt.", "criminality_terrorism"),
        ("The Assembly approved indefinite presidential reelection.", "election_legitimacy"),
        ("He was waiting for an asylum hearing in San Diego.", "due_process"),
    ],
)
def test_a_cue_inside_a_set_phrase_of_another_matter_is_not_its_frame(
    pipeline: Pipeline, text: str, frame_id: str
) -> None:
    assert frame_id not in frames(pipeline, text)


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("He did not mention the political prisoners named in the post.", "political_repression"),
        ("Venezuela no acepta tutelajes extranjeros.", "sovereignty_kidnapping"),
        ("Nadie debería ser moneda de cambio.", "exchange_bargaining"),
    ],
)
def test_a_negation_of_another_verb_leaves_the_frame_affirmed(
    pipeline: Pipeline, text: str, frame_id: str
) -> None:
    assert frames(pipeline, text).get(frame_id) == "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        'Attorney General Saab said the men had been "kidnapped" by Washington.',
        "Caracas says 'kidnapped'. Nobody else does.",
        "La Asamblea aprobó un acuerdo en rechazo al «secuestro» de 252 venezolanos.",
    ],
)
def test_a_quoted_word_in_reported_speech_affirms_the_frame(pipeline: Pipeline, text: str) -> None:
    assert frames(pipeline, text).get("sovereignty_kidnapping") == "affirmed"


def test_scare_quotes_still_contest_the_frame(pipeline: Pipeline) -> None:
    text = "lol the 'political prisoners' are terrorists who tried to burn the country down"
    assert frames(pipeline, text).get("political_repression") == "contested"


def test_a_frame_invoked_by_an_unknown_actor_is_a_lexicon_error(tmp_path: Path) -> None:
    (tmp_path / "frames.yaml").write_text(
        "frames:\n  due_process:\n    terms: [due process]\n    invoked_by: [judge_judy]\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="due_process: invoked_by"):
        load_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("A los 252 los canjeó por diez gringos.", "exchange_bargaining"),
        ("Dicen que los secuestrarán en la frontera.", "sovereignty_kidnapping"),
        ("Siguen torturándolos en Rodeo I.", "humanitarian"),
    ],
)
def test_a_word_family_finds_verb_forms_no_list_spells_out(
    pipeline: Pipeline, text: str, frame_id: str
) -> None:
    assert frames(pipeline, text).get(frame_id) == "affirmed"


def test_a_word_family_needs_a_stem_of_one_word(tmp_path: Path) -> None:
    (tmp_path / "frames.yaml").write_text(
        'frames:\n  due_process:\n    terms: ["sin jui*"]\n', encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="word family"):
        load_lexicon(tmp_path)


def test_a_word_family_in_a_near_pair_needs_a_stem_of_one_word_too(tmp_path: Path) -> None:
    (tmp_path / "frames.yaml").write_text(
        'frames:\n  due_process:\n    near: [["sin jui*", "{juez|judge}"]]\n', encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="word family"):
        load_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        (
            "Un portavoz rechazó que se trate de «un espectáculo mediático».",
            "spectacle_propaganda",
        ),
        (
            "The judge ruled that the gang's activities did not amount to an invasion.",
            "criminality_terrorism",
        ),
    ],
)
def test_a_denied_or_negated_claim_is_contested(
    pipeline: Pipeline, text: str, frame_id: str
) -> None:
    assert frames(pipeline, text).get(frame_id) == "contested"


def test_unjustly_jailed_affirms_repression(pipeline: Pipeline) -> None:
    text = "Son jóvenes injustamente detenidos por protestar."
    assert frames(pipeline, text).get("political_repression") == "affirmed"


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("Chile celebra elecciones en noviembre.", "election_legitimacy"),
        ("Officials declined to say when the flight would land.", "due_process"),
        ("Le pidieron información al ministerio sobre el presupuesto.", "due_process"),
        ("A drone shot sweeps over rows of shaved heads.", "humanitarian"),
        ("Presos arrodillados y música épica, como un tráiler.", "humanitarian"),
    ],
)
def test_one_generic_word_alone_is_not_the_frame(
    rules_only: Pipeline, text: str, frame_id: str
) -> None:
    assert frame_id not in frames(rules_only, text)


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("La oposición insiste en que ganó las elecciones.", "election_legitimacy"),
        ("The opposition still says it won the vote.", "election_legitimacy"),
        ("No judge has reviewed the evidence and no trial date is set.", "due_process"),
        ("The men sat kneeling for hours, their heads shaved.", "humanitarian"),
    ],
)
def test_two_different_generic_words_are_the_frame(
    rules_only: Pipeline, text: str, frame_id: str
) -> None:
    assert frame_id in frames(rules_only, text)


def test_a_generic_word_is_the_frame_with_the_classifiers_support(rules_only: Pipeline) -> None:
    doc = rules_only.nlp("Chile celebra elecciones en noviembre.")
    weak = [(FRAME_WEAK, m) for m in doc_state(doc).cues[FRAME_WEAK]]
    by_frame = {"election_legitimacy": weak}
    assert supported(by_frame, doc, {"election_legitimacy": 0.5}, 0.2) == by_frame
    assert supported(by_frame, doc, {"election_legitimacy": 0.1}, 0.2) == {}
    assert supported(by_frame, doc, {}, 0.2) == {}


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("They were sent without a trace to a prison abroad.", "sovereignty_kidnapping"),
        ("Los trasladaron de madrugada a un lugar desconocido.", "sovereignty_kidnapping"),
        ("The agency won't tell the families where he is held.", "sovereignty_kidnapping"),
        ("He vanished after the flight landed.", "sovereignty_kidnapping"),
        ("Bukele bragged about the prison on a guided tour.", "spectacle_propaganda"),
        ("Todo fue escenificado para sus seguidores.", "spectacle_propaganda"),
        ("He came to the US legally in 2023.", "asylum_protection"),
        ("Temía por su vida si regresaba.", "asylum_protection"),
        ("The judge barred sending him back to the country he fled.", "asylum_protection"),
        ("Volvería a un país del que salió huyendo.", "asylum_protection"),
        ("He would face prosecution at home, his lawyer said.", "asylum_protection"),
        ("Nobody has confirmed to the family whether he is still there.", "sovereignty_kidnapping"),
        ("Dos años después no sabemos qué fue de él.", "sovereignty_kidnapping"),
        ("Les exigen revelar de inmediato el paradero de los detenidos.", "sovereignty_kidnapping"),
        ("Washington sigue pagando la cuenta de las celdas.", "exchange_bargaining"),
        ("They go home the day Maduro frees the journalists.", "exchange_bargaining"),
        ("En el video aparecen de rodillas y con la cabeza rapada.", "humanitarian"),
        ("Two inmates died in custody last year.", "humanitarian"),
        ("Su hermano tiene problemas graves de salud.", "humanitarian"),
        ("His kids keep asking when he is coming back.", "humanitarian"),
        ("Lo reconocimos por un lunar en la mano.", "humanitarian"),
        ("Pidieron informes sobre el trato a los detenidos.", "humanitarian"),
        ("The prison is not a hotel, the minister said.", "humanitarian"),
        ("Observers reported media censorship during the vote.", "political_repression"),
        ("Hubo 79 violaciones a la libertad de prensa.", "political_repression"),
        ("It would be the largest release of detainees in Venezuela.", "political_repression"),
        ("He was summoned for questioning by intelligence services.", "political_repression"),
    ],
)
def test_a_paraphrase_by_meaning_invokes_its_frame(
    rules_only: Pipeline, text: str, frame_id: str
) -> None:
    assert frame_id in frames(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The gang commits murders, kidnappings and extortion across the region.",
        "Imputaron a doce por el secuestro y homicidio de un exmilitar.",
        "Bukele wrote on X that the prison was full.",
    ],
)
def test_a_crime_in_a_list_or_a_post_reported_is_not_the_frame(
    rules_only: Pipeline, text: str
) -> None:
    assert not {"sovereignty_kidnapping", "spectacle_propaganda"} & set(frames(rules_only, text))


def test_a_relative_kept_from_seeing_him_is_anguish_a_lawyer_is_due_process(
    rules_only: Pipeline,
) -> None:
    wife = frames(rules_only, "His wife says she has not been allowed to see him in months.")
    assert "humanitarian" in wife
    assert "due_process" not in wife
    assert "humanitarian" in frames(rules_only, "A su esposa no le permiten verlo desde enero.")
    lawyer = "His lawyer has not been allowed to see him since March."
    assert "due_process" in frames(rules_only, lawyer)

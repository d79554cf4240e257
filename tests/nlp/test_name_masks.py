"""What the name masker hides from viewers: anything shaped like a person's name, in
English and Spanish, except known public actors, public figures and non-name words.

Each case shows the text as a viewer reads it, every masked span written as [X].
"""

from __future__ import annotations

import pytest

from nlp.lexicon import load_lexicon
from nlp.name_masks import NameMasks


@pytest.fixture(scope="module")
def masks() -> NameMasks:
    return NameMasks.from_lexicon(load_lexicon())


def seen(masks: NameMasks, text: str) -> str:
    out, position = [], 0
    for start, end in masks.spans(text):
        out += [text[position:start], "[X]"]
        position = end
    return "".join([*out, text[position:]])


@pytest.mark.parametrize(
    ("text", "viewer_sees"),
    [
        (
            "Rafael Tudares fue detenido en Caracas.",
            "[X] fue detenido en Caracas.",
        ),
        (
            "His mother told us Andry José Hernández Romero was taken in March.",
            "His mother told us [X] was taken in March.",
        ),
    ],
)
def test_a_full_name_is_hidden_wherever_it_stands(masks, text, viewer_sees):
    assert seen(masks, text) == viewer_sees


def test_a_sentence_initial_name_is_hidden_but_a_function_word_is_not(masks):
    assert seen(masks, "Yeferson tiene 24 años. El joven es barbero.") == (
        "[X] tiene 24 años. El joven es barbero."
    )
    assert seen(masks, "Luis was deported. The family waits.") == (
        "[X] was deported. The family waits."
    )


def test_a_first_name_alone_is_hidden(masks):
    assert seen(masks, "su primo Luis no sabe nada") == "su primo [X] no sabe nada"
    assert seen(masks, "I miss my brother, Carlos.") == "I miss my brother, [X]."


def test_a_surname_alone_after_the_full_name_is_hidden_even_where_it_is_a_common_word(masks):
    text = "Luis Guerra fue trasladado al CECOT. Guerra dijo que la guerra no es suya."
    assert seen(masks, text) == "[X] fue trasladado al CECOT. [X] dijo que la [X] no es suya."
    text = "Mervin Yamarte was deported; Yamarte's mother says YAMARTE is a barber."
    assert seen(masks, text) == "[X] was deported; [X] mother says [X] is a barber."


def test_initials_next_to_a_name_go_with_it(masks):
    assert seen(masks, "Carlos R. sigue preso.") == "[X] sigue preso."
    assert seen(masks, "The detainee J. Quintero wrote home.") == ("The detainee [X] wrote home.")


def test_every_name_in_a_list_is_hidden(masks):
    text = "Andry Hernández, Mervin Yamarte, Jerce Reyes y Franco Caraballo son los detenidos."
    assert seen(masks, text) == "[X], [X], [X] y [X] son los detenidos."
    text = "Andry, Mervin, Jerce and Franco were flown to El Salvador."
    assert seen(masks, text) == "[X], [X], [X] and [X] were flown to El Salvador."


def test_names_in_capitals_are_hidden(masks):
    assert seen(masks, "LIBERTAD PARA RAFAEL TUDARES") == "LIBERTAD PARA [X]"
    assert seen(masks, "FREE ANDRY HERNÁNDEZ NOW") == "FREE [X] NOW"


def test_names_written_in_lower_case_are_hidden(masks):
    assert seen(masks, "rafael tudares sigue preso") == "[X] [X] sigue preso"


def test_handles_and_addresses_are_hidden_but_public_actors_handles_are_not(masks):
    assert seen(masks, "escriban a @mamadeandry o a @nayibbukele") == (
        "escriban a [X] o a @nayibbukele"
    )
    assert seen(masks, "or write to jose.perez@gmail.com today") == "or write to [X] today"
    assert masks.is_public_handle("nayibbukele") and not masks.is_public_handle("mamadeandry")


def test_url_paths_and_slugs_are_hidden_but_the_site_is_not(masks):
    text = "Lo cuenta https://elpais.com/america/2025-04-21/rafael-tudares-detenido.html hoy"
    assert seen(masks, text) == "Lo cuenta https://elpais.com/[X] hoy"
    assert seen(masks, "ver /rafael-tudares-detenido") == "ver [X]"
    assert seen(masks, "el caso rafael-tudares sigue") == "el caso [X] sigue"


def test_hashtags_made_of_names_are_hidden_but_topic_hashtags_are_not(masks):
    assert seen(masks, "#FreeRafaelTudares #CECOT #BukeleDictador") == (
        "[X] #CECOT #BukeleDictador"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Bukele offered Maduro a swap of 252 Venezuelans; Trump praised it.",
        "Nayib Bukele y Nicolás Maduro hablan del CECOT; Marco Rubio y Kristi Noem también.",
        "Edmundo González Urrutia y María Corina Machado denunciaron a Diosdado Cabello.",
        "Según Foro Penal y Human Rights Watch, the Alien Enemies Act was invoked in March.",
        "El Salvador and Venezuela, in April; Estados Unidos, Texas y Caracas.",
        "Hugo Chávez, Simón Bolívar and Elon Musk are public figures.",
    ],
)
def test_public_actors_figures_places_and_institutions_stay_visible(masks, text):
    assert masks.spans(text) == []


def test_a_public_actors_given_name_alone_is_hidden_as_it_may_be_someone_else(masks):
    assert seen(masks, "Nicolás Pérez fue deportado; Nicolás tiene 19 años.") == (
        "[X] fue deportado; [X] tiene 19 años."
    )


def test_a_non_name_word_that_is_also_a_given_name_is_hidden_beside_a_name(masks):
    assert seen(masks, "Salvador Pérez de la Cruz fue detenido.") == "[X] fue detenido."


def test_a_watchlist_name_is_hidden_even_where_a_public_list_names_it_too():
    masks = NameMasks(
        given_names=["Juan", "Pablo"],
        public_phrases=["Juan Pablo Guanipa", "Bukele"],
        private_phrases=["Juan Pablo Guanipa"],
        not_name_words=[],
        particles=["de"],
    )
    assert seen(masks, "Bukele y Juan Pablo Guanipa") == "Bukele y [X]"

"""The Names policy: pseudonyms for known people, a fixed placeholder for anything else the
injected masker flags, site-only URLs and account pseudonyms, and no way to hide names
without a masker."""

from __future__ import annotations

import re

import pytest

from storage.privacy import MASKED, Names, Span, pseudonym, redact

KEY = b"k" * 32


def capitalised_words(text: str) -> list[tuple[int, int]]:
    """A stand-in masker: every capitalised word and every @handle may be a name."""
    return [m.span() for m in re.finditer(r"@\w+|\b[A-Z]\w+", text)]


HIDDEN = Names(KEY, masker=capitalised_words)
REVEALED = Names(KEY, reveal=True)


def test_a_policy_that_hides_names_cannot_be_built_without_a_masker():
    with pytest.raises(ValueError, match="masker"):
        Names(KEY)
    assert Names(KEY, reveal=True).reveal


def test_known_people_show_as_pseudonyms_and_other_names_as_the_placeholder():
    text = "José Pérez y Ana Gómez, detenidos"
    jose = Span(0, 10, "José Pérez", "jose perez")
    assert redact(text, [jose], HIDDEN) == (
        f"[{pseudonym('jose perez', KEY)}] y {MASKED} {MASKED}, detenidos"
    )
    assert redact(text, [jose], REVEALED) == text


def test_a_masked_stretch_longer_than_a_known_person_hides_the_rest_of_it():
    def whole_name(text: str) -> list[tuple[int, int]]:
        return [(0, len("José Pérez de la Cruz"))]

    names = Names(KEY, masker=whole_name)
    text = "José Pérez de la Cruz, detenido"
    redacted = redact(text, [Span(0, 10, "José Pérez", "jose perez")], names)
    assert redacted == f"[{pseudonym('jose perez', KEY)}] {MASKED}, detenido"


def test_a_viewer_gets_the_site_of_a_post_but_not_its_path():
    url = "https://elpais.com/america/2025-04-21/jose-perez-detenido.html"
    assert HIDDEN.link(url) == "https://elpais.com/"
    assert HIDDEN.link("javascript:alert(1)") == ""
    assert HIDDEN.link("https://Jose-Perez.example.org/post") == ""
    assert REVEALED.link(url) == url


def test_a_handle_that_may_name_someone_becomes_a_stable_account_pseudonym():
    shown = HIDDEN.handle("JosePerez")
    assert shown.startswith("account-") and "Jose" not in shown
    assert HIDDEN.handle("JosePerez") == shown, "the same account, the same pseudonym"
    assert REVEALED.handle("JosePerez") == "JosePerez"

    def only_unknown(text: str) -> list[tuple[int, int]]:
        return [] if text == "@nayibbukele" else [(0, len(text))]

    assert Names(KEY, masker=only_unknown).handle("nayibbukele") == "nayibbukele"

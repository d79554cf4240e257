"""A detention said of a titled name past its apposition: "Nélida Sánchez, coordinadora de
formación de Súmate, quien fue detenida"; "Javier Tarazona, director de FundaRedes, quien está
en prisión"; "Javier Tarazona —detenido en julio de 2021—"; "Lorenia Gutiérrez, coordinadora
en la parroquia Universidad, municipio Caroní, estado Bolívar, fue secuestrada".

Jailed activists, party workers and NGO directors are introduced by name and role, and the
role is a source's title, which blocks the name. The detention comes after the role: in a
relative clause, in a dash or parenthesis set aside, or after an apposition that itself holds
commas (a place given as parish, municipality, state). Said of the name, it makes the person
one held, so at risk. Another person named inside the apposition may be whom it is said of
("X, abogado de Juan Pérez, quien fue detenido"), so such an apposition settles nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from nlp.held_subjects import HELD_LINKS
from nlp.matching import given_name_starts
from nlp.name_finder import NameFinder
from nlp.text_shapes import SENTENCE_ENDS

_ASIDES = frozenset({"—", "–", "-", "("})
_RELATIVES = frozenset({"quien", "quienes", "who"})
# What may stand between the relative and the participle: "quien fue supuestamente
# interceptado", "who is being held", "quien se encuentra detenida", "quien está en prisión".
_STATE_LINKS = HELD_LINKS | frozenset(
    {"está", "estaba", "se", "encuentra", "encontraba", "permanece", "sigue", "había", "habían"}
    | {"is", "remains", "remained", "being", "had", "still", "aún", "todavía"}
    | {"supuestamente", "presuntamente", "allegedly", "reportedly", "arbitrariamente"}
)
# Places of holding after "en"/"in": "quien está en prisión", "who remains in jail".
_HELD_PLACES = frozenset(
    {"prisión", "prision", "cárcel", "carcel", "custodia", "prison", "jail", "custody"}
)
_LINK_REACH = 5
_APPOSITION_REACH = 24
# Words that end what could be the apposition: another clause or speech begins.
_BREAKS = frozenset({";", ":", "que", "that", "which", "dijo", "said", "says", "told", "según"})


def held_past_apposition(doc: Doc, names: NameFinder, end: int) -> bool:
    """Whether a detention is said of the name ending at token `end` past a role set after
    it: an aside opened right after the name, or a comma-closed apposition then a relative
    clause or the participle."""
    if end >= len(doc):
        return False
    first = doc[end]
    if first.text in _ASIDES:
        return _held_from(doc, names, end + 1)
    if first.text[:1] == "-" and len(first) > 1:  # "Tarazona -detenido en julio-"
        return _glued_participle(doc, names, end)
    if first.text != ",":
        return False
    given = given_name_starts(doc)
    i = end + 1
    while i < len(doc) and i - end <= _APPOSITION_REACH:
        token = doc[i]
        text = token.text  # read once: each read looks the token's text up
        if text in SENTENCE_ENDS or token.lower_ in _BREAKS or _ends_a_line(token, text):
            return False
        if i in given and _names_another(doc, names, i):
            return False
        if text == "," and _held_from(doc, names, i + 1):
            return True
        i += 1
    return False


def _held_from(doc: Doc, names: NameFinder, start: int) -> bool:
    """Whether the words from `start` say a detention: an optional relative, links, then a
    participle ("quien fue detenida", "was arrested") or a place of holding ("en prisión")."""
    i = start
    if i < len(doc) and doc[i].lower_ in _RELATIVES:
        i += 1
    begin = i
    while i < len(doc) and i - begin < _LINK_REACH and doc[i].lower_ in _STATE_LINKS:
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ in ("en", "in"):
        return doc[i + 1].lower_ in _HELD_PLACES
    return i < len(doc) and names.is_held(doc[i])


def _glued_participle(doc: Doc, names: NameFinder, at: int) -> bool:
    """A hyphen written against the participle's first letter makes one token: read the
    participle from the word the tokenizer would give without it."""
    return names.is_held(Doc(doc.vocab, words=[doc[at].text[1:]])[0])


def _ends_a_line(token: Token, text: str) -> bool:
    """A line break (in the token's `text` or after it) ends the apposition: a byline's outlet
    is not a role ("By Ana Ruiz, VOA" over a paragraph whose subject was deported)."""
    return "\n" in text or "\n" in token.whitespace_


def _names_another(doc: Doc, names: NameFinder, i: int) -> bool:
    """Whether a person's name of two words or more starts at the given name at token `i`:
    the detention may be said of that person."""
    found = names.name_at(doc, i)
    return found is not None and len(found) > 1

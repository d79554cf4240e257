"""Bodies a passage refers to by a bare common noun, having named them in a title or earlier on
the page: "the Mission said", "la Misión exhorta a las autoridades", "the experts said",
"señalaron los expertos", "The organization urged Salvadoran authorities", "dice la
organización".

The codebook counts an actor the passage plainly means. In this affair's report prose:
- "the Mission" (capitalised, named by nothing after it) is the UN fact-finding mission on
  Venezuela; "Misión Vivienda" (a named programme), "the Mission to the OAS", a mission of
  observers or of an embassy are not;
- "the experts" who speak (said, urged, "han comunicado", "apuntaron") in a passage on rights
  are UN experts, unless the passage names what kind of experts it quotes ("legal experts",
  "expertos en seguridad", "los expertos consultados") or another body they may belong to;
- "the organization", "the group", "la organización" that speak are a rights group, unless
  the passage names another body they may be (the UN or the IACHR; a union or the OAS before
  them), or, for "the group", a gang or "a group of" lawmakers.
A body named without speaking ("the organization's de facto headquarters", "miembros de la
organización criminal") is left alone: it may be anyone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from nlp.doc_state import lowered_text
from nlp.matching import Match
from nlp.text import fold, fold_text

UN = "un_human_rights"
NGOS = "human_rights_ngos"
_OTHER_BODIES = frozenset({"un_human_rights", "iachr"})
_GANGS = frozenset({"tren_de_aragua", "ms13"})

_ARTICLES = frozenset({"the", "la", "esta", "dicha", "misma", "this", "las", "los"})
_MISSION = frozenset({"mission", "mision"})
_EXPERTS = frozenset({"experts", "expertos", "expertas"})
_SPEAKING_BODIES = frozenset({"organization", "organisation", "organizacion", "group", "groups"})
_NOUNS = _MISSION | _EXPERTS | _SPEAKING_BODIES
# Signs of another owner of "the Mission": observers, diplomats, the OAS or the EU.
_OTHER_MISSIONS = (
    "observation",
    "observaci",
    "observer",
    "observador",
    "embass",
    "embajad",
    "diplomat",
    "consul",
    " oas",
    " oea",
    " eu ",
    " ue ",
    "carter",
)
# Bodies "the organization" may be other than a rights group: "El Sindicato Nacional de
# Trabajadores de la Prensa ... La organización citó fuentes".
_OTHER_ORGANISATIONS = (
    "sindicato",
    "union",
    "federaci",
    "colegio",
    " panel",
    " oea",
    " oas",
    "american states",
    "estados americanos",
)
# Passages on rights (folded text), where speaking experts are the UN's.
_RIGHTS = (
    "human right",
    "derechos humanos",
    "international law",
    "derecho internacional",
    "due process",
    "debido proceso",
    "disappear",
    "desaparici",
    "arbitrar",
    "whereabouts",
    "paradero",
    "repres",
    "tortur",
)
# Words between a speaker and its verb: "the experts have formally communicated", "la
# organización también ha alertado".
_BETWEEN = frozenset(
    "have has had also further formally today again then ha han habia habian tambien "
    "ademas hoy ya".split()
)
_REACH = 3
# Verbs of saying, asking, finding and reporting, by folded start, in both languages.
_SAYS = tuple(
    (
        "said say urge call warn note add state report document denounc condemn "
        "demand ask estimat sent interview regist record counted verif confirm publish told "
        "tell explain argu express accus critici describ conclud recommend request stress "
        "communicat rais highlight emphasi insist "
        "dij dice senal indic afirm denunci advirt adviert alert exig pidi pide insto insta "
        "solicit "
        "inform report registr contabiliz verific confirm document estim precis detall "
        "explic agreg anadi record recuerd subray destac critic conden calific public envi "
        "cuestion sostuv sostien asegur consider manifest expres reiter conclu hizo "
        "apunt lament exhort comunic recib"
    ).split()
)
# Before a speaker: "según la organización" ("according to the organization" below).
_SOURCE_OF = "segun"
# Words after a mission that say which one it is: "the Mission to", "la misión de rescate".
_MISSION_OF = frozenset({"de", "del", "of", "to", "para", "for", "a", "al"})
# Words that may follow a speaker named last: "dijo la Misión en un comunicado".
_AFTER_SPEAKER = frozenset("en in on este esta this that ayer hoy today yesterday el al a".split())


def bodies_referred_to(doc: Doc, nouns: list[Match], spans: list[Span]) -> list[Span]:
    """Spans for "the Mission", speaking "experts" and speaking "organizations" (module doc);
    `nouns`: the cues of an article and such a noun."""
    text = lowered_text(doc)
    named = {s.label_ for s in spans}
    found: list[Span] = []
    for noun in nouns:
        token = doc[noun.end - 1]
        folded = fold(token.text)
        if folded not in _NOUNS or fold(doc[noun.start].text) not in _ARTICLES:
            continue  # "the expert", "la misión" spelt otherwise by the cue's plural-blind key
        label = _body(doc, token, folded, text, named)
        if label:
            found.append(Span(doc, noun.start, noun.end, label=label))
    return found


def _body(doc: Doc, token: Token, folded: str, text: str, named: set[str]) -> str:
    """The actor a bare "Mission", "experts" or "organization" is, or ""."""
    if folded in _MISSION:
        if any(sign in text for sign in _OTHER_MISSIONS) or _mission_named(doc, token):
            return ""
        if token.text[0].isupper():
            return UN
        return UN if _speaks(doc, token) and _on_rights(text) else ""
    if not _speaks(doc, token):
        return ""
    if folded in _EXPERTS:
        if folded != "experts" and not _spoke(doc, token):
            return ""  # "los expertos advierten que ...": experts in general
        alone = all(_bare_experts(doc, t) for t in doc if fold(t.text) in _EXPERTS)
        return UN if alone and "iachr" not in named and _on_rights(text) else ""
    before = text[: token.idx]
    if named & _OTHER_BODIES or any(word in before for word in _OTHER_ORGANISATIONS):
        return ""
    if folded.startswith("group") and (named & _GANGS or "group of" in text):
        return ""  # "the group called ...", "a group of lawmakers ... the group said"
    return NGOS


def _mission_named(doc: Doc, token: Token) -> bool:
    """Whether words after "Mission" name which one it is: "Misión Vivienda", "the Mission to
    the OAS", "la misión de rescate" (the UN's, "de la ONU", is named by the lexicon)."""
    if token.i + 1 >= len(doc):
        return False
    after = doc[token.i + 1]
    return after.is_title or fold(after.text) in _MISSION_OF


def _speaks(doc: Doc, token: Token) -> bool:
    """Whether the noun is a speaker: a verb of saying follows it (over "have", "también"),
    or comes just before its article with nothing naming the noun after it ("dice la
    organización", "señaló la ONG en un comunicado"), or the noun is a source ("according to
    the group", "según la organización")."""
    for after in doc[token.i + 1 : token.i + 1 + _REACH]:
        if _says(after.text):
            return True
        if fold(after.text) not in _BETWEEN:
            break
    if token.i < 2 or not _ends_noun_phrase(doc, token.i + 1):
        return False
    before = doc[token.i - 2]
    if _says(before.text) or fold(before.text) == _SOURCE_OF:
        return True
    return before.lower_ == "to" and token.i > 2 and doc[token.i - 3].lower_ == "according"


def _ends_noun_phrase(doc: Doc, at: int) -> bool:
    """Whether nothing at `at` may name the noun before it: the end, a mark, or a word that
    opens what follows a speaker ("en un comunicado", "this week")."""
    return at >= len(doc) or not doc[at].is_alpha or fold(doc[at].text) in _AFTER_SPEAKER


def _spoke(doc: Doc, token: Token) -> bool:
    """Whether Spanish experts spoke in a past tense ("señalaron los expertos", "los expertos
    han comunicado"): the present ("advierten", "coinciden") is how Spanish speaks of experts
    in general."""
    near = [*doc[token.i + 1 : token.i + 1 + _REACH], doc[max(token.i - 2, 0)]]
    return any(
        fold(t.text) in {"han", "habian"} or fold(t.text).endswith(("aron", "ieron")) for t in near
    )


def _says(word: str) -> bool:
    return fold(word).startswith(_SAYS)


def _bare_experts(doc: Doc, token: Token) -> bool:
    """Whether "experts" is bare: "the experts said", not "legal experts" nor "expertos en"."""
    if token.i == 0 or fold(doc[token.i - 1].text) not in _ARTICLES:
        return False
    at = token.i + 1
    return _ends_noun_phrase(doc, at) or _says(doc[at].text) or fold(doc[at].text) in _BETWEEN


def _on_rights(text: str) -> bool:
    folded = fold_text(text)
    return any(word in folded for word in _RIGHTS)

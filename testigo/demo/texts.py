"""Bilingual post templates about the April 2025 exchange, written for the demo.

Each template names the frame it is written in; placeholders are filled by
`sample`: {actor} a public actor, {person} a named individual, {detail} an
identifying detail, {tag} a hashtag. No template is a copied post.
"""

from __future__ import annotations

TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "humanitarian": (
            "Bukele lo llama acuerdo humanitario: 252 venezolanos del CECOT por 252 presos "
            "políticos. {tag}",
            "{actor} insiste en que el canje humanitario es un gesto de buena voluntad. {tag}",
        ),
        "exchange_bargaining": (
            "Seres humanos usados como moneda de cambio. Esto no es un acuerdo, es un canje de "
            "rehenes. {tag}",
            "Ni los migrantes del CECOT ni los presos políticos son fichas de intercambio. {tag}",
        ),
        "criminality_terrorism": (
            "Son terroristas del Tren de Aragua y en el CECOT es donde tienen que estar. {tag}",
            "{actor}: pandilleros y delincuentes no vuelven a las calles. {tag}",
        ),
        "due_process": (
            "Ninguno de los 252 ha visto a un juez. Sin juicio, sin abogado, sin debido proceso. "
            "{tag}",
            "No son terroristas: la mayoría no tenía antecedentes y nadie los acusó. {tag}",
        ),
        "political_repression": (
            "Foro Penal cuenta casi mil presos políticos tras el 28 de julio, con desapariciones "
            "forzadas. {tag}",
            "Tortura y aislamiento para los presos políticos en Venezuela, denuncia {actor}. {tag}",
        ),
        "sovereignty_kidnapping": (
            "{actor}: nuestros muchachos fueron secuestrados y llevados a un campo de "
            "concentración. {tag}",
            "Caracas rechaza la injerencia y exige liberar a los venezolanos secuestrados en El "
            "Salvador. {tag}",
        ),
        "spectacle_propaganda": (
            "Todo es un show para las redes: propaganda y espectáculo con vidas humanas. {tag}",
            "Un montaje pensado para hacerse viral, dicen las ONG. {tag}",
        ),
        "asylum_protection": (
            "Varios tenían solicitudes de asilo y TPS; devolverlos sin evaluar el riesgo viola la "
            "no devolución. {tag}",
        ),
        "election_legitimacy": (
            "El usurpador que se robó la elección del 28 de julio no puede hablar de derechos. "
            "{tag}",
        ),
    },
    "en": {
        "humanitarian": (
            "Bukele calls it a humanitarian agreement: 252 Venezuelans in CECOT for 252 political "
            "prisoners. {tag}",
            "{actor} presents the swap as a humanitarian gesture. {tag}",
        ),
        "exchange_bargaining": (
            "Human beings used as bargaining chips. This is a hostage trade, not a deal. {tag}",
            "A prisoner swap with people as currency, say rights groups. {tag}",
        ),
        "criminality_terrorism": (
            "These are Tren de Aragua terrorists and they belong in CECOT. {tag}",
            "{actor} says the men are gang members and alien enemies. {tag}",
        ),
        "due_process": (
            "None of the 252 men has seen a judge. No charges, no lawyer, no due process. {tag}",
            "They are not gang members: most had no criminal record and were never charged. {tag}",
        ),
        "political_repression": (
            "Venezuela holds close to a thousand political prisoners after the July 28 election. "
            "{tag}",
            "Arbitrary detention and enforced disappearance in Venezuela, says {actor}. {tag}",
        ),
        "sovereignty_kidnapping": (
            "{actor} says the men were kidnapped and sent to a concentration camp. {tag}",
        ),
        "spectacle_propaganda": (
            "A publicity stunt made for social media, with real lives at stake. {tag}",
            "Pure optics: the offer was staged for virality. {tag}",
        ),
        "asylum_protection": (
            "Several had pending asylum claims or TPS. Returning them breaks non-refoulement. "
            "{tag}",
        ),
        "election_legitimacy": (
            "An illegitimate regime that stole the July 28 election lectures others on rights. "
            "{tag}",
        ),
    },
}

# Templates that name a person: {person} is the name, {detail} an identifying detail.
PERSON_TEMPLATES: dict[str, tuple[str, ...]] = {
    "es": (
        "Libertad para {person}. Lleva meses preso sin juicio. {tag}",
        "La familia de {person} no sabe nada de él desde marzo. {detail} {tag}",
        "Bukele nombró a {person} en su lista del canje. {tag}",
        "El joven {person} no es terrorista; {detail} {tag}",
    ),
    "en": (
        "Free {person}. Held for months without trial. {tag}",
        "The family of {person} has heard nothing since March. {detail} {tag}",
        "Bukele named {person} in his swap offer. {tag}",
        "The young man {person} is not a gang member; {detail} {tag}",
    ),
}

DETAILS: dict[str, tuple[str, ...]] = {
    "es": (
        "Su madre vive en Maracay.",
        "Trabajaba en una barbería de Valencia.",
        "Es oriundo de Barquisimeto.",
        "Su esposa pide fe de vida.",
    ),
    "en": (
        "His mother lives in Maracay.",
        "He worked at a barbershop in Valencia.",
        "He grew up in Barquisimeto.",
        "His wife asks for proof of life.",
    ),
}

_NAMED = ("Bukele", "Maduro", "Tarek William Saab", "Diosdado Cabello", "María Corina Machado",
          "Marco Rubio", "Kristi Noem", "Foro Penal", "Human Rights Watch")  # fmt: skip
ACTORS: dict[str, tuple[str, ...]] = {
    "es": (*_NAMED, "la CIDH", "el fiscal general venezolano"),
    "en": (*_NAMED, "the IACHR", "Venezuela's attorney general"),
}

TAGS: dict[str, tuple[str, ...]] = {
    "es": ("#CECOT", "#CanjeHumanitario", "#PresosPolíticos", "#Venezuela", "#ElSalvador", ""),
    "en": ("#CECOT", "#AlienEnemiesAct", "#Venezuela", "#DueProcess", "#Bukele", ""),
}

# Invented people (not on the watchlist): the review queue should find them.
INVENTED_PEOPLE = (
    "Yorman Alexis Quintero",
    "José Gregorio Peña Linares",
    "Daniela Rangel Ochoa",
    "Wilmer Antonio Briceño",
)

# Accounts, outlets and channels: invented names for the sample.
ACCOUNT_WORDS = (
    "lucia", "mateo", "ddhh", "caracas", "llanero", "andina", "vigia", "notas", "voz",
    "cronica", "press", "watch", "sur", "norte", "migra", "observa", "datos", "libre",
    "pueblo", "costa", "valle", "radio", "diario", "puente",
)  # fmt: skip
OUTLETS = (
    ("Diario Testigo Sur", "diariotestigosur.example"),
    ("Noticiero Llanero", "noticierollanero.example"),
    ("Crónica Andina", "cronicaandina.example"),
    ("Gulf Ledger", "gulfledger.example"),
    ("Rights Dispatch", "rightsdispatch.example"),
    ("El Puente Digital", "elpuentedigital.example"),
)
TELEGRAM_CHANNELS = ("noticiero_llanero", "voz_del_cecot", "cronica_andina")

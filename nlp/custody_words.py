"""Words of detention, as folded word starts, shared by the rules that ask whether someone is
held: the opposition as people arrested, and listed prisoners as people spoken of in custody."""

DETENTION_STEMS = tuple(
    "detain detention detenid detencion arrest apres jail encarcel preso presa captur "
    "sacado".split()
)

"""Testigo's NLP: post text in, actors, frames, individuals and details out (nlp.pipeline)."""

from nlp.lean_spacy import import_spacy_without_cli

import_spacy_without_cli()

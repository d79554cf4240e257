"""The one way Testigo loads its NLP pipeline from the config: the CLI's `annotate` and
`nlp evaluate`, `worker`, `run` and the daemon's worker process all call it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from testigo.config import Config
from testigo.errors import ConfigError

if TYPE_CHECKING:
    from nlp.pipeline import Pipeline


def load_configured_pipeline(config: Config) -> Pipeline:
    """The pipeline of `[nlp] models` and `[nlp] data_dir`. A model that will not load or a
    lexicon file that is wrong is the user's to fix, so it is one line naming the config file,
    never a traceback. spaCy is imported here, not at import time: most commands never use it;
    and without its command line (nlp.lean_spacy), which none of them runs."""
    from nlp.lean_spacy import import_spacy_without_cli

    import_spacy_without_cli()
    from nlp.lexicon import LexiconError
    from nlp.pipeline import ModelError, load_pipeline

    try:
        return load_pipeline(models=dict(config.nlp.models), data_dir=config.nlp.data_dir or None)
    except (LexiconError, ModelError) as error:
        one_line = " ".join(str(error).split())
        raise ConfigError(f"{config.path}: [nlp] {one_line}") from None

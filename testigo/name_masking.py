"""Wires the NLP name masker into the storage privacy policy (storage never imports nlp).

Every viewer-facing read (CLI queries, exports and digests without --reveal, the daemon's
digest, the dashboard for viewers) gets its Names policy from here.
"""

from __future__ import annotations

from functools import lru_cache

from storage.privacy import Masker, Names
from testigo.config import Config
from testigo.pseudonym_key import pseudonym_key


@lru_cache(maxsize=4)
def name_masker(data_dir: str | None = None) -> Masker:
    """The spans of a text that may name a person, from the lexicon in `data_dir`."""
    from nlp.lexicon import load_lexicon
    from nlp.name_masks import NameMasks

    return NameMasks.from_lexicon(load_lexicon(data_dir)).spans


def config_masker(config: Config) -> Masker:
    return name_masker(config.nlp.data_dir or None)


def names_policy(config: Config, reveal: bool = False) -> Names:
    """Real names when `reveal` (the caller audits it), else pseudonyms and masked names."""
    return Names(pseudonym_key(config), reveal, masker=None if reveal else config_masker(config))

"""`[coordination]` and the exposure part's weight: defaults, and clear errors for bad values."""

from __future__ import annotations

import pytest

from testigo.config import load_config, parse_config
from testigo.coordination import settings_from
from testigo.errors import ConfigError


def test_the_packaged_config_states_the_issue_defaults():
    config = load_config()
    settings = settings_from(config)
    assert (settings.window_seconds, settings.min_accounts, settings.similarity) == (300, 5, 0.6)
    assert config.exposure.coordinated_weight == 0.1


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[coordination]\nwindow = "5 minutes"', "[coordination] window"),
        ("[coordination]\nmin_accounts = 1", "min_accounts: must be at least 2"),
        ("[coordination]\nsimilarity = 1.5", "similarity: expected a number above 0"),
        ('[coordination]\nsimilarity = "high"', "similarity: expected a number"),
        ("[exposure]\ncoordinated_weight = -1", "coordinated_weight: must not be negative"),
        ("[coordination]\nwindows = 3", "unknown key 'windows'"),
    ],
)
def test_a_bad_value_names_the_key_and_what_was_expected(toml, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(toml, "testigo.toml")

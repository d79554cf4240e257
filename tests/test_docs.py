"""README.md documents every source kind, config key and credential, so the docs cannot rot."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from collector.registry import COMMON_KEYS, SOURCE_KINDS
from testigo.config import AlertConfig

README = Path(__file__).resolve().parents[1] / "README.md"


def sources_section() -> str:
    text = README.read_text("utf-8")
    assert "\n## Sources\n" in text, "README.md has no '## Sources' section"
    section = text.split("\n## Sources\n", 1)[1]
    return section.split("\n## ", 1)[0]


def documented(name: str) -> bool:
    return f"`{name}`" in sources_section()


@pytest.mark.parametrize("kind", sorted(SOURCE_KINDS))
def test_every_source_kind_is_documented(kind):
    assert documented(kind), f"README ## Sources does not mention kind `{kind}`"


@pytest.mark.parametrize("key", sorted(COMMON_KEYS))
def test_every_common_source_key_is_documented(key):
    assert documented(key), f"README ## Sources does not mention the common key `{key}`"


@pytest.mark.parametrize(
    ("kind", "key"),
    sorted((kind.name, key) for kind in SOURCE_KINDS.values() for key in kind.config_keys),
)
def test_every_kind_config_key_is_documented(kind, key):
    row = next((line for line in sources_section().splitlines() if f"| `{kind}` |" in line), "")
    assert f"`{key}`" in row, f"README ## Sources: the `{kind}` row does not mention `{key}`"


@pytest.mark.parametrize(
    ("kind", "credential"),
    sorted((kind.name, c) for kind in SOURCE_KINDS.values() for c in kind.credentials),
)
def test_every_credential_is_documented(kind, credential):
    row = next((line for line in sources_section().splitlines() if f"| `{kind}` |" in line), "")
    assert f"`{credential}`" in row, f"README ## Sources: `{kind}` lacks credential `{credential}`"


def alerts_section() -> str:
    text = README.read_text("utf-8")
    assert "\n### Alerts\n" in text, "README.md has no '### Alerts' section"
    return text.split("\n### Alerts\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("key", [f.name for f in fields(AlertConfig)])
def test_every_alert_key_is_documented(key):
    assert f"`{key}`" in alerts_section(), f"README ### Alerts does not mention `{key}`"

"""The key behind pseudonyms: from the environment (or secrets file), else a local key file.

Without `[privacy] pseudonym_key_env` set, a random key is made once and kept
in $XDG_CONFIG_HOME/testigo/pseudonym.key (default ~/.config/testigo/), mode
0600, so pseudonyms stay stable across runs. Never in the database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from testigo.config import Config
from testigo.errors import UserError


def key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "testigo" / "pseudonym.key"


def pseudonym_key(config: Config) -> bytes:
    configured = config.secret(config.privacy.pseudonym_key_env)
    if configured:
        return configured.encode("utf-8")
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first; read theirs
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    try:
        return path.read_text("utf-8").strip().encode("utf-8")
    except OSError as error:
        raise UserError(f"cannot read the pseudonym key {path}: {error.strerror}") from None

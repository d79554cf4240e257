"""The query tests' dataset helpers (annotations as the NLP worker saves them) serve here too."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "queries"))

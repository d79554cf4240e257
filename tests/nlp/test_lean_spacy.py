"""spaCy imported without its command line: the pipeline's start-up leaves out `spacy.cli`, and
whoever needs the command line (training, `spacy.info`) still gets the real one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LEAN_SPACY = Path(__file__).parents[2] / "nlp" / "lean_spacy.py"


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pipeline_imports_no_command_line_and_training_still_finds_it() -> None:
    _run(
        "import sys, nlp.pipeline, spacy\n"
        "assert 'spacy.cli' not in sys.modules and 'requests' not in sys.modules\n"
        "from spacy.cli.train import train\n"
        "assert 'spacy_version' in spacy.info()\n"
    )


def test_a_spacy_that_wants_more_of_its_command_line_is_imported_as_usual() -> None:
    _run(
        "import importlib.util, sys\n"
        # The module alone: importing the nlp package would import spaCy at once.
        f"spec = importlib.util.spec_from_file_location('lean', {str(LEAN_SPACY)!r})\n"
        "lean = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(lean)\n"
        "lean._INFO = 'spacy.cli.elsewhere'  # the stand-in no longer has what spaCy imports\n"
        "lean.import_spacy_without_cli()\n"
        "import spacy\n"
        "assert 'spacy.cli' in sys.modules and spacy.blank('xx')('a b').text == 'a b'\n"
    )

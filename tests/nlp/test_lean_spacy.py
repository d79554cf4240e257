"""spaCy imported without its command line: the pipeline's start-up leaves out `spacy.cli`, and
whoever needs the command line (training, `spacy.info`) still gets the real one."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pipeline_imports_no_command_line_and_training_still_finds_it() -> None:
    _run(
        "import sys, testigo.cli.annotate\n"
        "assert 'spacy' not in sys.modules  # imported when the pipeline loads\n"
        "from nlp.lean_spacy import import_spacy_without_cli\n"
        "import_spacy_without_cli()\n"
        "import nlp.pipeline, spacy\n"
        "assert 'spacy.cli' not in sys.modules and 'requests' not in sys.modules\n"
        "from spacy.cli.train import train\n"
        "assert 'spacy_version' in spacy.info()\n"
    )


def test_a_spacy_that_wants_more_of_its_command_line_is_imported_as_usual() -> None:
    _run(
        "import sys, nlp.lean_spacy as lean\n"
        "lean._INFO = 'spacy.cli.elsewhere'  # the stand-in no longer has what spaCy imports\n"
        "lean.import_spacy_without_cli()\n"
        "import spacy\n"
        "assert 'spacy.cli' in sys.modules and spacy.blank('xx')('a b').text == 'a b'\n"
    )

"""Testigo's NLP stages: text in, annotations out (spaCy). No database, no network.

When `make native` has compiled the stages for exactly these sources (nlp.native), their
compiled modules are imported instead of the Python ones.
"""

from nlp.native import use_compiled

use_compiled(__path__)

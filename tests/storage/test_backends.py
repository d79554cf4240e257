"""The database backend is chosen from the URL, once; a database Testigo does not use is named."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import ArgumentError

from storage.engine import create_database_engine


def test_a_database_testigo_does_not_use_is_refused_with_the_ones_it_does():
    with pytest.raises(
        ArgumentError, match="unsupported database 'mysql': use sqlite or postgresql"
    ):
        create_database_engine("mysql://analyst@db.example/testigo")

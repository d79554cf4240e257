"""`python -m testigo` is the `testigo` command."""

from testigo.cli import main

main()

# `make run` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The browser tests drive Debian's chromium package (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install bytecode native prepare run test lint bench demo clean chromium train-frames

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Testigo needs Python 3.11 or newer: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Bytecode for Testigo's own packages, as pip writes it for installed ones: an editable install
# leaves it to the first import, which writes nothing under PYTHONDONTWRITEBYTECODE, so every
# command would compile ~80 modules again (0.05-0.15 s of each start-up). Quick when
# up to date.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q collector dashboard nlp storage testigo

# The pipeline's start-up tables (cue tables, lexicon), computed from the data files and kept
# in ~/.cache/testigo: without them the first `annotate` or `run` starts ~2 s later.
prepare: $(STAMP) bytecode
	@$(BIN)/testigo nlp prepare

# The NLP stages compiled to C with mypyc (nlp/native.py): about a fifth less CPU a post.
# Built again (about two minutes) after a source in nlp/ changes, and quick when up to date.
# Where they cannot be built (no C compiler), the error is shown and Testigo runs them as plain
# Python, with the same results.
native: $(STAMP)
	-@$(BIN)/testigo nlp compile

install: $(STAMP) bytecode native prepare

# Installed only when missing, so `make test` stays offline once it is there. Where apt-get
# is not available the browser tests are skipped with the reason (under CI they fail).
$(CHROMIUM):
	-$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

chromium: $(CHROMIUM)

run: $(STAMP) bytecode native
	$(BIN)/testigo run

# The tests run the compiled stages, and fail if they could not be built.
test: $(STAMP) $(CHROMIUM) native
	$(BIN)/ruff check .
	$(BIN)/mypy
	TESTIGO_EXPECT_COMPILED=1 $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP) bytecode native prepare
	$(BIN)/python -m bench

# The frame classifier shipped in nlp/models/frame_classifier/, from the gold set's training part.
train-frames: $(STAMP)
	$(BIN)/python -m nlp.train_frames

# Offline: a local replay of seven platforms, then the dashboard on 127.0.0.1:8000.
demo: $(STAMP)
	$(BIN)/testigo demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

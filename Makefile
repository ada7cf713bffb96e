# The two commands of the set-up promise: `make demo` and `make test`.
# Both create .venv with the Python found as $(PYTHON) (3.10 or newer).
# `make demo HOST=0.0.0.0 PORT=8765` serves the demo elsewhere;
# `make clean-demo` deletes the demo's database and media to start afresh.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-slow test-all docs lint clean clean-demo venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package's metadata changes.
$(VENV)/.installed-demo: pyproject.toml example_project/requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e . -r example_project/requirements.txt
	touch $@

$(VENV)/.installed-test: pyproject.toml example_project/requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,postgres,docs,train]" -r example_project/requirements.txt
	touch $@

demo: $(VENV)/.installed-demo
	cd example_project && ../$(BIN)/python manage.py migrate --no-input
	cd example_project && ../$(BIN)/python manage.py setup_demo
	@echo "Serving the demo on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	cd example_project && ../$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The README's command: every database, every kind of test (browser,
# processes, packaging), without the large runs marked `slow`.
test: $(VENV)/.installed-test
	PYTHON_BIN=$(BIN)/python bash scripts/test-matrix -m "not slow"

# SQLite alone, for a quick run while working.
test-sqlite: $(VENV)/.installed-test
	NEWSDESK_TEST_DB=sqlite $(BIN)/python -m pytest -m "not slow"

# Only the large runs (5,000 stories on four workers...), on every database.
test-slow: $(VENV)/.installed-test
	PYTHON_BIN=$(BIN)/python NEWSDESK_TEST_COVERAGE=0 bash scripts/test-matrix -m slow

# Everything: make test and make test-slow in one matrix.
test-all: $(VENV)/.installed-test
	PYTHON_BIN=$(BIN)/python bash scripts/test-matrix

lint: $(VENV)/.installed-test
	$(BIN)/ruff check newsdesk tests benchmarks example_project
	$(BIN)/mypy

docs: $(VENV)/.installed-test
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# The demo's SQLite database and the files it stored (a DATABASE_URL
# database is left alone: drop it yourself).
clean-demo:
	rm -f example_project/db.sqlite3
	rm -rf example_project/media

clean: clean-demo
	rm -rf $(VENV) build dist *.egg-info docs/_build .pytest_cache

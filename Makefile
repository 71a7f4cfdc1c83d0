# Two commands on a fresh machine: `make report` and `make test`.
# Both create/refresh the local virtual environment .venv/ first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup test lint typecheck unit report lab bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "meetupstats needs Python >= 3.11 (set PYTHON=...)")'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest

test: lint typecheck unit

# Performance targets of issue 8 (ratios, see benchmarks/RESULTS.md); not part of `make test`.
bench: setup
	$(BIN)/python -m benchmarks

# README command one: the reflection report of the sample logbook's latest year.
# Progress goes to stderr; the last line is the path of the report.
report: setup
	@$(BIN)/meetupstats report --data data/sample

# Explore the whole history interactively (JupyterLab is an optional extra).
lab: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
	$(BIN)/jupyter lab notebooks/explore.ipynb

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache .hypothesis

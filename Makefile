# The course's commands. Everything runs inside .venv, which the first command creates (uv from PyPI installs
# the locked stack in seconds). `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
UV_VERSION := 0.13.9
LAB_FLAGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 120
SUBMISSIONS ?= submissions
CHAPTER ?= 00_guide
PRESENT_FLAGS ?=
PRESENT_NB = $(firstword $(wildcard notebooks/$(CHAPTER)*.ipynb))
GRADE_FLAGS ?=
RELEASE_FLAGS ?=

.PHONY: help setup lint lab test test-fast test-browser present exercises data grade release bench outputs manifest lock clean

help:  ## list the targets with what they do (read from the comments after each target)
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(READY): pyproject.toml requirements.lock
	@$(PYTHON) tools/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

setup: $(READY)  ## create .venv with the locked stack (the other targets do it on first use)

lab: $(READY)  ## open the course in JupyterLab (creates .venv on first use)
	$(BIN)/jupyter lab notebooks/00_guide.ipynb $(ROOT_FLAG) $(LAB_FLAGS)

lint: $(READY)  ## ruff: lint and format check of helpers, tests, tools and notebooks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(READY)  ## run every check: helpers, data, exercises gate, notebooks under nbval, browser
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks solutions $(NBVAL) $(PYTEST_ARGS)

test-fast: $(READY)  ## the quick tests only (no notebooks, no browser)
	$(BIN)/python -m pytest -n 2 tests -m "not slow" $(PYTEST_ARGS)

test-browser: $(READY)  ## real-browser tests of every simulator (needs Debian's chromium)
	$(BIN)/python -m pytest -p no:xdist tests/browser $(PYTEST_ARGS)

present: $(READY)  ## a chapter's text and widgets without code for a projector: make present CHAPTER=02
	@test -n "$(PRESENT_NB)" || { echo "no notebook matches CHAPTER=$(CHAPTER) (try CHAPTER=02)"; exit 2; }
	$(BIN)/voila $(PRESENT_NB) --theme=light --strip_sources=True $(PRESENT_FLAGS)

exercises: $(READY)  ## regenerate exercises/ from solutions/
	$(BIN)/python -m helpers.make_exercises

data: $(READY)  ## download the public-domain FRED series into data/cache/ (needs network)
	$(BIN)/python -m helpers.data refresh

manifest: $(READY)  ## rewrite data/manifest.csv after editing a table in data/
	$(BIN)/python -m helpers.data manifest

grade: $(READY)  ## grade SUBMISSIONS=<folder or files> into gradebook.csv
	$(BIN)/python -m helpers.grade $(SUBMISSIONS) --out gradebook.csv $(GRADE_FLAGS)

release: $(READY)  ## build the student bundle in dist/ (no solutions)
	$(BIN)/python -m helpers.release $(RELEASE_FLAGS)

outputs: $(READY)  ## re-execute notebooks and solutions in place to refresh stored outputs
	$(BIN)/python tools/refresh_outputs.py $(NOTEBOOKS)

bench: $(READY)  ## measure speed (widget updates, check(), grading, notebooks) into docs/benchmarks.md
	$(BIN)/python tools/bench.py

lock: $(READY)  ## re-resolve requirements.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 -q -o requirements.lock

clean:  ## remove .venv, build/ and dist/
	rm -rf $(VENV) build dist

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

.PHONY: help setup lab update test test-fast test-browser present exercises data grade release bench outputs manifest lock clean

help:
	@echo "make lab        open the course in JupyterLab on your workspace/ (creates .venv and workspace/ on first use)"
	@echo "make update     pull the new version of the course and merge it into workspace/ (your cells are kept)"
	@echo "make test       run every check: helpers, data, exercises gate, notebooks under nbval"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make data       download the public-domain FRED series into data/cache/"
	@echo "make grade      grade SUBMISSIONS=<folder or files> into gradebook.csv"
	@echo "make release    build the student bundle in dist/ (no solutions)"
	@echo "make outputs    re-execute notebooks and solutions in place to refresh stored outputs"
	@echo "make present CHAPTER=02   a chapter's text and widgets without code, for a classroom projector"
	@echo "make test-browser         real-browser tests of every simulator (needs Debian's chromium)"
	@echo "make bench      measure speed (widget updates, check(), grading, notebooks; slider latency in Chromium)"

$(READY): pyproject.toml requirements.lock
	@$(PYTHON) tools/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

setup: $(READY)

lab: $(READY)
	$(BIN)/python -m helpers.workspace lab $(ROOT_FLAG) $(LAB_FLAGS)

update: $(READY)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git pull --ff-only; fi
	$(BIN)/python -m helpers.workspace update

test: $(READY)
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks solutions $(NBVAL) $(PYTEST_ARGS)

test-fast: $(READY)
	$(BIN)/python -m pytest -n 2 tests -m "not slow" $(PYTEST_ARGS)

test-browser: $(READY)
	$(BIN)/python -m pytest -p no:xdist tests/browser $(PYTEST_ARGS)

present: $(READY)
	@test -n "$(PRESENT_NB)" || { echo "no notebook matches CHAPTER=$(CHAPTER) (try CHAPTER=02)"; exit 2; }
	$(BIN)/voila $(PRESENT_NB) --theme=light --strip_sources=True $(PRESENT_FLAGS)

exercises: $(READY)
	$(BIN)/python -m helpers.make_exercises

data: $(READY)
	$(BIN)/python -m helpers.data refresh

manifest: $(READY)
	$(BIN)/python -m helpers.data manifest

grade: $(READY)
	$(BIN)/python -m helpers.grade $(SUBMISSIONS) --out gradebook.csv $(GRADE_FLAGS)

release: $(READY)
	$(BIN)/python -m helpers.release $(RELEASE_FLAGS)

outputs: $(READY)
	$(BIN)/python tools/refresh_outputs.py $(NOTEBOOKS)

bench: $(READY)
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_browser.py

lock: $(READY)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 -q -o requirements.lock

clean:
	rm -rf $(VENV) build dist

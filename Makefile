# The course's commands. Everything runs inside .venv, which the first command creates (uv from PyPI installs
# the locked stack in seconds). `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
DEV_READY := $(VENV)/.dev-ready
UV_VERSION := 0.13.9
LAB_FLAGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
TEST_WORKERS ?= 3
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 120
SUBMISSIONS ?= submissions
CHAPTER ?= 00_guide
PRESENT_FLAGS ?=
PRESENT_NB = $(firstword $(wildcard notebooks/$(CHAPTER)*.ipynb))
GRADE_FLAGS ?=
HOMES ?= /home/*
COLLECTED ?= collected
BOOK_FLAGS ?=
RELEASE_FLAGS ?=

.PHONY: help setup lint update learner-setup launch-cells book slides node-tools collect lab test test-fast test-browser present exercises data grade release reveal bench outputs manifest lock clean

help:  ## list the targets with what they do (read from the comments after each target)
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The learner's set (requirements-learner.lock: the course, JupyterLab, Voila; no test tools) ...
$(READY): pyproject.toml requirements-learner.lock requirements-overrides.txt
	@$(PYTHON) tools/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --override requirements-overrides.txt -r requirements-learner.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

# ... and the maintainer's set on top (requirements.lock: + pytest, nbval, playwright, Jupyter Book, JupyterHub).
$(DEV_READY): $(READY) requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --override requirements-overrides.txt -r requirements.lock
	@touch $@

setup: $(DEV_READY)  ## create .venv with everything a maintainer needs (learner set + test, book, classroom tools)

learner-setup: $(READY)  ## only the learner's packages (requirements-learner.lock), no test tools

lab: $(READY)  ## open the course in JupyterLab on your workspace/ (creates .venv and workspace/ on first use)
	$(BIN)/python -m helpers.workspace lab $(ROOT_FLAG) $(LAB_FLAGS)

update: $(READY)  ## pull the new version of the course and merge it into workspace/ (your cells are kept)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git pull --ff-only || { \
	  echo "make update：無法取得課程的新版本（上面是 git 的訊息）。通常是課程資料夾裡有改過或提交過的課程檔案；" >&2; \
	  echo "你的作答都在 workspace/，這次沒有被動到。用 git status 查看，或見 README「你的工作區」。" >&2; exit 1; }; fi
	$(BIN)/python -m helpers.workspace update

lint: $(DEV_READY)  ## ruff: lint and format check of helpers, tests, tools and notebooks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(DEV_READY)  ## run every check: helpers, data, exercises gate, notebooks under nbval, browser, book, classroom
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder tests notebooks solutions $(NBVAL) $(PYTEST_ARGS)

test-fast: $(DEV_READY)  ## the quick tests only (no notebooks, no browser)
	$(BIN)/python -m pytest -n 2 tests -m "not slow" $(PYTEST_ARGS)

test-browser: $(DEV_READY)  ## real-browser tests of every simulator (needs Debian's chromium)
	$(BIN)/python -m pytest -p no:xdist tests/browser $(PYTEST_ARGS)

present: $(READY)  ## a chapter's text and live widgets without code for a projector: make present CHAPTER=02
	@test -n "$(PRESENT_NB)" || { echo "no notebook matches CHAPTER=$(CHAPTER) (try CHAPTER=02)"; exit 2; }
	$(BIN)/voila $(PRESENT_NB) --theme=light --strip_sources=True $(PRESENT_FLAGS)

exercises: $(DEV_READY)  ## regenerate exercises/ from solutions/
	$(BIN)/python -m helpers.make_exercises

data: $(READY)  ## download the public-domain FRED series into data/cache/ (needs network)
	$(BIN)/python -m helpers.data refresh

manifest: $(DEV_READY)  ## rewrite data/manifest.csv after editing a table in data/
	$(BIN)/python -m helpers.data manifest

grade: $(DEV_READY)  ## grade SUBMISSIONS=<folder or files> into gradebook.csv
	$(BIN)/python -m helpers.grade $(SUBMISSIONS) --out gradebook.csv $(GRADE_FLAGS)

release: $(DEV_READY)  ## build the student bundle in dist/ (no solutions)
	$(BIN)/python -m helpers.release $(RELEASE_FLAGS)

reveal: $(DEV_READY)  ## publish CHAPTERS="2 3" hints (WHAT=solutions: worked solutions) to a classroom bundle, as a zip in dist/
	$(BIN)/python -m helpers.release --reveal $(CHAPTERS) --what $(or $(WHAT),hints)

outputs: $(DEV_READY)  ## re-execute notebooks and solutions in place to refresh stored outputs
	$(BIN)/python tools/refresh_outputs.py $(NOTEBOOKS)

bench: $(DEV_READY)  ## measure speed (widgets, check(), grading, notebooks; slider latency in Chromium) into docs/
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_browser.py

lock: $(DEV_READY)  ## re-resolve requirements.lock and requirements-learner.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra book --extra classroom --universal --python-version 3.10 -q --override requirements-overrides.txt -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml -c requirements.lock --universal --python-version 3.10 -q --override requirements-overrides.txt -o requirements-learner.lock

launch-cells: $(DEV_READY)  ## add/update the launch links and bootstrap cell in every notebook
	$(BIN)/python tools/launch_cells.py

book: $(DEV_READY)  ## web edition: build/book/html/ and build/book/qeqt-course.pdf (Jupyter Book, Chromium)
	$(BIN)/python tools/book.py $(BOOK_FLAGS)

NPM_TOOLS := configurable-http-proxy@5.3.0 reveal.js@4.0.2 jquery@3 requirejs@2

# npm packages for the projector slides (reveal.js, jQuery, RequireJS) and the classroom (configurable-http-proxy)
node-tools:  ## install the npm packages for slides and the classroom test into .venv/node
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent $(NPM_TOOLS)

slides: $(DEV_READY)  ## projector slides, one section per slide, in build/slides/: make slides CHAPTER=02
	@test -d $(VENV)/node/node_modules/reveal.js || $(MAKE) node-tools
	$(BIN)/python tools/book_slides.py $(if $(filter 00_guide,$(CHAPTER)),,$(CHAPTER))

collect: $(READY)  ## copy every student's exercise notebook into collected/: make collect CHAPTER=02 HOMES='/home/*'
	$(BIN)/python tools/collect.py --chapter $(CHAPTER) --homes '$(HOMES)' --out $(COLLECTED)

clean:  ## remove .venv, build/ and dist/
	rm -rf $(VENV) build dist

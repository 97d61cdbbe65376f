# zzprint — two commands on a fresh machine:
#   make        build the opinion page → build/opinion.pdf (and preflight it)
#   make test   run the test suite
# Both create .venv, install the pinned Python packages and the Debian fonts/tools on their own.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ZZ     := $(BIN)/zzprint
SOURCES := $(shell find src -name '*.py' -o -name '*.html' 2>/dev/null)
INPUTS  := $(wildcard layout/*.yaml content/*.md fonts/*.yaml) $(SOURCES)

.PHONY: all test proof fit bench edition jump import pictures clean deps-build deps-test
.DELETE_ON_ERROR:

all: build/opinion.pdf

# The runtime environment holds what building a page needs; test and bench tools come
# with `make test` and `make bench`.  Each step says what it does, pip shows its progress.
$(BIN)/.installed: requirements.lock pyproject.toml
	@echo "zzprint: setting up .venv with the packages for building pages (once; about a minute on a new machine)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements.lock
	@$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@$(BIN)/python -m compileall -q src >/dev/null   # bytecode now: a shell with PYTHONDONTWRITEBYTECODE would compile on every build
	@touch $@

$(BIN)/.installed-test: $(BIN)/.installed requirements-test.lock
	@echo "zzprint: installing the test tools (pytest, hypothesis, pdfminer, playwright …)"
	@$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements-test.lock
	@touch $@

$(BIN)/.installed-bench: $(BIN)/.installed-test requirements-bench.lock
	@echo "zzprint: installing the benchmark peers (typst, pyinstrument)"
	@$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements-bench.lock
	@touch $@

deps-build:
	@sh tools/system-deps.sh build

deps-test:
	@sh tools/system-deps.sh test

build/opinion.pdf: $(BIN)/.installed $(INPUTS) | deps-build
	$(ZZ) build layout/opinion.yaml -o $@

fit: $(BIN)/.installed | deps-build
	$(ZZ) fit layout/opinion.yaml

proof: build/opinion.pdf
	$(ZZ) proof layout/opinion.yaml --out build/proof

edition: $(BIN)/.installed | deps-build
	$(ZZ) edition layout/edition.yaml --out build/edition

jump: $(BIN)/.installed | deps-build   # the demonstration edition: 转版 from page 1 to page 2, 竖排 headline and 编者按
	$(ZZ) edition layout/edition-jump.yaml --out build/edition-jump

# The demonstration page of picture frames: its pictures are drawn by tools/make-pictures.py
# (a cartoon, an author's photo, a chart), so no copyrighted picture enters the repository.
pictures: build/opinion-pictures.pdf

build/pictures/cartoon.png: tools/make-pictures.py $(BIN)/.installed
	$(BIN)/python tools/make-pictures.py build/pictures

build/opinion-pictures.pdf: build/pictures/cartoon.png $(BIN)/.installed $(INPUTS) | deps-build
	$(ZZ) build layout/opinion-pictures.yaml -o $@

import: $(BIN)/.installed
	$(ZZ) import seed/opinion-page.txt --out build/import --force   # compare with content/, which editors own; the previous import is kept

test: $(BIN)/.installed-test build/opinion.pdf | deps-test
	$(BIN)/python -m pytest

bench: $(BIN)/.installed-bench | deps-test
	$(BIN)/python bench/run.py

clean:
	rm -rf build

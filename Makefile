# Two commands do all the set-up:  `make`  builds the briefing,  `make test`  runs the tests.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: briefing test bench clean
briefing: $(STAMP)
	$(VENV)/bin/doit

test: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python -m bench

clean: $(STAMP)
	$(VENV)/bin/doit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

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

# pip's output goes to $(VENV)/install.log, shown only when the installation fails.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing the project and its dependencies into $(VENV)/ (log: $(VENV)/install.log)"
	@{ $(VENV)/bin/pip install --upgrade pip && $(VENV)/bin/pip install -e '.[test]'; } \
		> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

# Parcours: everyday commands. `make run` and `make test` set up everything they need.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)
VENV := .venv
PY := $(VENV)/bin/python
PARCOURS := $(VENV)/bin/parcours
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps browser-deps venv messages lint format bench clean serve

# System packages: gettext (translations) and WeasyPrint's Pango; Chromium for browser tests.
system-deps:
	@command -v msgfmt >/dev/null && dpkg -s libpango-1.0-0 >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq --no-install-recommends gettext libpango-1.0-0 \
	    libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; }

browser-deps:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

venv:
	@command -v uv >/dev/null || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	@uv sync --quiet --frozen

messages: venv system-deps
	@$(PARCOURS) compilemessages -v0 --ignore=.venv --ignore=var --ignore=node_modules

setup: system-deps venv messages
	@mkdir -p var

run: setup
	@$(PARCOURS) migrate --no-input -v0
	@$(PARCOURS) demo
	@echo
	@echo "Parcours is served on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@DEBUG=1 $(PARCOURS) runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

test: setup browser-deps
	@$(VENV)/bin/ruff check src tests bench
	@$(VENV)/bin/ruff format --check src tests bench
	@$(PARCOURS) makemigrations --check --dry-run -v0 || { echo "Models changed without a migration"; exit 1; }
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

lint:
	@$(VENV)/bin/ruff check src tests bench && $(VENV)/bin/ruff format --check src tests bench

format:
	@$(VENV)/bin/ruff check --fix src tests bench; $(VENV)/bin/ruff format src tests bench

bench: setup
	@$(PY) bench/run_all.py

# Update the translation files (every language in locale/) after changing texts;
# translators then fill in the .po files.
LOCALES := $(notdir $(wildcard src/parcours/locale/*))
makemessages: venv
	@cd src/parcours && for lang in $(LOCALES); do \
	  ../../$(PARCOURS) makemessages -l $$lang --no-obsolete -v0 --ignore=static/* ; done

clean:
	rm -rf $(VENV) var

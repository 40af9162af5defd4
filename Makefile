# Sinergi — the two commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
MSG_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks --ignore='*/migrations/*' 
export PYTHONPATH := src

.PHONY: run test lint bench install setup demo migrate format messages e2e clean worker

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 diperlukan ($(PYTHON) tidak ditemukan)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Set up (venv, dependencies, database, reference and demo data) and serve on http://127.0.0.1:$(PORT)
## with the background-task worker beside the server (Ctrl-C stops both); e-mail links use this port.
run: export SINERGI_SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	@echo "Sinergi berjalan di http://127.0.0.1:$(PORT), tautan e-mail ke $(SINERGI_SITE_URL)  (akun demo: lihat README.md)"
	$(BIN)/sinergi serve 127.0.0.1:$(PORT)

setup: install
	@mkdir -p var
	$(BIN)/sinergi migrate --no-input
	$(BIN)/sinergi load_reference
	$(BIN)/sinergi seed_demo

## The whole test suite (SQLite unless DATABASE_URL names PostgreSQL)
test: install
	$(BIN)/python -m pytest -p no:randomly -n 2 --dist loadgroup -m "not e2e" tests
	$(BIN)/python -m pytest -m e2e tests

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/djlint src --lint
	$(BIN)/lint-imports
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=sinergi.settings.test $(BIN)/sinergi makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: install
	@failed=0; for script in benchmarks/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || failed=1; done; \
	  if [ $$failed -ne 0 ]; then echo "make bench: at least one target FAILED (see above)"; exit 1; fi

## Refresh the English catalogue (needs GNU gettext); the compiled .mo is committed so that a fresh
## machine needs no gettext.
messages: install
	$(BIN)/sinergi makemessages -l en --no-obsolete $(MSG_IGNORE)
	$(BIN)/sinergi compilemessages --ignore=.venv

worker: install
	$(BIN)/sinergi db_worker --queue-name "*"

clean:
	rm -rf var/sinergi.sqlite3* var/static

# Two commands do everything on a fresh machine (Python >= 3.11, make, a shell):
#   make run   - install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
#   make test  - the whole test suite (SQLite, or PostgreSQL when DATABASE_URL points at one)
SHELL := /bin/bash
UV_HOME := $(CURDIR)/.tools
UV := $(shell command -v uv 2>/dev/null || echo $(UV_HOME)/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
MESSAGE_IGNORES := --ignore .venv --ignore .tools --ignore var --ignore tests

.PHONY: run test install lint format messages check clean

$(UV_HOME)/bin/uv:
	python3 -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet uv

install: $(if $(shell command -v uv 2>/dev/null),,$(UV_HOME)/bin/uv)
	$(UV) sync --frozen

run: export WEGWIJS_ENV := development
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo_data
	$(MANAGE) runserver $(HOST):$(PORT)

test: export WEGWIJS_ENV := test
test: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(UV) run --frozen pytest $(PYTEST_ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

messages: export WEGWIJS_ENV := development
messages: install
	$(MANAGE) makemessages --locale nl --locale en --no-obsolete $(MESSAGE_IGNORES)
	$(MANAGE) makemessages --domain djangojs --locale nl --locale en --no-obsolete $(MESSAGE_IGNORES)
	$(MANAGE) compilemessages $(MESSAGE_IGNORES)

clean:
	rm -rf var .tools

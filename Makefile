# Thin wrappers, documented in the README. Every target creates and uses .venv itself.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gutmind_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: setup run test lint format bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

# The embedded default: SQLite, Celery's filesystem broker under var/, emails to the console.
# Ctrl-C stops the web server and the worker together. Links in emails follow HOST and PORT.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: setup
	mkdir -p var/celery/queue var/celery/processed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --i-know-this-creates-public-demo-accounts
	$(PY) manage.py seed_demo_experiments
	$(PY) manage.py seed_articles
	$(PY) manage.py seed_crisis_lines
	@echo "GutMind on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"
	trap 'kill 0' EXIT; \
	$(VENV)/bin/celery -A gutmind worker --beat --loglevel INFO --concurrency 1 & \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-logo

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks print `BENCH <name> <value> <unit>` lines; they need the local PostgreSQL and Redis.
bench: setup
	for script in bench/*.py; do \
		[ "$$(basename $$script)" = "locustfile.py" ] && continue; \
		DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
		CELERY_BROKER_URL=$(BENCH_REDIS_URL) $(PY) $$script || exit 1; \
	done

clean:
	rm -rf $(VENV) var/celery var/staticfiles

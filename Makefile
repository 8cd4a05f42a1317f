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

.PHONY: setup run dev test lint format bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

# The embedded default, served as the product is: DEBUG off (no debug error pages), gunicorn
# with our gunicorn.conf.py, static files by whitenoise, on SQLite and Celery's filesystem
# broker under var/, emails to the console. GUTMIND_LOOPBACK_HTTP lets its cookies work over
# plain http, and refuses to start unless every allowed host is loopback. The secret key is
# made once and kept in var/secret_key. Ctrl-C stops the web server and the worker together.
# Links in emails follow HOST and PORT.
RUN_ENV = DJANGO_DEBUG=false GUTMIND_LOOPBACK_HTTP=true DJANGO_SECRET_KEY="$$(cat var/secret_key)"

run: export SITE_URL ?= http://$(HOST):$(PORT)
run: setup var/secret_key
	mkdir -p var/celery/queue var/celery/processed var/celery/control
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo --i-know-this-creates-public-demo-accounts
	$(RUN_ENV) $(PY) manage.py seed_demo_experiments
	$(RUN_ENV) $(PY) manage.py seed_articles
	$(RUN_ENV) $(PY) manage.py seed_crisis_lines
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "GutMind on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"
	trap 'kill 0' EXIT; \
	$(RUN_ENV) $(VENV)/bin/celery -A gutmind worker --beat --loglevel INFO --concurrency 1 & \
	$(RUN_ENV) $(VENV)/bin/gunicorn --config gunicorn.conf.py gutmind.wsgi:application \
		--bind $(HOST):$(PORT) --workers 2 --access-logfile -

# For working on the code: runserver with DEBUG on (debug pages, reloading on change).
dev: export SITE_URL ?= http://$(HOST):$(PORT)
dev: setup
	mkdir -p var/celery/queue var/celery/processed var/celery/control
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_experiments
	$(PY) manage.py seed_articles
	$(PY) manage.py seed_crisis_lines
	@echo "GutMind (debug) on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"
	trap 'kill 0' EXIT; \
	$(VENV)/bin/celery -A gutmind worker --beat --loglevel INFO --concurrency 1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

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

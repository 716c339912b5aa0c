# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run dev serve test lint format superuser bench clean

# The stamp files make re-runs fast: pip only runs again when a requirements file changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

# What visitors get (DEBUG off: our error pages, hashed static files through whitenoise), zero configuration:
# without DJANGO_SECRET_KEY the settings keep a random key in var/secret_key (git-ignored).
run: $(VENV)/.installed-runtime
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	@echo ""
	@echo "  The advisor runs at http://$(HOST):$(PORT)/  (make dev for the auto-reloading debug server)"
	@echo "  Admin login: run '$(BIN)/python manage.py createsuperuser' (in another terminal), then open /admin/"
	@echo ""
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# Development: DEBUG on, Django's debug pages, reloads on every code change.
dev: $(VENV)/.installed-runtime
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings (DEBUG off) under gunicorn, on 127.0.0.1 unless HOST= says otherwise.
# Without DJANGO_SECRET_KEY the settings keep a random key in var/secret_key (git-ignored) for local use.
serve: $(VENV)/.installed-runtime
	@set -e; \
	export DJANGO_DEBUG=false HOST=$(HOST) PORT=$(PORT); \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate --noinput --verbosity 0; \
	$(BIN)/python manage.py createcachetable; \
	echo "  Serving with production settings at http://$(HOST):$(PORT)/ (gunicorn, $${WEB_CONCURRENCY:-default} $${GUNICORN_WORKER_CLASS:-asgi} workers)"; \
	exec $(BIN)/gunicorn --config config/gunicorn.py --no-control-socket

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

superuser: $(VENV)/.installed-runtime
	$(BIN)/python manage.py createsuperuser

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.advice

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

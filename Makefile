# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run serve test lint format superuser bench clean

# WeasyPrint (the PDF of a result) needs Pango from the operating system; without it the site runs and says
# the PDF is unavailable. This prints the one line that says how to install it.
PDF_CHECK = $(BIN)/python -W ignore -c "import weasyprint" >/dev/null 2>&1 || \
	echo "  PDFs are off: WeasyPrint needs Pango. Install it with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# The background worker (django-tasks' db_worker: the email of a result) runs beside the web server and
# stops with it.
WORKER = $(BIN)/python manage.py db_worker --no-startup-delay

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

run: $(VENV)/.installed-runtime
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  The advisor runs at http://$(HOST):$(PORT)/"
	@echo "  Admin login: run '$(BIN)/python manage.py createsuperuser' (in another terminal), then open /admin/"
	@$(PDF_CHECK)
	@echo ""
	@$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings (DEBUG off) under gunicorn, on 127.0.0.1 unless HOST= says otherwise.
# Without DJANGO_SECRET_KEY a random key is kept in var/secret_key (git-ignored) for local use.
serve: $(VENV)/.installed-runtime
	@set -e; \
	if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  mkdir -p var; \
	  [ -s var/secret_key ] || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key; \
	  DJANGO_SECRET_KEY=$$(cat var/secret_key); export DJANGO_SECRET_KEY; \
	fi; \
	export DJANGO_DEBUG=false HOST=$(HOST) PORT=$(PORT); \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate --noinput --verbosity 0; \
	$(BIN)/python manage.py createcachetable; \
	echo "  Serving with production settings at http://$(HOST):$(PORT)/ (gunicorn, $${WEB_CONCURRENCY:-default} workers)"; \
	$(PDF_CHECK); \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi:application --config config/gunicorn.py --no-control-socket

test: $(VENV)/.installed-dev
	@$(PDF_CHECK)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
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
	$(BIN)/python -m advisor.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

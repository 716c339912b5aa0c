# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run dev serve test lint format superuser bench clean

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

# What visitors get (DEBUG off: our error pages, hashed static files through whitenoise), zero configuration:
# without DJANGO_SECRET_KEY the settings keep a random key in var/secret_key (git-ignored).
run: $(VENV)/.installed-runtime
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	@echo ""
	@echo "  The advisor runs at http://$(HOST):$(PORT)/  (make dev for the auto-reloading debug server)"
	@echo "  Admin login: run '$(BIN)/python manage.py createsuperuser' (in another terminal), then open /admin/"
	@$(PDF_CHECK)
	@echo ""
	@# Mail is printed in this terminal unless EMAIL_URL says where to send it.
	@export EMAIL_URL="$${EMAIL_URL:-consolemail://}"; \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# Development: DEBUG on, Django's debug pages, reloads on every code change (the worker runs beside it).
dev: $(VENV)/.installed-runtime
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	@export DJANGO_DEBUG=true; \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings (DEBUG off) under gunicorn, on 127.0.0.1 unless HOST= says otherwise.
# Without DJANGO_SECRET_KEY the settings keep a random key in var/secret_key (git-ignored) for local use.
serve: $(VENV)/.installed-runtime
	@set -e; \
	export DJANGO_DEBUG=false HOST=$(HOST) PORT=$(PORT); \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	$(BIN)/python manage.py migrate --noinput --verbosity 0; \
	$(BIN)/python manage.py createcachetable; \
	echo "  Serving with production settings at http://$(HOST):$(PORT)/ (gunicorn, $${WEB_CONCURRENCY:-default} $${GUNICORN_WORKER_CLASS:-asgi} workers)"; \
	$(PDF_CHECK); \
	$(WORKER) & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config config/gunicorn.py --no-control-socket

test: $(VENV)/.installed-dev
	@$(PDF_CHECK)
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

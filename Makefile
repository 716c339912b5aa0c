# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format migrate superuser bench clean

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
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
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

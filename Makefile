# The two commands a new user needs: `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` serves the site as visitors see it (debug off: the catalogue's own error pages,
# hashed static files); `make run DEBUG=1` shows Django's debug pages instead.
DEBUG ?= 0

.PHONY: run test install install-test lint migrate serve bench clean

# The stamp files make a second `make run` skip the install when pyproject.toml is unchanged.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/.installed

# A local secret key, made once and kept out of git: the site has no default key.
.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The local key, unless SECRET_KEY is set in the environment.
LOCAL_KEY = SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}"

migrate: install .secret_key
	$(LOCAL_KEY) $(BIN)/python manage.py migrate --noinput

run: migrate .secret_key
	$(LOCAL_KEY) $(BIN)/python manage.py import_seeds seeds/
	$(LOCAL_KEY) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=$(DEBUG) $(LOCAL_KEY) \
	SECURE_COOKIES="$${SECURE_COOKIES:-0}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server: gunicorn with debug off, WEB_CONCURRENCY workers (default two per
# core, see gunicorn.conf.py), static files served by whitenoise from `collectstatic`.
serve: migrate .secret_key
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}" HOST=$(HOST) PORT=$(PORT) \
	exec $(BIN)/gunicorn archive_site.wsgi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings tests.settings
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/import_speed.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 test-artifacts .secret_key

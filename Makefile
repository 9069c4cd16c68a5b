# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run   — install, migrate, compile translations, load the demo county, serve
#   make test  — install what the tests need and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Every target here is development: DEBUG is off unless set (config/settings.py), so it is set
# explicitly. Production runs manage.py and gunicorn itself (README.md, Production).
export DEBUG = 1

.PHONY: run test install install-dev migrate messages messages-update demo lint check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

# The compiled catalogue is committed; recompile it where GNU gettext is available.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v0; fi

# After adding strings: refresh the zh_Hans catalogue (needs GNU gettext), translate, recompile.
messages-update: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=media
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

demo: migrate messages
	$(BIN)/python manage.py seed_demo --if-empty

run: demo
	@$(BIN)/python manage.py demo_logins --url http://$(HOST)
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .

bench: install
	$(BIN)/python manage.py bench_oversight --townships 29600 --years 1

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

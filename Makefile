# The README's commands: make demo, make test (plus lint, bench). Everything installs into .venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
EGIDE := $(BIN)/egide
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
VENDOR := src/egide/static/vendor

.PHONY: install assets messages messages-update demo serve test test-sqlite test-postgres lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(VENDOR)/htmx.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

assets: $(VENDOR)/htmx.min.js

messages: $(STAMP)
	cd src/egide && ../../$(EGIDE) compilemessages --ignore=.venv >/dev/null

install: $(STAMP) assets messages

# Quiet migrations, then the demo logins table, then the server (its first line gives the URL).
demo: install
	@$(EGIDE) migrate --no-input --verbosity 0
	@$(EGIDE) demo
	@echo
	@$(EGIDE) serve --with-worker --host $(HOST) --port $(PORT)

test: install
	$(MAKE) test-sqlite
	@if [ -n "$$EGIDE_TEST_POSTGRES_URL" ]; then $(MAKE) test-postgres; \
	else echo "EGIDE_TEST_POSTGRES_URL not set: PostgreSQL run skipped"; \
	  if [ "$$EGIDE_REQUIRE_SERVICES" = "1" ]; then echo "EGIDE_REQUIRE_SERVICES=1 needs EGIDE_TEST_POSTGRES_URL"; exit 1; fi; fi

test-sqlite:
	EGIDE_ENV=test DATABASE_URL= $(BIN)/pytest -p xdist -n 2 --dist loadfile

test-postgres:
	EGIDE_ENV=test DATABASE_URL=$$EGIDE_TEST_POSTGRES_URL $(BIN)/pytest -p xdist -n 2 --dist loadfile -m "not browser"

lint: install
	bash -n .ci/run
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/ruff format --check src tests bench conftest.py
	$(BIN)/mypy
	EGIDE_ENV=test $(EGIDE) makemigrations --check --dry-run
	EGIDE_ENV=production EGIDE_SECRET_KEY=lint-only-$$(head -c 32 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
	  EGIDE_ALLOWED_HOSTS=egide.example.org $(EGIDE) check --deploy --fail-level WARNING

bench: install
	mkdir -p bench/results
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

messages-update: $(STAMP)
	cd src/egide && ../../$(EGIDE) makemessages -l fr -l en --no-obsolete --ignore='tests/*' --ignore='static/vendor/*'

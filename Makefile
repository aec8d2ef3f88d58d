# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LMS_HOST ?= 127.0.0.1
LMS_PORT ?= 5000
WORKERS ?= 2
PO_FILES := $(wildcard lms/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
SCENARIO ?=
# Hashed lock files (uv pip compile): what CI tested is what a fresh machine installs.
RUNTIME_LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
UV_VERSION := 0.13.9

.PHONY: run test lint typecheck imports content-check pytest format e2e test-postgres install install-test \
	system-packages messages bench lock clean

run: install $(MO_FILES)
	$(BIN)/lms db upgrade
	$(BIN)/lms content sync
	$(BIN)/lms user ensure-admin
	$(BIN)/gunicorn --bind $(LMS_HOST):$(LMS_PORT) --workers $(WORKERS) \
		--access-logfile - 'lms:create_app()'

test: install-test $(MO_FILES) tests/quiz/gift/node/node_modules/gift-pegjs lint typecheck imports content-check pytest

# A second GIFT parser (Node) that the GIFT tests compare ours with.
tests/quiz/gift/node/node_modules/gift-pegjs:
	npm install --silent --no-audit --no-fund --prefix tests/quiz/gift/node gift-pegjs@1.0.2

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

# The import contracts in setup.cfg ([importlinter]); docs/ARCHITECTURE.md explains them.
imports:
	$(BIN)/lint-imports

# The shipped courses and banks, item-writing cues counted as errors (docs/authoring.md).
content-check:
	$(BIN)/lms content check --strict

pytest:
	$(BIN)/pytest

# Rewrite the code in the house style, then fix what ruff can fix by itself.
format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browser tests only (Playwright with Debian's Chromium).
e2e: install-test $(MO_FILES)
	$(BIN)/pytest -m e2e

# The whole suite again on PostgreSQL, as .ci/run does after `make test`.
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
test-postgres: install-test $(MO_FILES) tests/quiz/gift/node/node_modules/gift-pegjs
	@if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
		echo "PostgreSQL is down; starting it"; \
		pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start || true; \
		for _ in $$(seq 1 30); do \
			pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break; \
			sleep 1; \
		done; \
	fi
	@echo "== the suite against PostgreSQL =="
	LMS_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest

install: system-packages $(VENV)/.installed
install-test: system-packages $(VENV)/.installed-test

system-packages:
	@bash tools/ensure-debian-packages.sh

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: $(VENV)/bin/python setup.cfg pyproject.toml $(RUNTIME_LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(RUNTIME_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/bin/python setup.cfg pyproject.toml $(TEST_LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

# Re-resolve both lock files from setup.cfg (after changing a dependency there).
# The test lock is constrained by the runtime lock, so both pin the same versions.
lock: $(VENV)/bin/python
	$(BIN)/pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile setup.cfg --universal --python-version 3.11 --generate-hashes \
		--index-url https://pypi.org/simple --quiet -o $(RUNTIME_LOCK)
	$(BIN)/uv pip compile setup.cfg --extra test --universal --python-version 3.11 \
		--generate-hashes --index-url https://pypi.org/simple --quiet \
		-c $(RUNTIME_LOCK) -o $(TEST_LOCK)

%.mo: %.po
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# Re-extract every user-facing string and merge it into the catalogs.
messages: install-test
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs '.* __pycache__ tests bench tools migrations' \
		--sort-output -o lms/translations/messages.pot .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations \
		--no-fuzzy-matching --ignore-obsolete

bench: install-test $(MO_FILES)
	@bash tools/ensure-debian-packages.sh tools/bench-packages.txt
	$(BIN)/python -m bench $(if $(SCENARIO),--scenario $(SCENARIO))

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache

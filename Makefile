# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LMS_HOST ?= 127.0.0.1
LMS_PORT ?= 5000
# The app reads them too: LMS_BASE_URL defaults to the address served here.
export LMS_HOST LMS_PORT
WORKERS ?= 2
# gunicorn's access log: empty for none (the default, so it does not bury the
# start-up box), `-` for the terminal, or a file name.
ACCESS_LOG ?=
PO_FILES := $(wildcard lms/translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
SCENARIO ?=
# Hashed lock files (uv pip compile): what CI tested is what a fresh machine installs.
RUNTIME_LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
UV_VERSION := 0.13.9
# The OpenID Provider of the single sign-on tests (tests/sso/provider).
OIDC_PROVIDER := tests/sso/provider/node_modules/oidc-provider
# The independent Open Badges verifier of the badge tests (tests/badges/verifier).
BADGE_VERIFIER := tests/badges/verifier/node_modules/@digitalbazaar/vc

.PHONY: run test lint typecheck imports content-check pytest format e2e test-postgres install install-test \
	system-packages system-packages-test messages bench lock clean

# Quiet on success; errors stay visible. A content problem is printed and the
# site starts with the last good content. The box with the address and the
# login is the last thing printed before gunicorn (which then logs warnings only).
# A job worker (`lms worker`, lms/jobs) runs beside gunicorn; Ctrl-C stops both.
run: install $(MO_FILES)
	@$(BIN)/lms db upgrade
	@$(BIN)/lms content sync --at-start
	@$(BIN)/lms user ensure-admin --welcome
	@bash tools/run-with-worker.sh $(BIN)/lms worker --quiet -- \
		$(BIN)/gunicorn --bind $(LMS_HOST):$(LMS_PORT) --workers $(WORKERS) \
		--log-level warning $(if $(ACCESS_LOG),--access-logfile $(ACCESS_LOG)) \
		'lms:create_app()'

test: install-test $(MO_FILES) tests/quiz/gift/node/node_modules/gift-pegjs $(OIDC_PROVIDER) $(BADGE_VERIFIER) lint typecheck imports content-check pytest

# A second GIFT parser (Node) that the GIFT tests compare ours with.
tests/quiz/gift/node/node_modules/gift-pegjs:
	npm install --silent --no-audit --no-fund --prefix tests/quiz/gift/node gift-pegjs@1.0.2

# A real OpenID Provider (oidc-provider, pinned in its package-lock.json) that the
# single sign-on tests start on loopback.
$(OIDC_PROVIDER): tests/sso/provider/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/sso/provider
	@touch $@

# Digital Bazaar's Verifiable Credential libraries (eddsa-rdfc-2022, Bitstring
# Status List), pinned in its package-lock.json, that verify our Open Badges.
$(BADGE_VERIFIER): tests/badges/verifier/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/badges/verifier
	@touch $@

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
e2e: install-test $(MO_FILES) $(OIDC_PROVIDER) $(BADGE_VERIFIER)
	$(BIN)/pytest -m e2e

# The whole suite again on PostgreSQL, as .ci/run does after `make test`.
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
test-postgres: install-test $(MO_FILES) tests/quiz/gift/node/node_modules/gift-pegjs $(OIDC_PROVIDER) $(BADGE_VERIFIER)
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
install-test: system-packages-test $(VENV)/.installed-test

# Running needs WeasyPrint's libraries only; the tests also need the tools that
# read PDFs and QR codes back and a browser.
system-packages:
	@bash tools/ensure-debian-packages.sh tools/debian-packages.txt
system-packages-test:
	@bash tools/ensure-debian-packages.sh tools/debian-packages.txt tools/test-packages.txt

# pip -qq prints errors only (no warnings about this machine's index settings).
PIP_INSTALL := $(BIN)/pip install -qq --disable-pip-version-check

$(VENV)/bin/python:
	@echo "creating $(VENV) and installing the Python packages (quietly)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) --upgrade pip setuptools wheel

$(VENV)/.installed: $(VENV)/bin/python setup.cfg pyproject.toml $(RUNTIME_LOCK)
	@$(PIP_INSTALL) --require-hashes -r $(RUNTIME_LOCK)
	@$(PIP_INSTALL) --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python setup.cfg pyproject.toml $(TEST_LOCK)
	@$(PIP_INSTALL) --require-hashes -r $(TEST_LOCK)
	@$(PIP_INSTALL) --no-deps -e .
	@touch $(VENV)/.installed $@

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
	@$(BIN)/pybabel -q compile --use-fuzzy -i $< -o $@

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

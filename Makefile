# Fact-check workbench. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIP_VERSION := 26.3

.PHONY: install tools run test test-sqlite test-pg lint migrate demo bench train messages clean

install: $(STAMP)

$(STAMP): requirements.lock scripts/find-python.sh
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Removing $(VENV): it was made with Python < 3.12"; rm -rf $(VENV); fi
	@if [ ! -x $(PY) ]; then \
	  python=$$(sh scripts/find-python.sh) || exit 1; \
	  echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	  $$python -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==$(PIP_VERSION)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# The development targets run with DEBUG on (a key generated into var/secret_key); with DEBUG
# off the settings refuse to start without SECRET_KEY.
migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo

# The web server and one background worker (`manage.py run_worker`: big uploads, imports by URL,
# webhooks) together; Ctrl+C stops both. The worker runs in its own session, so the terminal's
# Ctrl+C reaches only the server; on the way out the worker is sent one SIGINT and waited for
# (it finishes the task it is running; a job cut short is taken up again by the next worker).
run: demo
	@DEBUG=$${DEBUG:-1} setsid $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "Background worker started (pid $$worker)"; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# What the suite needs beyond Python: Debian's chromium (browser tests), LibreOffice's calc
# (spreadsheet round trip) and PostgreSQL's server binaries (the pool-restart test starts a
# throwaway server). Installed with apt-get when missing and running as root; otherwise make
# stops with the exact command to run. Nothing in the suite is skipped for a missing tool.
tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v libreoffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "== installing$$missing (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null || exit 1; \
	else \
	  echo "error: the tests need$$missing; install them with:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	  exit 1; \
	fi

# The whole suite, on SQLite unless DATABASE_URL says otherwise. The test settings (a test-only
# SECRET_KEY, no HTTPS redirect for the plain-http test client, static files from static/) come
# from [tool.pytest_env] in pyproject.toml, so a bare `.venv/bin/python -m pytest` gets them too.
# In parallel (pytest-xdist): PYTEST_WORKERS processes (2, the machine's cores), each with its own
# test database (pytest-django appends _gw0, _gw1 to a PostgreSQL test database's name; SQLite's
# is in each process's memory) and its own var/ folder and temporary directories
# (tests/conftest.py). --dist loadfile keeps a file's tests on one worker (module fixtures such
# as test_deploy's site are built once). A subset: `make test PYTEST_ARGS=tests/test_api.py`;
# serially: `make test PYTEST_ARGS=-n0` (or PYTEST_WORKERS=0).
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadfile

test: install tools
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-pg: install tools
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck} $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

# Benchmarks run as production does (DEBUG off, which keeps no query log), with a throwaway key.
bench: install
	$(PY) bench/segment.py
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck_bench} $(PY) bench/ingest.py

# Retrain the check-worthiness model (needs ../shared/data; a separate venv with scikit-learn).
train:
	@test -x .venv-train/bin/python || $$(sh scripts/find-python.sh) -m venv .venv-train
	.venv-train/bin/pip install --quiet -r requirements-train.txt
	.venv-train/bin/python tools/train_checkworthiness.py

# The interface's translations (locale/es, locale/fr): collect the strings of the templates and
# the Python code into the .po catalogs, then compile them to the .mo files the app reads (both
# committed, so a checkout needs no gettext tools). Needs GNU gettext (apt-get install gettext).
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l es -l fr --ignore=.venv --ignore=tests --ignore=bench --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .venv-train .pytest_cache .hypothesis

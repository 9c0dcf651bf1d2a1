# Fact-check workbench. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIP_VERSION := 26.3

.PHONY: install run test test-sqlite test-pg migrate demo bench train clean

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

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, on SQLite unless DATABASE_URL says otherwise.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck} $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/segment.py
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/factcheck_bench} $(PY) bench/ingest.py

# Retrain the check-worthiness model (needs ../shared/data; a separate venv with scikit-learn).
train:
	@test -x .venv-train/bin/python || $$(sh scripts/find-python.sh) -m venv .venv-train
	.venv-train/bin/pip install --quiet -r requirements-train.txt
	.venv-train/bin/python tools/train_checkworthiness.py

clean:
	rm -rf $(VENV) .venv-train .pytest_cache .hypothesis

# Two entry points: `make course` builds the course into dist/, `make test` runs every test
# (after `make check`: ruff and mypy --strict, which also run on their own).
# Each creates what it needs (a local .venv, node_modules for the browser tests) when missing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: course check test clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.course-deps: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

course: $(VENV)/.course-deps
	$(PY) build.py

check: $(VENV)/.test-deps
	$(PY) -m ruff check src tests bench build.py
	$(PY) -m mypy src

test: check node_modules/.deps
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf dist $(VENV) node_modules

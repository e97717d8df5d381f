# Targets mirror CI: `make test` is exactly what .ci/run calls.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint unit sysdeps-run sysdeps-test dist bundle bench

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

sysdeps-run:
	@scripts/system-deps.sh run

sysdeps-test:
	@scripts/system-deps.sh test

run: sysdeps-run $(STAMP)
	$(VENV)/bin/meetguard

lint: $(STAMP)
	$(PY) -m ruff check meetguard tests benchmarks scripts
	$(PY) -m ruff format --check meetguard tests benchmarks scripts
	$(PY) -m mypy

unit: $(STAMP)
	dbus-run-session -- $(PY) -m pytest --cov --cov-report=term

test: sysdeps-test $(STAMP) lint unit

dist: $(STAMP)
	$(PY) -m pip install -q build
	$(PY) -m build

# One-folder Linux bundle in dist/pyinstaller/meetguard, smoke-tested (packaging/README.md).
bundle: sysdeps-run $(STAMP)
	VENV=$(VENV) packaging/pyinstaller/build.sh

bench: $(STAMP)
	$(PY) benchmarks/run.py

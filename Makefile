# Connect Desktop: `make demo` runs the app against the built-in demo org, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test check bench installer installer-check sysdeps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-all: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed-app

# Libraries Qt and QtWebEngine load at run time, and a Secret Service for the keyring tests.
sysdeps:
	@sh .ci/sysdeps

demo: sysdeps $(VENV)/.installed-app
	$(BIN)/connect-desktop --demo

test: sysdeps $(VENV)/.installed-all
	@sh .ci/with-keyring $(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(VENV)/.installed-all
	$(BIN)/ruff check desktop_app tests
	$(BIN)/ruff format --check desktop_app tests
	$(BIN)/mypy

bench: sysdeps $(VENV)/.installed-all
	@sh .ci/with-keyring $(BIN)/python -m tests.bench

installer: sysdeps $(VENV)/.installed-all
	$(BIN)/pyinstaller --noconfirm --clean build_installer.spec

installer-check:
	QT_QPA_PLATFORM=offscreen dist/connect-desktop/connect-desktop --self-check

clean:
	rm -rf build dist .mypy_cache .ruff_cache .hypothesis

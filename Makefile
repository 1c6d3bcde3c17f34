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
	$(BIN)/connect-desktop --demo --demo-activity 45

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

# The built app's own report, offscreen, with a throw-away profile and (where available) a real Secret Service.
installer-check:
	@test -x dist/connect-desktop/connect-desktop || { echo "no build: run make installer first" >&2; exit 1; }
	@profile=$$(mktemp -d) && QT_QPA_PLATFORM=offscreen sh .ci/with-keyring \
	  dist/connect-desktop/connect-desktop --self-check --profile "$$profile" --log-level WARNING; \
	  status=$$?; rm -rf "$$profile"; exit $$status

clean:
	rm -rf build dist .mypy_cache .ruff_cache .hypothesis

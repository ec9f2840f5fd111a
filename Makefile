# Fritidsjob: development and test entry points.
#
#   make run    system libraries, .venv, locked dependencies, .env, migrate,
#               demo data and users (their logins are printed), then the web
#               server, a Celery worker and beat together (Procfile.dev; Ctrl-C
#               stops all three)
#   make test   the same install plus Debian's chromium, then `make check` and
#               pytest in parallel (SQLite and no Redis unless DATABASE_URL /
#               REDIS_URL are set; a test runs makemigrations --check)
#   make check  ruff (lint and format) and import-linter (the layers between the apps)
#   make lock   regenerate requirements.lock from pyproject.toml (with hashes)
#
# Every target is idempotent: a second run only does what is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock
# The stamp's name carries the lock's hash: a changed lock installs again.
LOCK_HASH := $(shell sha256sum $(LOCK) 2>/dev/null | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)

HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=

# An explicit interpreter for scripts/find-python: make PYTHON=/path/to/python3.13 run
export PYTHON

# WeasyPrint needs Pango (with HarfBuzz's subsetter) and a font.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# Browser tests drive Debian's chromium (never a browser download), needed
# only when /usr/bin/chromium is missing.
TEST_DEBS := $(if $(wildcard /usr/bin/chromium),,chromium) fonts-liberation

# pip's configured extra indexes may not exist on every machine; their
# warnings say nothing about the install.
PIP_NOISE := ^WARNING: Location 'file:.*' is ignored

# $(call ensure_debs,PACKAGES): install the Debian packages that are missing,
# as root with apt-get; otherwise say what to install and carry on.
define ensure_debs
if ! command -v dpkg >/dev/null 2>&1; then \
		echo "NOTE: not a Debian system; make sure these (or your system's equivalents) are installed: $(1)" >&2; \
		exit 0; \
	fi; \
	missing=""; \
	for pkg in $(1); do \
		[ "$$(dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null)" = "install ok installed" ] || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "==> Installing Debian packages:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq; \
		apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "WARNING: missing system packages:$$missing" >&2; \
		echo "         install them with: sudo apt-get install$$missing" >&2; \
	fi
endef

.PHONY: help run test check lock install system-deps test-system-deps venv

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

run: system-deps install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PATH="$(abspath $(VENV))/bin:$$PATH" HOST=$(HOST) $(VENV)/bin/honcho --procfile Procfile.dev start --port $(PORT)

test: system-deps test-system-deps install .env check
	@echo "==> Database: $$(case "$${DATABASE_URL:-}" in postgres*) echo "PostgreSQL (DATABASE_URL)";; "") echo "SQLite (DATABASE_URL is not set)";; *) echo "DATABASE_URL";; esac)"
	@echo "==> Redis: $$(if [ -n "$${REDIS_URL:-}" ]; then echo "REDIS_URL is set"; else echo "REDIS_URL is not set: tests marked redis are skipped"; fi)"
	@echo "==> $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)"
	@rc=0; \
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc = 5 ]; then echo "ERROR: pytest collected no tests (exit 5)" >&2; exit 1; fi; \
	exit $$rc

# The habits: lint, formatting and the layers (pyproject.toml [tool.ruff], [tool.importlinter]).
check: install
	@echo "==> ruff check, ruff format --check, lint-imports"
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/lint-imports --no-cache

system-deps:
	@$(call ensure_debs,$(RUN_DEBS))

test-system-deps:
	@$(call ensure_debs,$(TEST_DEBS))

# (Re)create the venv when it is missing or not a working Python >= 3.12.
venv:
	@if [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
		&& $(PY) -m pip --version >/dev/null 2>&1; then exit 0; fi; \
	python="$$(bash scripts/find-python)"; \
	echo "==> Creating $(VENV) with $$python"; \
	rm -rf $(VENV); \
	"$$python" -m venv $(VENV)

# Installs the lock when the venv has no stamp for the lock's current content
# (checked when the recipe runs, after `venv` may have made a new venv).
install: venv
	@if [ -z "$(LOCK_HASH)" ]; then echo "ERROR: $(LOCK) is missing: make lock" >&2; exit 1; fi
	@if [ ! -f $(STAMP) ]; then \
		echo "==> Installing $(LOCK) into $(VENV)"; \
		$(PY) -m pip install --quiet --progress-bar off --require-hashes -r $(LOCK) 2>&1 \
			| { grep -v "$(PIP_NOISE)" || true; }; \
		rm -f $(VENV)/.installed-*; \
		touch $(STAMP); \
	fi

# Development settings for this checkout; the file is gitignored.
.env: | venv
	@echo "==> Writing .env (DJANGO_DEBUG=true, a random SECRET_KEY)"
	@umask 077; { \
		echo "DJANGO_DEBUG=true"; \
		echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	} > $@

lock: venv
	$(PY) -m pip install --quiet --progress-bar off 'uv>=0.5' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.12 --custom-compile-command "make lock" --quiet -o $(LOCK)

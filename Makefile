# KMP Portal. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEPLOY_ENV := SECRET_KEY=check-deploy-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
	ALLOWED_HOSTS=kmp.example DJANGO_SETTINGS_MODULE=portal.settings.production

.DEFAULT_GOAL := help
.PHONY: help run serve migrate seed test lint format check pytest test-postgres chromium bench-pages bench-rewards bench-search bench-gaming bench-purge screenshots clean

help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed ## Set up, migrate, seed the demo and serve on http://127.0.0.1:8000 (SQLite)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

serve: $(VENV)/.installed ## Serve without re-seeding
	$(MANAGE) runserver 127.0.0.1:8000

migrate: $(VENV)/.installed ## Apply migrations
	$(MANAGE) migrate --no-input

seed: $(VENV)/.installed ## Build or top up the demo site (safe to run twice)
	$(MANAGE) seed_demo

lint: $(VENV)/.installed-dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.installed-dev ## Django checks, deploy checks on production settings, migrations up to date
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

chromium: ## Install Debian's chromium for the browser tests (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; fi; }

pytest: $(VENV)/.installed-dev ## Run the test suite (on DATABASE_URL, SQLite by default)
	$(VENV)/bin/pytest --create-db -n 2 $(PYTEST_ARGS)

test: $(VENV)/.installed-dev chromium lint check pytest ## Set up and run every check and test on SQLite

test-postgres: $(VENV)/.installed-dev ## Run the test suite again on the local PostgreSQL
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest --create-db -n 2 $(PYTEST_ARGS)

bench-pages: $(VENV)/.installed-dev ## Page-serving benchmark (gunicorn, cache, recorders)
	$(PY) bench/pages.py

bench-rewards: $(VENV)/.installed-dev ## Reward calculation benchmark on PostgreSQL
	$(PY) bench/rewards.py

bench-search: $(VENV)/.installed-dev ## Search throughput benchmark on PostgreSQL
	$(PY) bench/search.py

bench-gaming: $(VENV)/.installed-dev ## Issue 15's attacks and an honest crowd: earnings before and after
	$(PY) bench/gaming.py

bench-purge: $(VENV)/.installed-dev ## Cached pages of a 10,000-page site that survive one publish
	$(PY) bench/purge.py

screenshots: $(VENV)/.installed-dev chromium ## Photograph every page type at 390 and 1280 px; refresh docs/screenshots/
	$(VENV)/bin/pytest -n 0 --create-db -p no:randomly portal/tests/test_layout_browser.py
	$(PY) docs/screenshots/collect.py

clean: ## Remove the virtualenv, database and generated files
	rm -rf $(VENV) db.sqlite3 media staticfiles test-output .test-media

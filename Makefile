# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
ARTIFACTS ?= test-artifacts

.PHONY: install run test lint format check clean backup restore

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	@echo "Serving the Discussion Blog on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	mkdir -p $(ARTIFACTS)
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@echo "Test artifacts (screenshots, media) are in $(CURDIR)/$(ARTIFACTS)/"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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

clean:
	rm -rf $(VENV) $(ARTIFACTS) db.sqlite3

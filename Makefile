# Two commands matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate demo venv clean

$(VENV)/installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Python 3.11 is required (found $$($(PYTHON) --version))."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || \
		{ echo "Could not create a virtualenv: on Debian run 'apt-get install python3.11-venv'."; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/installed

# axe-core, which the browser tests inject into pages to check their accessibility; without npm
# those checks are skipped (or fail under DPA_REQUIRE_BROWSER=1).
node_modules/installed: package.json package-lock.json
	@if command -v npm > /dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility checks will be skipped (apt-get install npm)."; fi

migrate: venv
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py sync_holidays

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_guidance_demo

# The site, a Celery worker and the beat scheduler, all stopped together by Ctrl-C.
run: demo
	@mkdir -p var/log
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	$(VENV)/bin/celery -A dpa worker --loglevel=INFO --concurrency=2 > var/log/worker.log 2>&1 & worker=$$!; \
	$(VENV)/bin/celery -A dpa beat --loglevel=INFO > var/log/beat.log 2>&1 & beat=$$!; \
	trap 'kill -TERM $$worker $$beat 2> /dev/null; wait $$worker $$beat; echo "dpa stopped."' EXIT; \
	trap 'exit 0' INT TERM; \
	echo ""; \
	echo "  dpa is running: the public site at http://$(HOST):$(PORT)/, staff sign in at http://$(HOST):$(PORT)/admin/"; \
	echo "  Demo logins (password demo-password-2026): officer, officer2, teamlead, editor, publisher, auditor, admin"; \
	echo "  To try the second factor: sign in, open 'Two-step sign-in' at the top and scan the QR code."; \
	echo "  Worker and scheduler logs: var/log/. Mail sent in debug mode: var/mail/. Stop with Ctrl-C."; \
	echo ""; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv node_modules/installed
	$(VENV)/bin/pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var .pytest_cache .ruff_cache

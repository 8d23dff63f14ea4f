# Ansam — the two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails and invitations point where the demo is served.
DEMO_ENV := ANSAM_DEMO=1 SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

# Type-checked: the access policy, core, lifecycle, and every domain service and selector.
MYPY_TARGETS := ansam/access ansam/core ansam/lifecycle $(wildcard ansam/*/services.py) \
	$(wildcard ansam/*/selectors.py) ansam/sharing/emergency.py ansam/sharing/team.py ansam/sharing/household.py \
	ansam/referrals/ticks.py

.PHONY: run serve test lint fmt venv messages demo clean-db check-deploy

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: venv
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEMO_ENV) $(PY) manage.py demo_setup
	@echo "Starting the task worker, the scheduler and the server on http://$(HOST):$(PORT)/ (Ctrl+C stops them)"
	@$(DEMO_ENV) $(PY) manage.py db_worker > var/worker.log 2>&1 & worker=$$!; \
	  $(DEMO_ENV) $(PY) manage.py scheduler > var/scheduler.log 2>&1 & scheduler=$$!; \
	  trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Production (docs/operations.md): collect static files, migrate, worker, scheduler, gunicorn.
serve: venv
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) bin/serve

test: venv
	ANSAM_TESTING=1 $(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	ANSAM_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	ANSAM_TESTING=1 $(PY) manage.py check_layout
	ANSAM_TESTING=1 $(VENV)/bin/mypy $(MYPY_TARGETS)

fmt: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Needs GNU gettext (msgfmt, xgettext): regenerates the catalogues after strings change.
messages: venv
	cd ansam && ANSAM_TESTING=1 ../$(PY) ../manage.py makemessages -l fr -l en --no-obsolete --no-location
	cd ansam && ANSAM_TESTING=1 ../$(PY) ../manage.py compilemessages

check-deploy: venv
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=ansam.example.org \
	  ANSAM_AUDIT_KEYS=1:$$(head -c 32 /dev/urandom | base64) \
	  ANSAM_AUDIT_CHECKPOINTS=file:/var/log/ansam/audit-checkpoints.log \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean-db:
	rm -f var/ansam.sqlite3 var/ansam.sqlite3-wal var/ansam.sqlite3-shm

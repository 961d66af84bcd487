# The two commands a newcomer needs: `make run` and `make test`. CI runs `make test` too.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
APPS := crisiscentre incidents playbook escalation communication notifications sitreps exchange aftermath meetings

.PHONY: dev-stack run test install install-test messages compile-messages stack lint format sitrep-demo bench backup restore

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -e .

install-test: $(PY)
	$(PIP) install --quiet -e ".[test]"
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not installed: accessibility (axe-core) tests will skip (and fail under CI=true)"; fi

# English catalogues are compiled when gettext is there; without it the UI is simply Dutch.
compile-messages:
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0; \
	else echo "gettext (msgfmt) not installed: English translations unavailable, Dutch UI only"; fi

# seed_demo prints the URL, the user to try first and new passwords last, right above runserver.
RUN_ADDR ?= 127.0.0.1:8000
run: install compile-messages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --base-url http://$(RUN_ADDR)
	$(MANAGE) runserver $(RUN_ADDR)

test: install-test compile-messages
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml docker-compose.dev.yml
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Web + a real Celery worker + beat against DATABASE_URL / CELERY_BROKER_URL from the environment.
stack: install compile-messages
	@test -n "$$DATABASE_URL" || (echo "Set DATABASE_URL=postgres://..." && exit 1)
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL=redis://..." && exit 1)
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A crisiscentre worker -l info --concurrency 2 & \
	$(VENV)/bin/celery -A crisiscentre beat -l info --schedule /tmp/crisiscentre-beat & \
	$(VENV)/bin/gunicorn crisiscentre.wsgi -b 127.0.0.1:8000 -w 2

# docker compose with the mail catcher (docker-compose.dev.yml); .env needs
# EMAIL_URL=smtp://mailcatcher:1025. Production: plain `docker compose up -d`.
dev-stack:
	docker compose -f docker-compose.yml -f docker-compose.dev.yml up -d --build

# Regenerate the English catalogue of one app (APP=incidents) or of the project (APP=crisiscentre).
messages:
	@if [ "$(APP)" = "crisiscentre" ] || [ -z "$(APP)" ]; then \
		$(MANAGE) makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules $(foreach a,$(filter-out crisiscentre,$(APPS)),--ignore=$(a)/*); \
	else cd $(APP) && mkdir -p locale && ../$(PY) ../manage.py makemessages -l en --no-obsolete; fi

# A draft sitrep of the demo exercise incident, written to sitrep-demo.pdf (nothing is stored).
sitrep-demo: install compile-messages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) sitrep --demo --draft --output sitrep-demo.pdf

# Benchmarks print figures (bench/README.md); load.py and notifications.py want PostgreSQL/Redis.
bench: install-test
	$(PY) bench/sitrep.py
	$(PY) bench/load.py
	$(PY) bench/notifications.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Backups: a pg_dump in custom format to $(BACKUP_DIR) (run it from cron or the compose `backup`
# service); `make restore FILE=backups/....dump` loads one into DATABASE_URL (an empty database,
# or the same one: objects are dropped first). docs/operations.md.
BACKUP_DIR ?= backups
backup:
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "Set DATABASE_URL=postgres://... (backups are for PostgreSQL)"; exit 1;; esac
	@mkdir -p $(BACKUP_DIR)
	@file=$(BACKUP_DIR)/crisiscentre-$$(date -u +%Y%m%dT%H%M%SZ).dump; \
	pg_dump --format=custom --no-owner --no-privileges --dbname="$$DATABASE_URL" --file="$$file.part" \
	&& mv "$$file.part" "$$file" && echo "$$file"

restore:
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/crisiscentre-....dump" && exit 1)
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "Set DATABASE_URL=postgres://... (the database to restore into)"; exit 1;; esac
	pg_restore --no-owner --no-privileges --clean --if-exists --exit-on-error --single-transaction --dbname="$$DATABASE_URL" "$(FILE)"

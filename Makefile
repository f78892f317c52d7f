# The portal's commands. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup install migrate demo worker beat lint format check-deploy messages bench-verdicts bench bench-clean clean backup vnu a11y mutation

run: setup ## Set up, then serve the portal on http://127.0.0.1:$(PORT)/ (links in e-mails follow PORT)
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup ## Set up, then run the whole test suite
	$(BIN)/pytest -n 2

setup: install migrate demo

install: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate ## Load the 2022 work plan, its indicator scheme and the demo data (idempotent)
	$(MANAGE) load_workplan
	$(MANAGE) load_scheme
	$(MANAGE) load_demo

worker: install ## A Celery worker (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: without it tasks run in-process and no worker is needed."; exit 1; }
	$(BIN)/celery -A gkw_portal worker --loglevel=info --concurrency=2

beat: install ## The Celery beat scheduler: outbox sweep, digests and reminders (needs REDIS_URL; run one)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: periodic jobs need Redis and a worker."; exit 1; }
	mkdir -p var
	$(BIN)/celery -A gkw_portal beat --loglevel=info --schedule var/celerybeat-schedule

lint: install ## ruff, the import layers, formatting and migrations in step with the models
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production settings with throwaway values, to prove they are complete.
check-deploy: install
	DJANGO_SETTINGS_MODULE=gkw_portal.settings.prod \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=gkw.example.edu.cn \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# The W3C HTML checker for tests/e2e/test_accessibility.py. Its jar is ~32 MB, too big to commit: it is fetched
# from the npm registry into a git-ignored cache. Keep the version in step with VNU_VERSION in tests/e2e/a11y.py.
VNU_VERSION := 26.9.27
VNU_DIR := .cache/vnu-jar/$(VNU_VERSION)

vnu: $(VNU_DIR)/vnu.jar ## Fetch the pinned W3C HTML checker (vnu.jar, needs npm; runs with Java)

$(VNU_DIR)/vnu.jar:
	mkdir -p $(VNU_DIR)
	cd $(VNU_DIR) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar -xzf vnu-jar-$(VNU_VERSION).tgz package/build/dist/vnu.jar \
	  && mv package/build/dist/vnu.jar vnu.jar.part && rm -rf package vnu-jar-$(VNU_VERSION).tgz
	mv $(VNU_DIR)/vnu.jar.part $@

a11y: setup vnu ## The accessibility checks alone: axe-core and the HTML checker on every page, zoom and keyboard
	$(BIN)/pytest -q -n 2 tests/e2e/test_accessibility.py tests/e2e/test_large_text.py tests/e2e/test_keyboard.py tests/e2e/test_a11y_guard.py

messages: install ## Refresh and compile the Chinese translation catalogue (needs GNU gettext)
	$(MANAGE) makemessages --locale zh_Hans --ignore "$(VENV)/*" --no-obsolete
	$(MANAGE) compilemessages --locale zh_Hans --ignore "$(VENV)/*"

bench-verdicts: install ## Time recomputing every verdict for 3,000 colleges (data rolled back afterwards)
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) bench_verdicts --colleges $${COLLEGES:-3000}

# The bench database is separate (var/bench.sqlite3 or PostgreSQL gkw_bench) and kept for the next run.
bench: install ## Time the main pages on a large data set in a database of its own (BENCH_ARGS="--database postgres")
	$(MANAGE) bench $(BENCH_ARGS)

bench-clean: install ## Remove the bench database: var/bench.sqlite3, and gkw_bench if PostgreSQL is reachable
	$(MANAGE) bench --clean

# Nightly in production (cron), then copy the archive off this machine. Restore: manage.py restore FILE.
backup: install ## Back up the database and MEDIA_ROOT into one archive in backups/ (BACKUP=file to choose)
	$(MANAGE) backup $(if $(BACKUP),--output "$(BACKUP)")

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .cache

mutation: install ## Mutation testing of the rules, access, the outbox, services and file store (slow; docs/testing.md)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python tools/mutation_report.py

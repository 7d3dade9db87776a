# The two commands of the README: `make run` and `make test`. Everything else is a helper.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# pytest arguments, e.g. `make test ARGS="-k calendar -x"`
ARGS ?=
# benchmark / load test arguments, e.g. `make load BENCH_ARGS="--applications 60 --clients 10"`
# (each script's --help lists them; docs/performance.md explains them)
BENCH_ARGS ?=

.PHONY: run test test-postgres test-browser bench load mutate messages install install-dev lint lock clean designsystemet

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when the lock files change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Compiled translations (.mo) are built from the committed .po files, never committed.
# djangojs.po: strings of the admin's JavaScript (Wagtail's and wagtail-localize's editors).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po locale/*/LC_MESSAGES/djangojs.po)
MO_FILES := $(PO_FILES:.po=.mo)

locale/%.mo: locale/%.po | $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

install: $(VENV)/.installed $(MO_FILES)
install-dev: $(VENV)/.installed-dev $(MO_FILES)

## make run: set up on SQLite, load the seed content once, and serve http://127.0.0.1:8000/
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_data
	$(MANAGE) ensure_dev_admin
	$(MANAGE) runserver $(HOST)

# Test processes for `make test` (pytest-xdist; each has its own test database). Many tests
# wait on subprocesses, servers and the database, so more processes than cores pay off.
# `make test TEST_WORKERS=0` runs the suite in one process (pdb, -x, print debugging).
TEST_WORKERS ?= 3
TEST_PARALLEL := -n $(TEST_WORKERS)

## make test: the test suite (without the browser tests) on SQLite, or on DATABASE_URL if set
test: install-dev
	$(BIN)/pytest --ignore=tests/browser $(TEST_PARALLEL) $(ARGS)

## make test-postgres: the same suite on the local PostgreSQL
test-postgres: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kulturskoleradet} \
		$(BIN)/pytest --ignore=tests/browser $(TEST_PARALLEL) $(ARGS)

## make test-browser: accessibility and keyboard tests in Chromium (needs /usr/bin/chromium)
# In one process: the tests share one seeded server and one Chromium.
test-browser: install-dev
	$(BIN)/pytest tests/browser $(ARGS)

## make bench: pages vs /healthz under gunicorn on the local PostgreSQL, page cache on and off
# The workers share their cache in Redis, as in production; /healthz runs just before and after
# every page; CPU per request of gunicorn, Redis and PostgreSQL; a WARNING when other load skews it.
# BENCH_ARGS: --rounds N (5), --seconds S per slot (2), --warmup S (1), --concurrency N,
# --cache redis|local (local: each process its own cache, so one worker), --workers N,
# --worker-class sync|gthread, --threads N, --pg URL, --strict (exit 1 on a goal not met), --keep
bench: install
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

## make load: 500 applications from 20 clients under gunicorn on PostgreSQL; checks none is lost
# and reports the deadline rush (the form page's GET p95 while applications are sent, < 250 ms).
# BENCH_ARGS: --applications N (500), --clients N (20), --min-seconds N, --max-seconds S,
# --flow steps|one-page, --workers N, --worker-class sync|gthread, --threads N, --pg URL, --keep
load: install
	$(BIN)/python benchmarks/load.py $(BENCH_ARGS)

## make lighthouse: Lighthouse (mobile) over every page type under gunicorn on PostgreSQL,
# four scores per page; fails under 100 (performance: LIGHTHOUSE_ARGS="--min-performance N").
# Needs Node.js 18.16+ and npm for the pinned Lighthouse (package.json); the site does not.
LIGHTHOUSE_ARGS ?=
.PHONY: lighthouse
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make lighthouse needs Node.js (18.16 or newer) and npm: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
lighthouse: install node_modules/.package-lock.json
	$(BIN)/python benchmarks/lighthouse.py $(LIGHTHOUSE_ARGS)

## make lint: ruff (rules and formatting), the apps' import layers, missing migrations, manage.py check
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

## make mutate: mutation testing (mutmut) of the modules that guard applicants' data and staff's
## rights; prints the score per module and the surviving mutants (docs/mutation.md). Not in CI.
# From scratch each time: a database migrated once, which every test session copies
# (scripts/mutation_plugin.py), then one pytest session per mutant with the tests that reach
# it. Of website/page_cache.py only the generations and expiry: not how a request finds its
# site and key, nor which responses may be stored. `make mutate MUTATE_SCOPE=forms.attachments.*`
MUTATE_CHILDREN ?= 2
MUTATE_SCOPE ?= forms.attachments.* forms.submission.* forms.status_page.* \
	forms.models.submissions.* forms.permissions.* applications.policy.* \
	applications.reply_letters.* applications.retention.* website.page_cache_purge.* \
	$(foreach f,cache_seconds current_generation new_generation for_generation \
		clock_page_models next_content_change content_valid_until,website.page_cache.x_$(f)*) \
	website.page_cache.xǁPageCacheMiddlewareǁ_set_shared_max_age*
MUTATION_DB := $(CURDIR)/mutants/test-template.sqlite3
mutate: install-dev
	rm -rf mutants
	mkdir mutants
	DJANGO_SETTINGS_MODULE=website.settings.test DATABASE_URL=sqlite:///$(MUTATION_DB) \
		$(MANAGE) migrate --noinput --verbosity 0
	MUTATION_TEST_DB=$(MUTATION_DB) $(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) \
		$(foreach m,$(MUTATE_SCOPE),'$(m)')
	$(BIN)/python scripts/mutation_report.py

## make messages: update locale/*/LC_MESSAGES/django.po from the code (needs GNU gettext)
# Not nb: the code's msgids are bokmål already; locale/nb holds bokmål for Wagtail's and
# wagtail-localize's own strings, which makemessages would drop as obsolete.
messages: install-dev
	$(MANAGE) makemessages --all --exclude nb --no-obsolete --ignore=.venv --ignore=tests --ignore="*/migrations/*"

## make designsystemet: refresh the vendored Designsystemet CSS and theme (needs Node.js and npm;
# `make run` does not). The versions are pinned here; the theme's source is designsystemet.config.json.
DS_CSS_VERSION := 1.22.0
DS_CLI_VERSION := 1.15.0
DS_DIR := home/static/vendor/designsystemet
DS_TMP := $(CURDIR)/.designsystemet-build
designsystemet: $(BIN)/python
	rm -rf $(DS_TMP)
	mkdir -p $(DS_TMP)
	cd $(DS_TMP) && npm pack --silent @digdir/designsystemet-css@$(DS_CSS_VERSION) \
		&& tar xzf digdir-designsystemet-css-$(DS_CSS_VERSION).tgz
	cd $(DS_DIR) && npx --yes @digdir/designsystemet@$(DS_CLI_VERSION) tokens create \
		--config designsystemet.config.json --clean \
		&& npx --yes @digdir/designsystemet@$(DS_CLI_VERSION) tokens build \
		--config designsystemet.config.json -o $(DS_TMP)/build --clean
	$(BIN)/python scripts/designsystemet_bundle.py $(DS_TMP)/package \
		$(DS_TMP)/build/kulturskoleradet.css $(DS_DIR)/designsystemet.css
	cp $(DS_TMP)/package/LICENSE $(DS_DIR)/LICENSE
	echo "@digdir/designsystemet-css $(DS_CSS_VERSION)\n@digdir/designsystemet (theme tooling) $(DS_CLI_VERSION)" \
		> $(DS_DIR)/VERSION
	rm -rf $(DS_TMP)

## make lock: re-pin every dependency from pyproject.toml
lock: install-dev
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-header --extra dev -o requirements-dev.txt pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Two commands matter: `make run` (the whole service with a demo county) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_SIZE ?= 3000
DEMO_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# The real services for `make test-services` (and CI's second pass).
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
SERVICES_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test test-services lint bench messages clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --size $(DEMO_SIZE) --if-empty $(DEMO_ARGS)
	$(PY) manage.py rebuild_matches
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed
	bash scripts/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/pytest

test-services: $(VENV)/.installed
	bash scripts/ensure-chromium.sh
	bash scripts/services-up.sh
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_BROKER_URL) \
		RUN_SERVICE_TESTS=1 $(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# About 65 minutes on 2 cores; the matching benchmark needs about 8 GB of memory and PostgreSQL,
# the notice benchmarks PostgreSQL and Redis, the REST API load bench (30 minutes of it)
# PostgreSQL, Redis and locust (bench/requirements.txt).
BENCH_API_ARGS ?=
.PHONY: bench-api

bench: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/import_bench.py --rows 5000
	$(PY) bench/matching_bench.py
	$(PY) bench/occupation_coding_bench.py
	$(PY) bench/eval_dev_set.py
	$(PY) bench/pages_bench.py
	$(PY) bench/notices_bench.py
	$(PY) bench/vacancy_notices_bench.py
	$(PY) bench/campaign_bench.py
	$(PY) bench/api_load_bench.py

# The REST API under load only: `make bench-api BENCH_API_ARGS=--quick` for 60 s a run.
bench-api: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/api_load_bench.py $(BENCH_API_ARGS)

# Needs GNU gettext; the compiled .mo files are committed so nobody else does.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l zh_Hans --ignore '.venv/*'
	$(PY) manage.py compilemessages -l zh_Hans --ignore '.venv/*'

clean:
	rm -rf var

# Keten: `make run` sets up everything and serves on http://127.0.0.1:8000; `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KETEN := $(BIN)/keten
STAMP := $(VENV)/.installed

.PHONY: run install setup test lint types pytest e2e cluster-test bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(KETEN) compiletranslations
	$(KETEN) migrate --no-input
	$(KETEN) collectstatic --no-input --verbosity 0

run: setup
	$(KETEN) serve

test: install
	$(KETEN) compiletranslations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy

pytest: install
	$(KETEN) compiletranslations
	$(BIN)/pytest

e2e: install
	$(KETEN) compiletranslations
	$(BIN)/pytest tests/e2e -m e2e -p no:cacheprovider

# Two `keten serve` and two `keten db_worker` processes on one PostgreSQL (DATABASE_URL; the test uses
# <name>_cluster) and one file store (the KETEN_S3_* bucket when set, else a shared folder).
cluster-test: install
	$(KETEN) compiletranslations
	$(BIN)/pytest tests/cluster -m cluster -p no:cacheprovider -rs

BENCH_TABLE_CASES ?= 1000000
BENCH_IMPORT_ROWS ?= 250000
BENCH_LINK_CASES ?= 1000000
BENCH_LINK_IDENTIFIERS ?= 5000000

# The pages under wrk, then (unless BENCH_ONLY names something else) every statistics table over
# BENCH_TABLE_CASES cases and a CTDC import of BENCH_IMPORT_ROWS rows. BENCH_SERVERS=2 (PostgreSQL):
# report submission and the case page on one server and on two, side by side, and nothing else.
bench: setup
	$(BIN)/python -m tests.bench.run
	@case "$(BENCH_SERVERS)$(BENCH_ONLY)" in ""|1|*screen*) $(BIN)/python -m tests.bench.screen_command_bench;; esac
	@case "$(BENCH_SERVERS)$(BENCH_ONLY)" in ""|1|*statistics*|*ctdc*) \
	  $(BIN)/python -m tests.bench.statistics_tables_bench $(BENCH_TABLE_CASES) && \
	  $(BIN)/python -m tests.bench.ctdc_import_bench $(BENCH_IMPORT_ROWS);; esac
	@case "$(BENCH_ONLY)" in ""|*links*) \
	  $(BIN)/python -m tests.bench.links_bench $(BENCH_LINK_CASES) $(BENCH_LINK_IDENTIFIERS);; esac

# Extract new strings into every catalogue (needs GNU gettext); translate them, then commit.
messages: install
	bash scripts/messages.sh

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache .pytest_cache

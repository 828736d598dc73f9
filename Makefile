# esep — the obvious entry points. Everything runs from the virtual environment in .venv.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
ESEP    = $(BIN)/esep
HOST   ?= 127.0.0.1:8000

.PHONY: install messages demo demo-seeds serve serve-prod worker esep test test-sqlite test-postgres lint format bench bench-scale bench-import bench-serve bench-peer clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $@

# Compiled catalogs are build products: made from locale/*.po on every setup.
messages: install
	SECRET_KEY=build $(ESEP) compilemessages --ignore=.venv --ignore=var --verbosity=0

demo: messages
	DEBUG=1 $(ESEP) migrate --verbosity=0
	DEBUG=1 $(ESEP) demo
	DEBUG=1 scripts/serve $(HOST)

# The demo and, on top of it, the records behind every appeals-side figure of the seeds at
# their own scale (about 120,000 appeals, 20,000 receptions): takes some minutes.
demo-seeds: messages
	DEBUG=1 $(ESEP) migrate --verbosity=0
	DEBUG=1 $(ESEP) demo --seeds
	DEBUG=1 scripts/serve $(HOST)

serve: messages
	DEBUG=1 $(ESEP) migrate --verbosity=0
	DEBUG=1 scripts/serve $(HOST)

# Production: gunicorn's workers and the background worker (README, "Production").
serve-prod: messages
	scripts/serve-prod $(HOST)

# The background-task worker alone (make demo and make serve already run one).
worker: messages
	DEBUG=1 $(ESEP) db_worker --interval 2

# Any esep command without activating the virtual environment: make esep ARGS="branches"
esep: messages
	DEBUG=1 $(ESEP) $(ARGS)

test: messages
	scripts/run-tests

test-sqlite: messages
	$(BIN)/pytest

test-postgres: messages
	scripts/with-postgres $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	SECRET_KEY=lint $(ESEP) makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Pages at BENCH_SCALE, then figures at 100,000 and 1,000,000 appeals (BENCH_SIZES) on
# SQLite and on a throw-away PostgreSQL, the programme, the deputies' rating, ballots cast
# in primaries of 700,000 members, and 100,000 aid beneficiaries imported. Takes a while:
# the fills are most of it.
bench: messages
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_figures.py
	scripts/with-postgres $(BIN)/python scripts/bench_figures.py
	$(BIN)/python scripts/bench_programme.py
	scripts/with-postgres $(BIN)/python scripts/bench_programme.py
	$(BIN)/python scripts/bench_deputies.py
	scripts/with-postgres $(BIN)/python scripts/bench_deputies.py
	$(BIN)/python scripts/bench_primaries.py
	scripts/with-postgres $(BIN)/python scripts/bench_primaries.py
	$(BIN)/python scripts/bench_aid.py
	scripts/with-postgres $(BIN)/python scripts/bench_aid.py

# National scale, each on a throw-away PostgreSQL (docs/national-scale.md):
# every staff page and API list at BENCH_SIZES appeals (default 1,000,000 then 10,000,000,
# filled by COPY) beside a hand-written query; the import beside COPY; the production
# server's throughput beside a hello-world app; esep beside django-helpdesk at 1,000,000.
bench-scale: messages
	scripts/with-postgres $(BIN)/python scripts/bench_scale.py

bench-import: messages
	scripts/with-postgres $(BIN)/python scripts/bench_import.py

bench-serve: messages
	scripts/with-postgres $(BIN)/python scripts/bench_serve.py

bench-peer: messages
	scripts/with-postgres $(BIN)/python scripts/bench_peer.py

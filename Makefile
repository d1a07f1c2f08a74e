# wirehouse: `make run` builds the warehouse from raw/, `make test` runs the suite,
# `make bench SIZE=10k|100k|1m` measures one corpus size and regenerates docs/benchmarks.md.
# `make lint` runs ruff, `make docs` regenerates docs/tables.md from the dbt yml.
# `make model` retrains the bundled NER model (loader/models/wirehouse_ner; needs ../shared).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SIZE   ?= 10k
RUNS   ?= 3
STAMP  := $(VENV)/.installed

.PHONY: run test install lint docs model clean bench bench-annotation bench-report

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip "setuptools>=70.1"
	$(BIN)/pip install --quiet -e ".[test,bench,lint]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/wirehouse run raw/

test: $(STAMP)
	$(BIN)/python -m pytest

# ruff (pyproject.toml [tool.ruff]): E, F, W, B, I, UP, SIM
lint: $(STAMP)
	$(BIN)/python -m ruff --version >/dev/null 2>&1 || $(BIN)/pip install --quiet -e ".[lint]"
	$(BIN)/python -m ruff check loader tests bench migrations setup.py

# docs/tables.md, from the dbt yml (tests/test_docs.py checks it is up to date)
docs: $(STAMP)
	$(BIN)/python -m loader.docs tables

# Needs the corpora in ../shared (or $$WIREHOUSE_SHARED); scratch files go to /tmp/wirehouse-bench.
bench: $(STAMP)
	$(BIN)/python -m bench run --size $(SIZE) --runs $(RUNS)

bench-annotation: $(STAMP)
	$(BIN)/python -m bench annotation --runs $(RUNS)

bench-report: $(STAMP)
	$(BIN)/python -m bench report

model: $(STAMP)
	$(BIN)/wirehouse train-ner

clean:
	rm -rf $(VENV) warehouse.duckdb warehouse.duckdb.wal .wirehouse dbt_project/target dbt_project/logs

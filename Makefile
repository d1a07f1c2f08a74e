# wirehouse: `make run` builds the warehouse from raw/, `make test` runs the suite,
# `make model` retrains the bundled NER model (loader/models/wirehouse_ner; needs ../shared).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/wirehouse run raw/

test: $(STAMP)
	$(BIN)/python -m pytest

model: $(STAMP)
	$(BIN)/wirehouse train-ner

clean:
	rm -rf $(VENV) warehouse.duckdb warehouse.duckdb.wal .wirehouse dbt_project/target dbt_project/logs

# wirehouse: `make run` builds the warehouse from raw/, `make test` runs the suite,
# `make bench SIZE=10k|100k|1m` measures one corpus size and regenerates docs/benchmarks.md.
# `make lint` runs ruff, `make docs` regenerates docs/tables.md from the dbt yml.
# `make model` retrains the bundled NER model (loader/models/wirehouse_ner; needs ../shared).
# `make run-spark` builds it with annotation as a local Spark job, `make test-spark` tests that job
# and the dbt project on Spark (both install the `spark` extra: pyspark, dbt-spark, ~630 MB, needs Java 17+);
# `make spark-dbt` builds 200 BBC articles with dbt on Spark and on DuckDB and compares them; `make spark-acceptance`
# compares Spark and local annotation on 500 BBC articles and times local[1] vs local[2] (needs ../shared).
# `make check-superset` runs Apache Superset against the warehouse and writes docs/bi.md (opt-in, not in `make test`).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SIZE   ?= 10k
RUNS   ?= 3
STAMP  := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.installed-spark
SUPERSET_VENV  := .venv-superset
SUPERSET_STAMP := $(SUPERSET_VENV)/.installed

.PHONY: run test install lint docs model clean bench bench-annotation bench-report check-superset run-spark test-spark spark-acceptance spark-dbt

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

$(SPARK_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,bench,spark]"
	touch $(SPARK_STAMP)

run-spark: $(SPARK_STAMP)
	$(BIN)/wirehouse run --engine spark raw/

test-spark: $(SPARK_STAMP)
	$(BIN)/python -m pytest tests/test_spark_annotate.py tests/test_spark_dbt.py

# dbt on Spark and on DuckDB over one load (DB=, default 200 BBC articles from ../shared): times both, compares the tables
spark-dbt: $(SPARK_STAMP)
	$(BIN)/python -m bench.spark_dbt $(if $(DB),--db $(DB),)

spark-acceptance: $(SPARK_STAMP)
	$(BIN)/python -m bench.spark_acceptance

# ruff (pyproject.toml [tool.ruff]): E, F, W, B, I, UP, SIM
lint: $(STAMP)
	$(BIN)/python -m ruff --version >/dev/null 2>&1 || $(BIN)/pip install --quiet -e ".[lint]"
	$(BIN)/python -m ruff check loader tests bench migrations eval setup.py

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

# Superset in its own environment (it pins SQLAlchemy 1.4); needs chromium and chromedriver
# (Debian: apt-get install -y chromium chromium-driver). Scratch files go to /tmp/wirehouse-superset.
$(SUPERSET_STAMP): bi/requirements.txt bi/constraints.txt
	$(PYTHON) -m venv $(SUPERSET_VENV)
	$(SUPERSET_VENV)/bin/pip install --quiet --upgrade pip
	$(SUPERSET_VENV)/bin/pip install --quiet -r bi/requirements.txt -c bi/constraints.txt
	touch $(SUPERSET_STAMP)

check-superset: $(STAMP) $(SUPERSET_STAMP)
	$(SUPERSET_VENV)/bin/python -m bi.check_superset --wirehouse $(BIN)/wirehouse

clean:
	rm -rf $(VENV) warehouse.duckdb warehouse.duckdb.wal .wirehouse dbt_project/target dbt_project/logs

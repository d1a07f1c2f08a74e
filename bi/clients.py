"""The BI-client table of docs/bi.md: what works with each client, and the test that says so.

Written by hand from the tests it names (tests/test_serve_clients.py, tests/test_serve.py,
tests/test_connect.py, `make check-superset`); keep it in step with them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Client:
    name: str
    through: str
    checked_by: str
    works: str
    fails: str


CLIENTS_SOURCE = (
    "Each row is what a test runs against a real server or file; a tool that is not run is said to be "
    "not checked. `SC` is `tests/test_serve_clients.py`, `S` is `tests/test_serve.py`. Last run of both "
    "by hand: 47 passed, none skipped (pgjdbc 42.5.5, node-postgres 8.23.1, psql 15.18, psycopg2 and "
    "psycopg 3 installed), on branch `superset` at its merge of `serve-clients` 5b0a090, which holds "
    "`serve-sec` b41bcf7."
)

CLIENTS: tuple[Client, ...] = (
    Client("Apache Superset", "the file (duckdb-engine); `wirehouse serve` (psycopg2)",
           "`make check-superset` (above)",
           "adding the database, schemas, tables and views, a dataset (column reflection), a bar chart, "
           "`/api/v1/chart/data`, the chart drawn in the browser",
           "with a SQLite metadata database, one dataset per table name across all "
           "databases (Superset's migrations leave `UNIQUE (table_name)` on SQLite; use PostgreSQL or MySQL "
           "for Superset's own database in production)"),
    Client("SQLAlchemy 2.0 + duckdb-engine 0.17", "the file, `duckdb:///…?access_mode=read_only`",
           "`tests/test_connect.py`",
           "schemas, table and view names, columns, indexes (none), queries",
           "`get_pk_constraint`, `get_foreign_keys` fail on DuckDB 2.0 (no `REGCLASS` type); the published "
           "tables have no constraints"),
    Client("SQLAlchemy 2.0 PostgreSQL dialect (psycopg 3, psycopg2)", "`wirehouse serve`",
           "SC `test_sqlalchemy_inspects_the_warehouse`, `test_sqlalchemy_reflects_keys_indexes_and_comments`",
           "schemas, table and view names, columns with their types (lists as `ARRAY`) and nullability, "
           "primary and foreign keys, unique constraints, indexes, comments, `has_table`, `Table(autoload_with=)`",
           "—"),
    Client("pandas", "`wirehouse serve` through SQLAlchemy; the file through duckdb",
           "SC `test_pandas_read_sql_and_read_sql_table`",
           "`read_sql`, `read_sql_table` (lists arrive as lists)", "—"),
    Client("psycopg 3", "`wirehouse serve`", "S (session, parameters, types, cursors, cancel, "
           "concurrency, new builds); SC `test_psycopg_array_parameters_and_results`, `test_copy_through_psycopg`",
           "text and binary results, prepared parameters, arrays both ways, server-side cursors, cancel, "
           "`COPY … TO STDOUT`, ten connections at once, a new build without reconnecting",
           "writes: refused with SQLSTATE 25006"),
    Client("pgjdbc 42.5 (Debian `libpostgresql-jdbc-java`)", "`wirehouse serve`",
           "SC `test_jdbc_metadata_of_the_warehouse`, `test_jdbc_metadata_of_keys`, "
           "`test_jdbc_prepared_statements_and_arrays`",
           "`DatabaseMetaData` (catalogs, schemas, tables and views, columns and types, keys, indexes, type info), "
           "`PreparedStatement` with dates, timestamps, integers, strings and arrays, `getArray`", "—"),
    Client("node-postgres 8.23", "`wirehouse serve`", "SC `test_node_postgres_arrays`",
           "parameters, arrays both ways", "`numeric` arrives as a string (node-postgres's default)"),
    Client("psql 15", "`wirehouse serve`", "S psql tests; SC `test_psql_dx_dt_and_describe`, "
           "`test_psql_copy_to_a_local_file`",
           "queries, `\\dt`, `\\d TABLE`, `\\dx`, `\\copy (…) to 'file'`", "writes: refused"),
    Client("Metabase, DBeaver", "`wirehouse serve`", "not checked",
           "they connect through pgjdbc, whose metadata and statements are checked (row above)",
           "the tools themselves are not run"),
    Client("Tableau, Power BI, Grafana", "`wirehouse serve`", "not checked",
           "—", "not run; their PostgreSQL drivers are not among the clients checked"),
)

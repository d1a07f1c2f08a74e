r"""`wirehouse serve`: the published warehouse over the PostgreSQL wire protocol.

Tools that only speak Postgres (psql, Metabase, Grafana, Tableau, Power BI, psycopg)
connect to it and query the same tables `wirehouse sql` sees. It is a small server
written here (protocol version 3): startup (TLS when given a certificate, GSS declined),
SCRAM-SHA-256 or md5 password authentication, the simple and extended query protocols
(parameters and results in text or binary format), DECLARE/FETCH/CLOSE cursors and
cancel requests; a thread per client, up to --max-connections.

- protocol: framing, startup, TLS and the message loop; auth: SCRAM and md5; session:
  what a session runs; policy: which statements may run; catalog, pgcatalog, values,
  arrays, copyout: the Postgres dialect and value formats; snapshots: the published file; limits, server: the rest.
- Read-only by construction. The statement that runs is classified with DuckDB's parser
  (inside EXPLAIN [ANALYZE], PREPARE and DECLARE too): only reads, and COPY ... TO
  STDOUT, run; anything else is refused with SQLSTATE 25006. Underneath, the warehouse
  and the catalog views (wirehouse_pg.pg_shim) are attached READ_ONLY, no writable
  database is attached, file access is limited to the Parquet files of the build (no
  directory, so no file can be created), extensions are off and the configuration is
  locked.
- Bounded. Results stream (a row limit or a cursor never buffers the rest), messages
  are capped before and after authentication, authentication and idle sessions time
  out, statement_timeout works, a query stops when its client goes away, wrong
  passwords are answered ever later.
- New builds without a restart. A build replaces the file (`os.replace`); before each
  statement outside a transaction block a session checks the file and moves to the
  newest build. Sessions share one DuckDB instance per build.
- Postgres dialect. `SET` is accepted (statement_timeout is applied, the rest remembered
  for SHOW), `BEGIN`/`COMMIT`/`ROLLBACK` mark a block in which the session keeps its
  snapshot, `version()` says 'PostgreSQL 14.0 (wirehouse ...)'. Catalog queries (psql's
  \dt, \d, \di, \dx; SQLAlchemy's inspector; pgjdbc's DatabaseMetaData; Metabase) are
  answered from DuckDB's own catalog (duckdb_columns(), duckdb_constraints(),
  duckdb_indexes() ...) through the shim views (pgcatalog: pg_type with arrays,
  pg_attribute, pg_constraint, pg_index ...) and per-session macros, which the SQL is
  rewritten to use, along with a few Postgres-only spellings (OPERATOR(pg_catalog.~),
  COLLATE pg_catalog.default, ::regclass, CAST(x AS REGCLASS)).
- Arrays and COPY (arrays, copyout). A one-level DuckDB list travels as the Postgres
  array of its element type (VARCHAR[] as _varchar, INTEGER[] as _int4 ...) in text and
  binary format, and array parameters are accepted (typed, binary, or untyped literals
  as node-postgres sends them). `COPY (query) TO STDOUT` (psql's \copy ... to 'file')
  sends the rows in text or CSV format.
"""
from __future__ import annotations

from loader.readers.serve.catalog import MACROS, SHIM_VIEWS, macro_sql, rewrite, segments, split_statements
from loader.readers.serve.errors import PgError
from loader.readers.serve.limits import Limits
from loader.readers.serve.policy import Plan, plan
from loader.readers.serve.protocol import Session
from loader.readers.serve.server import Options, Server, is_loopback, read_password, serve
from loader.readers.serve.snapshots import Snapshot, Warehouse
from loader.readers.serve.values import (
    BINARY_OIDS,
    BOOL,
    BYTEA,
    DATE,
    FLOAT4,
    FLOAT8,
    INT2,
    INT4,
    INT8,
    INTERVAL,
    JSON,
    NUMERIC,
    TEXT,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    UUID,
    VARCHAR,
    _numeric_binary,
    _numeric_from_binary,
    param_value,
    pg_column_name,
    type_oid,
    value_binary,
    value_text,
)

__all__ = ["MACROS", "SHIM_VIEWS", "macro_sql", "rewrite", "segments", "split_statements", "PgError", "Plan", "plan",
           "Session", "Limits", "Options", "Server", "is_loopback", "read_password", "serve", "Snapshot", "Warehouse",
           "BINARY_OIDS",
           "BOOL", "BYTEA", "DATE", "FLOAT4", "FLOAT8", "INT2", "INT4", "INT8", "INTERVAL", "JSON", "NUMERIC", "TEXT",
           "TIME", "TIMESTAMP", "TIMESTAMPTZ", "UUID", "VARCHAR", "_numeric_binary", "_numeric_from_binary",
           "param_value", "pg_column_name", "type_oid", "value_binary", "value_text"]

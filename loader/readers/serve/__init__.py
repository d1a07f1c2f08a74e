r"""`wirehouse serve`: the published warehouse over the PostgreSQL wire protocol.

Tools that only speak Postgres (psql, Metabase, Grafana, Tableau, Power BI, psycopg)
connect to it and query the same tables `wirehouse sql` sees. It is a small server
written here (protocol version 3): startup (SSL and GSS requests are declined), md5
password authentication, the simple query protocol, the extended query protocol
(Parse/Bind/Describe/Execute/Sync/Close/Flush, parameters and results in text or
binary format), DECLARE/FETCH/CLOSE cursors and cancel requests; a thread per client.

- Read-only. Statements are classified with DuckDB's own parser: anything that would
  write (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, COPY, ATTACH, INSTALL, LOAD,
  EXPORT, setting PRAGMAs ...) is refused with SQLSTATE 25006. The warehouse file is
  attached READ_ONLY, the configuration is locked and file access is limited to the
  Parquet parts, so `read_csv('/etc/passwd')` is refused too.
- New builds without a restart. A build replaces the file (`os.replace`); before each
  statement outside a transaction block a session checks the file and moves to the
  newest build. Sessions share one DuckDB instance per build.
- Postgres dialect. `SET` is accepted and ignored, `SHOW` answers the usual settings,
  `BEGIN`/`COMMIT`/`ROLLBACK` mark a block in which the session keeps its snapshot,
  `version()` says 'PostgreSQL 14.0 (wirehouse ...)', and the pg_catalog and
  information_schema views of DuckDB answer catalog queries. What psql (\dt, \d TABLE),
  JDBC and Metabase ask for beyond them comes from per-session macros and from views in
  a small in-memory catalog beside the warehouse (wirehouse_pg.pg_shim), which the SQL
  is rewritten to use, along with a few Postgres-only spellings (OPERATOR(pg_catalog.~),
  COLLATE pg_catalog.default, ::regclass).
"""
from __future__ import annotations

from loader.readers.serve.catalog import MACROS, SHIM_VIEWS, macro_sql, rewrite, segments, split_statements
from loader.readers.serve.errors import PgError
from loader.readers.serve.policy import Plan, plan
from loader.readers.serve.protocol import Session
from loader.readers.serve.limits import Limits
from loader.readers.serve.server import Options, Server, is_loopback, read_password, serve
from loader.readers.serve.snapshots import Snapshot, Warehouse
from loader.readers.serve.values import (BINARY_OIDS, BOOL, BYTEA, DATE, FLOAT4, FLOAT8, INT2, INT4, INT8, INTERVAL,
                                         JSON, NUMERIC, TEXT, TIME, TIMESTAMP, TIMESTAMPTZ, UUID, VARCHAR,
                                         _numeric_binary, _numeric_from_binary, param_value, pg_column_name,
                                         type_oid, value_binary, value_text)

__all__ = ["MACROS", "SHIM_VIEWS", "macro_sql", "rewrite", "segments", "split_statements", "PgError", "Plan", "plan",
           "Session", "Limits", "Options", "Server", "is_loopback", "read_password", "serve", "Snapshot", "Warehouse", "BINARY_OIDS",
           "BOOL", "BYTEA", "DATE", "FLOAT4", "FLOAT8", "INT2", "INT4", "INT8", "INTERVAL", "JSON", "NUMERIC", "TEXT",
           "TIME", "TIMESTAMP", "TIMESTAMPTZ", "UUID", "VARCHAR", "_numeric_binary", "_numeric_from_binary",
           "param_value", "pg_column_name", "type_oid", "value_binary", "value_text"]

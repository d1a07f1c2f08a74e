"""pg_catalog views read from DuckDB's own catalog (duckdb_columns(), duckdb_constraints(), duckdb_indexes() ...),
in the shape SQLAlchemy's PostgreSQL dialect, pgjdbc's DatabaseMetaData and psql read them.

DuckDB's pg_catalog lacks array types, index keys (pg_index.indkey), foreign-key targets
(pg_constraint.confrelid, confkey) and the indexes behind primary keys and unique constraints;
these views supply them. Primary-key and unique constraints appear as indexes named after the
constraint (relkind 'i'), as in Postgres, with the constraint's oid.
"""
from __future__ import annotations

from loader.readers.serve.arrays import ARRAY_OF
from loader.readers.serve.values import _TYPE_OIDS, JSON, TEXT

# Postgres' own oids for its catalogs, so that 'pg_class'::regclass and pg_description.classoid agree.
CATALOG_OIDS = {"pg_type": 1247, "pg_attribute": 1249, "pg_proc": 1255, "pg_class": 1259, "pg_constraint": 2606,
                "pg_namespace": 2615, "pg_index": 2610, "pg_description": 2609, "pg_extension": 3079}

# Postgres base types (oid, name, length, category): what clients look up by oid or name.
BASE_TYPES = [
    (16, "bool", 1, "B"), (17, "bytea", -1, "U"), (18, "char", 1, "S"), (19, "name", 64, "S"), (20, "int8", 8, "N"),
    (21, "int2", 2, "N"), (23, "int4", 4, "N"), (25, "text", -1, "S"), (26, "oid", 4, "N"), (114, "json", -1, "U"),
    (700, "float4", 4, "N"), (701, "float8", 8, "N"), (1042, "bpchar", -1, "S"), (1043, "varchar", -1, "S"),
    (1082, "date", 4, "D"), (1083, "time", 8, "D"), (1114, "timestamp", 8, "D"), (1184, "timestamptz", 8, "D"),
    (1186, "interval", 16, "T"), (1266, "timetz", 12, "D"), (1560, "bit", -1, "V"), (1700, "numeric", -1, "N"),
    (2950, "uuid", 16, "U"), (3802, "jsonb", -1, "U"),
]
_NAMES = {oid: name for oid, name, _, _ in BASE_TYPES}
_PG_CATALOG_OID = ("(SELECT oid FROM duckdb_schemas() WHERE database_name = 'system' "
                   "AND schema_name = 'pg_catalog')")


def _type_rows() -> str:
    rows = [f"({oid}, '{name}', {length}, '{cat}', 0, {ARRAY_OF.get(oid, 0)}, '{name}in')"
            for oid, name, length, cat in BASE_TYPES]
    rows += [f"({array}, '_{_NAMES[element]}', -1, 'A', {element}, 0, 'array_in')"
             for element, array in ARRAY_OF.items() if element in _NAMES]
    return ", ".join(rows)


def _attribute_type() -> str:
    """duckdb_columns().data_type ('VARCHAR', 'DECIMAL(10,2)', 'DOUBLE[]') as the oid the wire sends."""
    whens = [f"WHEN '{name}' THEN {oid} WHEN '{name}[]' THEN {ARRAY_OF[oid]}" for name, oid in _TYPE_OIDS.items()]
    return (f"CASE WHEN data_type = 'JSON' THEN {JSON} WHEN data_type = 'JSON[]' THEN {ARRAY_OF[JSON]} "
            "ELSE CASE regexp_replace(lower(data_type), '\\(.*?\\)', '', 'g') "
            f"{' '.join(whens)} ELSE {TEXT} END END")


_CONSTRAINT_OID = "(c.table_oid * 1000000 + c.constraint_index)"
_REFERENCED = ("(SELECT min(t.table_oid) FROM duckdb_tables() t WHERE t.database_name = c.database_name "
               "AND t.schema_name = c.schema_name AND t.table_name = c.referenced_table)")
# Constraints with an index behind them in Postgres: primary keys and unique constraints.
_KEYS = (f"SELECT {_CONSTRAINT_OID} AS oid, c.constraint_name AS relname, c.schema_oid AS relnamespace, "
         "c.table_oid, c.constraint_type = 'PRIMARY KEY' AS is_primary, "
         "list_transform(c.constraint_column_indexes, lambda i: CAST(i + 1 AS SMALLINT)) AS keys "
         "FROM duckdb_constraints() c WHERE c.constraint_type IN ('PRIMARY KEY', 'UNIQUE')")
# CREATE INDEX indexes: their expressions ('[title, "year"]'), plain columns as attnums, others 0.
_INDEX_KEYS = ("SELECT i.index_oid, list(CAST(coalesce(col.column_index, 0) AS SMALLINT) ORDER BY e.pos) AS keys "
               "FROM duckdb_indexes() i, LATERAL (SELECT unnest(string_split(trim(i.expressions, '[]'), ', ')) "
               "AS expr, "
               "unnest(range(len(string_split(trim(i.expressions, '[]'), ', ')))) AS pos) e "
               "LEFT JOIN duckdb_columns() col ON col.table_oid = i.table_oid AND col.column_name = trim(e.expr, '\"') "
               "GROUP BY i.index_oid")

# Read-only settings clients look up in pg_settings (pgjdbc: max_index_keys).
SETTINGS = {"max_index_keys": "32", "max_identifier_length": "63", "block_size": "8192", "integer_datetimes": "on",
            "server_encoding": "UTF8", "standard_conforming_strings": "on", "lc_collate": "C", "lc_ctype": "C"}
_SETTINGS_ROWS = ", ".join(f"('{name}', '{value}')" for name, value in SETTINGS.items())

CATALOG_VIEWS = {
    "pg_settings": "name, setting, CAST(NULL AS VARCHAR) AS unit, 'Preset Options' AS category, '' AS short_desc, "
                   "'internal' AS context, 'string' AS vartype, 'default' AS source, setting AS boot_val, "
                   f"setting AS reset_val FROM (VALUES {_SETTINGS_ROWS}) s(name, setting)",
    "pg_type": "oid, typname, CAST(" + _PG_CATALOG_OID + " AS BIGINT) AS typnamespace, CAST(10 AS BIGINT) AS typowner, "
               "CAST(typlen AS SMALLINT) AS typlen, typlen > 0 AND typlen <= 8 AS typbyval, 'b' AS typtype, "
               "typcategory, false AS typispreferred, true AS typisdefined, ',' AS typdelim, "
               "CAST(0 AS BIGINT) AS typrelid, CAST(0 AS BIGINT) AS typsubscript, CAST(typelem AS BIGINT) AS typelem, "
               "CAST(typarray AS BIGINT) AS typarray, typinput, regexp_replace(typinput, 'in$', 'out') AS typoutput, "
               "regexp_replace(typinput, 'in$', 'recv') AS typreceive, "
               "regexp_replace(typinput, 'in$', 'send') AS typsend, "
               "CAST(0 AS BIGINT) AS typmodin, CAST(0 AS BIGINT) AS typmodout, CAST(0 AS BIGINT) AS typanalyze, "
               "'i' AS typalign, 'x' AS typstorage, false AS typnotnull, CAST(0 AS BIGINT) AS typbasetype, "
               "-1 AS typtypmod, 0 AS typndims, CAST(0 AS BIGINT) AS typcollation, CAST(NULL AS VARCHAR) AS "
               "typdefaultbin, CAST(NULL AS VARCHAR) AS typdefault, CAST(NULL AS VARCHAR[]) AS typacl "
               f"FROM (VALUES {_type_rows()}) t(oid, typname, typlen, typcategory, typelem, typarray, typinput)",
    "pg_attribute": "table_oid AS attrelid, column_name AS attname, CAST(" + _attribute_type() + " AS BIGINT) AS "
                    "atttypid, 0 AS attstattarget, CAST(-1 AS SMALLINT) AS attlen, CAST(column_index AS SMALLINT) AS "
                    "attnum, CASE WHEN data_type LIKE '%[]' THEN 1 ELSE 0 END AS attndims, -1 AS attcacheoff, "
                    "CASE WHEN data_type ILIKE 'decimal%' THEN numeric_precision * 65536 + numeric_scale + 4 ELSE -1 "
                    "END AS atttypmod, false AS attbyval, 'x' AS attstorage, 'i' AS attalign, NOT is_nullable AS "
                    "attnotnull, column_default IS NOT NULL AS atthasdef, false AS atthasmissing, '' AS attidentity, "
                    "'' AS attgenerated, false AS attisdropped, true AS attislocal, 0 AS attinhcount, "
                    "CAST(0 AS BIGINT) AS attcollation, CAST(NULL AS VARCHAR) AS attcompression, "
                    "CAST(NULL AS VARCHAR[]) AS attacl, CAST(NULL AS VARCHAR[]) AS attoptions, "
                    "CAST(NULL AS VARCHAR[]) AS attfdwoptions FROM duckdb_columns()",
    "pg_constraint": f"{_CONSTRAINT_OID} AS oid, c.constraint_name AS conname, c.schema_oid AS connamespace, "
                     "CASE c.constraint_type WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u' "
                     "WHEN 'FOREIGN KEY' THEN 'f' ELSE 'c' END AS contype, false AS condeferrable, "
                     "false AS condeferred, true AS convalidated, c.table_oid AS conrelid, CAST(0 AS BIGINT) AS "
                     "contypid, CASE WHEN c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') THEN " + _CONSTRAINT_OID +
                     " WHEN c.constraint_type = 'FOREIGN KEY' THEN (SELECT min(r.table_oid * 1000000 + "
                     "r.constraint_index) FROM duckdb_constraints() r WHERE r.table_oid = " + _REFERENCED +
                     " AND r.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND r.constraint_column_names = "
                     "c.referenced_column_names) ELSE 0 END AS conindid, CAST(0 AS BIGINT) AS conparentid, "
                     f"CASE WHEN c.constraint_type = 'FOREIGN KEY' THEN {_REFERENCED} ELSE 0 END AS confrelid, "
                     "'a' AS confupdtype, 'a' AS confdeltype, 's' AS confmatchtype, true AS conislocal, "
                     "0 AS coninhcount, false AS connoinherit, "
                     "list_transform(c.constraint_column_indexes, lambda i: CAST(i + 1 AS SMALLINT)) AS conkey, "
                     "CASE WHEN c.constraint_type = 'FOREIGN KEY' THEN (SELECT list(CAST(col.column_index AS SMALLINT) "
                     "ORDER BY list_position(c.referenced_column_names, col.column_name)) FROM duckdb_columns() col "
                     f"WHERE col.table_oid = {_REFERENCED} AND list_contains(c.referenced_column_names, "
                     "col.column_name)) END AS confkey, CAST(NULL AS BIGINT[]) AS conpfeqop, "
                     "CAST(NULL AS BIGINT[]) AS conppeqop, CAST(NULL AS BIGINT[]) AS conffeqop, "
                     "CAST(NULL AS BIGINT[]) AS conexclop, c.expression AS conbin, c.constraint_text AS condef "
                     "FROM duckdb_constraints() c WHERE c.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', "
                     "'CHECK')",
    "pg_index": "k.oid AS indexrelid, k.table_oid AS indrelid, CAST(len(k.keys) AS SMALLINT) AS indnatts, "
                "CAST(len(k.keys) AS SMALLINT) AS indnkeyatts, true AS indisunique, k.is_primary AS indisprimary, "
                "false AS indisexclusion, true AS indimmediate, false AS indisclustered, true AS indisvalid, "
                "false AS indcheckxmin, true AS indisready, true AS indislive, false AS indisreplident, "
                "k.keys AS indkey, CAST(NULL AS BIGINT[]) AS indcollation, "
                "list_transform(k.keys, lambda x: CAST(0 AS BIGINT)) AS indclass, "
                "list_transform(k.keys, lambda x: CAST(0 AS SMALLINT)) AS indoption, "
                "CAST(NULL AS VARCHAR) AS indexprs, CAST(NULL AS VARCHAR) AS indpred, false AS indnullsnotdistinct "
                f"FROM ({_KEYS}) k UNION ALL SELECT i.index_oid, i.table_oid, CAST(len(x.keys) AS SMALLINT), "
                "CAST(len(x.keys) AS SMALLINT), i.is_unique, i.is_primary, false, true, false, true, false, true, "
                "true, false, x.keys, NULL, list_transform(x.keys, lambda x: 0), "
                "list_transform(x.keys, lambda x: CAST(0 AS SMALLINT)), "
                "CASE WHEN list_contains(x.keys, 0) THEN i.expressions END, NULL, false "
                f"FROM duckdb_indexes() i JOIN ({_INDEX_KEYS}) x USING (index_oid)",
    "pg_description": "objoid, CAST(1259 AS BIGINT) AS classoid, objsubid, description FROM ("
                      "SELECT table_oid AS objoid, 0 AS objsubid, comment AS description FROM duckdb_tables() "
                      "UNION ALL SELECT view_oid, 0, comment FROM duckdb_views() WHERE NOT internal "
                      "UNION ALL SELECT table_oid, column_index, comment FROM duckdb_columns() "
                      "UNION ALL SELECT index_oid, 0, comment FROM duckdb_indexes()) WHERE description IS NOT NULL",
    "pg_extension": "CAST(13000 AS BIGINT) AS oid, 'plpgsql' AS extname, CAST(10 AS BIGINT) AS extowner, "
                    f"CAST({_PG_CATALOG_OID} AS BIGINT) AS extnamespace, false AS extrelocatable, '1.0' AS extversion, "
                    "CAST(NULL AS BIGINT[]) AS extconfig, CAST(NULL AS VARCHAR[]) AS extcondition",
    "pg_sequence": "CAST(0 AS BIGINT) AS seqrelid, CAST(20 AS BIGINT) AS seqtypid, CAST(0 AS BIGINT) AS seqstart, "
                   "CAST(0 AS BIGINT) AS seqincrement, CAST(0 AS BIGINT) AS seqmax, CAST(0 AS BIGINT) AS seqmin, "
                   "CAST(0 AS BIGINT) AS seqcache, false AS seqcycle WHERE false",
    "pg_enum": "CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS enumtypid, CAST(0 AS FLOAT) AS enumsortorder, "
               "CAST(NULL AS VARCHAR) AS enumlabel WHERE false",
    "pg_opclass": "CAST(0 AS BIGINT) AS oid, CAST(0 AS BIGINT) AS opcmethod, 'default' AS opcname, "
                  "CAST(0 AS BIGINT) AS opcnamespace, CAST(10 AS BIGINT) AS opcowner, CAST(0 AS BIGINT) AS opcfamily, "
                  "CAST(0 AS BIGINT) AS opcintype, true AS opcdefault, CAST(0 AS BIGINT) AS opckeytype WHERE false",
    "pg_am": "CAST(403 AS BIGINT) AS oid, 'btree' AS amname, CAST(0 AS BIGINT) AS amhandler, 'i' AS amtype "
             "UNION ALL SELECT 2, 'heap', 0, 't'",
    "pg_depend": "CAST(0 AS BIGINT) AS classid, CAST(0 AS BIGINT) AS objid, 0 AS objsubid, CAST(0 AS BIGINT) AS "
                 "refclassid, CAST(0 AS BIGINT) AS refobjid, 0 AS refobjsubid, 'n' AS deptype WHERE false",
}

# pg_class rows for the indexes behind primary keys and unique constraints (pg_index.indexrelid).
KEY_INDEX_CLASSES = ("SELECT k.oid, k.relname, k.relnamespace, 'i' AS relkind, 'p' AS relpersistence, "
                     "CAST(len(k.keys) AS BIGINT) AS relnatts, CAST(403 AS BIGINT) AS relam FROM (" + _KEYS + ") k")

# Postgres' spelling of each type (format_type), which SQLAlchemy maps back to its types.
SQL_NAMES = {
    16: "boolean", 17: "bytea", 18: '"char"', 19: "name", 20: "bigint", 21: "smallint", 23: "integer", 25: "text",
    26: "oid", 114: "json", 700: "real", 701: "double precision", 1042: "character", 1043: "character varying",
    1082: "date", 1083: "time without time zone", 1114: "timestamp without time zone",
    1184: "timestamp with time zone", 1186: "interval", 1266: "time with time zone", 1560: "bit", 1700: "numeric",
    2950: "uuid", 3802: "jsonb",
}
_SHIM = "wirehouse_pg.pg_shim"
_FORMAT_NAMES = ", ".join(f"({oid}, '{name}')" for oid, name in SQL_NAMES.items()) + ", " + ", ".join(
    f"({array}, '{SQL_NAMES[element]}[]')" for element, array in ARRAY_OF.items() if element in SQL_NAMES)
CATALOG_VIEWS["pg_format_names"] = f"* FROM (VALUES {_FORMAT_NAMES}) n(oid, sqlname)"

# Per-session macros over these views (catalog.MACROS takes them in; bodies are str.format templates).
CATALOG_MACROS = {
    "format_type": f"(t, m) AS (SELECT CASE WHEN n.sqlname LIKE 'numeric%' AND m > 4 THEN "
                   "replace(n.sqlname, 'numeric', 'numeric(' || ((m - 4) // 65536) || ',' || ((m - 4) % 65536) "
                   "|| ')') "
                   f"ELSE n.sqlname END FROM {_SHIM}.pg_format_names n WHERE n.oid = t)",
    "to_regtype": f"(name) AS (SELECT min(oid) FROM {_SHIM}.pg_type WHERE typname = lower(split_part(name, '.', -1)) "
                  f"OR oid = (SELECT min(oid) FROM {_SHIM}.pg_format_names WHERE sqlname = lower(name)))",
    "to_regclass": "(name) AS coalesce(CASE split_part(name, '.', -1) " + " ".join(
        f"WHEN '{n}' THEN {oid}" for n, oid in CATALOG_OIDS.items()) + " END, (SELECT min(oid) FROM "
        f"{_SHIM}.pg_class WHERE relname = split_part(name, '.', -1)))",
    "regclass_name": f"(id) AS coalesce((SELECT min(relname) FROM {_SHIM}.pg_class WHERE oid = id), "
                     "CAST(id AS VARCHAR))",
    "pg_partition_ancestors": "(id) AS unnest([CAST(id AS BIGINT)])",  # no partitions: the relation itself
    "_pg_expandarray": "(arr) AS unnest(list_transform(range(len(arr)), lambda i: {{'x': arr[i + 1], 'n': i + 1}}))",
    "obj_description": f"(id, cat := 'pg_class') AS (SELECT min(description) FROM {_SHIM}.pg_description "
                       "WHERE objoid = id AND objsubid = 0)",
    "col_description": f"(id, n) AS (SELECT min(description) FROM {_SHIM}.pg_description "
                       "WHERE objoid = id AND objsubid = n)",
    # pg_get_indexdef(index): its CREATE INDEX; pg_get_indexdef(index, n, pretty): its n-th key column
    "pg_get_indexdef": "(id, n := 0, p := false) AS CASE WHEN n > 0 THEN coalesce((SELECT min(trim(string_split("
                       "trim(expressions, '[]'), ', ')[n], '\"')) FROM duckdb_indexes() WHERE index_oid = id), "
                       "(SELECT min(constraint_column_names[n]) FROM duckdb_constraints() WHERE "
                       "table_oid * 1000000 + constraint_index = id)) ELSE coalesce((SELECT min('CREATE ' || "
                       "CASE WHEN is_unique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || index_name || ' ON ' || "
                       "schema_name || '.' || table_name || ' USING btree (' || trim(expressions, '[]') || ')') "
                       "FROM duckdb_indexes() WHERE index_oid = id), (SELECT min('CREATE UNIQUE INDEX ' || "
                       "constraint_name || ' ON ' || schema_name || '.' || table_name || ' USING btree (' || "
                       "array_to_string(constraint_column_names, ', ') || ')') FROM duckdb_constraints() WHERE "
                       "table_oid * 1000000 + constraint_index = id)) END",
}

# Set-returning functions used in FROM (psql's \d: pg_partition_ancestors(t) WITH ORDINALITY AS a(relid, depth)).
TABLE_MACROS = {
    "pg_partition_ancestors": "(id) AS TABLE SELECT CAST(id AS BIGINT) AS relid, 1 AS depth",
}

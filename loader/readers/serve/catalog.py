"""The Postgres dialect over DuckDB: SQL text splitting, the catalog shim (SHIM_VIEWS, MACROS) and rewrites."""
from __future__ import annotations

import re

from loader.readers.serve.arrays import parse_array
from loader.readers.serve.pgcatalog import CATALOG_MACROS, CATALOG_OIDS, CATALOG_VIEWS, KEY_INDEX_CLASSES, TABLE_MACROS

_TOKEN = re.compile(r"""--[^\n]*|/\*.*?(?:\*/|\Z)|[Ee]'(?:[^'\\]|\\.|'')*(?:'|\Z)|'(?:[^']|'')*(?:'|\Z)"""
                    r'''|"(?:[^"]|"")*(?:"|\Z)|(\$[A-Za-z_]?\w*\$)''', re.S)


def segments(sql: str) -> list[tuple[bool, str]]:
    """Split SQL into (is_code, text) runs; strings, quoted names and comments are not code."""
    out, pos = [], 0
    while True:
        match = _TOKEN.search(sql, pos)
        if match is None:
            break
        start, end = match.span()
        if match.group(1):  # dollar quoting: up to the same tag
            close = sql.find(match.group(1), end)
            end = len(sql) if close < 0 else close + len(match.group(1))
        out += [(True, sql[pos:start]), (False, sql[start:end])]
        pos = end
    out.append((True, sql[pos:]))
    return [(code, text) for code, text in out if text]


def split_statements(sql: str) -> list[str]:
    """The statements of sql (quote- and comment-aware), without their ';' and blank ones."""
    statements, current = [], ""
    for code, text in segments(sql):
        if code:
            *complete, text = text.split(";")
            for piece in complete:
                statements.append(current + piece)
                current = ""
        current += text
    statements.append(current)
    return [s.strip() for s in statements if "".join(t for c, t in segments(s) if c).strip()]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _code_only(sql: str) -> str:
    return " ".join(text if code else " " for code, text in segments(sql))


# A small catalog beside the warehouse, attached read-only: the views below.
SHIM_CATALOG, SHIM_SCHEMA = "wirehouse_pg", "pg_shim"
_OID, _NONE = "CAST(0 AS BIGINT)", "CAST(NULL AS VARCHAR)"
_PG_CATALOG_OID = "SELECT oid FROM duckdb_schemas() WHERE database_name = 'system' AND schema_name = 'pg_catalog'"
SHIM_VIEWS = {  # DuckDB's catalog views completed, and the ones it lacks (empty), with the columns clients use
    "pg_class": "* REPLACE (CAST(NULL AS VARCHAR[]) AS reloptions, 'd' AS relreplident, "
                "CAST(CASE relkind WHEN 'i' THEN 403 WHEN 'r' THEN 2 END AS BIGINT) AS relam, "
                # foreign keys are triggers in Postgres: psql's \d shows them only for tables that have some
                "oid IN (SELECT table_oid FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' "
                "UNION ALL SELECT t.table_oid FROM duckdb_constraints() f JOIN duckdb_tables() t ON "
                "t.database_name = f.database_name AND t.schema_name = f.schema_name AND t.table_name = "
                "f.referenced_table) AS relhastriggers),"
                " false AS relforcerowsecurity "
                f"FROM system.pg_catalog.pg_class WHERE oid NOT IN (SELECT view_oid FROM duckdb_views() "
                f"WHERE database_name = '{SHIM_CATALOG}') UNION ALL BY NAME {KEY_INDEX_CLASSES}",
    "pg_namespace": "* FROM system.pg_catalog.pg_namespace UNION ALL SELECT oid, schema_name, 0, NULL "
                    "FROM duckdb_schemas() WHERE database_name = 'system' AND schema_name <> 'main'",
    "pg_type": f"* REPLACE (({_PG_CATALOG_OID}) AS typnamespace) FROM system.pg_catalog.pg_type",
    "pg_database": f"*, {_OID} AS datdba, 6 AS encoding, 'C' AS datcollate, 'C' AS datctype, 'c' AS datlocprovider, "
                   f"{_NONE} AS daticulocale, -1 AS datconnlimit, {_OID} AS dattablespace, "
                   "CAST(NULL AS VARCHAR[]) AS datacl FROM system.pg_catalog.pg_database "
                   f"WHERE datname NOT IN ('system', 'temp', '{SHIM_CATALOG}')",
    "pg_collation": f"*, {_OID} AS collnamespace, 'c' AS collprovider, 'C' AS collcollate, 'C' AS collctype "
                    "FROM system.pg_catalog.pg_collation",
    "pg_tables": "schema_name AS schemaname, table_name AS tablename, current_user AS tableowner, NULL AS "
                 "tablespace, index_count > 0 AS hasindexes, false AS hasrules, false AS hastriggers "
                 "FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal",
    "pg_views": "schema_name AS schemaname, view_name AS viewname, current_user AS viewowner, sql AS definition "
                "FROM duckdb_views() WHERE database_name = current_database() AND NOT internal",
    "pg_attribute": "* REPLACE ('x' AS attstorage) FROM system.pg_catalog.pg_attribute",
    "pg_roles": "CAST(10 AS BIGINT) AS oid, current_user AS rolname, false AS rolsuper, true AS rolinherit, "
                "false AS rolcreaterole, false AS rolcreatedb, true AS rolcanlogin, false AS rolreplication, "
                "false AS rolbypassrls, -1 AS rolconnlimit, CAST(NULL AS TIMESTAMP) AS rolvaliduntil, "
                "CAST(NULL AS VARCHAR[]) AS rolconfig",
    "pg_auth_members": f"{_OID} AS oid, {_OID} AS roleid, {_OID} AS member, {_OID} AS grantor, false AS admin_option "
                       "WHERE false",
    "pg_inherits": f"{_OID} AS inhrelid, {_OID} AS inhparent, 0 AS inhseqno, false AS inhdetachpending WHERE false",
    "pg_policy": f"{_OID} AS oid, {_NONE} AS polname, {_OID} AS polrelid, 'r' AS polcmd, true AS polpermissive, "
                 f"CAST(NULL AS BIGINT[]) AS polroles, {_NONE} AS polqual, {_NONE} AS polwithcheck WHERE false",
    "pg_trigger": f"{_OID} AS oid, {_OID} AS tgrelid, {_NONE} AS tgname, {_OID} AS tgfoid, 0 AS tgtype, "
                  f"'O' AS tgenabled, false AS tgisinternal, {_OID} AS tgconstraint, {_OID} AS tgparentid WHERE false",
    "pg_rewrite": f"{_OID} AS oid, {_NONE} AS rulename, {_OID} AS ev_class, 'O' AS ev_enabled, '1' AS ev_type "
                  "WHERE false",
    "pg_statistic_ext": f"{_OID} AS oid, {_OID} AS stxrelid, {_NONE} AS stxname, {_OID} AS stxnamespace, -1 AS "
                        "stxstattarget, CAST(NULL AS INTEGER[]) AS stxkeys, CAST(NULL AS VARCHAR[]) AS stxkind "
                        "WHERE false",
    "pg_publication": f"{_OID} AS oid, {_NONE} AS pubname, false AS puballtables WHERE false",
    "pg_publication_rel": f"{_OID} AS oid, {_OID} AS prpubid, {_OID} AS prrelid WHERE false",
    "pg_publication_namespace": f"{_OID} AS oid, {_OID} AS pnpubid, {_OID} AS pnnspid WHERE false",
    "pg_foreign_table": f"{_OID} AS ftrelid, {_OID} AS ftserver, CAST(NULL AS VARCHAR[]) AS ftoptions WHERE false",
    "pg_partitioned_table": f"{_OID} AS partrelid, 'l' AS partstrat WHERE false",
    "pg_matviews": f"{_NONE} AS schemaname, {_NONE} AS matviewname, {_NONE} AS matviewowner, {_NONE} AS definition "
                   "WHERE false",
    "pg_stat_user_tables": f"{_OID} AS relid, {_NONE} AS schemaname, {_NONE} AS relname, {_OID} AS n_live_tup "
                           "WHERE false",
}
SHIM_VIEWS.update(CATALOG_VIEWS)  # pg_type, pg_attribute, pg_constraint, pg_index ... from DuckDB's catalog
# Per-session temp macros for functions DuckDB lacks or answers differently ({user}, {pid}, {version}).
MACROS = {
    "version": "() AS '{version}'", "current_user": "() AS '{user}'", "pg_get_userbyid": "(id) AS '{user}'",
    "pg_encoding_to_char": "(id) AS 'UTF8'", "pg_backend_pid": "() AS {pid}", "pg_is_in_recovery": "() AS false",
    "pg_total_relation_size": "(id) AS 0", "pg_relation_size": "(id) AS 0", "pg_table_size": "(id) AS 0",
    "pg_get_function_result": "(id) AS NULL", "pg_get_function_arguments": "(id) AS NULL",
    "pg_get_function_identity_arguments": "(id) AS NULL", "pg_get_indexdef": "(id, n := 0, p := false) AS NULL",
    "pg_get_triggerdef": "(id, p := false) AS NULL", "pg_get_statisticsobjdef_columns": "(id) AS NULL",
    "pg_get_partkeydef": "(id) AS NULL", "pg_get_serial_sequence": "(t, c) AS NULL",
    "pg_relation_is_publishable": "(id) AS false", "pg_get_expr": "(expr, rel) AS expr, (expr, rel, pretty) AS expr",
    "pg_get_viewdef": "(id) AS (SELECT sql FROM duckdb_views() WHERE view_oid = id), "
                      "(id, pretty) AS (SELECT sql FROM duckdb_views() WHERE view_oid = id)",
    "quote_ident": "(name) AS '\"' || replace(name, '\"', '\"\"') || '\"'",
    "array_upper": "(arr, dim) AS len(arr)", "array_lower": "(arr, dim) AS CASE WHEN len(arr) > 0 THEN 1 END",
    "to_regclass": "(name) AS (SELECT min(oid) FROM pg_class WHERE relname = split_part(name, '.', -1))",
}
MACROS.update(CATALOG_MACROS)  # format_type, to_regtype, _pg_expandarray ... over the views above



def macro_sql(user: str, pid: int, version: str, settings: dict[str, str]) -> list[str]:
    """CREATE TEMP MACRO statements for one session's cursor."""
    values = {"user": user.replace("'", "''"), "pid": pid, "version": version.replace("'", "''")}
    out = [f"CREATE TEMP MACRO {name}{body.format(**values)}" for name, body in MACROS.items()]
    out += [f"CREATE TEMP MACRO {name}{body}" for name, body in TABLE_MACROS.items()]
    cases = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in settings.items())
    return out + [f"CREATE TEMP MACRO current_setting(name) AS CASE lower(name) {cases} END, "
                  f"(name, missing_ok) AS CASE lower(name) {cases} END"]


_REWRITES = [  # applied to code only, not to strings or quoted names
    (re.compile(r"\bOPERATOR\s*\(\s*(?:pg_catalog\s*\.\s*)?([^\s\w)]+)\s*\)", re.I), r"\1"),
    (re.compile(r"\s+COLLATE\s+pg_catalog\s*\.\s*default\b", re.I), ""),
    # pg_catalog.pg_class.relname (SQLAlchemy): the view's own name qualifies its columns
    (re.compile(r"(?<![\w.])pg_catalog\s*\.\s*(" + "|".join(SHIM_VIEWS) + r")\s*(?=\.)", re.I), r"\1"),
    (re.compile(r"\bCAST\s*\(\s*(\$\d+|'(?:[^']|'')*')\s+AS\s+(?:pg_catalog\s*\.\s*)?REGCLASS\s*\)", re.I),
     r"to_regclass(\1)"),
    (re.compile(r"\bjson_build_object\s*\(", re.I), "json_object("),
    (re.compile(r"(?<![\w.])(?:pg_catalog\s*\.\s*)?(" + "|".join(SHIM_VIEWS) + r")\b(?!\s*[(.])", re.I),
     f"{SHIM_CATALOG}.{SHIM_SCHEMA}." + r"\1"),
    # Unqualified, a function is found in the session's macros first, then in DuckDB's pg_catalog.
    (re.compile(r"(?<![\w.])(?:pg_catalog|information_schema)\s*\.\s*(?=\w+\s*\()", re.I), ""),
    # x::regclass AS name, a column of the result: the relation's name, as Postgres prints a regclass
    (re.compile(r"(?<![\w.])(\w+(?:\s*\.\s*\w+)?)\s*::\s*(?:pg_catalog\s*\.\s*)?regclass(?=\s+AS\b)", re.I),
     r"regclass_name(\1)"),
    (re.compile(r"::\s*(?:pg_catalog\s*\.\s*)?(?:regclass|regproc|regprocedure|regtype|regnamespace|regrole|oid)\b",
                re.I), "::BIGINT"),
    (re.compile(r"::\s*(?:pg_catalog\s*\.\s*)?(?:name|text|bpchar|char)\b(?!\s*\[)", re.I), "::VARCHAR"),
    # CAST(x AS REGCLASS), CAST(x AS OID), CAST(x AS TEXT) (SQLAlchemy's spelling of the casts above)
    (re.compile(r"\bAS\s+(?:pg_catalog\s*\.\s*)?(?:regclass|regproc|regprocedure|regtype|regnamespace|regrole|oid)"
                r"\s*\)", re.I), "AS BIGINT)"),
    (re.compile(r"\bAS\s+(?:pg_catalog\s*\.\s*)?(?:name|text|bpchar)\s*\)", re.I), "AS VARCHAR)"),
]
_REG_LITERAL = re.compile(r"'((?:[^']|'')*)'\s*::\s*(?:pg_catalog\s*\.\s*)?(reg\w+)\b", re.I)
# psql's \dt asks for relkind 'r' only (its list ends in a dummy ''); the published article, mention and figure
# are views over Parquet, so psql's list also takes views. Other clients (SQLAlchemy's `relkind in ('r', 'p')`)
# keep tables and views apart.
_PSQL_TABLE_KINDS = re.compile(r"(relkind\s+IN\s+\()('r'(?:\s*,\s*'[a-z]*')*\s*,\s*''\s*\))", re.I)


def _reg_lookup(match: re.Match) -> str:
    """'schema.name'::regclass becomes a lookup of name's oid (NULL for Postgres' own catalogs); other reg* NULL."""
    kind, name = match.group(2).lower(), match.group(1).replace("''", "'").split(".")[-1].strip('"')
    if kind == "regproc":  # pg_type.typinput and the like hold function names here
        return _literal(name)
    if kind == "regtype":
        return f"to_regtype({_literal(match.group(1))})"
    if kind != "regclass":
        return "CAST(NULL AS BIGINT)"
    if name in CATALOG_OIDS:
        return f"CAST({CATALOG_OIDS[name]} AS BIGINT)"
    if name.strip().isdigit():  # '22543'::regclass, as psql writes an oid
        return f"CAST({int(name)} AS BIGINT)"
    return f"(SELECT min(oid) FROM pg_class WHERE relname = {_literal(name)})"


# x = ANY('{a,b}'): an untyped array literal (psycopg2 writes lists so, '{}' when empty) is a list there.
_ANY_LITERAL = re.compile(r"\b(ANY|ALL|SOME)\s*\(\s*'((?:[^']|'')*)'\s*\)", re.I)


def _list_sql(items: list) -> str:
    return "[" + ", ".join("NULL" if v is None else _list_sql(v) if isinstance(v, list) else _literal(v)
                           for v in items) + "]"


def _any_literal(match: re.Match) -> str:
    try:
        items = parse_array(match.group(2).replace("''", "'"))
    except (ValueError, IndexError):
        return match.group(0)
    return f"{match.group(1)}({_list_sql(items)})"


def rewrite(sql: str) -> str:
    """Postgres-only spellings (OPERATOR(pg_catalog.~), COLLATE pg_catalog.default, ::regclass, ...) for DuckDB."""
    sql = _REG_LITERAL.sub(_reg_lookup, sql)
    sql = _ANY_LITERAL.sub(_any_literal, sql)
    out = []
    for code, text in segments(sql):
        if code:
            for pattern, replacement in _REWRITES:
                text = pattern.sub(replacement, text)
        out.append(text)
    sql = "".join(out)
    return _PSQL_TABLE_KINDS.sub(lambda m: m.group(0) if "'v'" in m.group(2) else m.group(1) + "'v'," + m.group(2), sql)


def _param_count(sql: str) -> int:
    return max([int(n) for n in re.findall(r"\$(\d+)", _code_only(sql))], default=0)


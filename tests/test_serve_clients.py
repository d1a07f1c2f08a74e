"""`wirehouse serve` with the clients BI tools run: SQLAlchemy's PostgreSQL dialect (psycopg 3, psycopg2) and
pandas, pgjdbc (DatabaseMetaData, PreparedStatement, arrays), node-postgres, psycopg arrays and psql (\\dx, \\copy).

Two real servers: the seed warehouse built by `wirehouse run` (views over Parquet, array columns, no
constraints) and a small DuckDB file with primary, foreign and unique keys, an index and comments,
since the warehouse has none. Expected answers are read from the DuckDB files directly."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from loader.readers.serve import arrays, copyout
from tests.conftest import query
from tests.test_serve import PASSWORD, Server, server_env, start_server, stop

psycopg = pytest.importorskip("psycopg")

CLIENTS = Path(__file__).resolve().parent / "clients"
JDBC_JAR = Path(os.environ.get("WIREHOUSE_PGJDBC_JAR", "/usr/share/java/postgresql.jar"))
PSQL = shutil.which("psql")
TEST_SECONDS = 90

KEYS_SQL = """
create table author (author_id integer primary key, name varchar not null unique, tags varchar[]);
create table book (book_id bigint primary key, author_id integer references author (author_id), title varchar,
                   scores double[], published date, copies smallint[], price decimal(10, 2));
create table edition (book_id bigint, number integer, isbn varchar, primary key (book_id, number),
                      foreign key (book_id) references book (book_id), unique (isbn));
create index book_title on book (title);
comment on table book is 'books by authors';
comment on column book.title is 'as printed';
insert into author values (1, 'Ann', ['x', 'y z']), (2, 'Bob', null);
insert into book values (10, 1, 'T1', [1.5, 2.0], '2020-01-01', [1, 2], 9.99), (11, 2, 'T2', [], null, null, null);
insert into edition values (10, 1, 'isbn-1'), (10, 2, 'isbn-2');
"""


def _serve(db: Path, base: Path) -> Server:
    proc, port, log = start_server(["--db", str(db), "--port", "0"], server_env(WIREHOUSE_SERVE_PASSWORD=PASSWORD),
                                   base)
    return Server(port, db, base, proc, log)


@pytest.fixture(scope="module")
def warehouse(seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seed warehouse (`make run`'s five articles), served."""
    server = _serve(seed_warehouse, tmp_path_factory.mktemp("serve-clients"))
    yield server
    assert stop(server.proc) == 0, "".join(server.log)


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A DuckDB file with keys, an index and comments, served."""
    base = tmp_path_factory.mktemp("serve-keys")
    db = base / "keys.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(KEYS_SQL)
    server = _serve(db, base)
    yield server
    assert stop(server.proc) == 0, "".join(server.log)


@pytest.fixture(autouse=True)
def watchdog(request: pytest.FixtureRequest) -> Iterator[None]:
    """Kill the servers if a test runs too long: every client call then fails instead of hanging."""
    procs = [request.getfixturevalue(name).proc for name in ("warehouse", "keyed") if name in request.fixturenames]
    timers = [threading.Timer(TEST_SECONDS, proc.kill) for proc in procs]
    for timer in timers:
        timer.start()
    yield
    for timer in timers:
        timer.cancel()


def url(server: Server, driver: str = "psycopg") -> str:
    from urllib.parse import quote
    return f"postgresql+{driver}://wirehouse:{quote(PASSWORD, safe='')}@127.0.0.1:{server.port}/warehouse"


def relations(db: Path, schema: str) -> dict[str, str]:
    """name -> 'table' or 'view', from DuckDB's catalog."""
    return dict(query(db, "select table_name, 'table' from duckdb_tables() where schema_name = ? "
                          "union all select view_name, 'view' from duckdb_views() where schema_name = ? "
                          "and not internal", [schema, schema]))


def columns(db: Path, schema: str, table: str) -> list[tuple[str, str, bool]]:
    return query(db, "select column_name, data_type, is_nullable from duckdb_columns() where schema_name = ? "
                     "and table_name = ? order by column_index", [schema, table])


def constraints(db: Path, table: str, kind: str) -> list[tuple]:
    return query(db, "select constraint_name, constraint_column_names, referenced_table, referenced_column_names "
                     "from duckdb_constraints() where table_name = ? and constraint_type = ? order by 1",
                 [table, kind])


# --------------------------------------------------------------------------- SQLAlchemy and pandas

sa = pytest.importorskip("sqlalchemy")


def _type_class(duck_type: str) -> type:
    """The SQLAlchemy type a DuckDB column type should reflect as."""
    from sqlalchemy.dialects import postgresql as pg
    if duck_type.endswith("[]"):
        return pg.ARRAY
    base = re.sub(r"\(.*\)", "", duck_type)
    return {"VARCHAR": sa.VARCHAR, "INTEGER": sa.INTEGER, "BIGINT": sa.BIGINT, "SMALLINT": sa.SMALLINT,
            "DOUBLE": pg.DOUBLE_PRECISION, "FLOAT": sa.REAL, "DATE": sa.DATE, "BOOLEAN": sa.BOOLEAN,
            "TIMESTAMP": pg.TIMESTAMP, "TIMESTAMP WITH TIME ZONE": pg.TIMESTAMP, "DECIMAL": sa.NUMERIC,
            "HUGEINT": sa.NUMERIC, "BLOB": pg.BYTEA, "INTERVAL": pg.INTERVAL, "TIME": pg.TIME,
            "JSON": pg.JSON, "UUID": pg.UUID}.get(base, sa.TEXT)


@pytest.mark.parametrize("driver", ["psycopg", "psycopg2"])
def test_sqlalchemy_inspects_the_warehouse(warehouse: Server, driver: str) -> None:
    if driver == "psycopg2":
        pytest.importorskip("psycopg2", reason="psycopg2 (Superset's default driver) is not installed")
    engine = sa.create_engine(url(warehouse, driver))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Did not recognize type ..." would be a warning
            inspector = sa.inspect(engine)
            schemas = {s for (s,) in query(warehouse.db, "select schema_name from duckdb_schemas() "
                                                         "where database_name = current_database()")}
            assert set(inspector.get_schema_names()) == schemas | {"information_schema"}
            for schema in sorted(schemas):
                expected = relations(warehouse.db, schema)
                assert sorted(inspector.get_table_names(schema)) == sorted(n for n, k in expected.items()
                                                                             if k == "table")
                assert sorted(inspector.get_view_names(schema)) == sorted(n for n, k in expected.items()
                                                                            if k == "view")
                for name in expected:
                    reflected = inspector.get_columns(name, schema)
                    wanted = columns(warehouse.db, schema, name)
                    assert [c["name"] for c in reflected] == [c for c, _, _ in wanted], name
                    for column, (_, duck_type, nullable) in zip(reflected, wanted, strict=True):
                        assert isinstance(column["type"], _type_class(duck_type)), (name, column, duck_type)
                        assert column["nullable"] == nullable
                    assert inspector.get_pk_constraint(name, schema)["constrained_columns"] == []
                    assert inspector.get_foreign_keys(name, schema) == []
                    assert inspector.get_indexes(name, schema) == []
                    assert inspector.get_unique_constraints(name, schema) == []
                    assert inspector.get_table_comment(name, schema) == {"text": None}
                    assert inspector.has_table(name, schema)
            assert not inspector.has_table("no_such_table", "main")
        authors = {c["name"]: c["type"] for c in inspector.get_columns("article", "main")}["authors"]
        assert isinstance(authors.item_type, sa.VARCHAR)
    finally:
        engine.dispose()


def test_sqlalchemy_reflects_keys_indexes_and_comments(keyed: Server) -> None:
    engine = sa.create_engine(url(keyed))
    try:
        inspector = sa.inspect(engine)
        for table in ("author", "book", "edition"):
            [(pk_name, pk_columns, _, _)] = constraints(keyed.db, table, "PRIMARY KEY")
            assert inspector.get_pk_constraint(table)["constrained_columns"] == pk_columns
            assert inspector.get_pk_constraint(table)["name"] == pk_name
            fks = [(c["constrained_columns"], c["referred_table"], c["referred_columns"], c["referred_schema"])
                   for c in inspector.get_foreign_keys(table)]
            assert fks == [(cols, ref, ref_cols, None)  # the default schema: None, as against Postgres
                           for _, cols, ref, ref_cols in constraints(keyed.db, table, "FOREIGN KEY")]
            uniques = [(u["name"], u["column_names"]) for u in inspector.get_unique_constraints(table)]
            assert uniques == [(n, cols) for n, cols, _, _ in constraints(keyed.db, table, "UNIQUE")]
            indexes = {i["name"]: (i["column_names"], i["unique"]) for i in inspector.get_indexes(table)}
            created = {n: ([c.strip() for c in e.strip("[]").split(",")], u) for n, e, u in query(
                keyed.db, "select index_name, expressions, is_unique from duckdb_indexes() where table_name = ?",
                [table])}
            assert indexes == {**created, **{n: (cols, True) for n, cols in uniques}}
        assert "book_title" in {i["name"] for i in inspector.get_indexes("book")}
        assert inspector.get_table_comment("book") == {"text": "books by authors"}
        book = {c["name"]: c for c in inspector.get_columns("book")}
        assert book["title"]["comment"] == "as printed"
        assert isinstance(book["scores"]["type"].item_type, sa.Float)
        assert isinstance(book["copies"]["type"].item_type, sa.SMALLINT)
        assert (book["price"]["type"].precision, book["price"]["type"].scale) == (10, 2)
        assert book["book_id"]["nullable"] is False and book["title"]["nullable"] is True
        metadata = sa.MetaData()
        edition = sa.Table("edition", metadata, autoload_with=engine)  # and the tables it refers to
        assert {fk.column.table.name for fk in edition.foreign_keys} == {"book"}
        assert "author" in metadata.tables
    finally:
        engine.dispose()


def test_pandas_read_sql_and_read_sql_table(warehouse: Server, keyed: Server) -> None:
    pd = pytest.importorskip("pandas")
    engine = sa.create_engine(url(warehouse))
    try:
        sql = "select article_id, published_date, word_count, authors from article order by article_id"
        frame = pd.read_sql(sql, engine)
        rows = query(warehouse.db, sql)
        assert list(frame.columns) == ["article_id", "published_date", "word_count", "authors"]
        assert [(a, d, int(w), list(au)) for a, d, w, au in frame.itertuples(index=False)] == rows
        assert pd.read_sql("select 1 as one", engine)["one"].tolist() == [1]
        table = pd.read_sql_table("article", engine, schema="main")
        assert sorted(table["article_id"]) == sorted(r[0] for r in rows)
        assert list(table.columns) == [c for c, _, _ in columns(warehouse.db, "main", "article")]
        assert sorted(map(tuple, table["authors"])) == sorted(tuple(r[3]) for r in rows)
    finally:
        engine.dispose()
    engine = sa.create_engine(url(keyed))
    try:
        book = pd.read_sql_table("book", engine)
        assert book["book_id"].tolist() == [r[0] for r in query(keyed.db, "select book_id from book order by 1")]
        assert list(book["scores"][0]) == [1.5, 2.0]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- psycopg arrays


@pytest.mark.parametrize("binary", [False, True])
def test_psycopg_array_parameters_and_results(warehouse: Server, binary: bool) -> None:
    ids = [r[0] for r in query(warehouse.db, "select article_id from article order by article_id")][:2]
    expected = query(warehouse.db, "select article_id, authors from article order by article_id")
    with warehouse.connect() as conn:
        cur = conn.cursor(binary=binary)
        assert cur.execute("select article_id from article where article_id = any(%s) order by 1",
                           [ids]).fetchall() == [(i,) for i in ids]
        assert cur.execute("select article_id from article where article_id = any(%s)", [[]]).fetchall() == []
        cur.execute("select article_id, authors from article order by article_id")
        assert [d.type_code for d in cur.description] == [1043, 1015]  # varchar, _varchar
        assert cur.fetchall() == expected
        assert any(authors for _, authors in expected)
        row = cur.execute("select [1, 2, null]::integer[], [2::bigint], [1.5, -0.25]::double[], [true, null], "
                          "[date '2020-01-02'], ['a b', '', null, 'NULL', 'q\"uote', 'back\\slash', '{x}'], "
                          "[]::varchar[], [1.25]::decimal(5, 2)[], [[1, 2], [3]]").fetchone()
        assert row == ([1, 2, None], [2], [1.5, -0.25], [True, None], [dt.date(2020, 1, 2)],
                       ["a b", "", None, "NULL", 'q"uote', "back\\slash", "{x}"], [],
                       [__import__("decimal").Decimal("1.25")], "{{1,2},{3}}")  # ragged: text
        assert [d.type_code for d in cur.description] == [1007, 1016, 1022, 1000, 1182, 1015, 1015, 1231, 25]
        assert cur.execute("select list_sum(%s::integer[]), %s::varchar[]",
                           [[4, 5, 6], ["a", None, "b c"]]).fetchone() == (15, ["a", None, "b c"])
        assert cur.execute("select %s::date[]", [[dt.date(2021, 3, 4)]]).fetchone() == ([dt.date(2021, 3, 4)],)


def test_psycopg2_array_parameters(warehouse: Server) -> None:
    psycopg2 = pytest.importorskip("psycopg2", reason="psycopg2 is not installed")
    ids = [r[0] for r in query(warehouse.db, "select article_id from article order by article_id")][:3]
    conn = psycopg2.connect(warehouse.dsn())
    try:
        conn.autocommit = True
        with conn.cursor() as cur:  # psycopg2 writes lists into the SQL: ARRAY['a','b'], and '{}' when empty
            cur.execute("select article_id from article where article_id = any(%s) order by 1", (ids,))
            assert cur.fetchall() == [(i,) for i in ids]
            cur.execute("select article_id from article where article_id = any(%s)", ([],))
            assert cur.fetchall() == []
            cur.execute("select authors from article order by article_id")
            assert [r[0] for r in cur.fetchall()] == [r[0] for r in query(
                warehouse.db, "select authors from article order by article_id")]
    finally:
        conn.close()


# --------------------------------------------------------------------------- node-postgres

NODE = shutil.which("node")


def test_node_postgres_arrays(warehouse: Server) -> None:
    if NODE is None:
        pytest.skip("node is not installed")
    if not (CLIENTS / "node_modules" / "pg").is_dir():
        pytest.skip(f"node-postgres is not installed: run `npm install` in {CLIENTS} (.ci/run does)")
    ids = [r[0] for r in query(warehouse.db, "select article_id from article order by article_id")][1:3]
    env = server_env(PGHOST="127.0.0.1", PGPORT=str(warehouse.port), PGUSER="wirehouse", PGPASSWORD=PASSWORD,
                     PGDATABASE="warehouse")
    out = subprocess.run([NODE, str(CLIENTS / "pg_check.js"), json.dumps(ids)], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert result["any"] == {"rows": [{"article_id": i} for i in ids], "types": [1043]}
    authors = query(warehouse.db, "select article_id, authors from article order by article_id")
    assert result["authors"]["rows"] == [{"article_id": a, "authors": list(au)} for a, au in authors]
    assert result["authors"]["types"] == [1043, 1015]
    assert result["literals"]["rows"] == [{"ints": [1, 2, 3], "strs": ["a", None, "b c", "{x}"],
                                           "doubles": [1.5, 2.5], "bools": [True, False], "empty": []}]
    assert result["literals"]["types"] == [1007, 1015, 1022, 1000, 1015]
    assert result["intparam"]["rows"] == [{"total": "15"}]  # numeric: node-postgres leaves it a string


# --------------------------------------------------------------------------- pgjdbc


@pytest.fixture(scope="module")
def jdbc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JdbcCheck.java compiled against the Debian pgjdbc jar; the folder of its class."""
    javac, java = shutil.which("javac"), shutil.which("java")
    if javac is None or java is None:
        pytest.skip("no JDK (javac, java)")
    if not JDBC_JAR.is_file():
        pytest.skip(f"no pgjdbc jar at {JDBC_JAR} (Debian: apt-get install libpostgresql-jdbc-java)")
    out = tmp_path_factory.mktemp("jdbc")
    done = subprocess.run([javac, "-d", str(out), "-cp", str(JDBC_JAR), str(CLIENTS / "JdbcCheck.java")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def run_jdbc(classes: Path, server: Server, *args: str) -> dict[str, list[list[str]]]:
    url_ = f"jdbc:postgresql://127.0.0.1:{server.port}/warehouse"
    done = subprocess.run(["java", "-cp", f"{JDBC_JAR}{os.pathsep}{classes}", "JdbcCheck", url_, "wirehouse",
                           PASSWORD, *args], capture_output=True, text=True, timeout=90)
    assert done.returncode == 0 and done.stdout.endswith("DONE\n"), done.stdout + done.stderr
    lines: dict[str, list[list[str]]] = {}
    for line in done.stdout.splitlines()[:-1]:
        name, *values = line.split("\t")
        lines.setdefault(name, []).append(values)
    assert "ERROR" not in lines, lines["ERROR"]
    return lines


def test_jdbc_metadata_of_the_warehouse(jdbc: Path, warehouse: Server) -> None:
    out = run_jdbc(jdbc, warehouse, "meta", "main", "article")
    assert out["catalogs"] == [[warehouse.db.stem]]
    assert {"main", "raw"} <= {s for [s] in out["schemas"]}
    expected = relations(warehouse.db, "main")
    assert {(name, kind) for _, name, kind in out["tables"]} == {(n, k.upper()) for n, k in expected.items()}
    wanted = columns(warehouse.db, "main", "article")
    assert [c[0] for c in out["columns"]] == [c for c, _, _ in wanted]  # every column, arrays included
    types = {name: (int(sql_type), type_name) for name, sql_type, type_name, _, _ in out["columns"]}
    assert types["authors"] == (2003, "_varchar")  # java.sql.Types.ARRAY
    assert types["published_date"] == (91, "date") and types["word_count"] == (4, "int4")
    assert "primarykeys" not in out and "importedkeys" not in out and "indexinfo" not in out  # none: no errors
    type_names = {name for name, _ in out["typeinfo"]}
    assert {"int4", "varchar", "date", "_varchar", "float8"} <= type_names


def test_jdbc_metadata_of_keys(jdbc: Path, keyed: Server) -> None:
    out = run_jdbc(jdbc, keyed, "meta", "main", "edition")
    [(pk_name, pk_columns, _, _)] = constraints(keyed.db, "edition", "PRIMARY KEY")
    assert out["primarykeys"] == [[c, str(i + 1), pk_name] for i, c in enumerate(pk_columns)]
    assert out["importedkeys"] == [[ref, ref_col, "edition", col, str(i + 1)]
                                   for _, cols, ref, ref_cols in constraints(keyed.db, "edition", "FOREIGN KEY")
                                   for i, (col, ref_col) in enumerate(zip(cols, ref_cols, strict=True))]
    exported = {(pk, pk_col, fk, fk_col) for pk, pk_col, fk, fk_col in out["exportedkeys"]}
    assert exported == {(ref, ref_col, table, col) for table in ("author", "book", "edition")
                        for _, cols, ref, ref_cols in constraints(keyed.db, table, "FOREIGN KEY")
                        for col, ref_col in zip(cols, ref_cols, strict=True)}
    index = {(name, column, non_unique) for name, column, non_unique, _ in out["indexinfo"]}
    [(unique_name, unique_columns, _, _)] = constraints(keyed.db, "edition", "UNIQUE")
    assert index == {(pk_name, c, "false") for c in pk_columns} | {(unique_name, c, "false") for c in unique_columns}
    book = run_jdbc(jdbc, keyed, "meta", "main", "book")
    assert ["book_title", "title", "true", "1"] in book["indexinfo"]
    assert [c[0] for c in book["columns"]] == [c for c, _, _ in columns(keyed.db, "main", "book")]
    assert {c[0]: c[2] for c in book["columns"]}["scores"] == "_float8"


def test_jdbc_prepared_statements_and_arrays(jdbc: Path, warehouse: Server) -> None:
    [(date, words, kind)] = query(warehouse.db, "select published_date, min(word_count), 'PERSON' from article "
                                                "group by all order by count(*) desc, 1 limit 1")
    ids = [r[0] for r in query(warehouse.db, "select article_id from article order by 1")][::2]
    out = run_jdbc(jdbc, warehouse, "params", date.isoformat(), str(words), kind, ",".join(ids))
    on_date = [[a] for (a,) in query(warehouse.db, "select article_id from article where published_date = ? "
                                                   "order by 1", [date])]
    assert out["setDate"] == on_date and out["setTimestamp"] == on_date
    assert out["setInt"] == [[a] for (a,) in query(warehouse.db, "select article_id from article "
                                                                 "where word_count >= ? order by 1", [words])]
    assert out["setString"] == [[n] for (n,) in query(warehouse.db, "select name from entity where entity_type = ? "
                                                                    "order by name", [kind])]
    assert out["setArray"] == [[i] for i in ids]
    authors = query(warehouse.db, "select article_id, authors from article order by article_id")
    assert out["getArray"] == [[a, "varchar", "|".join(au)] for a, au in authors]
    assert out["arrayTypes"] == [["int4", "Integer", "1|2|3"], ["float8", "Double", "1.5|null"],
                                 ["date", "Date", "2020-01-02"]]


# --------------------------------------------------------------------------- psql

needs_psql = pytest.mark.skipif(PSQL is None, reason="psql (postgresql-client) is not installed")


def psql(server: Server, *args: str) -> subprocess.CompletedProcess:
    env = server_env(PGPASSWORD=PASSWORD, PGCONNECT_TIMEOUT="10")
    return subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "wirehouse", "-d",
                           "warehouse", *args], capture_output=True, text=True, env=env, timeout=30)


@needs_psql
def test_psql_dx_dt_and_describe(warehouse: Server) -> None:
    out = psql(warehouse, "-c", r"\dx")
    assert out.returncode == 0, out.stderr
    assert "List of installed extensions" in out.stdout
    out = psql(warehouse, "-c", r"\dt", "-c", r"\d article")
    assert out.returncode == 0, out.stderr
    assert re.search(r"^\s*main\s*\|\s*article\s*\|\s*view", out.stdout, re.M)
    for column, _, _ in columns(warehouse.db, "main", "article"):
        assert re.search(rf"^\s*{column}\s*\|", out.stdout, re.M), out.stdout
    assert re.search(r"^\s*authors\s*\|\s*character varying\[\]", out.stdout, re.M), out.stdout


@needs_psql
def test_psql_describes_keys_and_indexes(keyed: Server) -> None:
    out = psql(keyed, "-c", r"\d book", "-c", r"\d author", "-c", r"\di")
    assert out.returncode == 0, out.stderr
    [(pk, [pk_column], _, _)] = constraints(keyed.db, "book", "PRIMARY KEY")
    assert f'"{pk}" PRIMARY KEY, btree ({pk_column})' in out.stdout
    assert '"book_title" btree (title)' in out.stdout
    [(fk, [column], ref, [ref_column])] = constraints(keyed.db, "book", "FOREIGN KEY")
    assert f'"{fk}" FOREIGN KEY ({column}) REFERENCES {ref}({ref_column})' in out.stdout
    assert f'TABLE "book" CONSTRAINT "{fk}"' in out.stdout  # author: Referenced by
    [(unique, [unique_column], _, _)] = constraints(keyed.db, "author", "UNIQUE")
    assert f'"{unique}" UNIQUE CONSTRAINT, btree ({unique_column})' in out.stdout
    assert re.search(r"^\s*scores\s*\|\s*double precision\[\]", out.stdout, re.M)
    assert re.search(r"^\s*price\s*\|\s*numeric\(10,2\)", out.stdout, re.M)
    listed = {m.group(1) for m in re.finditer(r"^\s*main\s*\|\s*(\w+)\s*\|\s*index", out.stdout, re.M)}
    assert listed == {n for (n,) in query(keyed.db, "select index_name from duckdb_indexes() union all "
                                                    "select constraint_name from duckdb_constraints() "
                                                    "where constraint_type in ('PRIMARY KEY', 'UNIQUE')")}


@needs_psql
def test_psql_copy_to_a_local_file(warehouse: Server, tmp_path: Path) -> None:
    sql = "select article_id, authors, word_count, title, null as nothing from article order by article_id"
    rows = query(warehouse.db, sql)
    target = tmp_path / "out.tsv"
    out = psql(warehouse, "-c", rf"\copy ({sql}) to '{target}'")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"COPY {len(rows)}"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows)
    for line, (article_id, authors, words, title, _) in zip(lines, rows, strict=True):
        fields = line.split("\t")
        assert fields[0] == article_id and fields[2] == str(words) and fields[4] == r"\N"
        assert arrays.parse_array(fields[1]) == authors
        assert fields[3] == (r"\N" if title is None else
                             title.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"))
    target = tmp_path / "out.csv"
    out = psql(warehouse, "-c", rf"\copy ({sql}) to '{target}' with (format csv, header)")
    assert out.returncode == 0, out.stderr
    import csv
    with target.open(encoding="utf-8", newline="") as f:
        parsed = list(csv.reader(f))
    assert parsed[0] == ["article_id", "authors", "word_count", "title", "nothing"]
    assert [(a, arrays.parse_array(au), int(w), t, n) for a, au, w, t, n in parsed[1:]] == [
        (a, au, w, t or "", "") for a, au, w, t, _ in rows]
    assert any(t is None for _, _, _, t, _ in rows) == any(t == "" for _, _, _, t, _ in parsed[1:])
    out = psql(warehouse, "-c", rf"\copy (select 1) to '{tmp_path / 'bin'}' with (format binary)")
    assert out.returncode != 0 and "ERROR" in out.stderr  # binary COPY is refused
    assert not (tmp_path / "bin").exists() or (tmp_path / "bin").read_bytes() == b""


def test_copy_through_psycopg(warehouse: Server) -> None:
    expected = query(warehouse.db, "select article_id, word_count from article order by 1")
    with warehouse.connect() as conn:
        with conn.cursor().copy("COPY (select article_id, word_count from article order by 1) TO STDOUT "
                                "WITH (FORMAT csv)") as copy:
            data = b"".join(bytes(chunk) for chunk in copy)
        assert data.decode().splitlines() == [f"{a},{w}" for a, w in expected]
        cur = conn.cursor()
        with cur.copy("COPY article (article_id) TO STDOUT") as copy:
            assert sorted(row[0] for row in copy.rows()) == sorted(a for a, _ in expected)
        assert cur.rowcount == len(expected)
        assert conn.execute("select 1").fetchone() == (1,)  # the session goes on


# --------------------------------------------------------------------------- the pieces, without a server


@pytest.mark.parametrize("values", [[], ["a"], ["a b", None, "", "NULL", 'q"', "b\\s", "{x}", "c,d"],
                                    [["1", "2"], ["3", None]]])
def test_array_text_round_trip(values: list) -> None:
    text = arrays.array_text(values, str)
    assert arrays.parse_array(text) == values


def test_array_binary_round_trip_and_malformed_literals() -> None:
    import struct
    data = arrays.array_binary([1, None, -3], 23, lambda v, _: struct.pack("!i", v))
    assert arrays.array_from_binary(data, lambda b, _: struct.unpack("!i", b)[0]) == [1, None, -3]
    assert arrays.array_from_binary(arrays.array_binary([], 23, None), None) == []
    for bad in ("{a", "{a}}", "{\"a}", "a", "{a,}", '{"a" b}'):
        with pytest.raises(ValueError):
            arrays.parse_array(bad)
    assert isinstance(arrays.ArrayText.maybe("{1,2}"), arrays.ArrayText)
    assert not isinstance(arrays.ArrayText.maybe('{"k": 1}'), arrays.ArrayText)  # JSON stays text


def test_copy_options_and_lines() -> None:
    text = copyout.parse_copy_options("")
    assert copyout.copy_line(["a\tb", None, "back\\slash", [1, 2]], [25, 25, 25, 1007], text) == (
        b"a\\tb\t\\N\tback\\\\slash\t{1,2}\n")
    csv = copyout.parse_copy_options("WITH (FORMAT csv, HEADER true, DELIMITER ';')")
    assert (csv.csv, csv.header, csv.delimiter, csv.null) == (True, True, ";", "")
    assert copyout.copy_line(['say "hi"', "", None, "a;b"], [25] * 4, csv) == b'"say ""hi""";"";;"a;b"\n'
    legacy = copyout.parse_copy_options("WITH CSV HEADER NULL AS 'NA'")
    assert (legacy.csv, legacy.header, legacy.null) == (True, True, "NA")
    for bad, state in [("WITH (FORMAT binary)", "0A000"), ("WITH (FORMAT xml)", "22023"),
                       ("(DELIMITER 'ab')", "22023"), ("(NOPE 1)", "42601")]:
        with pytest.raises(copyout.PgError) as caught:
            copyout.parse_copy_options(bad)
        assert caught.value.sqlstate == state

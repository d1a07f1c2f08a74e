"""Tests for `wirehouse serve`: a real warehouse built by the pipeline, a real server process, and
real PostgreSQL clients (psql when installed, psycopg 3 always)."""
from __future__ import annotations

import datetime as dt
import decimal
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from loader.readers import serve
from tests import synthetic
from tests.conftest import query, run_cli, write_texts
from tests.serve_helpers import libpq_dsn

psycopg = pytest.importorskip("psycopg")
from psycopg import errors  # noqa: E402

PASSWORD = "s3cret 'pw'"
PSQL = shutil.which("psql")
needs_psql = pytest.mark.skipif(PSQL is None, reason="psql (postgresql-client) is not installed")
STARTUP_SECONDS = 60
TEST_SECONDS = 60  # a test still running after this kills the server, so no client can hang


@dataclass
class Server:
    port: int
    db: Path
    raw: Path
    proc: subprocess.Popen
    log: list[str]

    def dsn(self, **extra: str) -> str:
        return libpq_dsn(self.port, PASSWORD, **extra)

    def connect(self, **kwargs):
        return psycopg.connect(self.dsn(), autocommit=kwargs.pop("autocommit", True), **kwargs)


def start_server(args: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, int, list[str]]:
    """Start `wirehouse serve ARGS` and wait for its 'listening on HOST:PORT' line."""
    proc = subprocess.Popen([sys.executable, "-m", "loader.cli", "serve", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def drain() -> None:  # keep reading stderr so the server never blocks on a full pipe
        for line in proc.stderr:
            log.append(line)
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        match = re.search(r"listening on \S+:(\d+)", line)
        if match:
            return proc, int(match.group(1)), log
    proc.kill()
    proc.wait(10)
    raise AssertionError("wirehouse serve did not start:\n" + "".join(log))


def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(10)


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WIREHOUSE_DB", "WIREHOUSE_SERVE_PASSWORD")}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH", "")])
    return {**env, **extra}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A warehouse of four synthetic articles, built by `wirehouse run`, served with a password."""
    base = tmp_path_factory.mktemp("serve")
    raw = write_texts(base / "raw", synthetic.articles(4))
    db = base / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    proc, port, log = start_server(["--db", str(db), "--port", "0"], server_env(WIREHOUSE_SERVE_PASSWORD=PASSWORD),
                                   base)
    yield Server(port, db, raw, proc, log)
    assert stop(proc) == 0, "".join(log)


@pytest.fixture(autouse=True)
def watchdog(request: pytest.FixtureRequest) -> Iterator[None]:
    """Kill the module's server if a test runs too long: every client call then fails instead of hanging."""
    if "server" not in request.fixturenames:
        yield
        return
    proc = request.getfixturevalue("server").proc
    timer = threading.Timer(TEST_SECONDS, proc.kill)
    timer.start()
    yield
    timer.cancel()


CONTRACT = {"article", "entity", "mention", "figure"}


def published(server: Server, schema: str) -> set[tuple[str, str]]:
    """(name, 'VIEW' or 'BASE TABLE') of the relations in schema, read from the published file directly."""
    return set(query(server.db, "select table_name, table_type from information_schema.tables where table_schema = ?",
                     [schema]))


def wait_for(predicate, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def psql(server: Server, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    env = server_env(PGPASSWORD=password, PGCONNECT_TIMEOUT="10")
    return subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "wirehouse", "-d", "warehouse",
                           *args], capture_output=True, text=True, env=env, timeout=30)


# --------------------------------------------------------------------------- psql


@needs_psql
def test_psql_simple_query(server: Server) -> None:
    out = psql(server, "-At", "-c", "select count(*) from article", "-c", "select count(*) from mention")
    assert out.returncode == 0, out.stderr
    expected = [query(server.db, f"select count(*) from {t}")[0][0] for t in ("article", "mention")]
    assert out.stdout.split() == [str(n) for n in expected]
    assert expected[0] >= 4 and expected[1] > 0


@needs_psql
def test_psql_lists_tables_and_describes_one(server: Server) -> None:
    out = psql(server, "-c", r"\dt")
    assert out.returncode == 0, out.stderr
    listed = {(m.group(1), m.group(2)) for m in re.finditer(r"^\s*main\s*\|\s*(\w+)\s*\|\s*(\w+)", out.stdout, re.M)}
    assert {name for name, _ in listed} >= CONTRACT
    assert listed == {(name, "view" if kind == "VIEW" else "table") for name, kind in published(server, "main")}
    out = psql(server, "-c", r"\d figure")
    assert out.returncode == 0, out.stderr
    assert 'View "main.figure"' in out.stdout
    for column in ("figure_id", "value", "unit", "qualifier", "period_start"):
        assert re.search(rf"^\s*{column}\s*\|", out.stdout, re.M), out.stdout
    out = psql(server, "-c", r"\dn")
    assert re.search(r"^\s*raw\s*\|", out.stdout, re.M), out.stdout + out.stderr


@needs_psql
def test_psql_refuses_writes_and_wrong_password(server: Server) -> None:
    out = psql(server, "-c", "insert into entity select * from entity")
    assert out.returncode == 1
    assert "wirehouse serve is read-only: INSERT is not allowed" in out.stderr
    out = psql(server, "-c", "select 1", password="wrong")
    assert out.returncode == 2
    assert 'password authentication failed for user "wirehouse"' in out.stderr


# --------------------------------------------------------------------------- psycopg


def test_session_basics(server: Server) -> None:
    with server.connect() as conn:
        assert conn.execute("select version()").fetchone()[0].startswith("PostgreSQL 14.0 (wirehouse")
        assert conn.info.server_version == 140000
        assert conn.execute("select current_schema()").fetchone()[0] == "main"
        assert conn.execute("select current_user").fetchone()[0] == "wirehouse"
        for statement in ("SET extra_float_digits = 3", "SET application_name = 'Metabase'", "SET TIME ZONE 'UTC'",
                          "set search_path to main, public", "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"):
            cur = conn.execute(statement)
            assert cur.statusmessage == "SET" and cur.description is None
        assert conn.execute("show application_name").fetchone()[0] == "Metabase"
        assert conn.execute("SHOW transaction isolation level").fetchone()[0] == "read committed"
        assert conn.execute("show server_version").fetchone()[0] == "14.0"
        assert conn.execute("select current_setting('server_version_num')").fetchone()[0] == "140000"
        cur = conn.execute("select count(*), max(word_count) from article")
        assert [d.name for d in cur.description] == ["count", "max"]
        assert [d.type_code for d in cur.description] == [20, 23]  # int8, int4
        assert conn.execute("BEGIN").statusmessage == "BEGIN"
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert conn.execute("COMMIT").statusmessage == "COMMIT"
        with pytest.raises(errors.SyntaxError):
            conn.execute("selec 1")
        cur = conn.execute("select 1 as a; select 'two' as b")  # no parameters: the simple query protocol
        assert cur.fetchall() == [(1,)] and cur.nextset() and cur.fetchall() == [("two",)]


def test_parameters_prepared_text_and_binary(server: Server) -> None:
    expected = query(server.db, "select name from entity where entity_type = ? order by name", ["PERSON"])
    assert expected
    sql = "select name from entity where entity_type = %s order by name"
    with server.connect() as conn:
        assert conn.execute(sql, ["PERSON"]).fetchall() == expected
        for _ in range(3):  # prepared: Parse once as a named statement, then Bind/Execute
            assert conn.execute(sql, ["PERSON"], prepare=True).fetchall() == expected
        assert conn.cursor(binary=False).execute(sql, ["PERSON"], prepare=True).fetchall() == expected
        assert conn.cursor(binary=True).execute(sql, ["PERSON"]).fetchall() == expected
        assert conn.execute(sql, ["NO-SUCH-TYPE"]).fetchall() == []
        [(article_id, date, words)] = query(server.db, "select article_id, published_date, word_count from article "
                                                       "order by article_id limit 1")
        picked = ("select article_id, published_date, word_count from article "
                  "where published_date = %s and word_count >= %s")
        for binary in (False, True):
            rows = conn.cursor(binary=binary).execute(picked, [date, words]).fetchall()
            assert (article_id, date, words) in rows
        values = ("select %s::int + 1, %s::double, %s, %s::date, %s::decimal(10,3), %s::bool, %s::varchar is null",
                  [41, 0.5, "text 'quoted'", dt.date(2021, 2, 3), decimal.Decimal("-12.345"), True, None])
        for binary in (False, True):
            assert conn.cursor(binary=binary).execute(*values).fetchone() == (
                42, 0.5, "text 'quoted'", dt.date(2021, 2, 3), decimal.Decimal("-12.345"), True, True)


def test_value_types_text_and_binary(server: Server) -> None:
    sql = ("select 1::smallint, 2::bigint, 1.5::real, 2.25::double, 3.25::decimal(10,2), "
           "12345678901234567890::hugeint, "
           "'x', date '2020-01-02', timestamp '2020-01-02 03:04:05.5', time '01:02:03', interval '1 day 2 hours', "
           "true, 'ab'::blob, ['a b', null, 'c'], {'k': 1}, null")
    expected = (1, 2, 1.5, 2.25, decimal.Decimal("3.25"), decimal.Decimal("12345678901234567890"), "x",
                dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4, 5, 500000), dt.time(1, 2, 3),
                dt.timedelta(days=1, hours=2), True, b"ab", ["a b", None, "c"], '{"k": 1}', None)
    with server.connect() as conn:
        for binary in (False, True):
            assert conn.cursor(binary=binary).execute(sql).fetchone() == expected
        cur = conn.execute("select authors, published_date from article limit 1")
        assert [d.type_code for d in cur.description] == [1015, 1082]  # lists as arrays (_varchar), date


def test_server_side_cursor_and_aborted_transaction(server: Server) -> None:
    total = query(server.db, "select count(*) from mention")[0][0]
    with server.connect(autocommit=False) as conn:
        with conn.cursor(name="mentions") as cur:  # DECLARE ... CURSOR, FETCH FORWARD n
            cur.execute("select mention_id from mention")
            first = cur.fetchmany(3)
            assert len(first) == 3 and len(first) + len(cur.fetchall()) == total
        conn.commit()
        with pytest.raises(errors.UndefinedTable):
            conn.execute("select * from no_such_table")
        with pytest.raises(errors.InFailedSqlTransaction):
            conn.execute("select 1")
        conn.rollback()
        assert conn.execute("select 1").fetchone() == (1,)


def test_catalog_queries_bi_tools_send(server: Server) -> None:
    with server.connect() as conn:
        columns = conn.execute("select column_name, data_type from information_schema.columns where table_schema = "
                               "'main' and table_name = 'figure' order by ordinal_position").fetchall()
        assert columns == query(server.db, "select column_name, data_type from information_schema.columns "
                                           "where table_name = 'figure' order by ordinal_position")
        assert ("value", "DOUBLE") in columns and ("unit", "VARCHAR") in columns
        tables = conn.execute("select table_name, table_type from information_schema.tables "
                              "where table_schema = 'main'").fetchall()
        assert set(tables) == published(server, "main") and {name for name, _ in tables} >= CONTRACT
        # Metabase's table listing (its Postgres driver), verbatim but for the schema list.
        metabase = conn.execute("""
            SELECT n.nspname AS schema, c.relname AS name,
                   CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS type,
                   d.description AS description, stat.n_live_tup AS estimated_row_count
            FROM pg_catalog.pg_class AS c
            INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
            LEFT JOIN pg_catalog.pg_description AS d
                   ON ((c.oid = d.objoid) AND (d.objsubid = 0)) AND (d.classoid = 'pg_class'::regclass)
            LEFT JOIN pg_stat_user_tables AS stat ON (n.nspname = stat.schemaname) AND (c.relname = stat.relname)
            WHERE ((c.relnamespace = n.oid) AND (c.relkind IN ('r', 'p', 'v', 'f', 'm')))
              AND (n.nspname !~ '^information_schema|catalog_history|pg_')
            ORDER BY type ASC, schema ASC, name ASC""").fetchall()
        found = {(schema, name, kind) for schema, name, kind, _, _ in metabase}
        assert found == {(schema, name, "VIEW" if kind == "VIEW" else "TABLE")
                         for schema in ("main", "raw") for name, kind in published(server, schema)}
        assert {name for schema, name, _ in found if schema == "main"} >= CONTRACT
        schemas = conn.execute("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' "
                               "AND nspname <> 'information_schema' ORDER BY 1").fetchall()
        assert schemas == [("main",), ("raw",)]
        # pgjdbc's column listing (DatabaseMetaData.getColumns), as Metabase, DBeaver and Tableau's JDBC use it.
        jdbc = conn.execute("""
            SELECT n.nspname, c.relname, a.attname, a.atttypid, t.typname
            FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)
            JOIN pg_catalog.pg_attribute a ON (a.attrelid = c.oid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
            LEFT JOIN pg_catalog.pg_description dsc ON (c.oid = dsc.objoid AND a.attnum = dsc.objsubid)
            WHERE c.relkind in ('r','p','v','f','m') AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname LIKE 'main' AND c.relname LIKE 'figure' ORDER BY a.attnum""").fetchall()
        assert ("main", "figure", "value", 701, "float8") in jdbc
        assert ("main", "figure", "unit", 1043, "varchar") in jdbc


def test_writes_are_refused(server: Server, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    before = {t: query(server.db, f"select count(*) from {t}")[0][0] for t in ("article", "entity")}
    refused = {
        "INSERT": "insert into entity select * from entity",
        "UPDATE": "update entity set name = 'x'",
        "DELETE": "delete from entity",
        "CREATE": "create table stolen as select * from article",
        "DROP": "drop view article",
        "ALTER": "alter table entity rename to e2",
        "COPY": f"copy article to '{target}'",
        "ATTACH": f"attach '{tmp_path / 'other.duckdb'}' as other",
        "INSTALL": "install httpfs",
        "EXPORT": f"export database '{tmp_path / 'dump'}'",
        "PRAGMA": "pragma enable_profiling",
    }
    with server.connect() as conn:
        for word, sql in refused.items():
            with pytest.raises(errors.ReadOnlySqlTransaction) as caught:
                conn.execute(sql)
            assert caught.value.sqlstate == "25006"
            assert str(caught.value) == f"wirehouse serve is read-only: {word} is not allowed"
        with pytest.raises(errors.ReadOnlySqlTransaction):  # also through the extended protocol
            conn.execute("insert into entity values (%s, %s, %s)", ["a", "b", "c"], prepare=True)
        with pytest.raises(errors.InsufficientPrivilege):  # files outside the warehouse's parts are off limits
            conn.execute("select * from read_csv('/etc/passwd')")
        assert conn.execute("pragma table_info('entity')").fetchall()  # a reading pragma is fine
        assert conn.execute("select count(*) from entity").fetchone()[0] == before["entity"]
    assert not target.exists() and not (tmp_path / "other.duckdb").exists()
    assert {t: query(server.db, f"select count(*) from {t}")[0][0] for t in before} == before
    assert "stolen" not in {r[0] for r in query(server.db, "select table_name from information_schema.tables")}


def test_wrong_password_is_rejected(server: Server) -> None:
    dsn = server.dsn(password="not it")
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "wirehouse"'):
        psycopg.connect(dsn)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.dsn(password=""))
    with server.connect() as conn:  # the server is still fine
        assert conn.execute("select 1").fetchone() == (1,)
    assert wait_for(lambda: any("rejected 127.0.0.1" in line for line in server.log))


def test_ten_concurrent_connections(server: Server) -> None:
    sql = ("select e.entity_type, count(*) from mention m join entity e using (entity_id) "
           "where e.entity_type <> %s group by all order by 1")
    expected = query(server.db, sql.replace("%s", "?"), ["NONE"])
    barrier = threading.Barrier(10, timeout=30)

    def client(i: int) -> list:
        with server.connect() as conn:
            barrier.wait()
            results = [conn.execute(sql, ["NONE"]).fetchall() for _ in range(5)]
            results.append(conn.execute("select %s::int * 2", [i]).fetchall())
            return results

    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        results = [future.result(timeout=45) for future in [pool.submit(client, i) for i in range(10)]]
    assert time.monotonic() - started < 45
    for i, result in enumerate(results):
        assert result[:5] == [expected] * 5 and result[5] == [(i * 2,)]


def test_cancel_a_running_query(server: Server) -> None:
    with server.connect() as conn:
        timer = threading.Timer(0.5, conn.cancel)
        timer.start()
        started = time.monotonic()
        with pytest.raises(errors.QueryCanceled):
            conn.execute("select count(*) from range(100000000000) t(a) where a % 7 = 3")
        timer.cancel()
        assert time.monotonic() - started < 20
        assert conn.execute("select 1").fetchone() == (1,)


def test_new_build_is_picked_up_without_restart(server: Server) -> None:
    before = query(server.db, "select count(*) from article")[0][0]
    idle = server.connect()
    in_block = server.connect(autocommit=False)
    try:
        assert idle.execute("select count(*) from article").fetchone()[0] == before
        assert in_block.execute("select count(*) from article").fetchone()[0] == before  # BEGIN, then the query
        write_texts(server.raw, synthetic.articles(3, seed=7, start=500))
        assert run_cli("run", str(server.raw), "--db", str(server.db), "--quiet") == 0
        after = query(server.db, "select count(*) from article")[0][0]
        assert after == before + 3
        with server.connect() as fresh:
            assert fresh.execute("select count(*) from article").fetchone()[0] == after
        assert idle.execute("select count(*) from article").fetchone()[0] == after  # at the next statement
        assert in_block.execute("select count(*) from article").fetchone()[0] == before  # keeps its snapshot
        in_block.commit()
        assert in_block.execute("select count(*) from article").fetchone()[0] == after
    finally:
        idle.close()
        in_block.close()


# --------------------------------------------------------------------------- starting


def test_refuses_public_address_without_password(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "loader.cli", "serve", "--host", "0.0.0.0", "--port", "0",
                           "--db", str(tmp_path / "w.duckdb")], capture_output=True, text=True, timeout=60,
                          env=server_env(), cwd=tmp_path)
    assert proc.returncode == 2
    assert "refusing to listen on 0.0.0.0 without a password" in proc.stderr
    (tmp_path / "empty").write_text("")
    proc = subprocess.run([sys.executable, "-m", "loader.cli", "serve", "--password-file", str(tmp_path / "empty")],
                          capture_output=True, text=True, timeout=60, env=server_env(), cwd=tmp_path)
    assert proc.returncode == 2 and "is empty" in proc.stderr


def test_password_file_and_sigterm(server: Server, tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("from-a-file\n")
    proc, port, log = start_server(["--db", str(server.db), "--port", "0", "--password-file", str(tmp_path / "pw")],
                                   server_env(WIREHOUSE_SERVE_PASSWORD="ignored"), tmp_path)
    try:
        other = Server(port, server.db, server.raw, proc, log)
        with psycopg.connect(other.dsn(password="from-a-file")) as conn:
            assert conn.execute("select count(*) from entity").fetchone()[0] > 0
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(other.dsn(password="ignored"))
    finally:
        assert stop(proc) == 0, "".join(log)
    assert any("connection from 127.0.0.1" in line for line in log)
    assert wait_for(lambda: "wirehouse serve: stopped" in "".join(log))


# --------------------------------------------------------------------------- the pieces, without a server


def test_statement_splitting_and_rewrites() -> None:
    assert serve.split_statements("select 1; select ';' -- x;\n; /* ; */ select $$a;b$$;") == [
        "select 1", "select ';' -- x;", "/* ; */ select $$a;b$$"]
    assert serve.split_statements(" ; -- only a comment\n") == []
    psql_dt = ("WHERE c.relname OPERATOR(pg_catalog.~) '^(article)$' COLLATE pg_catalog.default "
               "AND c.relkind IN ('r','p','')")
    assert serve.rewrite(psql_dt) == "WHERE c.relname ~ '^(article)$' AND c.relkind IN ('v','r','p','')"
    assert serve.rewrite("select pg_catalog.version(), x::pg_catalog.regclass::pg_catalog.text") == (
        "select version(), x::BIGINT::VARCHAR")
    assert "wirehouse_pg.pg_shim.pg_class" in serve.rewrite("select * from pg_catalog.pg_class c")
    assert serve.rewrite("select 'pg_catalog.pg_class' as s, \"pg_class\".x") == (
        "select 'pg_catalog.pg_class' as s, \"pg_class\".x")  # strings and quoted names are left alone


def test_statement_classification() -> None:
    con = duckdb.connect()
    for sql, word in [("insert into t values (1)", "INSERT"), ("with x as (select 1) insert into t select * from x",
                      "INSERT"), ("CREATE VIEW v AS SELECT 1", "CREATE"), ("copy t to 'f.csv'", "COPY"),
                      ("load httpfs", "LOAD"), ("detach d", "DETACH"), ("checkpoint", "CHECKPOINT"),
                      ("pragma enable_profiling", "PRAGMA"), ("vacuum", "VACUUM")]:
        with pytest.raises(serve.PgError, match=f"read-only: {word} is not allowed"):
            serve.plan(con, sql, {})
    assert serve.plan(con, "select $1, $2", {}).nparams == 2
    assert serve.plan(con, "show transaction isolation level", {"transaction_isolation": "x"}).command == "SHOW"
    assert serve.plan(con, "show tables", {}).statement_type == "SELECT"  # not a setting: DuckDB answers it
    assert serve.plan(con, "SET extra_float_digits = 3", {}).command == "SET"
    assert serve.plan(con, "pragma threads=1", {}).command == "SET"  # a setting: accepted and ignored
    assert serve.plan(con, "start transaction read only", {}).command == "BEGIN"


@pytest.mark.parametrize("text", ["0", "1", "-1", "12345.678", "-0.00123", "1e-20", "99999999.99990000", "1E+5"])
def test_numeric_binary_round_trip(text: str) -> None:
    value = decimal.Decimal(text)
    assert serve._numeric_from_binary(serve._numeric_binary(value)) == value


def test_value_text() -> None:
    assert serve.value_text(1.0, serve.FLOAT8) == "1" and serve.value_text(float("inf"), serve.FLOAT8) == "Infinity"
    assert serve.value_text(struct.unpack("f", struct.pack("f", 0.1))[0], serve.FLOAT4) == "0.1"
    assert serve.value_text(dt.timedelta(days=-1, seconds=86399), serve.INTERVAL) == "-00:00:01"
    assert serve.value_text([["a"], None, ""], serve.TEXT) == '{{a},NULL,""}'
    assert serve.value_text(b"\x00\xff", serve.BYTEA) == "\\x00ff"
    assert serve.pg_column_name("count_star()") == "count" and serve.pg_column_name('"version"()') == "version"

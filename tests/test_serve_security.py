"""`wirehouse serve` is read-only by construction and bounded: the bypasses of issue #12, resource limits,
error replies for malformed input, TLS and SCRAM. Real server processes, psycopg, psql and raw sockets."""
from __future__ import annotations

import hashlib
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from loader.readers import serve
from loader.readers.serve.snapshots import Snapshot, readable_files
from tests import synthetic
from tests.conftest import run_cli, write_texts
from tests.serve_helpers import Raw, connect_ok, cpu_share, error_fields, errors_in, libpq_dsn, rss_mb, threads
from tests.test_serve import PSQL, needs_psql, server_env, start_server, stop

psycopg = pytest.importorskip("psycopg")
from psycopg import errors  # noqa: E402

PASSWORD = "sécret\u00a0ﬁ pw"  # libpq prepares it for SCRAM (SASLprep): "sécret fi pw"; md5 takes it as it is
LONG_QUERY = "select count(*) from range(100000000000) t(a) where a % 7 = 3"  # minutes of work


@dataclass
class Running:
    port: int
    proc: subprocess.Popen
    log: list[str]

    def dsn(self, **extra: str) -> str:
        return libpq_dsn(self.port, PASSWORD, **extra)

    def connect(self, **extra: str):
        return psycopg.connect(self.dsn(**extra), autocommit=True)

    def tracebacks(self) -> list[str]:
        return [line for line in self.log if "Traceback" in line]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve-sec")
    raw = write_texts(base / "raw", synthetic.articles(3))
    db = base / "warehouse.duckdb"
    assert run_cli("run", str(raw), "--db", str(db), "--quiet") == 0
    return db


def parts_dir(db: Path) -> Path:
    return db.parent / ".wirehouse" / db.name / "parts"


@pytest.fixture(scope="module")
def servers(warehouse: Path) -> Iterator[dict[str, Running]]:
    """The servers the tests use, started once: each with the flags its tests are about."""
    started: dict[str, Running] = {}
    specs = {
        # password (SCRAM), a statement timeout, a tiny failed-password delay so 100 failures stay quick
        "password": (["--statement-timeout", "3s", "--auth-failure-delay", "1ms"], PASSWORD),
        # no password (loopback): raw protocol tests; small message limit
        "open": (["--max-message-size", "1MB"], None),
        # md5 and a short idle timeout
        "md5": (["--auth", "md5", "--idle-timeout", "1s"], PASSWORD),
        # few connections, a short authentication timeout, little memory
        "few": (["--max-connections", "20", "--auth-timeout", "2s", "--memory-limit", "64MB"], None),
    }
    try:
        for name, (flags, password) in specs.items():
            env = server_env(**({"WIREHOUSE_SERVE_PASSWORD": password} if password else {}))
            proc, port, log = start_server(["--db", str(warehouse), "--port", "0", *flags], env, warehouse.parent)
            started[name] = Running(port, proc, log)
        yield started
    finally:
        for running in started.values():
            assert stop(running.proc) == 0, "".join(running.log)
    for name, running in started.items():
        assert not running.tracebacks(), f"{name}: " + "".join(running.log)


def part_hashes(db: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in readable_files([parts_dir(db)])}


# --------------------------------------------------------------------------- read-only


def test_writing_bypasses_are_refused(servers: dict[str, Running], warehouse: Path) -> None:
    parts, before = parts_dir(warehouse), part_hashes(warehouse)
    existing = next(iter(before))
    targets = [parts / "main.article" / "x.csv", warehouse.parent / "y.csv"]
    with servers["password"].connect() as conn:
        for target in targets:
            for sql in [f"explain analyze copy (select 1) to '{target}'",
                        f"explain (analyze) copy (select 1) to '{target}'",
                        f"explain (analyze, format json) copy (select 1) to '{target}' (format csv)",
                        f"/* a comment */ explain analyze copy (select 1) to '{target}'",
                        f"prepare p as copy (select 1) to '{target}'",
                        f"prepare p as explain analyze copy (select 1) to '{target}'",
                        f"copy (select 1) to '{existing}' (use_tmp_file false, format parquet)",
                        f"explain analyze export database '{target.parent / 'exported'}'"]:
                with pytest.raises(psycopg.Error) as info:
                    conn.execute(sql)
                assert info.value.sqlstate in ("25006", "42601"), (sql, info.value)
            with pytest.raises(psycopg.Error):  # nothing was prepared, so there is nothing to execute
                conn.execute("execute p")
            # a cursor over a writing statement
            with conn.transaction(), pytest.raises(errors.ReadOnlySqlTransaction):
                conn.execute(f"declare c cursor for explain analyze copy (select 1) to '{target}'")
            with pytest.raises(errors.ReadOnlySqlTransaction):  # the extended protocol, with a parameter
                conn.execute(f"explain analyze copy (select %s) to '{target}'", [1], prepare=True)
        with pytest.raises(errors.ReadOnlySqlTransaction, match="UPDATE is not allowed"):
            conn.execute("update extensions")
        assert conn.execute("explain analyze select count(*) from article").fetchall()  # reading is fine
    for target in targets:
        assert not target.exists() and not (target.parent / "exported").exists()
    assert part_hashes(warehouse) == before


def test_parse_and_describe_do_not_run_what_they_refuse(servers: dict[str, Running], warehouse: Path) -> None:
    target = warehouse.parent / "described.csv"
    raw = connect_ok(servers["open"].port)
    try:
        raw.parse(f"explain analyze copy (select 1) to '{target}'", name="w")
        raw.describe(b"S", "w")
        raw.sync()
        messages = raw.until(b"Z")
        assert [e["C"] for e in errors_in(messages)] == ["25006"]
        raw.describe(b"S", "w")  # it was never prepared
        raw.sync()
        assert [e["C"] for e in errors_in(raw.until(b"Z"))] == ["26000"]
        # Describe of EXPLAIN ANALYZE of a read answers its columns without running it (it would take minutes)
        started = time.monotonic()
        raw.parse(f"explain analyze {LONG_QUERY}", name="r")
        raw.describe(b"S", "r")
        raw.sync()
        messages = raw.until(b"Z")
        assert not errors_in(messages) and b"T" in [tag for tag, _ in messages]
        assert time.monotonic() - started < 20
    finally:
        raw.close()
    assert not target.exists()


def test_a_session_cannot_change_the_catalog_others_see(servers: dict[str, Running]) -> None:
    other = servers["password"].connect()
    try:
        listing = "select relname from pg_catalog.pg_class where relname = 'article'"
        assert other.execute(listing).fetchall() == [("article",)]
        with servers["password"].connect() as conn:
            for sql in ["explain analyze drop schema wirehouse_pg.pg_shim cascade",
                        "explain analyze create or replace view wirehouse_pg.pg_shim.pg_class as select 1 as x",
                        "explain analyze detach wirehouse_pg", "detach wirehouse_pg",
                        "explain analyze create macro version() as 'x'", "explain analyze attach ':memory:' as m"]:
                with pytest.raises(psycopg.Error) as info:  # refused, or not even a statement DuckDB would run
                    conn.execute(sql)
                assert info.value.sqlstate in ("25006", "42601"), (sql, info.value)
        assert other.execute(listing).fetchall() == [("article",)]
        assert other.execute("select version()").fetchone()[0].startswith("PostgreSQL")
    finally:
        other.close()
    if PSQL:
        env = server_env(PGPASSWORD=PASSWORD, PGCONNECT_TIMEOUT="10")
        out = subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(servers["password"].port), "-U", "wirehouse",
                              "-d", "warehouse", "-c", r"\dt"], capture_output=True, text=True, env=env, timeout=30)
        assert out.returncode == 0 and "article" in out.stdout, out.stderr


def test_writing_is_impossible_underneath_the_policy(warehouse: Path, tmp_path: Path) -> None:
    """The snapshot itself, without the statement policy: DuckDB refuses every write."""
    key = (0,)
    snapshot = Snapshot(warehouse, key, [parts_dir(warehouse)])
    try:
        con = snapshot.con.cursor()
        existing = readable_files([parts_dir(warehouse)])[0]
        assert con.execute("select count(*) from article").fetchone()[0] > 0  # the parts are readable
        for sql in [f"copy (select 1) to '{parts_dir(warehouse) / 'new.csv'}'",
                    f"copy (select 1) to '{existing}'",  # through a temporary file beside it: refused
                    f"copy (select 1) to '{tmp_path / 'x.csv'}'",
                    "create view wirehouse_pg.pg_shim.v as select 1", "drop schema wirehouse_pg.pg_shim cascade",
                    "create table t as select 1", f"attach '{tmp_path / 'n.duckdb'}' as n",
                    "select * from read_csv('/etc/passwd')", "set enable_external_access = true",
                    "set allowed_directories = ['/']", "set memory_limit = '100GB'",
                    f"set temp_directory = '{tmp_path}'", "install httpfs", "load httpfs"]:
            with pytest.raises(duckdb.Error):
                con.execute(sql)
        assert not list(tmp_path.iterdir())
        assert not (parts_dir(warehouse) / "new.csv").exists()
    finally:
        snapshot.close()


def test_copy_policy_lets_through_only_copy_to_stdout() -> None:
    con = duckdb.connect()
    con.execute("create table article (id int, title varchar)")
    for sql, query in [("copy (select 1) to stdout", "select 1"),
                       ("COPY (select ')' as x) TO STDOUT (FORMAT csv, HEADER)", "select ')' as x"),
                       ("copy article to stdout", "SELECT * FROM article"),
                       ('copy "article" (id, title) to stdout with csv header', 'SELECT id, title FROM "article"')]:
        plan = serve.plan(con, sql, {})
        assert plan.command == "COPY" and plan.sql == query, sql
    for sql in ["copy article to '/tmp/x.csv'", "copy article from stdin", "copy article to stdout.csv",
                "copy (select 1) to '/dev/stdout'", "copy article from '/etc/passwd'",
                "copy (select 1) to program 'id'"]:
        with pytest.raises(serve.PgError) as info:
            serve.plan(con, sql, {})
        assert info.value.sqlstate in ("25006", "42601"), sql


# --------------------------------------------------------------------------- bounded


def test_fetch_size_streams_20m_rows_in_bounded_memory(servers: dict[str, Running]) -> None:
    """Execute with a row limit (JDBC setFetchSize), interleaved with other statements, then a psycopg
    server-side cursor: the server never buffers the rest of the 20M rows."""
    pid = servers["open"].proc.pid
    raw = connect_ok(servers["open"].port)
    peak = rss_mb(pid)
    try:
        assert not errors_in(raw.query("begin"))
        raw.parse("select * from range(20000000)", name="big")
        raw.bind(portal="p", statement="big")
        values = []
        for round_ in range(30):
            raw.execute("p", max_rows=1000)
            if round_ < 15:
                raw.send(b"H")  # Flush
                messages = raw.until(b"s", b"C", b"E")
            else:  # as pgjdbc does: Sync after each Execute (the portal lives on inside the transaction)
                raw.sync()
                messages = raw.until(b"Z")[:-1]
            assert messages[-1][0] == b"s", errors_in(messages)
            rows = [payload for tag, payload in messages if tag == b"D"]
            assert len(rows) == 1000
            values.append(int(rows[-1][6:]))
            if round_ % 10 == 5:  # another statement while p is suspended: p keeps its place
                raw.parse("select 42")
                raw.bind()
                raw.execute()
                raw.send(b"H")
                assert errors_in(raw.until(b"C", b"E")) == []
            peak = max(peak, rss_mb(pid))
        assert values == [1000 * (i + 1) - 1 for i in range(30)]
        raw.sync()
        raw.until(b"Z")
        assert not errors_in(raw.query("commit"))
    finally:
        raw.close()
    with servers["open"].connect() as conn, conn.transaction(), conn.cursor(name="c") as cur:
        cur.itersize = 20000
        cur.execute("select * from range(20000000)")
        for i, (value,) in enumerate(cur):
            assert value == i
            if i % 100_000 == 0:
                peak = max(peak, rss_mb(pid))
            if i == 600_000:
                break
    peak = max(peak, rss_mb(pid))
    print(f"\nserver RSS peak while streaming 20M-row results: {peak:.0f} MB")
    assert peak < 300


def test_message_size_limits(servers: dict[str, Running]) -> None:
    pid = servers["password"].proc.pid
    before = rss_mb(pid)
    raw = Raw(servers["password"].port)  # before authentication: a password message claiming 1.5 GB
    raw.startup()
    tag, payload = raw.read()
    assert tag == b"R" and struct.unpack("!i", payload[:4])[0] == 10 and b"SCRAM-SHA-256" in payload
    raw.send(b"p", b"", length=1_500_000_000)  # (nothing more is sent: the reply must not be lost to a reset)
    tag, payload = raw.read()
    assert tag == b"E" and error_fields(payload)["C"] == "54000" and error_fields(payload)["S"] == "FATAL"
    assert raw.closed()
    assert rss_mb(pid) - before < 50
    raw = Raw(servers["password"].port)  # a zero-length password message
    raw.startup()
    raw.read()
    raw.send(b"p", b"")
    assert error_fields(raw.read()[1])["S"] == "FATAL" and raw.closed()
    raw = connect_ok(servers["open"].port)  # after it: at most --max-message-size (1MB here)
    raw.send(b"Q", b"", length=100_000_000)
    tag, payload = raw.read()
    assert tag == b"E" and error_fields(payload)["C"] == "54000" and raw.closed()
    raw = connect_ok(servers["open"].port)
    assert not errors_in(raw.query("select '" + "x" * 500_000 + "'"))  # under it: fine
    raw.close()


def test_malformed_messages_get_error_replies(servers: dict[str, Running]) -> None:
    raw = connect_ok(servers["open"].port)
    try:
        for tag, payload in [(b"@", b"junk"), (b"P", b"no terminator"), (b"B", b"\0\0\xff"), (b"D", b""),
                             (b"E", b"\0"), (b"C", b"Z"), (b"P", b"\0\xff\xfe\0\0\0")]:
            raw.send(tag, payload)
            raw.sync()
            messages = raw.until(b"Z")
            assert errors_in(messages) and all(e["S"] == "ERROR" for e in errors_in(messages)), (tag, messages)
        assert [e["C"] for e in errors_in(raw.query("update extensions"))] == ["25006"]
        messages = raw.query("select 1")  # the session is still fine
        assert not errors_in(messages) and b"D" in [t for t, _ in messages]
    finally:
        raw.close()
    raw = Raw(servers["open"].port)  # garbage instead of a startup packet
    raw.sock.sendall(b"\x00\x00\x00\x10garbage-garbage!")
    assert raw.closed()
    raw = Raw(servers["open"].port)
    raw.sock.sendall(b"\xff\xff\xff\xff")  # a negative length
    assert raw.closed()
    with servers["open"].connect() as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_non_ascii_md5_answer_and_md5_clients(servers: dict[str, Running]) -> None:
    raw = Raw(servers["md5"].port)
    raw.startup()
    tag, payload = raw.read()
    assert tag == b"R" and struct.unpack("!i", payload[:4])[0] == 5
    raw.send(b"p", "md5ééé\0".encode())
    tag, payload = raw.read()
    assert tag == b"E" and error_fields(payload)["C"] == "28P01" and raw.closed()
    with servers["md5"].connect() as conn:  # psycopg speaks md5 too
        assert conn.execute("select 1").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(servers["md5"].dsn(password="wrong"))


def test_statement_timeout(servers: dict[str, Running]) -> None:
    with servers["password"].connect() as conn:
        conn.execute("set statement_timeout = 200")
        started = time.monotonic()
        with pytest.raises(errors.QueryCanceled, match="statement timeout"):
            conn.execute(LONG_QUERY)
        assert 0.2 <= time.monotonic() - started < 15
        assert conn.execute("select 1").fetchone() == (1,)  # the session goes on
        with pytest.raises(errors.InvalidParameterValue):
            conn.execute("set statement_timeout = 'soon'")
        conn.execute("set statement_timeout = 0")  # back to the server's --statement-timeout 3s
        assert conn.execute("show statement_timeout").fetchone() == ("0",)
        started = time.monotonic()
        with pytest.raises(errors.QueryCanceled):
            conn.execute(LONG_QUERY)
        assert 3 <= time.monotonic() - started < 20


def test_memory_is_bounded_and_nothing_spills_to_disk(servers: dict[str, Running], warehouse: Path) -> None:
    """A query needing more than --memory-limit fails with out of memory (53200); the session and the
    server go on, and no temporary file is written (DuckDB would spill to `.tmp` in the working folder)."""
    spill = warehouse.parent / ".tmp"
    with psycopg.connect(libpq_dsn(servers["few"].port, ""), autocommit=True) as conn:
        with pytest.raises(errors.OutOfMemory, match="(?i)out of memory"):
            conn.execute("select count(distinct i), max(repeat('x', 50) || i::varchar) from range(20000000) t(i)")
        assert conn.execute("select count(*) from article").fetchone()[0] > 0
    assert not spill.exists()
    bad = subprocess.run([sys.executable, "-m", "loader.cli", "serve", "--db", str(warehouse), "--memory-limit",
                          "1MB"], capture_output=True, text=True, timeout=60, env=server_env())
    assert bad.returncode == 2 and "--memory-limit" in bad.stderr


def test_a_query_stops_when_its_client_goes_away(servers: dict[str, Running]) -> None:
    pid = servers["open"].proc.pid
    raw = connect_ok(servers["open"].port)
    raw.send(b"Q", LONG_QUERY.encode() + b"\0")
    time.sleep(0.5)
    busy = cpu_share(pid)
    raw.sock.shutdown(socket.SHUT_RDWR)
    raw.close()
    deadline = time.monotonic() + 10
    while not any("the client went away" in line for line in servers["open"].log):
        assert time.monotonic() < deadline, "".join(servers["open"].log)
        time.sleep(0.1)
    idle = cpu_share(pid)
    print(f"\nserver CPU while the query runs: {busy:.2f} cores; after its client went away: {idle:.2f}")
    assert idle < 0.15 and busy > idle, (busy, idle)
    with servers["open"].connect() as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_repeated_wrong_passwords_are_answered_ever_later(servers: dict[str, Running]) -> None:
    """--auth-failure-delay 1ms: the n-th failure in a row waits n ms (up to 20): 1.81 s for 100, at least."""
    started, last = time.monotonic(), 0.0
    for _ in range(100):
        attempt = time.monotonic()
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(servers["password"].dsn(password="wrong"))
        last = time.monotonic() - attempt
    elapsed = time.monotonic() - started
    print(f"\n100 wrong passwords: {elapsed:.2f} s (the last one {last * 1000:.0f} ms)")
    assert elapsed >= 1.81 and last >= 0.02
    with servers["password"].connect() as conn:  # the right password still works, and resets the delay
        assert conn.execute("select 1").fetchone() == (1,)


def test_connection_limit_and_authentication_timeout(servers: dict[str, Running]) -> None:
    """500 idle connections to a server of --max-connections 20: the rest are told so, threads stay bounded."""
    few = servers["few"]
    held_open = [psycopg.connect(few.dsn(), autocommit=True) for _ in range(20)]
    try:  # libpq asks for TLS first (sslmode=prefer): the reason still reaches the user
        for mode in ("prefer", "disable"):
            with pytest.raises(psycopg.OperationalError, match="too many connections"):
                psycopg.connect(few.dsn(sslmode=mode))
        timer = threading.Timer(0.5, held_open[0].cancel)  # a cancel request still gets through when full
        timer.start()
        with pytest.raises(errors.QueryCanceled):
            held_open[0].execute(LONG_QUERY)
        timer.cancel()
    finally:
        for conn in held_open:
            conn.close()
    time.sleep(0.5)  # the sessions above end
    base = threads(few.proc.pid)  # the server's own threads (and DuckDB's), with no session
    sockets = [Raw(few.port, timeout=20) for _ in range(500)]
    try:
        held, replies = threads(few.proc.pid), []
        for i, raw in enumerate(sockets):  # those let in say nothing: until the authentication timeout
            replies.append(error_fields(raw.read()[1]))
            held = max(held, threads(few.proc.pid)) if i % 25 == 0 else held
        codes = [reply["C"] for reply in replies]
        print(f"\n500 idle connections, --max-connections 20: {codes.count('53300')} told 'too many connections', "
              f"{codes.count('08006')} closed after the authentication timeout; {held} server threads ({base} without "
              f"sessions)")
        assert codes.count("53300") >= 450 and set(codes) == {"53300", "08006"}
        assert all("too many connections" in r["M"] for r in replies if r["C"] == "53300")
        assert held <= base + 20 + 2
        assert all(raw.closed(10) for raw in sockets)
    finally:
        for raw in sockets:
            raw.close()
    deadline = time.monotonic() + 10
    while True:  # the server is still up, and has free slots again
        try:
            with psycopg.connect(few.dsn(), autocommit=True) as conn:
                assert conn.execute("select 1").fetchone() == (1,)
            break
        except psycopg.OperationalError:
            assert time.monotonic() < deadline
            time.sleep(0.2)


def test_idle_timeout(servers: dict[str, Running]) -> None:
    conn = servers["md5"].connect()
    try:
        assert conn.execute("select 1").fetchone() == (1,)
        time.sleep(2)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("select 1")
    finally:
        conn.close()
    assert any("idle-session timeout" in line for line in servers["md5"].log)


# --------------------------------------------------------------------------- TLS and SCRAM

@pytest.fixture(scope="module")
def tls_server(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "server.crt", folder / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True, timeout=60)
    proc, port, log = start_server(["--db", str(warehouse), "--port", "0", "--tls-cert", str(cert),
                                    "--tls-key", str(key)], server_env(WIREHOUSE_SERVE_PASSWORD=PASSWORD),
                                   warehouse.parent)
    running = Running(port, proc, log)
    yield running
    assert stop(proc) == 0, "".join(log)
    assert not running.tracebacks(), "".join(log)


def test_tls_and_scram_with_psycopg(tls_server: Running) -> None:
    with psycopg.connect(tls_server.dsn(sslmode="require"), autocommit=True) as conn:
        assert conn.pgconn.ssl_in_use
        assert conn.execute("select count(*) from article").fetchone()[0] > 0
    with pytest.raises(psycopg.OperationalError, match="TLS"):
        psycopg.connect(tls_server.dsn(sslmode="disable"))
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(tls_server.dsn(sslmode="require", password="wrong"))
    assert any("tls" in line for line in tls_server.log if "connection from" in line)


@needs_psql
def test_tls_and_scram_with_psql(tls_server: Running) -> None:
    def psql(password: str) -> subprocess.CompletedProcess:
        env = server_env(PGPASSWORD=password, PGSSLMODE="require", PGCONNECT_TIMEOUT="10")
        return subprocess.run([PSQL, "-X", "-At", "-h", "127.0.0.1", "-p", str(tls_server.port), "-U", "wirehouse",
                               "-d", "warehouse", "-c", "select 6 * 7"], capture_output=True, text=True, env=env,
                              timeout=30)
    out = psql(PASSWORD)
    assert out.returncode == 0 and out.stdout.strip() == "42", out.stderr
    out = psql("wrong")
    assert out.returncode != 0 and "password authentication failed" in out.stderr


@needs_psql
def test_scram_with_psql_without_tls(servers: dict[str, Running]) -> None:
    env = server_env(PGPASSWORD=PASSWORD, PGCONNECT_TIMEOUT="10", PGSSLMODE="prefer")
    out = subprocess.run([PSQL, "-X", "-At", "-h", "127.0.0.1", "-p", str(servers["password"].port), "-U",
                          "wirehouse", "-d", "warehouse", "-c", "select 1"], capture_output=True, text=True, env=env,
                         timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "1", out.stderr


def test_non_loopback_needs_tls_or_allow_plaintext(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "loader.cli", "serve", "--host", "0.0.0.0", "--port", "0",
           "--db", str(tmp_path / "w.duckdb")]
    env = server_env(WIREHOUSE_SERVE_PASSWORD=PASSWORD)
    proc = subprocess.run(cli, capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert proc.returncode == 2 and "without TLS" in proc.stderr
    proc, _, log = start_server(["--host", "0.0.0.0", "--port", "0", "--db", str(tmp_path / "w.duckdb"),
                                 "--allow-plaintext"], env, tmp_path)
    assert stop(proc) == 0, "".join(log)


def test_help_lists_every_limit() -> None:
    out = subprocess.run([sys.executable, "-m", "loader.cli", "serve", "--help"], capture_output=True, text=True,
                         timeout=60, env=server_env())
    for flag in ["--max-connections", "--auth-timeout", "--idle-timeout", "--statement-timeout",
                 "--max-message-size", "--auth-failure-delay", "--max-open-results", "--memory-limit", "--tls-cert", "--tls-key",
                 "--allow-plaintext", "--auth"]:
        assert flag in out.stdout, flag


def test_scram_exchange_rejects_a_wrong_proof() -> None:
    """The SCRAM server against a client computed from RFC 5802's formulas."""
    import base64
    import hmac

    verifier = serve.auth.ScramVerifier.from_password("pencil")
    for password, accepted in [("pencil", True), ("pencil!", False)]:
        exchange = serve.auth.ScramExchange(verifier)
        server_first = exchange.first(b"n,,n=,r=rOprNGfwEbeRWgbNEkqO").decode()
        attrs = dict(part.split("=", 1) for part in server_first.split(","))
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", "sha256").digest()
        without_proof = f"c=biws,r={attrs['r']}"
        auth_message = f"n=,r=rOprNGfwEbeRWgbNEkqO,{server_first},{without_proof}".encode()
        signature = hmac.new(hashlib.sha256(client_key).digest(), auth_message, "sha256").digest()
        proof = base64.b64encode(bytes(a ^ b for a, b in zip(client_key, signature, strict=True))).decode()
        final = exchange.final(f"{without_proof},p={proof}".encode())
        assert (final is not None) == accepted
        if accepted:
            server_key = hmac.new(salted, b"Server Key", "sha256").digest()
            assert final == b"v=" + base64.b64encode(hmac.new(server_key, auth_message, "sha256").digest())

"""wirehouse: a relational data warehouse for news.

Raw articles in (house .txt, JSON/JSON Lines, CSV, Parquet, HTML pages, WARC/ARC/WET
archives, RSS/Atom/JSON feeds, Reuters .sgm); article, entity, mention, figure and
meeting tables out, in one DuckDB file you query with SQL.

  wirehouse run [PATH ...]      load PATH (default raw/), build, publish, print a summary
  wirehouse load PATH ...       read, dedup and annotate new articles (no build)
  wirehouse annotate            annotate articles not yet annotated (--engine local|spark)
  wirehouse build               rebuild the tables with dbt and publish them
                                (--build-engine duckdb|spark: where dbt runs)
  wirehouse schedule --every 15m | --cron "*/15 * * * *" [PATH ...]
                                run again and again in the foreground; Ctrl-C stops
  wirehouse status              the last runs and how fresh the warehouse is
  wirehouse sql ["QUERY"]       run a query (or open a prompt) on the warehouse
  wirehouse migrate [REVISION]  bring the raw schema to a revision (default head)
  wirehouse serve               answer PostgreSQL clients (psql, BI tools) on port 5433, read-only
  wirehouse eval                measure extraction quality on the shared corpora; writes docs/quality.md
  wirehouse train-ner           fine-tune the bundled NER model on CoNLL-2003 (shared corpora)

The warehouse file readers open is --db FILE, else $WIREHOUSE_DB, else
./warehouse.duckdb. Loads and builds work in .wirehouse/ beside it (the work file,
.wirehouse/<name>/work.duckdb) and replace it atomically when done, so readers are
never blocked and never see a half-built table. A failure prints one line,
`error: ...`, and exits non-zero; -v shows the traceback too.
"""
from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from loader.config import BUILD_ENGINES, ENGINES, Settings, load_settings
from loader.errors import WirehouseError, error_text

# Errors of these packages reach users as one line too (a corrupt file, a bad revision).
LIBRARY_ERRORS = ("duckdb", "_duckdb", "alembic", "sqlalchemy")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)  # --db and -v may come before or after the subcommand
    args.verbose = getattr(args, "verbose", False)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        settings = load_settings(args.db)
        if getattr(args, "engine", None):
            settings = replace(settings, annotate_engine=args.engine)
        if getattr(args, "build_engine", None):
            settings = replace(settings, build_engine=args.build_engine)
        return args.handler(settings, args)
    except Exception as exc:
        if not isinstance(exc, WirehouseError | OSError) and type(exc).__module__.split(".")[0] not in LIBRARY_ERRORS:
            raise
        if args.verbose:
            traceback.print_exc()
        print(f"error: {error_text(exc)}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", default=argparse.SUPPRESS,
                        help="warehouse file (default: $WIREHOUSE_DB or ./warehouse.duckdb)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="show dbt's own output, and the traceback of an error")
    parser = argparse.ArgumentParser(prog="wirehouse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    # no parser.set_defaults(db=...): the --db action is shared with every subcommand (parents=),
    # and a default set here would overwrite a --db given before the subcommand
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="load, build and publish; prints a summary",
                         description="Load PATHs (default raw/), build, publish. Running it twice changes nothing.")
    run.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: raw/)")
    _run_flags(run, build=True)
    run.set_defaults(handler=cmd_run)

    load = sub.add_parser("load", parents=[common], help="read, dedup and annotate new articles",
                          description="Read .txt and .jsonl files (folders recursively), dedup, annotate.")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    _run_flags(load, build=False)
    load.set_defaults(handler=cmd_load)

    annotate = sub.add_parser("annotate", parents=[common], help="annotate articles not yet annotated",
                              description="Annotate every article with no annotation by the configured model "
                                          "and version, locally (nlp.pipe) or as a Spark job (--engine spark, "
                                          "or [annotate] engine = \"spark\"; needs the `spark` extra). No build.")
    _run_flags(annotate, build=False)
    annotate.set_defaults(handler=cmd_annotate)

    build = sub.add_parser("build", parents=[common], help="rebuild the published tables with dbt")
    _run_flags(build, build=True)
    build.set_defaults(handler=cmd_build)

    schedule = sub.add_parser("schedule", parents=[common], help="run load+build on a schedule, in the foreground",
                              description="Run `wirehouse run PATH ...` now and then on a schedule; "
                                          "Ctrl-C or SIGTERM stops after the run in progress.")
    when = schedule.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", metavar="INTERVAL", help="e.g. 90s, 15m, 1h")
    when.add_argument("--cron", metavar="EXPR", help='a 5-field cron expression, e.g. "*/15 * * * *"')
    schedule.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: raw/)")
    _run_flags(schedule, build=True)
    schedule.set_defaults(handler=cmd_schedule)

    status = sub.add_parser("status", parents=[common], help="the last runs and the warehouse's freshness")
    status.add_argument("-n", type=int, default=10, help="how many runs (default 10)")
    status.set_defaults(handler=cmd_status)

    sql = sub.add_parser("sql", parents=[common], help="query the warehouse, or open a prompt",
                         description="Run one query and print the result, or open a prompt with history.")
    sql.add_argument("query", nargs="?", help="SQL to run; omit for an interactive prompt")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.set_defaults(handler=cmd_sql)

    serve = sub.add_parser("serve", parents=[common], help="serve the warehouse over the PostgreSQL protocol",
                           description="Answer PostgreSQL clients (psql, Metabase, Grafana, Tableau, Power BI, "
                                       "psycopg) read-only on the published warehouse; new builds are picked up "
                                       "without a restart. The password is $WIREHOUSE_SERVE_PASSWORD or "
                                       "--password-file (SCRAM-SHA-256 unless --auth md5); without one only loopback "
                                       "addresses are allowed, and a non-loopback address needs TLS (--tls-cert, "
                                       "--tls-key) unless --allow-plaintext. Durations take a unit (500ms, 10s, 5min, "
                                       "1h; a bare number is seconds), sizes too (64MB). Ctrl-C or SIGTERM stops.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=5433, help="TCP port (default 5433; 0 picks a free one)")
    serve.add_argument("--password-file", type=Path, metavar="FILE",
                       help="file whose first line is the password (default: $WIREHOUSE_SERVE_PASSWORD)")
    serve.add_argument("--user", help="the only user name accepted (default: any)")
    serve.add_argument("--auth", choices=("scram-sha-256", "md5"), default="scram-sha-256",
                       help="password authentication (default scram-sha-256; md5 for old clients)")
    serve.add_argument("--tls-cert", type=Path, metavar="FILE", help="TLS certificate (PEM); with --tls-key, "
                       "clients must connect with TLS (sslmode=require)")
    serve.add_argument("--tls-key", type=Path, metavar="FILE", help="TLS private key (PEM)")
    serve.add_argument("--allow-plaintext", action="store_true",
                       help="allow a non-loopback --host without TLS (passwords and data cross the network in clear)")
    limits = serve.add_argument_group("limits")
    limits.add_argument("--max-connections", type=int, default=100, metavar="N",
                        help="clients at once; more get 'too many connections' (default 100)")
    limits.add_argument("--auth-timeout", default="10s", metavar="TIME",
                        help="time from connecting to the end of authentication (default 10s)")
    limits.add_argument("--idle-timeout", default="1h", metavar="TIME",
                        help="a session waiting longer for its next message is closed (default 1h; 0: never)")
    limits.add_argument("--statement-timeout", default="1h", metavar="TIME",
                        help="default and maximum of SET statement_timeout: a longer statement is cancelled "
                             "(default 1h; 0: none)")
    limits.add_argument("--max-message-size", default="64MB", metavar="SIZE",
                        help="largest message a client may send once authenticated (default 64MB; before, 10kB)")
    limits.add_argument("--auth-failure-delay", default="0.5s", metavar="TIME",
                        help="wait before answering a wrong password, times the address's recent failures "
                             "(up to 20; default 0.5s)")
    limits.add_argument("--max-open-results", type=int, default=16, metavar="N",
                        help="portals and cursors of one session reading a result at once (default 16)")
    limits.add_argument("--memory-limit", default="4GB", metavar="SIZE",
                        help="memory the queries of all sessions may use together; a query needing more fails "
                             "with 'out of memory' and nothing is spilled to disk (default 4GB)")
    serve.set_defaults(handler=cmd_serve)

    ev = sub.add_parser("eval", help="measure extraction quality; writes docs/quality.md",
                        description="Measure entities (CoNLL-2003 dev set) and figures (Recognizers-Text specs, "
                                    "eval/gold/figures.jsonl) through a temporary warehouse, beside the plain spaCy "
                                    "baseline, and write docs/quality.md. Skips (exit 0) when the shared corpora "
                                    "are absent: --shared, else $WIREHOUSE_SHARED, else ../shared beside the repo.")
    ev.add_argument("--shared", metavar="DIR", help="folder holding corpora/ (default: $WIREHOUSE_SHARED or ../shared)")
    ev.add_argument("--out", type=Path, default=None, help="report file (default: docs/quality.md of this repo)")
    ev.add_argument("--conll-docs", type=int, metavar="N", help="only the first N CoNLL documents")
    ev.add_argument("--rt-cases", type=int, metavar="N", help="only the first N cases of each Recognizers-Text spec")
    ev.add_argument("--reuters-docs", type=int, metavar="N", help="only the first N gold Reuters stories")
    ev.add_argument("--gold", type=Path, action="append", metavar="FILE",
                    help="a figure gold file (repeatable; default: eval/gold/figures*.jsonl)")
    ev.add_argument("-q", "--quiet", action="store_true", help="no progress")
    ev.set_defaults(handler=cmd_eval)

    from loader.quality import train_ner

    tr = sub.add_parser("train-ner", help="fine-tune the bundled NER model on CoNLL-2003 eng.train",
                        description=train_ner.__doc__.split("\n\n")[0])
    train_ner.add_arguments(tr)
    tr.set_defaults(handler=cmd_train_ner)

    mig = sub.add_parser("migrate", parents=[common], help="bring the raw schema to a revision")
    mig.add_argument("revision", nargs="?", default="head", help="Alembic revision (default head; 'base' empties)")
    mig.set_defaults(handler=cmd_migrate)
    return parser


def _run_flags(parser: argparse.ArgumentParser, build: bool) -> None:
    if build:
        parser.add_argument("--full-refresh", action="store_true", help="rebuild every table from scratch")
        parser.add_argument("--build-engine", choices=BUILD_ENGINES, default=None,
                            help="where dbt builds the tables: duckdb (default) or spark (dbt-spark in a local "
                                 "Spark session; needs the `spark` extra and Java; the published file is the same). "
                                 "Default: $WIREHOUSE_BUILD_ENGINE or [build] engine")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="where annotation runs: local (default) or spark "
                             "(default: $WIREHOUSE_ANNOTATE_ENGINE or [annotate] engine)")
    parser.add_argument("--no-wait", action="store_true",
                        help="exit with an error instead of waiting when another run holds the warehouse")


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    return _execute(settings, args, "run", args.paths or [Path("raw")], build=True)


def cmd_load(settings: Settings, args: argparse.Namespace) -> int:
    return _execute(settings, args, "load", args.paths, build=False)


def cmd_annotate(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.work_db.exists():
        print(f"error: no warehouse at {settings.db}; run `wirehouse load` first", file=sys.stderr)
        return 1
    return _execute(settings, args, "annotate", None, build=False, annotate_only=True)


def cmd_build(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.work_db.exists():
        print(f"error: no warehouse at {settings.db}; run `wirehouse run` first", file=sys.stderr)
        return 1
    return _execute(settings, args, "build", None, build=True)


def _execute(settings: Settings, args: argparse.Namespace, command: str, paths: list[Path] | None,
             build: bool, annotate_only: bool = False) -> int:
    from loader.pipeline import execute
    from loader.warehouse.connect import summary
    from loader.warehouse.contract import counted_tables, manifest_file

    execute(settings, command, paths, build=build, full_refresh=getattr(args, "full_refresh", False),
            verbose=args.verbose, quiet=args.quiet, wait=not args.no_wait, annotate_only=annotate_only)
    if build and settings.db.exists():
        counted = counted_tables(manifest_file(settings.state_dir, settings.build_engine))
        counts = summary(settings.db, list(counted))
        print(f"warehouse {settings.db}: " + ", ".join(f"{n} {counted[table]}" for table, n in counts.items()))
    return 0


def cmd_schedule(settings: Settings, args: argparse.Namespace) -> int:
    from loader.schedule import Cron, every, parse_every, run_schedule

    try:
        next_time = every(parse_every(args.every)) if args.every else Cron.parse(args.cron).next_after
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    paths = args.paths or [Path("raw")]
    return run_schedule(lambda: _scheduled(settings, args, paths), next_time)


def _scheduled(settings: Settings, args: argparse.Namespace, paths: list[Path]) -> int:
    """One scheduled run; a failed one is reported and the schedule goes on."""
    try:
        return _execute(settings, args, "schedule", paths, build=True)
    except WirehouseError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"error: {error_text(exc)}", file=sys.stderr)
        return exc.exit_code


def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from loader.readers.sql import run_query

    if not settings.db.exists():
        print(f"error: no warehouse at {settings.db}; run `wirehouse run` first", file=sys.stderr)
        return 1
    print(f"warehouse {settings.db}")
    run_query(settings.db, """
        select max(finished_at) filter (where status = 'succeeded') as last_good_run,
               round(epoch(now()::timestamp - max(finished_at) filter (where status = 'succeeded')) / 60, 1)
                   as minutes_ago,
               arg_max(source_freshness, started_at) as source_freshness,
               count(*) filter (where status <> 'succeeded') as runs_not_succeeded
        from run_history""", out=sys.stdout)
    run_query(settings.db, """
        select coalesce(language, 'unknown') as language, count(*) as articles, count(distinct story_id) as stories
        from article group by all order by articles desc, language""", out=sys.stdout)
    return run_query(settings.db, f"""
        select started_at, command, status, files_seen as seen, files_loaded as loaded,
               files_duplicate as dup, files_rejected as rejected, articles_added as added,
               round(epoch(finished_at - started_at), 1) as seconds, source_freshness as freshness, message
        from run_history order by started_at desc limit {int(args.n)}""", out=sys.stdout)


def cmd_sql(settings: Settings, args: argparse.Namespace) -> int:
    from loader.readers.sql import repl, run_query

    if args.query is None:
        return repl(settings.db)
    return run_query(settings.db, args.query, args.format, out=sys.stdout)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from loader.readers.serve import Limits, Options, read_password, serve
    from loader.readers.serve.limits import seconds, size_bytes

    try:
        password = read_password(args.password_file)
        limits = Limits(max_connections=args.max_connections, auth_timeout=seconds(args.auth_timeout),
                        idle_timeout=seconds(args.idle_timeout),
                        statement_timeout_ms=seconds(args.statement_timeout) * 1000,
                        max_message=size_bytes(args.max_message_size),
                        auth_failure_delay=seconds(args.auth_failure_delay), max_open_results=args.max_open_results,
                        memory_limit=size_bytes(args.memory_limit))
        if limits.max_connections < 1 or limits.max_open_results < 1:
            raise ValueError("--max-connections and --max-open-results must be at least 1")
        if limits.memory_limit < 16 * 1024 ** 2:
            raise ValueError("--memory-limit must be at least 16MB")
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    options = Options(password=password, user=args.user, auth=args.auth, tls_cert=args.tls_cert, tls_key=args.tls_key,
                      allow_plaintext=args.allow_plaintext, limits=limits)
    return serve(settings.db, settings.parts_dir, host=args.host, port=args.port, options=options)


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from loader.quality import evaluate

    return evaluate.run(args.shared, args.out or evaluate.QUALITY_MD, settings.spacy_model, args.conll_docs,
                        args.rt_cases, args.reuters_docs, args.quiet, base=settings, gold_paths=args.gold)


def cmd_train_ner(settings: Settings, args: argparse.Namespace) -> int:
    from loader.quality import train_ner

    return train_ner.run(args)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from loader.warehouse import migrate

    if args.revision == "base":
        migrate.downgrade(settings.work_db, "base", migrations=settings.migrations)
    else:
        migrate.upgrade(settings.work_db, args.revision, migrations=settings.migrations)
    print(f"migrated {settings.work_db} to {args.revision}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

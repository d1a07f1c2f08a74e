"""wirehouse: a relational data warehouse for news.

Raw articles in (.txt in the house format, or .jsonl); article, entity, mention and
figure tables out, in one DuckDB file you query with SQL.

  wirehouse run [PATH ...]      migrate, load PATH (default raw/), build, print a summary
  wirehouse load PATH ...       migrate, read, dedup and annotate new articles
  wirehouse build               rebuild the tables with dbt
  wirehouse sql ["QUERY"]       run a query (or open a prompt) on the warehouse
  wirehouse migrate [REVISION]  bring the raw schema to a revision (default head)

The warehouse file is --db FILE, else $WIREHOUSE_DB, else ./warehouse.duckdb.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from loader import migrate
from loader.config import Settings, load_settings
from loader.warehouse import connect, summary

PLURALS = {"article": "articles", "entity": "entities", "mention": "mentions", "figure": "figures",
           "meeting": "meetings"}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    settings = load_settings(args.db)
    return args.handler(settings, args)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", default=argparse.SUPPRESS,
                        help="warehouse file (default: $WIREHOUSE_DB or ./warehouse.duckdb)")
    parser = argparse.ArgumentParser(prog="wirehouse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    parser.set_defaults(db=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="migrate, load and build; prints a summary",
                         description="Migrate, load PATHs (default raw/), build. Running it twice changes nothing.")
    run.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: raw/)")
    _build_flags(run)
    run.set_defaults(handler=cmd_run)

    load = sub.add_parser("load", parents=[common], help="read, dedup and annotate new articles",
                          description="Read .txt and .jsonl files (folders recursively), dedup, annotate.")
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    load.set_defaults(handler=cmd_load)

    build = sub.add_parser("build", parents=[common], help="rebuild the published tables with dbt")
    _build_flags(build)
    build.set_defaults(handler=cmd_build)

    sql = sub.add_parser("sql", parents=[common], help="query the warehouse, or open a prompt",
                         description="Run one query and print the result, or open a prompt with history.")
    sql.add_argument("query", nargs="?", help="SQL to run; omit for an interactive prompt")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.set_defaults(handler=cmd_sql)

    mig = sub.add_parser("migrate", parents=[common], help="bring the raw schema to a revision")
    mig.add_argument("revision", nargs="?", default="head", help="Alembic revision (default head; 'base' empties)")
    mig.set_defaults(handler=cmd_migrate)
    return parser


def _build_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full-refresh", action="store_true", help="rebuild every table from scratch")
    parser.add_argument("-v", "--verbose", action="store_true", help="show dbt's own output")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    paths = args.paths or [Path("raw")]
    status = cmd_load(settings, argparse.Namespace(paths=paths, quiet=args.quiet))
    if status != 0:
        return status
    return cmd_build(settings, args)


def cmd_load(settings: Settings, args: argparse.Namespace) -> int:
    from loader.annotate import annotate, load_annotator
    from loader.ingest import load

    migrate.upgrade(settings.db)
    started = time.monotonic()
    with connect(settings.db) as con:
        result = load(con, list(args.paths), max_file_mb=settings.max_file_mb, quiet=args.quiet)
        for message in result.messages:
            print(message, file=sys.stderr)
        print(f"load: {result.files_seen} inputs seen: {result.loaded} loaded, {result.duplicate} duplicate, "
              f"{result.rejected} rejected, {result.unchanged} already seen ({time.monotonic() - started:.1f}s)")
        started = time.monotonic()
        annotator = load_annotator(settings.spacy_model)
        annotated = annotate(con, annotator, settings.processes, quiet=args.quiet)
        print(f"annotate: {annotated} articles with {annotator.name} {annotator.version} "
              f"({time.monotonic() - started:.1f}s)")
    return 0


def cmd_build(settings: Settings, args: argparse.Namespace) -> int:
    from loader.build import BuildError, build

    if not settings.db.exists():
        print(f"error: no warehouse at {settings.db}; run `wirehouse run` first", file=sys.stderr)
        return 1
    try:
        result = build(settings, full_refresh=args.full_refresh, verbose=args.verbose)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(result.describe())
    counts = summary(settings.db)
    print(f"warehouse {settings.db}: " + ", ".join(f"{n} {PLURALS[table]}" for table, n in counts.items()))
    return 0


def cmd_sql(settings: Settings, args: argparse.Namespace) -> int:
    from loader.sqlcli import repl, run_query

    if args.query is None:
        return repl(settings.db)
    return run_query(settings.db, args.query, args.format)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    if args.revision == "base":
        migrate.downgrade(settings.db, "base")
    else:
        migrate.upgrade(settings.db, args.revision)
    print(f"migrated {settings.db} to {args.revision}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The raw schema is Alembic's: it walks up and down on a real DuckDB file."""
from pathlib import Path

from alembic.script import ScriptDirectory

from loader.warehouse import migrate
from tests.conftest import query

RAW_TABLES = {"alembic_version", "annotation", "article", "entity_span", "input_file", "load_run", "story_band", "story_member",
              "number_span", "publish_state", "published_part", "run_history", "sentence"}


def raw_tables(db: Path) -> set[str]:
    return {row[0] for row in query(db, "select table_name from information_schema.tables where table_schema = 'raw'")}


def test_migrations_walk_up_and_down(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    revisions = [rev.revision for rev in ScriptDirectory.from_config(migrate.alembic_config(db)).walk_revisions()]
    assert revisions, "there are migrations"

    migrate.upgrade(db)
    assert raw_tables(db) == RAW_TABLES
    assert query(db, "select version_num from raw.alembic_version") == [(revisions[0],)]

    for revision in revisions[1:] + ["base"]:  # newest first: step down one at a time
        migrate.downgrade(db, revision)
    assert raw_tables(db) == {"alembic_version"}
    assert query(db, "select count(*) from raw.alembic_version") == [(0,)]

    migrate.upgrade(db)
    assert raw_tables(db) == RAW_TABLES


def test_upgrade_twice_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate.upgrade(db)
    migrate.upgrade(db)
    assert query(db, "select count(*) from raw.alembic_version") == [(1,)]

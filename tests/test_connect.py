"""Connecting as the README says: SQLAlchemy (duckdb-engine), read-only."""
from pathlib import Path

from sqlalchemy import create_engine, inspect, text


def test_sqlalchemy_uri_reads_the_warehouse(seed_warehouse: Path) -> None:
    engine = create_engine(f"duckdb:///{seed_warehouse}?access_mode=read_only")
    try:
        inspector = inspect(engine)
        relations = set(inspector.get_table_names()) | set(inspector.get_view_names())
        assert {"article", "entity", "mention", "figure", "run_history"} <= relations
        columns = {c["name"] for c in inspect(engine).get_columns("figure")}
        assert {"metric", "value", "unit", "qualifier", "figure_text", "period_start"} <= columns
        with engine.connect() as con:
            assert con.execute(text("select count(*) from article")).scalar() == 5
            rows = con.execute(text("select name from entity where entity_type = 'PERSON' order by name limit 3")).all()
            assert len(rows) == 3
    finally:
        engine.dispose()


def test_the_queries_superset_sends_through_sqlalchemy(seed_warehouse: Path) -> None:
    """Superset: list schemas, tables and views and their columns, then select with a limit.

    (Constraint reflection, get_pk_constraint and get_foreign_keys, fails in duckdb-engine 0.17
    on DuckDB 2.0, which has no REGCLASS; the published tables have no constraints anyway.)"""
    engine = create_engine(f"duckdb:///{seed_warehouse}?access_mode=read_only")
    try:
        inspector = inspect(engine)
        schemas = inspector.get_schema_names()
        assert any(s.endswith("main") for s in schemas)
        relations = inspector.get_table_names(schema="main") + inspector.get_view_names(schema="main")
        assert {"article", "entity", "mention", "figure"} <= set(relations)
        for relation in relations:
            columns = inspector.get_columns(relation, schema="main")
            assert columns and all(c["name"] and c["type"] is not None for c in columns)
            assert inspector.get_indexes(relation, schema="main") == []
        with engine.connect() as con:
            rows = con.execute(text("select * from main.figure limit 5")).all()
            assert 0 < len(rows) <= 5
            assert con.execute(text("select count(*) from (select * from main.mention limit 100) as sub")).scalar() == 100
    finally:
        engine.dispose()

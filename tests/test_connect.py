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

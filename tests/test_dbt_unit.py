"""dbt's unit tests (figures read from the annotator, canonicalization, meeting dates) on a real build.

Routine builds skip them (they test the SQL, not the data); here they must run and pass.
"""
import json
from pathlib import Path

from loader.config import load_settings
from loader.warehouse.dbt import dbt


def test_dbt_unit_tests_pass(seed_warehouse: Path) -> None:
    settings = load_settings(str(seed_warehouse))
    process = dbt(settings, ["test", "--select", "test_type:unit"])
    results = json.loads((settings.state_dir / "target" / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in results}
    assert process.returncode == 0, process.stdout[-3000:]
    assert statuses == {
        # the figure grammar is the annotator's (tests/test_numbers.py, tests/test_figures.py);
        # the figure models only read it
        "only_spans_the_annotator_read_as_figures_are_figures": "pass",
        "short_forms_and_titles_resolve_to_full_names": "pass",
        "spelling_variants_are_one_entity_and_one_name_one_type": "pass",
        "titles_and_possessives_are_trimmed_with_their_offsets": "pass",
        "weekdays_and_months_resolve_against_the_published_date": "pass",
    }

"""dbt's unit tests (figure parsing, ranges, inferred units, metric rules, canonicalization, meeting dates) on a real build.

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
        "figures_are_scaled_and_normalized": "pass",
        "short_forms_and_titles_resolve_to_full_names": "pass",
        "spelling_variants_are_one_entity_and_one_name_one_type": "pass",
        "titles_and_possessives_are_trimmed_with_their_offsets": "pass",
        "ranges_fractions_words_and_what_is_not_a_figure": "pass",
        "bare_numbers_take_the_unit_the_reader_understands": "pass",
        "metric_comes_from_keyword_rules_and_entities_in_the_sentence": "pass",
        "periods_resolve_against_the_article_date": "pass",
        "weekdays_and_months_resolve_against_the_published_date": "pass",
    }

"""docs/tables.md is generated from the dbt yml (`make docs`) and is up to date."""
from __future__ import annotations

from pathlib import Path

import yaml

from loader import docs
from loader.config import project_folder


def test_the_table_reference_is_up_to_date() -> None:
    assert docs.main(["tables", "--check"]) == 0, "docs/tables.md is out of date: run `make docs`"


def test_the_reference_names_every_published_column(tmp_path: Path) -> None:
    marts = yaml.safe_load((project_folder("dbt_project") / "models" / "marts" / "_marts.yml").read_text())
    text = docs.render(project_folder("dbt_project"))
    for model in marts["models"]:
        hidden = set(model.get("config", {}).get("meta", {}).get("publish_exclude", ()))
        assert f"## `{model['name']}`" in text
        for column in model.get("columns", []):
            assert (f"| {column['name']} |" in text) != (column["name"] in hidden), (model["name"], column["name"])


def test_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "tables.md"
    stale.write_text("# Table reference\n")
    assert docs.main(["tables", "--check", "--out", str(stale)]) == 1
    assert docs.main(["tables", "--out", str(stale)]) == 0
    assert docs.main(["tables", "--check", "--out", str(stale)]) == 0

"""Generate the table reference, docs/tables.md, from the dbt project's yml.

    python -m loader.docs tables           # rewrite docs/tables.md (also `make docs`)
    python -m loader.docs tables --check   # exit 1 when docs/tables.md is out of date

The yml beside the models (`models/marts/_marts.yml`, the published raw tables in
`models/staging/_raw__sources.yml`) is the one place a published column is documented.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from loader.config import REPO_ROOT, project_folder

TABLES_MD = REPO_ROOT / "docs" / "tables.md"
HOW = {"append": "appended parts (one per batch of load runs; rows never change)",
       "snapshot": "a snapshot (rebuilt whole by each build)"}


def _meta(node: dict) -> dict:
    return {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}


def _cell(text: object) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _tests(column: dict) -> str:
    said = []
    for test in column.get("data_tests", []):
        name, args = (test, {}) if isinstance(test, str) else next(iter(test.items()))
        args = (args or {}).get("arguments", args or {})
        if name == "unique":
            said.append("unique")
        elif name == "not_null":
            said.append("not null")
        elif name == "relationships":
            said.append(f"→ `{args['to'].removeprefix('ref(').strip(chr(39)).rstrip(chr(39) + ')')}`")
        elif name == "unique_combination":
            said.append("unique (" + ", ".join(args["columns"]) + ")")
        elif name == "accepted_values":
            said.append("one of " + ", ".join(f"`{v}`" for v in args["values"]))
        else:
            said.append(name.replace("_", " "))
    return ", ".join(said)


def _table(name: str, node: dict, heading: str) -> list[str]:
    meta = _meta(node)
    hidden = set(meta.get("publish_exclude", ()))
    lines = [f"## {heading}", "", f"Published as {HOW[meta['publish']]}.", "", _cell(node.get("description")), ""]
    checks = [_tests({"data_tests": [t]}) for t in node.get("data_tests", [])]
    if checks:
        lines += ["Checked on every build: " + "; ".join(checks) + ".", ""]
    lines += ["| column | type | meaning | checked |", "|---|---|---|---|"]
    for column in node.get("columns", []):
        if column["name"] in hidden:
            continue
        lines.append(f"| {column['name']} | {_cell(column.get('data_type', '')).upper()} | "
                     f"{_cell(column.get('description'))} | {_tests(column)} |")
    return [*lines, ""]


def render(dbt_project: Path) -> str:
    marts = yaml.safe_load((dbt_project / "models" / "marts" / "_marts.yml").read_text())
    sources = yaml.safe_load((dbt_project / "models" / "staging" / "_raw__sources.yml").read_text())
    lines = ["# Table reference", "",
             "<!-- Generated from dbt_project/models/marts/_marts.yml and models/staging/_raw__sources.yml",
             "     by `python -m loader.docs tables` (`make docs`). Edit the yml, not this file. -->", "",
             "The published tables of a warehouse file (`wirehouse sql`, `wirehouse serve`, any DuckDB",
             "client). The contract (`article`, `entity`, `mention`, `figure`, `meeting`) is stable:",
             "columns are added, never renamed or dropped without a migration note in the CHANGELOG.",
             "`run_history` (every run) and `raw.load_run` (every load) are copied in too.", ""]
    for node in marts["models"]:
        if "publish" in _meta(node):
            lines += _table(node["name"], node, f"`{node['name']}`")
    for source in sources["sources"]:
        for node in source["tables"]:
            if "publish" in _meta(node):
                lines += _table(node["name"], node, f"`{source.get('schema', source['name'])}.{node['name']}`")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loader.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["tables"])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    parser.add_argument("--out", type=Path, default=TABLES_MD)
    args = parser.parse_args(argv)
    text = render(project_folder("dbt_project"))
    if args.check:
        current = args.out.read_text() if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run `make docs`", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

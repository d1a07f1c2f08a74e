"""The package's layers, checked by parsing imports: readers never import the write side,
the shared error module imports nothing of wirehouse, and no module outgrows 500 lines."""
from __future__ import annotations

import ast
from pathlib import Path

LOADER = Path(__file__).resolve().parent.parent / "loader"
WRITE_SIDE = ("loader.ingest", "loader.annotate", "loader.warehouse.dbt", "loader.warehouse.publish",
              "loader.warehouse.migrate", "loader.pipeline", "loader.schedule", "loader.quality", "loader.cli")
MAX_LINES = 500


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_readers_import_nothing_from_the_write_side() -> None:
    readers = sorted((LOADER / "readers").rglob("*.py"))
    assert readers
    wrong = {f"{path.relative_to(LOADER)}: {name}" for path in readers for name in imports(path)
             if _within(name, WRITE_SIDE)}
    assert not wrong, sorted(wrong)


def test_the_import_checker_sees_a_write_side_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from loader.warehouse import publish\n    import loader.pipeline\n")
    assert {n for n in imports(probe) if _within(n, WRITE_SIDE)} == {"loader.warehouse.publish", "loader.pipeline"}


def test_the_error_module_imports_nothing_of_wirehouse() -> None:
    assert not {name for name in imports(LOADER / "errors.py") if name.startswith("loader")}


def test_no_module_is_over_500_lines() -> None:
    long = {str(p.relative_to(LOADER)): n for p in LOADER.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long

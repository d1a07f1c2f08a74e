"""A non-editable install works: the wheel ships the dbt project and the migrations.

Builds the wheel with `pip wheel --no-deps` (no build isolation: nothing is downloaded),
installs it into a fresh venv that sees the test venv's dependencies but not the
checkout, and runs `wirehouse run` on the seeds from an empty folder: the published
tables are the ones the editable install builds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from bench.table_hashes import table_hashes
from tests.conftest import RAW

REPO = Path(__file__).resolve().parent.parent


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREHOUSE_") and k != "PYTHONPATH"}
    process = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return process


def test_a_wheel_installed_elsewhere_builds_the_seeds_like_the_checkout(tmp_path: Path,
                                                                        seed_warehouse: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, REPO)
    shutil.rmtree(REPO / "build", ignore_errors=True)
    (wheel,) = wheels.glob("wirehouse-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    # the test venv's packages, but not its editable finder (a .pth line adds a path; nested .pth files are not read)
    (site / "test_venv.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel)

    empty = tmp_path / "elsewhere"
    empty.mkdir()
    located = _run(python, "-c", "import loader, loader.config as c; print(loader.__file__); "
                   "print(c.project_folder('dbt_project')); print(c.project_folder('migrations'))", cwd=empty)
    for line in located.stdout.split():
        assert line.startswith(str(site)), located.stdout
    _run(venv / "bin" / "wirehouse", "run", "-q", RAW, cwd=empty)
    assert table_hashes(empty / "warehouse.duckdb") == table_hashes(seed_warehouse)

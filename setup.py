"""Ship the dbt project and the Alembic migrations inside the wheel, as loader/_project/.

They stay at the top of the repository (dbt_project/, migrations/), where dbt and Alembic
are run by hand; a built wheel gets a copy, which loader.config.project_folder finds
through importlib.resources. An editable install reads the checkout's folders instead.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("dbt_project", "migrations")
# what dbt and Python leave behind in a checkout, not part of the project
IGNORED = shutil.ignore_patterns("target", "logs", "dbt_packages", "__pycache__", "*.pyc", ".user.yml")


class BuildPyWithProject(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        root = Path(__file__).resolve().parent
        for name in SHIPPED:
            target = Path(self.build_lib) / "loader" / "_project" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target, ignore=IGNORED)


setup(cmdclass={"build_py": BuildPyWithProject})

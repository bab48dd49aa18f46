"""Build step of our own: a wheel carries the suite's files (features, steps, openapi.yaml, schemas, ...).

In the repository they live at its root, where users read and edit them; an installed
talk-conformance finds them inside the package instead (talk_conformance.ROOT chooses), and the
reference server finds openapi.yaml beside its own package. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SUITE = ["conftest.py", "pyproject.toml", "openapi.yaml", "openapi-v4.yaml", "openapi-v4-differences.yaml",
         "known-deviations.yaml", "known-deviations-v4.yaml", "features", "steps", "schemas"]


class BuildWithSuite(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the repository itself
            return
        suite = Path(self.build_lib) / "talk_conformance" / "suite"
        for name in SUITE:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, suite / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                suite.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, suite / name)
        for document in ("openapi.yaml", "openapi-v4.yaml"):  # the reference server's API versions
            shutil.copy2(HERE / document, Path(self.build_lib) / "talk_refserver" / document)


setup(cmdclass={"build_py": BuildWithSuite})

"""Installed the way CI installs: a built wheel in a fresh virtualenv outside the repository runs the suite.

The wheel is built without build isolation (the project's own setuptools) and installed without its
dependencies, which the fresh environment takes from this one's site-packages: what is proved is
that the wheel carries everything the suite needs (features, steps, openapi.yaml, schemas, the
reference server), not that PyPI serves requests.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv

import pytest

from talk_conformance import ROOT, catalogue


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    where = tmp_path_factory.mktemp("installed")
    # Built from a copy of the sources: a build writes build/ and *.egg-info beside them.
    source = where / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "reports",
                                                                "*.egg-info", "__pycache__", ".hypothesis"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(where / "dist"), str(source)], capture_output=True, text=True, cwd=where)
    assert build.returncode == 0, build.stderr[-3000:]
    env_dir = where / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies, from this environment (a plain path: its .pth files, the editable install of
    # this repository among them, are not read).
    (where / own_site / "zz-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    [wheel] = (where / "dist").glob("talk_conformance-*.whl")
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              "--no-index", "-q", str(wheel)], capture_output=True, text=True, cwd=where)
    assert install.returncode == 0, install.stderr[-3000:]
    return {"dir": where, "bin": env_dir / "bin", "build_output": build.stdout + build.stderr}


def test_the_build_prints_no_warning(installed):
    assert "warning" not in installed["build_output"].lower(), installed["build_output"][-3000:]


def test_an_installed_wheel_runs_the_suite_against_the_embedded_server(installed):
    reports = installed["dir"] / "reports"
    proc = subprocess.run([str(installed["bin"] / "talk-conformance"), "run", "--report-dir", str(reports),
                           "--fuzz-examples", "2"], capture_output=True, text=True, cwd=installed["dir"], timeout=300,
                          # The renaming scenarios and renameRoom's fuzzing: features, steps, openapi.yaml
                          # and schemas all come from the wheel (test_suite.py runs everything).
                          env={**os.environ, "PYTEST_ADDOPTS": "-k rename"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads((reports / "summary.json").read_text())
    # -k matches a scenario's title, feature name or file; and the fuzzed operation renameRoom.
    scenarios = catalogue.load(ROOT / "features")
    renaming = sum(s.runs for s in scenarios if "rename" in f"{s.title} {s.feature} {s.path}".lower()) + \
        len([op for op in catalogue.fuzzed_operations("v4") if "rename" in op.lower()])  # Talk 22: API v4
    assert summary["verdict"] == "conformant"
    assert summary["totals"] == {"passed": renaming, "failed": 0, "skipped": 0, "expected": 0, "error": 0}
    assert any(t["feature"].startswith("Fuzzing") and t["verdict"] == "passed" for t in summary["scenarios"])
    where = subprocess.run([str(installed["bin"] / "python"), "-c", "import talk_conformance; print(talk_conformance.ROOT)"],
                           capture_output=True, text=True, cwd=installed["dir"]).stdout
    assert str(ROOT) not in where and "site-packages" in where, where

"""The CI recipes in examples/ci/ cannot rot: parsed, and their script lines run against the embedded server.

Set-up lines (clone, pip install) are left out: this environment already has the suite installed.
The recipes run a few scenarios in one process (PYTEST_ADDOPTS, which the CLI's pytest reads, and
TALK_JOBS): what is tested here is the recipe's handling of the exit codes and reports, not the suite
(test_suite.py runs all of it).
Each recipe must tell the three exit codes apart: 1 fails the gate, 2 (could not judge) is shown as such.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from talk_conformance import ROOT, embedded

EXAMPLES = ROOT / "examples" / "ci"
SET_UP = ("git clone", "python -m pip install")


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": path, "TALK_FUZZ_EXAMPLES": "1",
                               "PYTEST_ADDOPTS": "-k rename", "TALK_JOBS": "1", **env})


@pytest.fixture(scope="module")
def github() -> dict:
    return yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())["talk-conformance"]


def _github_run_step(workflow: dict) -> str:
    [job] = workflow["jobs"].values()
    [script] = [s["run"] for s in job["steps"] if "talk-conformance run" in s.get("run", "")]
    return script


def test_credentials_come_from_the_secret_store(github, gitlab):
    [job] = github["jobs"].values()
    assert job["env"]["TALK_ADMIN"].startswith("${{ secrets.") and job["env"]["TALK_BASE_URL"].startswith("${{ secrets.")
    for line in [_github_run_step(github), *gitlab["script"]]:
        assert "--admin" not in line and "--user" not in line, line


def test_reports_are_published_whatever_the_verdict(github, gitlab):
    [job] = github["jobs"].values()
    uses = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
    assert uses["actions/upload-artifact"]["with"]["path"] == "reports/" and uses["actions/upload-artifact"]["if"] == "always()"
    assert uses["mikepenz/action-junit-report"]["with"]["report_paths"] == "reports/junit.xml"
    assert gitlab["artifacts"]["when"] == "always" and gitlab["artifacts"]["reports"]["junit"] == "reports/junit.xml"
    assert gitlab["allow_failure"] == {"exit_codes": [2]}, "could-not-judge is a warning, a broken rule fails"


def test_github_recipe_against_the_embedded_server(github, tmp_path):
    script = _github_run_step(github)
    summary = tmp_path / "summary.md"
    with embedded.start() as server:
        good = _bash(script, tmp_path, TALK_BASE_URL=server.url, TALK_ADMIN=":".join(server.admin),
                     GITHUB_STEP_SUMMARY=str(summary))
        refused = _bash(script, tmp_path, TALK_BASE_URL=server.url, TALK_ADMIN=f"{server.admin[0]}:wrong",
                        GITHUB_STEP_SUMMARY=str(summary))
    assert good.returncode == 0, good.stdout[-2000:] + good.stderr[-2000:]
    assert (tmp_path / "reports" / "junit.xml").is_file()
    assert refused.returncode == 0 and "::warning::talk-conformance could not judge" in refused.stdout
    assert summary.read_text().splitlines() == ["### talk-conformance: conformant",
                                                "### talk-conformance: could not judge the server"]


def test_gitlab_recipe_against_the_embedded_server(gitlab, tmp_path):
    script = "\n".join(line for line in gitlab["script"] if not line.startswith(SET_UP))
    with embedded.start(faults=["rename-by-non-moderator"]) as server:
        broken = _bash(script, tmp_path, TALK_BASE_URL=server.url, TALK_ADMIN=":".join(server.admin),
                       CI_PROJECT_DIR=str(tmp_path))
        refused = _bash(script, tmp_path, TALK_BASE_URL=server.url, TALK_ADMIN=f"{server.admin[0]}:wrong",
                        CI_PROJECT_DIR=str(tmp_path))
    assert broken.returncode == 1, broken.stdout[-2000:] + broken.stderr[-2000:]
    assert refused.returncode == 2 and refused.returncode in gitlab["allow_failure"]["exit_codes"]
    assert (tmp_path / "reports" / "junit.xml").is_file() and (tmp_path / "reports" / "report.html").is_file()

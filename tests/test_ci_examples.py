"""The CI recipes in examples/ci/ cannot rot: parsed, and their script lines run against real targets.

Set-up lines (clone, pip install) are left out: this environment already has the suite installed.
The recipes run a few scenarios in one process (PYTEST_ADDOPTS, which the CLI's pytest reads, and
TALK_JOBS): what is tested here is the recipe's handling of the exit codes and reports, not the suite
(test_suite.py runs all of it).
The gate fails closed: any exit but 0 fails it (a down server, an HTML 500, refused credentials), and
the reason reaches the CI's own summary; one variable tolerates "could not judge", one turns off the
known deviations.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from talk_conformance import ROOT
from talk_conformance.run import embedded

EXAMPLES = ROOT / "examples" / "ci"
SET_UP = ("git clone", "python -m pip install")


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    path = env.pop("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**clean, "PATH": path, "TALK_FUZZ_EXAMPLES": "1",
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


def _gitlab_script(job: dict) -> str:
    return "\n".join(line for line in job["script"] if not line.startswith(SET_UP))


def _recipe(name: str, github: dict, gitlab: dict, tmp_path: Path) -> tuple[str, dict, Path]:
    """The script, the recipe's own variables (as the CI sets them) plus the CI's, and its summary file."""
    if name == "github":
        [job] = github["jobs"].values()
        variables = {k: v for k, v in job["env"].items() if not k.startswith("TALK_")}
        summary = tmp_path / "step-summary.md"
        return _github_run_step(github), {**variables, "GITHUB_STEP_SUMMARY": str(summary)}, summary
    return _gitlab_script(gitlab), {**gitlab["variables"], "CI_PROJECT_DIR": str(tmp_path)}, tmp_path / "none"


class _Html500(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>"
        self.send_response(500)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def html_500():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Html500)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_credentials_come_from_the_secret_store(github, gitlab):
    [job] = github["jobs"].values()
    assert job["env"]["TALK_ADMIN"].startswith("${{ secrets.") and job["env"]["TALK_BASE_URL"].startswith("${{ secrets.")
    for line in [_github_run_step(github), *gitlab["script"]]:
        assert "--admin" not in line and "--user" not in line, line


def test_reports_are_published_whatever_the_verdict_and_nothing_is_allowed_to_fail(github, gitlab):
    [job] = github["jobs"].values()
    uses = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
    assert uses["actions/upload-artifact"]["with"]["path"] == "reports/" and uses["actions/upload-artifact"]["if"] == "always()"
    assert uses["mikepenz/action-junit-report"]["with"]["report_paths"] == "reports/junit.xml"
    assert gitlab["artifacts"]["when"] == "always" and gitlab["artifacts"]["reports"]["junit"] == "reports/junit.xml"
    assert "allow_failure" not in gitlab, "the gate fails closed: no exit code is allowed to fail"
    assert all(not s.get("continue-on-error") for s in job["steps"])
    for variables in (job["env"], gitlab["variables"]):
        assert variables["TOLERATE_COULD_NOT_JUDGE"] == "false" and variables["EXPECT_KNOWN_DEVIATIONS"] == "true"


@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_a_server_the_suite_cannot_judge_fails_the_gate(recipe, github, gitlab, html_500, tmp_path):
    """Down, an HTML 500, refused credentials: each exits 2, fails the gate, and says why where CI shows it."""
    script, env, summary = _recipe(recipe, github, gitlab, tmp_path)
    with embedded.start() as server:
        cases = {
            "down": ({"TALK_BASE_URL": "http://127.0.0.1:9", "TALK_ADMIN": "admin:x"}, "the connection was refused"),
            "html 500": ({"TALK_BASE_URL": html_500, "TALK_ADMIN": "admin:x"}, "a 500: the server failed"),
            "refused": ({"TALK_BASE_URL": server.url, "TALK_ADMIN": f"{server.admin[0]}:wrong"},
                        "refused the admin credentials"),
        }
        results = {name: _bash(script, tmp_path, **env, **target) for name, (target, _) in cases.items()}
        tolerated = _bash(script, tmp_path, **{**env, **cases["refused"][0], "TOLERATE_COULD_NOT_JUDGE": "true"})
    for name, (_, says) in cases.items():
        proc = results[name]
        assert proc.returncode == 2, (name, proc.stdout[-1500:], proc.stderr[-1500:])
        shown = summary.read_text() if recipe == "github" else proc.stdout
        assert says in shown, (name, shown)
        assert (tmp_path / "reports" / "junit.xml").is_file()
    if recipe == "github":
        text = summary.read_text()
        assert text.count("### talk-conformance: could not judge the server (exit 2)") == 4, text
        assert "::error::talk-conformance: could not judge the server" in results["down"].stdout
        assert tolerated.returncode == 0 and "::warning::talk-conformance could not judge the server (tolerated)" \
            in tolerated.stdout
    else:
        assert "ERROR: talk-conformance failed the gate (exit 2)" in results["down"].stdout
        assert tolerated.returncode == 0 and "could not judge the server (tolerated)" in tolerated.stdout


def test_github_recipe_passes_a_conformant_server(github, tmp_path):
    script, env, summary = _recipe("github", github, {}, tmp_path)
    with embedded.start() as server:
        good = _bash(script, tmp_path, **env, TALK_BASE_URL=server.url, TALK_ADMIN=":".join(server.admin))
    assert good.returncode == 0, good.stdout[-2000:] + good.stderr[-2000:]
    assert (tmp_path / "reports" / "junit.xml").is_file()
    assert summary.read_text().startswith("### talk-conformance: conformant (exit 0)\n\nconformant (partial: ")


def test_gitlab_recipe_fails_a_broken_rule(gitlab, tmp_path):
    script, env, _ = _recipe("gitlab", {}, gitlab, tmp_path)
    with embedded.start(profile="talk-7", faults=["rename-by-non-moderator"]) as server:
        broken = _bash(script, tmp_path, **env, TALK_BASE_URL=server.url, TALK_ADMIN=":".join(server.admin))
    assert broken.returncode == 1, broken.stdout[-2000:] + broken.stderr[-2000:]
    assert "ERROR: talk-conformance failed the gate (exit 1): not-conformant" in broken.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file() and (tmp_path / "reports" / "report.html").is_file()


@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_known_deviations_are_expected_by_default_and_one_variable_turns_them_off(recipe, github, gitlab, tmp_path):
    script, env, _ = _recipe(recipe, github, gitlab, tmp_path)
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "talk-conformance").write_text('#!/bin/sh\necho "$@" >> "$ARGS_SEEN"\n')
    (shim / "talk-conformance").chmod(0o755)
    seen = tmp_path / "args"
    path = f"{shim}{os.pathsep}{os.environ['PATH']}"
    assert _bash(script, tmp_path, **env, PATH=path, ARGS_SEEN=str(seen)).returncode == 0
    assert _bash(script, tmp_path, **{**env, "PATH": path, "ARGS_SEEN": str(seen),
                                     "EXPECT_KNOWN_DEVIATIONS": "false"}).returncode == 0
    default, strict = seen.read_text().splitlines()
    assert "--expect-deviations known-deviations.yaml" in default and "--expect-deviations" not in strict

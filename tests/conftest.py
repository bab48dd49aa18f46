"""Helpers for the project's own tests: run the real CLI against real servers and read its reports."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from talk_conformance import ROOT
from tests.test_refserver_support import InProcess, Users


@dataclass
class SuiteRun:
    rc: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def summary(self) -> dict:
        return json.loads((self.report_dir / "summary.json").read_text())

    def with_verdict(self, verdict: str) -> set[str]:
        """Names of the scenarios with this verdict (an outline counts once its example does)."""
        return {t["name"] for t in self.summary["scenarios"] if t["verdict"] == verdict}


def run_inprocess(server, tmp_path: Path, *args: str, plugins=()) -> SuiteRun:
    """The conformance scenarios (no fuzzing) against ``server``, as a pytest session inside this process:
    no interpreter start and no imports per run. ``plugins`` join the nested session."""
    report_dir = tmp_path / "reports"
    capture = io.StringIO()
    with contextlib.redirect_stdout(capture):
        rc = pytest.main([str(ROOT / "features" / "test_scenarios.py"), "--base-url", server.url,
                          "--admin", ":".join(server.admin), "--report-dir", str(report_dir),
                          "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
                          "-p", "no:cacheprovider", "-q", *args], plugins=list(plugins))
    return SuiteRun(int(rc), capture.getvalue(), "", report_dir)


def run_cli(args: list[str], report_dir: Path, timeout: float = 300) -> SuiteRun:
    proc = subprocess.run([sys.executable, "-m", "talk_conformance", "run", "--report-dir", str(report_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    return SuiteRun(proc.returncode, proc.stdout, proc.stderr, report_dir)


@pytest.fixture
def suite(tmp_path):
    """Run the conformance suite through the CLI: ``suite(args...)``."""
    def _run(*args: str, timeout: float = 300) -> SuiteRun:
        return run_cli(list(args), tmp_path / "reports", timeout)
    return _run


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A plain reference server for one test module, in-process."""
    with InProcess(tmp_path_factory.mktemp("refserver") / "reference.sqlite") as srv:
        yield srv


@pytest.fixture(scope="module")
def users(server):
    return Users(server)

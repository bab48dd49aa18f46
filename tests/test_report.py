"""The reports a person reads: checked in a real browser, and for secrets in every file."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

from talk_conformance import embedded
from tests.conftest import run_cli

ROOM_PASSWORD = "correct horse battery staple"  # what password.feature sets


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory):
    """A run against a server that lets a plain participant set the password: one known failure."""
    with embedded.start(faults=["password-by-non-moderator"]) as server:
        run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--", "-m", "not fuzz"],
                      tmp_path_factory.mktemp("failing") / "reports")
        run.admin_password = server.admin[1]
    return run


def browser_dom(path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        if os.environ.get("TALK_REQUIRE_BROWSER"):
            pytest.fail("TALK_REQUIRE_BROWSER is set but there is no chromium")
        pytest.skip("no chromium on this machine (.ci/run installs it)")
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={path.parent / 'chromium-profile'}",
                           "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_failing_run_exits_1_and_names_the_failure(failing_run):
    assert failing_run.rc == 1
    assert failing_run.with_verdict("failed") == {"A user who is not a moderator cannot set a password"}


def test_html_report_in_a_browser(failing_run):
    dom = browser_dom(failing_run.report_dir / "report.html")
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    assert "Not conformant (partial: " in " ".join(text.split())
    summary = failing_run.summary["totals"]
    assert re.search(r'id="summary".*?' + r".*?".join(f">{summary[v]}<" for v in ("passed", "failed", "skipped", "error")),
                     dom, re.S), "the summary table does not show the totals"
    # Failures come right after the verdict, before the matrix.
    assert dom.index('id="failures"') < dom.index('id="capabilities"')
    assert 'id="capabilities"' in dom and "empty-group-room" in dom and "no capability needed" in text
    assert "A user who is not a moderator cannot set a password" in text
    assert "PUT /room/{token}/password answered 200, the docs say 403 Forbidden" in text
    assert "← failed here" in text, "the failing step is marked"
    assert "The exchange that broke the rule" in text and "PUT http://127.0.0.1" in text
    assert "/password?format=json" in text and "X-Request-Id:" in text
    assert "User-Agent" not in text, "headers that say nothing are left out"


def test_no_secret_reaches_any_report(failing_run):
    for path in failing_run.report_dir.iterdir():
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            assert failing_run.admin_password not in content, path.name
            assert ROOM_PASSWORD not in content, path.name
            assert not re.search(r"Basic [A-Za-z0-9+/=]{8,}", content), f"an Authorization header in {path.name}"
    failure = next(t for t in failing_run.summary["scenarios"] if t["verdict"] == "failed")
    transcript = "\n".join(e["text"] for e in failure["exchanges"])
    assert '"password": "********"' in transcript
    assert "Authorization: ********" in transcript


def test_fuzz_failures_are_reported_without_credentials(tmp_path):
    """A fuzzing failure (schemathesis' own report, with its curl line) leaks no credentials either."""
    with embedded.start(faults=["room-shape"]) as server:
        run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1", "--", "-m", "fuzz"],
                      tmp_path / "reports")
    assert run.rc == 1
    failed = [t for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert failed and any("lastPing" in t["message"] for t in failed), failed
    for path in run.report_dir.iterdir():
        content = path.read_text(encoding="utf-8", errors="replace")
        assert server.admin[1] not in content, path.name
        assert not re.search(r"Basic [A-Za-z0-9+/=]{8,}", content), f"an Authorization header in {path.name}"

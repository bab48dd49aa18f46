"""The reports a person reads: checked in a real browser, and for secrets in every file."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from talk_conformance.run import embedded
from tests.conftest import run_cli, shared_run

ROOM_PASSWORD = "correct horse battery staple"  # what password.feature sets


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory):
    """A run against a server that lets a plain participant set the password: one known failure."""
    def make(where):
        with embedded.start(profile="talk-7", faults=["password-by-non-moderator"]) as server:
            # The conversation's creation and password scenarios: the failure, room passwords, every capability.
            run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1",
                           "--", "-m", "not fuzz", "-k", "password or create"], where / "reports")
            run.notes["admin_password"] = server.admin[1]
        return run
    return shared_run(tmp_path_factory, "failing", make)


def browser_dom(path, fragment: str = "") -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        if os.environ.get("TALK_REQUIRE_BROWSER"):
            pytest.fail("TALK_REQUIRE_BROWSER is set but there is no chromium")
        pytest.skip("no chromium on this machine (.ci/run installs it)")
    # A profile of its own, outside the report's folder, which other tests read meanwhile.
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", f"--user-data-dir={profile}", "--dump-dom",
                               path.as_uri() + (f"#{fragment}" if fragment else "")],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_failing_run_exits_1_and_names_the_failure(failing_run):
    assert failing_run.rc == 1
    assert failing_run.with_verdict("failed") == {"A user who is not a moderator cannot set a password"}


def test_html_report_in_a_browser(failing_run):
    dom = browser_dom(failing_run.report_dir / "report.html")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())
    assert "Not conformant (partial: " in text
    summary = failing_run.summary["totals"]
    assert re.search(r'id="summary".*?' + r".*?".join(f">{summary[v]}<" for v in ("passed", "failed", "skipped", "error")),
                     dom, re.S), "the summary table does not show the totals"
    # The matrix leads, each failure linked from its row; then the failures.
    assert dom.index('id="capabilities"') < dom.index('id="failures"')
    assert 'href="#failure-1"' in dom[dom.index('id="capabilities"'):dom.index('id="failures"')]
    assert 'id="capabilities"' in dom and "empty-group-room" in dom and "no capability needed" in text
    assert "A user who is not a moderator cannot set a password" in text
    assert "PUT /room/{token}/password answered 200, the docs say 403 Forbidden" in text
    assert "← failed here" in text, "the failing step is marked"
    assert "The exchange that broke the rule" in text and "PUT http://127.0.0.1" in text
    assert "/password?format=json" in text and "X-Request-Id:" in text
    assert "User-Agent" not in text, "headers that say nothing are left out"
    # Triage: where the scenario is written, the docs its feature quotes, the operation it broke.
    assert re.search(r"A user who is not a moderator cannot set a password features/conversation/password\.feature:\d+", text)
    assert "only moderators and the owner may (docs/conversation.md)" in text
    assert 'href="#op-setPassword"' in dom and 'id="op-setPassword"' in dom
    assert re.search(r"expected \(the docs\) actual \(the server\) HTTP status 403 Forbidden 200", text)


def test_no_secret_reaches_any_report(failing_run):
    for path in (p for p in failing_run.report_dir.rglob("*") if p.is_file()):  # .cache too (--lf)
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            assert failing_run.notes["admin_password"] not in content, path.name
            assert ROOM_PASSWORD not in content, path.name
            assert not re.search(r"Basic [A-Za-z0-9+/=]{8,}", content), f"an Authorization header in {path.name}"
    failure = next(t for t in failing_run.summary["scenarios"] if t["verdict"] == "failed")
    transcript = "\n".join(e["text"] for e in failure["exchanges"])
    assert '"password": "********"' in transcript
    assert "Authorization: ********" in transcript


def test_fuzz_failures_are_reported_without_credentials(fuzz_failure_run):
    """A fuzzing failure (with its curl line) leaks no credentials either."""
    assert fuzz_failure_run.rc == 1
    for path in (p for p in fuzz_failure_run.report_dir.rglob("*") if p.is_file()):  # .cache too
        content = path.read_text(encoding="utf-8", errors="replace")
        assert fuzz_failure_run.notes["admin_password"] not in content, path.name
        assert not re.search(r"Basic [A-Za-z0-9+/=]{8,}", content), f"an Authorization header in {path.name}"


def _pytest_counts(stdout: str) -> dict:
    """pytest's closing line ("1 failed, 46 passed, 21 deselected in 3.2s") as verdict counts."""
    line = next(l for l in reversed(stdout.splitlines()) if re.search(r"\d+ (passed|failed|error)", l) and " in " in l)
    found = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|xfailed|errors?)", line)}
    return {"passed": found.get("passed", 0), "failed": found.get("failed", 0), "skipped": found.get("skipped", 0),
            "expected": found.get("xfailed", 0), "error": found.get("error", 0) + found.get("errors", 0)}


def _junit_counts(path) -> dict:
    import xml.etree.ElementTree as ET
    suite = ET.parse(path).getroot().find("testsuite")
    cases = suite.findall("testcase")
    assert all(len([c for c in case if c.tag in ("failure", "error", "skipped")]) <= 1 for case in cases)
    failed = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    assert (int(suite.get("tests")), int(suite.get("failures")), int(suite.get("errors")), int(suite.get("skipped"))) == \
        (len(cases), failed, errors, skipped)
    return {"tests": len(cases), "failed": failed, "error": errors, "skipped": skipped,
            "passed": len(cases) - failed - errors - skipped}


def test_console_summary_junit_and_html_give_the_same_counts(fuzz_failure_run):
    run = fuzz_failure_run
    totals = run.summary["totals"]
    assert totals["failed"] > 1
    assert _pytest_counts(run.stdout) == totals
    cli = re.search(r"talk-conformance: .*: (\d+) passed, (\d+) failed, (\d+) skipped, (\d+) expected failures, "
                    r"(\d+) errors", run.stdout)
    assert cli and tuple(map(int, cli.groups())) == tuple(totals[v] for v in ("passed", "failed", "skipped",
                                                                               "expected", "error"))
    junit = _junit_counts(run.report_dir / "junit.xml")
    assert junit == {"tests": len(run.summary["scenarios"]), "failed": totals["failed"], "error": totals["error"],
                     "skipped": totals["skipped"] + totals["expected"], "passed": totals["passed"]}
    html_text = (run.report_dir / "report.html").read_text()
    assert re.search(r'id="summary".*?' + r".*?".join(f">{totals[v]}<" for v in ("passed", "failed", "skipped", "error")),
                     html_text, re.S)


@pytest.fixture(scope="module")
def fuzz_failure_run(tmp_path_factory):
    """The room object broken (lastPing a string): scenarios and fuzzing both find it."""
    def make(where):
        with embedded.start(profile="talk-7", faults=["room-shape"]) as server:
            # Fuzzing, and the scenarios that create rooms beside it.
            run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "2",
                           "--", "-k", "create or fuzz"], where / "reports")
            run.notes["admin_password"] = server.admin[1]
        return run
    return shared_run(tmp_path_factory, "fuzz-failure", make)


def test_fuzz_failures_are_failures_one_per_operation(fuzz_failure_run):
    fuzz = [t for t in fuzz_failure_run.summary["scenarios"] if t["feature"].startswith("Fuzzing")]
    failed = [t for t in fuzz if t["verdict"] == "failed"]
    assert fuzz and not [t for t in fuzz if t["verdict"] == "error"], "a fuzzing finding is a failure, not an error"
    # The stateful test reaches rooms through createRoom's links; listRooms finds them when rooms exist.
    assert failed, "fuzzing did not find the broken room object"
    for t in failed:
        assert "lastPing" in t["message"] and "Reproduce with: curl" in t["message"], t["message"]
        assert "CustomFailure" not in t["message"]
    assert all(isinstance(t["fuzz_seed"], int) for t in fuzz), "every fuzz test records the seed that replays it"


def test_the_same_cause_is_one_group(fuzz_failure_run):
    groups = fuzz_failure_run.summary["failure_groups"]
    biggest = groups[0]
    assert len(biggest["scenarios"]) > 3 and "lastPing" in biggest["cause"]
    assert len(groups) < fuzz_failure_run.summary["totals"]["failed"]


def test_html_report_with_a_fuzz_failure_and_a_group_in_a_browser(fuzz_failure_run):
    dom = browser_dom(fuzz_failure_run.report_dir / "report.html")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())
    assert "Not conformant" in text and "Failures" in text
    assert re.search(r"\d+ scenarios: .*lastPing", text), "a group names how many scenarios the cause broke"
    fuzz_failures = [t["name"] for t in fuzz_failure_run.summary["scenarios"]
                     if t["feature"].startswith("Fuzzing") and t["verdict"] == "failed"]
    assert fuzz_failures and all(name in text for name in fuzz_failures), "every failing fuzzed operation is named"
    assert re.search(r"Replay this fuzz finding \(seed \d+\): TALK_ADMIN=ADMIN:PASSWORD talk-conformance run "
                     r"--base-url http://127\.0\.0\.1:\d+ -- -m fuzz -p _hypothesis_pytestplugin --hypothesis-seed=\d+", text)
    # The run deleted its accounts: no curl line names one that is gone.
    assert "Reproduce with: curl" not in text and "which the run deleted at its end" in text
    assert '<span class="marked">' in dom, "the offending field is marked in the pretty-printed body"
    assert fuzz_failure_run.notes["admin_password"] not in dom

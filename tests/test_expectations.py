"""Known deviations as expectations: a user's list turns them into expected failures, strictly."""

from __future__ import annotations

from tests.conftest import run_inprocess
from tests.test_refserver_support import InProcess

FAULT = "rename-one-to-one-400"  # what real Talk 4-11 servers do: the docs say 405
GUARDS = ("-m", f"fault(name='{FAULT}')")


def _run(tmp_path, expectations: str):
    listed = tmp_path / "expected.txt"
    listed.write_text(expectations)
    with InProcess(tmp_path / "server.sqlite", faults=[FAULT]) as server:
        return run_inprocess(server, tmp_path, "--expect-deviations", str(listed), *GUARDS)


def test_a_listed_deviation_is_an_expected_failure(tmp_path):
    run = _run(tmp_path, f"# our staging server is Talk 11\n{FAULT}\n")
    assert run.rc == 0, run.stdout[-2000:]
    assert run.summary["totals"]["expected"] == 1 and run.summary["totals"]["failed"] == 0
    assert run.summary["verdict"] == "conformant"
    [test] = run.summary["scenarios"]
    assert test["verdict"] == "expected" and f"known deviation {FAULT}" in test["message"]
    assert "1 xfailed" in run.stdout


def test_a_listed_scenario_title_is_an_expected_failure(tmp_path):
    run = _run(tmp_path, "A one-to-one conversation cannot be renamed\n")
    assert run.rc == 0 and run.summary["totals"]["expected"] == 1


def test_an_unlisted_deviation_still_fails(tmp_path):
    run = _run(tmp_path, "some-other-deviation\n")
    assert run.rc == 1 and run.summary["totals"]["failed"] == 1


def test_a_listed_failure_that_passes_is_flagged(tmp_path):
    listed = tmp_path / "expected.txt"
    listed.write_text("The owner renames the conversation\n")
    with InProcess(tmp_path / "server.sqlite") as server:
        run = run_inprocess(server, tmp_path, "--expect-deviations", str(listed), "-k", "owner and renames and conversation")
    assert run.rc == 1
    [flagged] = [t for t in run.summary["scenarios"] if t["name"] == "The owner renames the conversation"]
    assert flagged["verdict"] == "failed" and "but it passed" in flagged["message"]

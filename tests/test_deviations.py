"""Known deviations by release, --expect-deviations with the project's own list, and failure messages
that name the broken rule (so failures group by it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from talk_conformance import ROOT
from talk_conformance.output import results
from talk_conformance.plugin import verdicts
from talk_conformance.spec import deviations, profile, releases
from talk_conformance.spec.problem import Problem
from talk_refserver.capabilities import profile_options
from tests.conftest import run_inprocess
from tests.test_refserver_support import InProcess


def texts(found) -> list[str]:
    """Problems as the outputs render them."""
    return [p.render() for p in found]


# What a real Talk 11.3.6 does against its own docs (REAL-SERVERS.md), as reference-server faults.
TALK_11_DEVIATIONS = ("rename-length-in-bytes", "read-marker-guest-401", "mention-limit-ignored", "leave-unknown-200")
UNEXPLAINED = "rename-by-non-moderator"
TALK_7 = frozenset({"audio", "chat-read-marker", "webinary-lobby"})
TALK_11 = frozenset({"audio", "chat-read-status", "delete-messages"})


def wrap(status: int, data) -> dict:
    return {"ocs": {"meta": {"status": "ok" if status < 300 else "failure", "statuscode": status, "message": ""},
                    "data": data}}


def test_every_entry_names_its_releases_as_a_range():
    for d in deviations.load():
        assert d.releases.startswith((">", "<", "=")), f"{d.id}: releases {d.releases!r} is not a range"
        releases.in_range("11.1", d.releases)  # raises on a malformed range


def test_an_entry_is_cited_only_for_servers_of_its_releases():
    # Renaming a one-to-one answers 400 from Talk 4 on; the docs say so from Talk 8.0 on.
    assert [d.id for d in deviations.V1.for_status("renameRoom", 400, 405, "7.0")] == ["rename-one-to-one-400"]
    assert deviations.V1.for_status("renameRoom", 400, 405, "11.1") == []
    assert deviations.V1.for_status("renameRoom", 400, 405, None), "an unknown release: every entry may apply"
    assert deviations.V1.named("mention-limit-ignored", "11.1") and not deviations.V1.named("mention-limit-ignored", "7.0")
    body = wrap(200, {"token": "abcd2345"})
    assert "known deviation" in texts(profile.V1.contract(TALK_7).problems("createRoom", None, 200, body))[0]
    assert "known deviation" not in texts(profile.V1.contract(TALK_11, 21).problems("createRoom", None, 200, body))[0]


def test_a_schema_problem_names_the_path_and_the_rule_before_the_value():
    huge = {"token": "x" * 5000, "name": "y" * 5000}
    [line] = texts(profile.V1.contract().problems("listRooms", None, 200, wrap(200, huge)))
    assert line.startswith("GET /room 200: `$.ocs.data` is not of type 'array' (the value: {")
    assert len(line) < 200


def test_the_same_rule_broken_by_two_scenarios_is_one_cause():
    room = profile.V1.contract(TALK_7)
    first = room.problems("getRoom", None, 200, wrap(200, {"lastPing": "12"}))
    second = room.problems("getRoom", None, 200, wrap(200, {"lastPing": "a much longer value"}))
    one = [p for p in first if "lastPing" in p.at][0]
    other = [p for p in second if "lastPing" in p.at][0]
    assert one.render() != other.render() and one.rule() == other.rule()
    assert results.cause_of([one]) == "GET /room/{token} 200: `$.ocs.data.lastPing` is not of type 'integer'"
    listed = [room.problems("listRooms", None, 200, wrap(200, [{}] * i + [5]))[-1] for i in (1, 3)]
    assert listed[0].rule() == listed[1].rule(), listed
    assert results.cause_of(listed[:1]) == results.cause_of(listed[1:]) == \
        "GET /room 200: `$.ocs.data[*]` is not of type 'object'"
    assert one.rule() != listed[0].rule()


def test_a_failure_is_expected_only_when_every_problem_cites_an_expected_deviation():
    wrong = Problem("status", operation="renameRoom", method="PUT", path="/room/{token}", status=400, expected="405",
                    detail="Method Not Allowed", deviations=("rename-one-to-one-400",))
    envelope = Problem("envelope", operation="renameRoom", method="PUT", path="/room/{token}", status=400,
                       detail="meta.statuscode is 200 but the HTTP status is 400")
    assert verdicts.explained_by([wrong], {"rename-one-to-one-400"})
    assert not verdicts.explained_by([wrong, envelope], {"rename-one-to-one-400"})
    assert not verdicts.explained_by([], {"rename-one-to-one-400"})


def test_expectations_come_from_the_project_list_or_a_plain_list(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no known-deviations.yaml here: the name means the suite's own copy
    # The name means every API version's list (see test_the_suites_own_list_stands_for_every_api_version).
    assert deviations.read_expectations("known-deviations.yaml") >= deviations.V1.ids()
    (tmp_path / "mine.txt").write_text("# staging\nrename-one-to-one-400\nA one-to-one conversation cannot be renamed\n")
    assert deviations.read_expectations("mine.txt") == {"rename-one-to-one-400", "A one-to-one conversation cannot be renamed"}
    (tmp_path / "known-deviations.yaml").write_text("deviations:\n  - id: only-this\n")
    assert deviations.read_expectations("known-deviations.yaml") == {"only-this"}


@pytest.mark.parametrize("content, says", [("deviations: [\n  - id: x\n", "not valid YAML at line 2"),
                                           ("deviations: 3\n", "a 'deviations:' list"), (None, "no such file")])
def test_an_unreadable_list_is_one_line_and_exit_2(tmp_path, content, says):
    listed = tmp_path / "broken.yaml"
    if content is not None:
        listed.write_text(content)
    with pytest.raises(deviations.ExpectationsError, match=says):
        deviations.read_expectations(str(listed))
    plain = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "features"), "-p", "no:cacheprovider", "-q",
                            "--expect-deviations", str(listed), "--report-dir", str(tmp_path / "r1")],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    cli = subprocess.run([sys.executable, "-m", "talk_conformance", "run", "--report-dir", str(tmp_path / "r2"),
                          "--expect-deviations", str(listed)], capture_output=True, text=True, cwd=tmp_path,
                         timeout=120)
    for proc, reports in ((plain, "r1"), (cli, "r2")):
        assert proc.returncode == 2, proc.stdout[-1000:] + proc.stderr[-1000:]
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and says in lines[0] and "INTERNALERROR" not in proc.stdout + proc.stderr, proc.stderr
        summary = json.loads((tmp_path / reports / "summary.json").read_text())
        assert summary["verdict"] == "could-not-judge" and says in summary["reason"]


def _talk_11(tmp_path, faults):
    with InProcess(tmp_path / "server.sqlite", faults=faults, **profile_options("talk-11")) as server:
        return run_inprocess(server, tmp_path, "--expect-deviations", "known-deviations.yaml", "-m", "not fuzz")


def test_a_real_talk_11_is_conformant_with_its_known_deviations_expected(tmp_path):
    run = _talk_11(tmp_path, TALK_11_DEVIATIONS)
    assert run.rc == 0, run.stdout[-3000:]
    totals = run.summary["totals"]
    assert totals["failed"] == 0 and totals["expected"] >= len(TALK_11_DEVIATIONS), totals
    unmet = run.summary["expectations"]["unmatched"]
    assert "rename-length-in-bytes" not in unmet and "rename-one-to-one-400" not in unmet  # met / not Talk 11's
    assert "expected deviations that matched nothing in this run" in run.stdout
    schema = json.loads((ROOT / "schemas" / "summary.schema.json").read_text())
    Draft202012Validator(schema).validate(run.summary)


def test_a_rule_no_deviation_explains_still_fails_and_is_named(tmp_path):
    run = _talk_11(tmp_path, (*TALK_11_DEVIATIONS, UNEXPLAINED))
    assert run.rc == 1
    failed = [t for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert failed and all("known deviation" not in t["message"] for t in failed), failed
    assert all("PUT /room/{token}" in t["message"] or "rename" in t["message"].lower() for t in failed), \
        [t["message"] for t in failed]


def test_failures_breaking_the_same_rule_are_one_group_in_the_report():
    from talk_conformance.output import report

    judge = profile.V1.contract(TALK_7)
    tests = []
    for i, data in enumerate(([{}, 5], [{}, {}, {}, "x"], {"token": "t"})):
        problem = judge.problems("listRooms", None, 200, wrap(200, data))[-1]
        tests.append({"id": f"t{i}", "feature": "f", "name": f"scenario {i}", "verdict": "failed",
                      "message": problem.render(), "cause": results.cause_of([problem]),
                      "problems": [problem.to_json()]})
    groups = report._groups(tests)
    assert [len(g["scenarios"]) for g in groups] == [2, 1], [g["cause"] for g in groups]
    assert groups[0]["cause"] == "GET /room 200: `$.ocs.data[*]` is not of type 'object'", groups[0]["cause"]


def test_the_suites_own_list_stands_for_every_api_version(tmp_path, monkeypatch):
    """`--expect-deviations known-deviations.yaml` (the recipes' line) expects what real servers of either
    API version are known to do: a staging server of today speaks v4."""
    from talk_conformance.spec import deviations, profile

    monkeypatch.chdir(tmp_path)  # no such file here: the suite's own
    expected = deviations.read_expectations("known-deviations.yaml")
    for api in profile.PROFILES:
        ids = deviations.read_expectations(str(api.deviations_path))
        assert ids and ids <= expected, f"{api.name}: {sorted(ids - expected)[:5]}"
    v4_only = deviations.read_expectations("known-deviations-v4.yaml")
    assert v4_only == deviations.read_expectations(str(profile.V4.deviations_path))

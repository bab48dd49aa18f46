"""Typed results: a problem is a value, one verdict type, grouping by the problems' fields, and the
verdict by rule (a contract problem is recorded and the scenario goes on to check its behaviour)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from jsonschema import Draft202012Validator

from talk_conformance import ROOT
from talk_conformance.output import report, results
from talk_conformance.output.results import Outcome, RunVerdict, Verdict
from talk_conformance.spec import profile
from talk_conformance.spec.problem import Problem, behaviour, render_all
from tests.conftest import run_inprocess
from tests.test_refserver_support import InProcess

TALK_7 = frozenset({"audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
                    "multi-room-users", "favorites", "last-room-activity", "no-ping", "system-messages",
                    "mention-flag", "in-call-flags", "notification-levels", "invite-groups-and-mails",
                    "locked-one-to-one-rooms", "read-only-rooms", "chat-read-marker", "webinary-lobby",
                    "start-call-flag", "chat-replies", "circles-support", "force-mute", "sip-support"})


def wrap(status, data=None):
    return {"ocs": {"meta": {"status": "ok" if status < 300 else "failure", "statuscode": status, "message": ""},
                    "data": [] if data is None else data}}


def _failed(i: int, problems: list[Problem]) -> dict:
    return {"id": f"t{i}", "feature": "f", "name": f"scenario {i}", "verdict": "failed",
            "message": render_all(problems), "cause": results.cause_of(problems),
            "problems": [p.to_json() for p in problems]}


def test_one_verdict_type_carries_rank_order_and_exit_code():
    assert [v.value for v in Verdict] == list(report.VERDICTS) == ["passed", "failed", "skipped", "expected", "error"]
    assert sorted(Verdict, key=lambda v: v.rank) == [Verdict.PASSED, Verdict.SKIPPED, Verdict.EXPECTED,
                                                      Verdict.FAILED, Verdict.ERROR]
    assert results.BY_SEVERITY == ("failed", "error", "expected", "skipped", "passed")
    assert {v.value: v.exit_code for v in RunVerdict} == {"conformant": 0, "not-conformant": 1, "could-not-judge": 2}
    assert Verdict("failed") == "failed" and str(Verdict.FAILED) == "failed"


def test_a_problem_survives_serialisation_and_renders_as_before():
    [p] = [p for p in profile.V1.contract(TALK_7).problems("getRoom", None, 200, wrap(200, {"lastPing": "12"}))
           if p.kind == "schema" and p.keyword == "type"]
    assert (p.operation, p.status, p.pointer, p.keyword, p.expected, p.actual) == \
        ("getRoom", 200, "/ocs/data/lastPing", "type", "of type 'integer'", "'12'")
    assert p.render() == "GET /room/{token} 200: `$.ocs.data.lastPing` is not of type 'integer' (the value: '12')"
    again = Problem.from_json(json.loads(json.dumps(p.to_json())))
    assert again == p and again.render() == p.render()
    [undocumented] = [q for q in profile.V1.contract(TALK_7).problems("renameRoom", None, 418, wrap(418))
                      if q.kind == "undocumented-status"]
    assert undocumented.render().startswith("PUT /room/{token} answered 418; the docs list ")


def test_causes_group_by_operation_and_rule_not_by_values_or_positions():
    judge = profile.V1.contract(TALK_7)
    positions = [judge.problems("listRooms", None, 200, wrap(200, data))[-1] for data in ([{}, 5], [{}, {}, {}, "x"])]
    whole = judge.problems("listRooms", None, 200, wrap(200, {"token": "t"}))[-1]
    values = [p for data in ("12", "a much longer value")
              for p in judge.problems("getRoom", None, 200, wrap(200, {"lastPing": data})) if "lastPing" in p.at]
    tests = [_failed(0, [positions[0]]), _failed(1, [positions[1], values[0]]), _failed(2, [whole]),
             _failed(3, [values[1]])]
    causes = results.causes(tests)
    by_rule = {c["rule"]: sorted(s["id"] for s in c["scenarios"]) for c in causes}
    assert by_rule == {
        "GET /room 200: `$.ocs.data[*]` is not of type 'object'": ["t0", "t1"],
        "GET /room/{token} 200: `$.ocs.data.lastPing` is not of type 'integer'": ["t1", "t3"],
        "GET /room 200: `$.ocs.data` is not of type 'array'": ["t2"],
    }
    lists = next(c for c in causes if c["pointer"] == "/ocs/data/*")
    assert (lists["operation"], lists["kind"], lists["expected"]) == ("listRooms", "schema", "of type 'object'")
    groups = report._groups(tests)
    assert [sorted(s["id"] for s in g["scenarios"]) for g in groups] == [["t0", "t1"], ["t2"], ["t3"]]
    assert results.headline(causes, 4) == "3 documented rules broken, in 4 scenarios"


def test_behaviour_problems_are_one_rule_per_step_and_operation_whatever_the_values():
    one = behaviour("the name is 'a', expected 'b'", operation="renameRoom", step="Then the name is {name}")
    two = behaviour("the name is 'c', expected 'd'", operation="renameRoom", step="Then the name is {name}")
    other = behaviour("the name is 'a', expected 'b'", operation="getRoom", step="Then the name is {name}")
    assert one.rule() == two.rule() != other.rule()
    assert len(results.causes([_failed(0, [one]), _failed(1, [two]), _failed(2, [other])])) == 2
    assert results.causes([{**_failed(0, [one]), "verdict": "expected"}]) == [], "an expected failure breaks no rule"


def test_an_outcome_is_one_serialisable_object():
    outcome = Outcome(id="x::y", feature="f", name="n", verdict="failed", problems=[behaviour("b").to_json()],
                      http_requests=3, coverage=[["getRoom", 200]])
    assert Outcome.from_json(json.loads(json.dumps(outcome.to_json()))) == outcome
    entry = outcome.summary_entry()
    assert "http_requests" not in entry and "coverage" not in entry
    schema = json.loads((ROOT / "schemas" / "summary.schema.json").read_text())
    test_schema = {**schema["$defs"]["test"], "$defs": schema["$defs"]}
    Draft202012Validator(test_schema).validate(entry)


def test_an_outcome_reaches_xdists_controller_whatever_numbers_a_fuzzed_request_held():
    """execnet, xdist's transport, cannot send an int below -2**31: a worker sending one died with the run."""
    from execnet.gateway_base import dumps_internal, loads_internal

    outcome = Outcome(id="x::y", feature="Fuzzing", name="n", verdict="failed", fuzz_seed=2**70,
                      exchanges=[{"request": {"body": {"lastKnownMessageId": -2**40}}}])
    with pytest.raises(Exception, match="format requires"):
        dumps_internal(outcome.to_json())  # the reason for the string: the tree itself does not cross
    assert Outcome.from_report(loads_internal(dumps_internal(outcome.to_report()))) == outcome


def test_a_shape_fault_and_a_behaviour_fault_are_both_causes_in_every_output(tmp_path):
    """`--fault room-shape --fault rename-not-saved`, then `-k rename`: the lastPing type error of
    GET /room/{token} is recorded, the scenario goes on and finds the rename not saved; both causes
    appear in the console, summary.json, junit.xml and report.html."""
    with InProcess(tmp_path / "server.sqlite", faults=("room-shape", "rename-not-saved")) as server:
        run = run_inprocess(server, tmp_path, "-k", "rename")
    assert run.rc == 1, run.stdout[-3000:]
    summary = run.summary
    Draft202012Validator(json.loads((ROOT / "schemas" / "summary.schema.json").read_text())).validate(summary)
    kinds = {(c["operation"], c["kind"]) for c in summary["causes"]}
    assert ("getRoom", "schema") in kinds and any(k == "behaviour" for _, k in kinds), summary["causes"]
    shape = next(c for c in summary["causes"] if c["kind"] == "schema" and c["pointer"].endswith("/lastPing"))
    saved = next(c for c in summary["causes"] if c["kind"] == "behaviour")
    both = [t for t in summary["scenarios"] if {p["kind"] for p in t.get("problems", [])} >= {"schema", "behaviour"}]
    assert both, [t["message"] for t in summary["scenarios"] if t["verdict"] == "failed"]
    headline = results.headline(summary["causes"], summary["totals"]["failed"])
    assert summary["reason"].startswith(headline) and "documented rules broken, in" in headline
    junit = ET.parse(run.report_dir / "junit.xml").getroot()
    props = {p.get("name"): p.get("value") for p in junit.iter("property")}
    failure_texts = " ".join(f.text or "" for f in junit.iter("failure"))
    html = (run.report_dir / "report.html").read_text()
    for text in (run.stdout, failure_texts + props["reason"], html):
        assert "lastPing" in text, text[-2000:]
        assert saved["rule"].splitlines()[0][:40] in text or "name" in text
    assert headline in run.stdout and headline in props["reason"]
    assert shape["rule"] in run.stdout and saved["rule"].splitlines()[0] in run.stdout


def test_a_reply_raises_its_problems_once_and_a_recorded_one_not_again():
    from talk_conformance.run.client import Reply
    from talk_conformance.spec.problem import ContractViolation

    problem = behaviour("x", operation="getRoom")
    reply = Reply(operation=None, status=200, body=None, headers={}, request_id="r1", problems=[problem])
    try:
        reply.raise_problems()
    except ContractViolation as exc:
        assert exc.problems == [problem] and exc.request_id == "r1"
    else:
        raise AssertionError("the problems were not raised")
    reply.raise_problems()  # once only
    assert reply.take_problems() == []
    fresh = Reply(operation=None, status=200, body=None, headers={}, request_id="r2", problems=[problem])
    assert fresh.take_problems() == [problem] and fresh.take_problems() == []


def test_no_output_reads_a_problem_back_from_its_wording():
    """Grouping, expected-versus-actual rows and expectations use the problems' fields: neither the
    plugin nor the outputs parse messages with regular expressions."""
    for folder in ("plugin", "output"):
        for path in (ROOT / "talk_conformance" / folder).glob("*.py"):
            if path.name == "fuzz.py":  # its one pattern shapes generated tokens; it reads no message
                continue
            text = path.read_text(encoding="utf-8")
            assert "import re\n" not in text and "from re import" not in text, path

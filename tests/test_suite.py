"""The suite end to end: green against the reference server, honest about what it cannot judge."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from talk_conformance import ROOT, catalogue
from talk_conformance.run import embedded
from talk_conformance.spec import profile
from talk_conformance.spec.capabilities import ABSENT_TAG_PREFIX
from talk_refserver.capabilities import PROFILE_RELEASES, V4_PROFILE_RELEASES, profile_features
from tests.test_matrix import NEEDS_ADMIN, RELEASE_SKIPS, api_of, only_for_other_api

SCENARIOS = catalogue.load(ROOT / "features")
# The two green runs (conftest.py): the whole suite, fuzzing included, against Talk 7 (API v1) and
# Talk 22 (API v4, the embedded default).
GREEN = {"talk-7": "green_run", "talk-22": "current_run"}


def skipped_scenarios(release: str) -> set[str]:
    """Titles of the scenarios a server of ``release`` skips: a capability it lacks, one it has that
    removed the rule, a rule the docs of its release do not give, a scenario of the other API version, or
    one that needs the admin (the green runs use pre-made accounts)."""
    features = set(profile_features(release))
    version = {**PROFILE_RELEASES, **V4_PROFILE_RELEASES}[release]
    api = api_of(release)
    return {s.title for s in SCENARIOS
            if set(s.capabilities) - features
            or {t.removeprefix(ABSENT_TAG_PREFIX) for t in s.tags if t.startswith(ABSENT_TAG_PREFIX)} & features
            or version in RELEASE_SKIPS.get(s.title, ())
            or only_for_other_api(s, api)
            or s.title in NEEDS_ADMIN}  # the green runs use pre-made accounts: no admin to make a user


def fuzz_skipped(release: str) -> set[str]:
    """Operations a server of ``release`` cannot be fuzzed on, read from its document: those of a
    capability it lacks (deleting messages before Talk 11.1) or one it has that removed them (no-ping)."""
    features = set(profile_features(release))
    return {op_id for op_id, op in profile.by_name(api_of(release)).operations.items()
            if op.raw.get("x-talk-capability", next(iter(features))) not in features
            or op.raw.get("x-talk-unless-capability") in features}


@pytest.mark.parametrize("release", GREEN)
def test_suite_passes_against_the_reference_server(release, request):
    run = request.getfixturevalue(GREEN[release])
    totals = run.summary["totals"]
    assert run.rc == 0, f"exit {run.rc}: {run.with_verdict('failed') | run.with_verdict('error')}\n{run.stderr[-3000:]}"
    api = api_of(release)
    counts = catalogue.counts(SCENARIOS, api)
    skipped = skipped_scenarios(release)
    skipped_tests = sum(s.runs for s in SCENARIOS if s.title in skipped) + len(fuzz_skipped(release))
    assert totals == {"passed": counts["tests"] - skipped_tests, "failed": 0, "skipped": skipped_tests,
                      "expected": 0, "error": 0}, (totals, counts)
    ran = run.summary["scenarios"]
    assert len(ran) == counts["tests"]
    assert {t["name"].split(" [")[0] for t in ran if t["verdict"] == "skipped" and "fuzz" not in t["id"]} == skipped


def test_summary_is_described_by_its_versioned_schema(green_run):
    schema = json.loads((ROOT / "schemas" / "summary.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    errors = [f"{e.json_path}: {e.message}" for e in Draft202012Validator(schema).iter_errors(green_run.summary)]
    assert not errors, errors
    assert green_run.summary["schema"] == schema["properties"]["schema"]["const"]
    assert green_run.summary["verdict"] == "conformant"
    assert green_run.summary["selection"] == {"selected": green_run.summary["selection"]["total"],
                                              "total": green_run.summary["selection"]["total"], "partial": False}


@pytest.mark.parametrize("release", GREEN)
def test_reports_are_written(release, request):
    """The three reports say the same: junit.xml's counts and cases are summary.json's."""
    import xml.etree.ElementTree as ET

    green_run = request.getfixturevalue(GREEN[release])
    totals = green_run.summary["totals"]
    suite = ET.parse(green_run.report_dir / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": str(catalogue.counts(SCENARIOS, api_of(release))["tests"]), "failures": "0", "errors": "0",
        "skipped": str(totals["skipped"] + totals["expected"])}
    assert len(suite.findall("testcase")) == len(green_run.summary["scenarios"])
    assert len(suite.findall("testcase/skipped")) == totals["skipped"]
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", (green_run.report_dir / "report.html").read_text(), flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    counts = " ".join(str(totals[v]) for v in ("passed", "failed", "skipped", "expected", "error"))
    assert "Conformant: " in text, "the page leads with the verdict"
    assert f"passed failed skipped expected error total {counts} {len(green_run.summary['scenarios'])}" in text


# Statuses no run against a conformant server can provoke: a Matterbridge bridge, a message 6 hours old.
UNPROVOKABLE = {("deleteMessage", 202), ("deleteMessage", 400)}


def test_every_documented_status_code_is_exercised(green_run, oldest_run, newest_run):
    """Read from openapi.yaml: every status code the document gives an operation is provoked by the runs
    against a server of Talk 7 (the default), of the oldest and of the newest release."""
    seen = {(op, status) for run in (green_run, oldest_run, newest_run) for op, status in run.summary["status_coverage"]}
    v1 = profile.V1
    missing = [f"{op_id} ({op.title}) {status}"
               for op_id, op in sorted(v1.operations.items())
               for status in profile.V1.contract().documented_statuses(op_id)
               if (op_id, status) not in seen | UNPROVOKABLE]
    assert not missing, "documented status codes no scenario provokes: " + ", ".join(missing)


# Statuses openapi-v4.yaml gives that no run against a conformant server can provoke.
UNPROVOKABLE_V4 = {
    # "202 Accepted - When ... Matterbridge is enabled" / "a bot or Matterbridge is configured" (docs/chat.md
    # of Talk 21.1): the suite configures no bridge and no bot; a server answers 200 without them.
    ("clearHistory", 202), ("deleteMessage", 202), ("editMessage", 202),
    # "429 Too Many Requests When a guest mentioned other participants too often (50 mention messages per
    # day)": the suite takes every 429 for throttling, waits and sends again (README, never judged), and a
    # day's quota of one guest would outlive the run's retries.
    ("sendMessage", 429),
}


def test_every_documented_v4_status_code_is_exercised(current_run):
    """Read from openapi-v4.yaml: every status code the document gives an operation, for the features of a
    Talk 22 server on Nextcloud 32, is provoked by the run against the reference server as Talk 22 (the
    scenarios and the fuzzing: 404 of an unknown conversation is the fuzzer's)."""
    seen = {(op, status) for op, status in current_run.summary["status_coverage"]}
    target = current_run.summary["target"]
    contract = profile.V4.contract(target["features"], int(target["version"].split(".")[0]))
    missing = [f"{op_id} ({op.title}) {status}"
               for op_id, op in sorted(profile.V4.operations.items())
               for status in contract.documented_statuses(op_id)
               if (op_id, status) not in seen | UNPROVOKABLE_V4]
    assert not missing, "documented status codes no v4 scenario provokes: " + ", ".join(missing)
    stale = sorted(UNPROVOKABLE_V4 & seen)
    assert not stale, f"provoked after all, no longer unprovokable: {stale}"


@pytest.mark.parametrize("release", GREEN)
def test_fuzzing_ran(release, request):
    run = request.getfixturevalue(GREEN[release])
    fuzz = [t for t in run.summary["scenarios"] if "fuzz" in t["id"]]
    # An operation a capability of the server removed (the ping, with no-ping), or of a capability it
    # lacks (deleting messages, Talk 11.1), is skipped, not fuzzed; only the server's API version's are run.
    removed = [t for t in fuzz if t["verdict"] == "skipped"
               and ("which removed" in t["message"] or t["message"].startswith("server does not advertise"))]
    assert len(fuzz) == len(catalogue.fuzzed_operations(api_of(release)))
    assert {t["id"].split("[")[-1].rstrip("]").split(":")[-1] for t in removed} == fuzz_skipped(release), removed
    assert all(t["verdict"] == "passed" for t in fuzz if t not in removed), fuzz


def test_a_capability_the_server_lacks_skips_its_scenarios(oldest_run):
    run = oldest_run
    skipped = {t["name"]: t["message"] for t in run.summary["scenarios"] if t["verdict"] == "skipped"}
    assert skipped["A group conversation can be created without inviting a group"] == \
        "server does not advertise empty-group-room"
    # Everything else skipped needs another capability Talk 3.1 lacks, or a rule its docs do not give.
    # ("works, not advertised": the probe of an unadvertised capability passed, still a skip.)
    assert all(m.removeprefix("works, not advertised: ").startswith(
        ("server does not advertise ", "the docs of the server's release (Talk 3.2)", "only for API v4 ("))
        or " is documented from Talk " in m for m in skipped.values()), skipped
    [row] = [r for r in run.summary["capability_matrix"]["rows"] if r["capability"] == "empty-group-room"]
    assert row["advertised"] is False and row["skipped"] == 1
    assert run.rc == 0, run.stderr[-2000:]


def test_each_server_is_judged_by_the_api_version_it_advertises(green_run, current_run):
    """Talk 7 (no conversation-v4) by the v1 profile, Talk 22 (conversation-v4) by the v4 profile: each
    run's fuzz tests are its own document's only."""
    assert green_run.summary["target"]["profile"] == "v1"
    assert current_run.summary["target"]["profile"] == "v4"
    assert "conversation-v4" in current_run.summary["target"]["features"]
    v4_fuzz = {t["id"] for t in current_run.summary["scenarios"] if "test_operation_conforms" in t["id"]}
    assert v4_fuzz and all("[v4:" in i for i in v4_fuzz), sorted(v4_fuzz)[:5]
    assert not any("[v4:" in t["id"] for t in green_run.summary["scenarios"])


def test_plain_pytest_is_the_contract(tmp_path):
    """`pytest --base-url URL --admin USER:PASS` from the repository root runs the suite and nothing else."""
    with embedded.start() as server:
        proc = subprocess.run([sys.executable, "-m", "pytest", "--base-url", server.url, "--admin", ":".join(server.admin),
                               "-p", "no:cacheprovider", "-q", "-m", "not fuzz", "--co"],
                              capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, "only collecting checks nothing: could not judge"
    assert "features/test_scenarios.py::" in proc.stdout
    assert "tests/" not in proc.stdout


def test_run_with_an_admin_leaves_nothing_behind(oldest_run):
    """The throwaway users and group, and every room, are gone after the run."""
    assert oldest_run.rc == 0, oldest_run.stderr[-2000:]
    assert oldest_run.notes["left"] == {"users": 1, "groups": 1, "rooms": 0, "participants": 0}  # the admin, its group


@pytest.mark.parametrize("release", GREEN)
def test_run_with_premade_accounts_deletes_its_rooms(release, request):
    """With pre-made accounts nothing deletes users, so only the suite's own clean-up can empty the rooms
    (fuzzing's included). On Talk 22 a fresh user gets default conversations of their own (as a real
    server's changelog, note to self and sample): those are the user's, not the run's (conftest.left_on)."""
    run = request.getfixturevalue(GREEN[release])
    assert run.rc == 0, run.stderr[-2000:] + run.stdout[-2000:]
    assert run.notes["left"] == {"users": 5, "groups": 2, "rooms": 0, "participants": 0}  # + admin, its group


def test_plain_pytest_with_a_malformed_option_stops_once():
    proc = subprocess.run([sys.executable, "-m", "pytest", "--base-url", "http://127.0.0.1:9", "--admin", "no-colon",
                           "-p", "no:cacheprovider", "-q"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 4, proc.stdout[-1000:]
    assert proc.stderr.strip() == "ERROR: talk-conformance: --admin: expected USER:PASS"
    assert "failed" not in proc.stdout and "no-colon" not in proc.stdout + proc.stderr

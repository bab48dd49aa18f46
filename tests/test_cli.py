"""The command line: every way a run cannot start is one line, exit 2, and reports that say why."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from talk_conformance import ROOT, catalogue
from talk_conformance.run import embedded

REFUSED = [
    (["--fuzz-examples", "0"], {}, "--fuzz-examples: must be at least 1, got 0"),
    (["--user", "a:b"], {}, "--user needs 4 accounts (owner, moderator, user, stranger), got 1"),
    (["--user", "a:1", "--user", "b:2", "--user", "c:3", "--user", "d:4"], {}, "--group names a group"),
    (["--base-url", "not-a-url", "--admin", "a:b"], {}, "'not-a-url' is not an http:// or https:// URL"),
    (["--base-url", "http://127.0.0.1:9", "--admin", "a:b"], {}, "unreachable: the connection was refused"),
    (["--base-url", "http://127.0.0.1:9"], {"TALK_ADMIN": "no-colon"}, "TALK_ADMIN: expected USER:PASS"),
    (["--base-url", "http://127.0.0.1:9", "--admin", "no-colon"], {}, "--admin: expected USER:PASS"),
]


def _run(args, env, cwd) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
    return subprocess.run([sys.executable, "-m", "talk_conformance", "run", "--report-dir", str(cwd / "reports"), *args],
                          capture_output=True, text=True, cwd=cwd, env={**environment, **env}, timeout=120)


@pytest.mark.parametrize("args, env, says", REFUSED, ids=[r[2][:30] for r in REFUSED])
def test_a_run_that_cannot_start_is_one_line_exit_2_and_reports(args, env, says, tmp_path):
    proc = _run(args, env, tmp_path)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "talk-conformance" in lines[0] and says in lines[0], proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["verdict"] == "could-not-judge" and says in summary["reason"], summary["reason"]
    assert (tmp_path / "reports" / "report.html").is_file() and (tmp_path / "reports" / "junit.xml").is_file()
    for secret in ("a:b", "no-colon", "b:2"):
        assert secret not in proc.stdout + proc.stderr or secret in says


def test_refused_credentials_are_one_line(tmp_path):
    with embedded.start() as server:
        proc = _run(["--base-url", server.url, "--admin", "admin:wrong-password"], {}, tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "talk-conformance: the target refused the admin credentials for 'admin' (HTTP 401)"
    assert "wrong-password" not in proc.stderr + proc.stdout


def test_nothing_selected_is_not_conformant(tmp_path):
    proc = _run(["--", "-k", "nosuchscenariotitle"], {}, tmp_path)
    assert proc.returncode == 2
    assert "no scenario was selected" in proc.stderr
    assert json.loads((tmp_path / "reports" / "summary.json").read_text())["verdict"] == "could-not-judge"


def test_a_partial_selection_says_so(tmp_path):
    proc = _run(["--capability", "empty-group-room", "--jobs", "1", "--", "-m", "not fuzz"], {}, tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["selection"]["selected"] == 1 and summary["selection"]["partial"]
    assert f"conformant (partial: 1 of {summary['selection']['total']} scenarios)" in proc.stdout


def test_version_list_and_help(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "talk_conformance", *args], capture_output=True, text=True,
                              cwd=tmp_path)
    assert cli("--version").stdout.startswith("talk-conformance ")
    listed = cli("list").stdout
    assert "Renaming a conversation  (conversation/rename.feature)" in listed
    assert "A group conversation can be created without inviting a group  [capability:empty-group-room]" in listed
    from talk_conformance.run import settings
    for command in ("run", "serve"):
        text = cli(command, "--help").stdout
        for s in settings.for_command(command):
            assert s.flags[0] in text, f"{command} --help does not document {s.flags[0]}"


def test_a_feature_path_and_k_words_select_scenarios():
    def collected(*args):
        proc = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", *args],
                              capture_output=True, text=True, cwd=ROOT)
        return [line for line in proc.stdout.splitlines() if "::" in line]
    rename = collected("features/conversation/rename.feature")
    in_file = [s for s in catalogue.load(ROOT / "features") if s.path == "conversation/rename.feature"]
    assert len(rename) == sum(s.runs for s in in_file) > len(in_file), "an outline counts once per Examples row"
    # -k reads the feature's name ("Renaming a conversation") and every scenario's own title.
    by_word = collected("-k", "Renaming")
    named = [s for s in catalogue.load(ROOT / "features") if s.path != "conversation/rename.feature"
             and "renaming" in s.title.lower()]
    assert set(rename) <= set(by_word) and len(by_word) == len(rename) + sum(s.runs for s in named), by_word
    assert set(rename) <= set(collected("-k", "rename"))


# --- local mistakes, caught before the run --------------------------------------------------------

def test_a_report_dir_naming_a_file_is_one_line_before_the_run(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for args, env in ((["--report-dir", str(afile)], {}), ([], {"TALK_REPORT_DIR": str(afile)})):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
        proc = subprocess.run([sys.executable, "-m", "talk_conformance", "run", *args], capture_output=True,
                              text=True, cwd=tmp_path, env={**environment, **env}, timeout=60)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "names a file, not a folder" in lines[0], proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr and "passed" not in proc.stdout


def test_an_unwritable_report_dir_is_refused_before_anything_runs(tmp_path):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "talk_conformance", "run", "--report-dir", "/proc/nope"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "the reports cannot be written to /proc/nope" in lines[0], proc.stderr
    assert time.monotonic() - started < 20 and "passed" not in proc.stdout


def test_an_unknown_capability_names_the_nearest_known_one(tmp_path):
    proc = _run(["--capability", "favorite"], {}, tmp_path)
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert "no scenario tagged 'favorite'; did you mean 'favorites'? known: " in line and "webinary-lobby" in line
    assert "did you mean 'favorites'" in json.loads((tmp_path / "reports" / "summary.json").read_text())["reason"]
    plain = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--co", "--capability",
                            "favorite"], capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode != 0 and "did you mean 'favorites'" in plain.stderr


# --- selection as pytest users expect -------------------------------------------------------------

def test_k_m_and_failed_first_reruns_work_without_dashes(tmp_path):
    with embedded.start(profile="talk-7", faults=["rename-by-non-moderator"]) as server:
        env = {"TALK_ADMIN": ":".join(server.admin)}
        first = _run(["--base-url", server.url, "--jobs", "1", "-k", "rename", "-m", "not fuzz"], env, tmp_path)
        assert first.returncode == 1, first.stdout[-2000:] + first.stderr[-2000:]
        assert (tmp_path / "reports" / ".cache").is_dir(), "the cache is kept beside the reports"
        failed = json.loads((tmp_path / "reports" / "summary.json").read_text())["totals"]["failed"]
        again = _run(["--base-url", server.url, "--jobs", "1", "--lf"], env, tmp_path)
    assert again.returncode == 1, again.stdout[-2000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["selection"]["selected"] == failed == summary["totals"]["failed"] > 0


def test_list_counts_what_run_counts(tmp_path):
    listed = json.loads(subprocess.run([sys.executable, "-m", "talk_conformance", "list", "--json"],
                                       capture_output=True, text=True, cwd=tmp_path).stdout)
    collected = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", "features"],
                               capture_output=True, text=True, cwd=ROOT).stdout
    tests = [line for line in collected.splitlines() if "::" in line]
    counts = listed["counts"]
    assert counts["tests"] == len(tests) == counts["scenario_tests"] + counts["fuzzed_operations"]
    assert counts["fuzzed_operations"] == sum("test_fuzz.py" in t for t in tests)
    assert counts["scenarios"] == len(listed["scenarios"]) < counts["scenario_tests"]
    text = subprocess.run([sys.executable, "-m", "talk_conformance", "list"], capture_output=True, text=True,
                          cwd=tmp_path).stdout
    # A run keeps its API version's fuzz tests: what `list` says it counts against each.
    per_api = {api: counts["scenario_tests"] + sum(
        (t.split("[")[1].startswith(f"{api}:") if api != "v1" else ":" not in t.split("[")[1])
        for t in tests if "test_operation_conforms" in t) + 1 for api in counts["by_api"]}
    assert counts["by_api"] == per_api, (counts["by_api"], per_api)
    assert "; ".join(f"against an API {api} server {n}" for api, n in per_api.items()) in text


# --- stopped runs are honest ------------------------------------------------------------------------

@pytest.mark.parametrize("stop, jobs", [(["-x"], "2"), (["--maxfail", "2"], "1")], ids=["x-workers", "maxfail-one"])
def test_a_stopped_run_with_a_broken_rule_is_not_conformant_and_says_what_never_ran(stop, jobs, tmp_path):
    with embedded.start(profile="talk-7", faults=["add-by-non-moderator", "add-unknown-user"]) as server:
        proc = _run(["--base-url", server.url, "--jobs", jobs, "-m", "not fuzz", *stop],
                    {"TALK_ADMIN": ":".join(server.admin)}, tmp_path)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    doc = json.loads((tmp_path / "reports" / "summary.json").read_text())
    t = doc["totals"]
    assert doc["verdict"] == "not-conformant" and doc["not_run"] > 0, doc["reason"]
    assert sum(t.values()) + doc["not_run"] == doc["selection"]["selected"] == len(doc["scenarios"]) + doc["not_run"]
    assert f"{doc['not_run']} of {doc['selection']['selected']} selected tests never ran" in doc["reason"]
    assert f", {doc['not_run']} never ran;" in proc.stdout
    assert f"{t['passed']} passed" in proc.stdout and f"{t['failed']} failed" in proc.stdout
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    assert f'tests="{len(doc["scenarios"])}"' in junit and f'name="not_run" value="{doc["not_run"]}"' in junit
    html = (tmp_path / "reports" / "report.html").read_text()
    assert f"{doc['not_run']} never ran" in html


def test_partial_results_never_say_every_check_passed():
    from talk_conformance.output.report import build_summary

    doc = build_summary(tests=[{"id": "a", "feature": "f", "name": "n", "capabilities": [], "verdict": "passed",
                                "message": "", "cause": "", "steps": [], "exchanges": [], "duration": 0.0}],
                        selection={"selected": 3, "total": 3, "partial": False}, problem=None, interrupted=True,
                        target={"features": []}, http={"requests": 0, "seconds": 0.0}, started=0, coverage=set(),
                        removed=[])
    assert doc["verdict"] == "could-not-judge" and doc["not_run"] == 2
    assert "passed" not in doc["reason"].split(";")[0] and "2 of 3 selected tests never ran" in doc["reason"]


# --- odd targets get accurate hints ----------------------------------------------------------------

class _Answer(http.server.BaseHTTPRequestHandler):
    status, body, delay = 200, b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>", 0.0

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except OSError:
            pass  # the client gave up waiting (the timeout case)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("status, delay, says", [
    (200, 0.0, "answered HTML (HTTP 200) to the capabilities request, not an OCS API"),
    (500, 0.0, "answered HTTP 500 to the capabilities request: a 500: the server failed"),
    (200, 3.0, "did not answer within 1 seconds (the limit is --request-timeout, environment TALK_REQUEST_TIMEOUT)"),
], ids=["html-200", "html-500", "timeout"])
def test_odd_targets_get_accurate_hints(status, delay, says, tmp_path):
    handler = type("Handler", (_Answer,), {"status": status, "delay": delay})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = _run(["--base-url", f"http://127.0.0.1:{server.server_address[1]}", "--request-timeout", "1"],
                    {"TALK_ADMIN": "admin:x"}, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 2
    [line] = proc.stderr.strip().splitlines()
    assert says in line, line
    assert "is it a Nextcloud server?" not in line


def test_the_embedded_server_is_named_in_every_output(tmp_path):
    proc = _run(["--jobs", "1", "--capability", "empty-group-room", "-m", "not fuzz"], {}, tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    name = "the embedded reference server (Talk 22)"
    doc = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert doc["target"]["description"].startswith(name + " at http://127.0.0.1:")
    assert f"({name} at http://127.0.0.1:" in proc.stdout
    assert name in (tmp_path / "reports" / "report.html").read_text()
    assert name in (tmp_path / "reports" / "junit.xml").read_text()


def test_the_v1_releases_are_a_release_away(tmp_path):
    """Without --base-url, --release picks the embedded server's release; with one, it is refused."""
    proc = _run(["--release", "talk-7", "--jobs", "1", "--capability", "empty-group-room", "-m", "not fuzz"], {},
                tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    doc = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert doc["target"]["description"].startswith("the embedded reference server (Talk 7) at ")
    assert doc["target"]["profile"] == "v1" and "conversation-v4" not in doc["target"]["features"]
    refused = _run(["--base-url", "http://127.0.0.1:9", "--admin", "a:b", "--release", "talk-7"], {}, tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("talk-conformance: --release chooses the embedded")


def test_a_run_that_never_started_does_not_count_tests_as_never_run(tmp_path):
    proc = _run(["-k", "not a valid ( expression"], {}, tmp_path)
    assert proc.returncode == 2
    doc = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert doc["verdict"] == "could-not-judge" and doc["not_run"] == 0, doc["reason"]


def test_a_timeout_inside_a_scenario_names_its_limit_and_option():
    from talk_conformance.run import client
    from talk_conformance.run.exchange import RequestIds, Stream
    from talk_conformance.spec import profile

    handler = type("Handler", (_Answer,), {"delay": 2.0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wire = client.Wire(f"http://127.0.0.1:{server.server_address[1]}", profile.V1, Stream(),
                           RequestIds("tctest", "main"), 0.5)
        with pytest.raises(client.TargetUnreachable) as caught:
            client.Actor(wire, "anonymous", judged=False).call("getCapabilities")
    finally:
        server.shutdown()
        server.server_close()
    assert "did not answer within 0.5 seconds (timed out; --request-timeout sets the limit)" in str(caught.value)


def test_plain_pytest_names_the_embedded_server_in_its_header():
    proc = subprocess.run([sys.executable, "-m", "pytest", "--co", "-p", "no:cacheprovider", "-k", "Renaming"],
                          capture_output=True, text=True, cwd=ROOT)
    assert "talk-conformance target: the embedded reference server (Talk 22)" in proc.stdout, proc.stdout[:1500]


def _processes_with(marker: str) -> list[str]:
    """The command lines of the processes whose environment holds ``marker`` (the run's, and any it left)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if marker.encode() not in f.read():
                    continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                found.append(f.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table in /proc")
@pytest.mark.parametrize("args", [["--", "--collect-only"], ["--", "--no-such-pytest-option"]],
                         ids=["only collected", "pytest refuses the command line"])
def test_the_embedded_server_booted_for_a_run_never_outlives_it(args, tmp_path):
    """`run` boots the embedded server while pytest starts up; a run that never takes it (tests only
    collected, a command line pytest refuses after the boot) still leaves no server process behind."""
    marker = f"TALK_TEST_MARKER_{os.getpid()}_{time.time_ns()}"
    proc = _run(args, {marker: "1"}, tmp_path)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout[-2000:] + proc.stderr[-2000:]
    left = [cmd for cmd in _processes_with(marker) if "talk_conformance serve" in cmd]
    assert left == [], f"server processes left behind: {left}"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table in /proc")
def test_the_run_takes_the_server_booted_for_it(tmp_path):
    """`run` boots the embedded server while pytest starts up: the run's owner must take that one, not
    start a second beside it (each server has a database of its own, named on its command line)."""
    marker = f"TALK_TEST_MARKER_{os.getpid()}_{time.time_ns()}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
    cmd = [sys.executable, "-m", "talk_conformance", "run", "--report-dir", str(tmp_path / "reports"),
           "-m", "not fuzz", "-k", "rename"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env={**environment, marker: "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    databases: set[str] = set()
    while proc.poll() is None:
        databases.update(line.split("--db ", 1)[1].split()[0] for line in _processes_with(marker)
                         if "talk_conformance serve" in line and "--db " in line)
        time.sleep(0.05)  # sampling the process table while the run goes on
    assert proc.returncode == 0
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["totals"]["passed"] > 0, summary["totals"]
    assert len(databases) == 1, f"servers started for one run: {sorted(databases)}"

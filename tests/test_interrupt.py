"""Nothing left behind, even when interrupted: SIGINT or SIGTERM midway through a run, with and without
workers, through the CLI and through plain pytest. The server's own database is the witness."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from talk_conformance import ROOT
from tests.test_refserver_support import InProcess

CASES = [
    ("cli", signal.SIGTERM, "1"), ("cli", signal.SIGINT, "2"),
    ("pytest", signal.SIGTERM, "2"), ("pytest", signal.SIGINT, "1"),
]


def _run_users(server) -> list[str]:
    reply = requests.get(f"{server.url}/ocs/v2.php/cloud/users", params={"search": "tc", "format": "json"},
                         auth=server.admin, headers={"OCS-APIRequest": "true"}, timeout=10)
    return [u for u in reply.json()["ocs"]["data"]["users"] if u.startswith("tc")]


@pytest.mark.parametrize("how, sig, jobs", CASES, ids=[f"{h}-{s.name}-{j}" for h, s, j in CASES])
def test_an_interrupted_run_cleans_up_and_says_so(how, sig, jobs, tmp_path):
    reports = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
    # Answers that take a while, so the signal arrives while scenarios run.
    with InProcess(tmp_path / "server.sqlite", latency_ms=40) as server:
        env["TALK_ADMIN"] = ":".join(server.admin)
        if how == "cli":
            cmd = [sys.executable, "-m", "talk_conformance", "run", "--base-url", server.url, "--jobs", jobs,
                   "--report-dir", str(reports)]
        else:
            cmd = [sys.executable, "-m", "pytest", "--base-url", server.url, "--report-dir", str(reports),
                   "-p", "no:cacheprovider", "-q", *(["-n", jobs] if jobs != "1" else [])]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(_run_users(server)) < 4:  # the run has provisioned its users: it is midway
            assert proc.poll() is None and time.monotonic() < deadline, "the run never got going"
            time.sleep(0.1)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
        left = _run_users(server)
        rooms = len(server.app.repo.rooms.all())
    assert proc.returncode == 128 + sig, (proc.returncode, out[-2000:], err[-2000:])
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"talk-conformance: interrupted by {sig.name}: removed "), err
    assert "Traceback" not in out + err
    assert left == [], f"users left on the target: {left}"
    assert rooms == 0, f"{rooms} rooms left on the target"
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["verdict"] == "could-not-judge" and "interrupted" in summary["reason"]
    assert "passed" not in summary["reason"].split(";")[0]
    assert sum(summary["totals"].values()) + summary["not_run"] == summary["selection"]["selected"]


def test_an_interrupted_run_that_found_a_broken_rule_is_not_conformant(tmp_path):
    """Ctrl-C after a failure: exit 1, not 130; every output says how many tests never ran, and the
    counts add up to the selection."""
    import threading

    reports = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALK_")}
    with InProcess(tmp_path / "server.sqlite", latency_ms=40, faults=frozenset({"add-by-non-moderator"})) as server:
        env["TALK_ADMIN"] = ":".join(server.admin)
        cmd = [sys.executable, "-m", "talk_conformance", "run", "--base-url", server.url, "--jobs", "1",
               "--report-dir", str(reports), "-m", "not fuzz", "-k", "participant"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                bufsize=0)
        seen, failed = [], threading.Event()

        def watch():
            progress = False
            while (char := proc.stdout.read(1)):
                seen.append(char)
                progress = progress or "test_scenarios.py " in "".join(seen[-20:])
                if progress and char == "F":
                    failed.set()

        reader = threading.Thread(target=watch, daemon=True)
        reader.start()
        assert failed.wait(90), "".join(seen)[-2000:]
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read()
        proc.wait(timeout=120)
        reader.join(timeout=10)
    out = "".join(seen)
    assert proc.returncode == 1, (proc.returncode, out[-2000:], err[-2000:])
    doc = json.loads((reports / "summary.json").read_text())
    assert doc["verdict"] == "not-conformant" and "the run was interrupted" in doc["reason"], doc["reason"]
    assert doc["not_run"] > 0 and sum(doc["totals"].values()) + doc["not_run"] == doc["selection"]["selected"]
    assert f"{doc['not_run']} never ran" in out and f"{doc['not_run']} tests never ran" in err
    assert f'name="not_run" value="{doc["not_run"]}"' in (reports / "junit.xml").read_text()

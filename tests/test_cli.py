"""The command line: every way a run cannot start is one line, exit 2, and reports that say why."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from talk_conformance import ROOT, embedded

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
    from talk_conformance import settings
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
    assert len(rename) == 11
    assert collected("-k", "Renaming") == rename
    assert set(rename) <= set(collected("-k", "rename"))

"""What only a real process shows: the ready line and a quiet log, data across restarts, one-line
start-up errors with a non-zero exit, and one slow request not holding up another over real HTTP.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from talk_conformance.run import embedded
from talk_refserver.faults import catalogue
from tests.test_refserver_support import Api, Users, assert_envelope, create_room

REPOSITORY = Path(__file__).resolve().parent.parent


def serve_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "talk_conformance", "serve", *args], capture_output=True,
                          text=True, cwd=REPOSITORY, timeout=timeout)


def test_serve_prints_one_line_and_no_access_log():
    with embedded.start() as server:
        requests.get(server.url + "/ocs/v2.php/cloud/capabilities", timeout=10)
        requests.get(server.url + "/ocs/v2.php/nothing", timeout=10)
        lines = [line for line in list(server.log) if line.strip()]
    assert lines == [], lines  # the ready line is consumed by start(); nothing else is printed


def test_restart_keeps_data(tmp_path):
    db = tmp_path / "kept.sqlite"
    admin = ("root", "first password")
    with embedded.start(db=db, admin=admin, profile="talk-7") as first:
        users = Users(first)
        alice = users.user("alice")
        token = create_room(alice, 3, "durable")
        guest = users.guest()
        assert guest.post(f"/room/{token}/participants/active").status == 200
        cookie = dict(guest.session.cookies)
    with embedded.start(db=db, admin=admin, profile="talk-7") as second:
        again = Api(second, alice.session.auth)
        room = again.get(f"/room/{token}")
        assert_envelope(room, 200)
        assert room.data["name"] == "durable"
        assert Api(second, admin).get("/cloud/users/alice").data["id"] == "alice"
        # The instance id, hence the guest's cookie name, survives too.
        revisiting = Api(second)
        revisiting.session.cookies.update(cookie)
        assert revisiting.get(f"/room/{token}").data["participantType"] == 4
        assert "set-cookie" not in {k.lower() for k in revisiting.get(f"/room/{token}").headers}


def test_port_in_use_is_one_line_and_exit_2(tmp_path):
    with embedded.start() as server:
        port = server.url.rsplit(":", 1)[1]
        proc = serve_cli("--port", port, "--db", str(tmp_path / "second.sqlite"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"talk-conformance: port {port} on 127.0.0.1 is in use\n"


def test_unknown_capability_is_one_line_and_exit_2(tmp_path):
    proc = serve_cli("--port", "0", "--db", str(tmp_path / "x.sqlite"), "--capabilities", "audio,telepathy")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("talk-conformance: unknown capability telepathy (known: audio, video, ")
    assert "conversation-v4" in proc.stderr
    assert not (tmp_path / "x.sqlite").exists()  # refused before anything was created


def test_unknown_fault_is_one_line_and_exit_2(tmp_path):
    proc = serve_cli("--port", "0", "--db", str(tmp_path / "x.sqlite"), "--fault", "no-such-fault")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "talk-conformance: unknown fault no-such-fault\n"


def test_fault_list_names_every_fault():
    proc = serve_cli("--fault", "list")
    assert proc.returncode == 0
    names = [line.split(":", 1)[0] for line in proc.stdout.splitlines()]
    # Every declared fault of every API version, once, in order (the count grows with the rules the
    # server implements); a fault of the v4 rules says so.
    assert names == sorted(catalogue(None))
    assert "rename-by-non-moderator" in names
    v4 = [line for line in proc.stdout.splitlines() if line.split(":", 1)[0] in catalogue("v4")]
    assert v4 and all(line.endswith("(API v4: --release talk-12, talk-17 or talk-22)") for line in v4)


LOGIN_COST_S = 1.5
_SERVE_WITH_COST = (
    "import sys\n"
    "from talk_refserver.server import serve\n"
    f"serve(port=0, db=sys.argv[1], admin=('admin', 'pw'), login_cost_ms={int(LOGIN_COST_S * 1000)},\n"
    "      on_ready=lambda url: print('ready ' + url, flush=True))\n"
)


def test_a_waiting_request_does_not_block_another(tmp_path):
    """One request waits out the login cost; a guest's request meanwhile is answered at once."""
    proc = subprocess.Popen([sys.executable, "-c", _SERVE_WITH_COST, str(tmp_path / "slow.sqlite")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("ready "), line
        url = line.split()[1]
        requests.get(url + "/ocs/v2.php/cloud/capabilities", timeout=10)  # warm up: imports, first connection
        done: dict[str, float] = {}
        start = time.monotonic()

        def slow():
            reply = requests.get(url + "/ocs/v2.php/cloud/users/admin?format=json", auth=("admin", "pw"), timeout=10)
            assert reply.status_code == 200
            done["slow"] = time.monotonic() - start

        waiting = threading.Thread(target=slow)
        waiting.start()
        time.sleep(0.2)  # the slow request is now waiting inside the server
        quick = requests.get(url + "/ocs/v2.php/cloud/capabilities?format=json", timeout=10)
        done["quick"] = time.monotonic() - start
        waiting.join(timeout=10)
        assert quick.status_code == 200
        assert done["slow"] >= LOGIN_COST_S, done
        assert done["quick"] < 0.2 + 0.5 < done["slow"], done
    finally:
        proc.terminate()
        proc.wait(timeout=10)

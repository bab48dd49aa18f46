"""Helpers for the project's own tests: run the real CLI against real servers and read its reports."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from talk_conformance import ROOT
from talk_conformance.run import embedded
from talk_conformance.run.provisioning import ROLES, Provisioner, harness_wire
from talk_conformance.spec import profile
from talk_refserver.capabilities import profile_options
from tests.test_refserver_support import InProcess, Users

# Modules whose tests run the suite (seconds each), longest first.
LONG_FIRST = ("test_matrix.py", "test_suite.py", "test_faults.py", "test_report.py", "test_install.py",
              "test_ci_examples.py")


def pytest_collection_modifyitems(config, items: list) -> None:
    """Every worker starts with its share of the long tests. xdist's worksteal hands worker k the k-th
    contiguous slice of the collection and lets idle workers steal from the end of the longest queue:
    the long tests are dealt round-robin to the heads of the slices, the short ones fill them up.
    (All long tests first, in one slice, left one worker with them: 2:45 to 3:30 against 2:18.)"""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    long = sorted((item for item in items if item.path.name in LONG_FIRST),
                  key=lambda item: LONG_FIRST.index(item.path.name))
    short = deque(item for item in items if item.path.name not in LONG_FIRST)
    slices: list[list] = [[] for _ in range(workers)]
    for n, item in enumerate(long):
        slices[n % workers].append(item)
    # The slice sizes worksteal cuts: len // workers, then what is left over the workers left.
    left = len(items)
    for k, chosen in enumerate(slices):
        size = left // (workers - k)
        left -= size
        while len(chosen) < size and short:
            chosen.append(short.popleft())
    items[:] = [item for chosen in slices for item in chosen] + list(short)


@dataclass
class SuiteRun:
    rc: int
    stdout: str
    stderr: str
    report_dir: Path
    notes: dict = field(default_factory=dict)  # what else the test that made the run recorded

    @property
    def summary(self) -> dict:
        return json.loads((self.report_dir / "summary.json").read_text())

    def with_verdict(self, verdict: str) -> set[str]:
        """Names of the scenarios with this verdict (an outline counts once its example does)."""
        return {t["name"] for t in self.summary["scenarios"] if t["verdict"] == verdict}


def shared_run(tmp_path_factory, name: str, make: Callable[[Path], SuiteRun]) -> SuiteRun:
    """A run that tests of several modules read, made once per `make test`: by the first worker process
    that asks (``make(folder)``), while the others wait on a lock and then read its record."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    # Workers' temporary folders share their parent; without workers it would be shared by every session.
    root = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    record = root / f"shared-{name}.json"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            data = json.loads(record.read_text())
            return SuiteRun(data["rc"], data["stdout"], data["stderr"], Path(data["report_dir"]), data["notes"])
        folder = root / f"shared-{name}"
        shutil.rmtree(folder, ignore_errors=True)  # what an earlier, failed attempt left
        folder.mkdir()
        run = make(folder)
        record.write_text(json.dumps({**vars(run), "report_dir": str(run.report_dir)}))
        return run


def run_inprocess(server, tmp_path: Path, *args: str, plugins=()) -> SuiteRun:
    """The conformance scenarios (no fuzzing) against ``server``, as a pytest session inside this process:
    no interpreter start and no imports per run. ``plugins`` join the nested session."""
    report_dir = tmp_path / "reports"
    capture = io.StringIO()
    with contextlib.redirect_stdout(capture):
        rc = pytest.main([str(ROOT / "features" / "test_scenarios.py"), "--base-url", server.url,
                          "--admin", ":".join(server.admin), "--report-dir", str(report_dir),
                          "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
                          "-p", "no:cacheprovider", "-q", *args], plugins=list(plugins))
    return SuiteRun(int(rc), capture.getvalue(), "", report_dir)


def run_cli(args: list[str], report_dir: Path, timeout: float = 300) -> SuiteRun:
    proc = subprocess.run([sys.executable, "-m", "talk_conformance", "run", "--report-dir", str(report_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    return SuiteRun(proc.returncode, proc.stdout, proc.stderr, report_dir)


def _premade_run(release: str):
    """The whole suite (fuzzing included, two processes) against the reference server as ``release``,
    with pre-made accounts: nothing deletes users then, so only the suite's own clean-up can empty the
    rooms. ``notes["left"]``: what the server's SQLite file still held afterwards."""
    def make(where: Path) -> SuiteRun:
        db = where / "server.sqlite"
        with embedded.start(db=db, profile=release) as server:
            admin = Provisioner(harness_wire(server.url), server.admin)
            accounts = [admin.create_user(f"premade-{role}", role) for role in ROLES]
            admin.create_group("premade-group", [a.user_id for a in accounts[1:3]])
            users = [arg for a in accounts for arg in ("--user", f"{a.user_id}:{a.password}")]
            run = run_cli(["--base-url", server.url, *users, "--group", "premade-group", "--jobs", "2"],
                          where / "reports")
        run.notes["left"] = left_on(db)
        return run
    return make


@pytest.fixture(scope="session")
def green_run(tmp_path_factory) -> SuiteRun:
    """The whole suite against the reference server as Talk 7 (API v1), with pre-made accounts
    (:func:`_premade_run`). (test_suite.py and test_matrix.py read it; the embedded default, no
    --base-url, is run by test_ci_examples.py and test_install.py, provisioning with an admin by the
    oldest run below.)"""
    return shared_run(tmp_path_factory, "green", _premade_run("talk-7"))


@pytest.fixture(scope="session")
def current_run(tmp_path_factory) -> SuiteRun:
    """The whole suite against the reference server as Talk 22 (API v4, current Talk, the embedded
    default), with pre-made accounts (:func:`_premade_run`). (test_suite.py and test_matrix.py read it.)"""
    return shared_run(tmp_path_factory, "current", _premade_run("talk-22"))


def _oldest_features() -> list[str]:
    """Talk 3.2's features without empty-group-room, which Talk 3.1 lacked (the suite's own document)."""
    return [f for f in next(iter(profile.V1.release_table))["features"] if f != "empty-group-room"]


OLDEST = _oldest_features()


@pytest.fixture(scope="session")
def oldest_run(tmp_path_factory) -> SuiteRun:
    """The scenarios against a server of the oldest release covered (Talk 3.2's docs), lacking one of its
    capabilities: statuses only its docs give (412 on promote/demote) and operations later removed (the
    call ping) are provoked there, and the scenarios of the capability it lacks are skipped. Its users
    come from the admin; ``notes["left"]``: what the server's SQLite file held afterwards. (test_suite.py
    and test_matrix.py read it.)"""
    def make(where: Path) -> SuiteRun:
        with embedded.start(capabilities=OLDEST, db=where / "server.sqlite") as server:
            run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1",
                           "--", "-m", "not fuzz"], where / "reports")
        run.notes["left"] = left_on(where / "server.sqlite")
        return run
    return shared_run(tmp_path_factory, "oldest", make)


@pytest.fixture(scope="session")
def newest_run(tmp_path_factory) -> SuiteRun:
    """The scenarios against the reference server as the newest release with v1 rooms (Talk 11): statuses
    only later releases' docs give (a guest's 401 on favorites) are provoked there. The same run as
    test_matrix.py's talk-11 profile (test_suite.py and test_matrix.py read it)."""
    from talk_refserver.capabilities import profile_options

    def make(where: Path) -> SuiteRun:
        with InProcess(where / "server.sqlite", **profile_options("talk-11")) as server:
            return run_inprocess(server, where, "-m", "not fuzz")
    return shared_run(tmp_path_factory, "profile-talk-11", make)


# A user's own default conversations (API v4: the changelog, the note to self, the sample a fresh user
# gets): the user's, never the run's to delete.
DEFAULT_ROOM = "(type IN (4, 6) OR object_type = 'sample')"


def left_on(db: Path) -> dict[str, int]:
    """What the reference server's SQLite file still holds, table by table (rooms and participants but
    the users' own default conversations)."""
    queries = {"users": "SELECT COUNT(*) FROM users", "groups": "SELECT COUNT(*) FROM groups",
               "rooms": f"SELECT COUNT(*) FROM rooms WHERE NOT {DEFAULT_ROOM}",
               "participants": f"SELECT COUNT(*) FROM participants WHERE room_id NOT IN "
                               f"(SELECT id FROM rooms WHERE {DEFAULT_ROOM})"}
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(query).fetchone()[0] for name, query in queries.items()}


@pytest.fixture
def suite(tmp_path):
    """Run the conformance suite through the CLI: ``suite(args...)``."""
    def _run(*args: str, timeout: float = 300) -> SuiteRun:
        return run_cli(list(args), tmp_path / "reports", timeout)
    return _run


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A plain reference server for one test module, in-process."""
    with InProcess(tmp_path_factory.mktemp("refserver") / "reference.sqlite") as srv:
        yield srv


@pytest.fixture(scope="module")
def users(server):
    return Users(server)


@pytest.fixture
def as_release(tmp_path):
    """``as_release("talk-11")``: the users of a reference server of that release (closed at the end)."""
    servers = []

    def start(profile: str):
        server = InProcess(tmp_path / f"{profile}.sqlite", **profile_options(profile))
        servers.append(server)
        return Users(server)
    yield start
    for server in servers:
        server.close()

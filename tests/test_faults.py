"""Every scenario can fail: against a server that breaks one documented rule, its guards fail.

A scenario names the reference-server faults it must catch with ``@fault:NAME`` tags, beside the
scenario in its feature file; each fault is declared beside the rule it breaks, in the reference
server. For each fault, the suite runs its guards only (``-m "fault(name='NAME')"``), in this
process, against a server with that fault: every guard must fail, with no error. Against the plain
server everything passes (test_suite.py).

One server per era serves the whole module, its fault switched between runs (each run provisions
users of its own): starting a server per fault cost more than most faults' runs.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from talk_conformance import ROOT, catalogue
from talk_conformance.capabilities import ABSENT_TAG_PREFIX
from talk_refserver.faults import Faults
from talk_refserver.faults import catalogue as fault_catalogue
from tests.conftest import ThreadedServer, run_inprocess
from tests.refserver_probes_participants import TALK_3_2

SCENARIOS = catalogue.load(ROOT / "features")
BEYOND = "beyond-the-docs"
FAULTS = fault_catalogue()


def _older_era(scenario) -> bool:
    """A scenario of what a later capability removed (``@without-capability:no-ping``) runs against a
    Talk 3.2 server: the default server (Talk 7) skips it."""
    return any(tag.startswith(ABSENT_TAG_PREFIX) for tag in scenario.tags)


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{older era?: server}: Talk 7 (the default), and Talk 3.2 for what later releases removed."""
    where = tmp_path_factory.mktemp("faults")
    with ThreadedServer(where / "new.sqlite") as new, ThreadedServer(where / "old.sqlite", features=TALK_3_2) as old:
        yield {False: new, True: old}


@contextmanager
def broken(server, fault: str):
    """The server breaking one documented rule until the block ends."""
    server.app.faults = Faults([fault])
    try:
        yield server
    finally:
        server.app.faults = Faults()


def test_every_fault_is_guarded():
    tagged = {f for s in SCENARIOS for f in s.faults}
    assert not set(FAULTS) - tagged, f"faults no scenario is tagged to catch: {sorted(set(FAULTS) - tagged)}"
    assert not tagged - set(FAULTS), f"@fault tags naming no fault of the reference server: {sorted(tagged - set(FAULTS))}"


def test_every_scenario_is_guarded():
    assert SCENARIOS, "no scenarios found under features/"
    unguarded = [f"{s.path}: {s.title}" for s in SCENARIOS if not s.faults]
    assert not unguarded, f"scenarios no fault makes fail (tag them @fault:NAME): {unguarded}"


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_suite_fails_against_fault(fault, servers, tmp_path):
    guarding = [s for s in SCENARIOS if fault in s.faults]
    for era in (False, True):
        chosen = [s for s in guarding if _older_era(s) == era]
        if not chosen:
            continue
        guards = {s.title for s in chosen if BEYOND not in s.tags}
        # A check beyond the docs catches its fault too, but reports it (an expected failure), never fails.
        noted = {s.title for s in chosen if BEYOND in s.tags}
        with broken(servers[era], fault) as server:
            run = run_inprocess(server, tmp_path / ("old" if era else "new"), "-m", f"fault(name='{fault}')")
        failed = {n.split(" [")[0] for n in run.with_verdict("failed")}
        assert guards <= failed, f"with --fault {fault} these scenarios still pass: {sorted(guards - failed)}"
        expected = {n.split(" [")[0] for n in run.with_verdict("expected")}
        assert noted <= expected, f"with --fault {fault} these checks beyond the docs still hold: {sorted(noted - expected)}"
        assert not run.with_verdict("error"), f"errors are not failures: {run.with_verdict('error')}"
        assert run.rc == (1 if guards else 0), f"exit code {run.rc}: 1 when a documented rule is broken, else 0"


def test_a_known_deviation_is_named_in_the_failure(servers, tmp_path):
    """A real Talk 4-11 server fails where it breaks the docs, and the user is told it is a known deviation."""
    with broken(servers[False], "rename-one-to-one-400") as server:
        run = run_inprocess(server, tmp_path, "-m", "fault(name='rename-one-to-one-400')")
    [failure] = [t for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert failure["name"] == "A one-to-one conversation cannot be renamed"
    assert ("PUT /room/{token} answered 400, the docs say 405 Method Not Allowed (known deviation "
            "rename-one-to-one-400:") in failure["message"]

"""Every scenario can fail: against a server that breaks one documented rule, its guards fail.

A scenario names the reference-server faults it must catch with ``@fault:NAME`` tags, beside the
scenario in its feature file; each fault is declared beside the rule it breaks, in the reference
server. Each guard runs against a server with its fault on, and must fail, with no error. Against
the plain server everything passes (test_suite.py).

The faults are checked in batches: one pytest session (in this process) runs the guards of several
faults, switching the server to the running scenario's own fault for its steps. A batch holds each
scenario once, so every scenario meets exactly one fault in it. A session of its own per fault cost
about half a second each in start-up, collection and provisioning, more than most faults' guards.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from talk_conformance import ROOT, catalogue
from talk_conformance.spec.capabilities import ABSENT_TAG_PREFIX
from talk_refserver.capabilities import TALK_7_FEATURES, profile_options
from talk_refserver.faults import Faults
from talk_refserver.faults import catalogue as fault_catalogue
from talk_refserver.faults import releases as fault_releases
from tests.conftest import run_inprocess
from tests.refserver_probes_participants import TALK_3_2
from tests.test_refserver_support import InProcess

SCENARIOS = catalogue.load(ROOT / "features")
BEYOND = "beyond-the-docs"
FAULTS = fault_catalogue(None)
# A fault of a v4 rule acts only on a v4 release: it is proven against the newest (Talk 22).
V4_FAULTS = set(fault_catalogue("v4"))
# A fault that breaks a rule of a later release's docs is proven against the newest release.
LATER_RULES = fault_releases()
RELEASES = ("talk-7", "talk-3.2", "talk-11", "talk-22")
# About this many scenarios per session: enough sessions for the workers of `make test` to share
# evenly, few enough that their start-up stays small beside the scenarios.
SCENARIOS_PER_BATCH = 30


def _removed_later(scenario) -> bool:
    """A scenario of what a later capability removed (``@without-capability:no-ping``) runs against a
    Talk 3.2 server: the default server (Talk 7) skips it."""
    return any(tag.startswith(ABSENT_TAG_PREFIX) for tag in scenario.tags)


def _release_of(fault: str, scenario) -> str:
    """Talk 3.2 for what later releases removed; the newest release for a rule of a later release's
    docs, or a scenario of a capability Talk 7 lacks (the default server would skip it); Talk 22 for a
    fault of a v4 rule; else Talk 7."""
    if fault in V4_FAULTS:
        return "talk-22"
    if _removed_later(scenario):
        return "talk-3.2"
    if fault in LATER_RULES or set(scenario.capabilities) - set(TALK_7_FEATURES):
        return "talk-11"
    return "talk-7"


def _guards(fault: str, release: str) -> list:
    """The scenarios of one release tagged to catch ``fault``."""
    return [s for s in SCENARIOS if fault in s.faults and _release_of(fault, s) == release]


@dataclass(frozen=True)
class Batch:
    release: str
    faults: tuple[str, ...]

    def guards(self, fault: str) -> list:
        return _guards(fault, self.release)


def _batches() -> list[Batch]:
    """Each release's faults, spread over batches in which no scenario guards two faults; the faults with
    the most guards are placed first, each in the least loaded batch it fits."""
    batches = []
    for release in RELEASES:
        guards = {f: {s.title for s in _guards(f, release)} for f in sorted(FAULTS)}
        guards = {f: g for f, g in guards.items() if g}
        wanted = -(-sum(map(len, guards.values())) // SCENARIOS_PER_BATCH)
        slots: list[tuple[list[str], set[str]]] = [([], set()) for _ in range(wanted)]
        for fault in sorted(guards, key=lambda f: (-len(guards[f]), f)):
            fitting = [slot for slot in slots if not slot[1] & guards[fault]]
            if not fitting:
                fitting = [([], set())]
                slots.append(fitting[0])
            faults, titles = min(fitting, key=lambda slot: len(slot[1]))
            faults.append(fault)
            titles |= guards[fault]
        batches += [Batch(release, tuple(sorted(faults))) for faults, _ in slots]
    return batches


BATCHES = _batches()


class OneFaultPerScenario:
    """Plugin of a nested session: runs the guards of a batch's faults, each scenario's steps against
    the server broken by the one fault of the batch it guards."""

    def __init__(self, server, faults: tuple[str, ...]):
        self.server = server
        self.faults = set(faults)

    def fault_of(self, item) -> str | None:
        guarded = {m.kwargs["name"] for m in item.iter_markers("fault")} & self.faults
        assert len(guarded) <= 1, f"{item.name} guards several faults of one batch: {sorted(guarded)}"
        return next(iter(guarded), None)

    def pytest_collection_modifyitems(self, config, items):
        dropped = [item for item in items if self.fault_of(item) is None]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if self.fault_of(item) is not None]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        self.server.app.faults = Faults([self.fault_of(item)])
        try:
            return (yield)
        finally:
            self.server.app.faults = Faults()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{release: server}: Talk 7 (the default), Talk 3.2 for what later releases removed, Talk 11 for
    the rules of later v1 releases' docs, Talk 22 for the v4 rules."""
    where = tmp_path_factory.mktemp("faults")
    with InProcess(where / "new.sqlite") as new, InProcess(where / "old.sqlite", features=TALK_3_2) as old, \
            InProcess(where / "newest.sqlite", **profile_options("talk-11")) as newest, \
            InProcess(where / "v4.sqlite", **profile_options("talk-22")) as v4:
        yield {"talk-7": new, "talk-3.2": old, "talk-11": newest, "talk-22": v4}


def test_every_fault_is_guarded():
    tagged = {f for s in SCENARIOS for f in s.faults}
    assert not set(FAULTS) - tagged, f"faults no scenario is tagged to catch: {sorted(set(FAULTS) - tagged)}"
    assert not tagged - set(FAULTS), f"@fault tags naming no fault of the reference server: {sorted(tagged - set(FAULTS))}"


def test_every_scenario_is_guarded():
    assert SCENARIOS, "no scenarios found under features/"
    unguarded = [f"{s.path}: {s.title}" for s in SCENARIOS if not s.faults]
    assert not unguarded, f"scenarios no fault makes fail (tag them @fault:NAME): {unguarded}"


def test_the_batches_check_every_fault_against_every_guard_once():
    pairs = [(f, s.title) for b in BATCHES for f in b.faults for s in b.guards(f)]
    assert sorted(pairs) == sorted((f, s.title) for s in SCENARIOS for f in s.faults)
    for batch in BATCHES:
        titles = [s.title for f in batch.faults for s in batch.guards(f)]
        assert len(titles) == len(set(titles)), f"a scenario guards two faults of {batch}"


# (fault, guard) pairs caught only in a Given step, to be mended: the fault breaks the set-up before the
# scenario checks its rule (statuscode-mismatch breaks every answer, so creating the conversation fails),
# or the scenario's own Given sends the request whose answer breaks the rule (better made a When). Exact:
# a pair that comes to fail in a When or Then step must leave the list; a new pair may not join it.
CAUGHT_IN_GIVEN: dict[tuple[str, str], str] = {
    ("statuscode-mismatch", "A participant gets the conversation"): "creating the conversation fails first",
    ("statuscode-mismatch", "The owner renames the conversation"): "creating the conversation (Background) fails first",
    ("created-without-room", "Asking again for an existing one-to-one conversation returns it"):
        "its Given creates the one-to-one conversation, whose answer (Talk 8.0 on) already lacks the room",
}


def failing_phase(steps: list[dict]) -> str | None:
    """Given, When or Then: the kind of the step that failed (an And or a But is of the step before it),
    or None when no step failed (a failure before or after the steps)."""
    kind = None
    for step in steps:
        if step["keyword"] not in ("And", "But", "*"):
            kind = step["keyword"]
        if step["state"] == "failed":
            return kind
    return None


def test_the_failing_phase_is_the_kind_of_the_failing_step():
    def steps(*pairs):
        return [{"keyword": k, "text": "", "state": s} for k, s in pairs]
    assert failing_phase(steps(("Given", "passed"), ("When", "passed"), ("Then", "failed"))) == "Then"
    assert failing_phase(steps(("Given", "passed"), ("And", "failed"), ("When", "not run"))) == "Given"
    assert failing_phase(steps(("When", "passed"), ("Then", "passed"), ("And", "failed"))) == "Then"
    assert failing_phase(steps(("Given", ""), ("Then", ""))) is None


@pytest.mark.parametrize("batch", BATCHES, ids=[f"{b.release}-{i}" for i, b in enumerate(BATCHES)])
def test_every_guard_fails_against_its_fault(batch, servers, tmp_path):
    server = servers[batch.release]
    run = run_inprocess(server, tmp_path, plugins=[OneFaultPerScenario(server, batch.faults)])
    failed = {n.split(" [")[0] for n in run.with_verdict("failed")}
    expected = {n.split(" [")[0] for n in run.with_verdict("expected")}
    still = []
    for fault in batch.faults:
        for scenario in batch.guards(fault):
            # A check beyond the docs catches its fault too, but reports it (an expected failure), never fails.
            caught = expected if BEYOND in scenario.tags else failed
            if scenario.title not in caught:
                still.append(f"with --fault {fault}, {scenario.title!r} still "
                             + ("holds (beyond the docs)" if BEYOND in scenario.tags else "passes"))
    assert not still, "\n".join(still)
    # Caught means the rule was checked and found broken: a guard that fails while setting up (a Given
    # step) proves only that the fault broke something before the rule was checked.
    fault_of = {s.title: f for f in batch.faults for s in batch.guards(f)}
    phases = {(fault_of.get(t["name"].split(" [")[0]), t["name"].split(" [")[0]): failing_phase(t["steps"])
              for t in run.summary["scenarios"] if t["verdict"] in ("failed", "expected")}
    in_setup = sorted(f"with --fault {fault}, {title!r} failed in a {phase or 'no'} step"
                      for (fault, title), phase in phases.items()
                      if phase not in ("When", "Then") and (fault, title) not in CAUGHT_IN_GIVEN)
    assert not in_setup, "guards must fail in a When or Then step:\n" + "\n".join(in_setup)
    mended = sorted(f"{key}: now fails in a {phase} step, remove it from CAUGHT_IN_GIVEN"
                    for key, phase in phases.items() if key in CAUGHT_IN_GIVEN and phase in ("When", "Then"))
    assert not mended, "\n".join(mended)
    assert not run.with_verdict("error"), f"errors are not failures: {run.with_verdict('error')}"
    documented = any(BEYOND not in s.tags for f in batch.faults for s in batch.guards(f))
    assert run.rc == (1 if documented else 0), f"exit code {run.rc}: 1 when a documented rule is broken, else 0"


def test_a_known_deviation_is_named_in_the_failure(servers, tmp_path):
    """A real Talk 4-11 server fails where it breaks the docs, and the user is told it is a known deviation."""
    server = servers["talk-7"]
    run = run_inprocess(server, tmp_path, plugins=[OneFaultPerScenario(server, ("rename-one-to-one-400",))])
    [failure] = [t for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert failure["name"] == "A one-to-one conversation cannot be renamed"
    assert ("PUT /room/{token} answered 400, the docs say 405 Method Not Allowed (when the conversation is a "
            "one to one conversation) (known deviation rename-one-to-one-400:") in failure["message"]

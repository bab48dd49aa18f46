"""Every scenario can fail: against a server that breaks one documented rule, its scenario fails.

Each fault of the reference server is paired with the scenarios that guard its rule. The suite runs
against the faulted server and those scenarios must fail; against the plain server (test_suite.py)
everything passes. A fault without a guarding scenario fails `test_every_fault_is_guarded`; a scenario
that no fault makes fail (or a GUARDS entry naming no scenario) fails `test_every_scenario_is_guarded`.
"""

from __future__ import annotations

import re

import pytest

from talk_conformance import ROOT, embedded
from talk_refserver.faults import catalogue

FAULTS = catalogue()

SCENARIO_LINE = re.compile(r"^\s*Scenario(?: Outline)?:(.*)$")

GUARDS = {
    "rename-one-to-one-allowed": ["A one-to-one conversation cannot be renamed"],
    # What real Talk 4 to 7 servers do: still a failure, and its message names the known deviation.
    "rename-one-to-one-400": ["A one-to-one conversation cannot be renamed"],
    "rename-length-unchecked": ["A name of 201 characters is too long", "An empty name is refused"],
    "rename-by-non-moderator": ["A user who is not a moderator cannot rename"],
    "rename-not-saved": ["The owner renames the conversation", "A moderator renames the conversation"],
    "delete-by-non-moderator": ["A user who is not a moderator cannot delete"],
    "stranger-sees-room": ["A user who is not a participant cannot get a group conversation",
                           "A guest cannot get a group conversation"],
    "room-list-leaks": ["The list holds the conversations the user takes part in, and no others"],
    "create-invalid-type": ["An invalid conversation type is refused"],
    "create-unknown-invitee": ["Inviting a user who does not exist", "Inviting a group that does not exist"],
    "anonymous-room-list": ["Someone not logged in cannot list conversations"],
    "anonymous-create": ["Someone not logged in cannot create a conversation"],
    "one-to-one-duplicated": ["Asking again for an existing one-to-one conversation returns it"],
    "public-by-non-moderator": ["A user who is not a moderator cannot make it public"],
    "private-by-non-moderator": ["A user who is not a moderator cannot make it private"],
    "password-by-non-moderator": ["A user who is not a moderator cannot set a password"],
    "password-on-non-public": ["A password can only be set on a public conversation"],
    "statuscode-mismatch": ["The owner renames the conversation", "A participant gets the conversation"],
    "room-shape": ["A participant gets the conversation", "The list holds the conversations the user takes part in, and no others"],
    "unknown-room-200": ["A conversation that does not exist is not found",
                         "A conversation that does not exist cannot be renamed"],
    "password-not-checked": ["A guest must give the password to join"],
    "create-wrong-type": ["A user creates a public conversation"],
    "group-invite-adds-nobody": ["A user creates a group conversation by inviting a group"],
    "one-to-one-invitee-missing": ["A user creates a one-to-one conversation"],
    "empty-group-room-refused": ["A group conversation can be created without inviting a group"],
    "room-list-missing": ["The list holds the conversations the user takes part in, and no others"],
    "guest-cannot-get-room": ["A guest gets a public conversation they joined"],
    "delete-not-saved": ["The owner deletes the conversation", "A moderator deletes the conversation"],
    "moderators-are-plain-users": ["A moderator renames the conversation", "A moderator deletes the conversation",
                                   "A moderator makes the conversation public", "A moderator sets a password"],
    "strangers-get-403": ["A user who is not a participant cannot rename",
                          "A user who is not a participant cannot delete",
                          "A user who is not a participant cannot make it public",
                          "A user who is not a participant cannot make it private",
                          "A user who is not a participant cannot set a password"],
    "public-not-saved": ["The owner makes the conversation public", "A moderator makes the conversation public"],
    "private-not-saved": ["The owner makes a public conversation private again"],
    "password-not-saved": ["The owner sets a password", "A moderator sets a password"],
    "password-not-removed": ["The owner removes the password"],
    "password-join-refused": ["A guest who gives the password joins"],
    "rename-length-in-bytes": ["A name of 200 characters is allowed"],
}


def _scenario_names() -> set[str]:
    """Every scenario (and scenario outline) of the feature files, by name."""
    names = set()
    for path in (ROOT / "features").rglob("*.feature"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = SCENARIO_LINE.match(line)
            if match:
                names.add(match.group(1).strip())
    return names


def test_every_fault_is_guarded():
    assert sorted(GUARDS) == sorted(FAULTS), "each fault needs the scenarios that catch it, and only real faults"


def test_every_scenario_is_guarded():
    scenarios = _scenario_names()
    guarded = {name for names in GUARDS.values() for name in names}
    assert scenarios, "no scenarios found under features/"
    assert not scenarios - guarded, f"scenarios no fault makes fail: {sorted(scenarios - guarded)}"
    assert not guarded - scenarios, f"GUARDS names scenarios that do not exist: {sorted(guarded - scenarios)}"


@pytest.mark.parametrize("fault", sorted(GUARDS))
def test_suite_fails_against_fault(fault, suite):
    with embedded.start(faults=[fault]) as server:
        run = suite("--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1",
                    "--", "-m", "not fuzz")
    failed = run.with_verdict("failed")
    missing = [name for name in GUARDS[fault] if name not in failed]
    assert not missing, f"with --fault {fault} these scenarios still pass: {missing}"
    assert run.rc == 1, f"exit code {run.rc}, expected 1 (a conformance check failed)\n{run.stderr[-2000:]}"
    assert not run.with_verdict("error"), f"errors are not failures: {run.with_verdict('error')}"


def test_a_known_deviation_is_named_in_the_failure(suite):
    """A real Talk 7 server fails where it breaks the docs, and the user is told it is a known deviation."""
    with embedded.start(faults=["rename-one-to-one-400"]) as server:
        run = suite("--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1", "--", "-m", "not fuzz")
    [failure] = [t for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert failure["name"] == "A one-to-one conversation cannot be renamed"
    assert ("PUT /room/{token} answered 400, the docs say 405 Method Not Allowed (known deviation: "
            "Talk 4 to 7 servers answer 400") in failure["message"]

"""Every scenario can fail: against a server that breaks one documented rule, its scenario fails.

Each fault of the reference server is paired with the scenarios that guard its rule. The suite runs
against the faulted server and those scenarios must fail; against the plain server (test_suite.py)
everything passes. A fault without a guarding scenario fails `test_every_fault_is_guarded`.
"""

from __future__ import annotations

import pytest

from talk_conformance import embedded
from talk_conformance.refserver.faults import FAULTS

GUARDS = {
    "rename-one-to-one-allowed": ["A one-to-one conversation cannot be renamed"],
    "rename-length-unchecked": ["A name of 201 characters is too long", "An empty name is refused"],
    "rename-by-non-moderator": ["A user who is not a moderator cannot rename"],
    "rename-not-saved": ["The owner renames the conversation", "A moderator renames the conversation"],
    "delete-by-non-moderator": ["A user who is not a moderator cannot delete"],
    "stranger-sees-room": ["A user who is not a participant cannot get a group conversation"],
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
}


def test_every_fault_is_guarded():
    assert sorted(GUARDS) == sorted(FAULTS), "each fault needs the scenarios that catch it, and only real faults"


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

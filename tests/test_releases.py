"""Where the docs of two releases disagree, the server's release decides, for the suite and the
reference server alike: promoting someone who is not a plain user (or demoting someone who is not a
moderator) answers 412 in the Talk 3.2 docs and 400 from Talk 6.0 on."""

from __future__ import annotations

import pytest

from talk_refserver import spec
from tests.conftest import run_inprocess
from tests.refserver_probes_participants import TALK_3_2
from tests.test_refserver_support import InProcess, Users, create_room

WRONG_TYPE = {"Only a plain user can be promoted", "Only a moderator can be demoted"}
TALK_6 = [*TALK_3_2, "favorites", "in-call-flags", "notification-levels", "locked-one-to-one-rooms"]


@pytest.mark.parametrize("features, release", [(TALK_3_2, "3.2"), (TALK_6, "6.0"), (None, "7.0")])
def test_the_reference_server_reads_its_release_from_the_documents_table(features, release, tmp_path):
    advertised = frozenset(features) if features else frozenset(["webinary-lobby", "audio"])
    assert spec.release_of(advertised) == spec.release_key(release)
    status = 412 if release == "3.2" else 400
    with InProcess(tmp_path / "release.sqlite", features=features) as server:
        users = Users(server)
        owner, user = users.user(), users.user()
        token = create_room(owner, 2, "team")
        assert owner.post(f"/room/{token}/participants", {"newParticipant": user.uid}).status == 200
        assert owner.delete(f"/room/{token}/moderators", {"participant": user.uid}).status == status
        assert owner.post(f"/room/{token}/moderators", {"participant": user.uid}).status == 200
        assert owner.post(f"/room/{token}/moderators", {"participant": user.uid}).status == status


@pytest.mark.parametrize("features", [TALK_3_2, None])
def test_the_suite_expects_the_answer_of_the_servers_release(features, tmp_path):
    with InProcess(tmp_path / "release.sqlite", features=features) as server:
        run = run_inprocess(server, tmp_path, "-m", "fault(name='wrong-type-other-release')")
    assert WRONG_TYPE <= run.with_verdict("passed"), run.stdout[-3000:]


def test_a_server_answering_the_other_releases_status_fails(tmp_path):
    with InProcess(tmp_path / "release.sqlite", features=TALK_3_2, faults=["wrong-type-other-release"]) as server:
        run = run_inprocess(server, tmp_path, "-m", "fault(name='wrong-type-other-release')")
    assert WRONG_TYPE <= run.with_verdict("failed"), run.stdout[-3000:]
    messages = [t["message"] for t in run.summary["scenarios"] if t["verdict"] == "failed"]
    assert any("412 Precondition Failed" in m for m in messages), messages

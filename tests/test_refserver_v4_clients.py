"""The reference server's v4 capabilities that current clients rely on, by release: the description's limit
("limited to 2.000 characters, was 500 before Talk 21", docs/conversation.md of Talk 21.1), the listed-room
search, the note-to-self conversation, and the flags each user sets for themself (archived, important,
sensitive). Answers are checked against ``openapi-v4.yaml`` by ``tests/test_refserver_v4.check``.
"""

from __future__ import annotations

import pytest

from talk_refserver.capabilities import profile_options
from tests.test_refserver_support import InProcess, Users
from tests.test_refserver_v4 import FEATURES_22, check, v4


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    where = tmp_path_factory.mktemp("v4-clients")
    with InProcess(where / "17.sqlite", **profile_options("talk-17")) as talk17, \
            InProcess(where / "22.sqlite", **profile_options("talk-22")) as talk22:
        yield {"talk-17": Users(talk17), "talk-22": Users(talk22)}


@pytest.mark.parametrize("release, limit", [("talk-17", 500), ("talk-22", 2000)])
def test_the_description_limit_is_the_releases(servers, release, limit):
    owner = servers[release].user()
    features = profile_options(release)["features"]
    token = check(v4(owner, "POST", "/room", {"roomType": 2, "roomName": "described"}), "createRoom", 201,
                  features).data["token"]
    check(v4(owner, "PUT", f"/room/{token}/description", {"description": "ä" * limit}), "setDescription", 200)
    assert check(v4(owner, "GET", f"/room/{token}"), "getRoom", 200, features).data["description"] == "ä" * limit
    refused = check(v4(owner, "PUT", f"/room/{token}/description", {"description": "ä" * (limit + 1)}),
                    "setDescription", 400)
    assert refused.data == {"error": "value"}


def test_note_to_self_is_one_conversation_of_type_6_owned_by_the_user(servers):
    user = servers["talk-22"].user()
    first = check(v4(user, "GET", "/room/note-to-self"), "getNoteToSelf", 200, FEATURES_22).data
    assert (first["type"], first["participantType"]) == (6, 1)
    again = check(v4(user, "GET", "/room/note-to-self"), "getNoteToSelf", 200, FEATURES_22).data
    assert again["token"] == first["token"]
    listed = check(v4(user, "GET", "/room"), "listRooms", 200).data
    assert first["token"] in [r["token"] for r in listed]
    assert check(v4(user, "PUT", f"/room/{first['token']}/listable", {"scope": 1}), "setListable", 400).data == \
        {"error": "type"}


@pytest.mark.parametrize("path, field", [("archive", "isArchived"), ("important", "isImportant"),
                                         ("sensitive", "isSensitive")])
def test_a_flag_is_the_users_own(servers, path, field):
    users = servers["talk-22"]
    owner, member = users.user(), users.user()
    token = check(v4(owner, "POST", "/room", {"roomType": 2, "roomName": "flags"}), "createRoom", 201,
                  FEATURES_22).data["token"]
    check(v4(owner, "POST", f"/room/{token}/participants", {"newParticipant": member.uid}), "addParticipant", 200)
    operation = {"archive": "archiveConversation", "important": "markConversationAsImportant",
                 "sensitive": "markConversationAsSensitive"}[path]
    assert check(v4(member, "POST", f"/room/{token}/{path}"), operation, 200, FEATURES_22).data[field] is True
    assert check(v4(owner, "GET", f"/room/{token}"), "getRoom", 200, FEATURES_22).data[field] is False
    undo = {"archive": "unarchiveConversation", "important": "markConversationAsUnimportant",
            "sensitive": "markConversationAsInsensitive"}[path]
    assert check(v4(member, "DELETE", f"/room/{token}/{path}"), undo, 200, FEATURES_22).data[field] is False

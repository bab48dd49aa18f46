"""The reference server's chat as Talk 8.0 to 11.1: the fields, headers and the delete route each
release has, and none before it (docs/chat.md of each release)."""

from __future__ import annotations

import pytest

from tests.test_refserver_support import assert_envelope, create_room

SHA256 = "a" * 64




def _room(users):
    owner, member = users.user(), users.user()
    token = create_room(owner, 2, "chat")
    assert owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}).status == 200
    return owner, member, token


def test_talk_7_has_none_of_the_later_chat(as_release):
    owner, _, token = _room(as_release("talk-7"))
    sent = owner.post(f"/chat/{token}", {"message": "hi", "referenceId": SHA256})
    assert_envelope(sent, 201)
    assert not {"isReplyable", "referenceId", "deleted"} & set(sent.data)
    assert "x-chat-last-common-read" not in sent.headers
    gone = owner.delete(f"/chat/{token}/{sent.data['id']}")
    assert (gone.status, gone.meta["statuscode"]) == (404, 998), "no delete route before Talk 11.1"


@pytest.mark.parametrize("profile, kept", [("talk-9", SHA256), ("talk-11", SHA256)])
def test_reference_ids_and_replies(as_release, profile, kept):
    owner, member, token = _room(as_release(profile))
    sent = owner.post(f"/chat/{token}", {"message": "hi", "referenceId": SHA256}).data
    assert sent["referenceId"] == kept and sent["isReplyable"] is True
    plain = owner.post(f"/chat/{token}", {"message": "plain"}).data
    assert plain["referenceId"] == ""
    reply = member.post(f"/chat/{token}", {"message": "re", "replyTo": sent["id"]}).data
    assert reply["parent"]["id"] == sent["id"] and "parent" not in reply["parent"]
    again = owner.post(f"/chat/{token}", {"message": "re re", "replyTo": reply["id"]}).data
    assert again["parent"]["id"] == reply["id"] and "parent" not in again["parent"], "never nested"
    history = owner.get(f"/chat/{token}", {"lookIntoFuture": 0}).data
    system = [m for m in history if m["messageType"] == "system"]
    assert system and all(m["isReplyable"] is False for m in system)
    assert owner.post(f"/chat/{token}", {"message": "x", "replyTo": system[0]["id"]}).status == 400


def test_deleting_as_talk_11(as_release):
    users = as_release("talk-11")
    owner, member, token = _room(users)
    mine = member.post(f"/chat/{token}", {"message": "oops"}).data
    theirs = owner.post(f"/chat/{token}", {"message": "owner's"}).data
    assert member.delete(f"/chat/{token}/{theirs['id']}").status == 403
    assert member.delete(f"/chat/{token}/999999").status == 404
    deleted = member.delete(f"/chat/{token}/{mine['id']}")
    assert_envelope(deleted, 200)
    assert deleted.data["systemMessage"] == "message_deleted"
    assert deleted.data["parent"]["id"] == mine["id"] and deleted.data["parent"]["messageType"] == "comment_deleted"
    assert "x-chat-last-common-read" in deleted.headers
    created = [m for m in owner.get(f"/chat/{token}", {"lookIntoFuture": 0}).data
               if m["systemMessage"] == "conversation_created"]
    assert owner.delete(f"/chat/{token}/{created[0]['id']}").status == 405
    assert owner.delete(f"/chat/{token}/{mine['id']}").status == 405, "a deleted message is no comment any more"
    assert owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    assert owner.delete(f"/chat/{token}/{theirs['id']}").status == 403


def test_the_last_common_read_as_talk_11(as_release):
    owner, member, token = _room(as_release("talk-11"))
    one = owner.post(f"/chat/{token}", {"message": "one"}).data["id"]
    two = owner.post(f"/chat/{token}", {"message": "two"}).data["id"]
    assert owner.post(f"/chat/{token}/read", {"lastReadMessage": one}).status == 200
    marked = member.post(f"/chat/{token}/read", {"lastReadMessage": two})
    assert marked.headers["x-chat-last-common-read"] == str(one)
    newer = {"lookIntoFuture": 0, "lastKnownMessageId": 1}
    assert member.get(f"/chat/{token}", newer).status == 304, "nothing older, and no lastCommonReadId"
    changed = member.get(f"/chat/{token}", {**newer, "lastCommonReadId": 0})
    assert (changed.status, changed.data, changed.headers["x-chat-last-common-read"]) == (200, [], str(one))
    same = member.get(f"/chat/{token}", {**newer, "lastCommonReadId": one})
    assert same.status == 304


def test_mentions_in_read_only_are_refused_from_talk_8(as_release):
    for profile, status in (("talk-7", 200), ("talk-8", 403)):
        owner, _, token = _room(as_release(profile))
        assert owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
        assert owner.get(f"/chat/{token}/mentions", {"search": ""}).status == status, profile

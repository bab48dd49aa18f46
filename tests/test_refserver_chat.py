"""The reference server's chat, in-process: sending, history pages, the long poll, mentions, the read
marker and suggestions (docs/chat.md)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.test_refserver_support import OCS_HEADERS, SPREED, assert_envelope, create_room


@pytest.fixture(scope="module")
def room(server, users):
    owner, member, stranger = users.user(), users.user(), users.user()
    token = create_room(owner, 2, "chat")
    assert owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}).status == 200
    return owner, member, stranger, token


def test_a_message_is_created_and_read_back(room):
    owner, member, _, token = room
    sent = owner.post(f"/chat/{token}", {"message": "  Hello  "})
    assert_envelope(sent, 201)
    message = sent.data
    assert message["message"] == "Hello" and message["token"] == token and message["actorId"] == owner.uid
    assert message["messageType"] == "comment" and message["systemMessage"] == ""
    assert abs(message["timestamp"] - time.time()) < 5
    history = member.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 1})
    assert_envelope(history, 200)
    assert history.data == [message]
    assert history.headers["x-chat-last-given"] == str(message["id"])


@pytest.mark.parametrize("text, status", [("", 400), ("   ", 400), ("x" * 32000, 201), ("ä" * 32000, 201),
                                          ("x" * 32001, 413)])
def test_message_length(room, text, status):
    owner, _, _, token = room
    assert owner.post(f"/chat/{token}", {"message": text}).status == status


def test_strangers_and_unknown_rooms_get_404(room):
    _, _, stranger, token = room
    assert stranger.post(f"/chat/{token}", {"message": "hi"}).status == 404
    assert stranger.get(f"/chat/{token}", {"lookIntoFuture": 0}).status == 404
    assert stranger.get(f"/chat/{token}/mentions", {"search": "a"}).status == 404
    assert stranger.post(f"/chat/{token}/read", {"lastReadMessage": 1}).status == 404
    assert stranger.get("/chat/zz99notaroom", {"lookIntoFuture": 0}).status == 404


def test_history_pages_are_newest_first_and_end_with_304(server, users):
    owner = users.user()
    token = create_room(owner, 2, "pages")
    posted = [owner.post(f"/chat/{token}", {"message": f"m{i}"}).data["id"] for i in range(7)]
    seen, last = [], 0
    while True:
        page = owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 3, "lastKnownMessageId": last})
        if page.status == 304:
            assert page.text == "" and "x-chat-last-given" not in page.headers
            break
        ids = [m["id"] for m in page.data]
        assert ids == sorted(ids, reverse=True) and len(ids) <= 3
        last = int(page.headers["x-chat-last-given"])
        assert last == ids[-1]
        seen += ids
    assert len(seen) == len(set(seen)) and set(posted) <= set(seen)
    included = owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "lastKnownMessageId": posted[3], "includeLastKnown": 1})
    assert included.data[0]["id"] == posted[3]


def test_limit_is_capped_at_200(server, users):
    owner = users.user()
    token = create_room(owner, 2, "many")
    for i in range(205):
        owner.post(f"/chat/{token}", {"message": f"m{i}"})
    assert len(owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 500}).data) == 200
    assert len(owner.get(f"/chat/{token}", {"lookIntoFuture": 0}).data) == 100


def test_a_long_poll_wakes_on_a_message_and_times_out_with_304(server, room):
    owner, member, _, token = room
    newest = owner.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 1}).data[0]["id"]
    url = f"{SPREED}/chat/{token}"

    async def scenario():
        transport = httpx.ASGITransport(app=server.app)
        async with httpx.AsyncClient(transport=transport, base_url=server.url, headers=OCS_HEADERS,
                                     auth=member.session.auth) as waiter, \
                httpx.AsyncClient(transport=transport, base_url=server.url, headers=OCS_HEADERS,
                                  auth=owner.session.auth) as poster:
            params = {"lookIntoFuture": 1, "lastKnownMessageId": newest, "timeout": 5, "setReadMarker": 0}
            poll = asyncio.create_task(waiter.get(url, params=params))
            quiet = time.perf_counter()
            idle = await poster.get(url, params={**params, "timeout": 1})
            assert idle.status_code == 304 and idle.content == b"" and time.perf_counter() - quiet >= 0.9
            assert not poll.done()
            posted = time.perf_counter()
            sent = await poster.post(url, data={"message": "wake up"})
            answer = await asyncio.wait_for(poll, 2)
            assert time.perf_counter() - posted < 0.5
            assert answer.status_code == 200 and [m["message"] for m in answer.json()["ocs"]["data"]] == ["wake up"]
            assert answer.headers["x-chat-last-given"] == str(sent.json()["ocs"]["data"]["id"])
            assert server.app.notifier.watched() == 0

    asyncio.run(scenario())


def test_mentions_become_placeholders_and_flag_the_room(room):
    owner, member, _, token = room
    assert owner.post(f"/chat/{token}/read", {"lastReadMessage": 0}).status == 200
    newest = member.get(f"/chat/{token}", {"lookIntoFuture": 0, "limit": 1}).data[0]["id"]
    assert member.post(f"/chat/{token}/read", {"lastReadMessage": newest}).status == 200
    assert member.get(f"/room/{token}").data["unreadMention"] is False
    sent = owner.post(f"/chat/{token}", {"message": f"hi @{member.uid} and @nobody-here"}).data
    assert sent["message"] == "hi {mention-user1} and @nobody-here"
    assert sent["messageParameters"] == {"mention-user1": {"type": "user", "id": member.uid,
                                                           "name": f"{member.uid} display"}}
    room_state = member.get(f"/room/{token}").data
    assert room_state["unreadMention"] is True and room_state["unreadMessages"] == 1
    assert room_state["lastMessage"]["id"] == sent["id"]
    assert member.post(f"/chat/{token}/read", {"lastReadMessage": sent["id"]}).status == 200
    room_state = member.get(f"/room/{token}").data
    assert room_state["unreadMention"] is False and room_state["unreadMessages"] == 0
    assert room_state["lastReadMessage"] == sent["id"]


def test_replies_only_to_comments_of_the_same_room(server, users, room):
    owner, _, _, token = room
    other = create_room(owner, 2, "other")
    elsewhere = owner.post(f"/chat/{other}", {"message": "elsewhere"}).data["id"]
    here = owner.post(f"/chat/{token}", {"message": "question"}).data["id"]
    system = [m for m in owner.get(f"/chat/{token}", {"lookIntoFuture": 0}).data if m["messageType"] == "system"][0]
    assert owner.post(f"/chat/{token}", {"message": "a", "replyTo": elsewhere}).status == 400
    assert owner.post(f"/chat/{token}", {"message": "a", "replyTo": system["id"]}).status == 400
    reply = owner.post(f"/chat/{token}", {"message": "answer", "replyTo": here})
    assert reply.status == 201 and reply.data["parent"]["id"] == here


def test_guests_name_themselves_and_get_404_from_the_read_marker(server, users):
    owner, guest = users.user(), users.guest()
    token = create_room(owner, 3, "open")
    assert guest.post(f"/room/{token}/participants/active").status == 200
    sent = guest.post(f"/chat/{token}", {"message": "hi", "actorDisplayName": "Visitor"})
    assert sent.status == 201 and sent.data["actorType"] == "guests" and sent.data["actorDisplayName"] == "Visitor"
    assert len(sent.data["actorId"]) == 40
    assert guest.post(f"/chat/{token}/read", {"lastReadMessage": 1}).status == 404


def test_suggestions_are_participants_only_and_limited(room, users):
    owner, member, stranger, token = room
    found = owner.get(f"/chat/{token}/mentions", {"search": member.uid[:3]}).data
    assert {"id": member.uid, "label": f"{member.uid} display", "source": "users"} in found
    assert stranger.uid not in [s["id"] for s in owner.get(f"/chat/{token}/mentions", {"search": stranger.uid}).data]
    assert owner.get(f"/chat/{token}/mentions", {"search": "u", "limit": 1}).data.__len__() <= 1

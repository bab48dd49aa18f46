"""Probes of the chat faults for tests/test_refserver_faults.py: "is this chat rule broken?".

Each probe builds its own conversation and reads only what its rule decides, so that another chat
fault cannot make it say yes. Long polls are timed once per world, concurrently, on the server's own
event loop (the in-process app): an idle poll of 1 s, and a poll that a message posted while it waits
must end at once.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.test_refserver_support import OCS_HEADERS, SPREED

QUICK = 0.5


def _room(w) -> str:
    return w.group_room()


def _history(api, token: str, **params):
    return api.get(f"/chat/{token}", {"lookIntoFuture": 0, "setReadMarker": 0, **params})


def _newest(api, token: str) -> dict | None:
    reply = _history(api, token, limit=1)
    return reply.data[0] if reply.status == 200 and reply.data else None


def _newest_id(api, token: str) -> int:
    return (_newest(api, token) or {"id": 0})["id"]


def _saved(w, token: str, text: str) -> bool:
    newest = _newest(w.owner, token)
    return newest is not None and newest["message"] == text


def _many(w) -> str:
    """A conversation with 205 messages, written straight to the server's store (probes stay cheap)."""
    def make() -> str:
        token = _room(w)
        repo = w.server.app.repo
        with repo.transaction():
            room_id = repo.rooms.find(token)["id"]
            for i in range(205):
                repo.messages.post(room_id, "users", w.owner.uid, int(time.time()), "comment", f"m{i}", {})
        return token
    return w.once("many", make)


def _timings(w) -> dict:
    """{"idle": seconds a 1 s poll with nothing new took, "woken": seconds from a post to the answer of
    the poll waiting for it (None if it never had it)}."""
    return w.once("timings", lambda: _measure_timings(w))


def _measure_timings(w) -> dict:
    idle_room, busy_room = _room(w), _room(w)
    idle_last, busy_last = _newest_id(w.owner, idle_room), _newest_id(w.owner, busy_room)

    async def measure() -> dict:
        transport = httpx.ASGITransport(app=w.server.app)
        async with httpx.AsyncClient(transport=transport, base_url=w.server.url, headers=OCS_HEADERS,
                                     auth=w.user.session.auth) as user, \
                httpx.AsyncClient(transport=transport, base_url=w.server.url, headers=OCS_HEADERS,
                                  auth=w.owner.session.auth) as owner:
            params = {"lookIntoFuture": 1, "setReadMarker": 0, "timeout": 1}

            async def timed(request):
                started = time.perf_counter()
                reply = await request
                return reply, time.perf_counter() - started

            idle = asyncio.create_task(timed(owner.get(f"{SPREED}/chat/{idle_room}",
                                                       params={**params, "lastKnownMessageId": idle_last})))
            waiting = asyncio.create_task(user.get(f"{SPREED}/chat/{busy_room}", params={**params, "timeout": 3, "lastKnownMessageId": busy_last}))
            while w.server.app.notifier.watched() < 2 and not (idle.done() or waiting.done()):
                await asyncio.sleep(0.01)  # until the server holds both polls (a fault may answer at once)
            posted = time.perf_counter()
            await owner.post(f"{SPREED}/chat/{busy_room}", data={"message": "wake up"})
            woken = await waiting
            woken_after = time.perf_counter() - posted
            idle_reply, idle_took = await idle
            return {"idle": idle_took, "idle_status": idle_reply.status_code,
                    "woken": woken_after if woken.status_code == 200 else None}

    return asyncio.run(measure())


def open_to_strangers(w) -> bool:
    return w.stranger.post(f"/chat/{_room(w)}", {"message": "let me in"}).status != 404


def unknown_room_200(w) -> bool:
    return _history(w.owner, "zz99notaroom").status == 200


def message_not_saved(w) -> bool:
    token = _room(w)
    assert w.owner.post(f"/chat/{token}", {"message": "kept?"}).status == 201
    return not _saved(w, token, "kept?")


def empty_accepted(w) -> bool:
    return w.owner.post(f"/chat/{_room(w)}", {"message": ""}).status != 400


def blank_accepted(w) -> bool:
    return w.owner.post(f"/chat/{_room(w)}", {"message": "  "}).status != 400


def max_length_unchecked(w) -> bool:
    return w.owner.post(f"/chat/{_room(w)}", {"message": "x" * 32001}).status != 413


def length_in_bytes(w) -> bool:
    return w.owner.post(f"/chat/{_room(w)}", {"message": "ä" * 32000}).status != 201


def guest_name_ignored(w) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    sent = guest.post(f"/chat/{token}", {"message": "hi", "actorDisplayName": "Visitor"})
    return sent.data["actorDisplayName"] != "Visitor"


def reply_unchecked(w) -> bool:
    other = _room(w)
    elsewhere = w.owner.post(f"/chat/{other}", {"message": "elsewhere"}).data["id"]
    return w.owner.post(f"/chat/{_room(w)}", {"message": "misplaced", "replyTo": elsewhere}).status != 400


def reply_refused(w) -> bool:
    token = _room(w)
    w.owner.post(f"/chat/{token}", {"message": "question"})
    if not _saved(w, token, "question"):
        return False  # nothing to reply to (chat-message-not-saved)
    parent = _newest(w.owner, token)["id"]
    return w.owner.post(f"/chat/{token}", {"message": "answer", "replyTo": parent}).status != 201


def timestamp_ms(w) -> bool:
    return w.owner.post(f"/chat/{_room(w)}", {"message": "when?"}).data["timestamp"] > 10 ** 11


def limit_uncapped(w) -> bool:
    return len(_history(w.owner, _many(w), limit=500).data) > 200


def limit_default_all(w) -> bool:
    return len(_history(w.owner, _many(w)).data) != 100


def last_given_missing(w) -> bool:
    return "x-chat-last-given" not in _history(w.owner, _many(w), limit=5).headers


def empty_200(w) -> bool:
    token = _room(w)
    w.owner.post(f"/chat/{token}", {"message": "only"})
    oldest = min(m["id"] for m in _history(w.owner, token).data)
    reply = _history(w.owner, token, lastKnownMessageId=oldest)
    return reply.status == 200 and reply.data == []


def oldest_first(w) -> bool:
    ids = [m["id"] for m in _history(w.owner, _many(w), limit=5).data]
    return ids != sorted(ids, reverse=True)


def last_known_repeated(w) -> bool:
    token = _many(w)
    newest = _newest(w.owner, token)["id"]
    return newest in [m["id"] for m in _history(w.owner, token, limit=5, lastKnownMessageId=newest).data]


def poll_answers_at_once(w) -> bool:
    timings = _timings(w)
    return timings["idle_status"] == 304 and timings["idle"] < QUICK


def poll_ignores_timeout(w) -> bool:
    return _timings(w)["idle"] > 2


def poll_sleeps_through(w) -> bool:
    woken = _timings(w)["woken"]
    return woken is not None and woken > QUICK


def poll_skips_messages(w) -> bool:
    token = _room(w)
    before = _newest_id(w.owner, token)
    for text in ("one", "two"):
        w.owner.post(f"/chat/{token}", {"message": text})
    reply = w.owner.get(f"/chat/{token}", {"lookIntoFuture": 1, "timeout": 0, "lastKnownMessageId": before})
    return reply.status == 200 and len([m for m in reply.data if m["id"] > before]) < 2


def read_marker_not_saved(w) -> bool:
    token = _room(w)
    assert w.user.post(f"/chat/{token}/read", {"lastReadMessage": 12345}).status == 200
    return w.user.get(f"/room/{token}").data["lastReadMessage"] != 12345


def read_marker_guest_401(w) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    return guest.post(f"/chat/{token}/read", {"lastReadMessage": 1}).status != 404


def mention_flag_never_set(w) -> bool:
    token = _room(w)
    w.owner.post(f"/chat/{token}", {"message": f"hi @{w.user.uid}"})
    if not _saved(w, token, "hi {mention-user1}") and not _saved(w, token, f"hi @{w.user.uid}"):
        return False  # no message (chat-message-not-saved)
    return w.user.get(f"/room/{token}").data["unreadMention"] is not True


def mention_parameters_missing(w) -> bool:
    sent = w.owner.post(f"/chat/{_room(w)}", {"message": f"hi @{w.user.uid}"}).data
    params = sent["messageParameters"] or {}
    return not any(p.get("type") == "user" and p.get("id") == w.user.uid for p in params.values())


def mentions_offer_strangers(w) -> bool:
    found = w.owner.get(f"/chat/{_room(w)}/mentions", {"search": w.stranger.uid}).data
    return w.stranger.uid in [s["id"] for s in found]


def mention_limit_ignored(w) -> bool:
    token = _room(w)
    third = w.users.user()
    assert w.owner.post(f"/room/{token}/participants", {"newParticipant": third.uid}).status == 200
    return len(w.owner.get(f"/chat/{token}/mentions", {"search": "", "limit": 1}).data) > 1


def system_messages_missing(w) -> bool:
    reply = _history(w.owner, _room(w))
    return reply.status != 200 or not any(m["systemMessage"] == "conversation_created" for m in reply.data)


CHAT_PROBES = {
    "chat-open-to-strangers": open_to_strangers,
    "chat-unknown-room-200": unknown_room_200,
    "chat-message-not-saved": message_not_saved,
    "chat-empty-message-accepted": empty_accepted,
    "chat-blank-message-accepted": blank_accepted,
    "chat-max-length-unchecked": max_length_unchecked,
    "chat-length-in-bytes": length_in_bytes,
    "guest-chat-name-ignored": guest_name_ignored,
    "reply-to-unchecked": reply_unchecked,
    "reply-to-refused": reply_refused,
    "chat-timestamp-milliseconds": timestamp_ms,
    "chat-limit-uncapped": limit_uncapped,
    "chat-limit-default-all": limit_default_all,
    "chat-last-given-missing": last_given_missing,
    "chat-empty-200": empty_200,
    "chat-history-oldest-first": oldest_first,
    "chat-last-known-repeated": last_known_repeated,
    "chat-poll-answers-at-once": poll_answers_at_once,
    "chat-poll-ignores-timeout": poll_ignores_timeout,
    "chat-poll-sleeps-through": poll_sleeps_through,
    "chat-poll-skips-messages": poll_skips_messages,
    "read-marker-not-saved": read_marker_not_saved,
    "read-marker-guest-401": read_marker_guest_401,
    "mention-flag-never-set": mention_flag_never_set,
    "mention-parameters-missing": mention_parameters_missing,
    "mentions-offer-strangers": mentions_offer_strangers,
    "mention-limit-ignored": mention_limit_ignored,
    "system-messages-missing": system_messages_missing,
}

"""Steps for the chat (docs/chat.md; "Chat" of the Talk 3.2 API docs): sending, the history and its
pages, the message objects, mentions, system messages, unread state and mention suggestions.

Long polls and concurrent posting are in steps/chat_waiting.py. Reads of the history pass
``setReadMarker=0`` so that reading never moves the reader's marker behind a scenario's back.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytest_bdd import given, then

from steps.common import World, action, step
from talk_conformance.spec import releases

UNKNOWN_TOKEN = "zz99notaroom"
LIMIT_MAX = 200
# chat.md: 1000 characters until Nextcloud 16.0.1, which advertises no config.chat.max-length.
OLD_MAX_LENGTH = 1000
# A timestamp "in seconds and UTC" is within a day of this machine's clock (clocks drift, not by 1000x).
CLOCK_SLACK = 86400
PLACEHOLDER = re.compile(r"\{([a-zA-Z0-9_-]+)\}")


class Chat:
    """What a scenario posted: per conversation label, (text, id or None) in posting order."""

    def __init__(self):
        self.posted: dict[str, list[tuple[str, int | None]]] = {}
        self.pages: list = []
        self.unread: dict[tuple[str, str], int] = {}
        # steps/chat_waiting.py: long polls and listeners in threads, by role; timings.
        self.polls: dict = {}
        self.listeners: dict = {}
        self.waited: tuple[int, float] = (0, 0.0)
        self.posted_at = 0.0

    def id_of(self, label: str, text: str) -> int | None:
        return next((i for t, i in self.posted.get(label, []) if t == text), None)


def chat(world: World) -> Chat:
    if world.chat is None:
        world.chat = Chat()
    return world.chat


def release(world: World) -> str | None:
    return world.target.release


def since(world: World, first: str) -> bool:
    return releases.since(release(world), first)


def require_release(world: World, first: str, what: str) -> None:
    if not since(world, first):
        pytest.skip(f"{what} is documented from Talk {first} on; the server is Talk {release(world) or 'unknown'}")


def remember_post(world: World, label: str, text: str, reply) -> None:
    data = reply.data if reply.status == 201 else None
    message_id = data.get("id") if isinstance(data, dict) else None
    chat(world).posted.setdefault(label, []).append((text, message_id))


def post(world: World, role: str, label: str, text: str, **fields):
    reply = world.call(role, "sendMessage", room=label, message=text, **fields)
    world.expect(reply, 201)
    remember_post(world, label, text, reply)
    return reply


def history(world: World, role: str, label: str, **params):
    """One page of the history, judged at once."""
    return world.call(role, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, **params)


def messages_of(world: World, role: str, label: str) -> list[dict]:
    """The newest messages of the conversation (up to 200), newest first."""
    reply = history(world, role, label, limit=LIMIT_MAX)
    assert reply.status in (200, 304), f"{role} cannot read the chat of {label!r}: {reply.title} answered {reply.status}"
    return reply.data if reply.status == 200 else []


def newest_id(world: World, role: str, label: str) -> int:
    reply = history(world, role, label, limit=1)
    return reply.data[0]["id"] if reply.status == 200 and reply.data else 0


def header(reply, name: str) -> str | None:
    """A response header, whatever its case."""
    return next((v for k, v in reply.headers.items() if k.lower() == name.lower()), None)


def find(messages: list[dict], text: str) -> dict:
    found = [m for m in messages if m.get("message") == text]
    assert found, f"no message {text!r} in the answer; it holds {[m.get('message') for m in messages][:20]}"
    assert len(found) == 1, f"the message {text!r} comes {len(found)} times"
    return found[0]


def max_length(world: World) -> int:
    reply = world.call("owner", "getCapabilities")
    spreed = ((reply.data or {}).get("capabilities") or {}).get("spreed") or {}
    configured = ((spreed.get("config") or {}).get("chat") or {}).get("max-length")
    return configured if isinstance(configured, int) and configured > 0 else OLD_MAX_LENGTH


# --- sending ---------------------------------------------------------------------------------

@given(step('{actor:Actor} has posted "{text}" to "{label}"'))
def has_posted(world: World, actor: str, label: str, text: str):
    post(world, actor, label, text)


@given(step('{actor:Actor} has posted {count:d} messages to "{label}"'))
def has_posted_many(world: World, actor: str, count: int, label: str):
    """Four sessions of the same account post at once (a real server takes a while for each); the
    server's ids decide the order, which is what the history is checked against."""
    token, account = world.token(label), world.account(actor)
    texts = [f"message {i:04d}" for i in range(count)]
    actors = [world.target.new_actor(f"{actor} #{n}", account) for n in range(4)]

    def send(n: int) -> list:
        return [actors[n].call("sendMessage", token=token, message=t) for t in texts[n::4]]

    try:
        with ThreadPoolExecutor(4) as pool:
            replies = [r for batch in pool.map(send, range(4)) for r in batch]
    finally:
        for a in actors:
            a.close()
    for reply in replies:
        world.expect(reply, 201)
    for text in texts:
        chat(world).posted.setdefault(label, []).append((text, None))


@action('{actor:Actor} sends "{text}" to "{label}"')
def sends(world: World, actor: str, text: str, label: str):
    remember_post(world, label, text, world.act(actor, "sendMessage", room=label, message=text))


@action('{actor:Actor} sends "{text}" to "{label}" as "{name}"')
def sends_as(world: World, actor: str, text: str, label: str, name: str):
    reply = world.act(actor, "sendMessage", room=label, message=text, actorDisplayName=name)
    remember_post(world, label, text, reply)


@action('{actor:Actor} sends an empty message to "{label}"')
def sends_empty(world: World, actor: str, label: str):
    world.act(actor, "sendMessage", room=label, message="")


@action('{actor:Actor} sends a blank message to "{label}"')
def sends_blank(world: World, actor: str, label: str):
    world.act(actor, "sendMessage", room=label, message="   ")


@action('{actor:Actor} sends a message of the maximum length to "{label}"')
def sends_longest(world: World, actor: str, label: str):
    # Multi-byte characters: the limit counts characters, as the docs give it.
    world.act(actor, "sendMessage", room=label, message="ä" * max_length(world))


@action('{actor:Actor} sends a message one character over the maximum length to "{label}"')
def sends_too_long(world: World, actor: str, label: str):
    world.act(actor, "sendMessage", room=label, message="a" * (max_length(world) + 1))


@action('{actor:Actor} sends "{text}" to a conversation that does not exist')
def sends_unknown(world: World, actor: str, text: str):
    world.act(actor, "sendMessage", token=UNKNOWN_TOKEN, message=text)


@action('{actor:Actor} replies "{text}" to "{parent}" in "{label}"')
def replies(world: World, actor: str, text: str, parent: str, label: str):
    require_release(world, "7.0", "replyTo")
    parent_id = find(messages_of(world, "owner", label), parent)["id"]
    remember_post(world, label, text, world.act(actor, "sendMessage", room=label, message=text, replyTo=parent_id))


@action('{actor:Actor} replies "{text}" to "{parent}" of "{other}" in "{label}"')
def replies_elsewhere(world: World, actor: str, text: str, parent: str, other: str, label: str):
    require_release(world, "7.0", "replyTo")
    parent_id = find(messages_of(world, "owner", other), parent)["id"]
    world.act(actor, "sendMessage", room=label, message=text, replyTo=parent_id)


@action('{actor:Actor} replies "{text}" to the system message "{key}" in "{label}"')
def replies_to_system(world: World, actor: str, text: str, key: str, label: str):
    require_release(world, "7.0", "replyTo")
    found = [m for m in messages_of(world, "owner", label) if m.get("systemMessage") == key]
    assert found, f"no system message {key!r} in {label!r} to reply to"
    world.act(actor, "sendMessage", room=label, message=text, replyTo=found[0]["id"])


# --- reading ---------------------------------------------------------------------------------

@action('{actor:Actor} reads the chat of "{label}"')
def reads(world: World, actor: str, label: str):
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0)


@action('{actor:Actor} reads the chat of "{label}" with a limit of {limit:d}')
def reads_limited(world: World, actor: str, label: str, limit: int):
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=limit)


@action('{actor:Actor} reads the chat of a conversation that does not exist')
def reads_unknown(world: World, actor: str):
    world.act(actor, "receiveMessages", token=UNKNOWN_TOKEN, lookIntoFuture=0)


@action('{actor:Actor} reads the chat of "{label}" before its oldest message')
def reads_before_oldest(world: World, actor: str, label: str):
    oldest = min(m["id"] for m in messages_of(world, actor, label))
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, lastKnownMessageId=oldest)


@action('{actor:Actor} pages through the chat of "{label}"')
def pages_through(world: World, actor: str, label: str):
    """Pages of the default size, each from the X-Chat-Last-Given of the one before, until 304."""
    pages = chat(world).pages
    params = {}
    while len(pages) < 100:
        reply = world.act(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, **params)
        world.report_pending()
        pages.append(reply)
        if reply.status != 200:
            return
        given = header(reply, "X-Chat-Last-Given")
        assert given is not None, f"page {len(pages)}: a 200 answer without the X-Chat-Last-Given header"
        params = {"lastKnownMessageId": int(given)}


@then(step("the first page holds {count:d} messages"))
def first_page_holds(world: World, count: int):
    first = chat(world).pages[0]
    assert first.status == 200, f"the first page answered {first.status}"
    assert len(first.data) == count, f"the first page holds {len(first.data)} messages; the docs give {count} by default"


@then(step('every message posted to "{label}" came back exactly once, newest first'))
def every_message_once(world: World, label: str):
    pages = [p for p in chat(world).pages if p.status == 200]
    got = [m for page in pages for m in page.data]
    ids = [m["id"] for m in got]
    assert all(a > b for a, b in zip(ids, ids[1:])), "the pages are not newest first (ids must strictly decrease)"
    for page in pages:
        given = int(header(page, "X-Chat-Last-Given"))
        assert given == page.data[-1]["id"], (
            f"X-Chat-Last-Given is {given}; the docs make it the offset of the next page, the oldest given ({page.data[-1]['id']})")
    texts = [m["message"] for m in got]
    posted = [t for t, _ in chat(world).posted[label]]
    missing = [t for t in posted if t not in texts]
    twice = sorted({t for t in posted if texts.count(t) > 1})
    assert not missing, f"{len(missing)} posted messages never came back, e.g. {missing[:5]}"
    assert not twice, f"messages that came back more than once: {twice[:5]}"


@then(step("the paging ended with 304 Not Modified and no body"))
def paging_ended(world: World):
    last = chat(world).pages[-1]
    assert last.status == 304, f"the page after the oldest message answered {last.status}; the docs say 304 Not Modified"
    assert last.body is None, f"a 304 answer with a body: {str(last.body)[:200]}"


@then(step("the answer holds at most {count:d} messages, newest first"))
def answer_holds_at_most(world: World, count: int):
    data = world.last.data
    assert len(data) <= count, f"the answer holds {len(data)} messages; the docs allow {count} at most"
    ids = [m["id"] for m in data]
    assert all(a > b for a, b in zip(ids, ids[1:])), "the history is not newest first (ids must strictly decrease)"


@then(step("the answer has no body"))
def no_body(world: World):
    assert world.last.body is None, f"a {world.last.status} answer with a body: {str(world.last.body)[:200]}"


# --- the message objects ---------------------------------------------------------------------

def _check_author(world: World, message: dict, actor: str, label: str) -> None:
    account = world.account(actor)
    assert message["token"] == world.token(label), f"token is {message['token']!r}, expected {world.token(label)!r}"
    assert message["actorType"] == "users", f"actorType is {message['actorType']!r}, expected 'users'"
    assert message["actorId"] == account.user_id, f"actorId is {message['actorId']!r}, expected {account.user_id!r}"
    if account.display_name and account.display_name != account.user_id:
        assert message["actorDisplayName"] == account.display_name, (
            f"actorDisplayName is {message['actorDisplayName']!r}, expected {account.display_name!r}")
    drift = abs(message["timestamp"] - time.time())
    assert drift < CLOCK_SLACK, f"timestamp {message['timestamp']} is not now in seconds (UTC): off by {drift:.0f} s"
    if since(world, "7.0"):
        assert message["messageType"] == "comment", f"messageType is {message['messageType']!r}, expected 'comment'"
    if "system-messages" in world.target.capabilities.features:
        assert message["systemMessage"] == "", f"systemMessage is {message['systemMessage']!r} for a chat message"


@then(step('the response is the message "{text}" by {actor:Actor} in "{label}"'))
def response_is_message(world: World, text: str, actor: str, label: str):
    if not since(world, "4.0"):
        return  # the Talk 3.2 docs give 201 no data
    message = world.last.data
    assert message["message"] == text, f"message is {message['message']!r}, expected {text!r}"
    _check_author(world, message, actor, label)


@then(step('{actor:Actor} sees "{text}" by {author:Actor} in the chat of "{label}"'))
def sees_message_by(world: World, actor: str, text: str, author: str, label: str):
    _check_author(world, find(messages_of(world, actor, label), text), author, label)


@then(step('{actor:Actor} sees "{text}" by a guest called "{name}" in the chat of "{label}"'))
def sees_guest_message(world: World, actor: str, text: str, name: str, label: str):
    message = find(messages_of(world, actor, label), text)
    assert message["actorType"] == "guests", f"actorType is {message['actorType']!r}, expected 'guests'"
    assert message["actorDisplayName"] == name, f"actorDisplayName is {message['actorDisplayName']!r}, expected {name!r}"


@then(step('{actor:Actor} does not see the message "{text}" in the chat of "{label}"'))
def does_not_see(world: World, actor: str, text: str, label: str):
    texts = [m["message"] for m in messages_of(world, actor, label)]
    assert text not in texts, f"{text!r} was refused, but it is in the chat"


@then(step('{actor:Actor} sees no empty message in the chat of "{label}"'))
def sees_no_empty(world: World, actor: str, label: str):
    empty = [m["id"] for m in messages_of(world, actor, label) if m["message"].strip() == ""]
    assert not empty, f"an empty message was refused, but the chat holds one (id {empty[0]})"


@then(step('{actor:Actor} sees the message "{text}" in the chat of "{label}"'))
def sees_text(world: World, actor: str, text: str, label: str):
    find(messages_of(world, actor, label), text)


@then(step('{actor:Actor} sees the message of the maximum length in the chat of "{label}"'))
def sees_longest(world: World, actor: str, label: str):
    find(messages_of(world, actor, label), "ä" * max_length(world))


def judged(reply) -> None:
    reply.raise_problems()

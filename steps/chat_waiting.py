"""Steps that wait: the chat's long poll (``lookIntoFuture=1``) and several actors at once.

No step sleeps. A scenario that needs time to pass waits on the server's own answer:

* "is waiting for new messages" starts one actor's long poll in a thread, with its own HTTP session,
  and returns at once. The next step, another actor's long poll with nothing new, is the barrier: it
  comes back only after the server held it for ``timeout`` seconds, long after the first poll reached
  the server. A message posted then is posted *during* the first poll's wait, and the first poll must
  come back with it promptly, well before its own timeout. Should the first poll reach the server
  late (a loaded machine), it finds the message at once: the verdict is the same, never a false failure.
* Several actors post at once from threads; listeners long-poll in threads until they see the last
  message, which the scenario posts after every writer has finished. Nothing waits for a timeout
  when the server is right.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from pytest_bdd import given, then, when

from steps.chat import chat, header, judged, messages_of, newest_id
from steps.common import World, action, is_guest, step

# The first poll's timeout: long enough that its 1 s barrier and a prompt answer fit well inside it,
# and that a poll sleeping through a message (answering only at its timeout) is 4 s late at least.
WAIT_TIMEOUT = 5
# After the message is posted, the waiting poll answers within this (real servers look once a second).
PROMPTLY = 2.5
# A poll of ``timeout`` seconds with nothing new answers 304 no sooner than this before it (real
# servers sleep a whole second before they look again, so a 1 s poll takes at least 1 s) ...
EARLY = 0.5
# ... and no later than this after it.
LATE = 2.0
LISTEN_TIMEOUT = 5
LISTEN_DEADLINE = 120
END = "that was all"


class Poll:
    """One long poll in a thread, by an actor with its own HTTP session."""

    def __init__(self, actor, owned: bool, **params):
        self.actor, self.owned, self.params = actor, owned, params
        self.reply = self.error = None
        self.ended = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.reply = self.actor.call("receiveMessages", defer_judgement=True, **self.params)
        except BaseException as exc:  # reported by the step that joins the thread
            self.error = exc
        self.ended = time.perf_counter()

    def join(self):
        self.thread.join(self.params["timeout"] + 60)
        if self.owned:
            self.actor.close()
        if self.error is not None:
            raise self.error
        assert self.reply is not None, "the long poll never came back"
        return self.reply


def _session_of(world: World, role: str):
    """(actor, owned): a fresh session for a user; the scenario's one guest session for the guest."""
    if is_guest(role) or role == "anonymous":
        return world.actor(role), False
    return world.target.new_actor(f"{role} (waiting)", world.account(role)), True


@given(step('{actor:Actor} is waiting for new messages in "{label}"'))
def is_waiting(world: World, actor: str, label: str):
    last = newest_id(world, "owner", label)
    session, owned = _session_of(world, actor)
    chat(world).polls[actor] = Poll(session, owned, token=world.token(label), lookIntoFuture=1, timeout=WAIT_TIMEOUT,
                                    lastKnownMessageId=last, setReadMarker=0)


@action('{actor:Actor} waits {seconds:d} seconds for new messages in "{label}"')
def waits(world: World, actor: str, seconds: int, label: str):
    last = newest_id(world, actor, label)
    started = time.perf_counter()
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=1, timeout=seconds, lastKnownMessageId=last,
              setReadMarker=0)
    chat(world).waited = (seconds, time.perf_counter() - started)


@then(step("the server held the answer for about that long"))
def held_about(world: World):
    asked, took = chat(world).waited
    assert took >= asked - EARLY, f"a long poll of timeout={asked} with nothing new answered after {took:.2f} s: it did not wait"
    assert took <= asked + LATE, f"a long poll of timeout={asked} answered after {took:.2f} s: it does not keep to its timeout"


@when(step('{actor:Actor} posts "{text}" to "{label}" meanwhile'))
def posts_meanwhile(world: World, actor: str, text: str, label: str):
    reply = world.call(actor, "sendMessage", room=label, message=text)
    chat(world).posted_at = time.perf_counter()
    world.expect(reply, 201)


@then(step('the wait of {actor:Actor} ends promptly with "{text}"'))
def wait_ends_with(world: World, actor: str, text: str):
    poll = chat(world).polls.pop(actor)
    reply = poll.join()
    assert reply.status == 200, (f"the waiting long poll answered {reply.status}, not the message posted "
                                 f"during its wait")
    judged(reply)
    texts = [m["message"] for m in reply.data]
    assert text in texts, f"the waiting long poll answered {texts}, without {text!r}"
    late = poll.ended - chat(world).posted_at
    assert late <= PROMPTLY, (f"the waiting long poll answered {late:.1f} s after the message was posted "
                              f"(its timeout was {WAIT_TIMEOUT} s): it did not wake up for it")


# --- several actors at once ------------------------------------------------------------------

class Listener:
    """Long-polls a conversation from ``after`` until it has seen the message END."""

    def __init__(self, actor, owned: bool, token: str, after: int):
        self.actor, self.owned, self.token, self.after = actor, owned, token, after
        self.seen: list[tuple[int, str]] = []
        self.problem: str | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        last, deadline = self.after, time.monotonic() + LISTEN_DEADLINE
        try:
            while time.monotonic() < deadline:
                reply = self.actor.call("receiveMessages", defer_judgement=True, token=self.token, lookIntoFuture=1,
                                        lastKnownMessageId=last, timeout=LISTEN_TIMEOUT, setReadMarker=0)
                if reply.problems:
                    self.problem = "; ".join(p.render() for p in reply.problems)
                    return
                if reply.status == 304:
                    continue
                if reply.status != 200:
                    self.problem = f"a long poll answered {reply.status}"
                    return
                self.seen += [(m["id"], m["message"]) for m in reply.data]
                given = header(reply, "X-Chat-Last-Given")
                last = int(given) if given else max([last, *(m["id"] for m in reply.data)])
                if any(m["message"] == END for m in reply.data):
                    return
            self.problem = f"the last message never came within {LISTEN_DEADLINE} s"
        except BaseException as exc:
            self.problem = f"{type(exc).__name__}: {exc}"
        finally:
            if self.owned:
                self.actor.close()

    def join(self) -> None:
        self.thread.join(LISTEN_DEADLINE + LISTEN_TIMEOUT + 30)


@given(step('{actor:Actor} listens to "{label}"'))
def listens(world: World, actor: str, label: str):
    after = newest_id(world, "owner", label)
    session, owned = _session_of(world, actor)
    chat(world).listeners[actor] = Listener(session, owned, world.token(label), after)


@when(step('the owner, the moderator and the user each post {count:d} messages to "{label}" at the same time'))
def post_at_once(world: World, count: int, label: str):
    token = world.token(label)
    roles = ("owner", "moderator", "user")
    writers = [world.target.new_actor(f"{role} (writing)", world.account(role)) for role in roles]

    def write(n: int) -> list:
        return [writers[n].call("sendMessage", token=token, message=f"{roles[n]} says {i}") for i in range(count)]

    try:
        with ThreadPoolExecutor(len(roles)) as pool:
            replies = [r for batch in pool.map(write, range(len(roles))) for r in batch]
    finally:
        for writer in writers:
            writer.close()
    refused = [r.status for r in replies if r.status != 201]
    assert not refused, f"{len(refused)} of {len(replies)} messages were refused: {sorted(set(refused))}"
    posted = chat(world).posted.setdefault(label, [])
    posted += [(f"{role} says {i}", None) for role in roles for i in range(count)]
    # Every writer is done: the last message tells the listeners so.
    world.expect(world.call("owner", "sendMessage", room=label, message=END), 201)
    posted.append((END, None))


def _exactly_once_in_order(seen: list[tuple[int, str]], posted: list[str], who: str) -> None:
    ids = [i for i, _ in seen]
    assert all(a < b for a, b in zip(ids, ids[1:])), f"{who}: the ids do not strictly increase: {ids[:50]}"
    texts = [t for _, t in seen]
    missing = [t for t in posted if t not in texts]
    twice = sorted({t for t in posted if texts.count(t) > 1})
    assert not missing, f"{who}: {len(missing)} of {len(posted)} messages never arrived, e.g. {missing[:5]}"
    assert not twice, f"{who}: messages delivered more than once: {twice[:5]}"


@then(step('every listener got every message posted to "{label}" exactly once, in order'))
def listeners_got_all(world: World, label: str):
    posted = [t for t, _ in chat(world).posted[label]]
    for role, listener in chat(world).listeners.items():
        listener.join()
        assert listener.problem is None, f"the {role}'s listening: {listener.problem}"
        _exactly_once_in_order(listener.seen, posted, f"the {role} listening")


@then(step('the chat of "{label}" holds every message posted to it exactly once, in order'))
def history_holds_all(world: World, label: str):
    newest_first = messages_of(world, "owner", label)
    posted = [t for t, _ in chat(world).posted[label]]
    _exactly_once_in_order([(m["id"], m["message"]) for m in reversed(newest_first)], posted, "the history")

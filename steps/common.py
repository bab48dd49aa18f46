"""Steps and parameter types every feature shares: who acts, the scenario's memory, the status check."""

from __future__ import annotations

import functools
import inspect
import re
from http import HTTPStatus

import pytest
from pytest_bdd import parsers, then, when

from talk_conformance.run import client
from talk_conformance.spec.dialect import Who
from talk_conformance.spec.problem import Problem, RuleBroken

# Who the docs name, as the features say it -> the actor's role.
ACTORS = {
    "the owner": "owner",
    "the moderator": "moderator",
    "the user": "user",
    "the stranger": "stranger",
    "the newcomer": "newcomer",  # a user the scenario makes, and deletes (steps/user_deletion.py)
    "the guest": "guest",
    "the second guest": "second guest",
    "someone not logged in": "anonymous",
}


# The guests' roles: each its own cookie session, kept for the whole scenario (World.actor).
GUEST_ROLES = ("guest", "second guest")


def is_guest(role: str) -> bool:
    return role in GUEST_ROLES


def _actor_phrase(text: str) -> str:
    return ACTORS[text]


_actor_phrase.pattern = "|".join(sorted(ACTORS, key=len, reverse=True))


def Label(text: str) -> str:  # noqa: N802  (a parse type, named as the step texts name it)
    """A conversation's label as a feature quotes it: ``"{label}"`` ends at the closing quote (so
    'joins "x"' does not swallow 'joins "x" with the password "y"')."""
    return text


Label.pattern = r'[^"]+'  # type: ignore[attr-defined]


def Quoted(text: str) -> str:  # noqa: N802  (a parse type, named as the step texts name it)
    """Quoted text that may be empty (``"{search:Quoted}"`` reads ``""``)."""
    return text


Quoted.pattern = r'[^"]*'  # type: ignore[attr-defined]
TYPES = {"Actor": _actor_phrase, "Label": Label, "Quoted": Quoted}


def phrase_type(*phrases: str):
    """A parse type of a steps module's own: its field reads exactly one of ``phrases`` and gives what
    the decorated function makes of it (``{flag:Flag}`` below ``@phrase_type("important", ...)``)."""
    def register(func):
        func.pattern = "|".join(sorted(phrases, key=len, reverse=True))
        TYPES[func.__name__] = func
        return func
    return register


def step(text: str) -> parsers.parse:
    """A step sentence whose ``{name:Actor}`` fields read the actor phrases above, and whose quoted
    ``"{label}"`` fields are :class:`Label` s. Every step module uses this one factory."""
    return parsers.parse(text.replace('"{label}"', '"{label:Label}"'), extra_types=TYPES)


class _Plain(parsers.parse):
    """The plain sentence of an :func:`action`: it leaves a sentence its "with NNN" variant reads to the
    variant (a sentence ending in a free field, ``with a timer {when}``, would read both)."""

    def __init__(self, name: str, variant: parsers.parse) -> None:
        super().__init__(name, extra_types=TYPES)
        self.variant = variant

    def is_matching(self, name: str) -> bool:
        return super().is_matching(name) and not self.variant.is_matching(name)


def action(text: str):
    """A When step that sends the action under test, in two sentences: ``text`` (its status is checked
    by a later "Then the response is ..."), and ``text + " with {status:d}"``, which runs the same step
    and checks the status at once, as "Then the response is NNN ..." does (a known deviation cited)::

        @action('{actor:Actor} renames "{label}" to "{name}"')
        def renames(world, actor, label, name): world.act(actor, "renameRoom", room=label, roomName=name)

        When the user renames "team" to "x" with 403

    so that a permission matrix is one Scenario Outline (``When <actor> renames "team" to "x" with
    <status>``). Returns the function undecorated: other steps may call it."""
    variant = step(text + " with {status:d}")

    def decorate(func):
        when(_Plain(step(text).name, variant), stacklevel=2)(func)

        @functools.wraps(func)
        def with_status(*args, status: int, **kwargs):
            world = kwargs.get("world")
            assert isinstance(world, World), f"the action step {func.__name__} takes no world"
            before = len(world.replies)
            func(*args, **kwargs)
            assert len(world.replies) > before and world.last is not None, \
                f"the step {func.__name__} sent no request whose status could be {status}"
            _expect_status(world, status, _phrase(status))

        signature = inspect.signature(func)
        if "status" in signature.parameters:
            raise ValueError(f"action step {func.__name__}: its sentence may not name a field 'status'")
        with_status.__signature__ = signature.replace(parameters=[  # type: ignore[attr-defined]
            *signature.parameters.values(), inspect.Parameter("status", inspect.Parameter.KEYWORD_ONLY)])
        when(variant, stacklevel=2)(with_status)
        return func

    return decorate


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        raise ValueError(f"feature typo: {status} is no HTTP status") from None


class World:
    """What one scenario remembers: its conversations by label, the last answer, its guest, and what
    the chat, the lobby and the message steps keep between steps (declared here, each set by one step
    module)."""

    def __init__(self, target):
        self.target = target
        self.rooms: dict[str, str] = {}
        self.last: client.Reply | None = None
        self._guests: dict[str, client.Actor] = {}
        self.created: list[tuple[str, client.Account]] = []
        self._held: dict = {}
        # Every answer the scenario's steps got: the contract problems of those whose status was right
        # are recorded and raised at the end of the scenario (the plugin reads them from the item's stash).
        self.replies: list[client.Reply] = []
        self.chat = None  # steps/chat.py: what the scenario posted and read (a steps.chat.Chat)
        self.lobby_timer: int | None = None  # steps/room_settings.py: the lobby timer a step set
        self.reference_id: str | None = None  # steps/chat_later.py: the referenceId a message was sent with
        self.deleted: int | None = None  # steps/chat_later.py: the id of the message a step deleted
        self.marks: dict[str, tuple[str, int]] = {}  # steps/tables.py: (reader, newest message id) per label

    # -- the target's API version ---------------------------------------------------------------

    @property
    def dialect(self):
        """What differs between API versions (talk_conformance.spec.dialect), for the target's profile."""
        return self.target.dialect

    def who(self, role: str, label: str) -> Who:
        """``role`` as a participant of ``label``, as the target's API names them: a user by id, a
        guest by the session it has there; where the API names attendees, with the attendee id read
        from the conversation as they see it."""
        room = None
        if is_guest(role) or self.dialect.names_attendees:
            reply = self.call(role, "getRoom", room=label)
            assert reply.status == 200, f"{role} cannot read {label!r}: {reply.title} answered {reply.status}"
            room = reply.data
        return Who(user_id=None if is_guest(role) else self.account(role).user_id,
                   session=room.get("sessionId") if room and is_guest(role) else None,
                   attendee_id=room.get("attendeeId") if room and self.dialect.names_attendees else None)

    def actor(self, role: str) -> client.Actor:
        if is_guest(role):
            # One cookie session per guest and scenario: the guest is whoever holds that session.
            if role not in self._guests:
                self._guests[role] = self.target.new_actor(role)
            return self._guests[role]
        if role == "anonymous":
            # Fresh every time: no credentials and no cookie from an earlier answer.
            return self.target.new_actor("someone not logged in")
        return self.target.actor(role)

    def exclusive(self, resource: str) -> None:
        """Hold ``resource`` until the scenario ends: no scenario of another worker process uses it
        meanwhile (a server keeps one one-to-one conversation per pair of users, shared by every
        scenario that asks for it)."""
        if resource not in self._held:
            self._held[resource] = self.target.lock(resource)

    def release(self) -> None:
        for handle in self._held.values():
            handle.close()
        self._held.clear()

    def account(self, role: str) -> client.Account:
        return self.target.accounts[role]

    def token(self, label: str) -> str:
        try:
            return self.rooms[label]
        except KeyError:
            raise LookupError(f"the scenario has no conversation called {label!r}") from None

    def _send(self, role: str, operation: str, defer: bool, params: dict) -> client.Reply:
        if "room" in params:  # a conversation named by the scenario's label
            params["token"] = self.token(params.pop("room"))
        reply = self.last = self.actor(role).call(operation, defer_judgement=True, **params)
        reply.awaiting_status = defer
        self.replies.append(reply)
        if not defer and any(p.kind == "undocumented-status" for p in reply.problems):
            reply.raise_problems()  # a status the docs do not know: what the scenario builds on went wrong
        return reply

    def call(self, role: str, operation: str, **params) -> client.Reply:
        """A request of set-up, or of a Then step's check: a status the docs do not give stops the scenario
        at once; the answer's other contract problems are recorded, and the scenario goes on to check
        the server's behaviour (they fail it at its end, with whatever else it finds)."""
        return self._send(role, operation, False, params)

    def act(self, role: str, operation: str, **params) -> client.Reply:
        """The action under test: its status is checked first ("Then the response is ..."), then its body."""
        return self._send(role, operation, True, params)

    def room(self, role: str, label: str) -> dict:
        """The conversation as ``role`` reads it now (GET /room/{token} must answer 200)."""
        reply = self.call(role, "getRoom", room=label)
        assert reply.status == 200, f"{role} cannot read {label!r}: {reply.title} answered {reply.status}"
        return reply.data

    def report_pending(self) -> None:
        """The last answer's status was checked and is right: its contract problems stay recorded, and
        fail the scenario at its end with whatever else it finds."""
        if self.last is not None:
            self.last.awaiting_status = False

    def expect(self, reply: client.Reply, *statuses: int) -> client.Reply:
        """For set-up steps: the server must accept what the scenario builds on."""
        if reply.status not in statuses:
            raise AssertionError(
                f"set-up failed: {reply.title} answered {reply.status}, expected {' or '.join(map(str, statuses))}")
        return reply

    def remember_room(self, label: str, reply: client.Reply, *owners: client.Account) -> None:
        token = reply.data["token"]
        self.rooms[label] = token
        for account in owners:
            self.created.append((token, account))


@pytest.fixture
def world(target, scenario_replies):
    w = World(target)
    w.replies = scenario_replies  # the verdict raises what their problems left at the scenario's end
    yield w
    # Rooms a scenario made go, whatever its verdict.
    try:
        target.delete_rooms(w.created)
    finally:
        w.release()


@then(parsers.re(r"the response is (?P<status>\d{3}) (?P<reason>.+)"))
def response_status(world: World, status: str, reason: str) -> None:
    expected = int(status)
    if HTTPStatus(expected).phrase != reason:
        raise ValueError(f"feature typo: {expected} is {HTTPStatus(expected).phrase!r}, not {reason!r}")
    _expect_status(world, expected, reason)


@then(step('the response is what the docs give when "{reason}"'))
def response_for_reason(world: World, reason: str) -> None:
    """Where the releases' docs disagree (412 before Talk 6.0, 400 from it on), the server's release
    decides; openapi.yaml holds the rule. A release whose docs give no answer for it is not judged."""
    reply = world.last
    assert reply is not None, "no request was made before this step"
    judge = world.target.contract
    statuses = judge.statuses_for(reply.operation.id, reason)
    if not statuses:
        reply.reported = True  # not judged: the release's docs say nothing of it (the skip's reason)
        pytest.skip(f"the docs of the server's release (Talk {judge.release or 'unknown'}) give "
                    f"{reply.title} no answer when {reason}")
    if len(statuses) > 1:
        raise ValueError(f"feature or document bug: {reply.title} has several answers when {reason}: {statuses}")
    _expect_status(world, statuses[0], f"{HTTPStatus(statuses[0]).phrase} (when {reason})")


@then(parsers.re(r'the response is one the docs give when (?P<reasons>"[^"]+"(?: or when "[^"]+")+)'))
def response_for_any_reason(world: World, reasons: str) -> None:
    """Where several documented conditions hold for one request (the owner is both "not a normal user"
    and "an owner"), each gives its status and either conforms. Reasons the server's release does not
    document count for nothing; if none is documented, the release is not judged."""
    reply = world.last
    assert reply is not None, "no request was made before this step"
    judge = world.target.contract
    wanted = re.findall(r'"([^"]+)"', reasons)
    statuses = sorted({status for reason in wanted for status in judge.statuses_for(reply.operation.id, reason)})
    if not statuses:
        reply.reported = True  # not judged: the release's docs say nothing of it (the skip's reason)
        pytest.skip(f"the docs of the server's release (Talk {judge.release or 'unknown'}) give "
                    f"{reply.title} no answer when {' or when '.join(wanted)}")
    _expect_status(world, tuple(statuses), "(when " + " or when ".join(wanted) + ")")


def _expect_status(world: World, expected: int | tuple[int, ...], reason: str) -> None:
    reply = world.last
    assert reply is not None, "no request was made before this step"
    accepted = expected if isinstance(expected, tuple) else (expected,)
    if reply.status not in accepted:
        # The wrong status first: the body problems that follow from it come after.
        known = world.target.contract.deviations.for_status(
            reply.operation.id, reply.status, accepted[0] if len(accepted) == 1 else None, world.target.release)
        said = " or ".join(map(str, accepted))
        wrong = Problem("status", operation=reply.operation.id, method=reply.method,
                        path=reply.operation.display_path, status=reply.status, expected=said, actual=str(reply.status),
                        detail=reason, deviations=tuple(d.id for d in known))
        raise RuleBroken([wrong, *reply.take_problems()], reply.request_id)
    world.report_pending()  # the status is right: the body's problems fail the scenario at its end

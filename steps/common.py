"""Steps and parameter types every feature shares: who acts, the scenario's memory, the status check."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from pytest_bdd import parsers, then

from talk_conformance import api, client, contract

# Who the docs name, as the features say it -> the actor's role.
ACTORS = {
    "the owner": "owner",
    "the moderator": "moderator",
    "the user": "user",
    "the stranger": "stranger",
    "the guest": "guest",
    "someone not logged in": "anonymous",
}


def _actor_phrase(text: str) -> str:
    return ACTORS[text]


_actor_phrase.pattern = "|".join(sorted(ACTORS, key=len, reverse=True))
TYPES = {"Actor": _actor_phrase}


def step(text: str) -> parsers.parse:
    """A step sentence whose ``{name:Actor}`` fields read the actor phrases above."""
    return parsers.parse(text, extra_types=TYPES)


class World:
    """What one scenario remembers: its conversations by label, the last answer, its guest."""

    def __init__(self, target):
        self.target = target
        self.rooms: dict[str, str] = {}
        self.last: client.Reply | None = None
        self._guest: client.Actor | None = None
        self.created: list[tuple[str, client.Account]] = []

    def actor(self, role: str) -> client.Actor:
        if role == "guest":
            # One cookie session per scenario: the guest is whoever holds that session.
            if self._guest is None:
                self._guest = self.target.new_actor("guest")
            return self._guest
        if role == "anonymous":
            # Fresh every time: no credentials and no cookie from an earlier answer.
            return self.target.new_actor("someone not logged in")
        return self.target.actor(role)

    def account(self, role: str) -> client.Account:
        return self.target.accounts[role]

    def token(self, label: str) -> str:
        try:
            return self.rooms[label]
        except KeyError:
            raise LookupError(f"the scenario has no conversation called {label!r}") from None

    def call(self, role: str, method: str, endpoint: str, data: dict | None = None, **params) -> client.Reply:
        self.last = self.actor(role).request(method, endpoint, data=data, **params)
        return self.last

    def expect(self, reply: client.Reply, *statuses: int) -> client.Reply:
        """For set-up steps: the server must accept what the scenario builds on."""
        if reply.status not in statuses:
            raise AssertionError(
                f"set-up failed: {reply.method} {reply.endpoint} answered {reply.status}, "
                f"expected {' or '.join(map(str, statuses))}")
        return reply

    def remember_room(self, label: str, reply: client.Reply, *owners: client.Account) -> None:
        token = reply.data["token"]
        self.rooms[label] = token
        for account in owners:
            self.created.append((token, account))


@pytest.fixture
def world(target):
    w = World(target)
    yield w
    # Rooms a scenario made go, whatever its verdict.
    target.delete_rooms(w.created)


@then(parsers.re(r"the response is (?P<status>\d{3}) (?P<reason>.+)"))
def response_status(world: World, status: str, reason: str) -> None:
    expected = int(status)
    if HTTPStatus(expected).phrase != reason:
        raise ValueError(f"feature typo: {expected} is {HTTPStatus(expected).phrase!r}, not {reason!r}")
    reply = world.last
    assert reply is not None, "no request was made before this step"
    if reply.status != expected:
        message = f"{reply.method} {reply.endpoint} answered {reply.status}, the docs say {expected} {reason}"
        note = contract.deviation_note(reply.method, api.url_path(reply.endpoint), expected, reply.status)
        if note:
            message += f" (known deviation: {note})"
        raise AssertionError(message)

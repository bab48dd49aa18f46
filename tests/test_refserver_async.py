"""Asynchronous handlers wait outside any transaction and wake when a write touches their room;
204 and 304 answers carry no body. Routes registered here exist only in these tests' apps."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from talk_refserver.guards import PARTICIPANT
from talk_refserver.ocs import Result
from talk_refserver.routing import Ctx, Endpoint
from tests.test_refserver_support import OCS_HEADERS, InProcess, Users, create_room, new_session


async def wait_for_rename(ctx: Ctx):
    """A long poll in miniature: the room's name once it changed, or 304 after the timeout."""
    timeout = ctx.params.int("timeout", 5)
    if not await ctx.wait_for_change(ctx.room, timeout):
        return Result(304)
    with ctx.transaction():
        return {"name": ctx.repo.rooms.by_id(ctx.room["id"])["name"]}


def nothing(ctx: Ctx):
    return Result(ctx.params.int("status"))


@pytest.fixture
def server(tmp_path):
    with InProcess(tmp_path / "db.sqlite") as srv:
        srv.app.router.add("GET", "/test/wait/{token}", Endpoint(wait_for_rename, (PARTICIPANT,)))
        srv.app.router.add("GET", "/test/nothing", Endpoint(nothing))
        yield srv


@pytest.mark.parametrize("status", [204, 304])
def test_bodiless_answers_have_no_body(server, status):
    guest = new_session()
    reply = guest.get(f"{server.url}/ocs/v2.php/test/nothing?status={status}", headers=OCS_HEADERS)
    assert reply.status_code == status
    assert reply.content == b""
    assert "content-type" not in reply.headers and reply.headers.get("content-length", "0") == "0"
    # Other statuses keep the envelope.
    assert guest.get(f"{server.url}/ocs/v2.php/test/nothing?status=200", headers=OCS_HEADERS).json()["ocs"]["meta"]["statuscode"] == 200


def test_a_waiting_handler_wakes_on_a_write_and_others_are_served_meanwhile(server):
    users = Users(server)
    owner = users.user()
    token = create_room(owner, 2, "before")
    auth = owner.session.auth

    async def scenario():
        # One event loop for every request, as under uvicorn.
        transport = httpx.ASGITransport(app=server.app)
        async with httpx.AsyncClient(transport=transport, base_url=server.url, headers=OCS_HEADERS, auth=auth) as c:
            waiter = asyncio.create_task(c.get(f"/ocs/v2.php/test/wait/{token}"))
            await asyncio.sleep(0.2)
            assert not waiter.done()
            assert server.app.notifier.watched() == 1
            # Served while the first request waits: a read, then the write that wakes it.
            assert (await c.get(f"/ocs/v2.php/apps/spreed/api/v1/room/{token}")).status_code == 200
            assert not waiter.done()
            renamed = await c.put(f"/ocs/v2.php/apps/spreed/api/v1/room/{token}", data={"roomName": "after"})
            assert renamed.status_code == 200
            woken = await asyncio.wait_for(waiter, 2)
            assert woken.status_code == 200 and woken.json()["ocs"]["data"] == {"name": "after"}
            assert server.app.notifier.watched() == 0

    asyncio.run(scenario())


def test_a_waiting_handler_times_out_with_304_and_a_write_elsewhere_does_not_wake_it(server):
    users = Users(server)
    owner = users.user()
    token, other = create_room(owner, 2, "quiet"), create_room(owner, 2, "busy")
    auth = owner.session.auth

    async def scenario():
        transport = httpx.ASGITransport(app=server.app)
        async with httpx.AsyncClient(transport=transport, base_url=server.url, headers=OCS_HEADERS, auth=auth) as c:
            waiter = asyncio.create_task(c.get(f"/ocs/v2.php/test/wait/{token}?timeout=1"))
            await asyncio.sleep(0.2)
            await c.put(f"/ocs/v2.php/apps/spreed/api/v1/room/{other}", data={"roomName": "renamed"})
            reply = await asyncio.wait_for(waiter, 3)
            assert reply.status_code == 304 and reply.content == b""
            assert server.app.notifier.watched() == 0

    asyncio.run(scenario())


def test_guards_run_before_an_async_handler(server):
    users = Users(server)
    owner, stranger = users.user(), users.user()
    token = create_room(owner, 2, "private")
    reply = stranger.get(f"/ocs/v2.php/test/wait/{token}?timeout=5")
    assert reply.status == 404  # at once: the participant guard refused before any waiting

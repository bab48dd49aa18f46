"""Each --fault breaks its one documented rule, and none of the others.

Every fault has a probe that answers "is this rule broken?". Against a plain server every probe says
no; against a faulted server exactly the fault's own probe says yes.
"""

from __future__ import annotations

import pytest

from talk_conformance import embedded
from talk_conformance.refserver.faults import FAULTS
from tests.test_refserver_support import Api, Users, create_room, unique


class World:
    def __init__(self, server):
        self.server = server
        self.users = Users(server)
        self.owner, self.user, self.stranger = (self.users.user() for _ in range(3))

    def group_room(self) -> str:
        token = create_room(self.owner, 2, "team")
        assert self.owner.post(f"/room/{token}/participants", {"newParticipant": self.user.uid}).status == 200
        return token

    def public_room(self) -> str:
        token = self.group_room()
        assert self.owner.post(f"/room/{token}/public").status == 200
        return token


def rename_one_to_one(w: World) -> bool:
    token = create_room(w.owner, 1, invite=w.users.user().uid)
    return w.owner.put(f"/room/{token}", {"roomName": "private"}).status == 200


def rename_length(w: World) -> bool:
    token = w.group_room()
    return (w.owner.put(f"/room/{token}", {"roomName": ""}).status == 200
            or w.owner.put(f"/room/{token}", {"roomName": "x" * 201}).status == 200)


def rename_by_user(w: World) -> bool:
    return w.user.put(f"/room/{w.group_room()}", {"roomName": "hijacked"}).status == 200


def rename_not_saved(w: World) -> bool:
    token = w.group_room()
    assert w.owner.put(f"/room/{token}", {"roomName": "renamed"}).status == 200
    return w.owner.get(f"/room/{token}").data["name"] != "renamed"


def delete_by_user(w: World) -> bool:
    return w.user.delete(f"/room/{w.group_room()}").status == 200


def stranger_sees(w: World) -> bool:
    return w.stranger.get(f"/room/{w.group_room()}").status == 200


def list_leaks(w: World) -> bool:
    token = w.group_room()
    return token in [room["token"] for room in w.stranger.get("/room").data]


def invalid_type(w: World) -> bool:
    return w.owner.post("/room", {"roomType": 5, "roomName": "x"}).status == 201


def unknown_invitee(w: World) -> bool:
    return (w.owner.post("/room", {"roomType": 1, "invite": unique("nobody")}).status == 201
            or w.owner.post("/room", {"roomType": 2, "invite": unique("nogroup")}).status == 201)


def anonymous_list(w: World) -> bool:
    return Api(w.server.url).get("/room").status == 200


def anonymous_create(w: World) -> bool:
    return Api(w.server.url).post("/room", {"roomType": 2, "roomName": "x"}).status == 201


def one_to_one_twice(w: World) -> bool:
    other = w.users.user()
    first = create_room(w.owner, 1, invite=other.uid)
    again = w.owner.post("/room", {"roomType": 1, "invite": other.uid})
    return again.status == 201 or again.data["token"] != first


def public_by_user(w: World) -> bool:
    return w.user.post(f"/room/{w.group_room()}/public").status == 200


def private_by_user(w: World) -> bool:
    return w.user.delete(f"/room/{w.public_room()}/public").status == 200


def password_by_user(w: World) -> bool:
    return w.user.put(f"/room/{w.public_room()}/password", {"password": "pw"}).status == 200


def password_on_group(w: World) -> bool:
    return w.owner.put(f"/room/{w.group_room()}/password", {"password": "pw"}).status == 200


def statuscode(w: World) -> bool:
    reply = w.owner.get("/room/zz99notaroom")
    return reply.meta["statuscode"] != reply.status


def shape(w: World) -> bool:
    return not isinstance(w.owner.get(f"/room/{w.group_room()}").data["lastPing"], int)


def unknown_room(w: World) -> bool:
    return any(w.owner.call(method, "/room/zz99notaroom", {"roomName": "x"}).status == 200
               for method in ("GET", "PUT", "DELETE"))


def password_ignored(w: World) -> bool:
    token = w.public_room()
    assert w.owner.put(f"/room/{token}/password", {"password": "right"}).status == 200
    return w.users.guest().post(f"/room/{token}/participants/active", {"password": "wrong"}).status == 200


PROBES = {
    "rename-one-to-one-allowed": rename_one_to_one,
    "rename-length-unchecked": rename_length,
    "rename-by-non-moderator": rename_by_user,
    "rename-not-saved": rename_not_saved,
    "delete-by-non-moderator": delete_by_user,
    "stranger-sees-room": stranger_sees,
    "room-list-leaks": list_leaks,
    "create-invalid-type": invalid_type,
    "create-unknown-invitee": unknown_invitee,
    "anonymous-room-list": anonymous_list,
    "anonymous-create": anonymous_create,
    "one-to-one-duplicated": one_to_one_twice,
    "public-by-non-moderator": public_by_user,
    "private-by-non-moderator": private_by_user,
    "password-by-non-moderator": password_by_user,
    "password-on-non-public": password_on_group,
    "statuscode-mismatch": statuscode,
    "room-shape": shape,
    "unknown-room-200": unknown_room,
    "password-not-checked": password_ignored,
}


def test_every_fault_has_a_probe():
    assert sorted(PROBES) == sorted(FAULTS)
    assert all(isinstance(text, str) and text for text in FAULTS.values())


def test_plain_server_breaks_no_rule():
    with embedded.start() as server:
        world = World(server)
        broken = [name for name, probe in PROBES.items() if probe(world)]
    assert broken == []


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_breaks_exactly_its_rule(fault):
    with embedded.start(faults=[fault]) as server:
        world = World(server)
        broken = [name for name, probe in PROBES.items() if probe(world)]
    assert broken == [fault]


def test_unknown_fault_is_refused():
    with pytest.raises(embedded.ServerDidNotStart):
        embedded.start(faults=["no-such-fault"])

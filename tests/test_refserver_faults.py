"""Each --fault breaks its one documented rule, and none of the others.

Every fault has a probe that answers "is this rule broken?". Against a plain server every probe says
no; against a faulted server exactly the fault's own probe says yes.

Running every probe against every fault would cost faults x probes (most of the project's test time).
It need not: the server consults a fault only through ``Faults.active``, so a probe that never asks
about a fault on the plain server takes the very same path with that fault switched on. The plain run
records which faults each probe asks about; a faulted run repeats only the probes that asked about its
fault (all of them if building the probes' world did), and those must say "not broken", its own "broken".
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from talk_refserver.capabilities import profile_options
from talk_refserver.faults import Faults, catalogue
from talk_refserver.faults import releases as fault_releases
from talk_refserver.server import ServeError, serve
from tests import refserver_probes_participants
from tests.refserver_anchor_chat_probes import ANCHOR_CHAT_PROBES
from tests.refserver_anchor_chat_rooms_probes import ANCHOR_CHAT_ROOMS_PROBES
from tests.refserver_anchor_members_probes import ANCHOR_MEMBERS_PROBES
from tests.refserver_callapi_probes import CALLAPI_PROBES
from tests.refserver_chat_depth_probes import DEPTH_CHAT_PROBES
from tests.refserver_chat_later_probes import LATER_CHAT_PROBES
from tests.refserver_chat_probes import CHAT_PROBES
from tests.refserver_guest_boundary_probes import GUEST_BOUNDARY_PROBES
from tests.refserver_later_probes import LATER_PROBES
from tests.refserver_members_probes import MEMBERS_PROBES
from tests.refserver_mention_probes import MENTION_PROBES
from tests.refserver_read_privacy_probes import READ_PRIVACY_PROBES
from tests.refserver_room_settings_probes import MATRIX_PROBES
from tests.refserver_rooms_depth_probes import ROOMS_DEPTH_PROBES
from tests.refserver_system_probes import SYSTEM_PROBES
from tests.test_refserver_support import Api, InProcess, Users, create_room, unique

FAULTS = catalogue()
# A fault that breaks a rule of a later release's docs is probed on a server of the newest release, with
# the probes of such rules; the others on the default server (Talk 7).
LATER = fault_releases()
NEWEST = profile_options("talk-11")


def _options(later: bool) -> dict:
    return NEWEST if later else {}


class World:
    """Rooms built so that no single fault spoils them: each creation rule has its own probe below."""

    def __init__(self, server):
        self.server = server
        self.users = Users(server)
        self.owner, self.user, self.stranger = (self.users.user() for _ in range(3))
        self.empty_group = self.users.group()
        self._once: dict[str, tuple[object, set[str]]] = {}

    def once(self, key: str, compute):
        """What several probes share (a long history, timed polls), made once per world. Each probe
        using it counts as asking about whatever making it asked about."""
        if key not in self._once:
            with consulted() as asked:
                value = compute()
            self._once[key] = (value, asked)
        value, asked = self._once[key]
        for recorder in RECORDING:
            recorder.update(asked)
        return value

    def group_room(self) -> str:
        # Invited for a group with no members: neither empty-group-room-refused nor
        # group-invite-adds-nobody changes this room.
        token = create_room(self.owner, 2, invite=self.empty_group)
        assert self.owner.post(f"/room/{token}/participants", {"newParticipant": self.user.uid}).status == 200
        return token

    def public_room(self) -> str:
        # Created public and made public again: public either way under create-wrong-type or public-not-saved.
        token = create_room(self.owner, 3, "open")
        assert self.owner.post(f"/room/{token}/participants", {"newParticipant": self.user.uid}).status == 200
        assert self.owner.post(f"/room/{token}/public").status == 200
        return token

    def moderator(self, token: str):
        moderator = self.users.user()
        assert self.owner.post(f"/room/{token}/participants", {"newParticipant": moderator.uid}).status == 200
        assert self.owner.post(f"/room/{token}/moderators", {"participant": moderator.uid}).status == 200
        return moderator

    def listed(self, api, token: str) -> bool:
        return token in [room["token"] for room in api.get("/room").data]


def rename_one_to_one(w: World) -> bool:
    token = create_room(w.owner, 1, invite=w.users.user().uid)
    return w.owner.put(f"/room/{token}", {"roomName": "private"}).status == 200


def rename_one_to_one_400(w: World) -> bool:
    token = create_room(w.owner, 1, invite=w.users.user().uid)
    return w.owner.put(f"/room/{token}", {"roomName": "private"}).status == 400


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
    return Api(w.server).get("/room").status == 200


def anonymous_create(w: World) -> bool:
    return Api(w.server).post("/room", {"roomType": 2, "roomName": "x"}).status == 201


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
    if not w.owner.get(f"/room/{token}").data["hasPassword"]:
        return False  # no password stored (password-not-saved): there is nothing to check on join
    return w.users.guest().post(f"/room/{token}/participants/active", {"password": "wrong"}).status == 200


def public_created_as_group(w: World) -> bool:
    token = create_room(w.owner, 3, "open")
    return w.owner.get(f"/room/{token}").data["type"] != 3


def group_invite_adds_nobody(w: World) -> bool:
    member = w.users.user()
    token = create_room(w.owner, 2, invite=w.users.group(member))
    return member.get(f"/room/{token}").status != 200


def one_to_one_without_invitee(w: World) -> bool:
    other = w.users.user()
    token = create_room(w.owner, 1, invite=other.uid)
    return other.get(f"/room/{token}").status != 200


def empty_group_refused(w: World) -> bool:
    return w.owner.post("/room", {"roomType": 2, "roomName": "team"}).status != 201


def list_misses(w: World) -> bool:
    return not w.listed(w.user, w.group_room())


def guest_cannot_get(w: World) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    return guest.get(f"/room/{token}").status != 200


def delete_not_saved(w: World) -> bool:
    token = w.group_room()
    assert w.owner.delete(f"/room/{token}").status == 200
    return w.listed(w.owner, token)  # the owner's list, not GET /room/{token} (unknown-room-200 answers that)


def moderator_refused(w: World) -> bool:
    token = w.group_room()
    moderator = w.moderator(token)
    if moderator.get(f"/room/{token}").data["participantType"] != 2:
        return False  # not promoted at all (promote-not-saved): nothing to refuse
    return moderator.put(f"/room/{token}", {"roomName": "moderated"}).status == 403


def stranger_forbidden(w: World) -> bool:
    return w.stranger.put(f"/room/{w.group_room()}", {"roomName": "hijacked"}).status != 404


def public_not_saved(w: World) -> bool:
    token = w.group_room()
    assert w.owner.post(f"/room/{token}/public").status == 200
    return w.owner.get(f"/room/{token}").data["type"] != 3


def private_not_saved(w: World) -> bool:
    token = w.public_room()
    assert w.owner.delete(f"/room/{token}/public").status == 200
    return w.owner.get(f"/room/{token}").data["type"] != 2


def password_not_saved(w: World) -> bool:
    token = w.public_room()
    assert w.owner.put(f"/room/{token}/password", {"password": "pw"}).status == 200
    return not w.owner.get(f"/room/{token}").data["hasPassword"]


def password_not_removed(w: World) -> bool:
    token = w.public_room()
    assert w.owner.put(f"/room/{token}/password", {"password": "pw"}).status == 200
    assert w.owner.put(f"/room/{token}/password", {"password": ""}).status == 200
    return w.owner.get(f"/room/{token}").data["hasPassword"]


def right_password_refused(w: World) -> bool:
    token = w.public_room()
    assert w.owner.put(f"/room/{token}/password", {"password": "right"}).status == 200
    return w.users.guest().post(f"/room/{token}/participants/active", {"password": "right"}).status != 200


def rename_length_in_bytes(w: World) -> bool:
    return w.owner.put(f"/room/{w.group_room()}", {"roomName": "ä" * 200}).status != 200


PROBES = {
    "rename-one-to-one-allowed": rename_one_to_one,
    "rename-one-to-one-400": rename_one_to_one_400,
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
    "create-wrong-type": public_created_as_group,
    "group-invite-adds-nobody": group_invite_adds_nobody,
    "one-to-one-invitee-missing": one_to_one_without_invitee,
    "empty-group-room-refused": empty_group_refused,
    "room-list-missing": list_misses,
    "guest-cannot-get-room": guest_cannot_get,
    "delete-not-saved": delete_not_saved,
    "moderators-are-plain-users": moderator_refused,
    "strangers-get-403": stranger_forbidden,
    "public-not-saved": public_not_saved,
    "private-not-saved": private_not_saved,
    "password-not-saved": password_not_saved,
    "password-not-removed": password_not_removed,
    "password-join-refused": right_password_refused,
    "rename-length-in-bytes": rename_length_in_bytes,
    **refserver_probes_participants.PROBES,
    **CHAT_PROBES,
    **LATER_CHAT_PROBES,
    **DEPTH_CHAT_PROBES,
    **MATRIX_PROBES,
    **LATER_PROBES,
    **GUEST_BOUNDARY_PROBES,
    **ANCHOR_CHAT_ROOMS_PROBES,
    **MENTION_PROBES,
    **MEMBERS_PROBES,
    **ANCHOR_MEMBERS_PROBES,
    **ROOMS_DEPTH_PROBES,
    **SYSTEM_PROBES,
    **ANCHOR_CHAT_PROBES,
    **CALLAPI_PROBES,
    **READ_PRIVACY_PROBES,
}


def test_every_fault_has_a_probe():
    assert sorted(PROBES) == sorted(FAULTS)
    assert all(isinstance(text, str) and text for text in FAULTS.values())


RECORDING: list[set[str]] = []  # the sets of the consulted() blocks open now, innermost last


@contextmanager
def consulted():
    """The names of the faults the server asks about meanwhile (observed, not changed)."""
    asked: set[str] = set()
    active = Faults.active  # an outer block's recorder, if any: it keeps recording too

    def recording(self, which):
        if which is not None:
            asked.add(which.name)
        return active(self, which)

    RECORDING.append(asked)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Faults, "active", recording)
            yield asked
    finally:
        RECORDING.pop()  # blocks nest: this one is innermost


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory):
    """Against a plain server: what each probe says, and which faults the world and each probe asked about."""
    verdicts, asks, world_asks = {}, {}, {}
    for later in (False, True):
        with InProcess(tmp_path_factory.mktemp("plain") / "plain.sqlite", **_options(later)) as server:
            with consulted() as asked:
                world = World(server)
            world_asks[later] = set(asked)
            for name, probe in PROBES.items():
                if (name in LATER) == later:
                    with consulted() as asked:
                        verdicts[name] = probe(world)
                    asks[name] = set(asked)
    return verdicts, asks, world_asks


def test_plain_server_breaks_no_rule(plain_run):
    verdicts, _, _ = plain_run
    assert [name for name, broken in verdicts.items() if broken] == []


def test_every_probe_asks_about_its_own_fault(plain_run):
    # A probe that never reaches the place its fault is checked could not tell that fault from none.
    _, asks, world_asks = plain_run
    assert [name for name in PROBES if name not in asks[name] | world_asks[name in LATER]] == []


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_breaks_exactly_its_rule(fault, plain_run, tmp_path):
    _, asks, world_asks = plain_run
    later = fault in LATER
    reaching = [name for name in PROBES
                if (name in LATER) == later and (fault in world_asks[later] or fault in asks[name])]
    with InProcess(tmp_path / "faulted.sqlite", faults=[fault], **_options(later)) as server:
        world = World(server)
        broken = [name for name in reaching if PROBES[name](world)]
    assert broken == [fault]


def test_unknown_fault_is_refused(tmp_path):
    with pytest.raises(ValueError, match="^unknown fault no-such-fault$"):
        InProcess(tmp_path / "a.sqlite", faults=["no-such-fault"])
    with pytest.raises(ServeError, match="^unknown fault no-such-fault$"):
        serve(port=0, db=str(tmp_path / "b.sqlite"), faults={"rename-not-saved", "no-such-fault"})

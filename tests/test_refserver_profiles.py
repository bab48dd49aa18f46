"""Named profiles: the reference server as an older release, its features and its release's rules."""

from __future__ import annotations

import pytest

from talk_refserver.capabilities import ALL_V1_FEATURES, PROFILE_RELEASES, TALK_7_FEATURES, profile_features
from talk_refserver.server import ServeError, serve
from tests.test_refserver_support import assert_envelope, create_room


def test_profiles_grow_release_by_release():
    lists = [profile_features(name) for name in PROFILE_RELEASES]
    assert lists[0] == ["audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
                        "multi-room-users"]
    assert all(set(a) <= set(b) for a, b in zip(lists, lists[1:])) and len({tuple(x) for x in lists}) == len(lists) - 1
    assert lists[4] == TALK_7_FEATURES and lists[-1] == ALL_V1_FEATURES
    assert profile_features("talk-9") == profile_features("talk-10"), "Talk 10.0 added no feature"
    assert "notification-levels" in profile_features("talk-5") and "read-only-rooms" not in profile_features("talk-5")


def test_talk_3_2_rooms_joins_and_calls_are_of_their_time(as_release):
    users = as_release("talk-3.2")
    assert users.admin.get("/cloud/capabilities").data["version"]["major"] == 13
    owner, member = users.user(), users.user()
    token = create_room(owner, 3, "old")
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}), 200)
    joined = member.post(f"/room/{token}/participants/active").data
    assert set(joined) == {"sessionId"}, "Talk 3.2 answers the join with the session only"
    room = member.get(f"/room/{token}").data
    assert not {"lastMessage", "objectType", "objectId", "isFavorite", "readOnly", "lobbyState"} & set(room)
    assert {entry["call"] for entry in room["participants"].values()} == {False}
    gone = owner.put(f"/room/{token}/webinary/lobby", {"state": 1})
    assert (gone.status, gone.meta["statuscode"]) == (404, 998), "the lobby's route is really absent"


@pytest.mark.parametrize("profile, status", [("talk-3.2", 412), ("talk-5", 412), ("talk-6", 400), ("talk-7", 400)])
def test_promoting_a_non_user_is_412_before_talk_6_and_400_after(as_release, profile, status):
    users = as_release(profile)
    owner, member = users.user(), users.user()
    token = create_room(owner, 2, "team")
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}), 200)
    assert_envelope(owner.post(f"/room/{token}/moderators", {"participant": owner.uid}), 403)
    assert_envelope(owner.post(f"/room/{token}/moderators", {"participant": member.uid}), 200)
    assert_envelope(owner.post(f"/room/{token}/moderators", {"participant": member.uid}), status)
    assert_envelope(owner.delete(f"/room/{token}/moderators", {"participant": member.uid}), 200)
    assert_envelope(owner.delete(f"/room/{token}/moderators", {"participant": member.uid}), status)


def test_before_talk_5_the_source_of_a_new_participant_is_ignored(as_release):
    users = as_release("talk-4")
    owner, member = users.user(), users.user()
    token = create_room(owner, 2, "team")
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": member.uid, "source": "groups"}), 200)
    assert member.get(f"/room/{token}").status == 200


@pytest.mark.parametrize("profile, nextcloud", [("talk-7", 17), ("talk-9", 19), ("talk-10", 20), ("talk-11", 21)])
def test_each_profile_names_the_nextcloud_it_ran_on(as_release, profile, nextcloud):
    users = as_release(profile)
    data = users.admin.get("/cloud/capabilities").data
    assert data["version"]["major"] == nextcloud
    assert data["capabilities"]["spreed"]["features"] == profile_features(profile)


def test_unknown_profile_and_both_options_are_refused(tmp_path):
    with pytest.raises(ServeError, match="^unknown profile talk-99 \\(known: talk-3.2, talk-4"):
        serve(port=0, db=str(tmp_path / "a.sqlite"), profile="talk-99")
    with pytest.raises(ServeError, match="^give --profile or --capabilities, not both$"):
        serve(port=0, db=str(tmp_path / "a.sqlite"), profile="talk-5", capabilities=["audio"])

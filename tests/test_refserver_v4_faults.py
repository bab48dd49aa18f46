"""Each v4 fault breaks its one rule of API v4, and none of the others (as tests/test_refserver_faults.py
proves the v1 ones): a probe per fault asks "is this rule broken?"; against a plain Talk 22 server every
probe says no, and with a fault on exactly its own probe says yes. The suite's v4 scenarios will be tagged
with these faults once it has a v4 profile; until then these probes are their guards.
"""

from __future__ import annotations

import pytest

from talk_refserver.capabilities import profile_options
from talk_refserver.faults import Faults, catalogue
from tests.test_refserver_faults import consulted
from tests.test_refserver_support import InProcess, Users
from tests.test_refserver_v4 import chat, v4

V4_FAULTS = catalogue("v4")


def _room(api, room_type=2, name="probe"):
    return v4(api, "POST", "/room", {"roomType": room_type, "roomName": name}).data["token"]


def _attendee(owner, token, uid, member=None):
    """The attendeeId of ``uid``: from the list, else (a fault hides it there) from their own room."""
    found = next((p.get("attendeeId") for p in v4(owner, "GET", f"/room/{token}/participants").data
                  if p.get("actorId") == uid), None)
    return found if found is not None else v4(member, "GET", f"/room/{token}").data["attendeeId"]


class World:
    def __init__(self, server):
        self.users = Users(server)
        self.owner, self.member = self.users.user(), self.users.user()


def rename_answers_empty(w):
    token = _room(w.owner)
    return v4(w.owner, "PUT", f"/room/{token}", {"roomName": "new"}).data == []


def delete_answers_empty(w):
    token = _room(w.owner)
    return v4(w.owner, "DELETE", f"/room/{token}").data == []


def error_without_reason(w):
    token = _room(w.owner)
    return v4(w.owner, "PUT", f"/room/{token}", {"roomName": " "}).data != {"error": "value"}


def common_password_accepted(w):
    token = _room(w.owner, 3)
    return v4(w.owner, "PUT", f"/room/{token}/password", {"password": "password"}).status == 200


def fresh_user_no_rooms(w):
    return v4(w.users.user(), "GET", "/room").data == []


def name_limit_200(w):
    token = _room(w.owner)
    return v4(w.owner, "PUT", f"/room/{token}", {"roomName": "n" * 201}).status == 400


def room_in_v1_shape(w):
    token = _room(w.owner)
    return "attendeeId" not in v4(w.owner, "GET", f"/room/{token}").data


def remove_by_user_id(w):
    # A user named by the number of the member's attendeeId is in the room too: removing that attendee
    # must remove the member, not the user of that name.
    token = _room(w.owner)
    v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": w.member.uid})
    target = _attendee(w.owner, token, w.member.uid, w.member)
    namesake = w.users.user(name=str(target))  # attendee ids are unique on the server: so is the name
    v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": namesake.uid})
    v4(w.owner, "DELETE", f"/room/{token}/attendees", {"attendeeId": target})
    left = {p["actorId"] for p in v4(w.owner, "GET", f"/room/{token}/participants").data}
    return w.member.uid in left


def participant_without_attendee_id(w):
    token = _room(w.owner)
    return any("attendeeId" not in p for p in v4(w.owner, "GET", f"/room/{token}/participants").data)


def _shared(w, room_type=2):
    token = _room(w.owner, room_type)
    v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": w.member.uid})
    return token


def _set_permissions(w, token, attendee, value, method="set"):
    """Set the member's permissions; their attendeePermissions as they then read them."""
    v4(w.owner, "PUT", f"/room/{token}/attendees/permissions",
       {"attendeeId": attendee, "method": method, "permissions": value})
    return v4(w.member, "GET", f"/room/{token}").data["attendeePermissions"]


def attendee_permissions_not_saved(w):
    token = _shared(w)
    return _set_permissions(w, token, _attendee(w.owner, token, w.member.uid, w.member), 134) != 135


def permission_method_ignored(w):
    token = _shared(w)
    attendee = _attendee(w.owner, token, w.member.uid, w.member)
    if _set_permissions(w, token, attendee, 134) != 135:
        return False  # not saved: another fault's rule
    return _set_permissions(w, token, attendee, 4, "remove") != 131


def permissions_by_non_moderator(w):
    token = _shared(w)
    return v4(w.member, "PUT", f"/room/{token}/permissions/default", {"permissions": 4}).status == 200


def permissions_unknown_attendee(w):
    token = _shared(w)
    return v4(w.owner, "PUT", f"/room/{token}/attendees/permissions",
              {"attendeeId": 2 ** 31 - 1, "method": "set", "permissions": 4}).status == 200


def permissions_in_one_to_one(w):
    token = v4(w.owner, "POST", "/room", {"roomType": 1, "invite": w.member.uid}).data["token"]
    return v4(w.owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 4}).status == 200


def all_permissions_one_to_one_403(w):
    token = v4(w.owner, "POST", "/room", {"roomType": 1, "invite": w.member.uid}).data["token"]
    return v4(w.owner, "PUT", f"/room/{token}/attendees/permissions/all",
              {"method": "set", "permissions": 4}).status == 403


def default_permissions_not_saved(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 4})
    return v4(w.member, "GET", f"/room/{token}").data["defaultPermissions"] != 5


def default_keeps_attendee_permissions(w):
    token = _shared(w)
    if _set_permissions(w, token, _attendee(w.owner, token, w.member.uid, w.member), 134) != 135:
        return False  # not saved: another fault's rule
    v4(w.owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 4})
    return v4(w.member, "GET", f"/room/{token}").data["attendeePermissions"] != 0


def permissions_restrict_moderators(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 4})
    return v4(w.owner, "GET", f"/room/{token}").data["permissions"] != 254


def join_call_needs_start_permission(w):
    token = _shared(w)
    if _set_permissions(w, token, _attendee(w.owner, token, w.member.uid, w.member), 132) != 133:
        return False  # not saved: another fault's rule
    v4(w.owner, "POST", f"/room/{token}/participants/active")
    v4(w.owner, "POST", f"/call/{token}")
    v4(w.member, "POST", f"/room/{token}/participants/active")
    return v4(w.member, "POST", f"/call/{token}").status != 200


def bans_by_non_moderator(w):
    token = _shared(w, 3)
    return chat(w.member, "GET", f"/ban/{token}").status == 200


def ban_moderator_allowed(w):
    token = _shared(w, 3)
    v4(w.owner, "POST", f"/room/{token}/moderators", {"attendeeId": _attendee(w.owner, token, w.member.uid, w.member)})
    if v4(w.member, "GET", f"/room/{token}").data["participantType"] != 2:
        return False  # not promoted: another fault's rule
    return chat(w.owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": w.member.uid}).status == 200


def promote_self_joined_refused(w):
    token = _room(w.owner, 3)
    v4(w.member, "POST", f"/room/{token}/participants/active")
    attendee = _attendee(w.owner, token, w.member.uid, w.member)
    return v4(w.owner, "POST", f"/room/{token}/moderators", {"attendeeId": attendee}).status == 400


def added_self_joined_stays(w):
    token = _room(w.owner, 3)
    v4(w.member, "POST", f"/room/{token}/participants/active")
    v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": w.member.uid})
    return v4(w.member, "GET", f"/room/{token}").data.get("participantType") == 5


def unban_not_saved(w):
    token = _shared(w, 3)
    ban = chat(w.owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": w.member.uid}).data
    chat(w.owner, "DELETE", f"/ban/{token}/{ban['id']}")
    return chat(w.owner, "GET", f"/ban/{token}").data != []


def mention_permissions_not_saved(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 1})
    return v4(w.member, "GET", f"/room/{token}").data["mentionPermissions"] != 1


def mention_permissions_by_non_moderator(w):
    token = _shared(w)
    return v4(w.member, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 1}).status == 200


def mention_all_for_everyone(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 1})
    if v4(w.member, "GET", f"/room/{token}").data["mentionPermissions"] != 1:
        return False  # not saved: another fault's rule
    offered = chat(w.member, "GET", f"/chat/{token}/mentions", {"search": "all"}).data
    return any(s["source"] == "calls" for s in offered)


def mention_all_for_nobody(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 1})
    if v4(w.member, "GET", f"/room/{token}").data["mentionPermissions"] != 1:
        return False  # not saved: another fault's rule
    offered = chat(w.owner, "GET", f"/chat/{token}/mentions", {"search": "all"}).data
    return not any(s["source"] == "calls" for s in offered)


def all_permissions_applied(w):
    token = _shared(w)
    if _set_permissions(w, token, _attendee(w.owner, token, w.member.uid, w.member), 134) != 135:
        return False  # not saved: another fault's rule
    v4(w.owner, "PUT", f"/room/{token}/attendees/permissions/all", {"method": "set", "permissions": 4})
    return v4(w.member, "GET", f"/room/{token}").data["attendeePermissions"] != 135


def ban_twice_allowed(w):
    token = _shared(w, 3)
    chat(w.owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": w.member.uid})
    return chat(w.owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": w.member.uid}).status == 200


def permissions_ignored(w):
    token = _shared(w)
    attendee = _attendee(w.owner, token, w.member.uid, w.member)
    if _set_permissions(w, token, attendee, 6) != 7:
        return False  # not saved: another fault's rule
    return chat(w.member, "POST", f"/chat/{token}", {"message": "hi"}).status == 201


def unread_not_marked(w):
    token = _shared(w)
    chat(w.owner, "POST", f"/chat/{token}", {"message": "one"})
    chat(w.owner, "DELETE", f"/chat/{token}/read")
    return v4(w.owner, "GET", f"/room/{token}").data["unreadMessages"] == 0


def edit_others(w):
    token = _shared(w)
    sent = chat(w.owner, "POST", f"/chat/{token}", {"message": "mine"}).data
    return chat(w.member, "PUT", f"/chat/{token}/{sent['id']}", {"message": "yours"}).status == 200


def reaction_twice(w):
    token = _shared(w)
    sent = chat(w.owner, "POST", f"/chat/{token}", {"message": "react"}).data
    chat(w.member, "POST", f"/reaction/{token}/{sent['id']}", {"reaction": "👍"})
    again = chat(w.member, "POST", f"/reaction/{token}/{sent['id']}", {"reaction": "👍"})
    # Counted twice (a reaction that was never stored is v4-reaction-not-saved's, not this rule's).
    listed = chat(w.owner, "GET", f"/reaction/{token}/{sent['id']}").data
    return len(listed.get("👍", []) if isinstance(listed, dict) else []) > 1 or (again.status != 200 and bool(listed))


def clear_by_non_moderator(w):
    token = _shared(w)
    return chat(w.member, "DELETE", f"/chat/{token}").status == 200


# --- the chat capabilities' rules (features/chat: mark-unread, edit, reactions, silent, clear-history) ---

def _sent(w, token, author=None, **fields):
    return chat(author or w.owner, "POST", f"/chat/{token}", {"message": "probe", **fields}).data


def _guest_in(w, token):
    v4(w.owner, "POST", f"/room/{token}/public")
    guest = w.users.guest()
    v4(guest, "POST", f"/room/{token}/participants/active")
    return guest


def _common_read(reply) -> bool:
    return "x-chat-last-common-read" in {k.lower() for k in reply.headers}


def unread_by_guest(w):
    token = _shared(w, 3)
    guest = _guest_in(w, token)
    _sent(w, token)
    return chat(guest, "DELETE", f"/chat/{token}/read").status != 404


def unread_without_common_read(w):
    token = _shared(w)
    _sent(w, token)
    return not _common_read(chat(w.member, "DELETE", f"/chat/{token}/read"))


def _edit(w, token, message_id, editor=None):
    return chat(editor or w.owner, "PUT", f"/chat/{token}/{message_id}", {"message": "edited"})


def _history(w, token):
    return chat(w.owner, "GET", f"/chat/{token}", {"lookIntoFuture": 0, "setReadMarker": 0}).data


def edit_not_saved(w):
    token = _shared(w)
    sent = _sent(w, token)
    _edit(w, token, sent["id"])
    return next(m for m in _history(w, token) if m["id"] == sent["id"])["message"] != "edited"


def edit_without_last_edit(w):
    token = _shared(w)
    sent = _sent(w, token)
    _edit(w, token, sent["id"])
    edited = next(m for m in _history(w, token) if m["id"] == sent["id"])
    return edited["message"] == "edited" and "lastEditActorId" not in edited


def edit_by_moderator_refused(w):
    token = _shared(w)
    return _edit(w, token, _sent(w, token, w.member)["id"]).status == 403


def edit_system_message(w):
    token = _shared(w)
    system = next(m for m in _history(w, token) if m["messageType"] == "system")
    return _edit(w, token, system["id"]).status != 405


def edit_unknown_message(w):
    token, other = _shared(w), _room(w.owner)
    return _edit(w, token, _sent(w, other)["id"]).status != 404


def edit_empty_accepted(w):
    token = _shared(w)
    sent = _sent(w, token)
    return chat(w.owner, "PUT", f"/chat/{token}/{sent['id']}", {"message": "   "}).status != 400


def edit_in_read_only(w):
    token = _shared(w)
    sent = _sent(w, token)
    v4(w.owner, "PUT", f"/room/{token}/read-only", {"state": 1})
    return _edit(w, token, sent["id"]).status != 403


def clear_keeps_messages(w):
    token = _shared(w)
    _sent(w, token)
    chat(w.owner, "DELETE", f"/chat/{token}")
    return any(m["message"] == "probe" for m in _history(w, token))


def clear_without_common_read(w):
    token = _shared(w)
    return not _common_read(chat(w.owner, "DELETE", f"/chat/{token}"))


def _react(w, token, message_id, who=None, method="POST"):
    return chat(who or w.member, method, f"/reaction/{token}/{message_id}", {"reaction": "👍"})


def reaction_not_saved(w):
    token = _shared(w)
    sent = _sent(w, token)
    _react(w, token, sent["id"])
    return not chat(w.owner, "GET", f"/reaction/{token}/{sent['id']}").data


def reaction_not_deleted(w):
    token = _shared(w)
    sent = _sent(w, token)
    _react(w, token, sent["id"])
    _react(w, token, sent["id"], method="DELETE")
    return bool(chat(w.owner, "GET", f"/reaction/{token}/{sent['id']}").data)


def reaction_unknown_message(w):
    token, other = _shared(w), _room(w.owner)
    return _react(w, token, _sent(w, other)["id"], w.owner).status != 404


def reaction_guest_refused(w):
    token = _shared(w, 3)
    guest = _guest_in(w, token)
    return _react(w, token, _sent(w, token)["id"], guest).status != 201


def silent_flag_dropped(w):
    token = _shared(w)
    return _sent(w, token, silent="true").get("silent") is not True


def silent_flag_always(w):
    token = _shared(w)
    return _sent(w, token).get("silent", False) is not False


def _set_listable(who, token, scope, reader=None):
    """Set the listable scope as ``who``; the scope as ``reader`` (default: ``who``) then reads it."""
    v4(who, "PUT", f"/room/{token}/listable", {"scope": scope})
    return v4(reader or who, "GET", f"/room/{token}").data["listable"]


def listed_rooms_hidden(w):
    name = f"listed{w.owner.uid}"
    token = _room(w.owner, 2, name)
    if _set_listable(w.owner, token, 1) != 1:
        return False  # not opened: another fault's rule
    return token not in [r["token"] for r in v4(w.member, "GET", "/listed-room", {"searchTerm": name}).data]


def banned_may_join(w):
    token = _shared(w, 3)
    chat(w.owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": w.member.uid})
    return v4(w.member, "POST", f"/room/{token}/participants/active").status == 200


def mention_permissions_unchecked(w):
    token = _room(w.owner)
    return v4(w.owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 7}).status == 200


def call_without_start_permission(w):
    token = _shared(w)
    attendee = _attendee(w.owner, token, w.member.uid, w.member)
    if _set_permissions(w, token, attendee, 132) != 133:
        return False  # not saved: another fault's rule
    v4(w.member, "POST", f"/room/{token}/participants/active")
    return v4(w.member, "POST", f"/call/{token}").status == 200


def call_flags_unchecked(w):
    token = _room(w.owner)
    v4(w.owner, "POST", f"/room/{token}/participants/active")
    return v4(w.owner, "PUT", f"/call/{token}", {"flags": 1}).status == 200


# --- listable-rooms, room-description, note-to-self and the user's own flags (features/conversation) ---

def _one_to_one(w):
    return v4(w.owner, "POST", "/room", {"roomType": 1, "invite": w.member.uid}).data["token"]


def unlisted_rooms_listed(w):
    name = f"unlisted{w.owner.uid}"
    token = _room(w.owner, 2, name)
    return token in [r["token"] for r in v4(w.member, "GET", "/listed-room", {"searchTerm": name}).data]


def listable_by_non_moderator(w):
    token = _shared(w)
    return v4(w.member, "PUT", f"/room/{token}/listable", {"scope": 1}).status == 200


def listable_scope_unchecked(w):
    token = _room(w.owner)
    return v4(w.owner, "PUT", f"/room/{token}/listable", {"scope": 3}).status == 200


def listable_not_saved(w):
    token = _shared(w)
    return _set_listable(w.owner, token, 2, w.member) != 2


def listable_not_closed(w):
    token = _shared(w)
    if _set_listable(w.owner, token, 1) != 1:
        return False  # not opened: another fault's rule
    return _set_listable(w.owner, token, 0, w.member) != 0


def listable_writes_no_system_message(w):
    token = _shared(w)
    if _set_listable(w.owner, token, 2) != 2:
        return False  # not saved: another fault's rule
    return "listable_all" not in [m["systemMessage"] for m in _history(w, token)]


def description_writes_no_system_message(w):
    token = _shared(w)
    if _describe(w.owner, token, "Where the team talks").status != 200:
        return False
    return "description_set" not in [m["systemMessage"] for m in _history(w, token)]


def listable_any_type(w):
    token = _one_to_one(w)
    return v4(w.owner, "PUT", f"/room/{token}/listable", {"scope": 1}).status == 200


def _max_description(w) -> int:
    """docs/conversation.md of Talk 21.1: "limited to 2.000 characters, was 500 before Talk 21"; the
    release is the server's own (spreed.version of its capabilities)."""
    caps = w.owner.call("GET", "/ocs/v2.php/cloud/capabilities").data["capabilities"]["spreed"]
    return 2000 if int(caps["version"].split(".")[0]) >= 21 else 500


def _describe(who, token, text):
    return v4(who, "PUT", f"/room/{token}/description", {"description": text})


def description_not_saved(w):
    token = _shared(w)
    _describe(w.owner, token, "Where the team talks")
    return v4(w.member, "GET", f"/room/{token}").data["description"] != "Where the team talks"


def description_by_non_moderator(w):
    token = _shared(w)
    return _describe(w.member, token, "Hijacked").status == 200


def description_limit_500(w):
    # Multi-byte characters: the docs count characters.
    token = _room(w.owner)
    return _describe(w.owner, token, "ä" * _max_description(w)).status != 200


def description_length_unchecked(w):
    token = _room(w.owner)
    return _describe(w.owner, token, "ä" * (_max_description(w) + 1)).status == 200


def description_one_to_one(w):
    return _describe(w.owner, _one_to_one(w), "Private").status == 200


def one_to_one_with_yourself(w):
    return v4(w.owner, "POST", "/room", {"roomType": 1, "invite": w.owner.uid}).status in (200, 201)


def note_to_self_as_group(w):
    return v4(w.owner, "GET", "/room/note-to-self").data["type"] != 6


def note_to_self_created_again(w):
    first = v4(w.owner, "GET", "/room/note-to-self").data["token"]
    return v4(w.owner, "GET", "/room/note-to-self").data["token"] != first


USER_FLAGS = {"archive": "isArchived", "important": "isImportant", "sensitive": "isSensitive"}


def _flags(who, token):
    """The user's own flags of the conversation, as they read them."""
    room = v4(who, "GET", f"/room/{token}").data
    return {field: room[field] for field in USER_FLAGS.values()}


def _flag_all(w, token, method="POST"):
    for path in USER_FLAGS:
        v4(w.member, method, f"/room/{token}/{path}")


def user_flag_not_saved(w):
    token = _shared(w)
    _flag_all(w, token)
    return not all(_flags(w.member, token).values())


def user_flag_not_cleared(w):
    token = _shared(w)
    _flag_all(w, token)
    if not all(_flags(w.member, token).values()):
        return False  # not set: another fault's rule
    _flag_all(w, token, "DELETE")
    return any(_flags(w.member, token).values())


def user_flag_for_everybody(w):
    token = _shared(w)
    _flag_all(w, token)
    return any(_flags(w.owner, token).values())
# --- every documented status of each v4 operation (issue 17) ------------------------------------

def _lobbied(w):
    """A conversation with a message by the owner, a reaction of the member to it, and the lobby closed."""
    token = _shared(w)
    sent = _sent(w, token)
    _react(w, token, sent["id"])
    v4(w.owner, "PUT", f"/room/{token}/webinar/lobby", {"state": 1})
    return token, sent


def lobby_ignored(w):
    token, sent = _lobbied(w)
    return _react(w, token, sent["id"], method="GET").status != 412


def user_endpoints_404_for_guests(w):
    token = _shared(w, 3)
    guest = _guest_in(w, token)
    return v4(guest, "POST", f"/room/{token}/archive").status != 401


def reaction_unchecked(w):
    token = _shared(w)
    sent = _sent(w, token)
    return chat(w.member, "POST", f"/reaction/{token}/{sent['id']}", {"reaction": "not an emoji"}).status != 400


def reaction_in_read_only(w):
    token = _shared(w)
    sent = _sent(w, token)
    v4(w.owner, "PUT", f"/room/{token}/read-only", {"state": 1})
    return _react(w, token, sent["id"]).status != 403


def settings_by_non_moderator(w):
    token = _shared(w)
    return v4(w.member, "POST", f"/room/{token}/message-expiration", {"seconds": 3600}).status != 403


def setting_values_unchecked(w):
    token = _shared(w)
    return v4(w.member, "POST", f"/room/{token}/notify-calls", {"level": 7}).status != 400


def settings_not_saved(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/recording-consent", {"recordingConsent": 1})
    return v4(w.owner, "GET", f"/room/{token}").data.get("recordingConsent") != 1


def context_without_message(w):
    token = _shared(w)
    sent = _sent(w, token)
    around = chat(w.member, "GET", f"/chat/{token}/{sent['id']}/context").data
    return sent["id"] not in [m.get("id") for m in around or []]


def session_inactive_refused(w):
    token = _shared(w)
    v4(w.member, "POST", f"/room/{token}/participants/active")
    return v4(w.member, "PUT", f"/room/{token}/participants/state", {"state": 0}).status != 200


def _in_call(w, token):
    v4(w.member, "POST", f"/room/{token}/participants/active")
    v4(w.member, "POST", f"/call/{token}", {"flags": 1})


def call_flags_not_saved(w):
    token = _shared(w)
    _in_call(w, token)
    v4(w.member, "PUT", f"/call/{token}", {"flags": 3})
    return next(p["inCall"] for p in v4(w.owner, "GET", f"/room/{token}/participants").data
                if p["actorId"] == w.member.uid) != 3


def call_flags_in_read_only(w):
    token = _shared(w)
    _in_call(w, token)
    v4(w.owner, "PUT", f"/room/{token}/read-only", {"state": 1})
    return v4(w.member, "PUT", f"/call/{token}", {"flags": 3}).status != 403


def call_without_recording_consent(w):
    token = _shared(w)
    v4(w.owner, "PUT", f"/room/{token}/recording-consent", {"recordingConsent": 1})
    if v4(w.owner, "GET", f"/room/{token}").data.get("recordingConsent") != 1:
        return False  # not saved: another fault's rule
    v4(w.member, "POST", f"/room/{token}/participants/active")
    return v4(w.member, "POST", f"/call/{token}", {"flags": 1}).status != 400


def permission_method_unchecked(w):
    token = _shared(w)
    attendee = _attendee(w.owner, token, w.member.uid, w.member)
    return v4(w.owner, "PUT", f"/room/{token}/attendees/permissions",
              {"attendeeId": attendee, "method": "bogus", "permissions": 4}).status != 400


def deleted_user_keeps_authorship(w):
    gone = w.users.user()
    token = _room(w.owner)
    assert v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": gone.uid}).status == 200
    _sent(w, token, gone)
    assert w.users.admin.delete(f"/cloud/users/{gone.uid}").status == 200
    authors = {(m["actorType"], m["actorId"]) for m in _history(w, token) if not m["systemMessage"]}
    return authors != {("deleted_users", "deleted_users")}


# --- the anchor's conversation settings (issue 19): listed conversations, the lobby, the description ---

def _guest_moderator(w, token):
    """A guest promoted to guest moderator; None when another fault's rule kept them a guest."""
    guest = _guest_in(w, token)
    attendee = v4(guest, "GET", f"/room/{token}").data.get("attendeeId")
    v4(w.owner, "POST", f"/room/{token}/moderators", {"attendeeId": attendee})
    return guest if v4(guest, "GET", f"/room/{token}").data.get("participantType") == 6 else None


def _listed(w, room_type=2, scope=2):
    """A conversation opened to ``scope``; None when another fault kept it closed (not these rules)."""
    token = _room(w.owner, room_type, f"listed{w.owner.uid}")
    return token if _set_listable(w.owner, token, scope) == scope else None


def listed_rooms_not_joinable(w):
    token = _listed(w)
    return token is not None and v4(w.users.user(), "POST", f"/room/{token}/participants/active").status != 200


def listed_rooms_open_to_guests(w):
    token = _listed(w)
    return token is not None and v4(w.users.guest(), "POST", f"/room/{token}/participants/active").status == 200


def listed_joiners_self_joined(w):
    token = _listed(w, 3, 1)
    if token is None:
        return False
    joiner = w.users.user()
    v4(joiner, "POST", f"/room/{token}/participants/active")
    return v4(joiner, "GET", f"/room/{token}").data.get("participantType") == 5


def listed_search_term_ignored(w):
    token = _listed(w)
    if token is None:
        return False
    found = v4(w.users.user(), "GET", "/listed-room", {"searchTerm": "no conversation is named so"}).data
    return token in [r["token"] for r in found]


def listed_rooms_include_joined(w):
    token = _listed(w)
    if token is None:
        return False
    v4(w.owner, "POST", f"/room/{token}/participants", {"newParticipant": w.member.uid})
    found = v4(w.member, "GET", "/listed-room", {"searchTerm": f"listed{w.owner.uid}"}).data
    return token in [r["token"] for r in found]


def lobby_by_guest_moderators(w):
    token = _shared(w, 3)
    guest = _guest_moderator(w, token)
    return guest is not None and v4(guest, "PUT", f"/room/{token}/webinar/lobby", {"state": 1}).status == 200


def description_refuses_guest_moderators(w):
    token = _shared(w, 3)
    guest = _guest_moderator(w, token)
    return guest is not None and v4(guest, "PUT", f"/room/{token}/description", {"description": "guests"}).status != 200


def description_by_guests(w):
    token = _shared(w, 3)
    guest = _guest_in(w, token)
    return v4(guest, "PUT", f"/room/{token}/description", {"description": "guests"}).status == 200


def description_strangers_403(w):
    token = _room(w.owner)
    return v4(w.users.user(), "PUT", f"/room/{token}/description", {"description": "x"}).status == 403


PROBES = {
    "v4-mention-all-for-nobody": mention_all_for_nobody,
    "v4-promote-self-joined-refused": promote_self_joined_refused,
    "v4-deleted-user-keeps-authorship": deleted_user_keeps_authorship,
    "v4-unlisted-rooms-listed": unlisted_rooms_listed,
    "v4-listable-by-non-moderator": listable_by_non_moderator,
    "v4-listable-scope-unchecked": listable_scope_unchecked,
    "v4-listable-not-saved": listable_not_saved,
    "v4-listable-not-closed": listable_not_closed,
    "v4-listable-any-type": listable_any_type,
    "v4-listable-writes-no-system-message": listable_writes_no_system_message,
    "v4-description-writes-no-system-message": description_writes_no_system_message,
    "v4-description-not-saved": description_not_saved,
    "v4-description-by-non-moderator": description_by_non_moderator,
    "v4-description-limit-500": description_limit_500,
    "v4-description-length-unchecked": description_length_unchecked,
    "v4-description-one-to-one": description_one_to_one,
    "v4-one-to-one-with-yourself": one_to_one_with_yourself,
    "v4-note-to-self-as-group": note_to_self_as_group,
    "v4-note-to-self-created-again": note_to_self_created_again,
    "v4-user-flag-not-saved": user_flag_not_saved,
    "v4-user-flag-not-cleared": user_flag_not_cleared,
    "v4-user-flag-for-everybody": user_flag_for_everybody,
    "v4-call-without-start-permission": call_without_start_permission,
    "v4-call-flags-unchecked": call_flags_unchecked,
    "v4-permissions-ignored": permissions_ignored,
    "v4-unread-not-marked": unread_not_marked,
    "v4-edit-others": edit_others,
    "v4-reaction-twice": reaction_twice,
    "v4-clear-by-non-moderator": clear_by_non_moderator,
    "v4-unread-by-guest": unread_by_guest,
    "v4-unread-without-common-read": unread_without_common_read,
    "v4-edit-not-saved": edit_not_saved,
    "v4-edit-without-last-edit": edit_without_last_edit,
    "v4-edit-by-moderator-refused": edit_by_moderator_refused,
    "v4-edit-system-message": edit_system_message,
    "v4-edit-unknown-message": edit_unknown_message,
    "v4-edit-in-read-only": edit_in_read_only,
    "v4-edit-empty-accepted": edit_empty_accepted,
    "v4-clear-keeps-messages": clear_keeps_messages,
    "v4-clear-without-common-read": clear_without_common_read,
    "v4-reaction-not-saved": reaction_not_saved,
    "v4-reaction-not-deleted": reaction_not_deleted,
    "v4-reaction-unknown-message": reaction_unknown_message,
    "v4-reaction-guest-refused": reaction_guest_refused,
    "v4-silent-flag-dropped": silent_flag_dropped,
    "v4-silent-flag-always": silent_flag_always,
    "v4-listed-rooms-hidden": listed_rooms_hidden,
    "v4-banned-may-join": banned_may_join,
    "v4-mention-permissions-unchecked": mention_permissions_unchecked,
    "v4-setter-answers-empty": rename_answers_empty,
    "v4-delete-answers-empty": delete_answers_empty,
    "v4-error-without-reason": error_without_reason,
    "v4-common-password-accepted": common_password_accepted,
    "v4-fresh-user-no-rooms": fresh_user_no_rooms,
    "v4-added-self-joined-stays": added_self_joined_stays,
    "v4-name-limit-200": name_limit_200,
    "v4-room-in-v1-shape": room_in_v1_shape,
    "v4-remove-by-user-id": remove_by_user_id,
    "v4-participant-without-attendee-id": participant_without_attendee_id,
    "v4-attendee-permissions-not-saved": attendee_permissions_not_saved,
    "v4-permission-method-ignored": permission_method_ignored,
    "v4-permissions-by-non-moderator": permissions_by_non_moderator,
    "v4-permissions-unknown-attendee": permissions_unknown_attendee,
    "v4-permissions-in-one-to-one": permissions_in_one_to_one,
    "v4-all-permissions-one-to-one-403": all_permissions_one_to_one_403,
    "v4-default-permissions-not-saved": default_permissions_not_saved,
    "v4-default-keeps-attendee-permissions": default_keeps_attendee_permissions,
    "v4-permissions-restrict-moderators": permissions_restrict_moderators,
    "v4-join-call-needs-start-permission": join_call_needs_start_permission,
    "v4-bans-by-non-moderator": bans_by_non_moderator,
    "v4-ban-moderator-allowed": ban_moderator_allowed,
    "v4-unban-not-saved": unban_not_saved,
    "v4-mention-permissions-not-saved": mention_permissions_not_saved,
    "v4-mention-permissions-by-non-moderator": mention_permissions_by_non_moderator,
    "v4-mention-all-for-everyone": mention_all_for_everyone,
    "v4-all-permissions-applied": all_permissions_applied,
    "v4-ban-twice-allowed": ban_twice_allowed,
    "v4-lobby-ignored": lobby_ignored,
    "v4-user-endpoints-404-for-guests": user_endpoints_404_for_guests,
    "v4-reaction-unchecked": reaction_unchecked,
    "v4-reaction-in-read-only": reaction_in_read_only,
    "v4-settings-by-non-moderator": settings_by_non_moderator,
    "v4-setting-values-unchecked": setting_values_unchecked,
    "v4-settings-not-saved": settings_not_saved,
    "v4-context-without-message": context_without_message,
    "v4-session-inactive-refused": session_inactive_refused,
    "v4-call-flags-not-saved": call_flags_not_saved,
    "v4-call-flags-in-read-only": call_flags_in_read_only,
    "v4-call-without-recording-consent": call_without_recording_consent,
    "v4-permission-method-unchecked": permission_method_unchecked,
    "v4-listed-rooms-not-joinable": listed_rooms_not_joinable,
    "v4-listed-rooms-open-to-guests": listed_rooms_open_to_guests,
    "v4-listed-joiners-self-joined": listed_joiners_self_joined,
    "v4-listed-search-term-ignored": listed_search_term_ignored,
    "v4-listed-rooms-include-joined": listed_rooms_include_joined,
    "v4-lobby-by-guest-moderators": lobby_by_guest_moderators,
    "v4-description-refuses-guest-moderators": description_refuses_guest_moderators,
    "v4-description-by-guests": description_by_guests,
    "v4-description-strangers-403": description_strangers_403,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with InProcess(tmp_path_factory.mktemp("v4faults") / "db.sqlite", **profile_options("talk-22")) as srv:
        yield srv


def test_every_v4_fault_has_a_probe():
    assert sorted(PROBES) == sorted(V4_FAULTS)
    assert not set(V4_FAULTS) & set(catalogue()), "v4 faults are not among the v1 suite's"


@pytest.fixture(scope="module")
def plain_run(server):
    """Against a plain server: what each probe says, and which faults it (and the making of its world) asked about."""
    server.app.faults = Faults()
    verdicts, asks = {}, {}
    for name, probe in PROBES.items():
        with consulted() as asked:
            verdicts[name] = probe(World(server))
        asks[name] = set(asked)
    return verdicts, asks


def test_plain_server_breaks_no_v4_rule(plain_run):
    verdicts, _ = plain_run
    assert [name for name, broken in verdicts.items() if broken] == []


def test_every_v4_probe_asks_about_its_own_fault(plain_run):
    # A probe that never reaches the place its fault is checked could not tell that fault from none.
    _, asks = plain_run
    assert [name for name in PROBES if name not in asks[name]] == []


@pytest.mark.parametrize("fault", sorted(PROBES))
def test_v4_fault_breaks_exactly_its_rule(fault, server, plain_run):
    # A fault acts only where the server asks about it: the probes that never asked on the plain server take
    # the same path with it on, so only those that asked are run again (as tests/test_refserver_faults.py does).
    _, asks = plain_run
    server.app.faults = Faults([fault])
    try:
        broken = [name for name, probe in PROBES.items() if fault in asks[name] and probe(World(server))]
    finally:
        server.app.faults = Faults()
    assert broken == [fault]

"""Nextcloud's provisioning API for users and groups, as much as a test harness needs
(`apps/provisioning_api/lib/Controller/UsersController.php` and `GroupsController.php` of Nextcloud 17).

Failures use provisioning's own OCS codes (101-108): v2 answers them as HTTP 400 with the code in
``meta.statuscode``, v1 as HTTP 200.
"""

from __future__ import annotations

import re

from talk_refserver import crypto, membership
from talk_refserver.guards import LOGGED_IN
from talk_refserver.ocs import NOT_FOUND, UNAUTHORISED, OcsError
from talk_refserver.repo import Repo
from talk_refserver.routing import Ctx, route

CLOUD = "/cloud"
# Nextcloud's rule for login names.
_UID = re.compile(r"^[a-zA-Z0-9 _.@\-']+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_UID = 64
SELF_EDITABLE = {"display", "displayname", "email", "password", "phone", "address", "website", "twitter",
                 "language", "locale"}
ADMIN_EDITABLE = SELF_EDITABLE | {"quota"}


def _require_admin(ctx: Ctx) -> None:
    if not ctx.caller.is_admin:
        raise OcsError(403, "Logged in user must be an admin")


def _require_admin_or_self(ctx: Ctx, uid: str) -> None:
    if not ctx.caller.is_admin and ctx.caller.user_id != uid:
        raise OcsError(403, "Logged in user must be an admin")


def _string_list(ctx: Ctx, name: str) -> list[str]:
    raw = ctx.params.values.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(i, str) for i in items):
        raise OcsError(101, f"{name} must be a list of strings")
    return items


def create_user(repo: Repo, uid: str, password: str, display_name: str, email: str = "") -> None:
    repo.users.create(uid, crypto.hash_password(password), display_name or uid, email)


def _search(ctx: Ctx, table) -> list[str]:
    """The ids matching ``search``, paged by ``limit``/``offset``, as both list endpoints answer."""
    _require_admin(ctx)
    search = ctx.params.str("search", "")
    limit = ctx.params.int("limit", -1)
    offset = max(0, ctx.params.int("offset", 0))
    return table.search(search, limit, offset)


@route("GET", CLOUD + "/users", guard=LOGGED_IN)
def list_users(ctx: Ctx):
    return {"users": _search(ctx, ctx.repo.users)}


@route("POST", CLOUD + "/users", guard=LOGGED_IN)
def add_user(ctx: Ctx):
    _require_admin(ctx)
    uid = ctx.params.str("userid")
    password = ctx.params.str("password", "")
    display_name = ctx.params.str("displayName", "")
    email = ctx.params.str("email", "")
    groups = _string_list(ctx, "groups")
    if uid == "" or uid != uid.strip() or uid in (".", "..") or not _UID.match(uid) or len(uid) > MAX_UID:
        raise OcsError(101, "Only the following characters are allowed in a username: "
                            "\"a-z\", \"A-Z\", \"0-9\", and \"_.@-'\"")
    if ctx.repo.users.exists(uid):
        raise OcsError(102, "User already exists")
    for gid in groups:
        if not ctx.repo.groups.exists(gid):
            raise OcsError(104, f"group {gid} does not exist")
    if email and not _EMAIL.match(email):
        raise OcsError(101, "Invalid mail address")
    if password == "":
        if email == "":
            raise OcsError(108, "To send a password link to the user an email address is required.")
        password = crypto.new_cookie_value()  # a real server mails a link to set it
    create_user(ctx.repo, uid, password, display_name.strip(), email)
    for gid in groups:
        ctx.repo.groups.add_member(gid, uid)
    return {"id": uid}


@route("GET", CLOUD + "/users/{userid}", guard=LOGGED_IN)
def get_user(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    row = ctx.repo.users.find(uid)
    if row is None:
        raise OcsError(404, "User does not exist")
    return {
        "enabled": bool(row["enabled"]), "id": row["uid"], "lastLogin": 0, "backend": "Database",
        "subadmin": [], "quota": {"quota": "none", "used": 0},
        "email": row["email"] or None, "displayname": row["display_name"],
        "phone": "", "address": "", "website": "", "twitter": "",
        "groups": ctx.repo.groups.of_user(uid), "language": "", "locale": "",
        "backendCapabilities": {"setDisplayName": True, "setPassword": True},
    }


@route("PUT", CLOUD + "/users/{userid}", guard=LOGGED_IN)
def edit_user(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    if not ctx.repo.users.exists(uid):
        raise OcsError(UNAUTHORISED)  # what UsersController::editUser answers for an unknown target
    key = ctx.params.str("key")
    value = ctx.params.str("value")
    allowed = ADMIN_EDITABLE if ctx.caller.is_admin else SELF_EDITABLE
    if key not in allowed:
        raise OcsError(103 if ctx.caller.is_admin else 403)
    if key in ("display", "displayname"):
        # Nextcloud ignores an empty display name (User::setDisplayName) and still answers 200.
        if value.strip():
            ctx.repo.users.set_display_name(uid, value.strip())
    elif key == "email":
        if value and not _EMAIL.match(value):
            raise OcsError(102)
        ctx.repo.users.set_email(uid, value)
    elif key == "password":
        if value == "":
            raise OcsError(102)
        ctx.repo.users.set_password_hash(uid, crypto.hash_password(value))
    return None


@route("DELETE", CLOUD + "/users/{userid}", guard=LOGGED_IN)
def delete_user(ctx: Ctx):
    _require_admin(ctx)
    uid = ctx.path["userid"]
    if not ctx.repo.users.exists(uid) or uid == ctx.caller.user_id:
        raise OcsError(101)
    membership.user_deleted(ctx, uid)
    ctx.repo.users.delete(uid)
    return None


@route("GET", CLOUD + "/users/{userid}/groups", guard=LOGGED_IN)
def get_user_groups(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    if not ctx.repo.users.exists(uid):
        raise OcsError(NOT_FOUND)
    return {"groups": ctx.repo.groups.of_user(uid)}


def _membership(ctx: Ctx) -> tuple[str, str]:
    """(user, group) of a membership change, checked in the order and with the codes of Nextcloud."""
    _require_admin(ctx)
    uid, gid = ctx.path["userid"], ctx.params.str("groupid", "")
    if gid == "":
        raise OcsError(101)
    if not ctx.repo.groups.exists(gid):
        raise OcsError(102)
    if not ctx.repo.users.exists(uid):
        raise OcsError(103)
    return uid, gid


@route("POST", CLOUD + "/users/{userid}/groups", guard=LOGGED_IN)
def add_to_group(ctx: Ctx):
    uid, gid = _membership(ctx)
    ctx.repo.groups.add_member(gid, uid)
    return None


@route("DELETE", CLOUD + "/users/{userid}/groups", guard=LOGGED_IN)
def remove_from_group(ctx: Ctx):
    uid, gid = _membership(ctx)
    if gid == "admin" and uid == ctx.caller.user_id:
        raise OcsError(105, "Cannot remove yourself from the admin group")
    ctx.repo.groups.remove_member(gid, uid)
    return None


@route("GET", CLOUD + "/groups", guard=LOGGED_IN)
def list_groups(ctx: Ctx):
    return {"groups": _search(ctx, ctx.repo.groups)}


@route("POST", CLOUD + "/groups", guard=LOGGED_IN)
def add_group(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.params.str("groupid", "")
    if gid.strip() == "":
        raise OcsError(101, "Invalid group name")
    if ctx.repo.groups.exists(gid):
        raise OcsError(102, "group exists")
    ctx.repo.groups.create(gid)
    return None


def _members(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.path["groupid"]
    if not ctx.repo.groups.exists(gid):
        raise OcsError(404, "The requested group could not be found")
    return {"users": ctx.repo.groups.members(gid)}


route("GET", CLOUD + "/groups/{groupid}", guard=LOGGED_IN)(_members)
route("GET", CLOUD + "/groups/{groupid}/users", guard=LOGGED_IN)(_members)


@route("DELETE", CLOUD + "/groups/{groupid}", guard=LOGGED_IN)
def delete_group(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.path["groupid"]
    if not ctx.repo.groups.exists(gid):
        raise OcsError(101)
    if gid == "admin":
        raise OcsError(102)
    ctx.repo.groups.delete(gid)
    return None


def ensure_admin(repo: Repo, uid: str, password: str) -> None:
    """The --admin account exists and is in the admin group (its password is reset to the given one)."""
    repo.groups.create("admin", if_missing=True)
    row = repo.users.find(uid)
    if row is None:
        create_user(repo, uid, password, uid)
    elif not crypto.verify_password(password, row["password_hash"]):
        repo.users.set_password_hash(uid, crypto.hash_password(password))
        repo.users.enable(uid)
    repo.groups.add_member("admin", uid)

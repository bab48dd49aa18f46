"""Nextcloud's provisioning API for users and groups, as much as a test harness needs (BEHAVIOUR §17).

Failures use provisioning's own OCS codes (101-108): v2 answers them as HTTP 400 with the code in
``meta.statuscode``, v1 as HTTP 200.
"""

from __future__ import annotations

import re

from talk_conformance.refserver import membership, store
from talk_conformance.refserver.ocs import NOT_FOUND, UNAUTHORISED, OcsError
from talk_conformance.refserver.routing import Ctx, route

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


def _user(ctx: Ctx, uid: str):
    return ctx.db.execute("SELECT * FROM users WHERE uid = ?", (uid,)).fetchone()


def _group_exists(ctx: Ctx, gid: str) -> bool:
    return ctx.db.execute("SELECT 1 FROM groups WHERE gid = ?", (gid,)).fetchone() is not None


def _groups_of(ctx: Ctx, uid: str) -> list[str]:
    return [r["gid"] for r in ctx.db.execute("SELECT gid FROM group_members WHERE uid = ? ORDER BY gid", (uid,))]


def _string_list(ctx: Ctx, name: str) -> list[str]:
    raw = ctx.params.values.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(i, str) for i in items):
        raise OcsError(101, f"{name} must be a list of strings")
    return items


def create_user_row(db, uid: str, password: str, display_name: str, email: str = "") -> None:
    db.execute("INSERT INTO users (uid, password_hash, display_name, email) VALUES (?, ?, ?, ?)",
               (uid, store.hash_password(password), display_name or uid, email))


def _search(ctx: Ctx, table: str, column: str) -> list[str]:
    """The ids matching ``search``, paged by ``limit``/``offset``, as both list endpoints answer."""
    _require_admin(ctx)
    search = ctx.params.str("search", "")
    limit = ctx.params.int("limit", -1)
    offset = max(0, ctx.params.int("offset", 0))
    rows = ctx.db.execute(f"SELECT {column} FROM {table} WHERE instr(lower({column}), lower(?)) > 0 "
                          f"ORDER BY {column} LIMIT ? OFFSET ?", (search, limit if limit > 0 else -1, offset))
    return [r[column] for r in rows]


@route("GET", CLOUD + "/users", auth="user")
def list_users(ctx: Ctx):
    return {"users": _search(ctx, "users", "uid")}


@route("POST", CLOUD + "/users", auth="user")
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
    if _user(ctx, uid) is not None:
        raise OcsError(102, "User already exists")
    for gid in groups:
        if not _group_exists(ctx, gid):
            raise OcsError(104, f"group {gid} does not exist")
    if email and not _EMAIL.match(email):
        raise OcsError(101, "Invalid mail address")
    if password == "":
        if email == "":
            raise OcsError(108, "To send a password link to the user an email address is required.")
        password = store.new_cookie_value()  # a real server mails a link to set it
    create_user_row(ctx.db, uid, password, display_name.strip(), email)
    for gid in groups:
        ctx.db.execute("INSERT OR IGNORE INTO group_members (gid, uid) VALUES (?, ?)", (gid, uid))
    return {"id": uid}


@route("GET", CLOUD + "/users/{userid}", auth="user")
def get_user(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    row = _user(ctx, uid)
    if row is None:
        raise OcsError(404, "User does not exist")
    return {
        "enabled": bool(row["enabled"]), "id": row["uid"], "lastLogin": 0, "backend": "Database",
        "subadmin": [], "quota": {"quota": "none", "used": 0},
        "email": row["email"] or None, "displayname": row["display_name"],
        "phone": "", "address": "", "website": "", "twitter": "",
        "groups": _groups_of(ctx, uid), "language": "", "locale": "",
        "backendCapabilities": {"setDisplayName": True, "setPassword": True},
    }


@route("PUT", CLOUD + "/users/{userid}", auth="user")
def edit_user(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    if _user(ctx, uid) is None:
        raise OcsError(UNAUTHORISED)  # what provisioning answers for an unknown target (§17)
    key = ctx.params.str("key")
    value = ctx.params.str("value")
    allowed = ADMIN_EDITABLE if ctx.caller.is_admin else SELF_EDITABLE
    if key not in allowed:
        raise OcsError(103 if ctx.caller.is_admin else 403)
    if key in ("display", "displayname"):
        # Nextcloud ignores an empty display name (User::setDisplayName) and still answers 200.
        if value.strip():
            ctx.db.execute("UPDATE users SET display_name = ? WHERE uid = ?", (value.strip(), uid))
    elif key == "email":
        if value and not _EMAIL.match(value):
            raise OcsError(102)
        ctx.db.execute("UPDATE users SET email = ? WHERE uid = ?", (value, uid))
    elif key == "password":
        if value == "":
            raise OcsError(102)
        ctx.db.execute("UPDATE users SET password_hash = ? WHERE uid = ?", (store.hash_password(value), uid))
    return None


@route("DELETE", CLOUD + "/users/{userid}", auth="user")
def delete_user(ctx: Ctx):
    _require_admin(ctx)
    uid = ctx.path["userid"]
    if _user(ctx, uid) is None or uid == ctx.caller.user_id:
        raise OcsError(101)
    membership.user_deleted(ctx, uid)
    ctx.db.execute("DELETE FROM users WHERE uid = ?", (uid,))
    return None


@route("GET", CLOUD + "/users/{userid}/groups", auth="user")
def get_user_groups(ctx: Ctx):
    uid = ctx.path["userid"]
    _require_admin_or_self(ctx, uid)
    if _user(ctx, uid) is None:
        raise OcsError(NOT_FOUND)
    return {"groups": _groups_of(ctx, uid)}


def _membership(ctx: Ctx) -> tuple[str, str]:
    """(user, group) of a membership change, checked in the order and with the codes of Nextcloud."""
    _require_admin(ctx)
    uid, gid = ctx.path["userid"], ctx.params.str("groupid", "")
    if gid == "":
        raise OcsError(101)
    if not _group_exists(ctx, gid):
        raise OcsError(102)
    if _user(ctx, uid) is None:
        raise OcsError(103)
    return uid, gid


@route("POST", CLOUD + "/users/{userid}/groups", auth="user")
def add_to_group(ctx: Ctx):
    uid, gid = _membership(ctx)
    ctx.db.execute("INSERT OR IGNORE INTO group_members (gid, uid) VALUES (?, ?)", (gid, uid))
    return None


@route("DELETE", CLOUD + "/users/{userid}/groups", auth="user")
def remove_from_group(ctx: Ctx):
    uid, gid = _membership(ctx)
    if gid == "admin" and uid == ctx.caller.user_id:
        raise OcsError(105, "Cannot remove yourself from the admin group")
    ctx.db.execute("DELETE FROM group_members WHERE gid = ? AND uid = ?", (gid, uid))
    return None


@route("GET", CLOUD + "/groups", auth="user")
def list_groups(ctx: Ctx):
    return {"groups": _search(ctx, "groups", "gid")}


@route("POST", CLOUD + "/groups", auth="user")
def add_group(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.params.str("groupid", "")
    if gid.strip() == "":
        raise OcsError(101, "Invalid group name")
    if _group_exists(ctx, gid):
        raise OcsError(102, "group exists")
    ctx.db.execute("INSERT INTO groups (gid) VALUES (?)", (gid,))
    return None


def _members(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.path["groupid"]
    if not _group_exists(ctx, gid):
        raise OcsError(404, "The requested group could not be found")
    return {"users": [r["uid"] for r in ctx.db.execute("SELECT uid FROM group_members WHERE gid = ? ORDER BY uid",
                                                        (gid,))]}


route("GET", CLOUD + "/groups/{groupid}", auth="user")(_members)
route("GET", CLOUD + "/groups/{groupid}/users", auth="user")(_members)


@route("DELETE", CLOUD + "/groups/{groupid}", auth="user")
def delete_group(ctx: Ctx):
    _require_admin(ctx)
    gid = ctx.path["groupid"]
    if not _group_exists(ctx, gid):
        raise OcsError(101)
    if gid == "admin":
        raise OcsError(102)
    ctx.db.execute("DELETE FROM groups WHERE gid = ?", (gid,))
    return None


def ensure_admin(db, uid: str, password: str) -> None:
    """The --admin account exists and is in the admin group (its password is reset to the given one)."""
    db.execute("INSERT OR IGNORE INTO groups (gid) VALUES ('admin')")
    row = db.execute("SELECT password_hash FROM users WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        create_user_row(db, uid, password, uid)
    elif not store.verify_password(password, row["password_hash"]):
        db.execute("UPDATE users SET password_hash = ?, enabled = 1 WHERE uid = ?", (store.hash_password(password), uid))
    db.execute("INSERT OR IGNORE INTO group_members (gid, uid) VALUES ('admin', ?)", (uid,))

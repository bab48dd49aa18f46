"""The SQLite schema and the one connection the server uses.

The server is one asyncio process and no request awaits inside a transaction, so one connection is
enough and two requests never interleave inside a transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    uid TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1
);
-- A user's own settings of Talk (docs/settings.md, "User settings"), by key; a key not set has its default.
CREATE TABLE IF NOT EXISTS user_settings (
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (uid, key)
);
CREATE TABLE IF NOT EXISTS groups (gid TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS group_members (
    gid TEXT NOT NULL REFERENCES groups(gid) ON DELETE CASCADE,
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    PRIMARY KEY (gid, uid)
);
CREATE TABLE IF NOT EXISTS rooms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    type INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    read_only INTEGER NOT NULL DEFAULT 0,
    lobby_state INTEGER NOT NULL DEFAULT 0,
    lobby_timer INTEGER NOT NULL DEFAULT 0,
    object_type TEXT NOT NULL DEFAULT '',
    object_id TEXT NOT NULL DEFAULT '',
    last_activity INTEGER NOT NULL DEFAULT 0,
    last_message_id INTEGER NOT NULL DEFAULT 0,
    -- API v4 only (a v1 server never sets them): docs/conversation.md of Talk 21.1.
    description TEXT NOT NULL DEFAULT '',
    listable INTEGER NOT NULL DEFAULT 0,
    default_permissions INTEGER NOT NULL DEFAULT 0,
    mention_permissions INTEGER NOT NULL DEFAULT 0,
    message_expiration INTEGER NOT NULL DEFAULT 0,
    recording_consent INTEGER NOT NULL DEFAULT 0
);
-- One row per user participant (user_id set) or per guest (user_id '' and guest_cookie set).
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL DEFAULT '',
    guest_cookie TEXT NOT NULL DEFAULT '',
    participant_type INTEGER NOT NULL,
    session_id TEXT NOT NULL DEFAULT '0',
    in_call INTEGER NOT NULL DEFAULT 0,
    last_ping INTEGER NOT NULL DEFAULT 0,
    notification_level INTEGER NOT NULL DEFAULT 0,
    favorite INTEGER NOT NULL DEFAULT 0,
    last_read_message INTEGER NOT NULL DEFAULT 0,
    -- API v4 only: the attendee's own permissions (0: the conversation's default) and its flags.
    permissions INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    important INTEGER NOT NULL DEFAULT 0,
    sensitive INTEGER NOT NULL DEFAULT 0,
    notification_calls INTEGER NOT NULL DEFAULT 1,
    -- A guest's first session id: API v4 names a guest by its sha1, kept when it rejoins.
    first_session TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS participants_room ON participants(room_id);
CREATE INDEX IF NOT EXISTS participants_user ON participants(user_id);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    verb TEXT NOT NULL,
    message TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS messages_room ON messages(room_id);
-- Who a chat message mentions (unreadMention); they go with the message.
CREATE TABLE IF NOT EXISTS chat_mentions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    room_id INTEGER NOT NULL,
    user_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_mentions_user ON chat_mentions(user_id, room_id);
-- Users logged in by Basic auth with their login password, by session cookie: the password check
-- (and its cost) is paid once per session. ``proof`` binds the session to that password.
CREATE TABLE IF NOT EXISTS login_sessions (
    cookie TEXT PRIMARY KEY,
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    proof TEXT NOT NULL
);
-- App passwords, by hash only; they go with their user.
CREATE TABLE IF NOT EXISTS app_passwords (
    hash TEXT PRIMARY KEY,
    uid TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE
);
-- Guest display names, per sha1(sessionId) as Talk stores them.
CREATE TABLE IF NOT EXISTS guest_names (session_hash TEXT PRIMARY KEY, display_name TEXT NOT NULL);
-- API v4 only: reactions to chat messages (capability reactions) and bans (ban-v1).
CREATE TABLE IF NOT EXISTS reactions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    reaction TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (message_id, actor_type, actor_id, reaction)
);
CREATE TABLE IF NOT EXISTS bans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    actor_type TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    moderator_type TEXT NOT NULL,
    moderator_id TEXT NOT NULL,
    banned_time INTEGER NOT NULL,
    internal_note TEXT NOT NULL DEFAULT '',
    UNIQUE (room_id, actor_type, actor_id)
);
"""


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    return conn

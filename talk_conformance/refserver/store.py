"""SQLite storage: the schema, password hashes, tokens and session ids.

The server is one asyncio process and every handler runs without awaiting once it touches the
database, so one connection is enough and requests never interleave inside a transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
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
    last_message_id INTEGER NOT NULL DEFAULT 0
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
    last_read_message INTEGER NOT NULL DEFAULT 0
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
-- Guest display names, per sha1(sessionId) as Talk stores them.
CREATE TABLE IF NOT EXISTS guest_names (session_hash TEXT PRIMARY KEY, display_name TEXT NOT NULL);
"""

# Talk's token alphabet: lower case and digits without the look-alikes l, 0, 1 (BEHAVIOUR §2).
TOKEN_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"
TOKEN_LENGTH = 8
# The docs say 512 characters; the alphabet is ISecureRandom's default (base64 without padding).
SESSION_ID_BYTES = 384  # 384 bytes -> exactly 512 base64 characters, no '='

PBKDF2_ITERATIONS = 20_000


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA)
    return conn


def meta_value(conn: sqlite3.Connection, key: str, make) -> str:
    """A persistent instance setting, created on first use."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row:
        return row["value"]
    value = make()
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
    return value


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), bytes.fromhex(salt),
                                 PBKDF2_ITERATIONS).hex()
    return f"pbkdf2${PBKDF2_ITERATIONS}${salt}${digest}"


# A user's Basic credentials arrive with every request; re-deriving the hash each time would cost
# ~10 ms a request. Remember successful checks for the exact stored hash (which changes on reset).
_verified: dict[tuple[str, str], bool] = {}


def verify_password(password: str, stored: str) -> bool:
    if not stored:
        return False
    key = (stored, hashlib.sha256(password.encode("utf-8", "surrogatepass")).hexdigest())
    if key in _verified:
        return _verified[key]
    try:
        _, iterations, salt, digest = stored.split("$")
        got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), bytes.fromhex(salt),
                                  int(iterations)).hex()
    except ValueError:
        return False
    ok = hmac.compare_digest(got, digest)
    if len(_verified) > 10_000:
        _verified.clear()
    _verified[key] = ok
    return ok


def new_room_token(conn: sqlite3.Connection) -> str:
    while True:
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        if not conn.execute("SELECT 1 FROM rooms WHERE token = ?", (token,)).fetchone():
            return token


def new_session_id() -> str:
    return base64.b64encode(secrets.token_bytes(SESSION_ID_BYTES)).decode("ascii")


def new_cookie_value() -> str:
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

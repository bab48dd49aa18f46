"""Messages and guest display names."""

from __future__ import annotations

import json
import sqlite3


class Messages:
    def __init__(self, db: sqlite3.Connection, touched: set[int]):
        self.db = db
        self.touched = touched

    def post(self, room_id: int, actor_type: str, actor_id: str, when: int, verb: str, message: str,
             parameters: dict) -> int:
        cursor = self.db.execute(
            "INSERT INTO messages (room_id, actor_type, actor_id, timestamp, verb, message, parameters) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (room_id, actor_type, actor_id, when, verb, message, json.dumps(parameters)))
        self.touched.add(room_id)
        return cursor.lastrowid

    def last(self, room_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM messages WHERE room_id = ? ORDER BY id DESC LIMIT 1", (room_id,)).fetchone()
        return dict(row) if row is not None else None

    def unread_comments(self, room_id: int, after: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM messages WHERE room_id = ? AND verb = 'comment' AND id > ?",
                               (room_id, after)).fetchone()[0]

    def anonymise_user(self, uid: str) -> None:
        """A deleted user's messages stay, by "deleted_users"."""
        self.db.execute("UPDATE messages SET actor_type = 'deleted_users', actor_id = 'deleted_users' "
                        "WHERE actor_type = 'users' AND actor_id = ?", (uid,))


class GuestNames:
    """Guest display names, per sha1(sessionId) as Talk stores them."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def get(self, session_hash: str) -> str:
        row = self.db.execute("SELECT display_name FROM guest_names WHERE session_hash = ?",
                              (session_hash,)).fetchone()
        return row["display_name"] if row else ""

    def set(self, session_hash: str, name: str) -> None:
        self.db.execute("INSERT INTO guest_names (session_hash, display_name) VALUES (?, ?) "
                        "ON CONFLICT(session_hash) DO UPDATE SET display_name = excluded.display_name",
                        (session_hash, name))

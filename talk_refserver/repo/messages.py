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

    def set_text(self, message_id: int, room_id: int, text: str, parameters: dict) -> None:
        self.db.execute("UPDATE messages SET message = ?, parameters = ? WHERE id = ?",
                        (text, json.dumps(parameters), message_id))
        self.touched.add(room_id)

    def clear(self, room_id: int) -> None:
        self.db.execute("DELETE FROM messages WHERE room_id = ?", (room_id,))
        self.touched.add(room_id)

    def remove(self, message_id: int, room_id: int) -> None:
        """One message gone (only a fault's: the server never removes a single message)."""
        self.db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        self.touched.add(room_id)

    def by_id(self, message_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        return dict(row) if row is not None else None

    def older(self, room_id: int, before: int | None, limit: int, *, inclusive: bool = False) -> list[dict]:
        """History: newest first, below ``before`` (all when None), at most ``limit``."""
        sql, args = "SELECT * FROM messages WHERE room_id = ?", [room_id]
        if before is not None:
            sql += " AND id <= ?" if inclusive else " AND id < ?"
            args.append(before)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit))]

    def newer(self, room_id: int, after: int, limit: int, *, inclusive: bool = False) -> list[dict]:
        """The future: oldest first, above ``after``, at most ``limit``."""
        op = ">=" if inclusive else ">"
        return [dict(r) for r in self.db.execute(
            f"SELECT * FROM messages WHERE room_id = ? AND id {op} ? ORDER BY id ASC LIMIT ?", (room_id, after, limit))]

    def mark_deleted(self, message_id: int, room_id: int, by: tuple[str, str]) -> None:
        """A deleted comment stays, as ``comment_deleted``, its text replaced by who deleted it (Talk 11.1)."""
        self.db.execute("UPDATE messages SET verb = 'comment_deleted', message = ? WHERE id = ?",
                        (json.dumps(list(by)), message_id))
        self.touched.add(room_id)

    def add_mentions(self, room_id: int, message_id: int, uids: list[str]) -> None:
        self.db.executemany("INSERT INTO chat_mentions (message_id, room_id, user_id) VALUES (?, ?, ?)",
                            [(message_id, room_id, uid) for uid in uids])

    def mentioned_after(self, room_id: int, uid: str, after: int) -> bool:
        """Whether ``uid`` is mentioned in a message of the room above ``after``."""
        return self.db.execute("SELECT 1 FROM chat_mentions WHERE room_id = ? AND user_id = ? AND message_id > ? "
                               "LIMIT 1", (room_id, uid, after)).fetchone() is not None

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

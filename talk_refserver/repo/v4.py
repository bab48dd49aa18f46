"""Storage only API v4 servers use: reactions to messages and bans."""

from __future__ import annotations

import sqlite3


class Reactions:
    def __init__(self, db: sqlite3.Connection, touched: set[int]):
        self.db = db
        self.touched = touched

    def of_message(self, message_id: int) -> list[dict]:
        rows = self.db.execute("SELECT * FROM reactions WHERE message_id = ? ORDER BY timestamp, rowid",
                               (message_id,)).fetchall()
        return [dict(r) for r in rows]

    def add(self, room_id: int, message_id: int, actor_type: str, actor_id: str, reaction: str, when: int) -> bool:
        """False when the actor had given that reaction already."""
        cursor = self.db.execute("INSERT OR IGNORE INTO reactions (message_id, actor_type, actor_id, reaction, "
                                 "timestamp) VALUES (?, ?, ?, ?, ?)", (message_id, actor_type, actor_id, reaction, when))
        self.touched.add(room_id)
        return cursor.rowcount == 1

    def remove(self, room_id: int, message_id: int, actor_type: str, actor_id: str, reaction: str) -> bool:
        cursor = self.db.execute("DELETE FROM reactions WHERE message_id = ? AND actor_type = ? AND actor_id = ? "
                                 "AND reaction = ?", (message_id, actor_type, actor_id, reaction))
        self.touched.add(room_id)
        return cursor.rowcount == 1


class Bans:
    def __init__(self, db: sqlite3.Connection, touched: set[int]):
        self.db = db
        self.touched = touched

    def of_room(self, room_id: int) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM bans WHERE room_id = ? ORDER BY id", (room_id,))]

    def find(self, room_id: int, actor_type: str, actor_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM bans WHERE room_id = ? AND actor_type = ? AND actor_id = ?",
                              (room_id, actor_type, actor_id)).fetchone()
        return dict(row) if row else None

    def add(self, room_id: int, actor_type: str, actor_id: str, moderator: tuple[str, str], when: int,
            note: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO bans (room_id, actor_type, actor_id, moderator_type, moderator_id, banned_time, "
            "internal_note) VALUES (?, ?, ?, ?, ?, ?, ?)", (room_id, actor_type, actor_id, *moderator, when, note))
        self.touched.add(room_id)
        return cursor.lastrowid

    def remove(self, room_id: int, ban_id: int) -> None:
        self.db.execute("DELETE FROM bans WHERE room_id = ? AND id = ?", (room_id, ban_id))
        self.touched.add(room_id)

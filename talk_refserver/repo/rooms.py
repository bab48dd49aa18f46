"""The rooms table."""

from __future__ import annotations

import sqlite3


def _row(row) -> dict | None:
    return dict(row) if row is not None else None


class Rooms:
    def __init__(self, db: sqlite3.Connection, touched: set[int]):
        self.db = db
        self.touched = touched

    def find(self, token: str) -> dict | None:
        return _row(self.db.execute("SELECT * FROM rooms WHERE token = ?", (token,)).fetchone())

    def by_id(self, room_id: int) -> dict | None:
        return _row(self.db.execute("SELECT * FROM rooms WHERE id = ?", (room_id,)).fetchone())

    def token_taken(self, token: str) -> bool:
        return self.db.execute("SELECT 1 FROM rooms WHERE token = ?", (token,)).fetchone() is not None

    def create(self, token: str, room_type: int, name: str) -> dict:
        cursor = self.db.execute("INSERT INTO rooms (token, type, name) VALUES (?, ?, ?)", (token, room_type, name))
        self.touched.add(cursor.lastrowid)
        return self.by_id(cursor.lastrowid)

    def all(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM rooms ORDER BY id")]

    def of_user(self, uid: str, *, only_type: int | None = None) -> list[dict]:
        """The rooms ``uid`` is a participant of; with ``only_type``, only as that participant type."""
        sql = ("SELECT rooms.* FROM rooms JOIN participants ON participants.room_id = rooms.id "
               "WHERE participants.user_id = ?")
        args: tuple = (uid,)
        if only_type is not None:
            sql += " AND participants.participant_type = ?"
            args += (only_type,)
        return [dict(r) for r in self.db.execute(sql + " ORDER BY rooms.id", args)]

    def one_to_one_candidates(self, a: str, b: str) -> list[dict]:
        """One-to-one rooms either user is in, or that either left (then its name is the leaver's uid)."""
        return [dict(r) for r in self.db.execute(
            "SELECT DISTINCT rooms.* FROM rooms LEFT JOIN participants ON participants.room_id = rooms.id "
            "WHERE rooms.type = 1 AND (participants.user_id IN (?, ?) OR rooms.name IN (?, ?)) ORDER BY rooms.id",
            (a, b, a, b))]

    def _set(self, room_id: int, column: str, value) -> None:
        self.db.execute(f"UPDATE rooms SET {column} = ? WHERE id = ?", (value, room_id))
        self.touched.add(room_id)

    def set_name(self, room_id: int, name: str) -> None:
        self._set(room_id, "name", name)

    def set_type(self, room_id: int, room_type: int) -> None:
        self._set(room_id, "type", room_type)

    def set_password_hash(self, room_id: int, password_hash: str) -> None:
        self._set(room_id, "password_hash", password_hash)

    def set_read_only(self, room_id: int, state: int) -> None:
        self._set(room_id, "read_only", state)

    def set_lobby(self, room_id: int, state: int, timer: int) -> None:
        self.db.execute("UPDATE rooms SET lobby_state = ?, lobby_timer = ? WHERE id = ?", (state, timer, room_id))
        self.touched.add(room_id)

    def set_last_message(self, room_id: int, message_id: int, when: int) -> None:
        self.db.execute("UPDATE rooms SET last_message_id = ?, last_activity = ? WHERE id = ?",
                        (message_id, when, room_id))
        self.touched.add(room_id)

    def delete(self, room_id: int) -> None:
        self.db.execute("DELETE FROM rooms WHERE id = ?", (room_id,))
        self.touched.add(room_id)

    def set_field(self, room_id: int, column: str, value) -> None:
        """One of the API v4 columns (description, listable, default_permissions)."""
        assert column in ("description", "listable", "default_permissions", "mention_permissions",
                          "message_expiration", "recording_consent"), column
        self._set(room_id, column, value)

    def set_object(self, room_id: int, object_type: str, object_id: str) -> None:
        self._set(room_id, "object_type", object_type)
        self._set(room_id, "object_id", object_id)

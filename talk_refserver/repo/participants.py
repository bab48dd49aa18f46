"""The participants table: one row per user participant (``user_id`` set) or per guest (``user_id``
'' and ``guest_cookie`` set)."""

from __future__ import annotations

import sqlite3


def _row(row) -> dict | None:
    return dict(row) if row is not None else None


class Participants:
    def __init__(self, db: sqlite3.Connection, touched: set[int]):
        self.db = db
        self.touched = touched

    def of_room(self, room_id: int) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT * FROM participants WHERE room_id = ? ORDER BY last_ping DESC, id", (room_id,))]

    def user(self, room_id: int, uid: str) -> dict | None:
        return _row(self.db.execute("SELECT * FROM participants WHERE room_id = ? AND user_id = ?",
                                    (room_id, uid)).fetchone())

    def guest(self, room_id: int, cookie: str) -> dict | None:
        return _row(self.db.execute(
            "SELECT * FROM participants WHERE room_id = ? AND user_id = '' AND guest_cookie = ?",
            (room_id, cookie)).fetchone())

    def by_session(self, room_id: int, session_id: str) -> dict | None:
        return _row(self.db.execute("SELECT * FROM participants WHERE room_id = ? AND session_id = ?",
                                    (room_id, session_id)).fetchone())

    def count(self, room_id: int, types: tuple[int, ...]) -> int:
        marks = ",".join("?" * len(types))
        return self.db.execute(
            f"SELECT COUNT(*) FROM participants WHERE room_id = ? AND participant_type IN ({marks})",
            (room_id, *types)).fetchone()[0]

    def add_user(self, room_id: int, uid: str, participant_type: int, session_id: str, last_read: int) -> None:
        self.db.execute(
            "INSERT INTO participants (room_id, user_id, participant_type, session_id, last_read_message) "
            "VALUES (?, ?, ?, ?, ?)", (room_id, uid, participant_type, session_id, last_read))
        self.touched.add(room_id)

    def add_guest(self, room_id: int, cookie: str, participant_type: int, session_id: str, now: int) -> None:
        self.db.execute(
            "INSERT INTO participants (room_id, user_id, guest_cookie, participant_type, session_id, last_ping, "
            "first_session) VALUES (?, '', ?, ?, ?, ?, ?)", (room_id, cookie, participant_type, session_id, now, session_id))
        self.touched.add(room_id)

    def remove_user(self, room_id: int, uid: str) -> None:
        self.db.execute("DELETE FROM participants WHERE room_id = ? AND user_id = ?", (room_id, uid))
        self.touched.add(room_id)

    def remove(self, participant: dict) -> None:
        self.db.execute("DELETE FROM participants WHERE id = ?", (participant["id"],))
        self.touched.add(participant["room_id"])

    def remove_types(self, room_id: int, types: tuple[int, ...]) -> None:
        marks = ",".join("?" * len(types))
        self.db.execute(f"DELETE FROM participants WHERE room_id = ? AND participant_type IN ({marks})",
                        (room_id, *types))
        self.touched.add(room_id)

    def _set(self, participant: dict, **columns) -> None:
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.db.execute(f"UPDATE participants SET {assignments} WHERE id = ?", (*columns.values(), participant["id"]))
        self.touched.add(participant["room_id"])

    def set_session(self, participant: dict, session_id: str, now: int) -> None:
        self._set(participant, session_id=session_id, last_ping=now)

    def set_in_call(self, participant: dict, flags: int) -> None:
        self._set(participant, in_call=flags)

    def ping(self, participant: dict, now: int) -> None:
        self._set(participant, last_ping=now)

    def end_session(self, participant: dict) -> None:
        self._set(participant, session_id="0", in_call=0)

    def set_type(self, participant: dict, participant_type: int) -> None:
        self._set(participant, participant_type=participant_type)

    def set_favorite(self, participant: dict, favorite: bool) -> None:
        self._set(participant, favorite=int(favorite))

    def set_notification_level(self, participant: dict, level: int) -> None:
        self._set(participant, notification_level=level)

    def set_last_read(self, participant: dict, message_id: int) -> None:
        self._set(participant, last_read_message=message_id)

    def set_fields(self, participant: dict, **columns) -> None:
        """API v4 columns of an attendee (permissions, archived, important, sensitive)."""
        assert set(columns) <= {"permissions", "archived", "important", "sensitive", "notification_calls"}, columns
        self._set(participant, **columns)

    def by_id(self, room_id: int, attendee_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM participants WHERE room_id = ? AND id = ?", (room_id, attendee_id)).fetchone()
        return _row(row)

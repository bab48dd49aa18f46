"""Users, groups and group membership (what Nextcloud's user and group backends hold)."""

from __future__ import annotations

import sqlite3


def _search(db: sqlite3.Connection, table: str, column: str, search: str, limit: int, offset: int) -> list[str]:
    rows = db.execute(f"SELECT {column} FROM {table} WHERE instr(lower({column}), lower(?)) > 0 "
                      f"ORDER BY {column} LIMIT ? OFFSET ?", (search, limit if limit > 0 else -1, offset))
    return [r[column] for r in rows]


class Users:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def find(self, uid: str) -> dict | None:
        row = self.db.execute("SELECT * FROM users WHERE uid = ?", (uid,)).fetchone()
        return dict(row) if row is not None else None

    def exists(self, uid: str) -> bool:
        return self.db.execute("SELECT 1 FROM users WHERE uid = ?", (uid,)).fetchone() is not None

    def display_name(self, uid: str) -> str | None:
        row = self.db.execute("SELECT display_name FROM users WHERE uid = ?", (uid,)).fetchone()
        return row["display_name"] if row else None

    def search(self, search: str, limit: int, offset: int) -> list[str]:
        return _search(self.db, "users", "uid", search, limit, offset)

    def create(self, uid: str, password_hash: str, display_name: str, email: str = "") -> None:
        self.db.execute("INSERT INTO users (uid, password_hash, display_name, email) VALUES (?, ?, ?, ?)",
                        (uid, password_hash, display_name, email))

    def set_display_name(self, uid: str, name: str) -> None:
        self.db.execute("UPDATE users SET display_name = ? WHERE uid = ?", (name, uid))

    def set_email(self, uid: str, email: str) -> None:
        self.db.execute("UPDATE users SET email = ? WHERE uid = ?", (email, uid))

    def set_password_hash(self, uid: str, password_hash: str) -> None:
        self.db.execute("UPDATE users SET password_hash = ? WHERE uid = ?", (password_hash, uid))

    def enable(self, uid: str) -> None:
        self.db.execute("UPDATE users SET enabled = 1 WHERE uid = ?", (uid,))

    def delete(self, uid: str) -> None:
        # Group memberships, login sessions and app passwords go with the user (ON DELETE CASCADE).
        self.db.execute("DELETE FROM users WHERE uid = ?", (uid,))


class UserSettings:
    """A user's own settings (docs/settings.md): text values by key; they go with the user."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def get(self, uid: str, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM user_settings WHERE uid = ? AND key = ?", (uid, key)).fetchone()
        return row["value"] if row else None

    def set(self, uid: str, key: str, value: str) -> None:
        self.db.execute("INSERT INTO user_settings (uid, key, value) VALUES (?, ?, ?) "
                        "ON CONFLICT(uid, key) DO UPDATE SET value = excluded.value", (uid, key, value))

    def users_with(self, key: str, value: str) -> set[str]:
        return {r["uid"] for r in self.db.execute("SELECT uid FROM user_settings WHERE key = ? AND value = ?",
                                                  (key, value))}


class Groups:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def exists(self, gid: str) -> bool:
        return self.db.execute("SELECT 1 FROM groups WHERE gid = ?", (gid,)).fetchone() is not None

    def search(self, search: str, limit: int, offset: int) -> list[str]:
        return _search(self.db, "groups", "gid", search, limit, offset)

    def create(self, gid: str, *, if_missing: bool = False) -> None:
        self.db.execute(f"INSERT {'OR IGNORE ' if if_missing else ''}INTO groups (gid) VALUES (?)", (gid,))

    def delete(self, gid: str) -> None:
        self.db.execute("DELETE FROM groups WHERE gid = ?", (gid,))

    def members(self, gid: str) -> list[str]:
        return [r["uid"] for r in self.db.execute("SELECT uid FROM group_members WHERE gid = ? ORDER BY uid", (gid,))]

    def of_user(self, uid: str) -> list[str]:
        return [r["gid"] for r in self.db.execute("SELECT gid FROM group_members WHERE uid = ? ORDER BY gid", (uid,))]

    def is_member(self, gid: str, uid: str) -> bool:
        return self.db.execute("SELECT 1 FROM group_members WHERE gid = ? AND uid = ?",
                               (gid, uid)).fetchone() is not None

    def add_member(self, gid: str, uid: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO group_members (gid, uid) VALUES (?, ?)", (gid, uid))

    def remove_member(self, gid: str, uid: str) -> None:
        self.db.execute("DELETE FROM group_members WHERE gid = ? AND uid = ?", (gid, uid))
